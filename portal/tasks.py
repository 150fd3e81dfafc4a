"""The portal's background tasks (django-tasks; `manage.py db_worker` runs them). Each task takes only ids and
plain values, which the database backend stores as JSON."""

from django_tasks import task

from portal import imports


@task()
def run_import(job_id: str) -> str:
    """Check and write an Excel import too large for a request (portal.imports.run_job)."""
    return imports.run_job(job_id)


@task()
def ping() -> str:
    """Does nothing: `manage.py check_worker` enqueues it to see that a worker is running."""
    return "pong"
