"""A publication's history (修改记录), written by the action that changes the publication, inside its transaction:
the publishing steps (catalog.publishing), a clerk's edit in the admin, the Excel import and bulk creation.

Each row says who did what, which fields changed and how (old → new). Content edits are what the review rule
reads: nobody approves content they edited (`content_editors`).
"""

import datetime as dt

from django.db import models, transaction
from django.utils import timezone

from catalog.models import IndexCounter, Publication, PublicationChange

A = PublicationChange.Action
#: What a reviewer checks before publishing: the text, its classification and its files ("attachments" is the
#: name the admin records for attachment changes). Links to related items and the state fields are not content.
CONTENT_FIELDS = frozenset({"entry", "division", "department", "title", "document_number", "document_type",
                            "formed_on", "body", "validity", "validity_changed_on", "attachments"})


def record(publication: Publication, action: str, *, by, fields=(), summary: str = "",
           note: str = "") -> PublicationChange:
    """Append one history row; `by` None (or unsaved) for the system."""
    return PublicationChange.objects.create(
        publication=publication, action=action, changed_by=by if getattr(by, "pk", None) else None,
        fields=list(fields), summary=summary, note=note,
    )


def save(publication: Publication, *, by, action: str | None = None, note: str = "") -> PublicationChange | None:
    """Save `publication` and record what changed since it was loaded, in one transaction.

    A new publication is recorded as created (or `action`, e.g. imported); an existing one as edited when a
    tracked field changed, or as `action` (a publishing step) whatever changed. Returns the row, None when
    nothing was worth one.
    """
    with transaction.atomic():
        publication.prepare_for_save()
        is_new = publication._state.adding
        before = dict(getattr(publication, "_saved_values", {}))
        changed = publication.changed_fields()
        publication.save()
        if not (is_new or changed or action):
            return None
        summary = "" if is_new else "\n".join(describe(publication, name, before.get(name)) for name in changed)
        return record(publication, action or (A.CREATED if is_new else A.EDITED), by=by, fields=changed,
                      summary=summary, note=note)


def create_many(publications, *, by=None) -> list[Publication]:
    """Create many publications in a few queries, with the rules save() keeps (sanitised bodies, index numbers,
    timeliness) and a "created" row each."""
    publications = list(publications)
    by_counter = {}
    for publication in publications:
        publication.prepare_for_save()
        if not publication.index_number:
            by_counter.setdefault((publication.department, publication.formed_on.year), []).append(publication)
    with transaction.atomic():
        for (department, year), group in by_counter.items():
            numbers = IndexCounter.take_numbers(department, year, len(group))
            for publication, number in zip(group, numbers, strict=True):
                publication.index_number = number
        created = models.QuerySet(Publication).bulk_create(publications)
        if all(publication.pk for publication in created):
            PublicationChange.objects.bulk_create(
                PublicationChange(publication=publication, action=A.CREATED, fields=publication.changed_fields(),
                                  changed_by=by if getattr(by, "pk", None) else publication.created_by)
                for publication in created
            )
    for publication in created:
        publication._saved_values = publication._tracked_values()
    from catalog import fragments

    fragments.bump()  # no post_save signal for bulk creation
    return created


def content_editors(publication: Publication) -> set[int]:
    """The ids of the users who changed the publication's content since it was last published (ever, for an
    item not yet published)."""
    rows = PublicationChange.objects.filter(publication=publication)
    last_published = rows.filter(action=A.APPROVED).order_by("-changed_at", "-id").first()
    if last_published is not None:
        rows = rows.filter(id__gt=last_published.id)
    editors = set()
    for changed_by, fields in rows.filter(changed_by__isnull=False).values_list("changed_by", "fields"):
        if CONTENT_FIELDS.intersection(fields or ()):
            editors.add(changed_by)
    return editors


def describe(publication: Publication, name: str, old) -> str:
    """One line of a row's summary: "标题：旧 → 新" (the body only as changed)."""
    field = publication._meta.get_field(name)
    label = field.verbose_name
    if name == "body":
        return f"{label}：已修改"

    def shown(value):
        if value in (None, ""):
            return "（空）"
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if field.is_relation:
            found = field.related_model._default_manager.filter(pk=value).first()
            return str(found) if found else str(value)
        if isinstance(value, dt.datetime):
            return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
        if isinstance(value, dt.date):
            return f"{value:%Y-%m-%d}"
        text = str(value)
        return text if len(text) <= 60 else text[:59] + "…"

    return f"{label}：{shown(old)} → {shown(getattr(publication, field.attname))}"
