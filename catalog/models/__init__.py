"""The standard disclosure directory and what is published under it (DESIGN §1, §2)."""

from catalog.models.attachments import Attachment
from catalog.models.directory import Domain, Entry, Tag
from catalog.models.divisions import Department, Division, Level
from catalog.models.facilities import DivisionOutline, Facility, FacilityKind, MapSettings
from catalog.models.guide import GuidePage
from catalog.models.history import PublicationChange
from catalog.models.index_numbers import IndexCounter
from catalog.models.newmedia import NewMediaAccount, NewMediaFiling, NewMediaUpdate
from catalog.models.publications import Publication
from catalog.models.review_points import ReviewPoint, ReviewPointPhoto, ReviewPointVisit
from catalog.models.search import SearchLog, SearchSynonym
from catalog.models.subscriptions import Announcement, Subscription

__all__ = [
    "Announcement",
    "Attachment",
    "Department",
    "Division",
    "DivisionOutline",
    "Domain",
    "Entry",
    "Facility",
    "FacilityKind",
    "GuidePage",
    "IndexCounter",
    "Level",
    "MapSettings",
    "NewMediaAccount",
    "NewMediaFiling",
    "NewMediaUpdate",
    "Publication",
    "PublicationChange",
    "ReviewPoint",
    "ReviewPointPhoto",
    "ReviewPointVisit",
    "SearchLog",
    "SearchSynonym",
    "Subscription",
    "Tag",
]

# Receivers that keep stored publication deadlines in step with the calendar (imported once models exist).
from catalog import timeliness  # noqa: E402, F401
