"""Seed the search synonym dictionary with the everyday words citizens type for the directory's official terms,
domain by domain, and let supervisors (the disclosure office) edit it and read the search statistics."""

from django.db import migrations

from catalog.roles import SUPERVISOR, grant_permissions

# Each group: terms that mean the same to a citizen, the everyday word first. Terms are single runs of letters
# and digits (no punctuation), as the admin form requires.
GROUPS = {
    "社会救助": [
        "低保、最低生活保障、城乡低保、低保户、低保金",
        "低保对象、最低生活保障对象、低保户",
        "五保、特困人员救助供养、特困供养、五保户、五保供养",
        "五保户、特困人员、五保对象",
        "临时救助、急难救助",
        "残疾人补贴、残疾人两项补贴、两项补贴",
    ],
    "养老服务": [
        "高龄津贴、高龄补贴、尊老金、长寿补贴",
        "养老院、敬老院、养老机构",
        "居家养老、居家社区养老、居家养老服务",
    ],
    "卫生健康": [
        "计生、计划生育",
        "家庭医生、家庭医生签约服务、家庭医生签约",
        "医保、医疗保障、医疗保险",
        "新农合、新型农村合作医疗、城乡居民医保、城乡居民基本医疗保险、居民医保",
        "大病保险、大病医保",
    ],
    "社会保险": [
        "社保、社会保险",
        "新农保、城乡居民养老保险、城乡居民基本养老保险、居民养老保险",
        "公积金、住房公积金",
    ],
    "户籍管理": [
        "户口、户籍",
        "身份证、居民身份证",
        "落户、户口迁入",
    ],
    "义务教育": [
        "义务教育入学、义务教育招生",
        "小升初、初中招生",
        "学区、施教区",
        "助学金、学生资助、教育资助",
    ],
    "就业": [
        "失业金、失业保险金",
        "公益岗、公益性岗位",
        "就业补贴、就业创业补贴",
        "创业贷款、创业担保贷款",
    ],
    "征地补偿": [
        "征地、土地征收、征收土地",
        "征地补偿、征地补偿安置、土地补偿",
    ],
    "国有土地上房屋征收与补偿": [
        "拆迁、房屋征收",
    ],
    "农村危房改造": [
        "危改、危房改造、农村危房改造",
    ],
    "城乡规划": [
        "宅基地审批、农村建房审批、建房审批",
        "房产证、不动产权证书、不动产登记",
    ],
    "财政预决算": [
        "预决算、预算决算",
        "三公经费、三公",
    ],
    "村务党务财务公开": [
        "三务、村务党务财务、三务公开",
        "村财务、村级财务、村集体财务",
        "三资、集体资产、农村集体三资",
    ],
    "涉农补贴": [
        "种粮补贴、耕地地力保护补贴、地力补贴",
        "农机补贴、农机购置补贴",
        "惠农补贴、涉农补贴、惠民惠农补贴",
    ],
    "扶贫（乡村振兴）": [
        "扶贫、乡村振兴、巩固脱贫",
        "防返贫、防止返贫、返贫监测",
    ],
    "生态环境": [
        "环评、环境影响评价",
    ],
    "食品药品监管": [
        "食品抽检、食品安全抽检、食品安全监督抽检",
    ],
    "城市综合执法": [
        "城管、城市管理、综合执法",
    ],
    "公共法律服务": [
        "法援、法律援助",
    ],
    "市场监管": [
        "执照、营业执照",
        "个体户、个体工商户",
    ],
    "公共资源交易": [
        "招投标、招标投标",
    ],
    "安全生产": [
        "安监、安全生产监督",
    ],
    "救灾": [
        "救灾、自然灾害救助、灾害救助",
    ],
    "政府信息公开": [
        "年报、年度报告",
        "依申请公开、申请公开",
    ],
}


def seed(apps, schema_editor):
    SearchSynonym = apps.get_model("catalog", "SearchSynonym")
    for groups in GROUPS.values():
        for terms in groups:
            SearchSynonym.objects.get_or_create(terms=terms)
    grant_permissions(apps, schema_editor, {SUPERVISOR: [
        "catalog.view_searchsynonym", "catalog.add_searchsynonym", "catalog.change_searchsynonym",
        "catalog.delete_searchsynonym", "catalog.view_searchlog",
    ]})


def unseed(apps, schema_editor):
    SearchSynonym = apps.get_model("catalog", "SearchSynonym")
    SearchSynonym.objects.filter(terms__in=[terms for groups in GROUPS.values() for terms in groups]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0010_search_synonyms_and_log"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
