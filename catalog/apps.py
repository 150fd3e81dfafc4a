from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "公开目录"

    def ready(self):
        from catalog import checks, guide_admin, signals  # noqa: F401
