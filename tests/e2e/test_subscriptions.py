"""In a real browser: a citizen subscribes to an entry by e-mail, confirms by opening the mailed link, and
unsubscribes with the link the mails carry (the confirmation mail carries one too). The form passes axe-core."""

import re

import pytest
from django.core import mail

from catalog.models import Subscription
from tests import factories
from tests.e2e.test_accessibility import blocking_violations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def mailed_link(message, kind: str) -> str:
    return re.search(rf"(http://\S+/subscriptions/{kind}/\?t=\S+)", message.body).group(1)


def test_a_subscription_is_confirmed_from_the_mail_and_then_unsubscribed(live_server, page, settings):
    settings.PORTAL_BASE_URL = live_server.url
    entry = factories.entry(name="最低生活保障")

    page.goto(f"{live_server.url}/entries/{entry.pk}/")
    page.get_by_role("link", name="邮件订阅").click()
    page.get_by_label("电子邮箱").fill("zhang@example.com")
    page.steps.shot("form")
    assert blocking_violations(page) == []
    page.get_by_role("button", name="订阅", exact=True).click()
    page.get_by_role("heading", name="请查收确认邮件").wait_for()
    assert Subscription.objects.get().confirmed_at is None

    [confirmation] = mail.outbox
    assert confirmation.to == ["zhang@example.com"]
    page.goto(mailed_link(confirmation, "confirm"))
    page.steps.shot("confirm")
    page.get_by_role("button", name="确认订阅").click()
    page.get_by_role("heading", name="订阅成功").wait_for()
    assert Subscription.objects.get().confirmed_at is not None

    page.goto(mailed_link(confirmation, "unsubscribe"))
    assert "最低生活保障" in page.locator("main").inner_text()
    page.get_by_role("button", name="退订", exact=True).click()
    page.get_by_role("heading", name="已退订").wait_for()
    page.steps.shot("unsubscribed")
    assert not Subscription.objects.exists()
