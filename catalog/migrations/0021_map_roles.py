"""Who keeps the map: clerks and reviewers their own departments' facilities; the disclosure office (督查员) every
facility, the facility kinds, the division outlines and the map settings."""

from django.db import migrations

from catalog.roles import CLERK, REVIEWER, SUPERVISOR, grant_permissions

READ = ["catalog.view_facilitykind", "catalog.view_facility", "catalog.view_divisionoutline"]
FACILITIES = ["catalog.add_facility", "catalog.change_facility", "catalog.delete_facility"]
OFFICE = ["catalog.add_facilitykind", "catalog.change_facilitykind", "catalog.delete_facilitykind",
          "catalog.add_divisionoutline", "catalog.change_divisionoutline", "catalog.delete_divisionoutline",
          "catalog.view_mapsettings", "catalog.change_mapsettings"]


def grant(apps, schema_editor):
    grant_permissions(apps, schema_editor, {
        CLERK: READ + FACILITIES,
        REVIEWER: READ + FACILITIES,
        SUPERVISOR: READ + FACILITIES + OFFICE,
    })


class Migration(migrations.Migration):
    dependencies = [("catalog", "0020_map_facilities")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
