"""Requests avoided by the search on the request form (查询提示): counts per day, nothing about who."""

import datetime as dt

from django.db import IntegrityError, models, transaction
from django.db.models import F, Q, Sum
from django.utils.translation import gettext_lazy as _


class SuggestionDayQuerySet(models.QuerySet):
    def record(self, on: dt.date, field: str) -> None:
        """Add one to `field` ("followed" or "submitted_after") of the day `on`: one UPDATE, or the day's INSERT."""
        row = self.filter(day=on)
        with transaction.atomic(using=self.db):
            if row.update(**{field: F(field) + 1}):
                return
            try:
                with transaction.atomic(using=self.db):
                    self.create(day=on, **{field: 1})
            except IntegrityError:  # another worker inserted the day first
                row.update(**{field: F(field) + 1})

    def totals(self, start: dt.date, end: dt.date) -> dict[str, int]:
        """Followed suggestions, requests submitted after one, and requests avoided, over start..end."""
        return self.totals_over([(start, end)])[0]

    def totals_over(self, periods: list[tuple[dt.date, dt.date]]) -> list[dict[str, int]]:
        """`totals` for each (start, end), in one query."""
        sums = {}
        for n, (start, end) in enumerate(periods):
            within = Q(day__gte=start, day__lte=end)
            sums[f"followed_{n}"] = Sum("followed", filter=within, default=0)
            sums[f"submitted_{n}"] = Sum("submitted_after", filter=within, default=0)
        found = self.aggregate(**sums) if periods else {}
        return [{"followed": found[f"followed_{n}"], "submitted_after": found[f"submitted_{n}"],
                 "avoided": max(found[f"followed_{n}"] - found[f"submitted_{n}"], 0)} for n in range(len(periods))]


class SuggestionDay(models.Model):
    """One day's use of the published items the request form suggested.

    `followed`: a citizen opened a suggested item from the form; `submitted_after`: the same form was then
    submitted after all. The difference is the requests the portal's own publications answered (avoided)."""

    day = models.DateField(_("日期"), unique=True)
    followed = models.PositiveIntegerField(_("打开提示信息次数"), default=0)
    submitted_after = models.PositiveIntegerField(_("其后仍提交申请数"), default=0)

    objects = SuggestionDayQuerySet.as_manager()

    class Meta:
        verbose_name = _("申请前查询提示统计")
        verbose_name_plural = _("申请前查询提示统计")
        ordering = ["-day"]

    def __str__(self):
        return f"{self.day:%Y-%m-%d}"

    @property
    def avoided(self) -> int:
        return max(self.followed - self.submitted_after, 0)
