"""Hooks for progress that is not a figure: milestones and task items.

There is no task-report model yet, so nothing is known: milestones assess as NO_DATA and task
items show "待报送". The task-supervision work replaces these two functions, and only these.
"""

from __future__ import annotations

from collections.abc import Iterable

from targets.models import Target, TaskItem

from .periods import Period

TASK_STATUS_PENDING = "待报送"
MILESTONE_NO_EVIDENCE = "待报送"


def milestone_evidence(*, targets: Iterable[Target], as_of: Period) -> dict[int, bool | None]:
    """For each milestone target: True (done, with evidence), False (reported not done) or None
    (nothing reported). Runs no query today."""
    return {target.pk: None for target in targets}


def task_statuses(*, tasks: Iterable[TaskItem], as_of: Period | None = None) -> dict[int, str]:
    """The reporting status of each task item. Runs no query today."""
    return {task.pk: TASK_STATUS_PENDING for task in tasks}
