"""What search learns from the disclosure office and from citizens: the synonym dictionary and monthly query counts.

Citizens search in everyday words (低保, 五保, 新农合) while items are titled in the official ones (最低生活保障,
特困人员救助供养, 城乡居民医保); the office keeps groups of equivalent terms here and search applies them to every
query (catalog.search). The search log keeps, per month, how often each query was searched and how often it found
nothing, so the office sees what citizens look for and what they do not find. It holds no personal data: no
address, no session, no time finer than the month, and queries that look like a phone or ID number are not kept.
"""

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

# Terms in a group may be separated by any of these (the office types what comes naturally).
TERM_SEPARATORS = re.compile(r"[\s,，、;；=＝/|]+")
# A term is one run of letters and digits, as search tokens are (catalog.search.WORD).
TERM = re.compile(r"[^\W_]+")
MAX_TERM_CHARS = 20
# A query with a run of 7 or more digits may hold a phone, ID card or bank number: it is not logged.
PERSONAL_NUMBER = re.compile(r"\d{7,}")


def split_terms(text: str) -> list[str]:
    """The distinct terms of a synonym group as typed, lower-cased, in order."""
    return list(dict.fromkeys(t.lower() for t in TERM_SEPARATORS.split(text or "") if t))


class SearchSynonym(models.Model):
    """A group of terms that mean the same to a citizen, e.g. 低保、最低生活保障: searching one finds them all."""

    terms = models.CharField(
        _("同义词"), max_length=200, unique=True,
        help_text=_("两个或多个意思相同的词，用顿号“、”分隔，例如：低保、最低生活保障。"
                    "检索其中任何一个词时，同时检索其他词。"),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("检索同义词")
        verbose_name_plural = _("检索同义词")
        ordering = ["terms"]

    def __str__(self):
        return self.terms

    @property
    def term_list(self) -> list[str]:
        return split_terms(self.terms)

    def clean(self):
        terms = split_terms(self.terms)
        odd = [t for t in terms if not TERM.fullmatch(t)]
        if odd:
            raise ValidationError({"terms": _("每个词只能由汉字、字母或数字组成，请去掉其中的标点：%(terms)s") % {
                "terms": "、".join(odd)}})
        long = [t for t in terms if len(t) > MAX_TERM_CHARS]
        if long:
            raise ValidationError({"terms": _("每个词最多%(n)s个字：%(terms)s") % {
                "n": MAX_TERM_CHARS, "terms": "、".join(long)}})
        if len(terms) < 2:
            raise ValidationError({"terms": _("请至少填写两个意思相同的词，用顿号“、”分隔。")})
        self.terms = "、".join(terms)


class SearchLogQuerySet(models.QuerySet):
    def record(self, query: str, *, found: bool, on) -> bool:
        """Count one search for `query` in the month of the date `on`; False when the query is not kept.

        One UPDATE with F() expressions on the month's row; the first search of a query in a month inserts it.
        """
        if not query or PERSONAL_NUMBER.search(query):
            return False
        query = query[: SearchLog._meta.get_field("query").max_length]
        month = on.replace(day=1)
        empty = 0 if found else 1
        row = self.filter(month=month, query=query)
        with transaction.atomic(using=self.db):
            connection = connections[self.db]
            if connection.vendor == "postgresql":
                # A few counts lost in a server crash matter less than waiting for a disk flush on every search.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")
            if row.update(searches=F("searches") + 1, empty_searches=F("empty_searches") + empty):
                return True
            try:
                with transaction.atomic(using=self.db):
                    self.create(month=month, query=query, searches=1, empty_searches=empty)
            except IntegrityError:  # another worker inserted it first
                row.update(searches=F("searches") + 1, empty_searches=F("empty_searches") + empty)
        return True

    def months(self) -> list:
        """The months with searches, latest first."""
        return list(self.order_by("-month").values_list("month", flat=True).distinct())

    def top(self, month, limit: int = 50):
        """The month's most searched queries."""
        return self.filter(month=month).order_by("-searches", "query")[:limit]

    def without_results(self, month, limit: int = 50):
        """The month's queries that found nothing at least once, those that failed most often first."""
        return self.filter(month=month, empty_searches__gt=0).order_by("-empty_searches", "query")[:limit]


class SearchLog(models.Model):
    """How often a query was searched in a month on the public site, and how often it found nothing."""

    month = models.DateField(_("月份"), help_text=_("该月的第一天。"))
    query = models.CharField(_("检索词"), max_length=100)
    searches = models.PositiveIntegerField(_("检索次数"), default=0)
    empty_searches = models.PositiveIntegerField(_("无结果次数"), default=0)

    objects = SearchLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("检索统计")
        verbose_name_plural = _("检索统计")
        ordering = ["-month", "-searches", "query"]
        constraints = [models.UniqueConstraint(fields=["month", "query"], name="one_search_log_row_per_month")]

    def __str__(self):
        return f"{self.month:%Y年%m月} {self.query}"
