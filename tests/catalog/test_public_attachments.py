"""Attachments and ratings on the public publication and department pages."""

import pytest
from django.urls import reverse

from catalog import publishing
from feedback.models import Rating
from tests import factories
from tests.catalog.public_data import build

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("isolated_site")]


@pytest.fixture
def c():
    return build(3)


def test_publication_page_lists_its_attachments_with_a_download_link(client, c):
    attached = factories.attachment(c.policy, name="实施办法全文.pdf")
    body = client.get(reverse("catalog:publication", args=[c.policy.pk])).content.decode()
    link = reverse("catalog:attachment", args=[c.policy.pk, attached.pk])
    assert link in body and "实施办法全文.pdf" in body


def test_attachment_of_a_public_item_downloads(client, c):
    attached = factories.attachment(c.policy, name="实施办法全文.pdf")
    response = client.get(reverse("catalog:attachment", args=[c.policy.pk, attached.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "attachment" in response.headers["Content-Disposition"]


def test_attachment_of_a_withdrawn_item_is_not_found(client, c):
    attached = factories.attachment(c.policy)
    reviewer = factories.reviewer(c.department)
    publishing.withdraw(c.policy, by=reviewer, reason="已被新文件替代")
    assert client.get(reverse("catalog:attachment", args=[c.policy.pk, attached.pk])).status_code == 404


def test_attachment_must_belong_to_the_publication_in_the_url(client, c):
    attached = factories.attachment(c.policy)
    assert client.get(reverse("catalog:attachment", args=[c.interpretation.pk, attached.pk])).status_code == 404


def test_attachment_of_a_draft_is_not_found(client, c):
    attached = factories.attachment(c.draft)
    assert client.get(reverse("catalog:attachment", args=[c.draft.pk, attached.pk])).status_code == 404


def test_citizen_rates_a_publication_from_its_page(client, c):
    page = client.get(reverse("catalog:publication", args=[c.policy.pk])).content.decode()
    assert 'name="target_kind" value="publication"' in page
    client.post(reverse("feedback:rate"), {
        "target_kind": "publication", "target_id": c.policy.pk, "level": "satisfied", "channel": "website",
        "next": reverse("catalog:publication", args=[c.policy.pk]),
    })
    rating = Rating.objects.get()
    assert (rating.publication, rating.department) == (c.policy, c.department)


def test_department_page_carries_the_rating_widget(client, c):
    page = client.get(reverse("catalog:department", args=[c.department.pk])).content.decode()
    assert 'name="target_kind" value="department"' in page
