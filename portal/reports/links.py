"""Admin changelist URLs with filters, so that each figure links to the records it counts.

Only lookups Django admin accepts without a list_filter are used: local fields and `department__id__exact`.
"""

from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse


def changelist(model: str, **filters) -> str | None:
    """`model` as "app_label.modelname"; None when that admin is not installed."""
    app_label, model_name = model.split(".")
    try:
        url = reverse(f"admin:{app_label}_{model_name}_changelist")
    except NoReverseMatch:
        return None
    query = {key: (value.isoformat() if hasattr(value, "isoformat") else value) for key, value in filters.items()}
    return f"{url}?{urlencode(query)}" if query else url
