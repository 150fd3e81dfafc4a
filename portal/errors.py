"""The one error a refused step raises, in every app: its `message` is Chinese text for the user, shown as-is.

Each app names its own subclass (`WorkflowError` for requests, `PublishingError` for publications,
`FeedbackError` for ratings, callbacks, appeals and messages) so a caller may catch one app's refusals; admin
pages and views catch `StepRefused`.
"""


class StepRefused(Exception):
    """A step the rules or the record's state do not allow now."""

    def __init__(self, message):
        message = str(message)
        super().__init__(message)
        self.message = message

    def __str__(self):
        return self.message
