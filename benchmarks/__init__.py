"""Benchmarks of Địa Bàn (`make bench`, `python -m benchmarks --help`).

1. Import of the three-tier national list (63 provinces, 696 districts, 10,051 communes), parse included,
   into a fresh migrated database each run. Target: under 60 s.
2. Import of the two-tier national list shipped with the product (the official list) (34 provinces, 3,321
   communes), the same way. Target: under 60 s.
3. The unit page (/dia-ban/<pk>/) at national scale: both lists, about 100,000 generated hamlets under the
   pre-2025 communes and a party organization tree over them, requested by a superuser for a large and a
   small province, district and commune and for a post-2025 province; median time, the time of the
   page's SQL, and the number of queries, which must be the same for large and small units of a level.
4. The coverage dashboard (/bao-phu/<pk>/?ngay=…): on the Bến Tre demo as its organization staff, for the
   province on a date with every unit covered and on one with a few uncovered, for Ba Tri and the smallest
   district, for a large and a small commune; and at national scale, on the database of 3. with about
   110,000 generated cadres and 220,000 assignments (two terms, some departures, some units never given
   to anyone), as a superuser, for the largest and smallest province and district. Target: a median of at
   most 50 ms at province scope on PostgreSQL; the query count must not depend on the unit's size.
5. The compliance dashboard (/tuan-thu/<pk>/?nam=…) and the cadre's home page (/): on the Bến Tre demo as its
   organization staff, for the province in 2024 and in 2025 (to 30/06), Ba Tri and the smallest district, a
   large and a small commune in 2024, and the home page of the demo cadre and leader; at national scale, on
   the database of 4. with three attendance rules per province, a year (2024) of regular meetings in every
   cell (about 1.2 million), some 440,000 attendances by the cadres at cells of the units they follow (most
   keeping their quota, some behind, a few never going) and their reports (most on time, some late, some
   never sent), as a superuser for the largest and smallest province and district, and the home page of two
   district cadres following one and five hamlets. The time adding those rows takes is printed. No target:
   the medians are printed; the query count must depend neither on the unit's size nor on how many units a
   cadre follows.

Every figure is the median of several runs; the raw per-run timings are printed too. The exit status is
non-zero when an import misses its target, a page does not answer 200, large and small units of one
level (or cadres following one or several units) run different numbers of queries, or (on PostgreSQL) a
province's coverage misses its target.
"""
