"""E-mails to applicants about their requests. Only the tracking number and dates: nothing personal.

The receipt is sent by the task worker, never inside the citizen's request: a slow or broken mail server delays
nobody and refuses no submission. The outcome is kept on the request (`receipt_mail`, `receipt_mail_note`), which
staff see on the request's page and can filter the list by, to tell the applicant by phone when it failed.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone

from applications.models import Application, ReceiptMail


def send_submission_receipt(application: Application, status_url: str) -> int:
    """Tell the applicant the tracking number of the request just submitted online; raises when sending fails."""
    if not application.email:
        return 0
    body = render_to_string("applications/email/submitted.txt", {
        "application": application, "status_url": status_url, "PORTAL_TITLE": settings.PORTAL_TITLE,
    })
    subject = f"您的政府信息公开申请已提交（申请编号 {application.tracking_number}）"
    return send_mail(subject, body, None, [application.email])


def _mark(application_id: int, state: str, note: str = "") -> None:
    stamp = f"{timezone.localtime():%Y-%m-%d %H:%M}"
    Application.objects.filter(pk=application_id).update(receipt_mail=state, receipt_mail_note=f"{stamp} {note}"[:200])


def queue_submission_receipt(application: Application, status_url: str) -> None:
    """Hand the receipt to the task worker (nothing to send without an address). Never raises: the request is
    stored whatever happens to its receipt."""
    from applications.tasks import send_receipt

    if not application.email:
        return
    _mark(application.pk, ReceiptMail.QUEUED)
    try:
        send_receipt.enqueue(application.pk, status_url)
    except Exception as error:  # the submission stands; staff see the receipt was not sent
        _mark(application.pk, ReceiptMail.FAILED, f"未能交给后台发送：{type(error).__name__}")


def send_queued_receipt(application_id: int, status_url: str) -> str:
    """The task's work: send, and record on the request whether it went."""
    application = Application.objects.get(pk=application_id)
    try:
        send_submission_receipt(application, status_url)
    except Exception as error:
        _mark(application_id, ReceiptMail.FAILED, f"{type(error).__name__}: {error}")
        raise
    _mark(application_id, ReceiptMail.SENT, f"已发送至 {application.email}")
    return ReceiptMail.SENT
