"""Demo 随手拍 for 示范县: a handful of invented reports in every state — waiting to be dispatched, in handling,
overdue (on the supervisors' list), transferred, returned, replied, rated well and badly (a callback case), not
accepted — several approved for the public board. Photos are drawn here and stamped "DEMO"; phones are the
demo county's fictional numbers.

Deterministic and safe to load again: each report has a fixed tracking number (SPDEMO…), and one that exists is
left as it is (its events are append-only).
"""

import datetime as dt
import io

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from catalog.models import Department, Division
from catalog.roles import CLERK, REVIEWER
from feedback import snapshots
from feedback.models import IssueCategory, IssueReport, Level
from portal import fictional
from portal.photos import clean_photo
from portal.workdays import add_workdays

RATING_MARK = "demo-snapshot"
PUBLIC = "public"

# (code, days ago, place, category, location, text, photo colours, name, steps)
# Steps: ("dispatch", department, workdays) ("transfer", department, note) ("return", note) ("reply", text, photo)
# ("rate", level, comment) ("reject", reason) (PUBLIC,)
REPORTS = [
    ("SPDEMO0001", 2, "东坪村", "环境卫生", "东坪村村口公交站旁",
     "村口公交站旁的垃圾箱已经满了好几天，垃圾散落在路边，天热有异味。", [(86, 120, 60)], "王大伯", []),
    ("SPDEMO0002", 6, "文化路社区", "道路设施", "文化路与人民路交叉口",
     "文化路与人民路路口的人行道地砖松动翘起，老人走路容易绊倒。", [(120, 120, 130)], "",
     [("dispatch", "县住房和城乡建设局", 5), (PUBLIC,)]),
    ("SPDEMO0003", 20, "石门村", "公共服务", "石门村文化礼堂",
     "文化礼堂门口的路灯坏了半个多月，晚上去跳广场舞的人看不清台阶。", [(30, 30, 60)], "李阿姨",
     [("dispatch", "青山镇人民政府", 5)]),
    ("SPDEMO0004", 15, "城东社区", "道路设施", "城东社区中山路45号对面",
     "中山路对面的窨井盖缺了一角，电动车经过很危险。", [(90, 90, 90), (110, 100, 90)], "",
     [("dispatch", "县教育体育局", 5), ("transfer", "县住房和城乡建设局", "窨井盖属市政设施，转住建局办理。"),
      ("reply", "已于当日更换新井盖并设置警示标志，感谢您的反映。", (70, 110, 70)),
      ("rate", Level.VERY_SATISFIED, "换得很快。"), (PUBLIC,)]),
    ("SPDEMO0005", 25, "南湾村", "环境卫生", "南湾村后山溪边",
     "溪边有人倾倒建筑垃圾，下雨后泥水流进溪里。", [(120, 100, 70)], "",
     [("dispatch", "县民政局", 5), ("return", "建筑垃圾倾倒不属于民政局职责，请改交执法部门。"),
      ("dispatch", "县综合行政执法局", 5),
      ("reply", "已清运建筑垃圾6车，设立禁止倾倒警示牌，并安排巡查。", (80, 120, 90)),
      ("rate", Level.DISSATISFIED, "清了一次，过两天又有人倒。"), (PUBLIC,)]),
    ("SPDEMO0006", 30, "李家村", "政务公开", "李家村村务公开栏",
     "村务公开栏的财务公开还是去年第三季度的，没有更新。", [(200, 200, 190)], "李师傅",
     [("dispatch", "城关镇人民政府", 5),
      ("reply", "已督促李家村补充公开今年前三季度财务收支，并在公开栏和“三务公开”栏目同步发布。", (190, 200, 200)),
      ("rate", Level.SATISFIED, ""), (PUBLIC,)]),
    ("SPDEMO0007", 9, "城西社区", "公共服务", "",
     "想问一下小孩上学的户口要求。", [], "",
     [("reject", "您反映的是政策咨询，不属于随手拍受理的问题。请通过“我要留言”向县教育体育局咨询，谢谢。")]),
    ("SPDEMO0008", 12, "高桥村", "道路设施", "高桥村至大塘村村道",
     "村道中间塌了一个坑，晚上骑车看不见。", [(100, 80, 60)], "",
     [("dispatch", "县交通运输局", 5), ("reply", "已用沥青修补坑槽，并在雨季加强巡查。", (60, 60, 60)), (PUBLIC,)]),
]


def _demo_photo(colour, n: int) -> SimpleUploadedFile:
    """A drawn picture stamped DEMO: the demo county shows no real person, plate or place."""
    image = Image.new("RGB", (640, 480), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((80, 260, 560, 420), fill=tuple(min(255, c + 50) for c in colour))
    draw.ellipse((420, 60, 540, 180), fill=(230, 220, 150))
    draw.text((20, 20), "DEMO", fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return SimpleUploadedFile(f"demo-{n}.jpg", buffer.getvalue(), content_type="image/jpeg")


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 15)))


def _actor(department: Department):
    """Who takes a step for `department` in the demo: one of its (or its township's) staff, else the superuser."""
    for candidate in (department, department.handled_by):
        if candidate is None:
            continue
        person = candidate.staff.filter(groups__name__in=[CLERK, REVIEWER]).order_by("pk").first()
        if person is not None:
            return person
    return get_user_model().objects.filter(is_superuser=True).order_by("pk").first()


def _publisher(report: IssueReport):
    """A reviewer of the receiving or handling department (or the township handling it), else the superuser."""
    for department in (report.receiver, report.department, report.department.handled_by):
        if department is None:
            continue
        person = department.staff.filter(groups__name=REVIEWER).order_by("pk").first()
        if person is not None:
            return person
    return get_user_model().objects.filter(is_superuser=True).order_by("pk").first()


def _load_one(code, days_ago, place_name, category_name, location, text, colours, name, steps_, today):
    day = add_workdays(today - dt.timedelta(days=days_ago + 3), 1)
    division = Division.objects.get(name=place_name)
    photos = [clean_photo(_demo_photo(colour, n)) for n, colour in enumerate(colours, start=1)]
    report = snapshots.submit(
        category=IssueCategory.objects.get(name=category_name), division=division, body=text, location=location,
        name=name, phone=fictional.mobile(7000 + int(code[-2:])), photos=photos, wants_public=True,
        ip_hash="demo", created_at=_at(day, 8), tracking_number=code,
    )
    for step in steps_:
        day = min(add_workdays(day, 2), today)
        report.refresh_from_db()
        kind = step[0]
        if kind == "dispatch":
            snapshots.dispatch(report, by=_actor(report.receiver), department=Department.objects.get(name=step[1]),
                               workdays=step[2], at=_at(day, 9))
        elif kind == "transfer":
            snapshots.transfer(report, by=_actor(report.department), department=Department.objects.get(name=step[1]),
                               note=step[2], at=_at(day, 10))
        elif kind == "return":
            snapshots.return_report(report, by=_actor(report.department), reason=step[1], at=_at(day, 10))
        elif kind == "reply":
            snapshots.reply(report, by=_actor(report.department), text=step[1],
                            photos=[clean_photo(_demo_photo(step[2], 9))], at=_at(day, 15))
        elif kind == "rate":
            snapshots.rate(report, level=step[1], comment=step[2], ip_hash=RATING_MARK, at=_at(day, 19))
        elif kind == "reject":
            snapshots.reject(report, by=_actor(report.receiver), reason=step[1], at=_at(day, 9))
        elif kind == PUBLIC:
            snapshots.approve_public(report, by=_publisher(report), public_body=report.body, public_reply=report.reply,
                                     photo_ids=list(report.photos.values_list("pk", flat=True)), at=_at(day, 16))
    return report


def load(out) -> list:
    today = timezone.localdate()
    made = 0
    for row in REPORTS:
        if IssueReport.objects.filter(tracking_number=row[0]).exists():
            continue
        _load_one(*row, today)
        made += 1
    demo = IssueReport.objects.filter(tracking_number__startswith="SPDEMO")
    out.write(f"  随手拍 {demo.count()} 件（新增 {made} 件；公开 {demo.public().count()} 件，"
              f"逾期督办 {demo.overdue(on=today).count()} 件）\n")
    return []
