"""E-mail subscriptions: double opt-in, one-click unsubscribe, and the announcement of a released item."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail, signing
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catalog import publishing, subscriptions
from catalog.models import Announcement, Subscription
from portal.models import PersonalDataAccess
from tests import factories as f

pytestmark = pytest.mark.usefixtures("isolated_site")

LINK = re.compile(r"http://testserver(/subscriptions/(?:confirm|unsubscribe)/\?t=[^\s]+)")


@pytest.fixture(autouse=True)
def base_url(settings):
    settings.PORTAL_BASE_URL = "http://testserver"


@pytest.fixture
def place(db):
    """A county with a township (where `department` works) and a village below it; an entry with a sub-entry."""
    county = f.county()
    township = f.township(county, segment="101", name="城关镇")
    village = f.village(township, suffix="201", name="东村")
    top = f.entry(name="社会救助")
    leaf = f.entry(parent=top, name="最低生活保障")
    return {"county": county, "township": township, "village": village, "top": top, "leaf": leaf}


@pytest.fixture
def township_department(place, department):
    department.division = place["township"]
    department.save()
    return department


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """A block whose on_commit work runs at its end, as it does when a real request or step commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def subscribe(committed):
    def post(client, target, email="zhang@example.com"):
        url = (reverse("catalog:subscribe_entry", args=[target.pk]) if hasattr(target, "domain_id")
               else reverse("catalog:subscribe_division", args=[target.code]))
        with committed():
            return client.post(url, {"email": email})

    return post


@pytest.fixture
def release(committed, township_department, clerk, reviewer):
    def approve(entry, title="城关镇2026年3月低保名单"):
        item = f.publication(entry_=entry, department_=township_department, title=title, created_by=clerk)
        publishing.submit(item, by=clerk)
        with committed():
            publishing.approve(item, by=reviewer)
        return item

    return approve


def link(message, kind="confirm") -> str:
    return next(path for path in LINK.findall(message.body) if f"/{kind}/" in path)


def confirmed(email, **target) -> Subscription:
    return Subscription.objects.create(email=email, confirmed_at=timezone.now(), **target)


# ---- double opt-in ----------------------------------------------------------------------------------------------

def test_subscribing_mails_a_link_and_nothing_is_announced_before_it_is_confirmed(place, subscribe, release):
    response = subscribe(Client(), place["township"], "Zhang@Example.com ")
    assert response.status_code == 302 and response["Location"] == reverse("catalog:subscription_sent")
    subscription = Subscription.objects.get()
    assert subscription.email == "zhang@example.com" and not subscription.is_confirmed
    [confirmation] = mail.outbox
    assert confirmation.to == ["zhang@example.com"] and "请确认订阅“城关镇”" in confirmation.subject
    mail.outbox.clear()

    release(place["leaf"])
    assert mail.outbox == []


def test_the_confirmation_link_shows_a_button_and_confirms_when_it_is_pressed(place, subscribe):
    client = Client()
    subscribe(client, place["leaf"])
    url = link(mail.outbox[0])

    shown = client.get(url)
    assert shown.status_code == 200 and "确认订阅" in shown.content.decode()
    assert not Subscription.objects.get().is_confirmed  # a mail scanner opening the link confirms nothing

    done = Client(enforce_csrf_checks=False).post(url)
    assert done.status_code == 200 and "订阅成功" in done.content.decode()
    assert Subscription.objects.get().is_confirmed


def test_an_expired_confirmation_link_gets_a_clear_page_and_confirms_nothing(place, subscribe, settings):
    settings.SUBSCRIPTION_CONFIRM_DAYS = 3
    with time_machine.travel(timezone.now() - dt.timedelta(days=3, minutes=1)):
        subscribe(Client(), place["leaf"])
    url = link(mail.outbox[0])
    for response in (Client().get(url), Client().post(url)):
        assert response.status_code == 400
        assert "确认链接已过期（有效期3天）" in response.content.decode()
    assert not Subscription.objects.get().is_confirmed


@pytest.mark.parametrize("name", ["subscription_confirm", "subscription_unsubscribe"])
def test_a_forged_or_altered_link_gets_a_clear_page(place, name):
    subscription = confirmed("li@example.com", entry=place["leaf"])
    url = reverse(f"catalog:{name}")
    # Signed with the right key for the other link: a confirmation is no unsubscribe link, nor the other way round.
    genuine = (signing.dumps([subscription.pk], salt=subscriptions.UNSUBSCRIBE_SALT) if name == "subscription_confirm"
               else signing.dumps(subscription.pk, salt=subscriptions.CONFIRM_SALT))
    for token in ["", "junk", genuine[:-1] + ("A" if genuine[-1] != "A" else "B"), genuine,
                  signing.dumps("x", salt=subscriptions.CONFIRM_SALT)]:
        for response in (Client().get(url, {"t": token}), Client().post(f"{url}?t={token}")):
            assert response.status_code == 400, token
            assert "链接不完整或已被改动" in response.content.decode()
    assert Subscription.objects.get().is_confirmed


def test_an_invalid_address_gets_a_chinese_message_and_stores_nothing(place, subscribe):
    response = subscribe(Client(), place["leaf"], "zhang@")
    assert response.status_code == 400
    assert "请填写正确的电子邮箱，例如 name@example.com。" in response.content.decode()
    assert not Subscription.objects.exists() and mail.outbox == []


def test_subscribing_again_does_not_tell_anyone_whether_the_address_was_subscribed(place, subscribe):
    confirmed("old@example.com", division=place["township"])
    Subscription.objects.create(email="pending@example.com", division=place["township"])
    answers = {email: subscribe(Client(), place["township"], email)
               for email in ["new@example.com", "pending@example.com", "old@example.com"]}
    assert {(r.status_code, r["Location"]) for r in answers.values()} == {(302, reverse("catalog:subscription_sent"))}
    assert Subscription.objects.filter(division=place["township"]).count() == 3
    by_address = {message.to[0]: message for message in mail.outbox}
    assert "请确认订阅" in by_address["new@example.com"].subject
    assert "请确认订阅" in by_address["pending@example.com"].subject  # a fresh link
    assert "您已订阅" in by_address["old@example.com"].subject  # only the mailbox learns it
    assert "/confirm/" not in by_address["old@example.com"].body


# ---- unsubscribe ------------------------------------------------------------------------------------------------

def test_every_mail_carries_a_one_click_unsubscribe_link_and_its_headers(place, subscribe):
    subscribe(Client(), place["leaf"])
    [message] = mail.outbox
    header = message.extra_headers["List-Unsubscribe"]
    assert header == f"<http://testserver{link(message, 'unsubscribe')}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_unsubscribe_link_shows_a_button_that_works_without_javascript(place):
    subscription = confirmed("li@example.com", entry=place["leaf"])
    url = subscriptions.unsubscribe_url([subscription]).removeprefix("http://testserver")
    page = Client().get(url).content.decode()
    assert "最低生活保障" in page and "li@example.com" not in page
    form = re.search(r'<form method="post" action="([^"]+)">\s*<p><button type="submit"[^>]*>退订</button>', page)
    assert form and form.group(1).replace("&amp;", "&") == url
    assert Subscription.objects.exists()

    done = Client(enforce_csrf_checks=True).post(url)  # the button's form carries no token, and needs none
    assert done.status_code == 200 and "您已退订“最低生活保障”" in done.content.decode()
    assert not Subscription.objects.exists()


def test_a_mail_programs_one_click_post_unsubscribes_without_a_csrf_token(place):
    subscription = confirmed("li@example.com", division=place["county"])
    url = subscriptions.unsubscribe_url([subscription]).removeprefix("http://testserver")
    client = Client(enforce_csrf_checks=True)
    response = client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert not Subscription.objects.exists()
    again = client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert again.status_code == 200 and "已经退订" in again.content.decode()


# ---- announcements ----------------------------------------------------------------------------------------------

def test_a_release_tells_each_confirmed_subscriber_of_its_entries_and_places_once(place, release):
    both = [confirmed("a@example.com", entry=place["top"]), confirmed("a@example.com", division=place["county"])]
    confirmed("b@example.com", division=place["township"])
    confirmed("c@example.com", division=place["village"])  # below the item's place, not above it
    confirmed("d@example.com", entry=f.entry(name="特困人员救助供养"))
    Subscription.objects.create(email="e@example.com", entry=place["leaf"])  # never confirmed

    item = release(place["leaf"])

    assert sorted(message.to[0] for message in mail.outbox) == ["a@example.com", "b@example.com"]
    to_a = next(message for message in mail.outbox if message.to == ["a@example.com"])
    assert item.title in to_a.subject and f"http://testserver/publications/{item.pk}/" in to_a.body
    assert "“社会救助”、“测试县”" in to_a.body
    Client().post(link(to_a, "unsubscribe"))
    assert not Subscription.objects.filter(pk__in=[s.pk for s in both]).exists()
    assert Announcement.objects.get(publication=item).recipients == 2


def test_nothing_goes_out_before_the_release_commits_nor_again_afterwards(
        place, township_department, clerk, reviewer, committed, django_capture_on_commit_callbacks):
    confirmed("a@example.com", division=place["township"])
    item = f.publication(entry_=place["leaf"], department_=township_department, created_by=clerk)
    publishing.submit(item, by=clerk)
    with django_capture_on_commit_callbacks() as callbacks:
        publishing.approve(item, by=reviewer)
    assert mail.outbox == []  # not yet committed
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1

    from catalog import history

    item.title = "城关镇2026年3月低保名单（更正）"
    with committed():
        history.save(item, by=reviewer)  # an edit of the published item
    subscriptions.announce(item.pk)  # the task run a second time
    assert len(mail.outbox) == 1


def test_one_address_the_mail_server_refuses_does_not_stop_the_others(place, release, monkeypatch):
    confirmed("bad@example.com", division=place["county"])
    confirmed("good@example.com", division=place["county"])
    send = mail.EmailMessage.send

    def refuse_one(message, *args, **kwargs):
        if message.to == ["bad@example.com"]:
            raise OSError("550 mailbox unavailable")
        return send(message, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMessage, "send", refuse_one)
    item = release(place["leaf"])
    assert [message.to for message in mail.outbox] == [["good@example.com"]]
    announcement = Announcement.objects.get(publication=item)
    assert (announcement.recipients, announcement.failures) == (2, 1)


def test_unconfirmed_subscriptions_expire_and_confirmed_ones_stay(place, settings):
    settings.SUBSCRIPTION_CONFIRM_DAYS = 3
    with time_machine.travel(timezone.now() - dt.timedelta(days=4)):
        old = Subscription.objects.create(email="old@example.com", entry=place["leaf"])
        kept = confirmed("kept@example.com", entry=place["leaf"])
    fresh = Subscription.objects.create(email="fresh@example.com", entry=place["leaf"])
    call_command("expire_subscriptions", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert set(Subscription.objects.values_list("pk", flat=True)) == {kept.pk, fresh.pk}
    assert not Subscription.objects.filter(pk=old.pk).exists()


# ---- limits, pages and personal data ----------------------------------------------------------------------------

def test_subscribing_is_limited_per_client_and_per_address(place, subscribe, settings):
    settings.SUBSCRIPTIONS_PER_HOUR = 2
    settings.SUBSCRIPTION_MAILS_PER_ADDRESS_PER_DAY = 1
    client = Client()
    assert subscribe(client, place["leaf"], "a@example.com").status_code == 302
    assert subscribe(client, place["leaf"], "b@example.com").status_code == 302
    refused = subscribe(client, place["top"], "c@example.com")
    assert refused.status_code == 429 and "订阅申请过于频繁" in refused.content.decode()
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert subscribe(other, place["top"], "a@example.com").status_code == 429  # the same mailbox again today
    assert len(mail.outbox) == 2 and Subscription.objects.count() == 2


def test_the_subscription_page_needs_few_queries_and_no_address_is_ever_public(
        place, client, django_assert_max_num_queries):
    confirmed("secret@example.com", entry=place["leaf"])
    with django_assert_max_num_queries(3):
        response = client.get(reverse("catalog:subscribe_entry", args=[place["leaf"].pk]))
    assert response.status_code == 200 and "邮件订阅：最低生活保障" in response.content.decode()
    for url in (reverse("catalog:entry", args=[place["leaf"].pk]),
                reverse("catalog:division", args=[place["county"].code])):
        page = client.get(url).content.decode()
        assert "secret@example.com" not in page and "邮件订阅" in page


def test_only_the_disclosure_office_sees_addresses_and_each_look_is_logged(place, clerk_client, supervisor_client):
    confirmed("secret@example.com", entry=place["leaf"])
    url = reverse("admin:catalog_subscription_changelist")
    assert clerk_client.get(url).status_code == 403
    listed = supervisor_client.get(url)
    assert "secret@example.com" in listed.content.decode()
    assert PersonalDataAccess.objects.filter(kind=PersonalDataAccess.Kind.LIST, count=1).exists()


def test_check_deploy_warns_until_the_public_address_for_mail_links_is_set(settings):
    from catalog.checks import subscription_links_have_an_address

    for unset in ("", "http://127.0.0.1:8000"):
        settings.PORTAL_BASE_URL = unset
        assert [warning.id for warning in subscription_links_have_an_address(None)] == ["catalog.W001"]
    settings.PORTAL_BASE_URL = "https://gongkai.example.gov.cn"
    assert subscription_links_have_an_address(None) == []
