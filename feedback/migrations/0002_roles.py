"""Give the staff roles their permissions on ratings, callbacks, appeals and messages."""

from django.db import migrations

from catalog.roles import CLERK, REVIEWER, SUPERVISOR, grant_permissions

READ = ["feedback.view_rating", "feedback.view_callback", "feedback.view_callbackattempt",
        "feedback.view_appeal", "feedback.view_message"]
DEPARTMENT_WORK = ["feedback.change_callback", "feedback.add_callbackattempt", "feedback.add_appeal",
                   "feedback.change_message"]
SUPERVISION = ["feedback.change_callback", "feedback.change_appeal"]


def grant(apps, schema_editor):
    grant_permissions(apps, schema_editor, {
        CLERK: READ + DEPARTMENT_WORK,
        REVIEWER: READ + DEPARTMENT_WORK,
        SUPERVISOR: READ + SUPERVISION,
    })


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_initial"),
        ("catalog", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
