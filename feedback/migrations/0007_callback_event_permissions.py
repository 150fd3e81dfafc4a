"""Every staff role reads the supervisors' spot-checks and reopenings of callback cases."""

from django.db import migrations

from catalog.roles import CLERK, REVIEWER, SUPERVISOR, grant_permissions


def grant(apps, schema_editor):
    grant_permissions(apps, schema_editor, {role: ["feedback.view_callbackevent"]
                                            for role in (CLERK, REVIEWER, SUPERVISOR)})


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0006_callback_events_and_corrected_item"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
