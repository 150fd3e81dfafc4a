from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = "好差评与留言"

    def ready(self):
        from . import signals  # noqa: F401
