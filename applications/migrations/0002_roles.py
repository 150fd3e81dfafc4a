"""Give the staff roles their permissions on requests for disclosure."""

from django.db import migrations

from catalog.roles import CLERK, REVIEWER, SUPERVISOR, grant_permissions

READ = ["applications.view_application", "applications.view_applicationevent", "applications.view_clockpause",
        "applications.view_transfer", "applications.view_document", "applications.view_notice",
        "applications.view_reminderlog"]
WORK = ["applications.add_application", "applications.change_application", "applications.add_document"]


def grant(apps, schema_editor):
    grant_permissions(apps, schema_editor, {CLERK: READ + WORK, REVIEWER: READ + WORK, SUPERVISOR: READ})


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0001_initial"),
        ("catalog", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
