from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "门户与日历"

    def ready(self):
        from django.contrib.auth import get_user_model

        from . import security, signals  # noqa: F401
        from .people import display_name

        get_user_model().__str__ = display_name
