from django.db import migrations

from catalog.roles import REVIEWER, SUPERVISOR, grant_permissions


def grant(apps, schema_editor):
    """Reviewers publish their organ's annual report from its inputs' admin page; supervisors read every one."""
    grant_permissions(apps, schema_editor, {
        REVIEWER: ["reports.publish_annual_report", "reports.view_annualreportinput",
                   "reports.view_publishedannualreport"],
        SUPERVISOR: ["reports.view_publishedannualreport"],
    })


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_published_annual_reports"),
        ("catalog", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
