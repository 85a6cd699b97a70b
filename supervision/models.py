"""Task supervision (任务督办) on the rhythm task 8 of 5号 sets: 双周、月、季、半年调度.

A reporting round names the task items it asks about; opening it gives every unit named on
each task a slot. A unit files versioned reports into its slot: a submitted report is never
edited, a new version supersedes it (`is_current` moves to it). The lead unit (牵头) also files
the consolidated report (`is_consolidated`). Reviewers accept or return each version; the
review fields keep who did it, when and why.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from supervision.attachments import MAX_ATTACHMENT_BYTES
from targets.models import Target, TaskAssignment, TaskItem, Unit


def attachment_path(instance: Any, filename: str) -> str:
    """supervision/2025/10/<random>.pdf: the stored name never carries the original name."""
    suffix = PurePath(filename).suffix.lower()
    return f"supervision/{timezone.localtime():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class ReportingRound(models.Model):
    class Rhythm(models.TextChoices):
        BIWEEKLY = "biweekly", "双周调度"
        MONTHLY = "monthly", "月调度"
        QUARTERLY = "quarterly", "季调度"
        HALF_YEAR = "half_year", "半年调度"

    title = models.CharField("标题", max_length=60)
    rhythm = models.CharField("调度频次", max_length=12, choices=Rhythm.choices)
    period_start = models.DateField("报送期起")
    period_end = models.DateField("报送期止")
    due_date = models.DateField("截止日期")
    tasks = models.ManyToManyField(
        TaskItem, related_name="reporting_rounds", verbose_name="调度任务"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="发起人"
    )
    opened_at = models.DateTimeField("发起时间", default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="结束人",
    )
    closed_at = models.DateTimeField(
        "结束时间", null=True, blank=True, help_text="结束后不再接收报送，也不再提醒。"
    )

    class Meta:
        verbose_name = "调度轮次"
        verbose_name_plural = "调度轮次"
        ordering = ["-due_date", "-opened_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="round_period_in_order",
                violation_error_message="报送期止不能早于报送期起。",
            ),
            models.CheckConstraint(
                condition=Q(due_date__gte=F("period_start")),
                name="round_due_not_before_start",
                violation_error_message="截止日期不能早于报送期起。",
            ),
            models.UniqueConstraint(
                fields=["rhythm", "period_start", "period_end"],
                name="round_unique_period",
                violation_error_message="同一频次、同一报送期的调度轮次已经发起过。",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class ReportSlot(models.Model):
    """One unit's place in one round for one task; the role is copied from the assignment."""

    round = models.ForeignKey(
        ReportingRound, on_delete=models.CASCADE, related_name="slots", verbose_name="调度轮次"
    )
    task = models.ForeignKey(
        TaskItem, on_delete=models.PROTECT, related_name="report_slots", verbose_name="任务"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="report_slots", verbose_name="责任单位"
    )
    role = models.CharField("角色", max_length=10, choices=TaskAssignment.Role.choices)

    class Meta:
        verbose_name = "报送任务"
        verbose_name_plural = "报送任务"
        ordering = ["round", "task", "role", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["round", "task", "unit"], name="slot_unique_unit"),
            models.UniqueConstraint(
                fields=["round", "task"], condition=Q(role="lead"), name="slot_one_lead"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} {self.task.label} {self.unit}"

    @property
    def is_lead(self) -> bool:
        return self.role == TaskAssignment.Role.LEAD


class TaskReport(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "未启动"
        IN_PROGRESS = "in_progress", "推进中"
        DONE = "done", "已完成"
        BEHIND = "behind", "滞后"

    class Review(models.TextChoices):
        SUBMITTED = "submitted", "待审核"
        ACCEPTED = "accepted", "已审核"
        RETURNED = "returned", "已退回"

    slot = models.ForeignKey(
        ReportSlot, on_delete=models.PROTECT, related_name="reports", verbose_name="报送任务"
    )
    is_consolidated = models.BooleanField(
        "牵头单位汇总", default=False, help_text="牵头单位汇总各配合单位情况后报送的综合报告。"
    )
    version = models.PositiveSmallIntegerField("版本")
    is_current = models.BooleanField("当前版本", default=True)
    status = models.CharField("进展状态", max_length=12, choices=Status.choices)
    narrative = models.TextField("工作进展")
    problems = models.TextField("困难问题及需协调事项", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="报送人"
    )
    submitted_at = models.DateTimeField("报送时间", default=timezone.now)
    review_state = models.CharField(
        "审核状态", max_length=10, choices=Review.choices, default=Review.SUBMITTED
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审核人",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    return_reason = models.TextField("退回原因", blank=True)

    class Meta:
        verbose_name = "任务进展报告"
        verbose_name_plural = "任务进展报告"
        ordering = ["slot", "is_consolidated", "-version"]
        constraints = [
            models.CheckConstraint(condition=Q(version__gte=1), name="report_version_positive"),
            models.CheckConstraint(condition=~Q(narrative=""), name="report_has_narrative"),
            models.UniqueConstraint(
                fields=["slot", "is_consolidated", "version"], name="report_unique_version"
            ),
            models.UniqueConstraint(
                fields=["slot", "is_consolidated"],
                condition=Q(is_current=True),
                name="report_one_current",
            ),
            models.CheckConstraint(
                condition=Q(
                    review_state="submitted", reviewed_by__isnull=True, reviewed_at__isnull=True
                )
                | (
                    ~Q(review_state="submitted")
                    & Q(reviewed_by__isnull=False, reviewed_at__isnull=False)
                ),
                name="report_review_recorded",
            ),
            models.CheckConstraint(
                condition=~Q(review_state="returned") | ~Q(return_reason=""),
                name="report_return_has_reason",
                violation_error_message="退回时必须填写原因。",
            ),
        ]

    def __str__(self) -> str:
        kind = "汇总报告" if self.is_consolidated else "进展报告"
        return f"{self.slot} {kind} 第{self.version}版"

    def clean(self) -> None:
        if self.is_consolidated and self.slot_id and self.slot.role != TaskAssignment.Role.LEAD:
            raise ValidationError("只有牵头单位报送汇总报告。", code="not_lead")

    @property
    def stands(self) -> bool:
        """A report counts as filed unless it was returned for rework."""
        return self.review_state != self.Review.RETURNED


class ReportFigure(models.Model):
    """A number a report gives, e.g. 新增规上工业企业 12 户, linked to its target where one exists."""

    report = models.ForeignKey(
        TaskReport,
        on_delete=models.CASCADE,
        related_name="figures",
        verbose_name="报告",
    )
    target = models.ForeignKey(
        Target,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report_figures",
        verbose_name="对应目标",
    )
    label = models.CharField("指标/目标", max_length=100)
    value = models.DecimalField("数值", max_digits=16, decimal_places=4)
    unit = models.CharField("单位", max_length=20, blank=True)

    class Meta:
        verbose_name = "报告数据"
        verbose_name_plural = "报告数据"
        constraints = [
            models.UniqueConstraint(fields=["report", "label"], name="figure_unique_label"),
            models.CheckConstraint(condition=~Q(label=""), name="figure_has_label"),
        ]

    def __str__(self) -> str:
        return f"{self.label}：{self.value.normalize()}{self.unit}"


class MilestoneEvidence(models.Model):
    """A report's statement that a milestone target (节点任务) is done, with evidence and date."""

    report = models.ForeignKey(
        TaskReport,
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name="报告",
    )
    target = models.ForeignKey(
        Target,
        on_delete=models.PROTECT,
        related_name="milestone_evidence",
        limit_choices_to={"kind": Target.Kind.MILESTONE},
        verbose_name="节点目标",
    )
    done_on = models.DateField("完成日期")
    evidence = models.TextField("佐证材料说明")

    class Meta:
        verbose_name = "节点完成佐证"
        verbose_name_plural = "节点完成佐证"
        constraints = [
            models.UniqueConstraint(fields=["report", "target"], name="milestone_once_per_report"),
            models.CheckConstraint(condition=~Q(evidence=""), name="milestone_has_evidence"),
        ]

    def __str__(self) -> str:
        return f"{self.target.title}（{self.done_on:%Y-%m-%d}完成）"

    def clean(self) -> None:
        if self.target_id and self.target.kind != Target.Kind.MILESTONE:
            raise ValidationError("只能对节点类目标标记完成。", code="not_milestone")


class Attachment(models.Model):
    report = models.ForeignKey(
        TaskReport,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name="报告",
    )
    file = models.FileField("文件", upload_to=attachment_path, max_length=200)
    original_name = models.CharField("原文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    content_type = models.CharField("文件类型", max_length=100)
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["report", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(size__gt=0, size__lte=MAX_ATTACHMENT_BYTES),
                name="attachment_size_limit",
                violation_error_message="附件不能为空，且不能超过 10 MB。",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name


class Reminder(models.Model):
    """A reminder sent for an unreported slot; each kind at most once per slot."""

    class Kind(models.TextChoices):
        BEFORE_DUE = "before_due", "截止前提醒"
        AFTER_DUE = "after_due", "逾期催报"

    slot = models.ForeignKey(
        ReportSlot, on_delete=models.CASCADE, related_name="reminders", verbose_name="报送任务"
    )
    kind = models.CharField("提醒类型", max_length=12, choices=Kind.choices)
    sent_at = models.DateTimeField("发送时间", default=timezone.now)
    recipients = models.TextField(
        "邮件收件人", blank=True, help_text="无联络员邮箱时为空，仅在平台内提示。"
    )

    class Meta:
        verbose_name = "督办提醒"
        verbose_name_plural = "督办提醒"
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["slot", "kind"], name="reminder_once_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.slot}（{self.get_kind_display()}）"
