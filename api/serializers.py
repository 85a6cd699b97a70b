from __future__ import annotations

import decimal
from collections.abc import Iterable
from typing import Any

from django.db import connections
from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from rest_framework import serializers

from indicators.models import Figure
from supervision import rules
from supervision.models import TaskReport


class FigureSerializer(serializers.ModelSerializer[Figure]):
    zone = serializers.CharField(source="zone.code")
    indicator = serializers.CharField(source="indicator.code")
    # The value exactly as stored (max_digits 18, 4 places), as a string.
    value = serializers.DecimalField(max_digits=18, decimal_places=4, allow_null=True)

    class Meta:
        model = Figure
        fields = [
            "id",
            "zone",
            "indicator",
            "year",
            "month",
            "value",
            "reported_growth_pct",
            "stage",
            "source",
            "updated_at",
        ]


def figure_values(figures: QuerySet[Figure]) -> QuerySet[Figure, Any]:
    """The columns `figure_rows` reads, the zone's and the indicator's code joined in, as
    plain tuples (`FigurePagination` reads the id by its place in `FIGURE_COLUMNS`; a named
    tuple would be one more Python object a row). On PostgreSQL the two decimals come
    as the database's text: a `numeric(p, s)` is written with exactly its `s` places and no
    exponent, which is the text DRF writes after quantizing to the field's places, and
    psycopg2 then makes no `Decimal` of them."""
    if connections[figures.db].vendor != "postgresql":
        return figures.values_list(*FIGURE_COLUMNS)
    as_text = {name: Cast(name, TextField()) for name in ("value", "reported_growth_pct")}
    return figures.values_list(*(as_text.get(c, c) for c in FIGURE_COLUMNS))


FIGURE_COLUMNS = (
    "id",
    "zone__code",
    "indicator__code",
    "year",
    "month",
    "value",
    "reported_growth_pct",
    "stage",
    "source",
    "updated_at",
)
_FOUR_PLACES, _TWO_PLACES = decimal.Decimal("0.0001"), decimal.Decimal("0.01")


def _decimal_text(value: decimal.Decimal, places: decimal.Decimal, digits: int) -> str:
    """DRF's `DecimalField(max_digits=digits, decimal_places=...)` text of a value."""
    context = decimal.getcontext().copy()
    context.prec = digits
    return format(value.quantize(places, context=context), "f")


def figure_rows(rows: Iterable[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """`FigureSerializer`'s output, from `figure_values` rows: the same keys in the same order
    and the same text, without a model instance and DRF's field machinery per value (a test
    holds the two equal; `bench/api.py` measures the difference).

    As DRF's fields do: a decimal is quantized to its field's places with the field's
    precision (18 and 4 for `value`, 10 and 2 for the growth) and written without exponent,
    a blank stays null; a time is turned to the current time zone and written in ISO 8601
    (`+00:00` as `Z`). A decimal that comes as text (PostgreSQL's, from `figure_values`) is
    that text already. Otherwise the database returns the decimals with their places
    (numeric columns, or Django's converter on SQLite), and `str` then writes the same text
    as quantizing does, which is checked per value.

    The figures written together (a month of a zone, an upload: one `now` for them all)
    share their time and mostly follow each other in id order, so a time equal to the row
    before's is not written again. (A look-up of every time in a dict of those written cost
    more, 0.5 µs a row, than it saved when the times differ, as generated ones all do.)"""
    here = timezone.get_current_timezone()
    last_at: Any = None
    updated = ""
    out = []
    for pk, zone, indicator, year, month, value, growth, stage, source, updated_at in rows:
        if value is not None and value.__class__ is not str:
            text = str(value)
            value = (
                text
                if text[-5:-4] == "." and "E" not in text
                else (_decimal_text(value, _FOUR_PLACES, 18))
            )
        if growth is not None and growth.__class__ is not str:
            text = str(growth)
            growth = (
                text
                if text[-3:-2] == "." and "E" not in text
                else (_decimal_text(growth, _TWO_PLACES, 10))
            )
        if updated_at != last_at:
            last_at, updated = updated_at, updated_at.astimezone(here).isoformat()
            if updated.endswith("+00:00"):
                updated = updated[:-6] + "Z"
        out.append(
            {
                "id": pk,
                "zone": zone,
                "indicator": indicator,
                "year": year,
                "month": month,
                "value": value,
                "reported_growth_pct": growth,
                "stage": stage,
                "source": source,
                "updated_at": updated,
            }
        )
    return out


def _exact(**kwargs: object) -> serializers.DecimalField:
    """A computed Decimal, as a string, exactly as the selector returned it (no rounding)."""
    return serializers.DecimalField(
        max_digits=None, decimal_places=None, read_only=True, allow_null=True, **kwargs
    )


class AssessmentSerializer(serializers.Serializer[Any]):
    """One `dashboards.selectors.TargetAssessment`: where a target stands at the as-of month,
    and, once its target year has closed, its final verdict (which later figures never change)."""

    target = serializers.CharField(source="target.code")
    title = serializers.CharField(source="target.title")
    scope = serializers.CharField(source="scope.label")
    indicator = serializers.CharField(source="indicator.code", default=None)
    unit = serializers.CharField(source="indicator.unit", default=None)
    status = serializers.CharField()
    status_label = serializers.CharField()
    period = serializers.CharField(source="period.key", default=None)
    value = _exact()
    ratio_pct = _exact()
    progress_pct = _exact(source="assessment.progress_pct")
    growth_pct = _exact(source="assessment.growth_pct")
    required_growth_pct = _exact(source="assessment.required_growth_pct")
    remaining_growth_pct = _exact(source="assessment.remaining_growth_pct")
    projection = _exact(source="assessment.projection")
    zones_reported = serializers.IntegerField()
    zones_expected = serializers.IntegerField()
    unapproved = serializers.BooleanField()
    is_final = serializers.BooleanField()
    final = serializers.SerializerMethodField()
    final_label = serializers.SerializerMethodField()
    verdict_year = serializers.IntegerField(source="verdict.year", default=None)
    shortfall = _exact(source="verdict.shortfall", default=None)
    shortfall_pct = _exact(source="verdict.shortfall_pct", default=None)
    missing_zones = serializers.SerializerMethodField()

    def get_final(self, row: Any) -> str | None:
        return None if row.final is None else str(row.final)

    def get_final_label(self, row: Any) -> str | None:
        return row.status_label if row.final is not None else None

    def get_missing_zones(self, row: Any) -> list[str]:
        return list(row.verdict.missing) if row.verdict is not None else []


class TaskSlotSerializer(serializers.Serializer[Any]):
    """One unit's place in one reporting round for one task, with its latest report."""

    id = serializers.IntegerField()
    round = serializers.CharField(source="round.title")
    round_id = serializers.IntegerField()
    due_date = serializers.DateField(source="round.due_date")
    document = serializers.CharField(source="task.document.code")
    task = serializers.IntegerField(source="task_id")
    task_label = serializers.CharField(source="task.label")
    unit = serializers.CharField(source="unit.name")
    role = serializers.CharField(source="get_role_display")
    reported = serializers.BooleanField()
    latest_status = serializers.CharField(allow_null=True)
    latest_status_label = serializers.SerializerMethodField()
    latest_review = serializers.CharField(allow_null=True)
    latest_at = serializers.DateTimeField(allow_null=True)
    overdue = serializers.SerializerMethodField()

    def get_latest_status_label(self, slot: Any) -> str | None:
        status = slot.latest_status
        return None if status is None else str(TaskReport.Status(status).label)

    def get_overdue(self, slot: Any) -> bool:
        return rules.is_overdue(
            due_date=slot.round.due_date, reported=slot.reported, today=self.context["today"]
        )


class MonthFigureInputSerializer(serializers.Serializer[Any]):
    indicator = serializers.CharField(help_text="指标代码")
    value = serializers.CharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="数值，按原样保存（字符串或数字，空表示未报）",
    )
    reported_growth_pct = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, help_text="公布同比（%）"
    )
    explanation = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="说明（预警需填写说明后才能提交）",
    )


class MonthInputSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField(
        required=False, allow_null=True, help_text="读取时该月报送的版本号，用于防止覆盖他人修改"
    )
    submit = serializers.BooleanField(default=False, help_text="true：提交审核；false：保存草稿")
    figures = MonthFigureInputSerializer(many=True, allow_empty=False)


class IssueSerializer(serializers.Serializer[Any]):
    indicator = serializers.CharField(help_text="指标代码")
    indicator_name = serializers.CharField(allow_null=True)
    field = serializers.CharField(help_text="value、reported_growth_pct、explanation 或 indicator")
    code = serializers.CharField()
    message = serializers.CharField()


class MonthSavedSerializer(serializers.Serializer[Any]):
    zone = serializers.CharField()
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    status = serializers.CharField()
    version = serializers.IntegerField()
    changed = serializers.IntegerField()
    warnings = IssueSerializer(many=True)


class MonthRefusedSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField()
    errors = IssueSerializer(many=True)
