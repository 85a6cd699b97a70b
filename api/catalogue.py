"""Read-only catalogue serializers: documents, zones, units, task items, clusters,
indicators and targets, each naming its relations by code (or name) rather than by id."""

from __future__ import annotations

from rest_framework import serializers

from targets.models import (
    Cluster,
    Document,
    Indicator,
    Target,
    TaskAssignment,
    TaskItem,
    Unit,
    Zone,
)


class DocumentSerializer(serializers.ModelSerializer[Document]):
    class Meta:
        model = Document
        fields = ["code", "number", "title", "issuers", "issued_on"]


class ZoneSerializer(serializers.ModelSerializer[Zone]):
    class Meta:
        model = Zone
        fields = ["code", "name", "short_name", "level", "locality", "is_benchmark", "source"]


class UnitSerializer(serializers.ModelSerializer[Unit]):
    aliases = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    zones = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")

    class Meta:
        model = Unit
        fields = ["id", "name", "kind", "aliases", "zones", "note"]


class AssignmentSerializer(serializers.ModelSerializer[TaskAssignment]):
    unit = serializers.CharField(source="unit.name")
    role = serializers.CharField(source="get_role_display")
    display_name = serializers.CharField()

    class Meta:
        model = TaskAssignment
        fields = ["position", "unit", "display_name", "role"]


class TaskItemSerializer(serializers.ModelSerializer[TaskItem]):
    document = serializers.CharField(source="document.code")
    label = serializers.CharField()
    section = serializers.CharField(source="section.title")
    units = AssignmentSerializer(source="assignments", many=True, read_only=True)

    class Meta:
        model = TaskItem
        fields = [
            "id",
            "document",
            "number",
            "label",
            "title",
            "section",
            "text",
            "responsibility_text",
            "units",
        ]


class ClusterSerializer(serializers.ModelSerializer[Cluster]):
    zones = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    task = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Cluster
        fields = ["code", "name", "zones", "task", "quote"]


class IndicatorSerializer(serializers.ModelSerializer[Indicator]):
    class Meta:
        model = Indicator
        fields = ["code", "name", "unit", "kind", "frequency", "higher_is_better", "decimals"]


class TargetSerializer(serializers.ModelSerializer[Target]):
    document = serializers.CharField(source="document.code")
    zone = serializers.SlugRelatedField(read_only=True, slug_field="code")
    cluster = serializers.SlugRelatedField(read_only=True, slug_field="code")
    indicator = serializers.SlugRelatedField(read_only=True, slug_field="code")
    indicator_unit = serializers.CharField(source="indicator.unit", default=None)
    superseded_by = serializers.SlugRelatedField(read_only=True, slug_field="code")
    floor = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)
    stretch = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)

    class Meta:
        model = Target
        fields = [
            "code",
            "document",
            "clause",
            "task",
            "quote",
            "title",
            "scope",
            "zone",
            "cluster",
            "indicator",
            "indicator_unit",
            "kind",
            "floor",
            "stretch",
            "striving",
            "base_year",
            "target_year",
            "first_year",
            "superseded_by",
        ]
