"""Formal notices (告知书) issued on a request, rendered from templates/applications/notices/ and kept with it."""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django.utils.html import escape

from applications.classification import Outcome
from applications.models import Application, Notice

TEMPLATES = {
    Notice.Kind.RECEIPT: "applications/notices/receipt.html",
    Notice.Kind.CORRECTION: "applications/notices/correction.html",
    Notice.Kind.EXTENSION: "applications/notices/extension.html",
    Notice.Kind.DEFERRAL: "applications/notices/deferral.html",
    Notice.Kind.CONSULTATION: "applications/notices/consultation.html",
    Notice.Kind.FEE: "applications/notices/fee.html",
}
# Remedies (行政复议法 2023 art. 20: 60 days; 行政诉讼法 art. 46: 6 months) close every notice that decides something
# for the applicant. The receipt only acknowledges the request, and the consultation letter goes to a third party.
WITHOUT_REMEDIES = {Notice.Kind.RECEIPT, Notice.Kind.CONSULTATION}
REPLY_TEMPLATES = {outcome: f"applications/notices/reply_{outcome}.html" for outcome in Outcome.values}


def template_for(kind: str, application: Application) -> str:
    if kind == Notice.Kind.REPLY:
        return REPLY_TEMPLATES[application.outcome]
    return TEMPLATES[kind]


def issue(application: Application, kind: str, *, on: dt.date, by=None, **extra) -> Notice:
    """Render the notice of `kind` for the request as it stands and save it with the request."""
    sequence = application.notices.count() + 1
    number = f"{application.tracking_number}-{sequence:02d}"
    title = str(Notice.Kind(kind).label)
    context = {
        "application": application,
        "organ": application.department,
        "number": number,
        "title": title,
        "issued_on": on,
        "remedies_subject": "" if kind in WITHOUT_REMEDIES else ("答复" if kind == Notice.Kind.REPLY else "告知"),
        **extra,
    }
    html = render_to_string(template_for(kind, application), context)
    return Notice.objects.create(
        application=application, kind=kind, number=number, title=title, html=html, issued_on=on, created_by=by
    )


def masked_name(name: str) -> str:
    """A person's name as the public copy of a notice shows it: the first character, the rest as asterisks."""
    name = name.strip()
    return name[:1] + "*" * (len(name) - 1) if name else name


def public_html(notice: Notice) -> str:
    """The notice as the applicant sees it on the status page: as issued, but with the names of natural persons
    (the applicant, an organisation's contact person) masked, since the page opens with the tracking number and
    four digits of the phone only (DESIGN §4: personal data is never shown publicly). An organisation's own name
    is not personal data and stays."""
    application = notice.application
    names = [application.contact_name] if application.is_organisation else [application.applicant_name]
    html = notice.html
    for name in sorted({name.strip() for name in names if len(name.strip()) > 1}, key=len, reverse=True):
        html = html.replace(str(escape(name)), str(escape(masked_name(name))))
    return html
