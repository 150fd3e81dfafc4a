"""Whether this browser session proved it is the applicant of a request (tracking number + last 4 phone digits).

Other features (rating a finished request) call `is_verified(request, tracking_number)`; the session key is
`applications_verified_<TRACKING_NUMBER>` (portal.tracking, scope "applications") and lives as long as the
session (30 minutes idle).

The status page's address names no tracking number (a URL ends up in the proxy's and the server's access logs, the
browser's history and the Referer of every link followed): the session remembers which verified request it shows
(`open_status`, `current`).
"""

from applications.models import normalise_tracking_number
from portal import tracking

SCOPE = "applications"
CURRENT = "applications_status_current"


def session_key(tracking_number: str) -> str:
    return tracking.session_key(SCOPE, normalise_tracking_number(tracking_number))


def mark_verified(request, tracking_number: str) -> None:
    tracking.mark_verified(request, SCOPE, normalise_tracking_number(tracking_number))


def is_verified(request, tracking_number: str) -> bool:
    return tracking.is_verified(request, SCOPE, normalise_tracking_number(tracking_number))


def open_status(request, tracking_number: str) -> None:
    """This session proved it is the applicant: its status page shows this request from now on."""
    mark_verified(request, tracking_number)
    request.session[CURRENT] = normalise_tracking_number(tracking_number)


def current(request) -> str | None:
    """The tracking number the status page shows, or None before a look-up (or after the session ended)."""
    tracking_number = request.session.get(CURRENT)
    if tracking_number and is_verified(request, tracking_number):
        return tracking_number
    return None
