"""Ratings (好差评), callback cases (回访), appeals (申诉复核) and messages (留言/我要纠错), DESIGN §5."""

from feedback.models.callbacks import Callback, CallbackAttempt, CallbackEvent
from feedback.models.deadline_changes import DeadlineChange
from feedback.models.messages import Message
from feedback.models.ratings import Appeal, Channel, Level, Rating

__all__ = ["Appeal", "Callback", "CallbackAttempt", "CallbackEvent", "Channel", "DeadlineChange", "Level", "Message",
           "Rating"]
