"""The e-mailed receipt of an online request goes through the task worker: a mail server that fails refuses no
submission, and staff see on the request that the receipt was not sent."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from applications.models import Application, ReceiptMail
from applications.tasks import send_receipt
from tests.applications import factories as af

pytestmark = pytest.mark.django_db


class BrokenMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def submit(client, department, **fields):
    response = client.post("/apply/", af.applicant_fields(department=department.pk, **fields))
    assert response.status_code == 302
    return Application.objects.get()


def test_the_receipt_is_sent_by_a_task_and_recorded(client, department):
    application = submit(client, department, email="applicant@example.com")
    assert len(mail.outbox) == 1 and application.tracking_number in mail.outbox[0].body
    assert application.receipt_mail == ReceiptMail.SENT
    assert "已发送至 applicant@example.com" in application.receipt_mail_note


def test_no_address_no_receipt(client, department):
    application = submit(client, department)
    assert mail.outbox == [] and application.receipt_mail == ""


def test_a_failing_mail_server_refuses_no_submission_and_staff_see_it(client, department, clerk_client, settings):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenMailServer"
    application = submit(client, department, email="applicant@example.com")
    assert application.tracking_number
    assert application.receipt_mail == ReceiptMail.FAILED
    assert "SMTPServerDisconnected" in application.receipt_mail_note
    page = clerk_client.get(reverse("admin:applications_application_change", args=[application.pk])).content.decode()
    assert "发送失败" in page and "请电话告知申请人申请编号" in page
    listed = clerk_client.get(reverse("admin:applications_application_changelist") + "?receipt_mail=failed")
    assert application.tracking_number in listed.content.decode()


def test_with_the_database_backend_the_request_only_queues_the_receipt(client, department, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    application = submit(client, department, email="applicant@example.com")
    assert mail.outbox == [] and application.receipt_mail == ReceiptMail.QUEUED
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "applications.tasks.send_receipt"
    send_receipt.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])  # what the worker runs
    application.refresh_from_db()
    assert len(mail.outbox) == 1 and application.receipt_mail == ReceiptMail.SENT
