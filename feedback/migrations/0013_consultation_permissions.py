"""Clerks and reviewers run their departments' 意见征集 and moderate its comments; supervisors see all of it."""

from django.db import migrations

from catalog.roles import CLERK, REVIEWER, SUPERVISOR, grant_permissions

RUN = ["feedback.add_consultation", "feedback.change_consultation", "feedback.view_consultation",
       "feedback.change_comment", "feedback.view_comment"]


def grant(apps, schema_editor):
    grant_permissions(apps, schema_editor, {
        CLERK: RUN, REVIEWER: RUN, SUPERVISOR: ["feedback.view_consultation", "feedback.view_comment"],
    })


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0012_consultations"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
