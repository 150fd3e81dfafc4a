"""Demo directory content: domains, tags, entries and about 1,100 publications of 示范县 (idempotent).

Everything is derived from `demo_directory_data` and a fixed random seed, dated relative to today, so that
running the loader twice on the same day leaves the same rows.
"""

import datetime as dt
import random

from django.utils import timezone

from catalog import history
from catalog.demo_directory_data import CATEGORIES, DIRECTORY, HIGHEST_LEVEL_ONLY, POLICIES, TAGS, TIME_LIMITS
from catalog.excel.elements import parse_update_cycle
from catalog.models import Department, Division, Domain, Entry, GuidePage, Level, Publication, Tag

SEED = 20260301
YEARS_BACK = 3
LEVEL_CHARS = {"县": "is_county_level", "乡": "is_township_level", "村": "is_village_level"}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐"
GIVEN = "建国明华秀英志强桂兰玉梅国平春生德文海燕红霞家俊丽娟"
P = Publication


def parse_directory(text: str = DIRECTORY) -> list[dict]:
    """The DIRECTORY text as a list of domains, each with its top-level items and their rows."""
    domains = []
    for line in filter(None, (raw.strip() for raw in text.splitlines())):
        fields = line[1:].split("|") if line[0] in "@#" else line.split("|")
        if line[0] == "@":
            code, name, levels, department, description = fields
            domains.append({"code": code, "name": name, "levels": levels, "department": department,
                            "description": description, "tops": []})
        elif line[0] == "#":
            name, tags, basis = fields
            domains[-1]["tops"].append({"name": name, "tags": tags.split(), "basis": basis, "rows": []})
        else:
            name, content, limit, category, title = fields[:5]
            levels = fields[5] if len(fields) > 5 else domains[-1]["levels"]
            domains[-1]["tops"][-1]["rows"].append({"name": name, "content": content, "limit": limit,
                                                    "category": category, "title": title, "levels": levels})
    return domains


def _flags(levels: str) -> dict:
    return {field: char in levels for char, field in LEVEL_CHARS.items()}


def _channels(row: dict, n: int) -> list[str]:
    channels = ["website"]
    if row["category"] in ("服务", "决策"):
        channels += ["social", "service_center"]
    if "乡" in row["levels"]:
        channels.append("service_station")
    if "村" in row["levels"] or row["limit"].endswith(("+7", "+5")):
        channels.append("notice_board")
    channels.append("review_point")
    if n % 4 == 0:
        channels.append("push")
    return channels


def _publisher(department_name: str, levels: str) -> str:
    who = []
    if "县" in levels:
        who.append(department_name)
    if "乡" in levels:
        who.append("乡镇人民政府（街道办事处）")
    if "村" in levels:
        who.append("村（居）民委员会")
    return "、".join(who)


def publishing_levels(row: dict) -> str:
    """The levels that publish under a directory row: all it lists, or only the highest for a rule or a power."""
    if row["name"] in HIGHEST_LEVEL_ONLY:
        return next(level for level in LEVEL_CHARS if level in row["levels"])
    return row["levels"]


def load_tags() -> dict[str, Tag]:
    tags = {}
    for order, (kind, name, slug, description) in enumerate(TAGS):
        tag, _ = Tag.objects.update_or_create(
            kind=kind, slug=slug, defaults={"name": name, "order": order, "description": description}
        )
        tags[f"{ {'theme': 'T', 'life_event': 'L', 'audience': 'A'}[kind] }:{name}"] = tag
    return tags


def load_entries(domains: list[dict], tags: dict[str, Tag]) -> list[tuple[Entry, dict, dict]]:
    """Create or refresh domains and entries; return (leaf entry, its row, its domain spec) in order."""
    departments = {d.short_name: d for d in Department.objects.filter(division__level=Level.COUNTY)}
    leaves, n = [], 0
    for d_order, spec in enumerate(domains, start=1):
        domain, _ = Domain.objects.update_or_create(
            code=spec["code"],
            defaults={"name": spec["name"], "order": d_order, "description": spec["description"],
                      **_flags(spec["levels"])},
        )
        dept = departments.get(spec["department"])
        dept_name = dept.name if dept else "村（居）民委员会"
        for t_order, top in enumerate(spec["tops"], start=1):
            union = "".join(sorted({c for row in top["rows"] for c in row["levels"]}))
            parent, _ = Entry.objects.update_or_create(
                domain=domain, parent=None, name=top["name"],
                defaults={"order": t_order, "basis": top["basis"], "publisher_text": _publisher(dept_name, union),
                          "channels": ["website", "review_point"], **_flags(union)},
            )
            for r_order, row in enumerate(top["rows"], start=1):
                n += 1
                text, workdays, posting = TIME_LIMITS[row["limit"]]
                village_only = row["levels"] == "村"
                leaf, _ = Entry.objects.update_or_create(
                    domain=domain, parent=parent, name=row["name"],
                    defaults={
                        "order": r_order, "content": row["content"], "basis": top["basis"],
                        "time_limit_text": text, "time_limit_workdays": workdays, "posting_workdays": posting,
                        "publisher_text": _publisher(dept_name, row["levels"]), "channels": _channels(row, n),
                        "audience": Entry.Audience.SPECIFIC if village_only else Entry.Audience.EVERYONE,
                        "mode": Entry.Mode.PROACTIVE, "category": CATEGORIES[row["category"]],
                        "update_cycle": _update_cycle(row["title"], text),
                        **_flags(row["levels"]),
                    },
                )
                leaf.tags.set([tags[t] for t in top["tags"]])
                leaves.append((leaf, row, spec))
    return leaves


def _update_cycle(title: str, time_limit_text: str) -> str:
    """Monthly, quarterly or yearly where the demo's item titles are (“{y}年{m}月…”, “第{q}季度…”, “{y}年度…”)."""
    if "{m}" in title:
        return Entry.UpdateCycle.MONTHLY
    if "{q}" in title:
        return Entry.UpdateCycle.QUARTERLY
    if "{y}年度" in title:
        return Entry.UpdateCycle.YEARLY
    return parse_update_cycle(time_limit_text)


def _masked_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "*" + rng.choice(GIVEN)


def _table(rng: random.Random, place: str) -> str:
    rows = "".join(
        f"<tr><td>{i}</td><td>{_masked_name(rng)}</td><td>{place}</td><td>{rng.randint(1, 5)}</td>"
        f"<td>{rng.randrange(300, 3000, 10)}</td></tr>"
        for i in range(1, rng.randint(4, 8))
    )
    return ("<table><thead><tr><th>序号</th><th>姓名</th><th>所在地</th><th>人数</th><th>金额（元）</th></tr>"
            f"</thead><tbody>{rows}</tbody></table>")


def _body(rng, title, entry, row, department, place, on: dt.date) -> str:
    parts = [
        f"<p>根据{entry.basis}等规定，现将{title}有关情况公开如下。</p>",
        f"<p>一、公开内容：{row['content']}。</p>",
    ]
    if any(word in title for word in ("公示", "名单", "发放", "补贴")):
        parts.append("<p>二、具体情况见下表（已隐去身份证号码等个人敏感信息）：</p>")
        parts.append(_table(rng, place))
    else:
        parts.append(f"<p>二、{place}高度重视此项工作，严格按照规定程序组织实施，做到公开、公平、公正。</p>")
    if entry.posting_workdays:
        parts.append(f"<p>三、公示期为{entry.posting_workdays}个工作日。公示期间如有异议，可通过来信、来电或当面方式反映。</p>")
    parts.append(f"<p>咨询电话：{department.phone or '12345'}；办公地址：{department.address or place}。</p>")
    parts.append(f"<p>{department.name}<br>{on.year}年{on.month}月{on.day}日</p>")
    return "".join(parts)


def _published_at(on: dt.date, rng: random.Random) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(on, dt.time(rng.randint(8, 17), rng.choice((0, 15, 30, 45)))))


def _validity(rng: random.Random, on: dt.date, today: dt.date) -> tuple[str, dt.date | None]:
    roll = rng.random()
    if roll < 0.08 and (today - on).days > 200:
        return P.Validity.EXPIRED, on + dt.timedelta(days=rng.randint(120, 180))
    if roll < 0.12 and (today - on).days > 200:
        return P.Validity.REPEALED, on + dt.timedelta(days=rng.randint(60, 180))
    return P.Validity.VALID, None


class Publisher:
    """Collects the demo publications; `save` creates or refreshes each by (department, title)."""

    def __init__(self, today):
        self.today = today
        self.titles = set()
        self.existing = {(d, t): pk for pk, d, t in Publication.objects.values_list("pk", "department_id", "title")}
        self.count = 0

    def unique_title(self, department, title: str) -> str:
        base, n = title, 1
        while (department.pk, title) in self.titles:
            n += 1
            title = f"{base}（第{n}次）"
        self.titles.add((department.pk, title))
        return title

    def save(self, department, title, **fields) -> Publication:
        pk = self.existing.get((department.pk, title))
        publication = Publication.objects.get(pk=pk) if pk else Publication(department=department, title=title)
        for name, value in fields.items():
            setattr(publication, name, value)
        history.save(publication, by=None)
        self.count += 1
        return publication


def load_publications(leaves, rng: random.Random, today: dt.date) -> int:
    county = Division.objects.county().get()
    townships = list(Division.objects.townships().order_by("code"))
    villages = list(Division.objects.villages().order_by("code"))
    governments = {d.division_id: d for d in Department.objects.filter(division__level__in=[Level.TOWNSHIP,
                                                                                            Level.VILLAGE])}
    county_departments = {d.short_name: d for d in Department.objects.filter(division=county)}
    publisher = Publisher(today)

    def publish(leaf, row, place, department):
        published_on = today - dt.timedelta(days=rng.randint(1, YEARS_BACK * 365))
        late = rng.random() < 0.1
        formed_on = published_on - dt.timedelta(days=rng.randint(1, 10) + (30 if late else 0))
        title = row["title"].format(p=place.name, y=published_on.year, m=published_on.month,
                                    q=(published_on.month - 1) // 3 + 1)
        title = publisher.unique_title(department, title)
        validity, changed_on = _validity(rng, published_on, today)
        kind = P.DocumentType.NOTICE if ("公示" in title or "公告" in title) else P.DocumentType.OTHER
        publisher.save(
            department, title, entry=leaf, division=place, formed_on=formed_on,
            published_at=_published_at(published_on, rng), status=P.Status.PUBLISHED, document_type=kind,
            body=_body(rng, title, leaf, row, department, place.name, formed_on), validity=validity,
            validity_changed_on=changed_on, document_number="",
        )

    for leaf, row, spec in leaves:
        levels = publishing_levels(row)
        if "县" in levels:
            department = county_departments[spec["department"]]
            for _ in range(rng.randint(3, 5)):
                publish(leaf, row, county, department)
        if "乡" in levels:
            for place in rng.sample(townships, 3):
                publish(leaf, row, place, governments[place.pk])
        if "村" in levels:
            for place in rng.sample(villages, 4 if levels == "村" else 2):
                publish(leaf, row, place, governments[place.pk])

    load_policies(publisher, {(leaf.domain.code, leaf.name): leaf for leaf, _row, _spec in leaves},
                  county, county_departments, rng, today)
    load_unpublished(publisher, leaves, county_departments, governments, rng, today)
    return publisher.count


NO_INTERPRETATION_REASON = "本文件仅调整原办法的有效期，内容未作修改，原政策解读继续适用。"


def load_policies(publisher, entries, county, departments, rng, today) -> None:
    """Normative documents (行政规范性文件), each published together with its interpretation (政策解读, 三同步) and
    linked both ways; the last one went out without one, for a reason its reviewer recorded, so that the quarterly
    sheet's 政策文件未同步解读数 has something to show."""
    for n, (domain_code, entry_name, short_name, title, prefix) in enumerate(POLICIES, start=1):
        entry = entries[(domain_code, entry_name)]
        department = departments[short_name]
        published_on = today - dt.timedelta(days=rng.randint(30, YEARS_BACK * 365))
        formed_on = published_on - dt.timedelta(days=rng.randint(2, 12))
        validity, changed_on = _validity(rng, published_on, today)
        name = title.split("《")[1].split("》")[0] if "《" in title else title.removeprefix("示范县")
        articles = "".join(
            f"<p>第{num}条　{text}</p>"
            for num, text in zip("一二三四五六", (
                f"为规范{entry.domain.name}工作，保障群众合法权益，根据{entry.basis}，结合本县实际，制定本办法。",
                f"本办法适用于本县行政区域内的{entry.name}相关工作。",
                f"{department.name}负责组织实施本办法，各乡镇人民政府（街道办事处）做好具体落实工作。",
                f"相关信息应当{entry.time_limit_text}通过政府网站、公开查阅点等渠道主动公开。",
                "对违反本办法规定的，依法依规追究相关单位和人员的责任。",
                f"本办法自{formed_on.year}年{formed_on.month}月{formed_on.day}日起施行，有效期五年。",
            ), strict=True)
        )
        document = publisher.save(
            department, publisher.unique_title(department, title), entry=entry, division=county,
            formed_on=formed_on, published_at=_published_at(published_on, rng), status=P.Status.PUBLISHED,
            document_type=P.DocumentType.NORMATIVE, document_number=f"{prefix}〔{formed_on.year}〕{n + 3}号",
            body=articles, validity=validity, validity_changed_on=changed_on,
            no_interpretation_reason=NO_INTERPRETATION_REASON if n == len(POLICIES) else "",
        )
        if n == len(POLICIES):
            continue
        interpretation = publisher.save(
            department, publisher.unique_title(department, f"《{name}》政策解读"), entry=entry, division=county,
            formed_on=published_on, published_at=document.published_at, interprets=document,
            status=P.Status.PUBLISHED, document_type=P.DocumentType.INTERPRETATION, document_number="",
            body=(f"<h2>一、出台背景</h2><p>为贯彻落实{entry.basis}，进一步做好{entry.domain.name}工作，"
                  f"{department.name}起草了《{name}》。</p><h2>二、主要内容</h2><p>文件共六条，明确了适用范围、"
                  f"职责分工、公开要求和责任追究。</p><h2>三、解读人及联系方式</h2><p>{department.name}，"
                  f"联系电话：{department.phone}。</p>"),
            validity=validity, validity_changed_on=changed_on,
        )
        document.related.add(interpretation)


def load_unpublished(publisher, leaves, county_departments, governments, rng, today) -> None:
    """A few drafts and items awaiting review, so that the admin's review queue is not empty."""
    chengguan = Division.objects.get(name="城关镇")
    candidates = [(leaf, row) for leaf, row, spec in leaves if spec["code"] in ("social-assistance", "elderly-care")]
    for n, (leaf, row) in enumerate(candidates[:10]):
        county_level = n % 2 == 0
        department = county_departments["县民政局"] if county_level else governments[chengguan.pk]
        place = department.division
        status = P.Status.PENDING if n % 3 else P.Status.DRAFT
        on = today - dt.timedelta(days=n)
        title = row["title"].format(p=place.name, y=on.year, m=on.month, q=(on.month - 1) // 3 + 1)
        publisher.save(
            department, publisher.unique_title(department, title), entry=leaf,
            division=place, formed_on=on, status=status, published_at=None, document_type=P.DocumentType.NOTICE,
            body=_body(rng, title, leaf, row, department, place.name, on), validity=P.Validity.VALID,
            validity_changed_on=None, document_number="",
        )


GUIDE_BODY = """
<p>本县在县政务服务中心一楼和县档案馆设立政府信息公开查阅点，提供政府公报、政府信息公开目录和主动公开的政府信息，工作日免费查阅、复制。</p>
<p>本指南每年更新一次。各乡镇人民政府（街道办事处）的公开指南在各自的政务公开页面查看。</p>
"""


def load_guide() -> None:
    GuidePage.objects.update_or_create(division=None, defaults={"body": GUIDE_BODY.strip()})


def load(out) -> None:
    today = timezone.localdate()
    rng = random.Random(SEED)
    tags = load_tags()
    leaves = load_entries(parse_directory(), tags)
    count = load_publications(leaves, rng, today)
    load_guide()
    out.write(f"  公开领域 {Domain.objects.count()} 个，公开事项 {Entry.objects.count()} 个，"
              f"标签 {Tag.objects.count()} 个，演示公开信息 {count} 条")
