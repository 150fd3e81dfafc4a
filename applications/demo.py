"""Demo requests for disclosure: 132 requests over the last 18 months, in every state and every reply type, with
a later deadline for an excessive request (Art. 35) and a request withdrawn before its receipt was confirmed.

Built through the real workflow (so events, pauses, notices and due dates are what the code would produce),
dated relative to today, from a fixed random seed. A request whose tracking number exists is left alone,
so loading twice leaves the same data.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType

from applications import workflow
from applications.classification import REASONS_BY_OUTCOME, ApplicantKind, Outcome, Reason
from applications.deadlines import per_volume_fee
from applications.models import (
    TRACKING_ALPHABET,
    Application,
    Channel,
    ClockPause,
    IdType,
    ObtainMethod,
    ReceiptMail,
    SuggestionDay,
)
from applications.validators import credit_code_check_char, resident_id_check_digit
from catalog.models import Department, Division
from portal import fictional
from portal.models import PersonalDataAccess
from portal.workdays import add_workdays, is_workday

SEED = 20260401
COUNT = 132
FAVOURED = ["县民政局", "城关镇人民政府"]  # the demo clerk's departments get a good share

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = ["建国", "秀英", "丽华", "志强", "海燕", "玉兰", "国庆", "春梅", "德明", "桂芳", "永红", "小军", "晓燕",
         "文杰", "美玲", "振华", "淑珍", "宏伟", "雪梅", "家豪", "子涵", "欣怡", "宇航", "梓萱", "浩然"]
ORGANISATIONS = [
    (ApplicantKind.BUSINESS, "示范县恒通建材有限公司"), (ApplicantKind.BUSINESS, "浙江青山农业开发有限公司"),
    (ApplicantKind.BUSINESS, "示范县城东物业服务有限公司"), (ApplicantKind.RESEARCH, "省社会科学院农村发展研究所"),
    (ApplicantKind.RESEARCH, "示范职业技术学院乡村治理研究中心"), (ApplicantKind.CHARITY, "示范县慈善总会"),
    (ApplicantKind.CHARITY, "示范县阳光助老服务中心"), (ApplicantKind.LEGAL_SERVICE, "浙江明正律师事务所"),
    (ApplicantKind.LEGAL_SERVICE, "示范县城关法律服务所"), (ApplicantKind.OTHER_ORGANISATION, "城东社区业主委员会"),
]
SUBJECTS = [
    "{year}年度{place}最低生活保障对象名单及保障金发放情况",
    "{place}{year}年特困人员供养资金的使用明细",
    "{year}年高龄津贴和养老服务补贴的发放标准及依据文件",
    "{place}东坪村集体土地征收的批准文件及补偿安置方案",
    "{year}年{place}农村危房改造补助对象名单",
    "城关镇人民路道路改造工程的立项批复和招投标结果",
    "{year}年县财政对{place}的转移支付资金分配情况",
    "{place}养老服务中心建设项目的资金来源和验收报告",
    "{year}年临时救助申请的审批流程和办理结果统计",
    "{place}殡葬改革公墓建设项目的规划审批文件",
    "县民政局关于社会组织年检结果的公告及依据",
    "{year}年{place}村级公益事业建设一事一议财政奖补项目清单",
    "本人户籍所在村{year}年村务公开栏张贴的财务收支明细",
    "{place}老旧小区改造项目的设计方案和施工合同",
    "{year}年义务教育阶段学校招生片区划分的依据文件",
]
PLACES = ["城关镇", "示范县", "青山镇", "城东社区", "东坪村", "桃源镇", "龙泉乡"]
REPLY_TEXTS = {
    Outcome.DISCLOSED: "您申请的信息已整理完毕，现按您选择的方式提供。",
    Outcome.PARTIAL: "所申请信息中涉及个人身份证号码、银行账号等个人信息的部分已作区分处理，其余部分予以提供。",
    Outcome.WITHHELD: "经审查，所申请信息依法不予公开，理由及依据见答复书。",
    Outcome.UNAVAILABLE: "经检索本机关档案和业务系统，情况说明见答复书。",
    Outcome.NOT_PROCESSED: "经审查，您的申请不属于政府信息公开申请的处理范围，说明见答复书。",
    Outcome.OTHER: "经与您沟通，您的申请按其他情形处理，说明见答复书。",
}


def reply_variants() -> list[tuple[str, str]]:
    """Every (outcome, reason) a reply may carry, the annual report's rows (六)1–2 being their own steps."""
    variants = []
    for outcome, reasons in REASONS_BY_OUTCOME.items():
        if not reasons:
            variants.append((outcome, ""))
        for reason in reasons:
            if reason not in ("no_correction", "fee_unpaid"):
                variants.append((outcome, reason))
    return variants


OPEN_SCENARIOS = ["submitted", "registered", "processing", "correction", "consulting", "awaiting_fee", "overdue",
                  "extended", "due_soon", "deferred"]
ENDED_SCENARIOS = ["deemed_withdrawn", "fee_lapsed", "withdrawn", "withdrawn_unreceived"]
# The parts a demo 部分公开 reply withholds (Art. 37), with their reasons.
WITHHELD_PARTS = [
    ("名单中低保对象的身份证号码、银行账号和家庭住址", Reason.THIRD_PARTY),
    ("审批过程中的内部讨论记录和请示稿", Reason.PROCESS_INFORMATION),
]


def scenarios() -> list[str]:
    variants = [f"reply:{outcome}:{reason}" for outcome, reason in reply_variants()]
    return variants + OPEN_SCENARIOS + ENDED_SCENARIOS


def _resident_id(rng: random.Random) -> str:
    birth = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randint(0, 60 * 365))
    first17 = f"339901{birth:%Y%m%d}{rng.randint(0, 999):03d}"
    return first17 + resident_id_check_digit(first17)


def _credit_code(rng: random.Random) -> str:
    first17 = "91339901" + "".join(rng.choice("0123456789") for _ in range(8)) + rng.choice("0123456789ABC")
    return first17 + credit_code_check_char(first17)


def _workday_on_or_after(day: dt.date) -> dt.date:
    return day if is_workday(day) else add_workdays(day, 1)


def _holiday_start(today: dt.date, rng: random.Random) -> dt.date:
    """A receipt date just before 国庆 or in the run-up to 春节, far enough back to be concluded."""
    year = today.year if dt.date(today.year, 9, 28) <= today - dt.timedelta(days=130) else today.year - 1
    if rng.random() < 0.5:
        return _workday_on_or_after(dt.date(year, 9, rng.randint(22, 28)))
    spring_year = today.year if dt.date(today.year, 2, 10) <= today - dt.timedelta(days=130) else today.year - 1
    return _workday_on_or_after(dt.date(spring_year, 1, rng.randint(20, 31)) + dt.timedelta(days=rng.randint(0, 9)))


class DemoBuilder:
    def __init__(self, today: dt.date):
        self.today = today
        self.rng = random.Random(SEED)
        User = get_user_model()
        self.admin = User.objects.filter(username="admin").first()
        self.clerk = User.objects.filter(username="clerk").first() or self.admin
        self.reviewer = User.objects.filter(username="reviewer").first() or self.admin
        departments = list(Department.objects.recipients().filter(division__in=Division.objects.governments()))
        self.favoured = [d for d in departments if d.name in FAVOURED]
        self.others = [d for d in departments if d.name not in FAVOURED] or self.favoured

    def actor(self, department, *, approve=False):
        if department.name in FAVOURED:
            return self.reviewer if approve else self.clerk
        return self.admin

    def tracking_number(self) -> str:
        return "YS" + "".join(self.rng.choice(TRACKING_ALPHABET) for _ in range(9))

    def applicant(self, application: Application) -> None:
        rng = self.rng
        if rng.random() < 0.75:
            application.applicant_kind = ApplicantKind.NATURAL_PERSON
            application.applicant_name = rng.choice(SURNAMES) + rng.choice(GIVEN)
            application.id_type = IdType.RESIDENT_ID
            application.id_number = _resident_id(rng)
        else:
            kind, name = rng.choice(ORGANISATIONS)
            application.applicant_kind = kind
            application.applicant_name = name
            application.credit_code = _credit_code(rng)
            application.legal_representative = rng.choice(SURNAMES) + rng.choice(GIVEN)
            application.contact_name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        application.phone = fictional.mobile(rng.randint(0, 9999))
        application.obtain_method = rng.choice(ObtainMethod.values)
        application.email = f"demo{rng.randint(1000, 9999)}@example.com" if rng.random() < 0.5 else ""
        if application.obtain_method == ObtainMethod.EMAIL and not application.email:
            application.email = f"demo{rng.randint(1000, 9999)}@example.com"
        application.address = f"示范县{rng.choice(PLACES)}{rng.randint(1, 200)}号"
        application.delivery_form = "electronic" if application.obtain_method in ("email", "online") else "paper"

    @staticmethod
    def receipt(application, day) -> None:
        """The e-mailed receipt of an online request with an address: sent, and one in eight failed (demo)."""
        if not application.email:
            return
        stamp = f"{day:%Y-%m-%d} 09:0{application.pk % 10}"
        if application.pk % 8:
            state, note = ReceiptMail.SENT, f"{stamp} 已发送至 {application.email}（演示）"
        else:
            state, note = ReceiptMail.FAILED, f"{stamp} SMTPServerDisconnected（演示）"
        Application.objects.filter(pk=application.pk).update(receipt_mail=state, receipt_mail_note=note)

    def build(self, index: int, scenario: str) -> None:
        # One generator per request, so skipping an existing one leaves the others unchanged.
        self.rng = rng = random.Random(SEED * 1000 + index)
        tracking_number = self.tracking_number()
        department = rng.choice(self.favoured) if (self.favoured and rng.random() < 0.45) else rng.choice(self.others)
        application = Application(tracking_number=tracking_number, department=department)
        self.applicant(application)
        year = self.today.year - rng.randint(0, 1)
        application.description = rng.choice(SUBJECTS).format(year=year, place=rng.choice(PLACES))
        application.channel = rng.choice(Channel.values)
        modifiers = {name: rng.random() for name in ("correct", "transfer", "consult", "fee", "extend", "late",
                                                    "close", "holiday")}
        received_back = rng.randint(130, 540)
        if Application.objects.filter(tracking_number=tracking_number).exists():
            return
        if scenario.startswith("reply:") or scenario in ENDED_SCENARIOS:
            received_on = (_holiday_start(self.today, rng) if modifiers["holiday"] < 0.15
                           else _workday_on_or_after(self.today - dt.timedelta(days=received_back)))
        elif scenario == "overdue":
            received_on = add_workdays(self.today, -rng.randint(24, 30))
        elif scenario == "due_soon":
            received_on = add_workdays(self.today, -rng.randint(16, 19))
        else:
            received_on = add_workdays(self.today, -rng.randint(3, 8))
        self.run(application, scenario, received_on, modifiers)

    def run(self, application, scenario, received_on, modifiers) -> None:
        rng = self.rng
        department = application.department
        by = self.actor(department)
        if scenario in ("submitted", "withdrawn_unreceived"):
            application.channel = Channel.ONLINE
            workflow.submit_online(application, today=received_on)
            self.receipt(application, received_on)
            if scenario == "withdrawn_unreceived":  # never received: counted nowhere in the annual report
                workflow.withdraw(application, by=by, today=received_on, note="申请人来电撤回，尚未确认收到申请。")
            return
        if application.channel == Channel.ONLINE:
            workflow.submit_online(application, today=received_on)
            self.receipt(application, received_on)
            workflow.confirm_receipt(application, by=by, received_on=received_on, today=received_on)
        else:
            application.submitted_on = received_on
            application.received_on = received_on
            if application.channel in (Channel.ORDINARY_POST, Channel.REGISTERED_POST):
                application.submitted_on = received_on - dt.timedelta(days=rng.randint(2, 4))  # the day posted
            if application.channel == Channel.ORDINARY_POST:
                # Art. 31: confirmed with the applicant the day the letter arrived, a few a day late (flagged).
                late = rng.random() < 0.2
                application.arrived_on = add_workdays(received_on, -1) if late else received_on
                application.arrived_on = max(application.arrived_on, application.submitted_on)
            workflow.register(application, by=by, today=received_on)
        day = received_on
        if scenario == "registered":
            return
        if scenario in ("correction", "deemed_withdrawn") or (scenario.startswith("reply:")
                                                                and modifiers["correct"] < 0.25):
            day = min(add_workdays(received_on, rng.randint(1, 5)), self.today)
            workflow.request_correction(application, by=by, today=day, correction_due_on=add_workdays(day, 15),
                                        instructions="请写明所需信息的具体名称或文号，以及所涉及的年度和村（社区）。")
            if scenario == "correction":
                return
            if scenario == "deemed_withdrawn":
                workflow.deem_withdrawn(application, by=by, today=add_workdays(day, 16),
                                        note="申请人逾期未补正，电话联系未果。")
                return
            day = add_workdays(day, rng.randint(3, 12))
            workflow.record_correction(application, by=by, corrected_on=day, today=day)
        else:
            day = add_workdays(day, 1)
            workflow.accept(application, by=by, today=day)
        if scenario == "processing":
            return
        if scenario.startswith("reply:") and modifiers["transfer"] < 0.15:
            target = rng.choice(self.others)
            if target.pk != application.department_id:
                day = add_workdays(day, 1)
                workflow.transfer(application, by=by, to_department=target, today=day,
                                  note="所申请信息由该单位制作保存，转该单位办理。")
                by = self.actor(target)
        if scenario == "consulting" or (scenario.startswith("reply:") and modifiers["consult"] < 0.2):
            day = add_workdays(day, 1)
            kind = rng.choice([ClockPause.Kind.THIRD_PARTY, ClockPause.Kind.OTHER_ORGAN])
            party = "示范县恒通建材有限公司" if kind == ClockPause.Kind.THIRD_PARTY else "县财政局"
            delivery = rng.choice(ClockPause.Delivery.values)
            workflow.start_consultation(application, by=by, kind=kind, party=party, delivery=delivery, today=day)
            if delivery == ClockPause.Delivery.POST and add_workdays(day, 2) <= self.today:
                day = add_workdays(day, 2)  # the return receipt comes back
                workflow.record_delivery(application, by=by, received_on=day, today=day)
            if scenario == "consulting":
                return
            pause = application.pauses.get(ended_on__isnull=True)
            if kind == ClockPause.Kind.OTHER_ORGAN and delivery != ClockPause.Delivery.POST and rng.random() < 0.3:
                day = add_workdays(pause.answer_due_on, 1)  # Art. 34: no answer in 15 working days is consent
                workflow.end_consultation(application, by=by, outcome=ClockPause.Outcome.NO_ANSWER, today=day,
                                          note="县财政局期限内未回复，视为同意。")
            else:
                day = min(add_workdays(day, rng.randint(5, 15)), pause.answer_due_on)
                workflow.end_consultation(application, by=by, ended_on=day, today=day, note="对方书面回复同意公开。")
        if scenario in ("awaiting_fee", "fee_lapsed") or (scenario.startswith("reply:") and modifiers["fee"] < 0.1):
            day = add_workdays(day, 1)
            pages = rng.randint(60, 260)
            workflow.fee_notice(application, by=by, amount=per_volume_fee(pages), scheme="volume",
                                basis=f"共{pages}页", today=day)
            if scenario == "awaiting_fee":
                return
            if scenario == "fee_lapsed":
                workflow.fee_lapsed(application, by=by, today=add_workdays(day, 21))
                return
            day = add_workdays(day, rng.randint(2, 10))
            workflow.fee_paid(application, by=by, paid_on=day, today=day)
        if scenario == "withdrawn":
            workflow.withdraw(application, by=by, today=add_workdays(day, 2), note="申请人书面申请撤回。")
            return
        if scenario == "extended" or (scenario.startswith("reply:") and modifiers["extend"] < 0.2):
            day = min(max(day, add_workdays(application.due_on, -2)), self.today)
            workflow.extend(application, by=self.actor(application.department, approve=True), workdays=20,
                            reason="所需信息数量较大，需调取多个年度档案并作区分处理", today=day)
            if scenario == "extended":
                return
        if scenario == "deferred":  # Art. 35: proposed by the clerk, approved by the reviewer
            workflow.propose_deferral(
                application, by=by, today=day, proposed_due_on=add_workdays(application.due_on, 20),
                reason="该申请人本月已提出36件申请，所涉档案跨越2015年以来多个年度，申请人说明系课题研究需要，理由合理，"
                       "但无法在法定期限内逐件检索答复。")
            workflow.approve_deferral(application, by=self.actor(application.department, approve=True), today=day)
            return
        if scenario in ("overdue", "due_soon", "extended"):
            return
        _, outcome, reason = scenario.split(":")
        late = modifiers["late"] < 0.08
        replied_on = add_workdays(application.due_on, rng.randint(1, 4)) if late else max(
            day, add_workdays(application.due_on, -rng.randint(0, 8)))
        replied_on = min(replied_on, self.today)
        workflow.reply(application, by=by, outcome=outcome, reason=reason, reply_text=REPLY_TEXTS[outcome],
                       delivered_by=application.obtain_method, replied_on=replied_on, today=replied_on,
                       withheld_parts=WITHHELD_PARTS if outcome == Outcome.PARTIAL else ())
        if modifiers["close"] < 0.6:
            closed_on = min(add_workdays(replied_on, 3), self.today)
            workflow.close(application, by=by, today=closed_on, note="答复已送达，申请人已签收。")


def load(out) -> list:
    from django.utils import timezone

    today = timezone.localdate()
    builder = DemoBuilder(today)
    names = scenarios()
    for index in range(COUNT):
        builder.build(index, names[index % len(names)])
    looks = record_demo_access(builder)
    out.write(f"  依申请公开 {Application.objects.count()} 件，个人信息查阅记录 {looks} 条")
    load_suggestion_days(today)
    return []


#: The demo clerk's office PC on the county's government network (an invented address).
DEMO_OFFICE_ADDRESS = "10.0.8.21"


def record_demo_access(builder: DemoBuilder) -> int:
    """A supervisor opening the demo's 个人信息查阅记录 finds the demo clerk's morning: the request list, a few
    requests opened, the register exported. Written once (the log is append-only, so a second load adds nothing)."""
    clerk = builder.clerk
    if clerk is None or PersonalDataAccess.objects.filter(user=clerk).exists():
        return PersonalDataAccess.objects.count()
    content_type = ContentType.objects.get_for_model(Application)
    mine = list(Application.objects.filter(department__in=builder.favoured).order_by("-received_on", "pk")[:4])
    base = {"user": clerk, "username": clerk.get_username(), "content_type": content_type,
            "address": DEMO_OFFICE_ADDRESS}
    PersonalDataAccess.objects.create(**base, kind=PersonalDataAccess.Kind.LIST, count=len(mine) or 1,
                                      place="政府信息公开申请列表")
    for application in mine:
        PersonalDataAccess.objects.create(**base, kind=PersonalDataAccess.Kind.VIEW, object_id=str(application.pk),
                                          object_repr=str(application), place="政府信息公开申请详情页")
    exported = Application.objects.filter(department__in=builder.favoured).count()
    PersonalDataAccess.objects.create(**base, kind=PersonalDataAccess.Kind.EXPORT, count=exported,
                                      place="导出政府信息公开申请（.xlsx）")
    return PersonalDataAccess.objects.count()


def load_suggestion_days(today: dt.date, days: int = 45) -> None:
    """Invented counts of the request form's suggestions over the last weeks (the site is marked as a demo), so the
    dashboard's 避免的申请 has figures; loading again sets the same counts."""
    rng = random.Random(1644)  # noqa: S311 - demo data, not security
    for offset in range(days, 0, -1):
        day = today - dt.timedelta(days=offset)
        followed = rng.randint(0, 6) if day.weekday() < 5 else rng.randint(0, 2)
        SuggestionDay.objects.update_or_create(
            day=day, defaults={"followed": followed, "submitted_after": rng.randint(0, followed // 3)})
