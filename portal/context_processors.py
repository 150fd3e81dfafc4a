"""Values every template may use."""

from django.conf import settings
from django.utils import timezone

from portal.models import CalendarYear

#: The cookie keeping the display preferences (portal.views.preferences).
A11Y_COOKIE = "a11y"


def display_preferences(request) -> dict:
    """Large-font and high-contrast modes, kept in the A11Y_COOKIE cookie."""
    prefs = request.COOKIES.get(A11Y_COOKIE, "")
    return {"a11y_large": "large" in prefs, "a11y_contrast": "contrast" in prefs}


def portal(request):
    context = {"PORTAL_TITLE": settings.PORTAL_TITLE, **display_preferences(request)}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_staff and request.path.startswith("/admin/"):
        context["calendar_years_missing"] = CalendarYear.years_needing_schedule(timezone.localdate())
    return context
