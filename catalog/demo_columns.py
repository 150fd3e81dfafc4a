"""Demo content for the two public columns: each directory entry's Art. 20 category, and a 政务公开工作 domain with
every government's disclosure rules, its functions, and the county's statistics, fees and civil-service exams.

Idempotent like the rest of the demo: rows are found by name, publications by (department, title).
"""

import datetime as dt
import random

from django.utils import timezone

from catalog.demo_directory import Publisher
from catalog.models import Department, Division, Domain, Entry, GuidePage, Level, Publication

SEED = 20261129
C = Entry.Column
P = Publication

# (domain code, 一级事项) of the demo directory → the Art. 20 category its items fulfil.
DIRECTORY_COLUMNS = {
    ("major-projects", "批准服务信息"): C.ART20_10,
    ("major-projects", "实施信息"): C.ART20_10,
    ("public-resources", "政府采购"): C.ART20_09,
    ("budget", "政府预决算"): C.ART20_07,
    ("budget", "部门预决算"): C.ART20_07,
    ("work-safety", "安全生产行政许可"): C.ART20_05,
    ("work-safety", "安全生产监督检查"): C.ART20_13,
    ("planning", "规划编制与批准"): C.ART20_03,
    ("planning", "规划许可"): C.ART20_05,
    ("rural-revitalization", "政策与资金"): C.ART20_11,
    ("disaster-relief", "灾害预警与应对"): C.ART20_12,
    ("social-assistance", "最低生活保障"): C.ART20_11,
    ("compulsory-education", "招生入学"): C.ART20_11,
    ("health", "医疗机构与卫生监督"): C.ART20_13,
    ("ecology", "环境影响评价"): C.ART20_05,
    ("ecology", "环境执法"): C.ART20_13,
    ("food-drug", "许可与备案"): C.ART20_05,
    ("food-drug", "监督抽检"): C.ART20_13,
    ("food-drug", "案件查处"): C.ART20_06,
    ("urban-enforcement", "执法结果"): C.ART20_06,
    ("employment", "就业服务"): C.ART20_11,
    ("employment", "就业创业扶持"): C.ART20_11,
    ("social-insurance", "参保缴费"): C.ART20_11,
    ("market-regulation", "监督检查"): C.ART20_13,
}

DOMAIN = {"code": "open-government", "name": "政务公开工作",
          "description": "政府信息公开制度、机构职能，以及统计信息、收费项目、公务员招考等法定主动公开内容。"}

# Entries of the 政务公开工作 domain: (name, column, levels "县乡", content, basis).
ENTRIES = [
    ("政府信息公开制度", C.RULES, "县乡", "主动公开、依申请公开、保密审查、发布审核、监督考核等工作制度",
     "《中华人民共和国政府信息公开条例》第四条"),
    ("机构职能", C.ART20_02, "县乡", "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名",
     "《中华人民共和国政府信息公开条例》第二十条第（二）项"),
    ("统计信息", C.ART20_04, "县", "国民经济和社会发展统计公报、主要统计数据",
     "《中华人民共和国政府信息公开条例》第二十条第（四）项"),
    ("行政事业性收费", C.ART20_08, "县", "收费项目、依据、标准",
     "《中华人民共和国政府信息公开条例》第二十条第（八）项"),
    ("公务员招考", C.ART20_14, "县", "招考职位、名额、报考条件、录用结果",
     "《中华人民共和国政府信息公开条例》第二十条第（十四）项"),
]

RULES = [
    ("政府信息主动公开制度", "明确主动公开的范围、渠道和时限，属于主动公开范围的政府信息"
                          "自形成或者变更之日起20个工作日内公开。"),
    ("政府信息依申请公开工作制度", "规定申请的接收、登记、补正、征求意见、答复和送达程序，答复期限为20个工作日，"
                              "延长答复期限的须经工作机构负责人同意，延长不超过20个工作日。"),
    ("政府信息公开保密审查制度", "拟公开的政府信息由起草单位依照保密法律法规进行审查，"
                              "不能确定是否可以公开的，报有关主管部门确定。"),
    ("政府信息发布审核制度", "公开前实行“先审查、后发布”，经办人起草、科室负责人审核、分管领导签发后发布。"),
    ("政务公开工作考核制度", "将政务公开工作纳入年度绩效考核，实行社会评议和责任追究，考核结果予以通报。"),
]


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def assign_directory_columns() -> int:
    """File the demo directory's items under their Art. 20 categories; returns the number of entries changed."""
    codes = {code for code, _top in DIRECTORY_COLUMNS}
    # The directory text's 一级事项 names are stored as parsed (with the space after "#"): compare them stripped.
    tops = {(code, name.strip()): pk for pk, code, name in Entry.objects.filter(
        parent=None, domain__code__in=codes).values_list("pk", "domain__code", "name")}
    changed = 0
    for key, column in DIRECTORY_COLUMNS.items():
        if key in tops:
            changed += Entry.objects.filter(parent_id=tops[key]).update(column=column)
    return changed


def load_entries() -> dict[str, Entry]:
    domain, _ = Domain.objects.update_or_create(
        code=DOMAIN["code"],
        defaults={"name": DOMAIN["name"], "description": DOMAIN["description"], "order": 0,
                  "is_county_level": True, "is_township_level": True, "is_village_level": False},
    )
    entries = {}
    for order, (name, column, levels, content, basis) in enumerate(ENTRIES, start=1):
        entries[name], _ = Entry.objects.update_or_create(
            domain=domain, parent=None, name=name,
            defaults={"order": order, "column": column, "content": content, "basis": basis,
                      "channels": ["website", "review_point"], "mode": Entry.Mode.PROACTIVE,
                      "category": Entry.Category.MANAGEMENT, "publisher_text": "县人民政府、乡镇人民政府（街道办事处）",
                      "is_county_level": "县" in levels, "is_township_level": "乡" in levels,
                      "is_village_level": False},
        )
    return entries


def _save(publisher, rng, department, place, entry, title, body, on):
    publisher.save(
        department, publisher.unique_title(department, title), entry=entry, division=place,
        formed_on=on - dt.timedelta(days=rng.randint(1, 5)), published_at=_at(on, rng.randint(8, 17)),
        status=P.Status.PUBLISHED, document_type=P.DocumentType.OTHER_DOCUMENT, document_number="",
        body=body, validity=P.Validity.VALID, validity_changed_on=None,
    )


def load_publications(entries: dict[str, Entry], today: dt.date) -> int:
    """Every government's rules and functions; the county's statistics bulletins, fee list and exam notices."""
    rng = random.Random(SEED)
    publisher = Publisher(today)
    county = Division.objects.county().get()
    governments = [(county, Department.objects.county_disclosure_office().get())]
    governments += [(d.division, d) for d in Department.objects.filter(
        division__level=Level.TOWNSHIP, is_disclosure_office=True).select_related("division").order_by("code")]
    for place, department in governments:
        organ = place.government_name
        for name, gist in RULES:
            on = today - dt.timedelta(days=rng.randint(200, 700))
            _save(publisher, rng, department, place, entries["政府信息公开制度"], f"{organ}{name}",
                  f"<p>为规范{organ}政府信息公开工作，根据《中华人民共和国政府信息公开条例》，制定本制度。</p>"
                  f"<p>{gist}</p><p>本制度由{department.name}负责解释，自印发之日起施行。</p>", on)
        on = today - dt.timedelta(days=rng.randint(30, 200))
        _save(publisher, rng, department, place, entries["机构职能"], f"{organ}机构职能",
              f"<p>{organ}依法履行经济发展、公共服务、社会管理等职责。</p><p>办公地址：{department.address}；"
              f"办公时间：{department.office_hours}；联系电话：{department.phone}。</p>", on)
    office = governments[0][1]
    for back in range(1, 4):
        year = today.year - back
        _save(publisher, rng, office, county, entries["统计信息"], f"示范县{year}年国民经济和社会发展统计公报",
              f"<p>{year}年，全县地区生产总值比上年增长{rng.randint(40, 80) / 10}%。</p>",
              dt.date(year + 1, 3, rng.randint(10, 28)))
        _save(publisher, rng, office, county, entries["公务员招考"], f"示范县{year}年考试录用公务员职位表及录用结果",
              f"<p>{year}年全县招录公务员{rng.randint(20, 60)}名，职位、名额和报考条件见职位表；"
              "录用结果经公示无异议。</p>",
              dt.date(year, 7, rng.randint(1, 28)))
    _save(publisher, rng, office, county, entries["行政事业性收费"], "示范县行政事业性收费目录清单",
          "<p>本县执行的行政事业性收费项目、收费依据和收费标准见目录清单，清单之外一律不得收费。</p>",
          today - dt.timedelta(days=rng.randint(30, 120)))
    return publisher.count


TOWNSHIP_NOTE = ("<p>本镇在便民服务中心设立政府信息公开查阅点，提供政府公报、公开目录和本镇主动公开的政府信息，"
                 "工作日可免费查阅。村（居）务公开事项请向所在村（居）民委员会或本镇人民政府咨询。</p>")


def load_guide_notes() -> None:
    """The text one township adds to its generated guide, to show where that text appears."""
    chengguan = Division.objects.get(name="城关镇")
    GuidePage.objects.update_or_create(division=chengguan, defaults={"body": TOWNSHIP_NOTE})


def load(today: dt.date) -> int:
    assign_directory_columns()
    count = load_publications(load_entries(), today)
    load_guide_notes()
    return count
