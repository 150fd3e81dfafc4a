from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Supervision reads every app and nothing below imports it, so it is an app of its own, installed last."""

    name = "portal.reports"
    label = "reports"
    verbose_name = "督查考核与年度报告"
