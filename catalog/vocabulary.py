"""What search knows besides each item's own text: the synonym dictionary and the directory's entry names.

Both tables are small (a few hundred synonyms, ~1,500 entries) and every search needs them, so each worker reads
them once per catalogue version (catalog.fragments.worker_data) and a search costs no query for them. Saving a
synonym, an entry or a domain bumps the version (catalog.signals), so the next search reads them afresh.
"""

from dataclasses import dataclass

from catalog import fragments


@dataclass(frozen=True)
class EntryName:
    """A directory entry as search sees it: the words of its name, its parents' names and its domain's name."""

    pk: int
    name: str
    path: str
    tokens: frozenset[str]
    bigrams: frozenset[str]


def bigrams(text: str) -> frozenset[str]:
    """Pairs of adjacent characters (single characters for a one-character text): for "nearest name" scores."""
    text = "".join(text.split()).lower()
    return frozenset(text[i:i + 2] for i in range(len(text) - 1)) or frozenset(text)


def synonyms() -> dict[str, tuple[str, ...]]:
    """Each dictionary term → the terms equivalent to it (itself first), from every group that holds it."""
    return fragments.worker_data("search-synonyms", _load_synonyms)


def _load_synonyms() -> dict[str, tuple[str, ...]]:
    from catalog.models import SearchSynonym
    from catalog.models.search import split_terms

    groups: dict[str, list[str]] = {}
    for text in SearchSynonym.objects.order_by("pk").values_list("terms", flat=True):
        group = split_terms(text)
        for term in group:
            known = groups.setdefault(term, [term])
            known.extend(t for t in group if t not in known)
    return {term: tuple(group) for term, group in groups.items()}


@dataclass(frozen=True)
class EntryIndex:
    """The directory entries in directory order, and for each word the positions of the entries holding it."""

    entries: tuple[EntryName, ...]
    by_word: dict[str, frozenset[int]]

    def holding_all(self, words) -> frozenset[int]:
        """Positions of the entries whose names hold every one of `words`."""
        found = [self.by_word.get(word, frozenset()) for word in words]
        return frozenset.intersection(*found) if found else frozenset()


def entries() -> EntryIndex:
    """Every directory entry with the words search matches against its names."""
    return fragments.worker_data("search-entries", _load_entries)


def _load_entries() -> EntryIndex:
    from catalog.models import Entry
    from catalog.search import document_tokens

    tokens_of: dict[str, frozenset[str]] = {}

    def tokens(name: str) -> frozenset[str]:
        if name not in tokens_of:
            tokens_of[name] = frozenset(document_tokens(name).split())
        return tokens_of[name]

    rows = Entry.objects.order_by("tree_id", "lft").values_list(
        "pk", "name", "parent__name", "parent__parent__name", "domain__name"
    )
    made = []
    by_word: dict[str, set[int]] = {}
    for position, (pk, name, parent, grandparent, domain) in enumerate(rows):
        names = [n for n in (domain, grandparent, parent, name) if n]
        entry = EntryName(
            pk=pk, name=name, path=" › ".join(names), tokens=frozenset().union(*(tokens(n) for n in names)),
            bigrams=bigrams(name),
        )
        made.append(entry)
        for word in entry.tokens:
            by_word.setdefault(word, set()).add(position)
    return EntryIndex(tuple(made), {word: frozenset(found) for word, found in by_word.items()})
