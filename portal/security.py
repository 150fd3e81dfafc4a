"""Login lockout and the audit trail of staff sign-ins (等保 2.0 level 2 habits).

Failed logins are counted per user name and per client in Django's cache (shared by all workers); after
LOGIN_FAILURE_LIMIT failures for a name (or four times as many from one client, against password spraying)
within LOGIN_LOCKOUT_SECONDS, sign-in is refused for that period.
"""

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.utils.crypto import salted_hmac

from portal.ratelimit import ip_hash


def _keys(username: str, request) -> list[str]:
    name = salted_hmac("gongkai.login", (username or "").strip().lower()).hexdigest()[:32]
    client = ip_hash(request)[:32] if request is not None else "unknown"
    return [f"login-fail:user:{name}", f"login-fail:ip:{client}"]


def is_locked_out(username: str, request) -> bool:
    """Locked after LOGIN_FAILURE_LIMIT failures for the name, or four times that from one client."""
    user_key, client_key = _keys(username, request)
    limit = settings.LOGIN_FAILURE_LIMIT
    return (cache.get(user_key) or 0) >= limit or (cache.get(client_key) or 0) >= 4 * limit


def record_failure(username: str, request) -> None:
    for key in _keys(username, request):
        if cache.add(key, 1, settings.LOGIN_LOCKOUT_SECONDS):
            continue
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, settings.LOGIN_LOCKOUT_SECONDS)


def clear_failures(username: str, request) -> None:
    cache.delete(_keys(username, request)[0])


class LockoutAdminAuthenticationForm(AdminAuthenticationForm):
    """The admin login form, refusing a locked-out user name or client before checking the password."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "locked_out": "登录失败次数过多，账号已临时锁定，请 %(minutes)s 分钟后再试。",
    }

    def clean(self):
        username = self.cleaned_data.get("username", "")
        if is_locked_out(username, self.request):
            raise forms.ValidationError(
                self.error_messages["locked_out"],
                code="locked_out",
                params={"minutes": settings.LOGIN_LOCKOUT_SECONDS // 60},
            )
        return super().clean()


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    from portal.models import AuditLog

    username = credentials.get("username", "")
    record_failure(username, request)
    AuditLog.record(AuditLog.Event.LOGIN_FAILED, request, username=username)


@receiver(user_logged_in)
def on_logged_in(sender, request, user, **kwargs):
    from portal.models import AuditLog

    clear_failures(user.get_username(), request)
    AuditLog.record(AuditLog.Event.LOGIN, request, user=user)


@receiver(user_logged_out)
def on_logged_out(sender, request, user, **kwargs):
    from portal.models import AuditLog

    if user is not None:
        AuditLog.record(AuditLog.Event.LOGOUT, request, user=user)
