"""Whether this browser session proved it is the applicant of a request (tracking number + last 4 phone digits).

Other features (rating a finished request) call `is_verified(request, tracking_number)`; the session key is
`applications_verified_<TRACKING_NUMBER>` (portal.tracking, scope "applications") and lives as long as the
session (30 minutes idle).
"""

from applications.models import normalise_tracking_number
from portal import tracking

SCOPE = "applications"


def session_key(tracking_number: str) -> str:
    return tracking.session_key(SCOPE, normalise_tracking_number(tracking_number))


def mark_verified(request, tracking_number: str) -> None:
    tracking.mark_verified(request, SCOPE, normalise_tracking_number(tracking_number))


def is_verified(request, tracking_number: str) -> bool:
    return tracking.is_verified(request, SCOPE, normalise_tracking_number(tracking_number))
