"""The standard disclosure directory and what is published under it (DESIGN §1, §2)."""

from catalog.models.directory import Domain, Entry, Tag
from catalog.models.divisions import Department, Division, Level
from catalog.models.guide import GuidePage
from catalog.models.publications import Publication
from catalog.models.review_points import ReviewPoint, ReviewPointPhoto, ReviewPointVisit

__all__ = [
    "Department",
    "Division",
    "Domain",
    "Entry",
    "GuidePage",
    "Level",
    "Publication",
    "ReviewPoint",
    "ReviewPointPhoto",
    "ReviewPointVisit",
    "Tag",
]
