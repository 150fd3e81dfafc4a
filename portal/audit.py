"""The audit trail of admin actions that do not go through an admin form (DESIGN §7, 等保 2.0 level 2).

Django's LogEntry already records every add, change and delete made through admin forms; publications and
requests keep their own append-only logs (PublicationChange, ApplicationEvent) of every workflow step. Custom
admin actions that change other records call `record` so that supervisors read them with the rest of the admin
log (admin "操作日志", read-only).
"""

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType

ADDED, CHANGED = ADDITION, CHANGE


def record(user, obj, message: str, flag: int = CHANGED) -> LogEntry:
    """One LogEntry saying that `user` did `message` to `obj` (shown as-is in the admin log)."""
    return LogEntry.objects.create(
        user_id=user.pk,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        action_flag=flag,
        change_message=message,
    )
