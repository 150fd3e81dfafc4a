"""Information requested again and again, for the disclosure office to publish proactively (Art. 44).

Regulation Art. 44: where several applicants ask the same organ for the same government information and it may be
disclosed, the organ may make it proactive; information an organ has given on request that the applicant thinks
the public should know may be proposed for proactive disclosure. Two requests to the same organ ask for the same
information when their descriptions name the same directory entry, or when their words overlap enough (jieba
tokens; the share of the shorter description's words that the other holds). Groups that reach the office's
threshold (RequestSettings, default 3 within 12 months) are listed, and one click starts a draft publication under
the entry (catalog.publishing.create_draft): a draft goes through review like any other item, never straight out.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import F

from applications.classification import Outcome
from applications.models import Application, RequestSettings
from catalog import publishing, search, vocabulary
from catalog.models import Department, Entry, Publication

#: Share of an entry name's character pairs that a description must hold to be about that entry.
ENTRY_CONTAINMENT = 0.75
DRAFT_NOTE = "本信息多次被申请公开，依据《中华人民共和国政府信息公开条例》第四十四条纳入主动公开。"


@dataclass
class RepeatedGroup:
    """Requests to one organ for (what looks like) the same information."""

    department: Department
    applications: list[Application]
    entry: Entry | None = None
    existing_drafts: list[Publication] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.applications)

    @property
    def applicants(self) -> int:
        return len({(a.applicant_kind, a.applicant_name) for a in self.applications})

    @property
    def title(self) -> str:
        """The shortest description: usually the plainest name of the information."""
        return min((a.description.strip() for a in self.applications), key=len)[:200]

    @property
    def key(self) -> str:
        return ",".join(str(a.pk) for a in self.applications)


def words(text: str) -> frozenset[str]:
    """The description's jieba tokens that can tell one piece of information from another."""
    return frozenset(word for word in search.document_tokens(text).split()
                     if word not in search.STOP_WORDS and word not in search.REQUEST_WORDS and not word.isdigit())


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """The share of the shorter set's words that the other holds (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def entry_of(description: str, leaves: dict[int, vocabulary.EntryName]) -> int | None:
    """The leaf entry whose name the description holds most completely (longest name on ties), if any."""
    wanted = vocabulary.bigrams("".join(search.WORD.findall(description.lower())))
    best, best_score = None, (0.0, 0)
    for entry in leaves.values():
        score = (len(wanted & entry.bigrams) / len(entry.bigrams), len(entry.name))
        if score[0] >= ENTRY_CONTAINMENT and score > best_score:
            best, best_score = entry.pk, score
    return best


def entry_choices(group: RepeatedGroup, limit: int = 5) -> list[vocabulary.EntryName]:
    """Leaf entries to offer when no entry was recognised: those whose names are nearest the group's title."""
    leaves = _leaf_entries()
    return [entry for entry in search.nearest_entries(group.title, 50) if entry.pk in leaves][:limit]


def _leaf_entries() -> dict[int, vocabulary.EntryName]:
    index = vocabulary.entries().entries
    leaves = set(Entry.objects.filter(rght=F("lft") + 1).values_list("pk", flat=True))
    return {entry.pk: entry for entry in index if entry.pk in leaves and len(entry.bigrams) >= 2}


def candidates(departments, today: dt.date, settings: RequestSettings):
    """Requests received within the window, other than those refused as information that may not be disclosed."""
    since = window_start(today, settings)
    return (Application.objects.filter(department__in=departments, received_on__gt=since, received_on__lte=today)
            .exclude(outcome=Outcome.WITHHELD).select_related("department").order_by("department_id", "received_on"))


def window_start(today: dt.date, settings: RequestSettings) -> dt.date:
    """The day before the window opens: requests received after it and up to today count."""
    return _months_before(today, settings.repeat_window_months)


def _months_before(day: dt.date, months: int) -> dt.date:
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def repeated_groups(departments, *, today: dt.date, settings: RequestSettings | None = None) -> list[RepeatedGroup]:
    """The groups of requests for the same information that reach the office's threshold, largest first."""
    settings = settings or RequestSettings.current()
    leaves = _leaf_entries()
    by_department: dict[int, list[Application]] = {}
    for application in candidates(departments, today, settings):
        by_department.setdefault(application.department_id, []).append(application)
    groups = []
    similarity = settings.repeat_similarity / 100
    for applications in by_department.values():
        if len(applications) < settings.repeat_threshold:
            continue
        groups += _group(applications, leaves, similarity, settings.repeat_threshold)
    entries = Entry.objects.in_bulk({g.entry for g in groups if g.entry is not None})
    for group in groups:
        group.entry = entries.get(group.entry)
    _attach_drafts(groups)
    return sorted(groups, key=lambda g: (-g.count, g.department.pk, g.applications[0].pk))


def _group(applications, leaves, similarity: float, threshold: int) -> list[RepeatedGroup]:
    """Connected components: two requests are linked by a shared entry or by overlapping words."""
    tokens = [words(a.description) for a in applications]
    entries = [entry_of(a.description, leaves) for a in applications]
    parent = list(range(len(applications)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(applications)):
        for j in range(i + 1, len(applications)):
            same_entry = entries[i] is not None and entries[i] == entries[j]
            if same_entry or overlap(tokens[i], tokens[j]) >= similarity:
                parent[root(j)] = root(i)
    members: dict[int, list[int]] = {}
    for i in range(len(applications)):
        members.setdefault(root(i), []).append(i)
    groups = []
    for indices in members.values():
        if len(indices) < threshold:
            continue
        found = [entries[i] for i in indices if entries[i] is not None]
        entry = max(set(found), key=lambda pk: (found.count(pk), -pk)) if found else None
        groups.append(RepeatedGroup(applications[indices[0]].department, [applications[i] for i in indices], entry))
    return groups


def _attach_drafts(groups: list[RepeatedGroup]) -> None:
    """Items already started from a group (same organ, entry and title): one query for all groups."""
    titles = {g.title for g in groups}
    if not titles:
        return
    found = Publication.objects.filter(title__in=titles, department__in={g.department.pk for g in groups})
    for group in groups:
        group.existing_drafts = [p for p in found if p.title == group.title and p.department_id == group.department.pk
                                 and (group.entry is None or p.entry_id == group.entry.pk)]


def draft_publication(applications: list[Application], *, entry: Entry, by, today: dt.date) -> Publication:
    """Start the draft publication of a repeatedly requested piece of information under `entry` (Art. 44)."""
    if not applications:
        raise publishing.PublishingError("请选择多次申请的信息。")
    departments = {a.department_id for a in applications}
    if len(departments) != 1:
        raise publishing.PublishingError("所选申请不属于同一机关，不能合并起草。")
    department = applications[0].department
    title = min((a.description.strip() for a in applications), key=len)
    body = f"<p>{DRAFT_NOTE}</p>"
    return publishing.create_draft(by=by, entry=entry, department=department, title=title, formed_on=today,
                                   body=body, note=f"依据《条例》第四十四条，由{len(applications)}件申请起草")
