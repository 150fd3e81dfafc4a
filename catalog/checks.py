"""System checks of the catalogue's settings (`manage.py check --deploy`)."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def subscription_links_have_an_address(app_configs, **kwargs):
    """Mails to subscribers carry links to the public site; the worker cannot know its address by itself."""
    base = settings.PORTAL_BASE_URL
    if base.startswith(("https://", "http://")) and "127.0.0.1" not in base and "localhost" not in base:
        return []
    return [checks.Warning(
        "PORTAL_BASE_URL is not the public site's address: links in subscription mails would not work.",
        hint="Set PORTAL_BASE_URL to the address citizens use, e.g. https://gongkai.example.gov.cn",
        id="catalog.W001",
    )]
