"""Writes of the cell calendar (`schedule`), of cadres' `attendance` and their meeting `reports`, and of the
`attendance_rules`.

Who may write: the cell's grassroots users (bí thư chi bộ, văn phòng đảng ủy) and organization staff keep a
cell's calendar, within their capture scope; a cadre records their own attendance at a meeting they can see;
organization staff set the attendance rules of the units in their capture scope.
Every function validates and raises ValidationError (field → Vietnamese message) or PermissionDenied."""
