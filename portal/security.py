"""Login lockout and the audit trail of staff sign-ins (等保 2.0 level 2 habits).

Failed logins are limited per account (the user name) and per client (four times as many, against password
spraying) within LOGIN_LOCKOUT_SECONDS, through portal.ratelimit (shared by all workers). Each attempt is counted
before the password is checked, in one atomic step, so parallel guesses cannot pass the limit; a successful
sign-in hands its attempt back and clears the account's count.
"""

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import ValidationError
from django.dispatch import receiver

from portal import ratelimit

ACTION = "login-fail"


def _limits(username: str, request) -> list[tuple[str, int, int]]:
    limit, window = settings.LOGIN_FAILURE_LIMIT, settings.LOGIN_LOCKOUT_SECONDS
    account = (ratelimit.target(username), limit, window)
    if request is None:
        return [account]
    return [account, (ratelimit.client(request), 4 * limit, window)]


def take_attempt(username: str, request) -> bool:
    """Count one sign-in attempt for the account and the client; False (nothing counted) when either is locked."""
    return ratelimit.take_all(ACTION, _limits(username, request))


def give_back_attempt(username: str, request) -> None:
    """The attempt succeeded: it does not count, and the account's earlier failures are forgotten."""
    subjects = [subject for subject, _limit, _window in _limits(username, request)]
    ratelimit.reset(ACTION, subjects[0])
    for subject in subjects[1:]:
        ratelimit.give_back(ACTION, subject)


class LockoutAdminAuthenticationForm(AdminAuthenticationForm):
    """The admin login form: counts the attempt against the account and the client before checking the password,
    and refuses a locked-out account or client without checking it."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "locked_out": "登录失败次数过多，账号已临时锁定，请 %(minutes)s 分钟后再试。",
    }

    def clean(self):
        username = self.cleaned_data.get("username", "")
        if not take_attempt(username, self.request):
            raise forms.ValidationError(
                self.error_messages["locked_out"],
                code="locked_out",
                params={"minutes": settings.LOGIN_LOCKOUT_SECONDS // 60},
            )
        cleaned = super().clean()
        give_back_attempt(username, self.request)
        return cleaned


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    from portal.models import AuditLog

    AuditLog.record(AuditLog.Event.LOGIN_FAILED, request, username=credentials.get("username", ""))


@receiver(user_logged_in)
def on_logged_in(sender, request, user, **kwargs):
    from portal.models import AuditLog

    AuditLog.record(AuditLog.Event.LOGIN, request, user=user)


@receiver(user_logged_out)
def on_logged_out(sender, request, user, **kwargs):
    from portal.models import AuditLog

    if user is not None:
        AuditLog.record(AuditLog.Event.LOGOUT, request, user=user)


class UsernameVariantValidator:
    """Refuse a password that is the user name with only digits or symbols added (zhangsan2026!, 2026@zhangsan):
    the first thing anyone guessing tries, and long enough to pass Django's similarity check."""

    message = "密码不能是用户名加上数字或符号，请换一个与用户名无关的密码。"

    def validate(self, password, user=None):
        username = (getattr(user, "username", "") or "").strip().lower()
        if len(username) < 2 or username not in (password or "").lower():
            return
        rest = password.lower().replace(username, "")
        if not any(ch.isalpha() for ch in rest):
            raise ValidationError(self.message, code="password_is_username_variant")

    def get_help_text(self):
        return "密码不能是用户名加上数字或符号。"
