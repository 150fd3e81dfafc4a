"""Art. 44: information requested repeatedly is listed for the disclosure office, with a one-click draft
publication under its directory entry (a draft in the review workflow, never published directly)."""

import datetime as dt

import pytest

from applications import repeats, workflow
from applications.classification import Outcome, Reason
from applications.models import RequestSettings
from catalog.models import Publication
from tests import factories as f
from tests.applications import factories as af

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 3, 20)
MARCH_2 = D(2026, 3, 2)
URL = "/admin/applications/application/repeated/"


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 20, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False)


@pytest.fixture
def dibao_entry():
    social = f.entry(f.domain("社会救助"), name="最低生活保障")
    return f.entry(parent=social, name="最低生活保障对象名单")


def _requests(department, *descriptions, received_on=MARCH_2):
    return [af.application(department, received_on=received_on, description=text) for text in descriptions]


def _groups(department, **settings):
    return repeats.repeated_groups([department.pk], today=TODAY, settings=RequestSettings(**settings))


def test_three_requests_naming_the_same_entry_make_one_group(department, other_department, dibao_entry):
    mine = _requests(department, "2025年度城关镇最低生活保障对象名单", "青山镇最低生活保障对象名单及标准",
                     "请提供本县最低生活保障对象名单")
    _requests(other_department, "最低生活保障对象名单")  # another organ: not the same request (Art. 44)
    [group] = _groups(department)
    assert group.entry == dibao_entry
    assert sorted(a.pk for a in group.applications) == sorted(a.pk for a in mine)
    assert group.count == 3 and group.title == "请提供本县最低生活保障对象名单"


def test_similar_descriptions_without_an_entry_group_by_shared_words(department):
    _requests(department, "示范县2025年农村危房改造补助对象名单", "2025年农村危房改造补助对象名单及补助标准",
              "农村危房改造补助对象名单", "2024年度部门预算")
    [group] = _groups(department)
    assert group.entry is None and group.count == 3
    assert "部门预算" not in {a.description for a in group.applications}


def test_below_the_threshold_nothing_is_listed_until_the_office_lowers_it(department):
    _requests(department, "农村危房改造补助对象名单", "2025年农村危房改造补助对象名单")
    assert _groups(department) == []
    assert [g.count for g in _groups(department, repeat_threshold=2)] == [2]


def test_requests_outside_the_window_do_not_count(department):
    # 12 months before 20 Mar 2026 is 20 Mar 2025: a request received that day is outside, 21 Mar 2025 inside.
    _requests(department, "农村危房改造补助对象名单", received_on=D(2025, 3, 20))
    _requests(department, "农村危房改造补助对象名单", received_on=D(2025, 3, 21))
    _requests(department, "农村危房改造补助对象名单")
    assert _groups(department) == []
    _requests(department, "农村危房改造补助对象名单")
    assert [g.count for g in _groups(department)] == [3]
    assert [g.count for g in _groups(department, repeat_window_months=13)] == [4]


def test_requests_refused_as_undisclosable_do_not_count(department):
    withheld, *_ = _requests(department, "农村危房改造补助对象名单", "农村危房改造补助对象名单",
                             "农村危房改造补助对象名单")
    workflow.reply(withheld, by=None, outcome=Outcome.WITHHELD, reason=Reason.THIRD_PARTY, reply_text="答复",
                   delivered_by="post", replied_on=D(2026, 3, 10), today=D(2026, 3, 10))
    assert _groups(department) == []


def test_the_list_shows_the_group_and_drafts_a_publication_in_one_click(frozen, clerk_client, department,
                                                                         dibao_entry):
    applications = _requests(department, "城关镇最低生活保障对象名单", "最低生活保障对象名单",
                             "2025年最低生活保障对象名单")
    html = clerk_client.get(URL).content.decode()
    assert "第四十四条" in html and "最低生活保障对象名单" in html and "3件" in html
    assert all(a.tracking_number in html for a in applications)
    key = ",".join(str(a.pk) for a in sorted(applications, key=lambda a: a.pk))
    response = clerk_client.post(URL, {"applications": key, "entry": dibao_entry.pk})
    draft = Publication.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/catalog/publication/{draft.pk}/change/")
    assert draft.status == Publication.Status.DRAFT and draft.published_at is None
    assert draft.entry == dibao_entry and draft.department == department
    assert draft.title == "最低生活保障对象名单" and "第四十四条" in draft.body
    assert draft.changes.get().action == "created"
    # Listed as drafted, and no second button.
    html = clerk_client.get(URL).content.decode()
    assert "已起草" in html and 'value="起草公开信息"' not in html


def test_a_supervisor_sees_the_group_but_cannot_draft_for_another_organ(frozen, client, department, dibao_entry):
    applications = _requests(department, "最低生活保障对象名单", "最低生活保障对象名单", "最低生活保障对象名单")
    client.force_login(f.supervisor())
    html = client.get(URL).content.decode()
    assert "请县民政局的办事员起草" in html and 'value="起草公开信息"' not in html
    key = ",".join(str(a.pk) for a in applications)
    response = client.post(URL, {"applications": key, "entry": dibao_entry.pk}, follow=True)
    assert "只有“县民政局”的办事员可以起草该单位的公开信息" in response.content.decode()
    assert not Publication.objects.exists()


def test_a_clerk_cannot_draft_from_another_organs_requests(frozen, clerk_client, other_department, dibao_entry):
    applications = _requests(other_department, "最低生活保障对象名单", "最低生活保障对象名单", "最低生活保障对象名单")
    assert "最低生活保障对象名单" not in clerk_client.get(URL).content.decode()
    key = ",".join(str(a.pk) for a in applications)
    response = clerk_client.post(URL, {"applications": key, "entry": dibao_entry.pk}, follow=True)
    assert "请刷新页面后重试" in response.content.decode()
    assert not Publication.objects.exists()


def test_draft_needs_a_leaf_entry(frozen, clerk, department, dibao_entry):
    applications = _requests(department, "最低生活保障对象名单", "最低生活保障对象名单", "最低生活保障对象名单")
    with pytest.raises(repeats.publishing.PublishingError, match="最末一级"):
        repeats.draft_publication(applications, entry=dibao_entry.parent, by=clerk, today=TODAY)


def test_the_supervisors_work_page_links_to_the_list(client):
    client.force_login(f.supervisor())
    assert f'href="{URL}"' in client.get("/admin/").content.decode()
