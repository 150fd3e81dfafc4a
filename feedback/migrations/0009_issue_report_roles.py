"""随手拍: the staff roles' permissions, and the categories a county starts with (edited in the admin later)."""

from django.db import migrations

from catalog.roles import CLERK, REVIEWER, SUPERVISOR, grant_permissions

READ = ["feedback.view_issuereport", "feedback.view_issuephoto", "feedback.view_issueevent",
        "feedback.view_issuecategory"]
HANDLE = ["feedback.change_issuereport"]
CATEGORIES = [
    ("环境卫生", "垃圾堆放、污水、异味、噪声"),
    ("道路设施", "路面破损、路灯、井盖、桥梁、交通标志"),
    ("公共服务", "供水、供电、公交、医疗、教育、养老"),
    ("政务公开", "公示栏、公开信息缺失或有误"),
    ("其他", "以上类别以外的问题"),
]


def grant(apps, schema_editor):
    grant_permissions(apps, schema_editor, {
        CLERK: READ + HANDLE,
        REVIEWER: READ + HANDLE + ["feedback.publish_issuereport"],
        SUPERVISOR: READ + ["feedback.add_issuecategory", "feedback.change_issuecategory"],
    })


def categories(apps, schema_editor):
    IssueCategory = apps.get_model("feedback", "IssueCategory")
    for order, (name, description) in enumerate(CATEGORIES, start=1):
        IssueCategory.objects.get_or_create(name=name, defaults={"description": description, "order": order})


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0008_issue_reports"),
    ]

    operations = [
        migrations.RunPython(grant, migrations.RunPython.noop),
        migrations.RunPython(categories, migrations.RunPython.noop),
    ]
