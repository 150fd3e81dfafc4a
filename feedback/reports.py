"""Figures the feedback app contributes to the supervisors' reports: visits at review points."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Sum

from catalog.models import ReviewPoint, ReviewPointVisit


@dataclass
class PointVisits:
    point: ReviewPoint
    days: list[tuple[dt.date, int, int]] = field(default_factory=list)  # (day, visitors, enquiries)
    visitors: int = 0
    enquiries: int = 0

    @property
    def visitors_per_day(self) -> float:
        """Mean visitors per calendar day of the period (days without a log count as none)."""
        return round(self.visitors / len(self.days), 1) if self.days else 0.0


def visitors_per_day(start: dt.date, end: dt.date, points=None) -> list[PointVisits]:
    """For each review point, its visitors and enquiries on every day from `start` to `end` inclusive.

    Two queries whatever the number of points and days.
    """
    if end < start:
        return []
    points = list((points if points is not None else ReviewPoint.objects.all()).select_related("division"))
    logged = ReviewPointVisit.objects.filter(point__in=points, visited_on__range=(start, end))
    counts = {
        (row["point_id"], row["visited_on"]): (row["visitors"] or 0, row["enquiries"] or 0)
        for row in logged.values("point_id", "visited_on").annotate(
            visitors=Sum("visitors"), enquiries=Sum("enquiries")
        )
    }
    span = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    result = []
    for point in points:
        summary = PointVisits(point=point)
        for day in span:
            visitors, enquiries = counts.get((point.pk, day), (0, 0))
            summary.days.append((day, visitors, enquiries))
            summary.visitors += visitors
            summary.enquiries += enquiries
        result.append(summary)
    return result
