"""Benchmarks of Địa Bàn (`make bench`, `python -m benchmarks --help`).

1. Import of the three-tier national list (63 provinces, 696 districts, 10,051 communes), parse included,
   into a fresh migrated database each run. Target: under 60 s.
2. Import of the two-tier national list of the installed vietnam-provinces package (34 provinces, 3,321
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

Every figure is the median of several runs; the raw per-run timings are printed too. The exit status is
non-zero when an import misses its target, a page does not answer 200, large and small units of one
level run different numbers of queries, or (on PostgreSQL) a province's coverage misses its target.
"""
