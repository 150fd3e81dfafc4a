"""Demo satisfaction surveys and 意见征集 for 示范县, every title marked （演示）: a survey closed last quarter with its
online and paper questionnaires (a few paper ones invalid), one open now; a draft open for comment with moderated
comments, and one concluded with its published 采纳情况 linked to the final policy.
Deterministic (fixed seed) and safe to load again: the previous demo surveys and consultations are replaced.
"""

import datetime as dt
import random

from django.db.models import Q
from django.utils import timezone

from catalog.models import Department, Publication
from feedback import surveys
from feedback.models import Answer, Comment, Consultation, Question, Survey, SurveyResponse
from portal import fictional

SEED = 20260601
DEMO = "（演示）"
DEMO_MARK = "demo"

QUESTIONS = [
    ("您对本县政务公开工作总体是否满意？", Question.Kind.RATING, "", True),
    ("您主要通过哪个渠道获取政务公开信息？", Question.Kind.SINGLE,
     "政府网站\n政务服务中心和查阅点\n村（社区）公开栏\n微信公众号等新媒体", True),
    ("您最关注哪些方面的公开信息？（可多选）", Question.Kind.MULTIPLE,
     "社会救助\n教育\n医疗卫生\n就业创业\n征地补偿\n村务财务", True),
    ("您在网站上能否方便地找到需要的信息？", Question.Kind.SINGLE, "能很快找到\n花些时间能找到\n找不到", True),
    ("您对政务公开工作有什么意见建议？", Question.Kind.TEXT, "", False),
]
SUGGESTIONS = ["希望村务公开栏更新再及时一些。", "网站字体可以再大一点，老年人看着方便。", "低保名单公示时间能否延长。",
               "希望多用短视频解读政策。", "查阅点的工作人员很热情。", ""]

COMMENTS_OPEN = [
    ("建议把申请临时救助需要的材料列成清单，一次告知。", "王女士", True, False, "shown"),
    ("救助金额的计算标准希望写得更具体，举例说明。", "", False, False, "shown"),
    ("能否在村里直接受理申请，老人跑镇上不方便。", "陈大伯", True, True, "pending"),
    ("加我微信代办各类补贴，包过。", "", False, False, "hidden"),
]
COMMENTS_CONCLUDED = [
    ("建议低保申请审核时限由30个工作日缩短为20个工作日。", "刘先生", "adopted", ""),
    ("家庭财产核查范围写得太宽，建议明确车辆、存款的具体标准。", "", "partly",
     "已在第十二条明确存款标准，车辆标准按省里统一规定执行，不另行规定。"),
    ("建议取消户籍地申请的限制，在居住地就能申请。", "", "not_adopted",
     "上位法规定由户籍所在地乡镇人民政府受理，本办法不能突破；居住地可代为转交申请材料。"),
]


def _answers_for(questions, rng, complete: bool) -> dict:
    found = {}
    for q in questions:
        if q.kind == Question.Kind.TEXT:
            text = rng.choice(SUGGESTIONS)
            if text:
                found[q.pk] = text
        elif q.kind == Question.Kind.MULTIPLE:
            found[q.pk] = sorted(rng.sample(range(1, len(q.option_list) + 1), rng.randint(1, 3)))
        elif q.kind == Question.Kind.RATING:
            found[q.pk] = [rng.choices([1, 2, 3, 4, 5], weights=[50, 30, 12, 6, 2])[0]]
        else:
            found[q.pk] = [rng.randint(1, len(q.option_list))]
    if not complete:
        found.pop(questions[rng.choice([1, 3])].pk, None)  # a paper form with a required question skipped
    return found


def _store(survey, questions, rng, *, channel, complete, at, number=""):
    answers = _answers_for(questions, rng, complete)
    missing = surveys.missing_required(questions, answers)
    response = SurveyResponse.objects.create(
        survey=survey, channel=channel, is_valid=not missing, missing="、".join(str(q.order) for q in missing),
        paper_number=number, submitted_at=at, ip_hash=DEMO_MARK,
        respondent=f"demo-{survey.pk}-{number or rng.random()}" if channel == SurveyResponse.Channel.ONLINE else "",
    )
    rows = []
    for pk, value in answers.items():
        if isinstance(value, str):
            rows.append(Answer(response=response, question_id=pk, text=value))
        else:
            rows.extend(Answer(response=response, question_id=pk, number=n) for n in value)
    Answer.objects.bulk_create(rows)


def _aware(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def load_surveys(rng: random.Random, today: dt.date, office: Department) -> list[Survey]:
    old = Survey.objects.filter(title__endswith=DEMO)
    Answer.objects.filter(response__survey__in=old).delete()
    SurveyResponse.objects.filter(survey__in=old).delete()
    old.delete()
    made = []
    for title, opens_on, closes_on, issued, online, paper in [
        (f"{today.year}年度政务公开群众满意度调查（第一期）", today - dt.timedelta(days=120),
         today - dt.timedelta(days=60), 90, 12, 74),
        (f"{today.year}年度政务公开群众满意度调查（第二期）", today - dt.timedelta(days=10),
         today + dt.timedelta(days=20), 0, 5, 0),
    ]:
        survey = Survey.objects.create(
            title=title + DEMO, department=office, opens_on=opens_on, closes_on=closes_on, is_published=True,
            issued_count=issued, intro="为了解群众对我县政务公开工作的评价，改进工作，特开展本次调查。问卷匿名填写，"
                                       "约需3分钟。感谢您的支持！")
        for order, (text, kind, options, required) in enumerate(QUESTIONS, start=1):
            Question.objects.create(survey=survey, order=order, text=text, kind=kind, options=options,
                                    is_required=required)
        questions = list(survey.questions.all())
        span = max((min(closes_on, today) - opens_on).days, 1)
        for n in range(online):
            at = _aware(opens_on + dt.timedelta(days=rng.randrange(span)), rng.randint(8, 21))
            _store(survey, questions, rng, channel=SurveyResponse.Channel.ONLINE, complete=True, at=at,
                   number=f"W{n + 1:03d}")
        for n in range(paper):
            at = _aware(closes_on + dt.timedelta(days=rng.randint(1, 5)), rng.randint(9, 16))
            _store(survey, questions, rng, channel=SurveyResponse.Channel.OFFLINE, complete=rng.random() > 0.06,
                   at=at, number=f"P{n + 1:03d}")
        SurveyResponse.objects.filter(survey=survey, channel=SurveyResponse.Channel.ONLINE).update(paper_number="")
        made.append(survey)
    return made


def load_consultations(rng: random.Random, today: dt.date, bureau: Department) -> list[Consultation]:
    old = Consultation.objects.filter(title__endswith=DEMO)
    Comment.objects.filter(consultation__in=old).delete()
    old.delete()
    final = (Publication.objects.public().policies().filter(Q(title__contains="最低生活保障"))
             .order_by("-published_at").first())
    concluded = Consultation.objects.create(
        title="示范县城乡居民最低生活保障实施办法（征求意见稿）" + DEMO,
        department=final.department if final else bureau,
        explanation="为贯彻落实《社会救助暂行办法》，进一步规范最低生活保障工作，县民政局起草了本办法。"
                    "重点征求对申请审核时限、家庭经济状况核查范围的意见。",
        draft_text="第一条　为规范城乡居民最低生活保障工作，根据《社会救助暂行办法》，结合本县实际，制定本办法。\n"
                   "第二条　本办法适用于本县户籍居民申请最低生活保障。\n第三条　乡镇人民政府（街道办事处）"
                   "应当自受理申请之日起30个工作日内完成审核。",
        opens_on=today - dt.timedelta(days=150), closes_on=today - dt.timedelta(days=121),
        contact="信函：示范县人民大道1号县民政局社会救助科（请注明“意见征集”）",
        status=Consultation.Status.CONCLUDED, published_at=_aware(today - dt.timedelta(days=150), 9),
        feedback_summary="征求意见期间共收到意见建议4条，经认真研究，采纳1条、部分采纳1条；未采纳的意见已说明理由。"
                         "感谢社会各界的关心和支持。",
        feedback_published_at=_aware(today - dt.timedelta(days=110), 10), final_publication=final,
    )
    for n, (body, name, adoption, note) in enumerate(COMMENTS_CONCLUDED):
        Comment.objects.create(consultation=concluded, body=body, name=name, show_name=bool(name),
                               phone=fictional.mobile(rng.randint(0, 9999)), status=Comment.Status.SHOWN,
                               adoption=adoption, adoption_note=note, ip_hash=DEMO_MARK,
                               submitted_at=_aware(concluded.opens_on + dt.timedelta(days=3 + n * 5), 10))
    Comment.objects.create(consultation=concluded, body="代开各类证明，电话联系。", status=Comment.Status.HIDDEN,
                           hidden_reason="广告信息", ip_hash=DEMO_MARK,
                           submitted_at=_aware(concluded.opens_on + dt.timedelta(days=9), 22))
    open_one = Consultation.objects.create(
        title="示范县临时救助实施办法（修订征求意见稿）" + DEMO, department=bureau,
        explanation="现行临时救助办法施行已满五年。为提高救助时效，本次修订拟下放审批权限、简化小额救助程序，"
                    "请重点就“先行救助”的适用情形提出意见。",
        draft_text="第一条　为及时解决群众遭遇的突发性、紧迫性、临时性生活困难，制定本办法。\n"
                   "第二条　对急难型救助对象，乡镇人民政府（街道办事处）可先行救助，事后补齐手续。",
        opens_on=today - dt.timedelta(days=5), closes_on=today + dt.timedelta(days=24),
        status=Consultation.Status.PUBLISHED, published_at=_aware(today - dt.timedelta(days=5), 9),
        contact="电子邮件：demo@example.invalid（演示地址，不能收信）",
    )
    for n, (body, name, wants_reply, show_name, status) in enumerate(COMMENTS_OPEN):
        Comment.objects.create(consultation=open_one, body=body, name=name, show_name=show_name,
                               wants_reply=wants_reply, phone=fictional.mobile(rng.randint(0, 9999)) if name else "",
                               status=status, hidden_reason="广告信息" if status == "hidden" else "",
                               ip_hash=DEMO_MARK, submitted_at=_aware(today - dt.timedelta(days=4 - n), 9 + n))
    return [concluded, open_one]


def load(out) -> None:
    rng = random.Random(SEED)
    today = timezone.localdate()
    office = Department.objects.filter(is_disclosure_office=True, division__parent__isnull=True).first()
    bureau = Department.objects.filter(name="县民政局").first() or office
    if office is None or bureau is None:
        return
    made = load_surveys(rng, today, office)
    consultations = load_consultations(rng, today, bureau)
    figures = made[0].figures()
    out.write(f"  满意度调查 {len(made)} 项（第一期回收 {figures.returned} 份，有效 {figures.valid} 份），"
              f"意见征集 {len(consultations)} 项（意见 {Comment.objects.filter(ip_hash=DEMO_MARK).count()} 条）")
