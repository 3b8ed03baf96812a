from django.apps import AppConfig


class AssignmentsConfig(AppConfig):
    """Assignments (phân công): who follows which unit, under which policy, and the coverage that results."""

    name = "diaban.assignments"
    label = "assignments"
    verbose_name = "Phân công theo dõi địa bàn"
