"""Background tasks of the catalogue (django-tasks; `manage.py db_worker` runs them): subscription mail."""

from django_tasks import task

from catalog import subscriptions


@task()
def send_subscription_mail(subscription_id: int) -> str:
    """Mail a subscriber the confirmation link, or the note that the subscription already stands."""
    return subscriptions.send_subscription_mail(subscription_id)


@task()
def announce_publication(publication_id: int) -> str:
    """Tell the confirmed subscribers of a newly released item about it, each address once."""
    return subscriptions.announce(publication_id)
