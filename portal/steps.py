"""The one shape of a workflow step: requests, publications, callbacks and appeals declare their transitions as
a table of `Step`s that tests iterate over and the admin builds its buttons and step pages from
(portal.admin_steps).

A service module with a table names one function per step after the step (`approve(publication, *, by, ...)`),
refuses a step the user may not start with `check(step_name, obj, *, by)` (portal.errors.StepRefused) and says
which steps a user may take now with `allowed_steps(obj, user) -> list[Step]` (usually `allowed` below).
"""

from dataclasses import dataclass

from portal.errors import StepRefused


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    #: The states the step may start from.
    sources: frozenset
    #: The state it leads to; None keeps the state (an extension, a transfer, a rectification).
    target: str | None
    #: The model permission the actor needs ("app_label.codename"); "" when the step's own rule decides.
    permission: str = ""
    #: Dotted path of the admin form asking for the step's input; "" for the plain note form.
    form: str = ""
    #: A note is required when this is set, under this label.
    note_label: str = ""
    #: Offered in the admin; False for a step someone else takes (the applicant's correction on the public site).
    admin: bool = True

    @property
    def needs_note(self) -> bool:
        return bool(self.note_label)

    def allows(self, status: str) -> bool:
        return status in self.sources


def allowed(steps: dict, check, obj, user) -> list[Step]:
    """The admin steps of `steps` that `check(name, obj, by=user)` lets `user` take on `obj` now, in table order."""
    found = []
    for step in steps.values():
        if not step.admin:
            continue
        try:
            check(step.name, obj, by=user)
        except StepRefused:
            continue
        found.append(step)
    return found
