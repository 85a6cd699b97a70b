"""Admin import and export of monthly figures (django-import-export).

Import never writes by itself: each row is parsed with the upload's cell rules (which are
`validation.parse_value`'s), then `after_import` hands every row at once to
`services.figures_import`, which checks them as the form does, refuses approved months, writes
revisions of origin admin_import, and saves all rows or none. Export prefixes text a
spreadsheet would run as a formula with an apostrophe.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from chuxiong_zones.spreadsheet import escape_formula
from indicators import services
from indicators.excel.columns import CODE, EXPLANATION, GROWTH, MONTH, NAME, VALUE, YEAR, ZONE
from indicators.excel.rows import (
    cell_text,
    parse_explanation,
    parse_figure,
    parse_growth,
    parse_month,
    parse_year,
    whole_number,
)
from indicators.models import Figure
from indicators.validation import Entry
from targets.models import Indicator, Zone

TEXT_FIELDS = frozenset({"zone", "indicator", "indicator_name", "explanation"})
REQUIRED_COLUMNS = (ZONE, CODE, YEAR, MONTH, VALUE)
MAX_LISTED = 50

FigureKey = tuple[str, str, int, int]  # zone code, indicator code, year, month


class ImportRefusedError(Exception):
    """The import as a whole is refused; nothing was written."""


def _decimal_widget() -> widgets.DecimalWidget:
    return widgets.DecimalWidget(coerce_to_string=False)  # numbers stay numbers in .xlsx


class FigureResource(resources.ModelResource):  # type: ignore[misc]  # untyped library
    zone = fields.Field(
        attribute="zone", column_name=ZONE, widget=widgets.ForeignKeyWidget(Zone, field="code")
    )
    indicator = fields.Field(
        attribute="indicator",
        column_name=CODE,
        widget=widgets.ForeignKeyWidget(Indicator, field="code"),
    )
    indicator_name = fields.Field(attribute="indicator__name", column_name=NAME, readonly=True)
    year = fields.Field(
        attribute="year", column_name=YEAR, widget=widgets.IntegerWidget(coerce_to_string=False)
    )
    month = fields.Field(
        attribute="month", column_name=MONTH, widget=widgets.IntegerWidget(coerce_to_string=False)
    )
    value = fields.Field(attribute="value", column_name=VALUE, widget=_decimal_widget())
    reported_growth_pct = fields.Field(
        attribute="reported_growth_pct", column_name=GROWTH, widget=_decimal_widget()
    )
    explanation = fields.Field(attribute="explanation", column_name=EXPLANATION)

    class Meta:
        model = Figure
        fields = (
            "zone",
            "indicator",
            "indicator_name",
            "year",
            "month",
            "value",
            "reported_growth_pct",
            "explanation",
        )
        export_order = fields
        import_id_fields = ("zone", "indicator", "year", "month")
        use_transactions = True
        skip_unchanged = False
        clean_model_instances = False  # services.figures_import runs full_clean on write

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._zones: dict[str, Zone] = {}
        self._indicators: dict[str, Indicator] = {}
        self._figures: dict[FigureKey, Figure] = {}
        self._pending: list[services.ImportRow] = []

    def get_queryset(self) -> Any:
        return Figure.objects.select_related("zone", "indicator")

    # --- import ---------------------------------------------------------------------------

    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        """Check the columns, then load the zones, indicators and figures named, in 3 queries."""
        headers = list(dataset.headers or [])
        missing = [name for name in REQUIRED_COLUMNS if name not in headers]
        if missing:
            raise ImportRefusedError(f"缺少必需的列：{'、'.join(missing)}；未导入任何数据。")
        self._pending = []
        zone_codes = {cell_text(v) for v in dataset[ZONE]}
        codes = {cell_text(v) for v in dataset[CODE]}
        years = {y for y in (whole_number(v) for v in dataset[YEAR]) if y is not None}
        self._zones = Zone.objects.in_bulk(zone_codes, field_name="code")
        self._indicators = Indicator.objects.prefetch_related("cluster__zones").in_bulk(
            codes, field_name="code"
        )
        figures = Figure.objects.select_related("zone", "indicator").filter(
            zone__code__in=zone_codes, indicator__code__in=codes, year__in=years
        )
        self._figures = {(f.zone.code, f.indicator.code, f.year, f.month): f for f in figures}

    def get_instance(self, instance_loader: Any, row: dict[str, Any]) -> Figure | None:
        year, month = whole_number(row.get(YEAR)), whole_number(row.get(MONTH))
        if year is None or month is None:
            return None
        return self._figures.get((cell_text(row.get(ZONE)), cell_text(row.get(CODE)), year, month))

    def import_instance(self, instance: Figure, row: dict[str, Any], **kwargs: Any) -> None:
        """Parse one row with the upload's rules; problems become a ValidationError by column."""
        errors: dict[str, str] = {}

        def keep(column: str, parsed: tuple[Any, str | None]) -> Any:
            value, reason = parsed
            if reason is not None:
                errors[column] = reason
            return value

        zone, indicator = self._zone_and_indicator(row, errors)
        value = None
        year = keep(YEAR, parse_year(row.get(YEAR)))
        month = keep(MONTH, parse_month(row.get(MONTH)))
        if indicator is not None:
            value = keep(VALUE, parse_figure(row.get(VALUE), indicator))
            # A column left out keeps what is on file rather than clearing it.
            if GROWTH in row:
                instance.reported_growth_pct = keep(GROWTH, parse_growth(row[GROWTH], indicator))
        if EXPLANATION in row:
            instance.explanation = keep(EXPLANATION, parse_explanation(row[EXPLANATION]))
        if errors or zone is None or indicator is None:
            raise ValidationError({column: [reason] for column, reason in errors.items()})
        instance.zone, instance.indicator = zone, indicator
        instance.year, instance.month, instance.value = year, month, value

    def _zone_and_indicator(
        self, row: dict[str, Any], errors: dict[str, str]
    ) -> tuple[Zone | None, Indicator | None]:
        zone = self._zones.get(cell_text(row.get(ZONE)))
        indicator = self._indicators.get(cell_text(row.get(CODE)))
        if zone is None:
            errors[ZONE] = f"未知的开发区代码“{cell_text(row.get(ZONE))[:40]}”。"
        if indicator is None:
            errors[CODE] = f"未知的指标代码“{cell_text(row.get(CODE))[:40]}”。"
        elif zone and (cluster := indicator.cluster) and zone not in cluster.zones.all():
            errors[CODE] = (
                f"「{indicator.name}」是{cluster}集群指标，{zone or '该开发区'}不属于该集群。"
            )
        return zone, indicator

    def save_instance(
        self, instance: Figure, is_create: bool, row: dict[str, Any], **kwargs: Any
    ) -> None:
        """Nothing is saved row by row: the rows are written together in after_import."""
        self._pending.append(
            services.ImportRow(
                row=kwargs.get("row_number", 0) + 1,  # + the header: the row Excel shows
                zone=instance.zone,
                year=instance.year,
                month=instance.month,
                entry=Entry(
                    instance.indicator,
                    instance.value,
                    instance.reported_growth_pct,
                    instance.explanation,
                ),
            )
        )

    def after_import(self, dataset: Any, result: Any, **kwargs: Any) -> None:
        """Write all rows through services.figures_import, or refuse them all."""
        if result.has_errors():
            return  # already refused (a missing column); nothing pending was written
        if result.has_validation_errors():
            raise ImportRefusedError(f"有 {len(result.invalid_rows)} 行数据有误，未导入任何数据。")
        user = kwargs.get("user")
        if user is None:
            raise ImportRefusedError("导入必须指明操作人。")
        try:
            services.figures_import(
                user=user, rows=self._pending, reason=f"管理员导入：{kwargs.get('file_name') or ''}"
            )
        except services.MonthRejected as exc:
            lines = [exc.message, *(issue.message for issue in exc.issues[:MAX_LISTED])]
            raise ImportRefusedError("\n".join(lines)) from exc

    # --- export ---------------------------------------------------------------------------

    def export_field(self, field: Any, instance: Any, **kwargs: Any) -> Any:
        value = super().export_field(field, instance, **kwargs)
        if self.get_field_name(field) in TEXT_FIELDS:
            return escape_formula(value)
        return value
