"""Reads for the entry and review pages: a bounded number of queries, then plain Python."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import OuterRef, Q, QuerySet, Subquery

from indicators.calculations import growth_pct
from indicators.models import Figure, FigureRevision, Submission, SubmissionEvent
from targets.models import Indicator

if TYPE_CHECKING:
    from targets.models import Zone


@dataclass(frozen=True)
class SheetRow:
    indicator: Indicator
    figure: Figure | None
    last_year: Decimal | None
    previous_month: Decimal | None

    @property
    def value(self) -> Decimal | None:
        return self.figure.value if self.figure else None

    @property
    def computed_growth_pct(self) -> Decimal | None:
        return growth_pct(current=self.value, previous=self.last_year)

    @property
    def growth_gap(self) -> Decimal | None:
        reported = self.figure.reported_growth_pct if self.figure else None
        computed = self.computed_growth_pct
        return None if reported is None or computed is None else reported - computed

    @property
    def single_month(self) -> Decimal | None:
        """For flows: this month alone, the difference of two cumulatives."""
        if not self.indicator.is_flow or self.value is None:
            return None
        if self.figure is not None and self.figure.month == 1:
            return self.value
        return None if self.previous_month is None else self.value - self.previous_month


def reportable_indicators(*, zone: Zone) -> QuerySet[Indicator]:
    """What this zone reports: monthly inputs, and cluster parts only where it has the cluster."""
    return (
        Indicator.objects.filter(reportable=True)
        .filter(Q(cluster__isnull=True) | Q(cluster__zones=zone))
        .select_related("cluster")
        .distinct()
        .order_by("display_order", "code")
    )


def month_sheet(*, zone: Zone, year: int, month: int) -> list[SheetRow]:
    """Every indicator the zone reports, with this month, last month and the same month
    last year: two queries whatever the number of indicators."""
    indicators = list(reportable_indicators(zone=zone))
    figures = Figure.objects.filter(zone=zone, indicator__in=indicators).filter(
        Q(year=year, month__in=[month, month - 1]) | Q(year=year - 1, month=month)
    )
    found = {(f.indicator_id, f.year, f.month): f for f in figures}

    def value(indicator: Indicator, y: int, m: int) -> Decimal | None:
        figure = found.get((indicator.pk, y, m))
        return figure.value if figure else None

    return [
        SheetRow(
            indicator=indicator,
            figure=found.get((indicator.pk, year, month)),
            last_year=value(indicator, year - 1, month),
            previous_month=value(indicator, year, month - 1) if month > 1 else None,
        )
        for indicator in indicators
    ]


def submission_for(*, zone: Zone, year: int, month: int) -> Submission | None:
    return (
        Submission.objects.filter(zone=zone, year=year, month=month)
        .select_related("zone")
        .prefetch_related("events__actor")
        .first()
    )


#: The events that send a month back to the statistician, with the reason why.
SENT_BACK = (SubmissionEvent.Action.RETURN, SubmissionEvent.Action.UNLOCK)


def submissions_visible_to(*, zone_ids: Iterable[int] | None) -> QuerySet[Submission]:
    """Submissions a user may see: their own zone's, or every zone's for prefecture staff;
    each with `return_reason`, the reason it was last returned (or unlocked), in one query."""
    last_return = SubmissionEvent.objects.filter(
        submission=OuterRef("pk"), action__in=SENT_BACK
    ).order_by("-at", "-pk")
    queryset = (
        Submission.objects.select_related("zone")
        .annotate(return_reason=Subquery(last_return.values("reason")[:1]))
        .order_by("-year", "-month", "zone")
    )
    return queryset if zone_ids is None else queryset.filter(zone_id__in=list(zone_ids))


def last_return(submission: Submission | None) -> SubmissionEvent | None:
    """Why a returned month was sent back: its latest return or unlock, from the events
    `submission_for` prefetched (no query); None unless the month is returned."""
    if submission is None or submission.status != Submission.Status.RETURNED:
        return None
    sent_back = [e for e in submission.events.all() if e.action in SENT_BACK]
    return max(sent_back, key=lambda e: (e.at, e.pk), default=None)


def figure_revisions(
    *, zone: Zone, indicator: Indicator, year: int, month: int
) -> QuerySet[FigureRevision]:
    return FigureRevision.objects.filter(
        figure__zone=zone, figure__indicator=indicator, figure__year=year, figure__month=month
    ).select_related("changed_by")


def changes_since_submission(*, submission: Submission) -> QuerySet[FigureRevision]:
    """What changed since the month was last submitted (for the reviewer)."""
    last_submit = (
        submission.events.filter(action="submit").order_by("-at").values_list("at", flat=True)[1:2]
    )
    revisions = FigureRevision.objects.filter(
        figure__zone=submission.zone, figure__year=submission.year, figure__month=submission.month
    ).select_related("figure__indicator", "changed_by")
    return revisions.filter(changed_at__gt=last_submit) if last_submit else revisions


def changes_since_version(*, submission: Submission, version: int) -> QuerySet[FigureRevision]:
    """What changed in the month after it stood at `version` (what a reviewer saw). Each version
    is made by one event (save, submit, return, approve, unlock, import), the events in order."""
    revisions = FigureRevision.objects.filter(
        figure__zone=submission.zone, figure__year=submission.year, figure__month=submission.month
    ).select_related("figure__indicator", "changed_by")
    if version <= 0:
        return revisions
    seen = submission.events.order_by("at", "pk").values_list("at", flat=True)[
        version - 1 : version
    ]
    return revisions.filter(changed_at__gt=seen) if seen else revisions.none()


def month_figure_count(*, zone: Zone, year: int, month: int) -> int:
    """How many figures the zone reported for the month (blanks, i.e. not reported, aside)."""
    return Figure.objects.filter(zone=zone, year=year, month=month, value__isnull=False).count()
