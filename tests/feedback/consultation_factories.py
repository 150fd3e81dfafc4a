"""Factories for 意见征集."""

import datetime as dt

from feedback.models import Comment, Consultation
from tests import factories

#: 2 March to 31 March 2026: 30 days, both ends counted.
OPENS_ON, CLOSES_ON = dt.date(2026, 3, 2), dt.date(2026, 3, 31)


def consultation(department=None, *, status=Consultation.Status.PUBLISHED, opens_on=OPENS_ON, closes_on=CLOSES_ON,
                 **fields):
    return Consultation.objects.create(
        department=department or factories.department(),
        title=fields.pop("title", "示范县临时救助实施办法（征求意见稿）"),
        explanation=fields.pop("explanation", "为规范临时救助工作，起草了本办法。"),
        draft_text=fields.pop("draft_text", "第一条　为规范临时救助工作，制定本办法。"),
        opens_on=opens_on, closes_on=closes_on, status=status, **fields,
    )


def comment(consultation_, body="建议把申请材料再简化一些。", status=Comment.Status.PENDING, **fields):
    return Comment.objects.create(consultation=consultation_, body=body, status=status, **fields)
