"""The demo county 示范县: divisions, departments and staff accounts. Safe to load again and again."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from catalog import demo_directory
from catalog.models import Department, Division, Level
from catalog.roles import CLERK, REVIEWER, SUPERVISOR

COUNTY_CODE = "339901000000"
COUNTY_NAME = "示范县"
DEMO_PASSWORD = "Gongkai@2026"

K = Division.Kind
# (code segment, name, kind, communities, villages)
TOWNSHIPS = [
    ("001", "东城街道", K.SUBDISTRICT, ["文化路社区", "人民路社区", "锦绣社区", "滨江社区"], []),
    ("002", "西城街道", K.SUBDISTRICT, ["解放路社区", "建设路社区", "和谐社区"], ["西郊村"]),
    ("100", "城关镇", K.TOWN, ["城东社区", "城西社区"], ["东坪村", "南湾村", "李家村", "杨柳村"]),
    ("101", "青山镇", K.TOWN, ["青山社区"], ["石门村", "黄泥村", "金竹村", "凤凰村", "梅林村"]),
    ("102", "石桥镇", K.TOWN, ["石桥社区"], ["高桥村", "大塘村", "马鞍村", "白马村", "荷塘村"]),
    ("103", "桃源镇", K.TOWN, [], ["桃源村", "桂花村", "长乐村", "新安村", "永丰村"]),
    ("200", "龙泉乡", K.TOWNSHIP, [], ["青龙村", "莲花村", "泉水村", "松林村"]),
    ("201", "白沙乡", K.TOWNSHIP, [], ["白沙村", "枫树村", "茶园村", "双河村"]),
    ("202", "柳河乡", K.TOWNSHIP, [], ["柳河村", "三元村", "五里村", "七星村", "岭头村"]),
    ("400", "示范县经济开发区", K.PARK, ["园区社区"], []),
]

COUNTY_DEPARTMENTS = [
    ("县政府办公室", "县府办", True),
    ("县发展和改革局", "县发改局", False),
    ("县教育体育局", "县教体局", False),
    ("县科学技术局", "县科技局", False),
    ("县工业和信息化局", "县工信局", False),
    ("县公安局", "县公安局", False),
    ("县民政局", "县民政局", False),
    ("县司法局", "县司法局", False),
    ("县财政局", "县财政局", False),
    ("县人力资源和社会保障局", "县人社局", False),
    ("县自然资源和规划局", "县自然资源局", False),
    ("市生态环境局示范分局", "生态环境分局", False),
    ("县住房和城乡建设局", "县住建局", False),
    ("县交通运输局", "县交通局", False),
    ("县水利局", "县水利局", False),
    ("县农业农村局", "县农业农村局", False),
    ("县商务局", "县商务局", False),
    ("县文化和广电旅游体育局", "县文广旅体局", False),
    ("县卫生健康局", "县卫健局", False),
    ("县退役军人事务局", "县退役军人局", False),
    ("县应急管理局", "县应急局", False),
    ("县审计局", "县审计局", False),
    ("县市场监督管理局", "县市场监管局", False),
    ("县统计局", "县统计局", False),
    ("县医疗保障局", "县医保局", False),
    ("县林业局", "县林业局", False),
    ("县综合行政执法局", "县执法局", False),
    ("县行政审批局", "县审批局", False),
    ("县信访局", "县信访局", False),
    ("县城市管理局", "县城管局", False),
]

OFFICE_HOURS = "工作日 8:30—12:00，14:30—17:30（法定节假日除外）"

# username: (role, departments by name, full name)
DEMO_STAFF = {
    "clerk": (CLERK, ["县民政局", "城关镇人民政府"], "王办事"),
    "clerk2": (CLERK, ["县教育体育局"], "李办事"),
    "reviewer": (REVIEWER, ["县民政局", "城关镇人民政府"], "赵审核"),
    "supervisor": (SUPERVISOR, [], "陈督查"),
}


def load_divisions() -> Division:
    county, _ = Division.objects.update_or_create(
        code=COUNTY_CODE, defaults={"name": COUNTY_NAME, "level": Level.COUNTY, "kind": K.COUNTY, "parent": None}
    )
    for segment, name, kind, communities, villages in TOWNSHIPS:
        township_code = COUNTY_CODE[:6] + segment + "000"
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


def _phone(n: int) -> str:
    return f"0579-8{6000000 + n * 137:07d}"


def load_departments(county: Division) -> None:
    for n, (name, short, is_office) in enumerate(COUNTY_DEPARTMENTS, start=1):
        Department.objects.update_or_create(
            code=f"11{COUNTY_CODE[:6]}9{n:02d}",
            defaults={
                "name": name, "short_name": short, "division": county, "is_disclosure_office": is_office,
                "phone": _phone(n), "address": f"示范县人民大道{n * 2}号", "office_hours": OFFICE_HOURS,
                "order": n,
            },
        )
    township_names = {t[1] for t in TOWNSHIPS}
    for n, division in enumerate(Division.objects.exclude(level=Level.COUNTY).order_by("code"), start=100):
        if division.level == Level.TOWNSHIP:
            suffix = "管理委员会" if division.kind == K.PARK else "人民政府"
            name = division.name + suffix
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
                "office_hours": OFFICE_HOURS, "order": n,
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


def load(out) -> list[tuple[str, str, str]]:
    county = load_divisions()
    load_departments(county)
    out.write(f"  区划 {Division.objects.count()} 个，公开主体 {Department.objects.count()} 个")
    logins = load_users()
    demo_directory.load(out)
    return logins
