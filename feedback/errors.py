"""The refused-step error of every feedback step; admin and views show its message as-is (portal.errors)."""

from portal.errors import StepRefused


class FeedbackError(StepRefused):
    """A refused step (rating, callback, appeal, message), with a message for the citizen or clerk."""
