from __future__ import annotations

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
