"""Progress that is not a figure: milestones and task items, as the responsible units report
them through task supervision (`supervision.selectors`)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.utils import timezone

from supervision import selectors as supervision
from supervision.selectors import MilestoneState
from targets.models import Target, TaskItem

from .periods import Period

MILESTONE_NO_EVIDENCE = "待报送"


def milestone_states(*, targets: Iterable[Target]) -> dict[int, MilestoneState]:
    """What the units reported on each milestone target. One query."""
    return supervision.milestone_status(targets=targets)


def milestone_done_by(state: MilestoneState | None, end: datetime.date) -> bool | None:
    """True when a standing report marks the milestone done by `end` (with evidence), else None
    (nothing reported yet)."""
    if state is None:
        return None
    return True if state.done and (state.date is None or state.date <= end) else None


def milestone_evidence(
    *, states: Mapping[int, MilestoneState], as_of: Period
) -> dict[int, bool | None]:
    """`milestone_done_by` the end of the as-of month, for each milestone target. No query."""
    end = as_of.last_day
    return {target_id: milestone_done_by(state, end) for target_id, state in states.items()}


def task_statuses(
    *, tasks: Iterable[TaskItem], as_of: Period | None = None
) -> dict[int, supervision.Standing]:
    """Where each task item stands: the latest reported status (consolidated report first), or 逾期未报 /
    未报送, as things stood at the end of the as-of month (today, for the current month). Two
    queries."""
    end = None if as_of is None else as_of.last_day
    return supervision.task_statuses(tasks=tasks, today=timezone.localdate(), as_of=end)
