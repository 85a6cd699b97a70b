"""Progress that is not a figure: milestones and task items, as the responsible units report
them through task supervision (`supervision.selectors`)."""

from __future__ import annotations

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


def milestone_evidence(
    *, states: Mapping[int, MilestoneState], as_of: Period
) -> dict[int, bool | None]:
    """For each milestone target: True when a standing report marks it done by the end of the
    as-of month (with evidence), else None (nothing reported yet). No query."""
    end = as_of.last_day
    return {
        target_id: True if state.done and (state.date is None or state.date <= end) else None
        for target_id, state in states.items()
    }


def task_statuses(*, tasks: Iterable[TaskItem], as_of: Period | None = None) -> dict[int, str]:
    """The latest reported status of each task item (consolidated report first), or 逾期未报 /
    未报送. Two queries."""
    return supervision.task_statuses(tasks=tasks, today=timezone.localdate())
