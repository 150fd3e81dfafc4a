"""Ratings (好差评), callbacks (回访), appeals (申诉复核), messages (留言/我要纠错), 随手拍 reports (DESIGN §5)."""

from feedback.models.callbacks import Callback, CallbackAttempt, CallbackEvent
from feedback.models.deadline_changes import DeadlineChange
from feedback.models.messages import Message
from feedback.models.ratings import Appeal, Channel, Level, Rating
from feedback.models.snapshots import (
    IssueCategory,
    IssueEvent,
    IssueEventKind,
    IssuePhoto,
    IssueReport,
    IssueStatus,
)

__all__ = ["Appeal", "Callback", "CallbackAttempt", "CallbackEvent", "Channel", "DeadlineChange", "IssueCategory",
           "IssueEvent", "IssueEventKind", "IssuePhoto", "IssueReport", "IssueStatus", "Level", "Message", "Rating"]
