"""How replies to requests are classified: exactly the result rows of the annual report's table 三 (DESIGN §4, §6).

`Outcome` is the reply's result (Art. 36); `Reason` the sub-row under 不予公开, 无法提供, 不予处理 and 其他处理.
Both the workflow (what a clerk may choose) and the annual report (how rows are counted) read these tables.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicantKind(models.TextChoices):
    """The columns of table 三."""

    NATURAL_PERSON = "person", _("自然人")
    BUSINESS = "business", _("商业企业")
    RESEARCH = "research", _("科研机构")
    CHARITY = "charity", _("社会公益组织")
    LEGAL_SERVICE = "legal", _("法律服务机构")
    OTHER_ORGANISATION = "other_org", _("其他")

    @classmethod
    def organisations(cls) -> list[str]:
        return [kind for kind in cls.values if kind != cls.NATURAL_PERSON]


class Outcome(models.TextChoices):
    """三、本年度办理结果 (一)–(六)."""

    DISCLOSED = "disclosed", _("予以公开")
    PARTIAL = "partial", _("部分公开")
    WITHHELD = "withheld", _("不予公开")
    UNAVAILABLE = "unavailable", _("无法提供")
    NOT_PROCESSED = "not_processed", _("不予处理")
    OTHER = "other", _("其他处理")


class Reason(models.TextChoices):
    """The numbered reasons under (三)–(六), with the article a reply notice cites."""

    STATE_SECRET = "state_secret", _("属于国家秘密")
    PROHIBITED_BY_LAW = "prohibited_by_law", _("其他法律行政法规禁止公开")
    SAFETY_STABILITY = "safety_stability", _("危及“三安全一稳定”")
    THIRD_PARTY = "third_party", _("保护第三方合法权益")
    INTERNAL_AFFAIRS = "internal_affairs", _("属于三类内部事务信息")
    PROCESS_INFORMATION = "process_information", _("属于四类过程性信息")
    ENFORCEMENT_FILE = "enforcement_file", _("属于行政执法案卷")
    ADMINISTRATIVE_QUERY = "administrative_query", _("属于行政查询事项")

    NOT_HELD = "not_held", _("本机关不掌握相关政府信息")
    NEEDS_CREATION = "needs_creation", _("没有现成信息需要另行制作")
    STILL_UNCLEAR = "still_unclear", _("补正后申请内容仍不明确")

    PETITION = "petition", _("信访举报投诉类申请")
    REPEATED = "repeated", _("重复申请")
    PUBLISHED_MATERIAL = "published_material", _("要求提供公开出版物")
    EXCESSIVE = "excessive", _("无正当理由大量反复申请")
    CONFIRMATION = "confirmation", _("要求行政机关确认或重新出具已获取信息")

    NO_CORRECTION = "no_correction", _("申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")
    FEE_UNPAID = "fee_unpaid", _("申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")
    OTHER = "other", _("其他")


# The reasons each outcome takes, in the order the annual report prints them.
REASONS_BY_OUTCOME: dict[str, list[str]] = {
    Outcome.DISCLOSED: [],
    Outcome.PARTIAL: [],
    Outcome.WITHHELD: [
        Reason.STATE_SECRET, Reason.PROHIBITED_BY_LAW, Reason.SAFETY_STABILITY, Reason.THIRD_PARTY,
        Reason.INTERNAL_AFFAIRS, Reason.PROCESS_INFORMATION, Reason.ENFORCEMENT_FILE, Reason.ADMINISTRATIVE_QUERY,
    ],
    Outcome.UNAVAILABLE: [Reason.NOT_HELD, Reason.NEEDS_CREATION, Reason.STILL_UNCLEAR],
    Outcome.NOT_PROCESSED: [
        Reason.PETITION, Reason.REPEATED, Reason.PUBLISHED_MATERIAL, Reason.EXCESSIVE, Reason.CONFIRMATION,
    ],
    Outcome.OTHER: [Reason.NO_CORRECTION, Reason.FEE_UNPAID, Reason.OTHER],
}

# The legal basis a reply notice cites for each outcome or reason (Regulation on OGI, 2019).
LEGAL_BASIS: dict[str, str] = {
    Outcome.DISCLOSED: "《中华人民共和国政府信息公开条例》第三十六条第（二）项",
    Outcome.PARTIAL: "《中华人民共和国政府信息公开条例》第三十七条、第三十六条第（二）项",
    Reason.STATE_SECRET: "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项",
    Reason.PROHIBITED_BY_LAW: "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项",
    Reason.SAFETY_STABILITY: "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项",
    Reason.THIRD_PARTY: "《中华人民共和国政府信息公开条例》第十五条、第三十二条、第三十六条第（三）项",
    Reason.INTERNAL_AFFAIRS: "《中华人民共和国政府信息公开条例》第十六条第一款、第三十六条第（三）项",
    Reason.PROCESS_INFORMATION: "《中华人民共和国政府信息公开条例》第十六条第二款、第三十六条第（三）项",
    Reason.ENFORCEMENT_FILE: "《中华人民共和国政府信息公开条例》第十六条第二款、第三十六条第（三）项",
    Reason.ADMINISTRATIVE_QUERY: "《中华人民共和国政府信息公开条例》第三十六条第（七）项",
    # Art. 36(4): no such information after a search → it does not exist; Art. 36(5): not this organ's to
    # disclose → say so and, where known, name the organ that is (the reply_unavailable notice prints both).
    Reason.NOT_HELD: "《中华人民共和国政府信息公开条例》第三十六条第（四）项、第（五）项",
    Reason.NEEDS_CREATION: "《中华人民共和国政府信息公开条例》第三十八条",
    Reason.STILL_UNCLEAR: "《中华人民共和国政府信息公开条例》第三十条",
    Reason.PETITION: "《中华人民共和国政府信息公开条例》第三十九条第一款",
    Reason.REPEATED: "《中华人民共和国政府信息公开条例》第三十六条第（六）项",
    Reason.PUBLISHED_MATERIAL: "《中华人民共和国政府信息公开条例》第三十九条第二款",
    Reason.EXCESSIVE: "《中华人民共和国政府信息公开条例》第三十五条",
    # No article of the 2019 Regulation names this case (Art. 39 para. 2 is about 公开出版物); the office enters the
    # basis it relies on (RequestSettings.confirmation_basis), and this is the default.
    Reason.CONFIRMATION: "《中华人民共和国政府信息公开条例》",
    Reason.NO_CORRECTION: "《中华人民共和国政府信息公开条例》第三十条",
    Reason.FEE_UNPAID: "《中华人民共和国政府信息公开条例》第四十二条、《政府信息公开信息处理费管理办法》",
    Reason.OTHER: "《中华人民共和国政府信息公开条例》",
}


# The reasons a 部分公开 reply may give for each part it withholds (Art. 37): those of 不予公开, 无法提供 and 不予处理.
WITHHELD_PART_REASONS: list[str] = [
    *REASONS_BY_OUTCOME[Outcome.WITHHELD], *REASONS_BY_OUTCOME[Outcome.UNAVAILABLE],
    *REASONS_BY_OUTCOME[Outcome.NOT_PROCESSED],
]


def reason_is_valid(outcome: str, reason: str) -> bool:
    """Whether `reason` may go with `outcome`: required where the outcome has reasons, empty otherwise."""
    allowed = REASONS_BY_OUTCOME.get(outcome)
    if allowed is None:
        return False
    return reason in allowed if allowed else reason == ""


def legal_basis(outcome: str, reason: str = "") -> str:
    return LEGAL_BASIS.get(reason) or LEGAL_BASIS.get(outcome, "")
