"""Importing and exporting the directory as the spreadsheets counties really publish."""

import io

import openpyxl
import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from catalog.excel import sheets
from catalog.excel.directory import DirectoryFormat, EntryResource
from catalog.excel.elements import parse_category, parse_channels, parse_time_limit
from catalog.models import Entry
from tests import factories as f
from tests.catalog import sheets as book


@pytest.fixture
def assistance(db):
    return f.domain(name="社会救助", code="social-assistance")


def run_import(content: bytes, *, dry_run=False, **resource_kwargs):
    dataset = DirectoryFormat().create_dataset(content)
    return EntryResource(**resource_kwargs).import_data(dataset, dry_run=dry_run)


def directory(domain):
    """The directory as comparable tuples, in tree order; items with sub-items carry no elements in a sheet."""
    return [
        (e.depth, e.name, e.content, e.basis, e.time_limit_text, e.time_limit_workdays, e.posting_workdays,
         e.publisher_text, tuple(e.channels), e.audience, e.mode, e.levels_display) if e.is_leaf_node()
        else (e.depth, e.name)
        for e in Entry.objects.filter(domain=domain).order_by("tree_id", "lft")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("制定或获取信息之日起10个工作日内", (10, None)),
        ("自信息形成或者变更之日起20个工作日内予以公开，公示7个工作日", (20, 7)),
        ("信息形成之日起十五个工作日内", (15, None)),
        ("及时公开", (20, None)),
        ("15", (15, None)),
    ],
)
def test_time_limit_text_gives_working_days_and_posting_period(text, expected):
    assert parse_time_limit(text) == expected


def test_only_filled_boxes_count_as_channels():
    assert parse_channels("■政府网站 □政府公报 ■公开查阅点") == ["website", "review_point"]


def test_channels_as_a_plain_list():
    assert parse_channels("政府网站、便民服务站，入户/现场") == ["website", "service_station", "door_to_door"]


def test_county_sheet_imports_entries_under_created_first_level_items(assistance):
    result = run_import(book.county_workbook())
    assert not result.has_errors() and not result.has_validation_errors()
    tree = [(e.depth, e.name) for e in Entry.objects.filter(domain=assistance).order_by("tree_id", "lft")]
    assert tree == [(0, "最低生活保障"), (1, "办事指南"), (1, "审核确认结果"), (0, "特困人员救助供养"), (1, "办事指南")]


def test_county_sheet_reads_every_standard_element(assistance):
    run_import(book.county_workbook())
    entry = Entry.objects.get(domain=assistance, name="审核确认结果")
    assert entry.time_limit_text == "自信息形成或者变更之日起20个工作日内予以公开，公示7个工作日"
    assert (entry.time_limit_workdays, entry.posting_workdays) == (20, 7)
    assert entry.channels == ["website", "review_point", "notice_board"]
    assert (entry.audience, entry.mode) == (Entry.Audience.SPECIFIC, Entry.Mode.PROACTIVE)
    assert (entry.is_county_level, entry.is_township_level, entry.is_village_level) == (True, True, False)
    assert entry.publisher_text == "县民政局、乡镇人民政府"


def test_domain_comes_from_the_title_row(assistance):
    f.domain(name="社会", code="society")  # a shorter name the title also contains
    run_import(book.county_workbook())
    assert Entry.objects.filter(domain=assistance).count() == 5


def test_domain_chosen_on_the_form_is_used_when_the_sheet_names_none(assistance):
    pension = f.domain(name="养老服务", code="elderly")
    run_import(book.county_workbook(title="示范县基层政务公开标准目录"), domain=pension)
    assert Entry.objects.filter(domain=pension).count() == 5


def test_reimport_updates_rather_than_duplicates(assistance):
    run_import(book.county_workbook())
    changed = [book.ROWS[0][:2] + ("新的公开内容",) + book.ROWS[0][3:]] + book.ROWS[1:]
    result = run_import(book.county_workbook(rows=changed))
    assert Entry.objects.filter(domain=assistance).count() == 5
    assert Entry.objects.get(domain=assistance, parent__name="最低生活保障", name="办事指南").content == "新的公开内容"
    assert [row.import_type for row in result.rows] == ["update", "update", "update"]


def test_simple_layout_with_a_domain_column(assistance):
    content = book.simple_workbook([
        ("社会救助", "临时救助", "办事指南", "申请条件", "《社会救助暂行办法》", "制定或获取信息之日起10个工作日内",
         "县民政局", "政府网站、公开查阅点", "全社会", "主动", "县级、乡级"),
    ])
    result = run_import(content)
    assert not result.has_validation_errors()
    entry = Entry.objects.get(name="办事指南", parent__name="临时救助")
    assert (entry.domain, entry.time_limit_workdays, entry.channels) == (assistance, 10, ["website", "review_point"])


def test_malformed_sheet_gives_chinese_errors_per_row_and_imports_nothing(assistance):
    common = ("内容", "依据", "20个工作日内", "县民政局", "政府网站")
    rows = [
        book.ROWS[0],
        ("最低生活保障", "审核确认结果", *common, "√", None, "是否", None, "√", None),  # garbage in a tick column
        (None, "无一级事项的行", *common, "√", None, "√", None, "√", None),  # no 一级事项
        ("特困人员救助供养", "办事指南", *common, None, None, "√", None, None, None),  # no audience, no level
    ]
    result = run_import(book.county_workbook(rows=rows))
    errors = {row.number: row.non_field_specific_errors for row in result.invalid_rows}
    assert sorted(errors) == [2, 3, 4]
    assert "表格第5行" in errors[2][0] and "只能打√或留空" in errors[2][0]
    assert any("公开对象" in message for message in errors[4])
    assert any("公开层级" in message for message in errors[4])
    assert Entry.objects.count() == 0


def test_sheet_without_a_recognisable_header_is_refused_with_a_message(db):
    workbook = openpyxl.Workbook()
    workbook.active.append(["姓名", "电话"])
    with pytest.raises(sheets.DirectorySheetError, match="未找到表头"):
        DirectoryFormat().create_dataset(book.save(workbook))


def test_file_that_is_not_excel_is_refused_with_a_message(db):
    with pytest.raises(sheets.DirectorySheetError, match="xlsx"):
        DirectoryFormat().create_dataset(b"not a spreadsheet")


def test_export_writes_the_official_layout(assistance):
    run_import(book.county_workbook())
    content = DirectoryFormat().export_data(EntryResource().export(Entry.objects.all()))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet["A1"].value == "社会救助领域基层政务公开标准目录"
    assert [sheet.cell(2, c).value for c in (1, 2, 4)] == ["序号", "公开事项", "公开内容（要素）"]
    assert [sheet.cell(3, c).value for c in (2, 3)] == ["一级事项", "二级事项"]
    assert "B4:B5" in {str(merged) for merged in sheet.merged_cells.ranges}
    assert sheet["H4"].value.startswith("■政府网站 □政府公报")
    assert [sheet.cell(4, c).value for c in range(9, 15)] == ["√", None, "√", None, "√", "√"]


def test_exported_directory_reimports_to_the_same_directory(assistance):
    run_import(book.county_workbook())
    before = directory(assistance)
    content = DirectoryFormat().export_data(EntryResource().export(Entry.objects.all()))
    Entry.objects.all().delete()
    result = run_import(content)
    assert not result.has_errors() and not result.has_validation_errors()
    assert directory(assistance) == before


@given(days=st.integers(min_value=1, max_value=365), posting=st.integers(min_value=1, max_value=30))
def test_any_number_of_working_days_is_read_back(days, posting):
    text = f"自信息形成或者变更之日起{days}个工作日内予以公开，公示{posting}个工作日"
    assert parse_time_limit(text) == (days, posting)


@pytest.mark.parametrize(
    ("levels", "flags"),
    [(("镇级", "村级"), (False, True, True)), (("县级", "乡、村级"), (True, True, True))],
)
def test_level_columns_as_counties_name_them(assistance, levels, flags):
    run_import(book.county_workbook(levels=levels))
    entry = Entry.objects.get(domain=assistance, parent__name="最低生活保障", name="办事指南")  # both ticked
    assert (entry.is_county_level, entry.is_township_level, entry.is_village_level) == flags


def test_third_level_items_survive_the_round_trip(assistance):
    simple = book.simple_workbook([
        ("社会救助", "临时救助", "办事指南", "申请条件", "依据", "10个工作日内", "县民政局", "政府网站", "全社会",
         "主动", "县级"),
    ])
    run_import(simple)
    guide = Entry.objects.get(name="办事指南")
    f.entry(parent=guide, name="急难型临时救助", time_limit_workdays=5, time_limit_text="5个工作日内",
            audience=Entry.Audience.SPECIFIC, channels=["website"], is_township_level=False)
    before = directory(assistance)
    content = DirectoryFormat().export_data(EntryResource().export(Entry.objects.all()))
    Entry.objects.all().delete()
    run_import(content)
    assert directory(assistance) == before


def test_a_sheet_of_notes_next_to_the_directory_is_skipped(assistance):
    workbook = openpyxl.load_workbook(io.BytesIO(book.county_workbook()))
    workbook.create_sheet("填表说明").append(["请按标准目录填写，√表示适用。"])
    result = run_import(book.save(workbook))
    assert not result.has_validation_errors()
    assert Entry.objects.filter(domain=assistance).count() == 5


def test_sheet_with_a_header_but_no_entries_is_refused_with_a_message(db):
    with pytest.raises(sheets.DirectorySheetError, match="没有可导入的公开事项"):
        DirectoryFormat().create_dataset(book.county_workbook(rows=[]))


def test_leading_process_column_gives_the_five_openness_category(assistance):
    result = run_import(book.layout_workbook(book.PROCESS_TOP, book.PROCESS_BOTTOM, book.PROCESS_ROWS))
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.unplaced_columns == []
    policy = Entry.objects.get(domain=assistance, name="规范性文件")
    names = Entry.objects.get(domain=assistance, name="低保对象名单")
    assert (policy.category, names.category) == (Entry.Category.DECISION, Entry.Category.RESULT)
    assert names.update_cycle == Entry.UpdateCycle.QUARTERLY and policy.update_cycle == Entry.UpdateCycle.ON_CHANGE


def test_filled_circles_tick_and_hollow_circles_leave_empty(assistance):
    run_import(book.layout_workbook(book.PROCESS_TOP, book.PROCESS_BOTTOM, book.PROCESS_ROWS))
    policy = Entry.objects.get(domain=assistance, name="规范性文件")
    names = Entry.objects.get(domain=assistance, name="低保对象名单")
    assert policy.channels == ["website", "review_point"] and names.channels == ["notice_board"]
    assert (policy.audience, names.audience) == (Entry.Audience.EVERYONE, Entry.Audience.SPECIFIC)  # 特定群众
    assert (policy.is_county_level, policy.is_township_level, policy.is_village_level) == (True, False, False)
    assert (names.is_county_level, names.is_township_level, names.is_village_level) == (False, True, True)


def test_a_process_cell_that_names_no_category_is_refused(assistance):
    rows = [("其他", *book.PROCESS_ROWS[0][1:])]
    result = run_import(book.layout_workbook(book.PROCESS_TOP, book.PROCESS_BOTTOM, rows))
    assert "“过程”一栏应为决策、执行、管理、服务或结果" in result.invalid_rows[0].non_field_specific_errors[0]
    assert Entry.objects.count() == 0


def test_reimport_without_the_process_column_keeps_the_category(assistance):
    run_import(book.layout_workbook(book.PROCESS_TOP, book.PROCESS_BOTTOM, book.PROCESS_ROWS))
    rows = [row[1:] for row in book.PROCESS_ROWS]
    run_import(book.layout_workbook(book.PROCESS_TOP[1:], book.PROCESS_BOTTOM[1:], rows))
    assert Entry.objects.get(domain=assistance, name="规范性文件").category == Entry.Category.DECISION


def test_third_level_column_and_township_level_heading(assistance):
    result = run_import(book.layout_workbook(book.LEVEL3_TOP, book.LEVEL3_BOTTOM, book.LEVEL3_ROWS))
    assert not result.has_errors() and not result.has_validation_errors()
    tree = [(e.depth, e.name) for e in Entry.objects.filter(domain=assistance).order_by("tree_id", "lft")]
    assert tree == [(0, "临时救助"), (1, "办事指南"), (2, "急难型临时救助"), (2, "支出型临时救助"), (1, "救助标准")]
    urgent = Entry.objects.get(name="急难型临时救助")
    assert (urgent.is_county_level, urgent.is_township_level, urgent.is_village_level) == (False, True, True)
    assert Entry.objects.get(name="救助标准").update_cycle == Entry.UpdateCycle.YEARLY


def test_a_column_no_element_is_read_from_is_reported(assistance):
    dataset = DirectoryFormat().create_dataset(
        book.layout_workbook(book.LEVEL3_TOP, book.LEVEL3_BOTTOM, book.LEVEL3_ROWS))
    assert dataset.unplaced_columns == ["备注"]
    assert DirectoryFormat().create_dataset(book.county_workbook()).unplaced_columns == []  # 序号 is not reported


def test_import_preview_lists_the_columns_it_does_not_import(assistance, admin_client):
    content = book.layout_workbook(book.LEVEL3_TOP, book.LEVEL3_BOTTOM, book.LEVEL3_ROWS)
    response = admin_client.post(reverse("admin:catalog_entry_import"),
                                 {"import_file": f.uploaded("目录.xlsx", content), "format": "0"})
    assert response.status_code == 200 and "confirm_form" in response.context
    page = response.content.decode()
    assert "未导入的列：备注" in page
    assert Entry.objects.count() == 0  # only the preview so far


@pytest.mark.parametrize(
    ("text", "category"),
    [("决策", Entry.Category.DECISION), ("执行公开", Entry.Category.EXECUTION), ("管理", Entry.Category.MANAGEMENT),
     ("服务", Entry.Category.SERVICE), ("结果", Entry.Category.RESULT), ("其他", None)],
)
def test_process_words_name_the_category(text, category):
    assert parse_category(text) == category


def test_categories_survive_the_round_trip_in_a_leading_process_column(assistance):
    run_import(book.layout_workbook(book.PROCESS_TOP, book.PROCESS_BOTTOM, book.PROCESS_ROWS))
    before = directory(assistance) + [(e.name, e.category) for e in Entry.objects.order_by("tree_id", "lft")]
    content = DirectoryFormat().export_data(EntryResource().export(Entry.objects.all()))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert [sheet.cell(2, 1).value, sheet.cell(4, 1).value, sheet.cell(5, 1).value] == ["过程", "决策", "结果"]
    Entry.objects.all().delete()
    result = run_import(content)
    assert not result.has_validation_errors() and result.unplaced_columns == []
    assert directory(assistance) + [(e.name, e.category) for e in Entry.objects.order_by("tree_id", "lft")] == before
