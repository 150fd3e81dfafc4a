"""Demo supervision data: assessment rules for this year and last, last year's annual report inputs, and last
year's reports published for the county government, one township and two departments."""

import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from catalog.models import Department, Division, Level
from portal import fictional
from portal.models import SiteInfo
from portal.reports import publishing
from portal.reports.models import (
    AnnualReportInput,
    AssessmentRule,
    PublishedAnnualReport,
    ReviewCase,
    WebsiteYearInput,
)

SEED = 2026

OVERVIEW = (
    "{year}年，{name}认真贯彻落实《中华人民共和国政府信息公开条例》，以基层政务公开标准化规范化为抓手，"
    "按照标准目录梳理公开事项，完善县、乡、村三级公开体系，主动公开、依申请公开、政策解读和回应关切工作有序推进。"
    "全年通过政府网站、政务新媒体、公开查阅点和村（社区）公示栏等渠道及时发布各类政府信息，"
    "群众获取信息更加便捷。"
)
PROBLEMS = (
    "一是部分单位公开时效性不强，个别信息超过公开时限发布；二是政策解读形式较为单一；"
    "三是村级公开栏更新不够及时。下一步，将把公开时限纳入季度考核，加强对乡镇、村（社区）的业务培训，"
    "推行图解、视频等多样化解读形式。"
)
OTHER = (
    "本年度{fee_text}。本机关未收取政府信息公开信息处理费。"
    "人大代表建议和政协委员提案办理结果均已按规定公开。"
)


# The footer's details, plainly fictional: no real organ, record number or telephone.
DEMO_SITE = {
    "organiser": "示范县人民政府办公室（演示）",
    "undertaker": "示范县大数据发展中心（演示）",
    "address": "示范县人民大道1号（虚构地址）",
    "postcode": "000000",
    "phone": "0000-00000000（演示号码）",
    "email": "gongkai@example.org",
    "site_code": "0000000000",
    "icp_number": "示ICP备00000000号（演示）",
    "police_number": "示公网安备00000000000000号（演示）",
    "conac_url": "https://bszs.conac.cn/sitename?method=show&id=DEMO",
    "is_demo": True,
}


def load(out):
    SiteInfo(pk=1, **DEMO_SITE).save()
    today = timezone.localdate()
    for year in (today.year - 1, today.year):
        AssessmentRule.objects.update_or_create(year=year, defaults={
            "weight_coverage": 20, "weight_timeliness": 20, "weight_requests": 20, "weight_satisfaction": 15,
            "weight_callbacks": 10, "weight_rectification": 10, "weight_messages": 5,
            "overdue_penalty": Decimal("2.0"), "green_min": Decimal("90.0"), "yellow_min": Decimal("75.0"),
            "note": f"{year}年政务公开季度考核办法",
        })
    year = today.year - 1
    rng = random.Random(SEED)
    governments = Division.objects.governments().order_by("code")
    for division in governments:
        is_county = division.level == Level.COUNTY
        scale = 10 if is_county else 1
        fee = Decimal(rng.randint(50, 900) * scale) / 100
        lookup = {"year": year, "division": division, "department": None}
        report, _created = AnnualReportInput.objects.update_or_create(**lookup, defaults={
            "licensing_decisions": rng.randint(200, 600) * scale,
            "penalty_decisions": rng.randint(20, 120) * scale,
            "coercion_decisions": rng.randint(0, 15) * scale,
            "fee_amount": fee,
            "overview": OVERVIEW.format(year=year, name=division.name + ("人民政府" if is_county else "")),
            "problems": PROBLEMS,
            "other_matters": OTHER.format(fee_text=f"行政事业性收费共计{fee}万元"),
        })
        if is_county:
            cases = [
                ("reconsideration", "upheld", f"示复字〔{year}〕3号"),
                ("reconsideration", "corrected", f"示复字〔{year}〕11号"),
                ("reconsideration", "pending", f"示复字〔{year}〕27号"),
                ("lawsuit_direct", "upheld", f"（{year}）浙0799行初15号"),
                ("lawsuit_after", "other", f"（{year}）浙0799行初42号"),
            ]
            for kind, result, number in cases:
                ReviewCase.objects.update_or_create(
                    report=report, case_number=number, defaults={"kind": kind, "result": result})
    # What the office would copy from its statistics tool and other systems: invented figures for the demo.
    WebsiteYearInput.objects.update_or_create(year=year, defaults={
        "home_url": "https://gongkai.example.gov.cn/", "unique_visitors": 38_612, "page_views": 412_905,
        "overview_updates": 36, "news_updates": 418, "columns_maintained": 24, "columns_opened": 3,
        "interpretation_products": 9, "media_commentaries": 4, "hot_topic_responses": 6,
        "unified_platform": True, "consultations_held": 5, "consultation_opinions": 137, "consultation_results": 5,
        "security_checks": 4, "security_findings": 7, "security_fixed": 7, "security_monitoring": True,
        "emergency_drills": True, "security_owner": True, "new_media": True,
        "wechat_name": "示范县发布（演示）", "wechat_posts": 1_206, "wechat_subscribers": 52_310,
        "search_as_service": True, "multilingual": False, "personalised": False,
        "filled_by": "演示填报人", "contact_phone": fictional.landline(6000),
    })
    published = publish_reports(year, rng)
    out.write(f"  考核规则 {AssessmentRule.objects.count()} 年，年度报告填报 {AnnualReportInput.objects.count()} 份，"
              f"已发布年报 {published} 份")
    return []


# Besides the county government's report, the demo publishes these townships' and departments' reports.
PUBLISHED_GOVERNMENTS = ["城关镇人民政府"]
PUBLISHED_DEPARTMENTS = ["县民政局", "县教育体育局"]


def publish_reports(year: int, rng: random.Random) -> int:
    """Publish last year's reports as the demo administrator (publishing.publish); already published ones stay."""
    by = get_user_model().objects.get(username="admin")
    offices = Department.objects.filter(is_disclosure_office=True, name__in=PUBLISHED_GOVERNMENTS)
    inputs = list(AnnualReportInput.objects.filter(year=year, department__isnull=True).filter(
        Q(division__level=Level.COUNTY) | Q(division__in=offices.values("division"))))
    for department in Department.objects.filter(name__in=PUBLISHED_DEPARTMENTS).select_related("division"):
        report, _created = AnnualReportInput.objects.update_or_create(
            year=year, division=department.division, department=department, defaults={
                "licensing_decisions": rng.randint(20, 200), "penalty_decisions": rng.randint(5, 60),
                "coercion_decisions": rng.randint(0, 5), "fee_amount": Decimal(rng.randint(0, 300)) / 100,
                "overview": OVERVIEW.format(year=year, name=department.name), "problems": PROBLEMS,
                "other_matters": OTHER.format(fee_text="本部门行政事业性收费按规定公示"),
            })
        inputs.append(report)
    for report_input in inputs:
        if publishing.status(report_input) == publishing.UNPUBLISHED:
            publishing.publish(report_input, by=by)
    return PublishedAnnualReport.objects.filter(year=year).count()
