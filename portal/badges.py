"""The one deadline badge: admin lists and public pages show a due date and its state in the same words."""

import datetime as dt

from django.template.loader import render_to_string

TEMPLATE = "includes/deadline_badge.html"
#: What the badge says for the states that have no working-day count.
STATE_WORDS = {"done": "已办结", "paused": "暂停计时"}


def deadline_context(due_on: dt.date | None, state: str, *, left: int | None = None, is_provisional: bool = False,
                     label: str = "") -> dict:
    """`state` is overdue, soon, normal, paused, waiting or done; `left` the working days left (negative when late),
    None where no count is kept; `label` what a waiting or done badge says instead of the default words."""
    return {
        "due_on": due_on,
        "state": state,
        "left": left if left is None or left >= 0 else None,
        "late": -left if left is not None and left < 0 else None,
        "is_provisional": is_provisional and state != "done",
        "words": label or STATE_WORDS.get(state, ""),
    }


def render_deadline(due_on, state, **kwargs) -> str:
    """The badge as HTML, for admin list columns."""
    return render_to_string(TEMPLATE, deadline_context(due_on, state, **kwargs))
