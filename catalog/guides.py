"""The disclosure guide (政府信息公开指南, Regulation Art. 12) of a county or township government, built from its data.

Every government gets a complete guide whether or not its office wrote anything: the organ's full name, the
disclosure office's address, hours and contacts, how to apply, the time limits, the fee rules and the remedies
with the reconsideration body. The text the office adds in admin (GuidePage) follows the generated sections.
"""

from dataclasses import dataclass

from django.db.models import Q

from catalog.models import Department, Division, GuidePage
from catalog.models.divisions import reconsideration_body

# Regulation Art. 33: 20 working days, one extension of at most 20 more.
REPLY_WORKDAYS = 20
EXTENSION_WORKDAYS = 20
# 行政复议法 art. 20 and 行政诉讼法 art. 46.
RECONSIDERATION_DAYS = 60
LAWSUIT_MONTHS = 6

# 政府信息公开信息处理费管理办法 (国办函〔2020〕109号), as DESIGN §4 states it.
FEE_RULES = [
    "依申请提供政府信息，不收取费用。申请人申请公开政府信息的数量、频次明显超过合理范围的，"
    "可以按照《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）收取信息处理费。",
    "按件计收：同一申请人一个自然月内累计申请10件以下（含10件）的，不收费；11—30件的部分，每件收费100元；"
    "31件以上的部分，每增加10件，每件收费标准提高100元（31—40件每件200元，41—50件每件300元，依此类推）。",
    "按量计收：同一政府信息公开申请中，30页以下（含30页）的，不收费；31—100页的部分，每页收费10元；"
    "101—200页的部分，每页收费20元；201页以上的部分，每页收费40元。",
    "同一申请只适用一种计收方式，不得同时按件和按量收费。需要收费的，行政机关在答复期限内书面通知申请人；"
    "申请人自收到通知次日起20个工作日内缴费，逾期未缴费的视为放弃申请，行政机关不再处理该申请。"
    "通知到缴费之间的时间不计算在答复期限内。",
]


@dataclass
class Guide:
    place: Division
    organ_name: str
    office: Department | None
    reconsideration_body: str
    page: GuidePage | None

    reply_workdays: int = REPLY_WORKDAYS
    extension_workdays: int = EXTENSION_WORKDAYS
    reconsideration_days: int = RECONSIDERATION_DAYS
    lawsuit_months: int = LAWSUIT_MONTHS
    fee_rules: tuple = tuple(FEE_RULES)

    @property
    def title(self) -> str:
        return f"{self.organ_name}政府信息公开指南"


def guide_for(place: Division) -> Guide:
    """The guide of `place`'s government (county or township); `place` should have its parent selected.

    The contact is the place's disclosure office (工作机构), else its government organ. The reconsideration body is
    the government organ's (its admin override or the computed one); without such an organ, it is computed for
    the place's government directly.
    """
    organs = list(Department.objects.active().filter(
        Q(is_disclosure_office=True) | Q(organ_kind=Department.OrganKind.GOVERNMENT), division=place,
    ))
    office = next((d for d in organs if d.is_disclosure_office), None)
    government = next((d for d in organs if d.organ_kind == Department.OrganKind.GOVERNMENT), None)
    for organ in organs:
        organ.division = place  # the place (and its parent) are already loaded: no query per organ
    if government is not None:
        body = government.reconsideration_body
    else:
        body = reconsideration_body(place, Department.OrganKind.GOVERNMENT)
    # The county's text is kept without a division (GuidePage), though one filed under the county also counts.
    pages = GuidePage.objects.filter(Q(division=place) | Q(division__isnull=True) if place.parent_id is None
                                     else Q(division=place))
    page = pages.order_by("division").first()
    return Guide(place=place, organ_name=place.government_name, office=office or government,
                 reconsideration_body=body, page=page)
