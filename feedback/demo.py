"""Demo feedback for 示范县: review points with visit logs, 18 months of ratings with their callbacks and
appeals (including ratings of some replied demo requests by their applicants, bad ratings left without contact
details that are 无法回访, a village committee's case called back by the township clerk, and closed cases a
supervisor spot-checked, one of them reopened), messages answered and pending.
Deterministic (fixed seed) and safe to load again: the previous demo ratings and messages (marked
ip_hash="demo") are replaced, review points are updated in place.
"""

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from applications.models import Application
from catalog.models import Department, Division, Publication, ReviewPoint, ReviewPointVisit
from catalog.models import Level as DivisionLevel
from catalog.roles import CLERK, REVIEWER
from feedback import appeals, callbacks, demo_participation, inbox, ratings
from feedback.models import Callback, Channel, Level, Message, Rating
from feedback.models.ratings import BAD_LEVELS
from portal import fictional
from portal.workdays import add_workdays, is_workday

SEED = 20260501
DEMO_MARK = "demo"
RATING_DAYS = 548  # 18 months
RATINGS = 1400
#: About this share of the replied demo requests are rated by their applicant (own random stream, see below).
REQUEST_RATING_SHARE = 0.6
REQUEST_COMMENTS_GOOD = ["答复及时，材料齐全。", "工作人员电话说明了答复内容，很清楚。", "网上就能查进度，方便。", ""]
REQUEST_COMMENTS_BAD = ["答复没有回应我申请的具体内容。", "答复用语太专业，看不懂。", "等了很久才答复。"]

# (division name, point name, address, hours, facilities, person, (lat, lng))
POINTS = [
    ("示范县", "县政务服务中心政府信息公开查阅中心", "示范县人民大道1号政务服务中心一楼",
     "工作日 8:30—17:30，周六 9:00—12:00",
     ["computer", "printer", "reading_glasses", "kiosk", "seats", "water", "accessible", "wifi"], "周晓红",
     ("29.081200", "119.647400")),
    ("示范县", "县图书馆政务公开体验区", "示范县文化路18号县图书馆二楼", "周二至周日 9:00—20:00",
     ["computer", "reading_glasses", "magnifier", "seats", "wifi", "paper_copies"], "吴建国",
     ("29.084500", "119.651900")),
    ("城关镇", "城关镇便民服务中心查阅点", "城关镇中山路66号便民服务中心", "工作日 8:30—12:00，14:30—17:30",
     ["computer", "printer", "reading_glasses", "seats", "paper_copies"], "刘美玲", ("29.076300", "119.640100")),
    ("东城街道", "东城街道党群服务中心查阅点", "东城街道解放东路12号", "工作日 8:30—17:00",
     ["computer", "kiosk", "reading_glasses", "accessible"], "陈立新", ("29.088800", "119.660200")),
    ("青山镇", "青山镇政务公开体验区", "青山镇青山街8号镇政府一楼大厅", "工作日 8:30—17:00",
     ["computer", "reading_glasses", "seats", "water"], "黄秋菊", ("29.120400", "119.702300")),
    ("东坪村", "东坪村党群服务中心公开栏", "城关镇东坪村村委会", "每天 8:00—18:00",
     ["reading_glasses", "seats", "paper_copies"], "杨德福", ("29.070100", "119.628800")),
    ("文化路社区", "文化路社区政务公开查阅角", "东城街道文化路社区服务站", "工作日 9:00—17:00，周六上午",
     ["computer", "reading_glasses", "magnifier", "seats"], "郑丽", ("29.090300", "119.655600")),
    ("石门村", "石门村便民服务站查阅点", "青山镇石门村文化礼堂旁", "每天 8:30—17:30",
     ["reading_glasses", "seats", "water", "paper_copies"], "石永强", ("29.131900", "119.718400")),
]
DESCRIPTION = "提供政府信息公开查阅、政策咨询和帮办代办服务，配备工作人员指导群众使用自助设备。"
VISITORS_BY_LEVEL = {DivisionLevel.COUNTY: (15, 60), DivisionLevel.TOWNSHIP: (4, 25), DivisionLevel.VILLAGE: (0, 9)}
VISIT_DAYS = 120

LEVEL_WEIGHTS = [(Level.VERY_SATISFIED, 52), (Level.SATISFIED, 26), (Level.BASIC, 11), (Level.DISSATISFIED, 7),
                 (Level.VERY_DISSATISFIED, 4)]
GOOD_COMMENTS = ["信息更新及时，查找方便。", "工作人员耐心细致，一次就办好了。", "查阅点有老花镜，很贴心。",
                 "政策解读通俗易懂。", "网站字大，老年人也能看清。", "低保公示很清楚，点赞。", ""]
BAD_COMMENTS = ["公示的补贴名单找不到，希望放在显眼位置。", "电话打了好几次没人接。",
                "查阅点开放时间与公示不符，白跑一趟。",
                "文件只有标题没有正文附件。", "答复太慢，超过了承诺时间。", "村务公开栏很久没有更新。",
                "工作人员态度生硬。", "征地补偿标准没有公开。"]
CITIZENS = ["张大爷", "李阿姨", "王先生", "赵女士", "钱师傅", "孙老师", "周先生", "吴女士", "郑大姐", "冯先生"]
CALL_NOTES = ["已电话核实情况，向群众解释相关政策。", "群众反映属实，已责成相关科室整改。",
              "已上门了解情况，当场答复。"]
RECTIFICATIONS = ["已在网站首页增加专栏链接，并补充公开相关附件。", "已调整查阅点开放时间并重新公示。",
                  "已明确专人接听咨询电话，工作时间确保有人值守。", "已更新村务公开栏内容，建立每月更新台账。",
                  "已对工作人员开展服务规范培训。"]
STILL_UNSATISFIED = "群众对整改结果仍不满意，要求进一步处理。"
# The public Q&A: each question asked once, of the department whose work it is, which answers it once.
# (subject, question, department, its answer, days ago asked)
QUESTIONS = [
    ("城乡低保申请需要哪些材料？", "我母亲七十多岁，想申请低保，需要准备哪些材料，到哪里办理？我的电话13800001234。",
     "县民政局", "您好！申请城乡最低生活保障，请携带申请人及共同生活家庭成员的身份证、户口簿，以及收入和财产情况说明，"
     "到户籍所在地乡镇人民政府（街道办事处）便民服务中心提出申请；行动不便的，可由村（居）民委员会代为提交。"
     "办事指南已在本平台“社会救助”栏目公开。", 160),
    ("高龄津贴什么时候发放？", "我父亲今年满80周岁，高龄津贴从哪个月开始发，是每月发还是每季度发？",
     "县民政局", "您好！年满80周岁的本县户籍老年人，自满80周岁的次月起享受高龄津贴，按月发放到本人社会保障卡。"
     "首次申领请到户籍所在地乡镇（街道）便民服务中心登记。", 120),
    ("义务教育招生划片范围在哪里看？", "孩子明年上小学，请问学区划分在哪里公开？",
     "县教育体育局", "您好！每年招生入学工作方案和各校施教区范围于4月底前在本平台“义务教育”栏目公开，"
     "同时在各学校门口公示。", 90),
    ("征地补偿标准是否公开？", "我们村有土地被征收，补偿标准和安置方案在哪里可以查到？",
     "县自然资源和规划局", "您好！征地补偿安置方案公告已在本平台“征地补偿”栏目公开，并在被征地村的村务公开栏张贴。"
     "区片综合地价标准可在同一栏目的政策文件中查阅。", 75),
    ("农村危房改造补助如何申请？",
     "家里老房子开裂，想申请危房改造补助，请问流程是怎样的？身份证号339901195501011238。",
     "县住房和城乡建设局", "您好！农村低收入群体等重点对象可向村民委员会提出申请，经乡镇审核、县住建局审批后实施改造，"
     "补助标准见本平台“农村危房改造”栏目的住房安全保障政策。", 50),
    ("残疾人两项补贴标准是多少？", "请问今年困难残疾人生活补贴和重度残疾人护理补贴的标准是多少？",
     "县民政局", "您好！今年困难残疾人生活补贴和重度残疾人护理补贴的标准已在本平台“社会救助”栏目公开，"
     "补贴按月发放，申请请到户籍所在地乡镇（街道）便民服务中心办理。", 30),
]
# Asked lately and not answered yet: (subject, question, department, days ago asked); the first is past its due date.
WAITING = [
    ("临时救助多久能批下来？", "家里突发变故，申请了临时救助，请问一般多久能审批？", "县民政局", 40),
    ("城关镇养老服务中心什么时候开放？", "听说城关镇在建养老服务中心，请问什么时候可以入住？", "城关镇人民政府", 1),
    ("新生儿医保怎么办理？", "孩子刚出生，请问新生儿参加城乡居民医保需要什么材料？", "县医疗保障局", 2),
]
# Error reports about the site (我要纠错): (subject, report, reply, days ago reported).
CORRECTIONS = [
    ("公示附件无法打开", "“临时救助对象公示”的附件点击后显示错误，无法下载。",
     "您好！经核实，该附件上传时损坏，已于今日重新上传。感谢您的监督！", 100),
    ("联系电话有误", "民政局页面上的咨询电话是空号，请更正。",
     "您好！经核实，该电话号码已变更，页面已更正。感谢您的监督！", 45),
    ("公示日期写错了", "公示期写的是去年，应该是今年吧？请核实。",
     "您好！经核实，公示日期录入有误，已于今日更正。", 12),
]


def _aware(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())


def load_review_points(rng: random.Random, today: dt.date) -> list[ReviewPoint]:
    office = Department.objects.county_disclosure_office().first()
    points = []
    for order, (division_name, name, address, hours, facilities, person, (lat, lng)) in enumerate(POINTS, 1):
        division = Division.objects.get(name=division_name)
        department = office if division.level == DivisionLevel.COUNTY else (
            Department.objects.filter(division=division).order_by("order", "pk").first()
        )
        point, _ = ReviewPoint.objects.update_or_create(
            division=division, name=name,
            defaults={"department": department, "address": address, "opening_hours": hours, "facilities": facilities,
                      "contact_person": person, "contact_phone": fictional.landline(5200000 + order * 311),
                      "latitude": lat, "longitude": lng, "order": order, "is_active": True,
                      "description": DESCRIPTION},
        )
        points.append(point)
    ReviewPointVisit.objects.filter(point__in=points).delete()
    visits = []
    for point in points:
        low, high = VISITORS_BY_LEVEL[point.division.level]
        for offset in range(VISIT_DAYS, 0, -1):
            day = today - dt.timedelta(days=offset)
            if not is_workday(day) and rng.random() < 0.7:
                continue
            visitors = rng.randint(low, high)
            visits.append(ReviewPointVisit(point=point, visited_on=day, visitors=visitors,
                                           enquiries=rng.randint(0, visitors), note=""))
    ReviewPointVisit.objects.bulk_create(visits)
    return points


def _weighted(rng, pairs):
    return rng.choices([value for value, _w in pairs], weights=[w for _v, w in pairs])[0]


def load_ratings(rng: random.Random, today: dt.date, points: list[ReviewPoint], staff: dict) -> None:
    Rating.objects.filter(ip_hash=DEMO_MARK).delete()
    departments = list(Department.objects.active().filter(division__in=Division.objects.governments()).order_by("pk"))
    clerk_departments = list(staff["clerk"].departments.order_by("pk")) if staff.get("clerk") else []
    publications = list(Publication.objects.public().order_by("-published_at", "-pk")[:300])
    kinds = [("department", 45), ("review_point", 30)] + ([("publication", 35)] if publications else [])
    for _n in range(RATINGS):
        kind = _weighted(rng, kinds)
        if kind == "department":
            target = rng.choice(clerk_departments) if clerk_departments and rng.random() < 0.25 else rng.choice(
                departments)
            channel = _weighted(rng, [(Channel.WEBSITE, 5), (Channel.PHONE, 2), (Channel.ON_SITE, 3)])
        elif kind == "review_point":
            target = rng.choice(points)
            channel = _weighted(rng, [(Channel.REVIEW_POINT, 5), (Channel.QR, 3)])
        else:
            target = rng.choice(publications)
            channel = _weighted(rng, [(Channel.WEBSITE, 6), (Channel.QR, 2)])
        level = _weighted(rng, LEVEL_WEIGHTS)
        is_bad = level in BAD_LEVELS
        with_contact = rng.random() < (0.85 if is_bad else 0.12)
        day = today - dt.timedelta(days=rng.randint(0, RATING_DAYS))
        ratings.submit_rating(
            target, level=level, channel=channel,
            comment=rng.choice(BAD_COMMENTS) if is_bad else rng.choice(GOOD_COMMENTS),
            name=rng.choice(CITIZENS) if with_contact else "",
            phone=fictional.mobile(rng.randint(0, 9999)) if with_contact else "",
            ip_hash=DEMO_MARK, created_at=_aware(day, rng.randint(8, 21), rng.randint(0, 59)),
        )
    load_request_ratings(today)
    cases = Callback.objects.filter(rating__ip_hash=DEMO_MARK).select_related("rating", "department")
    for case in cases.order_by("pk"):
        _work_case(rng, today, case, staff)
    _load_appeals(rng, staff)
    _load_village_case(today, staff)
    _load_spot_checks(today, staff)


def _load_village_case(today: dt.date, staff: dict) -> None:
    """A bad rating of a village committee, called back by the clerk of the township that handles the village."""
    clerk = staff.get("clerk")
    village = (Department.objects.active().filter(division__level=DivisionLevel.VILLAGE,
                                                   handled_by__in=clerk.departments.all()).order_by("pk").first()
               if clerk else None)
    if village is None:
        return
    rated_on = add_workdays(today, -4)
    rating = ratings.submit_rating(
        village, level=Level.DISSATISFIED, channel=Channel.ON_SITE, comment="村务公开栏的低保名单半年没更新。",
        name="张阿姨", phone=fictional.mobile(1234), ip_hash=DEMO_MARK, created_at=_aware(rated_on, 9, 30),
    )
    callbacks.record_attempt(rating.callback, by=clerk, is_reached=True, citizen_said="已说明将督促村委会更新。",
                             rectification="镇政府已督促村委会更新公开栏低保名单，并改为每季度更新。",
                             called_at=_aware(add_workdays(rated_on, 1), 10))


def _load_spot_checks(today: dt.date, staff: dict) -> None:
    """The supervisor's spot-check calls on a sample of closed cases: two confirmed, one not and reopened."""
    supervisor = staff.get("supervisor")
    if supervisor is None:
        return
    sample = Callback.objects.filter(rating__ip_hash=DEMO_MARK).spot_check_sample(3, seed=str(SEED)).order_by("pk")
    for n, case in enumerate(sample):
        confirmed = n < 2
        callbacks.spot_check(case, by=supervisor, is_confirmed=confirmed, at=_aware(today, 9, 10 + n),
                             note="群众确认问题已解决，对整改满意。" if confirmed else "群众称问题仍未解决。")
        if not confirmed:
            callbacks.reopen(case, by=supervisor, reason="抽查回访群众不满意，退回重新整改。", at=_aware(today, 9, 30))


def load_request_ratings(today: dt.date) -> None:
    """Applicants rate some replied demo requests a few days after the reply, on the website.

    Its own random stream (seeded from SEED), walking the requests in tracking-number order, so the other demo
    ratings stay as they were and a reload rates the same requests the same way.
    """
    rng = random.Random(SEED + 1)
    finished = (Application.objects.filter(replied_on__isnull=False, status__in=ratings.RATEABLE_APPLICATION_STATUSES)
                .select_related("department").order_by("tracking_number"))
    for application in finished:
        if rng.random() >= REQUEST_RATING_SHARE:
            continue
        level = _weighted(rng, LEVEL_WEIGHTS)
        is_bad = level in BAD_LEVELS
        with_contact = rng.random() < (0.85 if is_bad else 0.1)
        day = min(application.replied_on + dt.timedelta(days=rng.randint(0, 6)), today)
        ratings.submit_rating(
            application, level=level, channel=Channel.WEBSITE,
            comment=rng.choice(REQUEST_COMMENTS_BAD if is_bad else REQUEST_COMMENTS_GOOD),
            name=rng.choice(CITIZENS) if with_contact else "",
            phone=fictional.mobile(rng.randint(0, 9999)) if with_contact else "",
            ip_hash=DEMO_MARK, created_at=_aware(day, rng.randint(8, 21), rng.randint(0, 59)),
        )


def _work_case(rng: random.Random, today: dt.date, case: Callback, staff: dict) -> None:
    """Move a demo case to a state its age makes plausible: closed, in progress, or overdue."""
    supervisor = staff.get("supervisor")
    # Calls are recorded by staff acting for the case's department (its own, or for a village the township's
    # that handles it: callbacks.check_can_record), else unattributed.
    handlers = [department for department in (case.department, case.department.handled_by) if department]
    clerk = (get_user_model().objects.filter(groups__name__in=[CLERK, REVIEWER], departments__in=handlers)
             .order_by("pk").first())
    age = (today - case.opened_on).days
    roll = rng.random()
    if age <= 1 or (age <= 10 and roll < 0.3):
        return  # not called yet (overdue if its callback date has passed)
    late = rng.random() < 0.1
    first_call = min(add_workdays(case.opened_on, 2 if late else 1), today)
    callbacks.record_attempt(case, by=clerk, is_reached=True, citizen_said=rng.choice(CALL_NOTES),
                             called_at=_aware(first_call, 10, rng.randint(0, 59)))
    if (age <= 20 and roll < 0.6) or (age <= 60 and roll < 0.12):
        return  # rectification under way (overdue once its rectification date has passed)
    if rng.random() < 0.12:
        fixed_on = min(add_workdays(case.opened_on, 12), today)
        callbacks.record_attempt(case, by=clerk, is_reached=True, citizen_said=STILL_UNSATISFIED,
                                 rectification=rng.choice(RECTIFICATIONS), called_at=_aware(fixed_on, 15))
        if supervisor and rng.random() < 0.5:
            callbacks.close_by_supervisor(case, by=supervisor, reason="已按政策答复并整改到位，群众诉求超出政策范围。",
                                          at=_aware(min(add_workdays(fixed_on, 5), today), 11))
        return
    fixed_on = min(add_workdays(case.opened_on, rng.randint(3, 16)), today)
    callbacks.record_attempt(case, by=clerk, method=rng.choice(["phone", "phone", "visit"]), is_reached=True,
                             citizen_said="群众对整改结果表示满意。", rectification=rng.choice(RECTIFICATIONS),
                             is_satisfied=True, called_at=_aware(fixed_on, 15, rng.randint(0, 59)))


def _load_appeals(rng: random.Random, staff: dict) -> None:
    clerk, supervisor = staff.get("clerk"), staff.get("supervisor")
    if clerk is None or supervisor is None:
        return
    candidates = list(Rating.objects.filter(ip_hash=DEMO_MARK, department__in=clerk.departments.all()).bad()
                      .order_by("created_at", "pk")[:6])
    reasons = ["评价内容反映的是其他单位的事项，不属于本单位职责。", "经核实，该评价系误操作，评价人已电话确认。",
               "评价所述情况与事实不符，有现场记录为证。"]
    for n, rating in enumerate(candidates):
        appeal = appeals.file_appeal(rating, by=clerk, reason=reasons[n % len(reasons)])
        if n % 3 == 0:
            appeals.decide_appeal(appeal, by=supervisor, uphold=True, note="经核实，申诉理由成立，该评价不计入考核。")
        elif n % 3 == 1:
            appeals.decide_appeal(appeal, by=supervisor, uphold=False, note="申诉理由不充分，维持原评价。")


def _department(name: str) -> Department:
    return Department.objects.get(name=name)


def _answerer(department: Department):
    """Who answers for `department` in the demo: one of its clerks or reviewers, else nobody named."""
    return department.staff.filter(groups__name__in=[CLERK, REVIEWER]).order_by("pk").first()


def load_messages(rng: random.Random, today: dt.date) -> None:
    Message.objects.filter(ip_hash=DEMO_MARK).delete()

    def ask(kind, department, subject, body, days_ago):
        day = today - dt.timedelta(days=days_ago)
        return inbox.submit_message(
            kind=kind, department=department, subject=subject, body=body, name=rng.choice(CITIZENS),
            phone=fictional.mobile(rng.randint(0, 9999)) if rng.random() < 0.7 else "",
            page_url="/feedback/points/" if kind == Message.Kind.CORRECTION else "", ip_hash=DEMO_MARK,
            created_at=_aware(day, rng.randint(8, 21)), rng=rng,
        ), day

    for subject, body, department_name, answer, days_ago in QUESTIONS:
        department = _department(department_name)
        message, day = ask(Message.Kind.QUESTION, department, subject, body, days_ago)
        answered_on = min(add_workdays(day, rng.choice([1, 2, 3, 5])), today)
        message = inbox.answer_message(message, by=_answerer(department), answer=answer, publish=True,
                                       at=_aware(answered_on, 16))
        if rng.random() < 0.7:
            inbox.rate_answer(message, level=_weighted(rng, LEVEL_WEIGHTS), at=_aware(answered_on, 20))
    for subject, body, department_name, days_ago in WAITING:
        ask(Message.Kind.QUESTION, _department(department_name), subject, body, days_ago)
    for subject, body, answer, days_ago in CORRECTIONS:
        message, day = ask(Message.Kind.CORRECTION, None, subject, body, days_ago)
        inbox.answer_message(message, by=_answerer(message.department), answer=answer,
                             at=_aware(min(add_workdays(day, 1), today), 11))


def load(out) -> list:
    rng = random.Random(SEED)
    today = timezone.localdate()
    users = get_user_model().objects.filter(username__in=["clerk", "supervisor"])
    staff = {user.username: user for user in users}
    points = load_review_points(rng, today)
    load_ratings(rng, today, points, staff)
    load_messages(rng, today)
    demo_participation.load(out)
    cases = Callback.objects.filter(rating__ip_hash=DEMO_MARK)
    out.write(
        f"  查阅点 {len(points)} 个（来访登记 {ReviewPointVisit.objects.filter(point__in=points).count()} 条），"
        f"评价 {Rating.objects.filter(ip_hash=DEMO_MARK).count()} 条"
        f"（其中依申请公开 {Rating.objects.filter(ip_hash=DEMO_MARK, application__isnull=False).count()} 条），"
        f"回访 {cases.count()} 件（办理中 {cases.open().count()} 件，逾期 {cases.overdue(on=today).count()} 件，"
        f"已抽查 {cases.spot_checked().count()} 件），"
        f"无法回访 {Rating.objects.filter(ip_hash=DEMO_MARK).cannot_call_back().count()} 条，"
        f"留言 {Message.objects.filter(ip_hash=DEMO_MARK).count()} 条"
    )
    return []
