"""The other apps' models, imported where used so that `portal` (imported first) never imports them at load time."""


def applications():
    from applications.models import Application

    return Application.objects


def suggestion_days():
    from applications.models import SuggestionDay

    return SuggestionDay.objects


def ratings():
    from feedback.models import Rating

    return Rating.objects


def callbacks():
    from feedback.models import Callback

    return Callback.objects


def messages():
    from feedback.models import Message

    return Message.objects


def issue_reports():
    from feedback.models import IssueReport

    return IssueReport.objects
