"""Full-text search over published information (DESIGN §7): jieba tokens stored in `Publication.search_text`.

Documents are stored as space-separated, lower-cased jieba tokens (search mode, so "最低生活保障" also yields
"生活" and "保障"). On PostgreSQL the query runs against a GIN index over `to_tsvector('simple', search_text)`
(migration 0003_search), since 0006_perf_search_vector a stored, generated `search_vector` column with its own
GIN index, so the planner has per-word statistics; on SQLite the same whole-token match is done with `LIKE '% token %'`.

Queries are read in citizens' words: each query word found in the disclosure office's synonym dictionary is OR-ed
with its equivalents (低保 finds 最低生活保障 and the other way round), and an item also matches a word that is in
its directory entry's name, a parent entry's or its domain's (catalog.vocabulary), on both databases alike.
"""

import functools
import operator
import re
import unicodedata
from dataclasses import dataclass

import jieba
from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import Func, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from catalog import vocabulary

jieba.setLogLevel(60)

# Longest query we tokenise; anything longer is cut (and the page says so) rather than refused.
MAX_QUERY_CHARS = 100
MAX_QUERY_TOKENS = 12
# Search results are counted up to this many (CappedPaginator).
MAX_COUNTED_HITS = 1000
# Words too common to narrow a search; dropped from a query unless nothing else is left.
STOP_WORDS = frozenset({
    "的", "了", "和", "与", "及", "或", "在", "是", "对", "于", "等", "为", "之", "关于", "有关",
    "我", "你", "他", "她", "它", "们", "吗", "呢", "啊", "吧", "怎么", "如何", "什么", "哪里",
})
# A token is a run of letters or digits (CJK included); punctuation and underscores separate tokens, as
# PostgreSQL's text-search parser does, so both backends see the same words.
WORD = re.compile(r"[^\W_]+")


def _words(pieces) -> list[str]:
    words = []
    for piece in pieces:
        words.extend(WORD.findall(piece.lower()))
    return words


def document_tokens(*texts: str) -> str:
    """The search text of a document: its tokens, space-separated, with a space at both ends."""
    words = []
    for text in texts:
        if text:
            words.extend(_words(jieba.cut_for_search(text)))
    return f" {' '.join(words)} " if words else ""


def publication_search_text(publication) -> str:
    """What `Publication.search_text` holds: tokens of the title, the body's text and the document number."""
    return document_tokens(publication.title, strip_tags(publication.body or ""), publication.document_number)


def clean_query(raw: str) -> tuple[str, bool]:
    """The query as we will search it: printable, single-spaced, at most MAX_QUERY_CHARS. Also: was it cut?"""
    text = "".join(" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in raw or "")
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_CHARS:
        return text[:MAX_QUERY_CHARS].strip(), True
    return text, False


def query_terms(query: str) -> list[str]:
    """The distinct words of a cleaned query, in order, common words dropped where others remain.

    Adjacent words that together make a term of the synonym dictionary stay one term (jieba cuts 新农合 into
    新农 and 合), so that the term's equivalents are searched too.
    """
    terms = list(dict.fromkeys(_join_dictionary_terms(_words(jieba.cut(query)), vocabulary.synonyms())))
    meaningful = [t for t in terms if t not in STOP_WORDS]
    return (meaningful or terms)[:MAX_QUERY_TOKENS]


def _join_dictionary_terms(words: list[str], dictionary) -> list[str]:
    joined, i = [], 0
    while i < len(words):
        for j in range(min(len(words), i + 6), i + 1, -1):
            if "".join(words[i:j]) in dictionary:
                joined.append("".join(words[i:j]))
                i = j
                break
        else:
            joined.append(words[i])
            i += 1
    return joined


@functools.lru_cache(maxsize=4096)
def _term_words(text: str) -> tuple[str, ...]:
    """The words a term is tokenised into, as a query would be: all of them must be in a matching text."""
    return tuple(dict.fromkeys(_words(jieba.cut(text)))) or (text,)


@dataclass(frozen=True)
class Term:
    """A query word and what it may match: a text matches when it holds every word of one alternative."""

    text: str
    synonyms: tuple[str, ...]
    alternatives: tuple[tuple[str, ...], ...]


def expand(terms: list[str]) -> list[Term]:
    """Each query word with its synonyms from the dictionary (both directions: every group holding the word)."""
    table = vocabulary.synonyms()
    expanded = []
    for text in terms:
        group = table.get(text, (text,))
        alternatives: dict[frozenset, tuple[str, ...]] = {}
        for synonym in group:
            words = _term_words(synonym) if synonym in table else (synonym,)
            alternatives.setdefault(frozenset(words), words)
        # An alternative holding all the words of another finds nothing more than that one.
        kept = tuple(words for key, words in alternatives.items() if not any(other < key for other in alternatives))
        expanded.append(Term(text, tuple(t for t in group if t != text), kept))
    return expanded


def highlight_words(expanded: list[Term]) -> list[str]:
    """What to highlight in a match: the query's words and the words they and their synonyms are cut into, except
    single characters cut from a longer term (the 合 of 新农合 would mark every 合 in the text)."""
    whole = [term.text for term in expanded]
    parts = [w for term in expanded for alternative in term.alternatives for w in alternative if len(w) > 1]
    return list(dict.fromkeys(whole + parts))


def _entry_positions(term: Term, index: vocabulary.EntryIndex) -> frozenset[int]:
    return frozenset().union(*(index.holding_all(alternative) for alternative in term.alternatives))


def entries_matching(term: Term) -> list[int]:
    """The directory entries whose own, parents' or domain's name holds the term (or one of its synonyms)."""
    index = vocabulary.entries()
    return [index.entries[position].pk for position in sorted(_entry_positions(term, index))]


def matching_entries(expanded: list[Term], limit: int = 5) -> list[vocabulary.EntryName]:
    """Directory entries whose names hold every term of the query, in directory order."""
    if not expanded:
        return []
    index = vocabulary.entries()
    found = frozenset.intersection(*(_entry_positions(term, index) for term in expanded))
    return [index.entries[position] for position in sorted(found)[:limit]]


class SimpleTsVector(Func):
    """to_tsvector('simple', search_text): what the stored `search_vector` column (migration 0006) holds."""

    function = "to_tsvector"
    template = "%(function)s('simple'::regconfig, %(expressions)s)"
    output_field = SearchVectorField()


def match_terms(queryset, terms: list[str]):
    """Publications that match every term: the term or one of its synonyms is in their search text as whole
    tokens, or in the names of their directory entry or its domain."""
    expanded = expand(terms)
    if not expanded:
        return queryset.none()
    postgresql = connection.vendor == "postgresql"
    if postgresql:
        # The stored column exists on PostgreSQL only, so the model does not declare it; alias() keeps it out of
        # the SELECT list.
        stored = RawSQL('"catalog_publication"."search_vector"', [], output_field=SearchVectorField())
        queryset = queryset.alias(search_vector=stored)
    text_only = []
    for term in expanded:
        entry_ids = entries_matching(term)
        if postgresql and not entry_ids:
            text_only.append(_tsquery(term))  # one tsquery for all of these: one scan of the GIN index
            continue
        condition = Q(search_vector=_tsquery(term)) if postgresql else _token_match(term)
        if entry_ids:
            condition |= Q(entry_id__in=entry_ids)
        queryset = queryset.filter(condition)
    if text_only:
        queryset = queryset.filter(search_vector=functools.reduce(operator.and_, text_only))
    return queryset


def _tsquery(term: Term) -> SearchQuery:
    return functools.reduce(operator.or_, (
        SearchQuery(" ".join(alternative), config="simple", search_type="plain") for alternative in term.alternatives
    ))


def _token_match(term: Term) -> Q:
    return functools.reduce(operator.or_, (
        functools.reduce(operator.and_, (Q(search_text__contains=f" {word} ") for word in alternative))
        for alternative in term.alternatives
    ))


def suggested_terms(query: str, terms: list[str], limit: int = 8) -> list[str]:
    """For a search that found nothing: dictionary terms near what was typed — the typed words' synonyms, the
    groups of terms written inside the query (低保金 → 低保, 最低生活保障) and terms containing a typed word."""
    table = vocabulary.synonyms()
    written = "".join(_words([query]))
    typed = set(terms)
    found = []
    for term, group in table.items():
        if term in typed or term in written:
            found.extend(group)
        elif any(len(t) >= 2 and t in term for t in typed):
            found.append(term)
    return [t for t in dict.fromkeys(found) if t not in typed][:limit]


def nearest_entries(query: str, limit: int = 5) -> list[vocabulary.EntryName]:
    """Directory entries whose names share the most pairs of characters with the query (Dice coefficient)."""
    wanted = vocabulary.bigrams("".join(_words([query])))
    scored = []
    for position, entry in enumerate(vocabulary.entries().entries):
        shared = len(wanted & entry.bigrams)
        if shared:
            scored.append((-2 * shared / (len(wanted) + len(entry.bigrams)), position, entry))
    nearest, names = [], set()
    for _score, _position, entry in sorted(scored, key=lambda row: row[:2]):
        if entry.name not in names:
            names.add(entry.name)
            nearest.append(entry)
        if len(nearest) == limit:
            break
    return nearest


def highlight(text: str, terms: list[str]) -> SafeString:
    """`text` HTML-escaped, with each occurrence of a term wrapped in <mark> (escape first, then mark)."""
    text = text or ""
    if not terms:
        return escape(text)
    # Adjacent matches ("低保" "名单" in "低保名单") make one mark, with no gap between two highlighted words.
    words = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    pattern = re.compile(f"((?:{words})+)", re.I)
    parts = pattern.split(text)
    out = [f"<mark>{escape(part)}</mark>" if i % 2 else escape(part) for i, part in enumerate(parts)]
    return mark_safe("".join(out))


def excerpt(html: str, terms: list[str], width: int = 120) -> str:
    """A plain-text window of a body around the first matched term, for the results list."""
    text = " ".join(strip_tags(html or "").split())
    lowered = text.lower()
    hits = [i for i in (lowered.find(t) for t in terms) if i >= 0]
    start = max(0, min(hits) - width // 3) if hits else 0
    window = text[start:start + width]
    return ("…" if start else "") + window + ("…" if start + width < len(text) else "")


class CappedPaginator(Paginator):
    """Counts at most `cap` matches: a common word matches most of the county's 200,000 items, and counting them
    all costs more than the page itself. Beyond the cap the page says "N 条以上" and offers the first `cap`."""

    cap = MAX_COUNTED_HITS

    @cached_property
    def _counted(self) -> int:
        # Any cap + 1 matches will do, so the count asks for no order: ordered, PostgreSQL would walk the date
        # index and filter row by row, which costs 20,000 rows for a word in 5 % of the items (低保 with its
        # synonyms and entries) instead of one bitmap scan of the GIN and entry indexes.
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def is_capped(self) -> bool:
        return self._counted > self.cap


def page_of_matches(publications, number, per_page: int):
    """One page of matches, newest first, with a capped count.

    Below the cap the matches are few, so sort just them: ordering by an expression no index covers makes
    PostgreSQL fetch them through the GIN index. Ordering by the date column would let it walk the date index
    instead, filtering out nearly every row for a rare word (it cannot tell a rare word from a common one).
    At the cap the word is common and the date index finds a page of matches at once: the public-newest index
    (published_at, id), read in order until a page of rows matches. PostgreSQL may instead read the status index
    (in published_at order only) and sort each run of equal times by id, which reads every row of that run: a
    day's thousands of items published at the same minute for a word in one item of twenty (低保 with its
    synonyms). So the page is read with incremental sorting off.
    """
    paginator = CappedPaginator(publications, per_page)
    if not paginator.is_capped:
        paginator.object_list = publications.order_by(Coalesce("published_at", "created_at").desc(), "-id")
        return paginator.get_page(number)
    page = paginator.get_page(number)
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_incremental_sort TO off")
            page.object_list = list(page.object_list)
    return page


@dataclass
class Hit:
    publication: object
    title: SafeString
    summary: SafeString


def hits(publications, terms: list[str]) -> list[Hit]:
    return [
        Hit(p, highlight(p.title, terms), highlight(excerpt(p.body, terms), terms)) for p in publications
    ]


#: Words of a request's description that say nothing about which information is meant.
REQUEST_WORDS = frozenset({"申请", "公开", "政府", "信息", "提供", "相关", "文件", "资料", "年度", "本人", "请求",
                           "需要", "获取", "查询", "希望", "请", "想", "要"})


def suggest(text: str, limit: int = 5) -> tuple[list[str], list]:
    """Published items matching what a citizen is describing on the request form: (terms used, publications).

    The same search as the public search page (synonyms, entry and domain names), over the description's most
    specific words: its three longest terms first, then the two longest, then the longest alone, until something
    matches. At most three queries, whatever the text.
    """
    from catalog.models import Publication

    terms = [term for term in query_terms(text[:300]) if term not in REQUEST_WORDS and not term.isdigit()
             and len(term) >= 2]
    ranked = sorted(terms, key=lambda term: (-len(term), terms.index(term)))[:3]
    public = Publication.objects.public().select_related("department").defer("search_text", "body")
    for size in range(len(ranked), 0, -1):
        chosen = ranked[:size]
        found = list(match_terms(public, chosen).order_by("-published_at", "-id")[:limit])
        if found:
            return chosen, found
    return ranked, []
