"""What the supervision pages and the dashboards read: matrix, unit summary, task progress,
milestones. Each selector's query count does not grow with the number of tasks."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from supervision import selectors, services
from supervision.models import TaskReport
from targets.models import Target, TaskAssignment, TaskItem

pytestmark = pytest.mark.django_db

DUE = datetime.date(2025, 10, 10)
AFTER = DUE + datetime.timedelta(days=1)
FINANCE, NDRC, MIIT, STATS = "州财政局", "州发展改革委", "州工业和信息化局", "州统计局"


def backdate(report: TaskReport, day: datetime.date) -> None:
    """File the report at 23:00 in 楚雄 (15:00 UTC) on `day`."""
    at = datetime.datetime(day.year, day.month, day.day, 15, tzinfo=datetime.UTC)
    TaskReport.objects.filter(pk=report.pk).update(submitted_at=at)


def cells_by_unit(matrix: selectors.Matrix) -> dict[str, list[selectors.MatrixCell | None]]:
    return {row.unit.name: row.cells for row in matrix.rows}


def test_matrix_gives_each_unit_its_role_latest_status_and_overdue(world: Any) -> None:
    world.submit(NDRC, task_index=0, status="not_started")
    world.submit(NDRC, task_index=0, status="done")
    world.submit(MIIT, task_index=1, status="behind")

    matrix = selectors.accountability_matrix(document=world.catalogue.doc5, today=AFTER)

    assert [t.number for t in matrix.tasks] == [1, 2, 3]
    cells = cells_by_unit(matrix)
    assert set(cells) == {FINANCE, NDRC, MIIT}
    assert [c.role_label for c in cells[FINANCE] if c] == ["牵头", "牵头", "牵头"]
    ndrc = cells[NDRC][0]
    assert ndrc is not None
    assert (ndrc.role, ndrc.status_label, ndrc.overdue) == ("cooperate", "已完成", False)
    miit = cells[MIIT]
    assert [c.status_label for c in miit if c] == ["逾期未报", "滞后", "逾期未报"]


def test_matrix_on_the_due_date_shows_not_reported_rather_than_overdue(world: Any) -> None:
    matrix = selectors.accountability_matrix(document=world.catalogue.doc5, today=DUE)

    statuses = {c.status_label for row in matrix.rows for c in row.cells if c}
    assert statuses == {"未报送"}


def test_matrix_filters_by_section_and_leaves_cells_empty_where_a_unit_has_no_role(
    world: Any,
) -> None:
    measure = world.catalogue.measure

    by_section = selectors.accountability_matrix(section=measure.section, today=AFTER)
    everything = selectors.accountability_matrix(today=AFTER)

    assert [t.pk for t in by_section.tasks] == [measure.pk]
    assert [row.unit.name for row in by_section.rows] == [STATS]
    assert len(everything.tasks) == 4
    assert cells_by_unit(everything)[STATS][:3] == [None, None, None]


def test_unit_summary_counts_led_on_time_late_overdue_and_pending(world: Any) -> None:
    backdate(world.submit(NDRC, task_index=0), DUE)  # on the due date: on time
    backdate(world.submit(NDRC, task_index=1), AFTER)  # a day late

    rows = {r.unit.name: r for r in selectors.unit_summary(today=AFTER)}

    ndrc = rows[NDRC]
    assert (ndrc.led, ndrc.cooperating, ndrc.slots) == (0, 3, 3)
    assert (ndrc.on_time, ndrc.late, ndrc.overdue, ndrc.pending) == (1, 1, 1, 0)
    finance = rows[FINANCE]
    assert (finance.led, finance.overdue) == (3, 3)
    assert (rows[STATS].led, rows[STATS].slots) == (1, 0)
    on_due_date = {r.unit.name: r for r in selectors.unit_summary(today=DUE)}
    assert (on_due_date[FINANCE].overdue, on_due_date[FINANCE].pending) == (0, 3)


def test_unit_summary_lists_the_most_overdue_unit_first(world: Any) -> None:
    for index in range(3):
        world.submit(FINANCE, task_index=index)
    world.submit(MIIT, task_index=0)

    names = [r.unit.name for r in selectors.unit_summary(today=AFTER)]

    assert names[:3] == [NDRC, MIIT, FINANCE]


def test_task_progress_gives_each_units_latest_version_and_the_consolidated_report(
    world: Any,
) -> None:
    task = world.catalogue.tasks[0]
    world.submit(MIIT, status="not_started")
    world.submit(MIIT, status="in_progress", narrative="第二版")
    services.report_consolidate(
        user=world.liaisons[FINANCE],
        round=world.round,
        task=task,
        status="in_progress",
        narrative="汇总：两家配合单位均已启动。",
    )

    progress = selectors.task_progress(task=task, today=AFTER)

    assert progress.round == world.round
    assert [(u.unit.name, u.role) for u in progress.units] == [
        (FINANCE, "lead"),
        (NDRC, "cooperate"),
        (MIIT, "cooperate"),
    ]
    by_unit = {u.unit.name: u for u in progress.units}
    miit_report = by_unit[MIIT].report
    assert miit_report is not None
    assert ([v.version for v in by_unit[MIIT].versions], miit_report.narrative) == (
        [2, 1],
        "第二版",
    )
    assert (by_unit[NDRC].report, by_unit[NDRC].overdue) == (None, True)
    assert by_unit[FINANCE].overdue is False  # the consolidated report counts for the lead
    assert progress.consolidated is not None
    assert progress.consolidated.narrative == "汇总：两家配合单位均已启动。"


def test_task_progress_without_a_round_lists_the_units_from_the_catalogue(world: Any) -> None:
    progress = selectors.task_progress(task=world.catalogue.measure, today=AFTER)

    assert progress.round is None
    assert [(u.unit.name, u.slot) for u in progress.units] == [(STATS, None)]


def test_task_statuses_prefer_the_consolidated_report_then_the_lead(world: Any) -> None:
    tasks = world.catalogue.tasks
    world.submit(FINANCE, task_index=0, status="behind")
    services.report_consolidate(
        user=world.liaisons[FINANCE],
        round=world.round,
        task=tasks[0],
        status="done",
        narrative="汇总",
    )
    world.submit(FINANCE, task_index=1, status="in_progress")

    standings = selectors.task_statuses(tasks=[*tasks, world.catalogue.measure], today=AFTER)

    assert {task: standing.label for task, standing in standings.items()} == {
        tasks[0].pk: "已完成",
        tasks[1].pk: "推进中",
        tasks[2].pk: "逾期未报",
        world.catalogue.measure.pk: "未报送",
    }


def _milestone(world: Any, code: str) -> Target:
    return Target.objects.create(
        code=code,
        document=world.catalogue.doc5,
        clause="一（二）",
        task=world.catalogue.tasks[0],
        quote="…",
        title=code,
        kind=Target.Kind.MILESTONE,
        scope=Target.Scope.ALL_ZONES,
        target_year=2025,
    )


def test_milestone_status_is_done_with_date_and_evidence_unless_returned(world: Any) -> None:
    done, returned, silent = (_milestone(world, c) for c in ("jcss", "zhyq", "lmyq"))
    world.submit(
        FINANCE,
        milestones=[
            services.MilestoneInput(
                target=done, done_on=datetime.date(2025, 9, 20), evidence="验收报告"
            )
        ],
    )
    rejected = world.submit(
        NDRC,
        milestones=[
            services.MilestoneInput(
                target=returned, done_on=datetime.date(2025, 9, 1), evidence="无佐证"
            )
        ],
    )
    services.report_return(user=world.reviewer, report=rejected, reason="佐证不足")

    status = selectors.milestone_status(
        targets=[done, returned, silent, world.catalogue.targets[0]]
    )

    assert status == {
        done.pk: (True, datetime.date(2025, 9, 20), "验收报告"),
        returned.pk: (False, None, ""),
        silent.pk: (False, None, ""),
    }


def _fill(world: Any) -> None:
    """Some reports in every state, so each selector reads real rows."""
    for index, _ in enumerate(world.catalogue.tasks[:5]):
        world.submit(NDRC, task_index=index)
        world.submit(NDRC, task_index=index, status="done")
        report = world.submit(MIIT, task_index=index, status="behind")
        services.report_return(user=world.reviewer, report=report, reason="补充")


@pytest.mark.parametrize("tasks", [5, 50])
def test_matrix_and_summary_run_a_bounded_number_of_queries(
    tasks: int, make_catalogue: Any, make_world: Any, django_assert_max_num_queries: Any
) -> None:
    world = make_world(make_catalogue(tasks=tasks))
    _fill(world)

    with django_assert_max_num_queries(4):
        matrix = selectors.accountability_matrix(document=world.catalogue.doc5, today=AFTER)
    with django_assert_max_num_queries(2):
        summary = selectors.unit_summary(today=AFTER)
    with django_assert_max_num_queries(2):
        selectors.task_statuses(tasks=world.catalogue.tasks, today=AFTER)

    assert len(matrix.tasks) == tasks
    assert sum(r.slots for r in summary) == 3 * tasks


def _queries(call: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured.captured_queries)


def _counts(world: Any) -> list[int]:
    unit = world.slot(NDRC).unit
    task = world.catalogue.tasks[0]
    return [
        _queries(lambda: selectors.accountability_matrix(today=AFTER)),
        _queries(lambda: selectors.unit_summary(today=AFTER)),
        _queries(lambda: selectors.task_progress(task=task, today=AFTER, round=world.round)),
        _queries(lambda: selectors.my_tasks(unit=unit, today=AFTER)),
        _queries(lambda: selectors.round_list(today=AFTER)),
        _queries(lambda: list(selectors.review_queue())),
        _queries(lambda: list(selectors.overdue_slots(today=AFTER))),
    ]


def _add_tasks(world: Any, count: int) -> None:
    """Grow the catalogue to `count` more 5号 tasks and open a second round over all of them."""
    first = world.catalogue.tasks[0]
    for number in range(100, 100 + count):
        task = TaskItem.objects.create(
            document=first.document,
            section=first.section,
            number=number,
            title=f"任务{number}",
            text="…",
        )
        for position, unit in enumerate(world.catalogue.units[:3], start=1):
            role = "lead" if position == 1 else "cooperate"
            TaskAssignment.objects.create(task=task, unit=unit, position=position, role=role)
    services.round_open(
        user=world.admin,
        title="第二轮",
        rhythm="monthly",
        period_start=DUE,
        period_end=AFTER,
        due_date=AFTER,
        tasks=TaskItem.objects.all(),
    )


def test_selector_query_counts_are_the_same_with_5_and_50_tasks(
    make_catalogue: Any, make_world: Any
) -> None:
    world = make_world(make_catalogue(tasks=5))
    _fill(world)
    small = _counts(world)

    _add_tasks(world, 45)
    world.catalogue.tasks = list(TaskItem.objects.filter(document=world.catalogue.doc5))
    _fill(world)
    large = _counts(world)

    assert len(world.catalogue.tasks) == 50
    assert large == small
