"""Reads: the calendar, completeness and timeliness, who has not reported, the review queue.

Each runs a fixed number of queries, whatever the number of zones and months, then plain
Python (`deadlines.py`)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet
from django.utils import timezone

from chuxiong_zones.lookups import month_filter
from chuxiong_zones.periods import Period
from indicators.models import Figure, Submission
from reporting.deadlines import (
    Calendar,
    MonthState,
    Rates,
    State,
    month_state,
    rate_pct,
    rates,
    reporting_month,
)
from reporting.models import CalendarSettings, DeadlineException
from targets.models import Indicator, Zone

REPORTED = [Submission.Status.SUBMITTED, Submission.Status.APPROVED]


def reporting_calendar() -> Calendar:
    """The calendar an admin set (two queries), or the defaults."""
    row = CalendarSettings.objects.filter(pk=1).first() or CalendarSettings()
    exceptions = {
        Period(e.year, e.month): e.due_date
        for e in DeadlineException.objects.only("year", "month", "due_date")
    }
    return Calendar(
        due_day=row.due_day,
        annual_due_month=row.annual_due_month,
        annual_due_day=row.annual_due_day,
        remind_days_before=row.remind_days_before,
        review_wait_days=row.review_wait_days,
        exceptions=exceptions,
    )


def expected_zones() -> QuerySet[Zone]:
    """Zones expected to report: every zone but the benchmark-only ones, with their reminder
    switch (`reporting`, or none: reminded)."""
    return Zone.objects.filter(is_benchmark=False).select_related("reporting")


def reminders_enabled(zone: Zone) -> bool:
    setting = getattr(zone, "reporting", None)
    return setting is None or setting.reminders_enabled


@dataclass(frozen=True)
class SubmissionFacts:
    status: str
    first_submitted: datetime.date | None
    last_submitted: datetime.date | None
    version: int


def _local(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None


def submission_facts(
    submissions: QuerySet[Submission],
) -> dict[tuple[int, int, int], SubmissionFacts]:
    """(zone id, year, month) → status and the first and last submit dates (Shanghai). One
    query: timeliness is decided by the first submit (SubmissionEvent), waiting by the last."""
    rows = (
        submissions.annotate(
            first=Min("events__at", filter=Q(events__action="submit")),
            last=Max("events__at", filter=Q(events__action="submit")),
        )
        .values_list("zone_id", "year", "month", "status", "first", "last", "version")
        .order_by()
    )
    return {
        (z, y, m): SubmissionFacts(status, _local(first), _local(last), version)
        for z, y, m, status, first, last, version in rows
    }


# --- Completeness and timeliness --------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    zone: Zone
    year: int
    month: int
    state: MonthState
    filled: int
    expected: int

    @property
    def share_pct(self) -> Decimal | None:
        """The share of the indicators the zone reports that are filled in this month."""
        return rate_pct(min(self.filled, self.expected), self.expected)


@dataclass(frozen=True)
class ZoneRow:
    zone: Zone
    cells: list[Cell]
    rates: Rates
    reminders_enabled: bool


@dataclass(frozen=True)
class MonthColumn:
    month: int
    due: datetime.date
    rates: Rates


@dataclass(frozen=True)
class Completeness:
    year: int
    today: datetime.date
    calendar: Calendar
    columns: list[MonthColumn]
    rows: list[ZoneRow]
    rates: Rates  # the prefecture's, over every zone and month

    @property
    def annual_due(self) -> datetime.date:
        return self.calendar.annual_due_date(self.year)

    def state_counts(self) -> list[tuple[State, int]]:
        counts: dict[State, int] = defaultdict(int)
        for row in self.rows:
            for cell in row.cells:
                counts[cell.state.state] += 1
        return [(state, counts[state]) for state in State]


def _expected_counts(zones: list[Zone]) -> tuple[dict[int, int], dict[int, int]]:
    """Per zone: how many monthly indicators it reports, and how many annual ones (reported in
    December). Cluster parts count only for the cluster's zones. One query."""
    monthly: dict[int, int] = defaultdict(int)
    annual: dict[int, int] = defaultdict(int)
    rows = Indicator.objects.filter(reportable=True).values_list(
        "pk", "frequency", "cluster_id", "cluster__zones"
    )
    seen: set[tuple[int, int]] = set()
    for pk, frequency, cluster_id, cluster_zone in rows:
        targets = [z.pk for z in zones] if cluster_id is None else [cluster_zone]
        for zone_id in targets:
            if zone_id is None or (pk, zone_id) in seen:
                continue
            seen.add((pk, zone_id))
            (annual if frequency == Indicator.Frequency.ANNUAL else monthly)[zone_id] += 1
    return monthly, annual


def _filled_counts(year: int) -> dict[tuple[int, int], int]:
    """(zone id, month) → figures filled in (a value, 0 included) of reportable indicators:
    monthly ones every month, annual ones in December. One query."""
    rows = (
        Figure.objects.filter(year=year, value__isnull=False, indicator__reportable=True)
        .filter(Q(indicator__frequency=Indicator.Frequency.MONTHLY) | Q(month=12))
        .values("zone_id", "month")
        .annotate(n=Count("pk"))
        .values_list("zone_id", "month", "n")
        .order_by()
    )
    return {(zone_id, month): n for zone_id, month, n in rows}


def completeness(*, year: int, today: datetime.date | None = None) -> Completeness:
    """Every expected zone's months of `year`: state, days late, share filled; the rates by
    zone, by month and for the prefecture. Six queries, whatever the zones and months."""
    today = today or timezone.localdate()
    cal = reporting_calendar()
    zones = list(expected_zones())
    facts = submission_facts(Submission.objects.filter(year=year))
    monthly, annual = _expected_counts(zones)
    filled = _filled_counts(year)
    rows: list[ZoneRow] = []
    by_month: dict[int, list[MonthState]] = defaultdict(list)
    for zone in zones:
        cells = []
        for month in range(1, 13):
            fact = facts.get((zone.pk, year, month))
            state = month_state(
                year=year,
                month=month,
                status=fact.status if fact else None,
                first_submitted=fact.first_submitted if fact else None,
                today=today,
                cal=cal,
            )
            expected = monthly[zone.pk] + (annual[zone.pk] if month == 12 else 0)
            cells.append(Cell(zone, year, month, state, filled.get((zone.pk, month), 0), expected))
            by_month[month].append(state)
        rows.append(ZoneRow(zone, cells, rates([c.state for c in cells]), reminders_enabled(zone)))
    columns = [MonthColumn(m, cal.due_date(year, m), rates(by_month[m])) for m in range(1, 13)]
    every = [state for states in by_month.values() for state in states]
    return Completeness(year, today, cal, columns, rows, rates(every))


def zones_not_reported(*, today: datetime.date | None = None) -> tuple[Period, list[Zone]]:
    """The month being reported now (the last month that has ended) and the expected zones that
    have not submitted it: 本月未报送. One query."""
    period = reporting_month(today or timezone.localdate())
    reported = Submission.objects.filter(
        zone=OuterRef("pk"), year=period.year, month=period.month, status__in=REPORTED
    )
    return period, list(Zone.objects.filter(is_benchmark=False).exclude(Exists(reported)))


# --- The reviewer's queue ---------------------------------------------------------------

QUEUE_MONTHS = 12  # how far back the queue looks for months not reported


class QueueStatus:
    AWAITING = "awaiting"
    MISSING = "missing"
    RETURNED = "returned"
    CHOICES = [(AWAITING, "待审核"), (MISSING, "逾期未报"), (RETURNED, "已退回待重报")]


@dataclass(frozen=True)
class QueueRow:
    zone: Zone
    year: int
    month: int
    status: str  # a QueueStatus
    state: MonthState
    waiting_days: int | None  # awaiting review since the last submit
    explained: int = 0  # awaiting review: figures flagged and explained (异常说明)

    @property
    def status_label(self) -> str:
        return dict(QueueStatus.CHOICES)[self.status]


def _window(today: datetime.date, period: Period | None) -> list[Period]:
    if period is not None:
        return [period]
    latest = reporting_month(today)
    return [latest.shift(-back) for back in range(QUEUE_MONTHS)]


def _queue_status(state: MonthState) -> str | None:
    if state.state in (State.ON_TIME, State.LATE):
        return QueueStatus.AWAITING
    if state.state == State.MISSING:
        return QueueStatus.MISSING
    if state.state == State.RETURNED:
        return QueueStatus.RETURNED
    return None


@dataclass(frozen=True)
class Queue:
    rows: list[QueueRow]
    zones: list[Zone]  # every expected zone, for the filter


def _explained_figures(keys: set[tuple[int, int, int]]) -> dict[tuple[int, int, int], int]:
    """(zone, year, month) → how many of the month's figures carry an 异常说明: the warnings
    the statistician had to explain before submitting. One query, none for no months."""
    if not keys:
        return {}
    counted = (
        Figure.objects.filter(
            month_filter({(year, month) for _, year, month in keys}),
            zone_id__in={zone_id for zone_id, _, _ in keys},
        )
        .exclude(explanation="")
        .values_list("zone_id", "year", "month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(z, y, m): n for z, y, m, n in counted if (z, y, m) in keys}


def review_queue(
    *,
    today: datetime.date | None = None,
    zone_code: str = "",
    period: Period | None = None,
    status: str = "",
) -> Queue:
    """What awaits review (any month) and what is late (months of the last year not reported, or
    returned and not yet resubmitted), oldest first, filtered by zone, month and status. A
    month awaiting review carries the number of its figures that were flagged and explained,
    which the reviewer reads first. Five queries, whatever the number of zones and months."""
    today = today or timezone.localdate()
    cal = reporting_calendar()
    every = list(expected_zones())
    zones = {z.pk: z for z in every if not zone_code or z.code == zone_code}
    window = _window(today, period)
    awaiting = Q(status=Submission.Status.SUBMITTED)
    if period is not None:
        awaiting &= Q(year=period.year, month=period.month)
    facts = submission_facts(
        Submission.objects.filter(awaiting | month_filter(window), zone_id__in=list(zones))
    )
    keys = {(pk, y, m) for pk in zones for y, m in window}
    awaiting_keys = {k for k, fact in facts.items() if fact.status == Submission.Status.SUBMITTED}
    keys |= awaiting_keys
    explained = _explained_figures(awaiting_keys)
    rows = []
    for zone_id, year, month in keys:
        fact = facts.get((zone_id, year, month))
        state = month_state(
            year=year,
            month=month,
            status=fact.status if fact else None,
            first_submitted=fact.first_submitted if fact else None,
            today=today,
            cal=cal,
        )
        kind = _queue_status(state)
        if kind is None or (status and kind != status):
            continue
        waiting = (
            (today - fact.last_submitted).days
            if kind == QueueStatus.AWAITING and fact and fact.last_submitted
            else None
        )
        rows.append(
            QueueRow(
                zones[zone_id],
                year,
                month,
                kind,
                state,
                waiting,
                explained.get((zone_id, year, month), 0),  # awaiting months only
            )
        )
    order = {z.pk: i for i, z in enumerate(every)}
    rows.sort(key=lambda r: (r.year, r.month, order[r.zone.pk]))
    return Queue(rows, every)
