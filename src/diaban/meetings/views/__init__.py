"""Pages: a cell's meeting `calendar` and its meetings (cell secretaries, organization staff, cadres), the
cadres' meeting `reports`, the `compliance` dashboard (organization staff and leaders) with the attendance rules,
and the downloads (`exports`)."""
