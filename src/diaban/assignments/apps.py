from django.apps import AppConfig


class AssignmentsConfig(AppConfig):
    """Assignments (phân công): who follows which unit, under which policy, and the coverage that results."""

    name = "diaban.assignments"
    label = "assignments"
    verbose_name = "Phân công theo dõi địa bàn"

    def ready(self):
        from diaban.assignments.person_page import assignments_section
        from diaban.people.sections import register_person_section

        register_person_section(assignments_section)
