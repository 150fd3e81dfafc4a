"""Whether this browser session proved it is the applicant of a request (tracking number + last 4 phone digits).

Other features (rating a finished request) call `is_verified(request, tracking_number)`; the session key is
`applications_verified_<TRACKING_NUMBER>` and lives as long as the session (30 minutes idle).
"""

from applications.models import normalise_tracking_number

SESSION_PREFIX = "applications_verified_"


def session_key(tracking_number: str) -> str:
    return SESSION_PREFIX + normalise_tracking_number(tracking_number)


def mark_verified(request, tracking_number: str) -> None:
    request.session[session_key(tracking_number)] = True


def is_verified(request, tracking_number: str) -> bool:
    return bool(request.session.get(session_key(tracking_number)))
