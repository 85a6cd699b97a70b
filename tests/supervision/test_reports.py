"""Filing reports: only a unit's own liaison, only the lead consolidates, every version kept."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from accounts.models import Profile
from accounts.roles import REVIEWER, ensure_groups
from supervision import services
from supervision.models import Attachment, MilestoneEvidence, ReportFigure, TaskReport
from targets.models import Target

pytestmark = pytest.mark.django_db

FINANCE, NDRC, MIIT = "州财政局", "州发展改革委", "州工业和信息化局"


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "supervision"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_liaison_reports_for_their_own_unit(world: Any) -> None:
    report = world.submit(NDRC, narrative="已完成调研。", problems="需协调用地指标。")

    assert (report.version, report.is_current, report.is_consolidated) == (1, True, False)
    assert report.submitted_by == world.liaisons[NDRC]
    assert report.review_state == TaskReport.Review.SUBMITTED
    assert (report.narrative, report.problems) == ("已完成调研。", "需协调用地指标。")


def test_a_liaison_cannot_report_for_another_unit_and_nothing_is_written(
    world: Any, uploads: Any
) -> None:
    with pytest.raises(PermissionDenied):
        services.report_submit(
            user=world.liaisons[NDRC],
            slot=world.slot(FINANCE),
            status="in_progress",
            narrative="代报",
            files=[uploads.pdf()],
        )

    assert TaskReport.objects.count() == 0
    assert Attachment.objects.count() == 0


@pytest.mark.parametrize("who", ["reviewer", "leader", "admin"])
def test_non_liaisons_cannot_report(world: Any, who: str) -> None:
    with pytest.raises(PermissionDenied):
        services.report_submit(
            user=getattr(world, who), slot=world.slot(FINANCE), status="done", narrative="…"
        )
    assert TaskReport.objects.count() == 0


def test_a_unit_profile_without_the_liaison_group_cannot_report(
    world: Any, django_user_model: Any
) -> None:
    outsider = django_user_model.objects.create_user(username="outsider", password="x-2025-abc")
    outsider.groups.set([ensure_groups()[REVIEWER.group]])
    Profile.objects.create(user=outsider, unit=world.slot(FINANCE).unit)

    with pytest.raises(PermissionDenied):
        services.report_submit(
            user=outsider, slot=world.slot(FINANCE), status="done", narrative="…"
        )
    assert TaskReport.objects.count() == 0


def test_posting_another_units_slot_is_403_and_writes_nothing(
    client: Client, world: Any, uploads: Any
) -> None:
    client.force_login(world.liaisons[NDRC])
    before = stored_files()

    response = client.post(
        reverse("supervision:mine"),
        {
            "slot": world.slot(FINANCE).pk,
            "status": "in_progress",
            "narrative": "代报",
            "attachments": [uploads.pdf()],
        },
    )

    assert response.status_code == 403
    assert TaskReport.objects.count() == 0
    assert stored_files() == before


def test_a_second_submission_is_version_2_and_leaves_version_1_untouched(world: Any) -> None:
    first = world.submit(MIIT, status="not_started", narrative="尚未启动。")
    first_at = first.submitted_at

    second = world.submit(MIIT, status="in_progress", narrative="已启动招商。")

    first.refresh_from_db()
    assert (second.version, second.is_current) == (2, True)
    assert (first.version, first.is_current) == (1, False)
    assert (first.status, first.narrative, first.submitted_at) == (
        "not_started",
        "尚未启动。",
        first_at,
    )
    assert list(
        TaskReport.objects.filter(slot=world.slot(MIIT)).values_list("version", flat=True)
    ) == [2, 1]


def test_only_the_lead_units_liaison_consolidates(world: Any) -> None:
    task = world.catalogue.tasks[0]
    for unit in (NDRC, MIIT):
        with pytest.raises(PermissionDenied):
            services.report_consolidate(
                user=world.liaisons[unit],
                round=world.round,
                task=task,
                status="in_progress",
                narrative="汇总",
            )
    assert TaskReport.objects.count() == 0

    report = services.report_consolidate(
        user=world.liaisons[FINANCE],
        round=world.round,
        task=task,
        status="in_progress",
        narrative="三家单位均在推进。",
    )

    assert report.is_consolidated
    assert report.slot == world.slot(FINANCE)
    assert report.version == 1


def test_consolidated_and_own_reports_are_separate_version_series(world: Any) -> None:
    own = world.submit(FINANCE)
    consolidated = services.report_consolidate(
        user=world.liaisons[FINANCE],
        round=world.round,
        task=world.catalogue.tasks[0],
        status="in_progress",
        narrative="汇总",
    )

    own.refresh_from_db()
    assert (own.version, own.is_current) == (1, True)
    assert (consolidated.version, consolidated.is_current) == (1, True)


def test_consolidating_a_task_outside_the_round_is_refused(world: Any) -> None:
    with pytest.raises(ValidationError, match="未调度该任务"):
        services.report_consolidate(
            user=world.liaisons[FINANCE],
            round=world.round,
            task=world.catalogue.measure,
            status="done",
            narrative="…",
        )


def test_cooperating_liaison_posting_a_consolidation_is_403(client: Client, world: Any) -> None:
    client.force_login(world.liaisons[NDRC])
    url = reverse("supervision:consolidate", args=[world.catalogue.tasks[0].pk, world.round.pk])

    response = client.post(url, {"status": "done", "narrative": "越权汇总"})

    assert response.status_code == 403
    assert TaskReport.objects.count() == 0


def test_a_report_gives_a_figure_linked_to_the_tasks_target(world: Any) -> None:
    target = world.catalogue.targets[1]  # belongs to task 2
    figure = services.FigureInput(
        label="工业总产值", value=Decimal("812.5"), unit="亿元", target=target
    )

    report = world.submit(FINANCE, task_index=1, figures=[figure])

    saved = ReportFigure.objects.get(report=report)
    assert (saved.target, saved.value, saved.unit) == (target, Decimal("812.5"), "亿元")


def test_a_figure_for_another_tasks_target_is_refused(world: Any) -> None:
    figure = services.FigureInput(
        label="工业总产值", value=Decimal(1), target=world.catalogue.targets[1]
    )

    with pytest.raises(ValidationError, match="不属于该任务"):
        world.submit(FINANCE, task_index=0, figures=[figure])
    assert TaskReport.objects.count() == 0


def _milestone(world: Any, **fields: Any) -> Target:
    defaults: dict[str, Any] = {
        "code": "5-all-jcss-2025",
        "document": world.catalogue.doc5,
        "clause": "一（二）",
        "task": world.catalogue.tasks[0],
        "quote": "各开发区基础设施配套基本齐备",
        "title": "各开发区基础设施配套基本齐备",
        "kind": Target.Kind.MILESTONE,
        "scope": Target.Scope.ALL_ZONES,
        "target_year": 2025,
    }
    defaults.update(fields)
    return Target.objects.create(**defaults)


def test_a_report_marks_a_milestone_done_with_evidence(world: Any) -> None:
    target = _milestone(world)
    milestone = services.MilestoneInput(
        target=target, done_on=datetime.date(2025, 9, 20), evidence="验收报告已印发。"
    )

    report = world.submit(FINANCE, milestones=[milestone])

    evidence = MilestoneEvidence.objects.get(report=report)
    assert (evidence.target, evidence.done_on) == (target, datetime.date(2025, 9, 20))


def test_only_milestone_targets_can_be_marked_done(world: Any) -> None:
    level = world.catalogue.targets[0]
    milestone = services.MilestoneInput(
        target=level, done_on=datetime.date(2025, 9, 1), evidence="…"
    )

    with pytest.raises(ValidationError, match="节点类目标"):
        world.submit(FINANCE, milestones=[milestone])
    assert TaskReport.objects.count() == 0


def test_liaison_files_a_report_with_an_attachment_on_my_tasks(
    client: Client, world: Any, uploads: Any
) -> None:
    client.force_login(world.liaisons[MIIT])
    slot = world.slot(MIIT, task_index=2)

    response = client.post(
        reverse("supervision:mine"),
        {
            "slot": slot.pk,
            "status": "behind",
            "narrative": "项目用地未落实。",
            "problems": "请州自然资源规划局协调。",
            "attachments": [uploads.pdf("用地情况.pdf"), uploads.png()],
        },
    )

    assert response.status_code == 302
    report = TaskReport.objects.get(slot=slot)
    assert report.status == "behind"
    assert sorted(report.attachments.values_list("original_name", flat=True)) == [
        "现场照片.png",
        "用地情况.pdf",
    ]
    page = client.get(reverse("supervision:mine")).content.decode()
    assert "项目用地未落实。" in page
    assert "第1版" in page


def test_an_invalid_report_form_is_shown_again_with_the_reason(client: Client, world: Any) -> None:
    client.force_login(world.liaisons[MIIT])

    response = client.post(
        reverse("supervision:mine"),
        {"slot": world.slot(MIIT).pk, "status": "done", "narrative": ""},
    )

    assert response.status_code == 400
    assert "这个字段是必填项" in response.content.decode()
    assert TaskReport.objects.count() == 0


def rows(prefix: str, filled: list[dict[str, Any]], total: int) -> dict[str, Any]:
    """A formset's fields as the page posts them: management form, then `total` rows."""
    data: dict[str, Any] = {f"{prefix}-TOTAL_FORMS": total, f"{prefix}-INITIAL_FORMS": 0}
    for index in range(total):
        for name, value in (filled[index] if index < len(filled) else {}).items():
            data[f"{prefix}-{index}-{name}"] = value
    return data


def test_a_report_on_my_tasks_gives_several_figures_and_milestones(
    client: Client, world: Any
) -> None:
    task, level = world.catalogue.tasks[2], world.catalogue.targets[2]
    first = _milestone(world, task=task)
    second = _milestone(world, task=task, code="5-all-yqgl-2025", title="园区管理体制理顺")
    client.force_login(world.liaisons[MIIT])
    slot = world.slot(MIIT, task_index=2)
    page = client.get(reverse("supervision:mine")).content.decode()
    assert 'name="figure-2-value"' in page  # three figure rows
    assert 'name="milestone-1-evidence"' in page  # two milestone rows

    response = client.post(
        reverse("supervision:mine"),
        {
            "slot": slot.pk,
            "status": "in_progress",
            "narrative": "推进中。",
            **rows(
                "figure",
                [
                    {"target": level.pk, "value": "812.5"},
                    {"label": "新增入园企业", "value": "12", "unit": "户"},
                ],
                total=3,
            ),
            **rows(
                "milestone",
                [
                    {"target": first.pk, "done_on": "2025-09-20", "evidence": "验收报告"},
                    {"target": second.pk, "done_on": "2025-09-25", "evidence": "批复"},
                ],
                total=2,
            ),
        },
    )

    assert response.status_code == 302
    report = TaskReport.objects.get(slot=slot)
    assert sorted(report.figures.values_list("label", "value", "unit")) == [
        ("新增入园企业", Decimal("12"), "户"),
        (level.title, Decimal("812.5"), "亿元"),  # the target's indicator gives the unit
    ]
    assert sorted(report.milestones.values_list("target__code", "evidence")) == [
        ("5-all-jcss-2025", "验收报告"),
        ("5-all-yqgl-2025", "批复"),
    ]


def test_a_bad_figure_row_is_shown_again_and_nothing_is_written(client: Client, world: Any) -> None:
    client.force_login(world.liaisons[MIIT])
    slot = world.slot(MIIT, task_index=2)

    response = client.post(
        reverse("supervision:mine"),
        {
            "slot": slot.pk,
            "status": "in_progress",
            "narrative": "推进中。",
            **rows("figure", [{"label": "新增入园企业", "value": "12"}, {"value": "3"}], total=3),
            **rows("milestone", [], total=2),
        },
    )

    assert response.status_code == 400
    assert "请选择目标或填写指标名称。" in response.content.decode()
    assert TaskReport.objects.count() == 0


def test_the_same_milestone_twice_in_one_report_is_refused(world: Any) -> None:
    target = _milestone(world)
    milestone = services.MilestoneInput(
        target=target, done_on=datetime.date(2025, 9, 20), evidence="验收报告已印发。"
    )

    with pytest.raises(ValidationError, match="填了两次"):
        world.submit(FINANCE, milestones=[milestone, milestone])
    assert TaskReport.objects.count() == 0
