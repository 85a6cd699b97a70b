"""The policy catalogue: documents, zones, responsible units, task items, clusters, targets.

Every row shipped in `fixtures/catalogue.json` comes from 楚办发〔2023〕5号 or 7号 (or, for
benchmark zones, the cited article) and carries its source. Natural keys let fixtures refer
to rows by their codes rather than by database ids.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse

from chuxiong_zones.measures import Measure, measure_of


class CodeManager(models.Manager["Any"]):
    def get_by_natural_key(self, code: str) -> Any:
        return self.get(code=code)


class Document(models.Model):
    class Numbering(models.TextChoices):
        """How the document numbers its task items (5号: "9."; 7号: "（七）")."""

        ARABIC = "arabic", "阿拉伯数字（9.）"
        CHINESE = "chinese", "中文数字（（七））"

    code = models.SlugField("代码", max_length=40, unique=True)
    number = models.CharField("文号", max_length=40, unique=True)
    title = models.CharField("标题", max_length=200)
    issuers = models.CharField("印发机关", max_length=200)
    issued_on = models.DateField("印发日期")
    source_file = models.CharField("原文文件", max_length=100, blank=True)
    item_numbering = models.CharField(
        "条目编号方式", max_length=8, choices=Numbering.choices, default=Numbering.ARABIC
    )

    objects = CodeManager()

    class Meta:
        verbose_name = "政策文件"
        verbose_name_plural = "政策文件"
        ordering = ["issued_on"]

    def __str__(self) -> str:
        return self.number

    def natural_key(self) -> tuple[str]:
        return (self.code,)


class Zone(models.Model):
    class Level(models.TextChoices):
        NATIONAL = "national", "国家级"
        PROVINCIAL = "provincial", "省级"
        PREFECTURE = "prefecture", "州级"

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=60, unique=True)
    short_name = models.CharField("简称", max_length=20)
    level = models.CharField("级别", max_length=20, choices=Level.choices)
    locality = models.CharField("所在县市", max_length=40)
    is_benchmark = models.BooleanField(
        "仅作对标", default=False, help_text="对标园区（如昆明高新区）不填报月度数据。"
    )
    display_order = models.PositiveSmallIntegerField("排序", default=0)
    source = models.CharField("出处", max_length=200)

    objects = CodeManager()

    class Meta:
        verbose_name = "开发区"
        verbose_name_plural = "开发区"
        ordering = ["is_benchmark", "display_order", "code"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.code,)


class UnitQuerySet(models.QuerySet["Unit"]):
    def search(self, term: str) -> UnitQuerySet:
        """Units whose name or any second name (州国资委 for 州财政局) contains `term`."""
        return self.filter(Q(name__icontains=term) | Q(aliases__name__icontains=term)).distinct()


class UnitManager(models.Manager["Unit"]):
    def get_queryset(self) -> UnitQuerySet:
        return UnitQuerySet(self.model, using=self._db)

    def search(self, term: str) -> UnitQuerySet:
        return self.get_queryset().search(term)

    def get_by_natural_key(self, name: str) -> Unit:
        return self.get(name=name)


COLLECTIVE_PREFIX, COLLECTIVE_MARK = "县市", "各"  # 县市人民政府; 楚雄国家高新区和各产业园区


class Unit(models.Model):
    """A responsible unit (责任单位) as the documents name it."""

    class Kind(models.TextChoices):
        PARTY = "party", "州委部门"
        GOVERNMENT = "government", "州级政府部门"
        COUNTY_PARTY = "county_party", "县市党委"
        COUNTY_GOVERNMENT = "county_government", "县市人民政府"
        ZONE = "zone", "开发区"
        ENTERPRISE = "enterprise", "企业及驻州单位"
        OTHER = "other", "其他"

    name = models.CharField("名称", max_length=60, unique=True)
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    zones = models.ManyToManyField(
        Zone, blank=True, related_name="units", verbose_name="对应开发区"
    )
    note = models.CharField("说明", max_length=200, blank=True)

    objects = UnitManager()

    class Meta:
        verbose_name = "责任单位"
        verbose_name_plural = "责任单位"
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.name,)

    @property
    def is_collective(self) -> bool:
        """A name the documents give several bodies at once (县市党委, 县市人民政府,
        楚雄国家高新区和各产业园区): no one logs in for it, each member acts on its own. The
        same rule as `collective_q`, for a unit in hand."""
        return self.name.startswith(COLLECTIVE_PREFIX) or COLLECTIVE_MARK in self.name

    @staticmethod
    def collective_q(prefix: str = "") -> Q:
        """`is_collective` as a query condition (`prefix`: the path to the unit, "unit__")."""
        return Q(**{f"{prefix}name__startswith": COLLECTIVE_PREFIX}) | Q(
            **{f"{prefix}name__contains": COLLECTIVE_MARK}
        )


class UnitAlias(models.Model):
    """A second name of one office: 州财政局（州国资委） is 州财政局, also acting as 州国资委."""

    unit = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        related_name="aliases",
        verbose_name="单位",
    )
    name = models.CharField("另一名称", max_length=60, unique=True)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "单位别称"
        verbose_name_plural = "单位别称"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.unit.name}）"


class Section(models.Model):
    """A 工程 of 5号 (一…六 of 二、主要任务) or a part of 7号 (一、…九、)."""

    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        related_name="sections",
        verbose_name="文件",
    )
    number = models.PositiveSmallIntegerField("序号")
    title = models.CharField("标题", max_length=60)

    class Meta:
        verbose_name = "工程/部分"
        verbose_name_plural = "工程/部分"
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="section_unique_number"),
        ]

    def __str__(self) -> str:
        return self.title


CHINESE_NUMERALS = "零一二三四五六七八九十"


def chinese_numeral(number: int) -> str:
    """1 → 一, 10 → 十, 14 → 十四, 23 → 二十三 (the numbering of 7号's measures)."""
    if number <= 10:
        return CHINESE_NUMERALS[number]
    tens, ones = divmod(number, 10)
    prefix = "" if tens == 1 else CHINESE_NUMERALS[tens]
    return prefix + "十" + (CHINESE_NUMERALS[ones] if ones else "")


class TaskItem(models.Model):
    """A numbered task item of 5号 (1–26) or measure of 7号 (（一）–（二十三）)."""

    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        related_name="tasks",
        verbose_name="文件",
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.PROTECT,
        related_name="tasks",
        verbose_name="工程/部分",
    )
    number = models.PositiveSmallIntegerField("序号")
    title = models.CharField("标题", max_length=60)
    text = models.TextField("原文")
    responsibility_text = models.TextField(
        "责任单位原文", blank=True, help_text="括号内责任单位的原文，未列明时为空。"
    )
    units: models.ManyToManyField[Unit, TaskAssignment] = models.ManyToManyField(
        Unit, through="TaskAssignment", related_name="tasks", verbose_name="责任单位"
    )

    class Meta:
        verbose_name = "重点任务/政策措施"
        verbose_name_plural = "重点任务/政策措施"
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="task_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("targets:task-detail", args=[self.pk])

    @property
    def label(self) -> str:
        """The number as the document writes it: `9.` in 5号, `（七）` in 7号."""
        if self.document.item_numbering == Document.Numbering.CHINESE:
            return f"（{chinese_numeral(self.number)}）"
        return f"{self.number}."


class TaskAssignment(models.Model):
    """A unit named in a task's bracket, in the document's order; the first leads (牵头)."""

    class Role(models.TextChoices):
        LEAD = "lead", "牵头"
        COOPERATE = "cooperate", "配合"

    task = models.ForeignKey(
        TaskItem,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name="任务",
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name="单位",
    )
    position = models.PositiveSmallIntegerField("排序")
    role = models.CharField("角色", max_length=10, choices=Role.choices)
    named_as = models.CharField(
        "原文写法",
        max_length=60,
        blank=True,
        help_text="原文用另一名称点名该单位时照录，如“州财政局（州国资委）”；空白表示原文即单位名称。",
    )

    class Meta:
        verbose_name = "任务分工"
        verbose_name_plural = "任务分工"
        ordering = ["task", "position"]
        constraints = [
            models.UniqueConstraint(fields=["task", "unit"], name="assignment_unique_unit"),
            models.UniqueConstraint(fields=["task", "position"], name="assignment_unique_pos"),
            models.UniqueConstraint(
                fields=["task"], condition=Q(role="lead"), name="assignment_one_lead"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task.label} {self.display_name}（{self.get_role_display()}）"

    @property
    def display_name(self) -> str:
        """The unit as the document wrote it: 州财政局（州国资委） where a second name was used."""
        return self.named_as or self.unit.name


class Cluster(models.Model):
    """An industry cluster of task 9 of 5号, summed across the zones it is based in."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=40, unique=True)
    zones = models.ManyToManyField(Zone, related_name="clusters", verbose_name="依托开发区")
    task = models.ForeignKey(
        TaskItem, on_delete=models.PROTECT, related_name="clusters", verbose_name="出处任务"
    )
    quote = models.TextField("原文")
    display_order = models.PositiveSmallIntegerField("排序", default=0)

    objects = CodeManager()

    class Meta:
        verbose_name = "产业集群"
        verbose_name_plural = "产业集群"
        ordering = ["display_order"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.code,)


class ReferenceSeries(models.Model):
    """A value the province publishes each year that a target is measured against.

    5号 task 14: "高于全省支持开发区的平均水平"; the value is entered yearly by an admin,
    with its source, as `ReferenceValue` rows.
    """

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=100, unique=True)
    unit = models.CharField("单位", max_length=20)
    strictly_above = models.BooleanField(
        "须高于",
        default=False,
        help_text="勾选：须高于参考值（“高于”）；不勾选：不低于即可（“不少于”）。",
    )
    note = models.TextField("说明", blank=True)

    objects = CodeManager()

    class Meta:
        verbose_name = "参考值序列"
        verbose_name_plural = "参考值序列"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.code,)


class ReferenceValueManager(models.Manager["ReferenceValue"]):
    def get_by_natural_key(self, series: str, year: int) -> ReferenceValue:
        return self.get(series__code=series, year=year)


class ReferenceValue(models.Model):
    """One year's published value of a reference series, with where it was published."""

    series = models.ForeignKey(
        ReferenceSeries, on_delete=models.CASCADE, related_name="values", verbose_name="序列"
    )
    year = models.PositiveSmallIntegerField("年份")
    value = models.DecimalField("数值", max_digits=14, decimal_places=4)
    source = models.CharField(
        "出处", max_length=200, help_text="发布机关、文件或报道的标题和日期。"
    )

    objects = ReferenceValueManager()

    class Meta:
        verbose_name = "参考值"
        verbose_name_plural = "参考值"
        ordering = ["series", "year"]
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="reference_value_one_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.year}年：{self.value}{self.series.unit}"

    def natural_key(self) -> tuple[str, int]:
        return (self.series.code, self.year)

    natural_key.dependencies = ["targets.referenceseries"]  # type: ignore[attr-defined]


class TargetQuerySet(models.QuerySet["Target"]):
    def in_force(self) -> TargetQuerySet:
        """Targets not superseded by a later document."""
        return self.filter(superseded_by__isnull=True)


class TargetManager(models.Manager["Target"]):
    def get_queryset(self) -> TargetQuerySet:
        return TargetQuerySet(self.model, using=self._db)

    def in_force(self) -> TargetQuerySet:
        return self.get_queryset().in_force()

    def get_by_natural_key(self, code: str) -> Target:
        return self.get(code=code)


class Indicator(models.Model):
    class Kind(models.TextChoices):
        FLOW = "flow", "流量（1—N月累计）"
        STOCK = "stock", "存量（期末数）"
        RATIO = "ratio", "比率（由两项指标计算）"
        RANK = "rank", "排名"

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "月报"
        ANNUAL = "annual", "年报"

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=60)
    unit = models.CharField("计量单位", max_length=10)
    measure = models.CharField(
        "计量类型",
        max_length=8,
        choices=[(m.value, m.label) for m in Measure],
        default=Measure.AMOUNT.value,
        help_text="金额/数量、百分比或个数；留作默认时按计量单位判断（%、％ 为百分比，户、家、名等为个数）。",
    )
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    frequency = models.CharField(
        "报送频率", max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    higher_is_better = models.BooleanField("越大越好", default=True)
    decimals = models.PositiveSmallIntegerField("小数位数", default=2)
    allow_negative = models.BooleanField("允许负数", default=False)
    numerator = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="分子指标",
    )
    denominator = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="分母指标",
    )
    ratio_scale = models.DecimalField(
        "比率倍数",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="比率 = 分子合计 ÷ 分母合计 × 倍数（百分比为 100）。",
    )
    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name="产业集群",
        help_text="集群分项指标：该集群在本开发区的数值。",
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parts",
        verbose_name="上级指标",
    )
    group = models.CharField("分组", max_length=20, default="经济总量")
    warn_change_pct = models.DecimalField(
        "波动预警阈值（%）",
        max_digits=8,
        decimal_places=2,
        default=50,
        help_text="与上月或上年同期相比变动超过该幅度时，需要填写说明。",
    )
    reportable = models.BooleanField("开发区填报", default=True)
    display_order = models.PositiveSmallIntegerField("排序", default=0)
    definition = models.TextField("口径说明", blank=True)

    objects = CodeManager()

    class Meta:
        # The table keeps the name it had when indicators lived in the `indicators` app.
        db_table = "indicators_indicator"
        verbose_name = "指标"
        verbose_name_plural = "指标"
        ordering = ["display_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="ratio")
                | Q(numerator__isnull=False, denominator__isnull=False, ratio_scale__isnull=False),
                name="indicator_ratio_has_parts",
            ),
            models.CheckConstraint(
                condition=Q(decimals__lte=4), name="indicator_decimals_at_most_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}）" if self.unit else self.name

    def save(self, *args: object, **kwargs: object) -> None:
        if self.measure == Measure.AMOUNT:  # the default: what the unit says
            self.measure = measure_of(self.unit)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def natural_key(self) -> tuple[str]:
        return (self.code,)

    @property
    def is_percent(self) -> bool:
        return self.measure == Measure.PERCENT

    @property
    def is_count(self) -> bool:
        return self.measure == Measure.COUNT

    @property
    def is_flow(self) -> bool:
        return self.kind == self.Kind.FLOW


class Target(models.Model):
    """One target as a document states it, quoted, with its clause."""

    class Kind(models.TextChoices):
        LEVEL = "level", "总量"
        CAGR = "cagr", "年均增长"
        YEARLY_RATE = "yearly_rate", "年增长"
        SHARE = "share", "占比/强度"
        COUNT = "count", "新增数量"
        RANK = "rank", "排名"
        REFERENCE = "reference", "对标参考值"
        MILESTONE = "milestone", "节点任务"

    class Scope(models.TextChoices):
        ZONE = "zone", "单个开发区"
        ALL_ZONES = "all_zones", "全州开发区"
        CLUSTER = "cluster", "产业集群"

    code = models.SlugField("代码", max_length=60, unique=True)
    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        related_name="targets",
        verbose_name="文件",
    )
    clause = models.CharField("条款", max_length=60)
    task = models.ForeignKey(
        TaskItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name="所属任务",
    )
    quote = models.TextField("原文")
    title = models.CharField("目标", max_length=100)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    scope = models.CharField("范围", max_length=20, choices=Scope.choices)
    zone = models.ForeignKey(
        Zone,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name="开发区",
        help_text="一句话同时点名几个开发区时，每个开发区各建一条目标。",
    )
    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name="产业集群",
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name="指标",
    )
    reference_series = models.ForeignKey(
        "ReferenceSeries",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name="参考值序列",
        help_text="“对标参考值”目标：当年实际值不低于（或高于）该序列当年的值。",
    )
    floor = models.DecimalField("目标值", max_digits=14, decimal_places=4, null=True, blank=True)
    stretch = models.DecimalField("力争值", max_digits=14, decimal_places=4, null=True, blank=True)
    striving = models.BooleanField("力争目标", default=False, help_text="原文以“力争”表述。")
    base_year = models.PositiveSmallIntegerField("基期年份", null=True, blank=True)
    target_year = models.PositiveSmallIntegerField("目标年份")
    first_year = models.PositiveSmallIntegerField(
        "逐年考核起始年份",
        null=True,
        blank=True,
        help_text="“每年”“年增长”类目标：从该年起至目标年份逐年考核，每年单独评定；"
        "空白表示只在目标年份考核一次。",
    )
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supersedes",
        verbose_name="被后续文件取代",
    )
    note = models.TextField("说明", blank=True)
    display_order = models.PositiveSmallIntegerField("排序", default=0)

    objects = TargetManager()

    class Meta:
        verbose_name = "目标"
        verbose_name_plural = "目标"
        ordering = ["document", "display_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["milestone", "reference"]) | Q(floor__isnull=False),
                name="target_quantitative_has_floor",
            ),
            models.CheckConstraint(
                condition=Q(kind="reference", reference_series__isnull=False)
                | (~Q(kind="reference") & Q(reference_series__isnull=True)),
                name="target_reference_has_series",
            ),
            models.CheckConstraint(
                condition=Q(kind="milestone") | Q(indicator__isnull=False),
                name="target_quantitative_has_indicator",
            ),
            models.CheckConstraint(
                condition=Q(scope="cluster", cluster__isnull=False)
                | (~Q(scope="cluster") & Q(cluster__isnull=True)),
                name="target_cluster_scope",
            ),
            models.CheckConstraint(
                condition=Q(scope="zone", zone__isnull=False)
                | (~Q(scope="zone") & Q(zone__isnull=True)),
                name="target_zone_scope",
            ),
            models.CheckConstraint(
                condition=Q(stretch__isnull=True)
                | Q(floor__isnull=True)
                | Q(kind="rank")
                | Q(stretch__gte=models.F("floor")),
                name="target_stretch_above_floor",
            ),
            models.CheckConstraint(
                condition=Q(base_year__isnull=True) | Q(base_year__lt=models.F("target_year")),
                name="target_base_before_target_year",
            ),
            models.CheckConstraint(
                condition=Q(first_year__isnull=True) | Q(first_year__lte=models.F("target_year")),
                name="target_first_year_not_after_target_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.document}）"

    def get_absolute_url(self) -> str:
        return reverse("dashboards:target", args=[self.code])

    def natural_key(self) -> tuple[str]:
        return (self.code,)
