"""Create the staff roles (办事员, 审核员, 督查员) with their permissions on the catalogue."""

from django.db import migrations

from catalog.roles import CLERK, REVIEWER, SUPERVISOR, grant_permissions

READ = ["catalog.view_division", "catalog.view_department", "catalog.view_domain", "catalog.view_entry",
        "catalog.view_tag", "catalog.view_publication", "catalog.view_reviewpoint",
        "catalog.view_reviewpointphoto", "catalog.view_reviewpointvisit", "portal.view_calendaroverride",
        "portal.view_calendaryear"]
CLERK_WORK = ["catalog.add_publication", "catalog.change_publication", "catalog.delete_publication",
              "catalog.change_reviewpoint", "catalog.add_reviewpointphoto", "catalog.change_reviewpointphoto",
              "catalog.delete_reviewpointphoto", "catalog.add_reviewpointvisit", "catalog.change_reviewpointvisit"]


def create_roles(apps, schema_editor):
    grant_permissions(apps, schema_editor, {
        CLERK: READ + CLERK_WORK,
        REVIEWER: READ + CLERK_WORK,
        SUPERVISOR: READ,
    })


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_initial"),
        ("portal", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
