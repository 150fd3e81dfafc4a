"""Staff build surveys and enter paper questionnaires for their departments; supervisors see all of it."""

from django.db import migrations

from catalog.roles import CLERK, REVIEWER, SUPERVISOR, grant_permissions

BUILD = ["feedback.add_survey", "feedback.change_survey", "feedback.view_survey", "feedback.add_question",
         "feedback.change_question", "feedback.delete_question", "feedback.view_question",
         "feedback.enter_paper_responses", "feedback.view_surveyresponse"]


def grant(apps, schema_editor):
    grant_permissions(apps, schema_editor, {
        CLERK: BUILD, REVIEWER: BUILD,
        SUPERVISOR: ["feedback.view_survey", "feedback.view_question", "feedback.view_surveyresponse"],
    })


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0010_surveys"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
