"""The coverage dashboard reads the assignments running under a unit together with their cadre. With the
cadre in the index (PostgreSQL's INCLUDE), those come from the index alone, unit by unit, so a province's
figures cost in proportion to the province rather than to every assignment in the country.

SQLite has no covering indexes; there the existing index on (unit, start_date, end_date) serves. Not in the
model's Meta: Django cannot declare an index for one database only."""

from django.db import migrations

NAME = "assignments_unit_dates_person"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS {} ON assignments_assignment (unit_id, start_date, end_date) "
            "INCLUDE (person_id)".format(NAME)
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS {}".format(NAME))


class Migration(migrations.Migration):
    dependencies = [("assignments", "0002_default_policy")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
