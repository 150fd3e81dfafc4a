"""Give the roles the permissions of the publication workflow: attachments, history, and review."""

from django.db import migrations

from catalog.roles import CLERK, REVIEWER, SUPERVISOR, grant_permissions

READ = ["catalog.view_attachment", "catalog.view_publicationchange"]
CLERK_WORK = ["catalog.add_attachment", "catalog.change_attachment", "catalog.delete_attachment"]


def grant(apps, schema_editor):
    grant_permissions(apps, schema_editor, {
        CLERK: READ + CLERK_WORK,
        REVIEWER: READ + CLERK_WORK + ["catalog.review_publication"],
        SUPERVISOR: READ,
    })


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_publication_workflow")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
