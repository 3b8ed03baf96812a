from django.urls import path

urlpatterns = [
    # --- plans (views/plans.py) ---
    # --- coordination and trip reports (views/coordination.py, views/reports.py) ---
    # --- field time (views/fieldtime.py) ---
    # --- downloads (views/exports.py) ---
]
