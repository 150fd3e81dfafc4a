"""Fill PostgreSQL at DESIGN §8's county scale with bulk inserts, deterministically, in a few minutes.

1 county, 20 townships, 400 villages, 300 departments, 1,500 entries, 200,000 publications, 20,000 requests,
100,000 ratings (and a callback case for every bad rating). The database (DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/gongkai_bench) is created and migrated when missing; a database already
holding the bench county at that scale is left as it is. `--scale 0.05` makes a smaller county for a quick try.

Rows are built in Python and written with the base `QuerySet.bulk_create` (catalog.history.create_many would
sanitise, number and record history row by row): every derived column the apps store —
index numbers and their counters, deadlines and timeliness, search tokens, callback due dates — is filled in
here the way the apps compute it, with the working-day calendar memoised per start date.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/gongkai_bench"

FULL_SCALE = {
    "townships": 20,
    "villages_per_township": 20,
    "departments": 300,
    "entries": 1500,
    "publications": 200_000,
    "requests": 20_000,
    "ratings": 100_000,
}
COUNTY_CODE = "339988000000"
COMMON_WORD = "公示"
RARE_WORD = "鸬鹚"
# An everyday word of the seeded synonym dictionary: the titles and entry names say 城乡居民最低生活保障.
SYNONYM_WORD = "低保"
PASSWORD = "Bench@2026"
SEED = 20261122
BATCH = 2000

TOPICS = [
    "城乡居民最低生活保障", "特困人员救助供养", "临时救助", "高龄津贴", "耕地地力保护补贴", "农村危房改造",
    "义务教育招生", "学生资助", "城乡居民医疗保险", "就业创业补贴", "公益性岗位", "集体土地征收",
    "国有土地上房屋征收", "建设项目环境影响评价", "安全生产行政处罚", "食品安全抽检", "村级财务收支",
    "惠农补贴发放", "残疾人两项补贴", "养老服务补贴", "公共文化活动", "法律援助", "户籍办理", "殡葬惠民",
]
KINDS = ["公示", "通知", "公告", "名单", "情况报告", "实施方案", "工作要点", "结果公开"]
SENTENCES = [
    "根据有关法律法规和政策规定，结合本地实际，现将有关情况予以公开。",
    "公示期间如有异议，请以书面形式向有关部门反映，并提供联系方式。",
    "本次共审核申请对象若干户，经入户调查、民主评议和乡镇审核，符合条件的名单如下。",
    "各单位要高度重视，明确责任分工，确保各项工作按时保质完成。",
    "资金通过“一卡通”直接发放到户，严禁截留、挤占和挪用。",
    "欢迎社会各界和广大群众监督，监督电话见各乡镇便民服务中心公示栏。",
    "本通知自发布之日起施行，此前规定与本通知不一致的，以本通知为准。",
    "相关政策解读已同步发布，群众也可到政府信息公开查阅点查阅纸质材料。",
]
BUREAUS = [
    "发展和改革局", "教育体育局", "科学技术局", "公安局", "民政局", "司法局", "财政局", "人力资源和社会保障局",
    "自然资源和规划局", "住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局", "文化和旅游局",
    "卫生健康局", "退役军人事务局", "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局",
    "林业局", "生态环境分局", "政府办公室",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"


def database_url() -> str:
    return os.environ.get("DATABASE_URL") or DEFAULT_URL


def setup_django(url: str | None = None) -> None:
    os.environ["DATABASE_URL"] = url or database_url()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    import django

    django.setup()


def ensure_database(url: str) -> None:
    """Create the database named in `url` when it does not exist (connecting to the `postgres` database)."""
    from urllib.parse import urlsplit

    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = parts._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def scaled(factor: float) -> dict:
    return {key: max(1, int(value * factor)) for key, value in FULL_SCALE.items()}


def already_generated(scale: dict) -> bool:
    from catalog.models import Division, Publication

    county = Division.objects.filter(code=COUNTY_CODE).first()
    return county is not None and Publication.objects.filter(division__tree_id=county.tree_id).count() >= scale[
        "publications"
    ]


def partly_generated(scale: dict) -> bool:
    from catalog.models import Division

    return Division.objects.filter(code=COUNTY_CODE).exists() and not already_generated(scale)


def recreate_database(url: str) -> None:
    from urllib.parse import urlsplit

    import psycopg
    from django.db import connections

    connections.close_all()
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = parts._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def prepare(out=print) -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)  # DEBUG=0 serves hashed names from the manifest


def generate(scale: dict, out=print) -> None:
    """Create the bench county; every step is a bulk insert."""
    from django.db import transaction

    rng = random.Random(SEED)
    started = time.monotonic()

    def step(what):
        out(f"  {what} ({time.monotonic() - started:.1f}s)")

    with transaction.atomic():
        county, townships, villages = _divisions(scale)
        step(f"{1 + len(townships) + len(villages)} divisions")
        departments = _departments(scale, county, townships, villages)
        step(f"{len(departments)} departments")
        leaves = _entries(scale, rng)
        step(f"{scale['entries']} entries")
        _users(departments)
    publications = _publications(scale, departments, leaves, rng, step)
    step(f"{scale['publications']} publications")
    _applications(scale, departments, rng)
    step(f"{scale['requests']} requests")
    _ratings(scale, departments, publications, rng)
    step(f"{scale['ratings']} ratings and their callbacks")
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    step("analysed")


def _divisions(scale):
    from catalog.models import Division, Level

    K = Division.Kind
    county = Division.objects.create(code=COUNTY_CODE, name="基准县", level=Level.COUNTY, kind=K.COUNTY)
    with Division.objects.disable_mptt_updates():
        townships = Division.objects.bulk_create([
            Division(code=f"{COUNTY_CODE[:6]}{100 + t:03d}000", name=f"基准{t + 1}镇", level=Level.TOWNSHIP,
                     kind=K.TOWN, parent=county, lft=0, rght=0, tree_id=county.tree_id, depth=1)
            for t in range(scale["townships"])
        ])
        villages = Division.objects.bulk_create([
            Division(code=f"{township.code[:9]}{200 + v:03d}", name=f"{township.name[2:]}{v + 1}村",
                     level=Level.VILLAGE, kind=K.VILLAGE, parent=township, lft=0, rght=0,
                     tree_id=county.tree_id, depth=2)
            for township in townships
            for v in range(scale["villages_per_township"])
        ])
    Division.objects.partial_rebuild(county.tree_id)
    fresh = {d.pk: d for d in Division.objects.filter(tree_id=county.tree_id)}
    return fresh[county.pk], [fresh[t.pk] for t in townships], [fresh[v.pk] for v in villages]


def _departments(scale, county, townships, villages):
    """County bureaus, every township's government and as many village committees as the total allows."""
    from catalog.models import Department

    rows = [Department(name=f"基准县{BUREAUS[n % len(BUREAUS)]}" + (f"第{n // len(BUREAUS) + 1}分局" if n >=
            len(BUREAUS) else ""), code=f"B{COUNTY_CODE[:6]}{n:04d}", division=county,
            is_disclosure_office=n == len(BUREAUS) - 1, order=n)
            for n in range(min(len(BUREAUS), scale["departments"]))]
    for n, township in enumerate(townships):
        rows.append(Department(name=f"{township.name}人民政府", code=f"B{township.code[:9]}", division=township,
                               is_disclosure_office=True, order=n))
    room = max(0, scale["departments"] - len(rows))
    for n, village in enumerate(villages[:room]):
        rows.append(Department(name=f"{village.name}村民委员会", code=f"B{village.code}", division=village, order=n))
    created = Department.objects.bulk_create(rows, batch_size=BATCH)
    divisions = {d.pk: d for d in [county, *townships, *villages]}
    for department in created:
        department.division = divisions[department.division_id]
    return created


def _entries(scale, rng):
    """27 domains, each with 一级事项 over 二级事项; returns the leaves (what publications are filed under)."""
    from catalog.models import Domain, Entry

    Domain.objects.bulk_create([
        Domain(code=f"bench-{n:02d}", name=f"基准领域{n + 1:02d}", order=100 + n, is_village_level=n % 3 == 0)
        for n in range(27)
    ])
    domains = list(Domain.objects.filter(code__startswith="bench-").order_by("code"))
    per_domain = max(2, scale["entries"] // len(domains))
    tops_per_domain = max(1, per_domain // 6)
    with Entry.objects.disable_mptt_updates():
        tops = Entry.objects.bulk_create([
            Entry(domain=domain, name=f"{domain.name}一级事项{p + 1}", order=p, lft=0, rght=0, tree_id=0, depth=0,
                  is_village_level=domain.is_village_level)
            for domain in domains for p in range(tops_per_domain)
        ])
        by_domain = {}
        for top in tops:
            by_domain.setdefault(top.domain_id, []).append(top)
        leaves = []
        for domain in domains:
            parents = by_domain[domain.pk]
            for c in range(per_domain - tops_per_domain):
                leaves.append(Entry(
                    domain=domain, parent=parents[c % len(parents)], name=f"{rng.choice(TOPICS)}（{c + 1}）",
                    order=c, lft=0, rght=0, tree_id=0, depth=1,
                    time_limit_workdays=rng.choice([20, 20, 20, 10, 15, 5]), is_village_level=domain.is_village_level,
                    content="申请条件、审批结果、资金发放情况", basis="《中华人民共和国政府信息公开条例》",
                    channels=["website", "notice_board"],
                ))
        Entry.objects.bulk_create(leaves, batch_size=BATCH)
    Entry.objects.rebuild()
    return list(Entry.objects.items().filter(domain__in=domains).order_by("tree_id", "lft"))


def _users(departments):
    """benchclerk (the busiest department's clerk) and benchsupervisor."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from catalog.roles import CLERK, SUPERVISOR

    User = get_user_model()
    for username, role, scope in (("benchclerk", CLERK, [departments[0]]), ("benchsupervisor", SUPERVISOR, [])):
        user, _ = User.objects.get_or_create(username=username)
        user.is_staff = user.is_active = True
        user.set_password(PASSWORD)
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        user.departments.set(scope)


@functools.cache
def _add_workdays(start: dt.date, n: int) -> dt.date:
    from portal.workdays import add_workdays

    return add_workdays(start, n)


@functools.cache
def _tokens(text: str) -> list[str]:
    from catalog.search import document_tokens

    return document_tokens(text).split()


def _publications(scale, departments, leaves, rng, step):
    """Published items spread over three years; the first leaf entry gets 1,000+ of them."""
    from django.db import models, transaction
    from django.utils import timezone

    from catalog.models import IndexCounter, Publication

    today = timezone.localdate()
    zone = timezone.get_current_timezone()
    counters: dict[tuple[int, int], int] = {}
    heavy_entry = leaves[0]
    weights = [40 if d.division.level == "county" else (8 if d.division.level == "township" else 1)
               for d in departments]
    total = scale["publications"]
    made = 0
    while made < total:
        rows = []
        for _ in range(min(BATCH, total - made)):
            department = rng.choices(departments, weights)[0]
            entry = heavy_entry if made % 150 == 0 else rng.choice(leaves)
            formed_on = today - dt.timedelta(days=rng.randint(3, 3 * 365))
            published_on = min(formed_on + dt.timedelta(days=rng.randint(0, 40)), today)
            year = formed_on.year
            counters[department.pk, year] = counters.get((department.pk, year), 0) + 1
            title = f"{department.division.name}关于{year}年{rng.choice(TOPICS)}的{rng.choice(KINDS)}"
            if made % 20_000 == 7:
                title += f"（{RARE_WORD}保护区）"
            sentences = rng.sample(SENTENCES, rng.randint(2, 5))
            validity = rng.choices(["valid", "expired", "repealed"], [90, 7, 3])[0]
            deadline = _add_workdays(formed_on, entry.time_limit_workdays)
            words = _tokens(title) + [w for s in sentences for w in _tokens(s)]
            rows.append(Publication(
                entry=entry, department=department, division=department.division, title=title,
                index_number=f"{department.code}/{year}-{counters[department.pk, year]:05d}", formed_on=formed_on,
                published_at=dt.datetime.combine(published_on, dt.time(9, 30), tzinfo=zone),
                body="".join(f"<p>{s}</p>" for s in sentences), status=Publication.Status.PUBLISHED,
                validity=validity,
                validity_changed_on=formed_on + dt.timedelta(days=200) if validity != "valid" else None,
                document_type=rng.choice(["other", "other", "notice", "normative", "document"]),
                deadline_on=deadline, is_timely=published_on <= deadline,
                search_text=f" {' '.join(words)} ",
            ))
            made += 1
        with transaction.atomic():
            models.QuerySet(Publication).bulk_create(rows)
        if made % 20_000 == 0 or made == total:
            step(f"publications {made}/{total}")
    IndexCounter.objects.bulk_create(
        [IndexCounter(department_id=dep, year=year, last_number=n) for (dep, year), n in counters.items()],
        batch_size=BATCH,
    )
    return list(Publication.objects.filter(division__tree_id=departments[0].division.tree_id)
                .values_list("pk", "department_id")[:20_000])


def _person(rng) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def _applications(scale, departments, rng):
    """Requests over the last two years: most concluded, some open; a third go to the busiest department."""
    from django.db import models, transaction
    from django.utils import timezone

    from applications.classification import Outcome
    from applications.models import Application, Status

    today = timezone.localdate()
    outcomes = [value for value, _ in Outcome.choices]
    rows = []
    for n in range(scale["requests"]):
        department = departments[0] if n % 3 == 0 else rng.choice(departments)
        received = today - dt.timedelta(days=rng.randint(0, 730))
        due = _add_workdays(received, 20)
        concluded = received + dt.timedelta(days=rng.randint(3, 40))
        is_open = concluded >= today
        replied = None if is_open else concluded
        rows.append(Application(
            tracking_number=f"YB{n:09d}", department=department, applicant_name=_person(rng),
            id_type="resident_id", id_number=f"33078219{rng.randint(50, 99)}0101{n % 10000:04d}",
            phone=f"13{rng.randint(100000000, 999999999)}",
            description=f"申请公开{rng.choice(TOPICS)}相关文件（第{n + 1}件）",
            channel="online", submitted_on=received, received_on=received,
            status=Status.PROCESSING if is_open else Status.REPLIED, due_on=due,
            replied_on=replied, concluded_on=replied,
            outcome="" if is_open else rng.choice(outcomes), delivered_by="" if is_open else "online",
            reply_text="" if is_open else "经审查，现答复如下。",
        ))
    with transaction.atomic():
        models.QuerySet(Application).bulk_create(rows, batch_size=BATCH)


def _ratings(scale, departments, publications, rng):
    """Ratings over the last year, a fifth of them bad; every bad one has its callback case."""
    from django.conf import settings
    from django.db import models, transaction
    from django.utils import timezone

    from feedback.models import Callback, Rating
    from feedback.models.ratings import BAD_LEVELS, Level

    now = timezone.now()
    levels = [value for value, _ in Level.choices]
    rows = []
    for n in range(scale["ratings"]):
        created = now - dt.timedelta(minutes=rng.randint(60, 365 * 24 * 60))
        level = rng.choices(levels, [40, 30, 10, 12, 8])[0]
        if n % 2 and publications:
            pub_pk, dep_pk = rng.choice(publications)
        else:
            pub_pk, dep_pk = None, rng.choice(departments).pk
        rows.append(Rating(level=level, department_id=dep_pk, publication_id=pub_pk, created_at=created,
                           comment="办事指南不够清楚" if level in BAD_LEVELS else "",
                           phone=f"13{n:09d}" if level in BAD_LEVELS else ""))
    with transaction.atomic():
        created_rows = models.QuerySet(Rating).bulk_create(rows, batch_size=BATCH)
        cases = []
        for rating in created_rows:
            if rating.level not in BAD_LEVELS:
                continue
            opened = timezone.localdate(rating.created_at)
            call_due = _add_workdays(opened, settings.CALLBACK_DUE_WORKDAYS)
            fix_due = _add_workdays(opened, settings.RECTIFICATION_DUE_WORKDAYS)
            done = (now - rating.created_at).days > 30
            called = rating.created_at + dt.timedelta(hours=rng.randint(2, 40))
            cases.append(Callback(
                rating=rating, department_id=rating.department_id, opened_on=opened, callback_due_on=call_due,
                rectification_due_on=fix_due, next_due_on=fix_due if done else call_due,
                first_called_at=called if done else None,
                rectified_at=called + dt.timedelta(days=3) if done else None,
                rectification="已完善办事指南" if done else "",
                status=Callback.Status.CLOSED_SATISFIED if done else Callback.Status.OPEN,
                closed_at=called + dt.timedelta(days=4) if done else None,
            ))
        models.QuerySet(Callback).bulk_create(cases, batch_size=BATCH)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of DESIGN §8's scale (default 1)")
    args = parser.parse_args(argv)
    url = database_url()
    if url.startswith("postgres"):
        ensure_database(url)
    setup_django(url)
    prepare()
    scale = scaled(args.scale)
    if partly_generated(scale) and url.startswith("postgres"):
        print("an incomplete or smaller bench county is there: recreating the database")
        recreate_database(url)
        prepare()
    if already_generated(scale):
        print(f"bench data already present at this scale in {url.rsplit('/', 1)[-1]}")
        return
    print(f"generating the bench county at {args.scale:g}× DESIGN §8's scale into {url.rsplit('/', 1)[-1]}")
    generate(scale)


if __name__ == "__main__":
    main()
