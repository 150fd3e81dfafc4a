# ruff: noqa: E501  (one catalogue row per line reads best)
"""Recall: the words citizens type find the items they are after (DESIGN §7).

A small county catalogue with items titled the way county sites title them, filed under the standard directory's
domains and entries, and the seeded synonym dictionary (migration 0010). Each everyday query lists the items it
must find; a few also list items it must not. Run on SQLite by default and on PostgreSQL with DATABASE_URL.
"""

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from catalog import search
from catalog.models import Publication
from tests import factories

pytestmark = pytest.mark.django_db

# organ: (name, the division it belongs to)
DEPARTMENTS = {
    "civil": ("示范县民政局", "county"),
    "medical": ("示范县医疗保障局", "county"),
    "hr": ("示范县人力资源和社会保障局", "county"),
    "health": ("示范县卫生健康局", "county"),
    "police": ("示范县公安局", "county"),
    "education": ("示范县教育体育局", "county"),
    "land": ("示范县自然资源和规划局", "county"),
    "housing": ("示范县住房和城乡建设局", "county"),
    "finance": ("示范县财政局", "county"),
    "farming": ("示范县农业农村局", "county"),
    "ecology": ("示范县生态环境分局", "county"),
    "market": ("示范县市场监督管理局", "county"),
    "enforcement": ("示范县综合行政执法局", "county"),
    "justice": ("示范县司法局", "county"),
    "emergency": ("示范县应急管理局", "county"),
    "trading": ("示范县公共资源交易中心", "county"),
    "taoyuan": ("桃源镇人民政府", "taoyuan"),
    "chengguan": ("城关镇人民政府", "chengguan"),
    "guihua": ("桂花村民委员会", "guihua"),
}

# key: (organ, domain, 一级事项, 二级事项, title, document number)
ITEMS = {
    "dibao_list": ("guihua", "社会救助", "最低生活保障", "低保对象名单", "桂花村2026年3月城乡最低生活保障对象名单公示", ""),
    "dibao_fund": ("civil", "社会救助", "最低生活保障", "低保资金发放", "示范县2026年第一季度城乡低保金发放情况", ""),
    "dibao_policy": ("civil", "社会救助", "最低生活保障", "低保政策和办事指南", "示范县城乡居民最低生活保障实施办法",
                     "示政办发〔2025〕12号"),
    "tekun_list": ("taoyuan", "社会救助", "特困人员救助供养", "特困人员名单", "桃源镇2026年特困人员救助供养对象名单", ""),
    "tekun_standard": ("civil", "社会救助", "特困人员救助供养", "救助供养标准", "关于提高2026年特困人员基本生活标准的通知",
                       ""),
    "linshi": ("civil", "社会救助", "临时救助", "临时救助对象", "2026年1月临时救助对象情况公示", ""),
    "canji": ("civil", "社会救助", "残疾人两项补贴", "补贴发放名单",
              "2026年第一季度困难残疾人生活补贴和重度残疾人护理补贴发放名单", ""),
    "gaoling": ("civil", "养老服务", "养老补贴", "高龄津贴发放", "2026年3月80周岁以上老年人高龄津贴发放名单", ""),
    "gaoling_town": ("chengguan", "养老服务", "养老补贴", "高龄津贴发放", "城关镇2026年第一季度高龄补贴发放情况", ""),
    "institutions": ("civil", "养老服务", "养老服务机构", "机构名录", "示范县养老机构名录（2026年）", ""),
    "nursing_home": ("taoyuan", "养老服务", "养老服务机构", "机构运营情况", "桃源镇敬老院2026年入住老人情况公示", ""),
    "medical_fees": ("medical", "社会保险", "参保缴费", "缴费标准",
                     "关于做好2026年度城乡居民基本医疗保险参保缴费工作的通知", ""),
    "medical_benefits": ("medical", "社会保险", "待遇享受", "医保待遇", "示范县2026年城乡居民医保待遇政策解读", ""),
    "critical_illness": ("medical", "社会保险", "待遇享受", "医保待遇", "2026年城乡居民大病保险政策问答", ""),
    "pension": ("hr", "社会保险", "参保缴费", "缴费标准", "2026年城乡居民基本养老保险缴费档次调整的通知", ""),
    "unemployment": ("hr", "社会保险", "待遇享受", "失业保险待遇", "2026年失业保险金申领指南", ""),
    "family_doctor": ("health", "卫生健康", "公共卫生服务", "基本公共卫生服务", "2026年家庭医生签约服务工作方案", ""),
    "family_planning": ("health", "卫生健康", "计划生育与优生", "奖励扶助",
                        "2026年农村部分计划生育家庭奖励扶助对象公示", ""),
    "settling": ("police", "户籍管理", "户口登记与迁移", "办事指南", "示范县户口迁移（落户）办事指南", ""),
    "id_card": ("police", "户籍管理", "居民身份证与居住证", "办事指南", "居民身份证办理须知", ""),
    "enrolment": ("education", "义务教育", "招生入学", "招生方案", "示范县2026年义务教育阶段学校招生入学工作实施方案",
                  ""),
    "school_zones": ("education", "义务教育", "招生入学", "施教区划分", "2026年城区小学施教区划分公告", ""),
    "middle_school": ("education", "义务教育", "招生入学", "招生方案", "2026年初中招生工作通知", ""),
    "student_aid": ("education", "义务教育", "学生资助", "资助名单", "2026年春季学期家庭经济困难学生资助名单公示", ""),
    "public_jobs": ("hr", "就业", "就业创业扶持", "公益性岗位", "2026年公益性岗位招聘公告", ""),
    "startup_loans": ("hr", "就业", "就业创业扶持", "创业担保贷款", "2026年第一批创业担保贷款贴息名单公示", ""),
    "job_subsidies": ("hr", "就业", "就业创业扶持", "补贴发放", "2026年就业创业补贴申领公示", ""),
    "land_notice": ("land", "征地补偿", "征收土地预公告", "预公告", "桃源镇桂花村2026年第1批次征收土地预公告", ""),
    "land_plan": ("land", "征地补偿", "征地补偿安置方案", "方案公告", "示范县2026年第1批次征地补偿安置方案公告", ""),
    "demolition": ("housing", "国有土地上房屋征收与补偿", "征收决定", "决定公告",
                   "关于老城区棚户区改造项目房屋征收决定的公告", ""),
    "dilapidated": ("taoyuan", "农村危房改造", "对象认定与公示", "对象公示", "桃源镇2026年农村危房改造对象公示", ""),
    "homestead": ("taoyuan", "城乡规划", "规划许可", "乡村建设规划许可", "桃源镇2026年第一批农村宅基地审批结果公示", ""),
    "property": ("land", "城乡规划", "不动产登记", "办事指南", "不动产登记办事指南", ""),
    "accounts": ("finance", "财政预决算", "部门预决算", "部门决算", "示范县民政局2025年度部门决算公开", ""),
    "three_public": ("finance", "财政预决算", "部门预决算", "三公经费", "示范县2025年度“三公”经费决算情况说明", ""),
    "village_affairs": ("guihua", "村务党务财务公开", "村务公开", "村级重大事项", "桂花村2026年第一季度村务公开", ""),
    "village_finance": ("guihua", "村务党务财务公开", "财务公开", "收支明细", "桂花村2026年3月村集体财务收支明细", ""),
    "party_affairs": ("guihua", "村务党务财务公开", "党务公开", "组织建设", "中共桂花村支部委员会2026年第一季度党务公开",
                      ""),
    "soil_subsidy": ("farming", "涉农补贴", "补贴对象和发放", "地力补贴", "2026年耕地地力保护补贴发放公示", ""),
    "machinery": ("farming", "涉农补贴", "补贴对象和发放", "农机补贴", "2026年农机购置与应用补贴资金兑付情况公示", ""),
    "one_card": ("finance", "涉农补贴", "补贴对象和发放", "一卡通", "2026年惠民惠农财政补贴资金“一卡通”发放情况", ""),
    "poverty": ("farming", "扶贫（乡村振兴）", "防止返贫监测帮扶", "监测对象", "2026年防止返贫监测对象名单公示", ""),
    "eia": ("ecology", "生态环境", "环境影响评价", "审批公示",
            "关于示范县污水处理厂扩建项目环境影响评价文件拟审批的公示", ""),
    "food_checks": ("market", "食品药品监管", "监督抽检", "抽检信息", "2026年第1期食品安全监督抽检信息公告", ""),
    "city_fines": ("enforcement", "城市综合执法", "执法结果", "处罚结果", "2026年3月城市管理行政处罚结果公示", ""),
    "legal_aid": ("justice", "公共法律服务", "法律援助", "办事指南", "示范县法律援助申请指南", ""),
    "licence": ("market", "市场监管", "登记注册", "办事指南", "个体工商户营业执照办理指南", ""),
    "tender": ("trading", "公共资源交易", "工程建设项目招标投标", "招标公告", "示范县第二中学教学楼建设工程施工招标公告",
               ""),
    "disaster": ("emergency", "救灾", "救灾款物", "资金分配", "2026年第一批自然灾害救助资金分配情况公示", ""),
    "safety": ("emergency", "安全生产", "安全生产监督检查", "检查计划", "2026年安全生产监督检查计划", ""),
}

# query: (items it must find, items it must not find)
QUERIES = {
    "低保": ({"dibao_list", "dibao_fund", "dibao_policy"}, {"tekun_list", "linshi"}),
    "最低生活保障": ({"dibao_list", "dibao_fund", "dibao_policy"}, {"tekun_list"}),
    "低保户": ({"dibao_list", "dibao_fund"}, set()),
    "低保对象名单": ({"dibao_list"}, {"tekun_list"}),
    "五保": ({"tekun_list", "tekun_standard"}, {"dibao_list"}),
    "五保户": ({"tekun_list", "tekun_standard"}, set()),
    "特困供养": ({"tekun_list"}, set()),
    "临时救助": ({"linshi"}, set()),
    "残疾人补贴": ({"canji"}, set()),
    "两项补贴": ({"canji"}, set()),
    "高龄津贴": ({"gaoling", "gaoling_town"}, set()),
    "高龄补贴": ({"gaoling", "gaoling_town"}, set()),
    "养老院": ({"institutions", "nursing_home"}, set()),
    "敬老院": ({"institutions", "nursing_home"}, set()),
    "医保": ({"medical_fees", "medical_benefits"}, {"pension"}),
    "医疗保险": ({"medical_fees", "medical_benefits"}, set()),
    "新农合": ({"medical_fees", "medical_benefits"}, {"pension"}),
    "大病医保": ({"critical_illness"}, set()),
    "养老保险": ({"pension"}, set()),
    "新农保": ({"pension"}, {"medical_fees"}),
    "社保": ({"medical_fees", "medical_benefits", "critical_illness", "pension", "unemployment"}, set()),
    "失业金": ({"unemployment"}, set()),
    "家庭医生": ({"family_doctor"}, set()),
    "计生": ({"family_planning"}, set()),
    "户口": ({"settling"}, set()),
    "落户": ({"settling"}, set()),
    "身份证": ({"id_card"}, set()),
    "义务教育入学": ({"enrolment"}, set()),
    "招生": ({"enrolment", "middle_school"}, set()),
    "小升初": ({"middle_school"}, set()),
    "学区": ({"school_zones"}, set()),
    "助学金": ({"student_aid"}, set()),
    "公益岗": ({"public_jobs"}, set()),
    "创业贷款": ({"startup_loans"}, set()),
    "就业补贴": ({"job_subsidies"}, set()),
    "征地": ({"land_notice", "land_plan"}, set()),
    "征地补偿": ({"land_plan"}, set()),
    "拆迁": ({"demolition"}, set()),
    "危房改造": ({"dilapidated"}, set()),
    "危改": ({"dilapidated"}, set()),
    "宅基地": ({"homestead"}, set()),
    "农村建房审批": ({"homestead"}, set()),
    "房产证": ({"property"}, set()),
    "预决算": ({"accounts", "three_public"}, set()),
    "三公经费": ({"three_public"}, {"accounts"}),
    "三务": ({"village_affairs", "village_finance", "party_affairs"}, {"dibao_list"}),
    "村务公开": ({"village_affairs"}, set()),
    "村财务": ({"village_finance"}, set()),
    "种粮补贴": ({"soil_subsidy"}, set()),
    "农机补贴": ({"machinery"}, set()),
    "惠农补贴": ({"soil_subsidy", "machinery", "one_card"}, set()),
    "防返贫": ({"poverty"}, set()),
    "环评": ({"eia"}, set()),
    "食品抽检": ({"food_checks"}, set()),
    "城管": ({"city_fines"}, set()),
    "法援": ({"legal_aid"}, set()),
    "个体户": ({"licence"}, set()),
    "执照": ({"licence"}, set()),
    "招投标": ({"tender"}, set()),
    "救灾": ({"disaster"}, set()),
    "安监": ({"safety"}, set()),
    "示政办发": ({"dibao_policy"}, set()),
    "桂花村 低保": ({"dibao_list"}, {"dibao_fund"}),
}


def build_county() -> dict[str, Publication]:
    county = factories.county(code="339988000000", name="示范县")
    taoyuan = factories.township(county, segment="101", name="桃源镇")
    places = {
        "county": county,
        "taoyuan": taoyuan,
        "chengguan": factories.township(county, segment="102", name="城关镇"),
        "guihua": factories.village(taoyuan, suffix="201", name="桂花村"),
    }
    organs = {key: factories.department(places[place], name=name) for key, (name, place) in DEPARTMENTS.items()}
    domains, entries, items = {}, {}, {}
    now = timezone.now()
    for key, (organ, domain, top, leaf, title, number) in ITEMS.items():
        if domain not in domains:
            domains[domain] = factories.domain(domain, code=f"d{len(domains)}")
        if (domain, top) not in entries:
            entries[domain, top] = factories.entry(domains[domain], name=top)
        if (domain, top, leaf) not in entries:
            entries[domain, top, leaf] = factories.entry(parent=entries[domain, top], name=leaf)
        items[key] = factories.publication(
            entries[domain, top, leaf], organs[organ], title=title, document_number=number,
            status=Publication.Status.PUBLISHED, published_at=now, body=f"<p>{title}。现予以公开。</p>",
        )
    return items


@pytest.fixture(scope="module")
def county(django_db_setup, django_db_blocker):
    """The catalogue, built once inside a transaction rolled back after this module's tests."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_county()
        transaction.set_rollback(True)


def found(query: str) -> set[int]:
    terms = search.query_terms(search.clean_query(query)[0])
    return set(search.match_terms(Publication.objects.public(), terms).values_list("pk", flat=True))


def test_the_recall_set_has_at_least_forty_everyday_queries():
    assert len(QUERIES) >= 40
    assert set().union(*(must for must, _never in QUERIES.values())) <= set(ITEMS)


@pytest.mark.parametrize("query", list(QUERIES))
def test_everyday_query_finds_its_items(county, query):
    must, never = QUERIES[query]
    got = found(query)
    missing = {key for key in must if county[key].pk not in got}
    wrong = {key for key in never if county[key].pk in got}
    assert (missing, wrong) == (set(), set())


def test_a_township_filter_finds_the_villages_items(county, client):
    township = county["dibao_list"].division.parent
    response = client.get(reverse("catalog:search"), {"q": "低保", "division": township.code})
    assert [hit.publication.pk for hit in response.context["hits"]] == [county["dibao_list"].pk]
