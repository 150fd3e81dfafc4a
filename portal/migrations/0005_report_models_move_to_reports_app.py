"""The supervision models leave the portal app for their own app, `reports` (portal.reports).

State only: the tables stay where they are; `reports.0001_initial` adopts them, renames them and moves their
content types, so the permissions that roles hold follow the models.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("portal", "0004_merge_0002_audit_log_0003_report_roles"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ReviewCase"),
                migrations.DeleteModel(name="AnnualReportInput"),
                migrations.DeleteModel(name="AssessmentRule"),
            ],
        ),
    ]
