"""政府网站工作年度报表 (the website's own annual statistics, form of 国办发〔2017〕47号 《政府网站发展指引》).

Every figure the portal records is counted here — items published under the disclosure directory, policy
interpretations, 留言 received, answered and answered in public, the accessibility modes — and the site's identity
comes from the footer settings (SiteInfo). The rest (visits from the county's statistics tool, services, security,
new media, signatures) is entered by the disclosure office in the admin (WebsiteYearInput); an empty entry shows as
未填, never as 0. A sum with an empty part shows the known parts' sum marked 部分未填.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Avg, Count, F, Q

from catalog.models import Publication
from feedback.models import Message
from portal.localdates import local_day_bounds
from portal.models import SiteInfo
from portal.reports.models import WebsiteYearInput

COUNTED, ENTERED, MISSING, PARTIAL = "自动统计", "人工填报", "未填", "部分未填"


@dataclass
class Row:
    label: str
    value: object
    source: str
    indent: int = 0

    @property
    def shown(self) -> str:
        if self.source == MISSING:
            return "未填"
        if isinstance(self.value, bool):
            return "是" if self.value else "否"
        return "" if self.value is None else str(self.value)


@dataclass
class Section:
    title: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class WebsiteReport:
    year: int
    entered: WebsiteYearInput | None
    sections: list[Section]

    @property
    def missing(self) -> int:
        return sum(row.source == MISSING for section in self.sections for row in section.rows)


def _entered(inputs: WebsiteYearInput | None, name: str, label: str, indent: int = 0) -> Row:
    value = getattr(inputs, name) if inputs is not None else None
    if value in (None, ""):
        return Row(label, None, MISSING, indent)
    return Row(label, value, ENTERED, indent)


def _total(label: str, parts: list[Row], indent: int = 0) -> Row:
    known = [row.value for row in parts if row.source != MISSING]
    source = COUNTED if len(known) == len(parts) else PARTIAL
    return Row(label, sum(known), source, indent)


def _counted(label: str, value, indent: int = 0) -> Row:
    return Row(label, value, COUNTED, indent)


def _figures(year: int) -> dict:
    start, end = local_day_bounds(dt.date(year, 1, 1), dt.date(year, 12, 31))
    published = Publication.objects.filter(published_at__gte=start, published_at__lt=end).aggregate(
        items=Count("pk"),
        interpretations=Count("pk", filter=Q(document_type=Publication.DocumentType.INTERPRETATION)),
    )
    messages = Message.objects.filter(created_at__gte=start, created_at__lt=end).aggregate(
        received=Count("pk"),
        answered=Count("pk", filter=Q(answered_at__isnull=False)),
        public=Count("pk", filter=Q(is_published=True, answered_at__isnull=False)),
        mean=Avg(F("answered_at") - F("created_at"), filter=Q(answered_at__isnull=False)),
    )
    mean = messages["mean"]
    days = None
    if mean is not None:
        seconds = mean.total_seconds() if isinstance(mean, dt.timedelta) else float(mean) / 1_000_000
        days = (Decimal(seconds) / Decimal(86400)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return {**published, **messages, "mean_days": days}


def build(year: int) -> WebsiteReport:
    """The form for `year`, in the order and with the labels of the national form."""
    inputs = WebsiteYearInput.objects.filter(year=year).first()
    site = SiteInfo.current()
    figures = _figures(year)

    def entered(name: str, label: str, indent: int = 0) -> Row:
        return _entered(inputs, name, label, indent)

    identity = Section("网站基本信息", [
        _counted("网站名称", settings.PORTAL_TITLE),
        entered("home_url", "首页网址"),
        _counted("主办单位", site.organiser),
        Row("网站类型", (inputs.get_site_type_display() if inputs else WebsiteYearInput.SiteType.PORTAL.label),
            ENTERED if inputs else COUNTED),
        Row("政府网站标识码", site.site_code, COUNTED if site.site_code else MISSING),
        Row("ICP备案号", site.icp_number, COUNTED if site.icp_number else MISSING),
        Row("公安机关备案号", site.police_number, COUNTED if site.police_number else MISSING),
        entered("unique_visitors", "独立用户访问总量（单位：个）"),
        entered("page_views", "网站总访问量（单位：次）"),
    ])
    updates = [entered("overview_updates", "概况类信息更新量", 1), entered("news_updates", "政务动态信息更新量", 1),
               _counted("信息公开目录信息更新量", figures["items"], 1)]
    publishing = Section("信息发布（单位：条）", [_total("总数", updates), *updates])
    columns = Section("专栏专题（单位：个）", [entered("columns_maintained", "维护数量"),
                                        entered("columns_opened", "新开设数量")])
    readings = [_counted("解读材料数量", figures["interpretations"], 1),
                entered("interpretation_products", "解读产品数量", 1),
                entered("media_commentaries", "媒体评论文章数量", 1)]
    responses = Section("解读回应", [
        _total("解读信息发布总数（单位：条）", readings), *readings,
        entered("hot_topic_responses", "回应公众关注热点或重大舆情数量（单位：次）"),
    ])
    cases = [entered("cases_persons", "自然人办件量", 1), entered("cases_organisations", "法人办件量", 1)]
    services = Section("办事服务", [
        entered("service_catalogue", "是否发布服务事项目录"),
        entered("registered_users", "注册用户数（单位：个）"),
        entered("service_items", "政务服务事项数量（单位：项）"),
        entered("online_service_items", "可全程在线办理政务服务事项数量（单位：项）"),
        entered("cases_total", "办件量（单位：件）总数"), *cases,
    ])
    interaction = Section("互动交流", [
        entered("unified_platform", "是否使用统一平台"),
        _counted("留言办理：收到留言数量（单位：条）", figures["received"]),
        _counted("留言办理：办结留言数量（单位：条）", figures["answered"]),
        Row("留言办理：平均办理时间（单位：天）", figures["mean_days"],
            COUNTED if figures["mean_days"] is not None else MISSING),
        _counted("留言办理：公开答复数量（单位：条）", figures["public"]),
        entered("consultations_held", "征集调查：征集调查期数（单位：期）"),
        entered("consultation_opinions", "征集调查：收到意见数量（单位：条）"),
        entered("consultation_results", "征集调查：公布调查结果期数（单位：期）"),
        entered("interviews", "在线访谈：访谈期数（单位：期）"),
        entered("interview_questions", "在线访谈：网民留言数量（单位：条）"),
        entered("interview_answers", "在线访谈：答复网民提问数量（单位：条）"),
        entered("smart_qa", "是否提供智能问答功能"),
    ])
    security = Section("安全防护", [
        entered("security_checks", "安全检测评估次数（单位：次）"),
        entered("security_findings", "发现问题数量（单位：个）"),
        entered("security_fixed", "问题整改数量（单位：个）"),
        entered("security_monitoring", "是否建立安全监测预警机制"),
        entered("emergency_drills", "是否开展应急演练"),
        entered("security_owner", "是否明确网站安全责任人"),
    ])
    media = Section("移动新媒体", [
        entered("new_media", "是否有移动新媒体"),
        entered("weibo_name", "微博：名称"), entered("weibo_posts", "微博：信息发布量（单位：条）"),
        entered("weibo_followers", "微博：关注量（单位：个）"),
        entered("wechat_name", "微信：名称"), entered("wechat_posts", "微信：信息发布量（单位：条）"),
        entered("wechat_subscribers", "微信：订阅数（单位：个）"),
        entered("other_new_media", "其他"),
    ])
    innovation = Section("创新发展", [
        entered("search_as_service", "搜索即服务"),
        entered("multilingual", "多语言版本"),
        # The portal's large-font and high-contrast modes and its screen-reader labels (GB/T 37668).
        _counted("无障碍浏览", True),
        entered("personalised", "千人千网"),
        entered("other_innovation", "其他"),
    ])
    signatures = Section("填报信息", [
        entered("head", "单位负责人"), entered("reviewer", "审核人"), entered("filled_by", "填报人"),
        entered("contact_phone", "联系电话"), entered("filled_on", "填报日期"),
    ])
    return WebsiteReport(year, inputs, [identity, publishing, columns, responses, services, interaction, security,
                                        media, innovation, signatures])
