"""Reading the standard elements of a directory entry from the words county sheets use."""

import re

from catalog.models.directory import Channel, Entry

DEFAULT_TIME_LIMIT_WORKDAYS = 20  # Regulation Art. 26: within 20 working days of formation or change

_NUMERALS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# A number of working days: digits, or a Chinese numeral up to 九十九 as usually written (十, 十五, 二十三, 七).
_WORKDAYS = re.compile(r"(\d+|[一二两三四五六七八九]?十[一二三四五六七八九]?|[零一二两三四五六七八九])\s*个?\s*工作日")

# Words that name each channel, most specific first.
CHANNEL_WORDS = [
    (Channel.WEBSITE, ["政府网站", "门户网站", "网站"]),
    (Channel.GAZETTE, ["政府公报", "公报"]),
    (Channel.SOCIAL, ["两微一端", "微信", "微博", "客户端", "新媒体"]),
    (Channel.BRIEFING, ["发布会", "听证会"]),
    (Channel.BROADCAST, ["广播", "电视"]),
    (Channel.PRINT, ["纸质媒体", "报刊", "报纸"]),
    (Channel.REVIEW_POINT, ["查阅点", "查阅场所", "查阅室"]),
    (Channel.SERVICE_STATION, ["便民服务站", "服务站"]),
    (Channel.SERVICE_CENTER, ["政务服务中心", "服务中心", "服务大厅"]),
    (Channel.DOOR_TO_DOOR, ["入户", "现场"]),
    (Channel.NOTICE_BOARD, ["公示栏", "公开栏", "宣传栏", "电子屏"]),
    (Channel.PUSH, ["精准推送", "推送"]),
    (Channel.OTHER, ["其他", "其它"]),
]


def chinese_number(text: str) -> int:
    """'7' → 7, '七' → 7, '十' → 10, '二十' → 20, '十五' → 15: digits, or a numeral `_WORKDAYS` matched."""
    if text.isdigit():
        return int(text)
    tens, ten, units = text.partition("十")
    if not ten:
        return _NUMERALS[text]
    return (_NUMERALS[tens] if tens else 1) * 10 + (_NUMERALS[units] if units else 0)


def _names_posting(clause: str) -> bool:
    """Whether the words before a number of working days make it a posting period ("公示7个工作日",
    "公示时间不少于5个工作日") rather than a time limit counted after the posting ("公示期满后10个工作日内公开")."""
    _before, found, after = clause.rpartition("公示")
    return bool(found) and "后" not in after


def parse_time_limit(text: str) -> tuple[int, int | None]:
    """(working days to publish, posting period in working days or None) from a 公开时限 text.

    "制定或获取信息之日起10个工作日内" → (10, None); "…20个工作日内予以公开，公示7个工作日" → (20, 7);
    "公示5个工作日，公示期满后10个工作日内公开" → (10, 5).
    A bare number is taken as working days; with no number of working days in the text the Regulation's
    default of 20 applies.
    """
    limit, posting = None, None
    if (text or "").strip().isdigit():
        return int(text.strip()), None
    for match in _WORKDAYS.finditer(text or ""):
        clause = re.split(r"[，,；;。]", text[: match.start()])[-1]
        days = chinese_number(match.group(1))
        if _names_posting(clause):
            posting = posting if posting is not None else days
        elif limit is None:
            limit = days
    return (DEFAULT_TIME_LIMIT_WORKDAYS if limit is None else limit), posting


# Words of a 公开时限 that name a periodic update cycle, checked in this order (实时 before the periods).
CYCLE_WORDS = [
    (Entry.UpdateCycle.REALTIME, ("实时", "即时")),
    (Entry.UpdateCycle.MONTHLY, ("每月", "按月", "逐月", "月度")),
    (Entry.UpdateCycle.QUARTERLY, ("每季", "按季", "季度")),
    (Entry.UpdateCycle.YEARLY, ("每年", "按年", "年度")),
]


def parse_update_cycle(text: str) -> str:
    """The update cycle a 公开时限 names: "每季度结束后10个工作日内" → quarterly; none named → on change."""
    text = text or ""
    for cycle, words in CYCLE_WORDS:
        if any(word in text for word in words):
            return cycle
    return Entry.UpdateCycle.ON_CHANGE


def channel_for_word(word: str) -> Channel:
    for channel, words in CHANNEL_WORDS:
        if word == str(channel.label) or any(w in word for w in words):
            return channel
    return Channel.OTHER


def parse_channels(text: str) -> list[str]:
    """Channels from "■政府网站 □政府公报 ■公开查阅点" (only ■/☑/√/● count) or "政府网站、公开查阅点"."""
    text = (text or "").strip()
    if re.search(r"[■□☑☐●〇○]", text):
        words = [word for mark, word in re.findall(r"([■□☑☐√●〇○])\s*([^■□☑☐√●〇○]+)", text) if mark in "■☑√●"]
    else:
        words = re.split(r"[、，,；;\s]+", text)
    found = [channel_for_word(word.strip()) for word in words if word.strip()]
    order = [value for value, _label in Channel.choices]
    return sorted({str(channel.value) for channel in found}, key=order.index)


CATEGORY_WORDS = [
    (Entry.Category.DECISION, "决策"),
    (Entry.Category.EXECUTION, "执行"),
    (Entry.Category.MANAGEMENT, "管理"),
    (Entry.Category.SERVICE, "服务"),
    (Entry.Category.RESULT, "结果"),
]


def parse_category(text: str) -> str | None:
    """The 五公开 category a 过程 cell names ("决策", "执行公开" …), the first one written; None if none."""
    found = [(text.find(word), category) for category, word in CATEGORY_WORDS if word in (text or "")]
    return min(found)[1] if found else None


def parse_audience(text: str) -> str | None:
    if "全社会" in text or "社会公众" in text:
        return Entry.Audience.EVERYONE
    if "特定" in text:
        return Entry.Audience.SPECIFIC
    return None


def parse_mode(text: str) -> str | None:
    if "主动" in text:
        return Entry.Mode.PROACTIVE
    if "依申请" in text:
        return Entry.Mode.ON_REQUEST
    return None


def parse_levels(text: str) -> dict[str, bool]:
    return {
        "is_county_level": "县" in text,
        "is_township_level": any(word in text for word in ("乡", "镇", "街道")),
        "is_village_level": "村" in text or "社区" in text,
    }
