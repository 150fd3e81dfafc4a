"""Public catalogue pages (DESIGN §7): no login, a constant number of SQL queries per page, lists paginate."""

from catalog.views.directory import department, directory, division, domain, entry, tag
from catalog.views.publications import attachment, guide, publication, search

__all__ = [
    "attachment", "department", "directory", "division", "domain", "entry", "guide", "publication", "search", "tag",
]
