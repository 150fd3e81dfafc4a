"""The one domain error every feedback step raises; admin and views show its message as-is."""


class FeedbackError(Exception):
    """A refused step (rating, callback, appeal, message), with a message for the citizen or clerk."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""
