from __future__ import annotations

from typing import Any

from rest_framework import serializers

from indicators.models import Figure


class FigureSerializer(serializers.ModelSerializer[Figure]):
    zone = serializers.CharField(source="zone.code")
    indicator = serializers.CharField(source="indicator.code")
    # The value exactly as stored (max_digits 18, 4 places), as a string.
    value = serializers.DecimalField(max_digits=18, decimal_places=4, allow_null=True)

    class Meta:
        model = Figure
        fields = ["id", "zone", "indicator", "year", "month", "value", "reported_growth_pct",
                  "stage", "source", "updated_at"]  # fmt: skip


def _exact(**kwargs: object) -> serializers.DecimalField:
    """A computed Decimal, as a string, exactly as the selector returned it (no rounding)."""
    return serializers.DecimalField(max_digits=None, decimal_places=None, read_only=True,
                                    allow_null=True, **kwargs)  # fmt: skip


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
