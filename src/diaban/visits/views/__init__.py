"""Pages of field work: plans (plans.py), coordination and trip reports (coordination.py, reports.py), field
time (fieldtime.py) and downloads (exports.py)."""
