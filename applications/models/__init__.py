"""Requests for disclosure (政府信息公开申请), their append-only event log, clock pauses, transfers, documents,
notices and reminder log (DESIGN §4). State changes go through `applications.workflow`, never through save()."""

from applications.models.events import ApplicationEvent, EventKind, EventQuerySet
from applications.models.handling import ClockPause, Document, Notice, Transfer, WithheldPart
from applications.models.reminders import ReminderLog
from applications.models.requests import (
    CONCLUDED_STATUSES,
    OPEN_STATUSES,
    PAUSED_STATUSES,
    REPLIED_ON_TIME,
    RUNNING_STATUSES,
    SOON_WORKDAYS,
    TRACKING_ALPHABET,
    TRACKING_LENGTH,
    Application,
    ApplicationQuerySet,
    Channel,
    DeliveryForm,
    IdType,
    ObtainMethod,
    ReceiptMail,
    Status,
    new_tracking_number,
    normalise_tracking_number,
)
from applications.models.settings import RequestSettings
from applications.models.suggestions import SuggestionDay

__all__ = [
    "CONCLUDED_STATUSES", "OPEN_STATUSES", "PAUSED_STATUSES", "REPLIED_ON_TIME", "RUNNING_STATUSES", "SOON_WORKDAYS",
    "TRACKING_ALPHABET", "TRACKING_LENGTH", "Application", "ApplicationEvent", "ApplicationQuerySet", "Channel",
    "ClockPause", "DeliveryForm", "Document", "EventKind", "EventQuerySet", "IdType", "Notice", "ObtainMethod",
    "ReceiptMail", "ReminderLog", "RequestSettings", "Status", "SuggestionDay", "Transfer", "WithheldPart",
    "new_tracking_number", "normalise_tracking_number",
]
