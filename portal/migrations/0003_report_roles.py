"""Supervisors (督查员) edit the assessment rules and the annual report's manual inputs."""

from django.db import migrations

from catalog.roles import SUPERVISOR, grant_permissions

MODELS = ["assessmentrule", "annualreportinput", "reviewcase"]


def grant(apps, schema_editor):
    perms = [f"portal.{action}_{model}" for model in MODELS for action in ("view", "add", "change")]
    grant_permissions(apps, schema_editor, {SUPERVISOR: perms + ["portal.delete_reviewcase"]})


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_report_inputs"),
        ("catalog", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
