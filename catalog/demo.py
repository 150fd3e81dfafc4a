"""The demo county 示范县 (fixtures/demo_county.json): divisions, departments, staff. Safe to load again and again."""

import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from catalog import demo_columns, demo_directory, demo_newmedia
from catalog.models import Department, Division, Entry, Level, Subscription
from catalog.roles import CLERK, REVIEWER, SUPERVISOR
from portal import fictional

FIXTURE = settings.BASE_DIR / "fixtures" / "demo_county.json"
DEMO_PASSWORD = "Gongkai@2026"
K = Division.Kind


def county_data() -> dict:
    with FIXTURE.open(encoding="utf-8") as f:
        return json.load(f)


# username: (role, departments by name, full name)
DEMO_STAFF = {
    "clerk": (CLERK, ["县民政局", "城关镇人民政府"], "王办事"),
    "clerk2": (CLERK, ["县教育体育局"], "李办事"),
    "reviewer": (REVIEWER, ["县民政局", "城关镇人民政府"], "赵审核"),
    "supervisor": (SUPERVISOR, [], "陈督查"),
}


def load_divisions(data: dict) -> Division:
    county_code = data["county"]["code"]
    county, _ = Division.objects.update_or_create(
        code=county_code,
        defaults={"name": data["county"]["name"], "level": Level.COUNTY, "kind": K.COUNTY, "parent": None},
    )
    for township_data in data["townships"]:
        segment, name, kind = township_data["segment"], township_data["name"], township_data["kind"]
        communities, villages = township_data["communities"], township_data["villages"]
        township_code = county_code[:6] + segment + "000"
        township, _ = Division.objects.update_or_create(
            code=township_code, defaults={"name": name, "level": Level.TOWNSHIP, "kind": kind, "parent": county}
        )
        # Community committees take codes 001–199, village committees 200–399 (统计用区划代码 practice).
        numbered = [(f"{i:03d}", n, K.COMMUNITY) for i, n in enumerate(communities, start=1)]
        numbered += [(f"{i:03d}", n, K.VILLAGE) for i, n in enumerate(villages, start=201)]
        for suffix, village_name, village_kind in numbered:
            Division.objects.update_or_create(
                code=township_code[:9] + suffix,
                defaults={"name": village_name, "level": Level.VILLAGE, "kind": village_kind, "parent": township},
            )
    return county


POSTCODE = "321000"
DEPARTMENT_ORGAN = Department.OrganKind.DEPARTMENT


def _phone(n: int) -> str:
    return fictional.landline(6000000 + n * 137)


def load_departments(data: dict, county: Division) -> None:
    office_hours = data["office_hours"]
    for n, row in enumerate(data["county_departments"], start=1):
        name, short, is_office = row["name"], row["short_name"], row["is_disclosure_office"]
        Department.objects.update_or_create(
            code=f"11{county.code[:6]}9{n:02d}",
            defaults={
                "name": name, "short_name": short, "division": county, "is_disclosure_office": is_office,
                "phone": _phone(n), "address": f"示范县人民大道{n * 2}号", "office_hours": office_hours,
                "order": n, "postcode": POSTCODE, "fax": _phone(n) if is_office else "",
                "email": "zwgk@example.gov.cn" if is_office else "",
                "organ_kind": DEPARTMENT_ORGAN,
                # 市生态环境局示范分局 is a 派出机构 the city bureau set up by area: the city government reconsiders
                # its decisions (行政复议法 2023 art. 24, last paragraph). The city's name is invented for the demo.
                "reconsideration_body_text": "示范市人民政府" if name.startswith("市") else "",
            },
        )
    township_names = {t["name"] for t in data["townships"]}
    for n, division in enumerate(Division.objects.exclude(level=Level.COUNTY).order_by("code"), start=100):
        if division.level == Level.TOWNSHIP:
            name = division.government_name
            code = "11" + division.code[:9]
        else:
            committee = "居民委员会" if division.kind == K.COMMUNITY else "村民委员会"
            name = division.name + committee
            code = "11" + division.code
        Department.objects.update_or_create(
            code=code,
            defaults={
                "name": name, "short_name": division.name if division.name in township_names else "",
                "division": division, "is_disclosure_office": division.level == Level.TOWNSHIP,
                "phone": _phone(n), "address": f"{division.parent.name}{division.name}便民服务中心",
                "office_hours": office_hours, "order": n, "postcode": POSTCODE,
                "organ_kind": Department.OrganKind.GOVERNMENT if division.level == Level.TOWNSHIP
                else Department.OrganKind.DEPARTMENT,
                "fax": _phone(n) if division.level == Level.TOWNSHIP else "",
            },
        )


def load_users() -> list[tuple[str, str, str]]:
    """Create or reset the demo accounts; return (username, password, what it is) for each."""
    User = get_user_model()
    logins = []
    admin, _ = User.objects.get_or_create(username="admin", defaults={"email": "admin@example.gov.cn"})
    admin.is_staff = admin.is_superuser = admin.is_active = True
    admin.first_name = "系统管理员"
    admin.set_password(DEMO_PASSWORD)
    admin.save()
    logins.append(("admin", DEMO_PASSWORD, "超级管理员"))
    for username, (role, department_names, full_name) in DEMO_STAFF.items():
        user, _ = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.gov.cn"})
        user.is_staff = user.is_active = True
        user.is_superuser = False
        user.first_name = full_name
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        user.departments.set(Department.objects.filter(name__in=department_names))
        scope = "、".join(department_names) or "全县"
        logins.append((username, DEMO_PASSWORD, f"{role}（{scope}）"))
    return logins


def load_subscriptions(county: Division) -> int:
    """A few e-mail subscribers at reserved example.com addresses: two confirmed to the county and a township,
    one to an entry, and one still waiting for its confirmation."""
    township = county.get_children().order_by("code").first()
    entry = Entry.objects.filter(name="最低生活保障").order_by("pk").first() or Entry.objects.order_by("pk").first()
    now = timezone.now()
    wanted = [("wang.demo@example.com", {"division": county}, now),
              ("li.demo@example.com", {"division": township}, now),
              ("zhao.demo@example.com", {"entry": entry}, now),
              ("chen.demo@example.com", {"entry": entry}, None)]
    for email, target, confirmed_at in wanted:
        if all(target.values()):
            Subscription.objects.get_or_create(email=email, **target, defaults={"confirmed_at": confirmed_at})
    return Subscription.objects.filter(email__endswith=".demo@example.com").count()


def load(out) -> list[tuple[str, str, str]]:
    data = county_data()
    county = load_divisions(data)
    load_departments(data, county)
    out.write(f"  区划 {Division.objects.count()} 个，公开主体 {Department.objects.count()} 个")
    logins = load_users()
    demo_directory.load(out)
    count = demo_columns.load(timezone.localdate())
    out.write(f"  政府信息公开制度和法定主动公开内容 {count} 条")
    out.write(f"  邮件订阅 {load_subscriptions(county)} 项")
    demo_newmedia.load(out)
    return logins
