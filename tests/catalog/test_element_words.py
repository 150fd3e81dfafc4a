"""The words of a directory sheet read as standard elements: numbers in Chinese, time limits, channels, cycles."""

import pytest

from catalog.excel import elements
from catalog.excel.elements import (
    chinese_number,
    parse_audience,
    parse_category,
    parse_channels,
    parse_levels,
    parse_mode,
    parse_time_limit,
    parse_update_cycle,
)
from catalog.models import Entry
from catalog.models.directory import Channel


@pytest.mark.parametrize(("text", "number"), [
    ("7", 7), ("15", 15), ("七", 7), ("两", 2), ("零", 0), ("十", 10), ("十五", 15), ("二十", 20), ("二十三", 23),
    ("九十九", 99),
])
def test_chinese_number(text, number):
    assert chinese_number(text) == number


@pytest.mark.parametrize(("text", "limit"), [
    ("二十个工作日内公开", (20, None)),
    ("七个工作日内", (7, None)),
    ("十个工作日", (10, None)),
    ("信息形成之日起十五个工作日内", (15, None)),
    ("5工作日内", (5, None)),
    ("10 个 工作日内", (10, None)),
    ("制定或获取信息之日起10个工作日内", (10, None)),
    ("20个工作日内予以公开，公示7个工作日", (20, 7)),
    ("公示5个工作日；公示期满后10个工作日内公开", (10, 5)),
    ("公示五个工作日,期满后二十个工作日内公开", (20, 5)),
    ("公示5个工作日。再次公示7个工作日", (20, 5)),
    ("10个工作日内公开;另20个工作日内更新", (10, None)),
    ("公示时间不少于5个工作日", (20, 5)),
    ("公示期满后再公示7个工作日", (20, 7)),
    ("公示无异议后10个工作日内公开", (10, None)),
    ("公示结束后十个工作日内", (10, None)),
    ("公示期满，10个工作日内公开", (10, None)),
    ("二二十个工作日", (20, None)),
    ("十十个工作日", (10, None)),
    ("经公示无异议后，10个工作日内公开", (10, None)),
    ("经公示无异议后,10个工作日内公开", (10, None)),
    ("经公示无异议后；10个工作日内公开", (10, None)),
    ("经公示无异议后。10个工作日内公开", (10, None)),
])
def test_time_limit_reads_working_days_and_a_posting_period(text, limit):
    assert parse_time_limit(text) == limit


@pytest.mark.parametrize("text", ["15", " 15 ", "15\n"])
def test_bare_number_is_working_days(text):
    assert parse_time_limit(text) == (15, None)


@pytest.mark.parametrize("text", ["", None, "及时公开", "长期公开"])
def test_time_limit_without_a_number_is_the_regulations_twenty_days(text):
    assert parse_time_limit(text) == (elements.DEFAULT_TIME_LIMIT_WORKDAYS, None)
    assert elements.DEFAULT_TIME_LIMIT_WORKDAYS == 20


@pytest.mark.parametrize(("text", "cycle"), [
    ("实时更新，每月汇总", Entry.UpdateCycle.REALTIME),
    ("即时公开", Entry.UpdateCycle.REALTIME),
    ("每月10日前", Entry.UpdateCycle.MONTHLY),
    ("按月公开", Entry.UpdateCycle.MONTHLY),
    ("逐月更新", Entry.UpdateCycle.MONTHLY),
    ("月度报表", Entry.UpdateCycle.MONTHLY),
    ("每季度结束后10个工作日内", Entry.UpdateCycle.QUARTERLY),
    ("每季公开", Entry.UpdateCycle.QUARTERLY),
    ("按季公开", Entry.UpdateCycle.QUARTERLY),
    ("每月汇总、每季度公开", Entry.UpdateCycle.MONTHLY),
    ("每季度汇总、每年公开", Entry.UpdateCycle.QUARTERLY),
    ("每年3月底前", Entry.UpdateCycle.YEARLY),
    ("按年公开", Entry.UpdateCycle.YEARLY),
    ("年度报告", Entry.UpdateCycle.YEARLY),
    ("信息形成之日起20个工作日内", Entry.UpdateCycle.ON_CHANGE),
    ("", Entry.UpdateCycle.ON_CHANGE),
    (None, Entry.UpdateCycle.ON_CHANGE),
])
def test_update_cycle_named_by_the_time_limit(text, cycle):
    assert parse_update_cycle(text) == cycle


@pytest.mark.parametrize(("text", "channels"), [
    ("■政府网站 □政府公报 ■公开查阅点", ["website", "review_point"]),
    ("☑政府网站 ☐政府公报 √入户/现场 ●公示栏 〇广播电视 ○报刊", ["website", "door_to_door", "notice_board"]),
    ("□政府网站 □政府公报", []),
    ("政府网站、公开查阅点", ["website", "review_point"]),
    ("公开查阅点，政府网站", ["website", "review_point"]),
    ("政府网站,微信;政务服务中心；便民服务站 广播", ["website", "social", "broadcast", "service_center",
                                                  "service_station"]),
    ("门户网站、政府网站", ["website"]),
    ("", []),
    (None, []),
    ("发布会/听证会", ["briefing"]),
    ("其它", ["other"]),
    ("精准推送、电子屏、报纸", ["print", "notice_board", "push"]),
    ("某种新渠道", ["other"]),
])
def test_channels_from_ticks_or_a_list_in_the_standard_order(text, channels):
    assert parse_channels(text) == channels


def test_a_channels_own_label_names_it():
    assert all(elements.channel_for_word(str(channel.label)) == channel for channel in Channel)


@pytest.mark.parametrize("word", ["None", "", "某种新渠道"])
def test_a_word_naming_no_channel_is_other(word):
    assert elements.channel_for_word(word) == Channel.OTHER


@pytest.mark.parametrize(("text", "category"), [
    ("决策", Entry.Category.DECISION),
    ("执行公开", Entry.Category.EXECUTION),
    ("管理", Entry.Category.MANAGEMENT),
    ("服务", Entry.Category.SERVICE),
    ("结果", Entry.Category.RESULT),
    ("结果、执行", Entry.Category.RESULT),
    ("执行和结果", Entry.Category.EXECUTION),
    ("结果、执行、结果", Entry.Category.RESULT),
    ("其他", None),
    ("", None),
    (None, None),
])
def test_category_is_the_first_one_written(text, category):
    assert parse_category(text) == category


@pytest.mark.parametrize(("text", "audience"), [
    ("全社会", Entry.Audience.EVERYONE), ("社会公众", Entry.Audience.EVERYONE),
    ("特定群体", Entry.Audience.SPECIFIC), ("特定群众", Entry.Audience.SPECIFIC),
    ("全社会（特定群体另行告知）", Entry.Audience.EVERYONE), ("", None),
])
def test_audience(text, audience):
    assert parse_audience(text) == audience


@pytest.mark.parametrize(("text", "mode"), [
    ("主动", Entry.Mode.PROACTIVE), ("主动公开", Entry.Mode.PROACTIVE), ("依申请公开", Entry.Mode.ON_REQUEST),
    ("主动公开、依申请公开", Entry.Mode.PROACTIVE), ("", None),
])
def test_mode(text, mode):
    assert parse_mode(text) == mode


@pytest.mark.parametrize(("text", "levels"), [
    ("县级", (True, False, False)),
    ("乡级", (False, True, False)),
    ("镇级", (False, True, False)),
    ("街道", (False, True, False)),
    ("村级", (False, False, True)),
    ("社区", (False, False, True)),
    ("县、乡、村", (True, True, True)),
    ("", (False, False, False)),
])
def test_levels(text, levels):
    found = parse_levels(text)
    assert (found["is_county_level"], found["is_township_level"], found["is_village_level"]) == levels
