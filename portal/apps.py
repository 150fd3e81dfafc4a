from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "门户与日历"

    def ready(self):
        from . import security, signals  # noqa: F401
