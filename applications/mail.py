"""E-mails to applicants about their requests. Only the tracking number and dates: nothing personal."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from applications.models import Application


def send_submission_receipt(application: Application, status_url: str) -> int:
    """Tell the applicant the tracking number of the request just submitted online, if they gave an address."""
    if not application.email:
        return 0
    body = render_to_string("applications/email/submitted.txt", {
        "application": application, "status_url": status_url, "PORTAL_TITLE": settings.PORTAL_TITLE,
    })
    subject = f"您的政府信息公开申请已提交（申请编号 {application.tracking_number}）"
    return send_mail(subject, body, None, [application.email], fail_silently=True)
