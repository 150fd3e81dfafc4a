"""Rules Publication keeps on save: index numbers, timeliness, sanitised bodies, change history."""

import datetime as dt
import threading
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from catalog import history, publishing
from catalog.models import Publication, PublicationChange
from tests import factories as f

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(year, month, day, hour=10, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


# Index numbers ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_index_number_is_department_code_year_and_five_digit_sequence():
    office = f.department()
    item = f.publication(department_=office, formed_on=dt.date(2026, 3, 2))
    assert item.index_number == f"{office.code}/2026-00001"


@pytest.mark.django_db
def test_index_numbers_count_up_per_department_and_year():
    office, other = f.department(), f.department()
    numbers = [
        f.publication(department_=office, formed_on=dt.date(2026, 1, 5)).index_number,
        f.publication(department_=office, formed_on=dt.date(2026, 6, 1)).index_number,
        f.publication(department_=other, formed_on=dt.date(2026, 6, 1)).index_number,
        f.publication(department_=office, formed_on=dt.date(2025, 6, 1)).index_number,
    ]
    assert [n.split("/")[1] for n in numbers] == ["2026-00001", "2026-00002", "2026-00001", "2025-00001"]


@pytest.mark.django_db
def test_index_number_of_a_deleted_publication_is_never_reused():
    office = f.department()
    f.publication(department_=office).delete()
    assert f.publication(department_=office).index_number.endswith("-00002")


@pytest.mark.django_db
def test_index_number_never_changes_once_assigned():
    item = f.publication(formed_on=dt.date(2026, 3, 2))
    first = item.index_number
    item.formed_on = dt.date(2025, 12, 1)
    item.save()
    item.refresh_from_db()
    assert item.index_number == first


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need a server database")
def test_concurrent_saves_get_distinct_index_numbers():
    office = f.department()
    entry = f.entry()
    barrier = threading.Barrier(6)
    errors = []

    def create(n):
        try:
            barrier.wait()
            Publication.objects.create(entry=entry, department=office, division=office.division,
                                       title=f"并发{n}", formed_on=dt.date(2026, 3, 2))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(Publication.objects.filter(department=office).values_list("index_number", flat=True))
    assert numbers == [f"{office.code}/2026-{n:05d}" for n in range(1, 7)]


# Time limits (公开时限) over holidays ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_deadline_counts_working_days_across_national_day():
    # Formed Mon 28 Sep 2026, 10 working days: 29, 30 Sep (2); 1–7 Oct holiday; 8, 9 Oct (4);
    # Sat 10 Oct make-up workday (5); 12, 13, 14, 15, 16 Oct (10) → due Fri 16 Oct 2026.
    entry = f.entry(time_limit_workdays=10)
    item = f.publication(entry_=entry, formed_on=dt.date(2026, 9, 28), published_at=at(2026, 10, 16, 23, 30))
    assert item.deadline_on == dt.date(2026, 10, 16)
    assert item.is_timely is True
    assert item.met_time_limit is True


@pytest.mark.django_db
def test_published_the_day_after_the_deadline_missed_the_time_limit():
    # Same count as above: due Fri 16 Oct 2026; published Sat 17 Oct 00:10 Beijing time.
    entry = f.entry(time_limit_workdays=10)
    item = f.publication(entry_=entry, formed_on=dt.date(2026, 9, 28), published_at=at(2026, 10, 17, 0, 10))
    assert item.is_timely is False
    assert item.met_time_limit is False


@pytest.mark.django_db
def test_unpublished_item_has_no_timeliness():
    item = f.publication()
    assert (item.deadline_on, item.is_timely, item.met_time_limit) == (None, None, None)


@pytest.mark.django_db
def test_approval_stores_deadline_and_timeliness():
    office = f.department()
    clerk, reviewer = f.clerk(office), f.reviewer(office)
    item = f.publication(department_=office, formed_on=dt.date(2026, 3, 2))
    publishing.submit(item, by=clerk)
    publishing.approve(item, by=reviewer)
    # Formed Mon 2 Mar 2026 + 20 working days (no holiday in March 2026) → Mon 30 Mar 2026 (DESIGN §3).
    assert item.deadline_on == dt.date(2026, 3, 30)
    assert item.is_timely is False  # approved today, long after March 2026


# HTML sanitisation ------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("dirty", "forbidden"),
    [
        ("<p>通知<script>alert(1)</script></p>", "<script"),
        ('<img src="x.png" onerror="alert(1)">', "onerror"),
        ('<a href="javascript:alert(1)">点此</a>', "javascript:"),
        ('<p style="color:red">红字</p>', "style="),
        ('<p onclick="steal()">点</p>', "onclick"),
        ('<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="图">', "data:"),
        ('<iframe src="https://evil.example"></iframe>', "<iframe"),
    ],
)
def test_body_is_sanitised_on_save(dirty, forbidden):
    item = f.publication(body=dirty)
    item.refresh_from_db()
    assert forbidden not in item.body


@pytest.mark.django_db
def test_ordinary_document_markup_survives_sanitising():
    body = ('<h2>一、政策依据</h2><p><strong>重点</strong>和<em>说明</em></p><ol><li>第一条</li></ol>'
            '<table><thead><tr><th>项目</th></tr></thead><tbody><tr><td colspan="2">金额</td></tr></tbody></table>'
            '<img src="/media/attachments/2026/03/a.png" alt="示意图">')
    item = f.publication(body=body)
    assert item.body == body


@pytest.mark.django_db
@pytest.mark.parametrize("src", ["https://www.example.gov.cn/a.png", "//cdn.example.com/a.png", "http://x/a.png"])
def test_images_from_other_sites_are_removed(src):
    item = f.publication(body=f'<p>见下图<img src="{src}" alt="示意图"></p>')
    assert item.body == "<p>见下图</p>"


@pytest.mark.django_db
def test_links_get_noopener_noreferrer():
    item = f.publication(body='<a href="https://www.gov.cn/">中国政府网</a>')
    assert item.body == '<a href="https://www.gov.cn/" rel="noopener noreferrer">中国政府网</a>'


# Change history -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_creation_is_recorded_with_who_did_it():
    clerk = f.clerk()
    office = f.department()
    item = Publication(entry=f.entry(), department=office, division=office.division, title="新通知",
                       formed_on=dt.date(2026, 3, 2))
    history.save(item, by=clerk)
    change = item.changes.get()
    assert (change.action, change.changed_by) == (PublicationChange.Action.CREATED, clerk)


@pytest.mark.django_db
def test_edit_records_fields_and_old_and_new_values():
    clerk = f.clerk()
    item = f.publication(title="关于开展低保复核的通知")
    item.title = "关于开展2026年低保复核的通知"
    history.save(item, by=clerk)
    change = item.changes.latest("id")
    assert change.fields == ["title"]
    assert change.summary == "标题：关于开展低保复核的通知 → 关于开展2026年低保复核的通知"
    assert change.changed_by == clerk


@pytest.mark.django_db
def test_saving_without_changes_records_nothing():
    item = Publication.objects.get(pk=f.publication().pk)
    history.save(item, by=None)
    assert item.changes.count() == 1


@pytest.mark.django_db
def test_published_item_content_cannot_be_edited():
    office = f.department()
    item = f.publication(department_=office)
    publishing.submit(item, by=f.clerk(office))
    publishing.approve(item, by=f.reviewer(office))
    item.title = "改过的标题"
    with pytest.raises(ValidationError, match="不能修改"):
        item.full_clean()


@pytest.mark.django_db
def test_published_item_may_be_marked_repealed():
    office = f.department()
    item = f.publication(department_=office)
    publishing.submit(item, by=f.clerk(office))
    publishing.approve(item, by=f.reviewer(office))
    item.validity = Publication.Validity.REPEALED
    item.validity_changed_on = dt.date(2026, 6, 1)
    item.full_clean()


@pytest.mark.django_db
def test_publication_must_be_filed_under_a_leaf_entry():
    parent = f.entry()
    f.entry(parent=parent)
    item = f.publication(entry_=parent)
    with pytest.raises(ValidationError, match="最末一级"):
        item.full_clean()


@pytest.mark.django_db
def test_division_must_be_the_departments_own_or_below_it():
    town = f.township()
    office = f.department(division=town)
    item = f.publication(department_=office, division=f.township())
    with pytest.raises(ValidationError, match="所属区划"):
        item.full_clean()


@pytest.mark.django_db
def test_township_department_may_publish_for_one_of_its_villages():
    town = f.township()
    item = f.publication(department_=f.department(division=town), division=f.village(parent=town))
    item.full_clean()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_entering_a_holiday_recomputes_stored_timeliness():
    from portal.models import CalendarOverride

    # Formed Mon 2 Mar 2026 + 20 working days (no holiday in March 2026) → due Mon 30 Mar. Published Tue 31 Mar: late.
    item = f.publication(entry_=f.entry(time_limit_workdays=20), formed_on=dt.date(2026, 3, 2),
                         published_at=at(2026, 3, 31))
    assert (item.deadline_on, item.is_timely) == (dt.date(2026, 3, 30), False)
    # The county declares Tue 10 Mar 2026 a holiday: it no longer counts, so 20 working days end Tue 31 Mar.
    CalendarOverride.objects.create(date=dt.date(2026, 3, 10), is_workday=False, note="临时调整")
    item.refresh_from_db()
    assert (item.deadline_on, item.is_timely) == (dt.date(2026, 3, 31), True)


@pytest.mark.django_db
def test_deadline_in_a_year_without_a_schedule_is_provisional():
    known = f.publication(formed_on=dt.date(2026, 3, 2), published_at=at(2026, 3, 20))
    unknown = f.publication(formed_on=dt.date(2040, 3, 1), published_at=at(2040, 3, 20))
    assert (known.deadline_is_provisional, unknown.deadline_is_provisional) == (False, True)


@pytest.mark.django_db
def test_numbering_continues_after_numbers_already_in_use():
    from catalog.models import IndexCounter

    office = f.department()
    f.publication(department_=office)
    f.publication(department_=office)
    IndexCounter.objects.all().delete()  # e.g. publications migrated from an older system
    assert f.publication(department_=office).index_number.endswith("-00003")


@pytest.mark.django_db
def test_create_many_keeps_the_rules_of_save():
    office, entry = f.department(), f.entry(time_limit_workdays=20)
    f.publication(department_=office)  # takes 00001
    made = history.create_many([
        Publication(entry=entry, department=office, title=f"批量{n}", formed_on=dt.date(2026, 3, 2),
                    body='<p onclick="x()">正文</p><script>alert(1)</script>', published_at=at(2026, 3, 20))
        for n in range(3)
    ])
    stored = Publication.objects.filter(pk__in=[p.pk for p in made]).order_by("index_number")
    assert [p.index_number[-5:] for p in stored] == ["00002", "00003", "00004"]
    assert {p.body for p in stored} == {"<p>正文</p>"}
    assert {(p.division_id, p.deadline_on, p.is_timely) for p in stored} == {
        (office.division_id, dt.date(2026, 3, 30), True)}  # 2 Mar + 20 working days = 30 Mar (DESIGN §3)
    assert PublicationChange.objects.filter(publication__in=stored, action="created").count() == 3
