"""The reporting calendar an admin keeps, the zones' reminder switch, and the reminders sent.

The dates rules themselves are plain Python in `deadlines.py`; these rows feed them."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from targets.models import Zone


class CalendarSettings(models.Model):
    """One row (pk 1): the deadlines and reminder days. Without it, the defaults apply."""

    due_day = models.PositiveSmallIntegerField(
        "月报截止日",
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text="每月数据于次月该日（含）前报送，如 5 表示次月5日。",
    )
    annual_due_month = models.PositiveSmallIntegerField(
        "年报截止月",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text="年报指标于次年该月该日前报送。",
    )
    annual_due_day = models.PositiveSmallIntegerField(
        "年报截止日", default=31, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    remind_days_before = models.PositiveSmallIntegerField(
        "截止前几天提醒", default=3, validators=[MaxValueValidator(20)]
    )
    review_wait_days = models.PositiveSmallIntegerField(
        "待审核超过几天提醒审核员", default=5, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = "报送日历设置"
        verbose_name_plural = "报送日历设置"
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="calendar_settings_single_row"),
            models.CheckConstraint(
                condition=Q(due_day__gte=1, due_day__lte=28), name="calendar_due_day_range"
            ),
        ]

    def __str__(self) -> str:
        return f"每月数据次月{self.due_day}日前报送"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.pk = 1
        super().save(*args, **kwargs)


class DeadlineException(models.Model):
    """A month whose deadline moves, e.g. January's figures after 春节, September's after 国庆."""

    year = models.PositiveSmallIntegerField("数据年份")
    month = models.PositiveSmallIntegerField(
        "数据月份", validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    due_date = models.DateField("截止日期")
    reason = models.CharField("原因", max_length=60, help_text="如：春节假期顺延。")

    class Meta:
        verbose_name = "截止日期调整"
        verbose_name_plural = "截止日期调整"
        ordering = ["-year", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["year", "month"], name="deadline_exception_unique"),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="deadline_exception_month_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.month}月数据截止 {self.due_date:%Y-%m-%d}（{self.reason}）"

    def clean(self) -> None:
        if self.month and self.year and self.due_date:
            ends = datetime.date(self.year + self.month // 12, self.month % 12 + 1, 1)
            if self.due_date < ends:
                raise ValidationError(
                    {"due_date": "截止日期须在该月结束之后。"}, code="due_before_month_end"
                )


class ZoneReporting(models.Model):
    """Per zone: whether reminders go out. A zone without a row is reminded (benchmark-only
    zones, Zone.is_benchmark, never report, so are never reminded)."""

    zone = models.OneToOneField(
        Zone, on_delete=models.CASCADE, related_name="reporting", verbose_name="开发区"
    )
    reminders_enabled = models.BooleanField("发送催报提醒", default=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="修改人",
    )
    changed_at = models.DateTimeField("修改时间", default=timezone.now)

    class Meta:
        verbose_name = "开发区报送设置"
        verbose_name_plural = "开发区报送设置"
        permissions = [("switch_reminders", "可开关开发区的催报提醒")]

    def __str__(self) -> str:
        return f"{self.zone}：{'提醒' if self.reminders_enabled else '不提醒'}"


class FigureReminder(models.Model):
    """A reminder sent about one zone's month; each kind at most once per zone and month."""

    class Kind(models.TextChoices):
        BEFORE_DUE = "before_due", "截止前提醒"
        OVERDUE = "overdue", "逾期催报"
        REVIEW_WAITING = "review_waiting", "待审核提醒"

    zone = models.ForeignKey(
        Zone, on_delete=models.CASCADE, related_name="figure_reminders", verbose_name="开发区"
    )
    year = models.PositiveSmallIntegerField("年份")
    month = models.PositiveSmallIntegerField("月份")
    kind = models.CharField("提醒类型", max_length=16, choices=Kind.choices)
    sent_at = models.DateTimeField("发送时间", default=timezone.now)
    recipients = models.TextField("接收人", blank=True)

    class Meta:
        verbose_name = "月报提醒"
        verbose_name_plural = "月报提醒"
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "year", "month", "kind"], name="figure_reminder_once_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.zone} {self.year}年{self.month}月（{self.get_kind_display()}）"
