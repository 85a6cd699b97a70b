"""Indicator definitions, monthly figures, submissions and their audit trail.

Figures are stored as decimals exactly as typed. A row whose `value` is NULL means "not
reported"; a value of 0 is a reported zero. Flow indicators hold the year-to-date cumulative
(1—N月累计); the single month is derived, never stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from targets.models import Indicator, Zone


class CheckRule(models.Model):
    """A 审核公式: a check across indicators that every write path runs (the form, the upload,
    the API and the admin import), kept as data an admin edits. `validation.check_rules` reads
    it as a `validation.Rule`."""

    class Kind(models.TextChoices):
        NOT_ABOVE = "not_above", "分项不大于总量（一个分项，或多个分项之和）"
        NO_FALL = "no_fall", "存量不下降（与上期相比）"

    class Level(models.TextChoices):
        ERROR = "error", "错误（不能保存）"
        WARNING = "warning", "预警（须填写说明）"

    name = models.CharField("名称", max_length=80)
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    level = models.CharField("级别", max_length=8, choices=Level.choices, default=Level.ERROR)
    parts = models.ManyToManyField(
        Indicator,
        related_name="+",
        verbose_name="分项指标",
        help_text="“分项不大于总量”：一个分项，或其和不得大于总量的各分项；“存量不下降”：各项存量指标。",
    )
    whole = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="总量指标",
    )
    active = models.BooleanField("启用", default=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "审核公式"
        verbose_name_plural = "审核公式"
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="no_fall", whole__isnull=True)
                | Q(kind="not_above", whole__isnull=False),
                name="checkrule_whole_for_not_above_only",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Submission(models.Model):
    """One zone's figures for one month, moving 草稿 → 已提交 → 已退回 / 已审核."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已提交"
        RETURNED = "returned", "已退回"
        APPROVED = "approved", "已审核"

    zone = models.ForeignKey(
        Zone,
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name="开发区",
    )
    year = models.PositiveSmallIntegerField("年份")
    month = models.PositiveSmallIntegerField("月份")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField("版本", default=0)
    is_demo = models.BooleanField("演示数据", default=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "月度报送"
        verbose_name_plural = "月度报送"
        ordering = ["-year", "-month", "zone"]
        permissions = [
            ("enter_figures", "可填报本开发区月度数据"),
            ("review_submission", "可审核或退回月度报送"),
            ("unlock_submission", "可解锁已审核的月份"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "year", "month"], name="submission_unique_month"
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="submission_month_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.zone} {self.year}年{self.month}月（{self.get_status_display()}）"

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.APPROVED


class SubmissionEvent(models.Model):
    """Who moved a submission between states, when, and why."""

    class Action(models.TextChoices):
        SAVE = "save", "保存草稿"
        SUBMIT = "submit", "提交"
        RETURN = "return", "退回"
        APPROVE = "approve", "审核通过"
        UNLOCK = "unlock", "解锁"
        IMPORT = "import", "导入"

    submission = models.ForeignKey(
        Submission,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name="月度报送",
    )
    action = models.CharField("操作", max_length=10, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name="操作人",
    )
    at = models.DateTimeField("时间", auto_now_add=True)
    reason = models.TextField("原因/说明", blank=True)

    class Meta:
        verbose_name = "报送记录"
        verbose_name_plural = "报送记录"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.submission} {self.get_action_display()}"


class _MonthIn(models.Expression):
    """`(zone_id, year, month) IN (SELECT zone_id, year, month FROM …)`: a figure's month
    among a set of submissions' months, the set read once (uncorrelated), not per figure."""

    output_field = models.BooleanField()

    def __init__(self, months: models.QuerySet[Submission, Any]) -> None:
        super().__init__()
        self.columns = [models.F("zone"), models.F("year"), models.F("month")]
        self.months: Any = models.Subquery(months.order_by().values("zone", "year", "month"))

    def get_source_expressions(self) -> list[Any]:
        return [*self.columns, self.months]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        *self.columns, self.months = exprs

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        parts = [compiler.compile(expression) for expression in (*self.columns, self.months)]
        *columns, (months, months_params) = parts
        names = ", ".join(sql for sql, _ in columns)
        return f"({names}) IN {months}", [p for _, ps in columns for p in ps] + [*months_params]


class FigureQuerySet(models.QuerySet["Figure"]):
    def approved(self, *, in_bulk: bool = False) -> FigureQuerySet:
        """Figures a reviewer has approved (their zone's month is 已审核), and figures quoted
        from a published source (`source`, the reference figures), which are not reported
        monthly. Demo figures carry a source too (演示数据) but count only if approved.

        The month is asked per figure (a correlated EXISTS), which PostgreSQL answers by
        probing the (zone, year, month) index or by hashing, as it judges. `in_bulk=True`
        asks the same question once, as a set (`(zone, year, month) IN (approved months)`;
        none of the columns is nullable, so the rows are the same), for a query that reads
        much of the table: the API's listing (bench/api.py). There PostgreSQL costs the OR'd
        EXISTS as if probed per figure (it costs the first of the two plans it keeps) and then
        looks the zone and indicator codes up for each row without Memoize: 0.26 s of
        database CPU for the 100,000 rows' pages, 0.17 s as a set. The set is read whole for
        every query (7,200 approved months: about a millisecond), which a query of a few
        zones' months, as a dashboard's, does not repay: per figure stays the default."""
        approved = Submission.objects.filter(status=Submission.Status.APPROVED)
        if in_bulk:
            month_approved: Any = _MonthIn(approved)
        else:
            month_approved = Exists(
                approved.filter(
                    zone=OuterRef("zone"), year=OuterRef("year"), month=OuterRef("month")
                )
            )
        return self.filter(month_approved | (~Q(source="") & Q(is_demo=False)))

    def submitted(self) -> FigureQuerySet:
        """Figures of a month its zone has submitted or a reviewer approved, and figures quoted
        from a published source. Never a draft, nor a month returned for correction."""
        reported_month = Submission.objects.filter(
            zone=OuterRef("zone"),
            year=OuterRef("year"),
            month=OuterRef("month"),
            status__in=[Submission.Status.SUBMITTED, Submission.Status.APPROVED],
        )
        return self.filter(Exists(reported_month) | (~Q(source="") & Q(is_demo=False)))


class FigureManager(models.Manager["Figure"]):
    def get_queryset(self) -> FigureQuerySet:
        return FigureQuerySet(self.model, using=self._db)

    def approved(self, *, in_bulk: bool = False) -> FigureQuerySet:
        return self.get_queryset().approved(in_bulk=in_bulk)

    def reported(self, *, approved_only: bool = True) -> FigureQuerySet:
        """The figures a leader, a dashboard, a report or the API may show: the one place that
        says which. By default (已审核) the approved ones; with ``approved_only=False``
        (已报送（含未审核）) the submitted ones too. Drafts never."""
        figures = self.get_queryset()
        return figures.approved() if approved_only else figures.submitted()

    def get_by_natural_key(self, zone: str, indicator: str, year: int, month: int) -> Figure:
        return self.get(zone__code=zone, indicator__code=indicator, year=year, month=month)


class Figure(models.Model):
    """The latest value of one indicator for one zone and month."""

    class Stage(models.TextChoices):
        FLASH = "flash", "快报"
        PRELIMINARY = "preliminary", "初步"
        FINAL = "final", "最终"

    # No index of its own: figure_zone_period_idx and the unique constraint both start with it.
    zone = models.ForeignKey(
        Zone,
        on_delete=models.PROTECT,
        related_name="figures",
        db_index=False,
        verbose_name="开发区",
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        related_name="figures",
        verbose_name="指标",
    )
    year = models.PositiveSmallIntegerField("年份")
    month = models.PositiveSmallIntegerField("月份")
    value = models.DecimalField(
        "数值",
        max_digits=18,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="空白表示未填报；0 表示填报为零。",
    )
    reported_growth_pct = models.DecimalField(
        "统计部门公布同比（%）", max_digits=10, decimal_places=2, null=True, blank=True
    )
    stage = models.CharField("数据阶段", max_length=12, choices=Stage.choices, default="flash")
    explanation = models.CharField("异常说明", max_length=500, blank=True)
    source = models.CharField("来源", max_length=200, blank=True)
    is_demo = models.BooleanField("演示数据", default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="修改人",
    )
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    objects = FigureManager()

    class Meta:
        verbose_name = "月度数据"
        verbose_name_plural = "月度数据"
        ordering = ["zone", "indicator", "year", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "indicator", "year", "month"], name="figure_unique_month"
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="figure_month_range"
            ),
        ]
        indexes = [
            # A zone's month and the months around it: the entry page, validation, uploads.
            models.Index(fields=["zone", "year", "month"], name="figure_zone_period_idx"),
            models.Index(fields=["year", "month"], name="figure_period_idx"),
            models.Index(fields=["indicator", "year", "month"], name="figure_ind_period_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.zone} {self.indicator.name} {self.year}年{self.month}月"

    def natural_key(self) -> tuple[str, str, int, int]:
        return (self.zone.code, self.indicator.code, self.year, self.month)

    natural_key.dependencies = ["targets.zone", "targets.indicator"]  # type: ignore[attr-defined]


class FigureRevision(models.Model):
    """Every change of a figure: old and new value, who, when, and where it came from."""

    class Origin(models.TextChoices):
        FORM = "form", "网页填报"
        UPLOAD = "upload", "Excel 上传"
        ADMIN_IMPORT = "admin_import", "管理员导入"
        API = "api", "接口报送"
        REFERENCE = "reference", "文献数据"

    figure = models.ForeignKey(
        Figure,
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name="数据",
    )
    old_value = models.DecimalField(
        max_digits=18,
        decimal_places=4,
        null=True,
        blank=True,
        verbose_name="原值",
    )
    new_value = models.DecimalField(
        max_digits=18,
        decimal_places=4,
        null=True,
        blank=True,
        verbose_name="新值",
    )
    old_reported_growth_pct = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        verbose_name="原公布同比（%）",
    )
    new_reported_growth_pct = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        verbose_name="新公布同比（%）",
    )
    stage = models.CharField("数据阶段", max_length=12, choices=Figure.Stage.choices)
    origin = models.CharField("来源", max_length=20, choices=Origin.choices)
    reason = models.TextField("原因", blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name="修改人",
    )
    changed_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "数据修改记录"
        verbose_name_plural = "数据修改记录"
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.figure}: {self.old_value} → {self.new_value}"
