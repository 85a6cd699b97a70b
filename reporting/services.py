"""Writes: the day's figure reminders (催报), and a leader's reminder switch per zone."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts import selectors as people
from chuxiong_zones.lookups import month_filter
from chuxiong_zones.periods import Period
from indicators.models import Submission
from notifications.services import notify
from reporting import messages
from reporting.deadlines import Calendar, reporting_month
from reporting.models import FigureReminder, ZoneReporting
from reporting.selectors import (
    SubmissionFacts,
    expected_zones,
    reminders_enabled,
    reporting_calendar,
    submission_facts,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from targets.models import Zone

#: An overdue reminder goes the day after the deadline; a run missed by cron catches up for
#: this many days after it, and no later (no reminders for long-past months on a first run).
OVERDUE_CATCH_UP_DAYS = 7
#: How many ended months are looked at for before-due and overdue reminders.
CANDIDATE_MONTHS = 3

Kind = FigureReminder.Kind


@dataclass(frozen=True)
class ReminderRun:
    reminders: int
    notifications: int


@dataclass(frozen=True)
class _Due:
    zone: Zone
    year: int
    month: int
    kind: str
    due: datetime.date
    waiting_days: int | None = None


def _candidates(today: datetime.date) -> list[Period]:
    latest = reporting_month(today)
    return [latest.shift(-back) for back in range(CANDIDATE_MONTHS)]


def _month_kind(
    period: Period, fact: SubmissionFacts | None, *, today: datetime.date, cal: Calendar
) -> str | None:
    """The before-due or overdue reminder a month not yet submitted is owed today, if any."""
    if fact is not None and fact.status in (
        Submission.Status.SUBMITTED,
        Submission.Status.APPROVED,
    ):
        return None
    due = cal.due_date(period.year, period.month)
    if today <= period.last_day:
        return None
    if due - datetime.timedelta(days=cal.remind_days_before) <= today <= due:
        return Kind.BEFORE_DUE
    if due < today <= due + datetime.timedelta(days=OVERDUE_CATCH_UP_DAYS):
        return Kind.OVERDUE
    return None


def _due_today(today: datetime.date) -> list[_Due]:
    """Reminders owed today (before those already sent are left out): zones expected to report
    with reminders on; never for an approved month."""
    cal = reporting_calendar()
    zones = {z.pk: z for z in expected_zones() if reminders_enabled(z)}
    periods = _candidates(today)
    facts = submission_facts(
        Submission.objects.filter(
            Q(status=Submission.Status.SUBMITTED) | month_filter(periods), zone_id__in=list(zones)
        )
    )
    due: list[_Due] = []
    for zone in zones.values():
        for period in periods:
            year, month = period
            kind = _month_kind(period, facts.get((zone.pk, year, month)), today=today, cal=cal)
            if kind is not None:
                due.append(_Due(zone, year, month, kind, cal.due_date(year, month)))
    for (zone_id, year, month), fact in facts.items():
        if fact.status != Submission.Status.SUBMITTED or fact.last_submitted is None:
            continue
        waiting = (today - fact.last_submitted).days
        if waiting > cal.review_wait_days:
            due.append(
                _Due(
                    zones[zone_id],
                    year,
                    month,
                    Kind.REVIEW_WAITING,
                    cal.due_date(year, month),
                    waiting,
                )
            )
    return due


def _not_yet_sent(due: list[_Due]) -> list[_Due]:
    if not due:
        return []
    sent = set(
        FigureReminder.objects.filter(
            month_filter({(d.year, d.month) for d in due}), zone_id__in={d.zone.pk for d in due}
        ).values_list("zone_id", "year", "month", "kind")
    )
    return [d for d in due if (d.zone.pk, d.year, d.month, d.kind) not in sent]


def _recipients(
    item: _Due, statisticians: dict[int, list[User]], reviewers: list[User]
) -> list[tuple[User, bool]]:
    """(user, is a reviewer): statisticians before the deadline; statisticians and, escalating,
    the reviewers after it; the reviewers for a submission waiting too long."""
    own = [(user, False) for user in statisticians.get(item.zone.pk, [])]
    others = [(user, True) for user in reviewers]
    if item.kind == Kind.BEFORE_DUE:
        return own
    if item.kind == Kind.OVERDUE:
        return own + others
    return others


@transaction.atomic
def _send(item: _Due, recipients: list[tuple[User, bool]], *, now: datetime.datetime) -> int | None:
    """Record the reminder and notify each recipient, in the portal and by e-mail; how many
    were notified, or None if the reminder had been sent already."""
    try:
        with transaction.atomic():
            FigureReminder.objects.create(
                zone=item.zone,
                year=item.year,
                month=item.month,
                kind=item.kind,
                sent_at=now,
                recipients=", ".join(user.get_username() for user, _ in recipients),
            )
    except IntegrityError:  # another run sent it meanwhile
        return None
    url = reverse("indicators:month", args=[item.zone.code, item.year, item.month])
    key = f"figures:{item.kind}:{item.zone.code}:{item.year}-{item.month:02d}"
    title = messages.reminder_title(
        kind=item.kind, zone_name=item.zone.name, year=item.year, month=item.month
    )
    sent = 0
    for user, to_reviewer in recipients:
        body = messages.reminder_body(
            kind=item.kind,
            zone_name=item.zone.name,
            year=item.year,
            month=item.month,
            due=item.due,
            waiting_days=item.waiting_days,
            to_reviewer=to_reviewer,
        )
        sent += (
            notify(
                recipient=user,
                kind=f"figures.{item.kind}",
                title=title,
                body=body,
                url=url,
                dedupe_key=key,
            )
            is not None
        )
    return sent


def figure_reminders_send(*, now: datetime.datetime) -> ReminderRun:
    """Send the day's figure reminders, each kind at most once per zone and month:
    - 截止前提醒: from `remind_days_before` days before the deadline to the deadline, to the
      zone's statisticians, if the month is not submitted;
    - 逾期催报: the day after the deadline (or the first run within OVERDUE_CATCH_UP_DAYS), to
      the statisticians and the reviewers, if the month is still not submitted;
    - 待审核提醒: to the reviewers, for a submission waiting more than `review_wait_days`.
    Never for an approved month, a benchmark-only zone or a zone whose reminders are off.
    Each reminder is its own transaction."""
    today = timezone.localdate(now)
    due = _not_yet_sent(_due_today(today))
    statisticians = people.statisticians_of({item.zone.pk for item in due}) if due else {}
    reviewers = people.reviewers() if any(item.kind != Kind.BEFORE_DUE for item in due) else []
    reminders = notified = 0
    for item in due:
        sent = _send(item, _recipients(item, statisticians, reviewers), now=now)
        if sent is not None:
            reminders += 1
            notified += sent
    return ReminderRun(reminders=reminders, notifications=notified)


@transaction.atomic
def zone_reminders_switch(*, user: User, zone: Zone, enabled: bool) -> ZoneReporting:
    """A leader (or an admin) switches a zone's figure reminders on or off."""
    if not user.has_perm("reporting.switch_reminders"):
        raise PermissionDenied("只有州领导或管理员可以开关催报提醒")
    setting, _ = ZoneReporting.objects.select_for_update().get_or_create(zone=zone)
    setting.reminders_enabled = enabled
    setting.changed_by = user
    setting.changed_at = timezone.now()
    setting.full_clean()
    setting.save()
    return setting
