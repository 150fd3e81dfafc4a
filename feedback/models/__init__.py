"""Ratings (好差评), callback cases (回访), appeals (申诉复核) and messages (留言/我要纠错), DESIGN §5; 随手拍 reports;
satisfaction surveys (满意度调查) and 意见征集 on draft policies."""

from feedback.models.callbacks import Callback, CallbackAttempt, CallbackEvent
from feedback.models.consultations import Comment, Consultation
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
from feedback.models.surveys import Answer, Question, Survey, SurveyResponse

__all__ = ["Answer", "Appeal", "Callback", "CallbackAttempt", "CallbackEvent", "Channel", "Comment", "Consultation",
           "DeadlineChange", "IssueCategory", "IssueEvent", "IssueEventKind", "IssuePhoto", "IssueReport",
           "IssueStatus", "Level", "Message", "Question", "Rating", "Survey", "SurveyResponse"]
