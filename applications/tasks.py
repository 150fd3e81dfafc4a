"""Background tasks of the requests app (django-tasks; `manage.py db_worker` runs them)."""

from django_tasks import task

from applications import mail


@task()
def send_receipt(application_id: int, status_url: str) -> str:
    """E-mail an online applicant their tracking number (applications.mail.send_queued_receipt)."""
    return mail.send_queued_receipt(application_id, status_url)
