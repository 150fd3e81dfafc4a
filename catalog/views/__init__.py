"""Public catalogue pages (DESIGN §7): no login, a constant number of SQL queries per page, lists paginate."""

from catalog.views.columns import rules, statutory, statutory_column
from catalog.views.directory import (
    department,
    directory,
    division,
    division_publications,
    domain,
    domain_publications,
    entry,
    tag,
)
from catalog.views.newmedia import newmedia, newmedia_retired
from catalog.views.publications import attachment, guide, publication, search

__all__ = [
    "attachment", "department", "directory", "division", "division_publications", "domain", "domain_publications",
    "entry", "guide", "newmedia", "newmedia_retired", "publication", "rules", "search", "statutory",
    "statutory_column", "tag",
]
