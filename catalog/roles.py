"""Staff roles (DESIGN §2): clerks and reviewers work for their departments, supervisors read everything.

Roles are auth Groups created by data migrations; `grant_permissions` is the one helper those migrations use.
"""

from django.utils.translation import gettext_lazy as _

CLERK = "办事员"
REVIEWER = "审核员"
SUPERVISOR = "督查员"
ROLE_DESCRIPTIONS = {
    CLERK: _("发布信息、办理依申请公开、处理留言和回访，限本单位"),
    REVIEWER: _("审核发布、批准延期，限本单位"),
    SUPERVISOR: _("查看全部数据，导出考核表和年度报告"),
}


def role_names(user) -> frozenset[str]:
    """The names of the user's groups, read once per user object."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_gongkai_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._gongkai_roles = cached
    return cached


def is_supervisor(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or SUPERVISOR in role_names(user)


def is_reviewer(user) -> bool:
    return REVIEWER in role_names(user)


def sees_all_departments(user) -> bool:
    """Supervisors and superusers see every department's work; everyone else only their own."""
    return is_supervisor(user)


def grant_permissions(apps, schema_editor, grants: dict[str, list[str]]) -> None:
    """In a data migration: create the role groups and give them permissions ("app_label.codename")."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, perms in grants.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        for perm in perms:
            app_label, codename = perm.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
