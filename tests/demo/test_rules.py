"""The demo county looks real and says it is a demo: plain titles, numbers that reach nobody, one answer per
public question from the department whose work it is, rules published by the level that holds them."""

from collections import Counter

import pytest
from django.test import Client
from django.urls import reverse

from applications.models import Application
from catalog.demo import DEMO_PASSWORD
from catalog.demo_directory import LEVEL_CHARS
from catalog.demo_directory_data import HIGHEST_LEVEL_ONLY
from catalog.models import Department, Level, NewMediaAccount, NewMediaFiling, Publication, ReviewPoint
from feedback.models import Message, Rating
from portal import fictional
from portal.models import SiteInfo

pytestmark = pytest.mark.django_db
#: Levels from the top: a rule or a power is never published below the highest level its row lists.
RANK = {Level.COUNTY: 0, Level.TOWNSHIP: 1, Level.VILLAGE: 2}
LEVELS = {"县": Level.COUNTY, "乡": Level.TOWNSHIP, "村": Level.VILLAGE}


def test_no_title_carries_its_workflow_state():
    titles = Publication.objects.values_list("title", flat=True)
    assert Publication.objects.exclude(status=Publication.Status.PUBLISHED).exists()
    assert not [title for title in titles if "（待审核）" in title or "（草稿）" in title]


def test_every_demo_telephone_number_is_fictional():
    numbers = [
        *Department.objects.values_list("phone", flat=True),
        *ReviewPoint.objects.values_list("contact_phone", flat=True),
        *Application.objects.values_list("phone", flat=True),
        *Rating.objects.values_list("phone", flat=True),
        *Message.objects.values_list("phone", flat=True),
        *NewMediaAccount.objects.values_list("operator_phone", flat=True),
        *NewMediaFiling.objects.values_list("operator_phone", flat=True),
        SiteInfo.current().phone,
    ]
    assert len([number for number in numbers if number]) > 100
    assert [number for number in numbers if not fictional.is_fictional(number)] == []
    bodies = Message.objects.values_list("body", flat=True)
    assert not [body for body in bodies if "0579" in body]


def test_each_public_question_is_answered_once_by_its_own_department():
    published = list(Message.objects.published().select_related("department", "answered_by"))
    assert len(published) >= 5
    assert max(Counter(message.public_subject for message in published).values()) == 1
    for message in published:
        assert message.answer
        if message.answered_by is not None:
            assert message.department.staff.filter(pk=message.answered_by.pk).exists(), message.subject


def test_rules_and_powers_are_published_by_the_level_that_holds_them():
    rows = Publication.objects.filter(entry__name__in=HIGHEST_LEVEL_ONLY).select_related("entry", "division")
    assert rows.exists()
    for publication in rows:
        entry = publication.entry
        levels = [char for char, field in LEVEL_CHARS.items() if getattr(entry, field)]
        highest = LEVELS[levels[0]]
        assert RANK[publication.division.level] <= RANK[highest], (publication.title, publication.division.name)


def test_the_demo_says_so_on_public_and_staff_pages():
    assert "演示数据" in Client().get("/").content.decode()
    staff = Client()
    assert staff.login(username="clerk", password=DEMO_PASSWORD)
    page = staff.get(reverse("admin:index")).content.decode()
    assert 'class="demo-banner"' in page
    assert 'id="workbench"' in page
