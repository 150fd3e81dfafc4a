"""Give the roles the new-media registry: clerks file and record updates, reviewers also approve filings,
supervisors read everything."""

from django.db import migrations

from catalog.roles import CLERK, REVIEWER, SUPERVISOR, grant_permissions

READ = ["catalog.view_newmediaaccount", "catalog.view_newmediafiling", "catalog.view_newmediaupdate"]
CLERK_WORK = ["catalog.add_newmediafiling", "catalog.change_newmediafiling", "catalog.add_newmediaupdate",
              "catalog.delete_newmediaupdate"]


def grant(apps, schema_editor):
    grant_permissions(apps, schema_editor, {
        CLERK: READ + CLERK_WORK,
        REVIEWER: READ + CLERK_WORK + ["catalog.review_newmediafiling"],
        SUPERVISOR: READ,
    })


class Migration(migrations.Migration):
    dependencies = [("catalog", "0018_newmedia_registry")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
