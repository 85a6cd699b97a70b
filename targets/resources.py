"""The catalogue through django-import-export: raw-table exports, and the import of a new
document's targets from a spreadsheet (`TargetImportResource`).

Text cells go through the portal's one formula-escaping rule; numbers stay numbers.
"""

from __future__ import annotations

from typing import Any

from import_export import fields, resources, widgets

from chuxiong_zones.spreadsheet import escape_formula
from targets.models import Cluster, Document, Target, TaskItem, Zone


class EscapedResource(resources.ModelResource):  # type: ignore[misc]  # untyped library
    def export_field(self, field: Any, instance: Any, **kwargs: Any) -> Any:
        return escape_formula(super().export_field(field, instance, **kwargs))


class TargetResource(EscapedResource):
    document = fields.Field(attribute="document__number", column_name="文件")
    clause = fields.Field(attribute="clause", column_name="条款")
    title = fields.Field(attribute="title", column_name="目标")
    kind = fields.Field(attribute="get_kind_display", column_name="类型")
    scope = fields.Field(attribute="get_scope_display", column_name="范围")
    zone = fields.Field(attribute="zone__name", column_name="开发区")
    cluster = fields.Field(attribute="cluster__name", column_name="产业集群")
    indicator = fields.Field(attribute="indicator__name", column_name="指标")
    unit = fields.Field(attribute="indicator__unit", column_name="单位")
    floor = fields.Field(
        attribute="floor",
        column_name="目标值",
        widget=widgets.DecimalWidget(coerce_to_string=False),
    )
    stretch = fields.Field(
        attribute="stretch",
        column_name="力争值",
        widget=widgets.DecimalWidget(coerce_to_string=False),
    )
    target_year = fields.Field(attribute="target_year", column_name="目标年份")
    superseded_by = fields.Field(attribute="superseded_by__code", column_name="被取代于")
    quote = fields.Field(attribute="quote", column_name="原文")

    class Meta:
        model = Target
        fields = export_order = (
            "code",
            "document",
            "clause",
            "title",
            "kind",
            "scope",
            "zone",
            "cluster",
            "indicator",
            "unit",
            "floor",
            "stretch",
            "target_year",
            "superseded_by",
            "quote",
        )

    def get_queryset(self) -> Any:
        return Target.objects.select_related(
            "document", "zone", "cluster", "indicator", "superseded_by"
        )


class TaskItemResource(EscapedResource):
    document = fields.Field(attribute="document__number", column_name="文件")
    section = fields.Field(attribute="section__title", column_name="工程/部分")
    label = fields.Field(attribute="label", column_name="序号")
    title = fields.Field(attribute="title", column_name="任务")
    lead = fields.Field(column_name="牵头单位")
    others = fields.Field(column_name="配合单位")
    text = fields.Field(attribute="text", column_name="原文")

    class Meta:
        model = TaskItem
        fields = export_order = ("document", "section", "label", "title", "lead", "others", "text")

    def get_queryset(self) -> Any:
        return TaskItem.objects.select_related("document", "section").prefetch_related(
            "assignments__unit"
        )

    def dehydrate_lead(self, task: TaskItem) -> str:
        names = [a.display_name for a in task.assignments.all()]
        return names[0] if names else ""

    def dehydrate_others(self, task: TaskItem) -> str:
        return "、".join(a.display_name for a in task.assignments.all()[1:])


def _by_code(column: str, model: type[Any]) -> fields.Field:
    return fields.Field(
        attribute=column, column_name=column, widget=widgets.ForeignKeyWidget(model, "code")
    )


class TargetImportResource(resources.ModelResource):  # type: ignore[misc]  # untyped library
    """Targets of a new document (a 2026—2030 plan, say), one row each, matched by `code`.

    Columns are the model's field names; the document, zone, cluster, indicator and the target
    it supersedes are given by their codes. Each row is validated with `full_clean` (the
    model's constraints: a floor and an indicator for a quantitative target, a zone for a zone
    target …), and the whole file is imported or nothing (`use_transactions`)."""

    document = _by_code("document", Document)
    zone = _by_code("zone", Zone)
    cluster = _by_code("cluster", Cluster)
    indicator = fields.Field(
        attribute="indicator",
        column_name="indicator",
        widget=widgets.ForeignKeyWidget(Target._meta.get_field("indicator").related_model, "code"),
    )
    superseded_by = _by_code("superseded_by", Target)

    class Meta:
        model = Target
        import_id_fields = ("code",)
        fields = (
            "code",
            "document",
            "clause",
            "task",
            "quote",
            "title",
            "kind",
            "scope",
            "zone",
            "cluster",
            "indicator",
            "floor",
            "stretch",
            "striving",
            "base_year",
            "target_year",
            "first_year",
            "superseded_by",
            "note",
            "display_order",
        )
        clean_model_instances = True
        use_transactions = True
        skip_unchanged = True
        report_skipped = False

    def import_data(self, dataset: Any, *args: Any, **kwargs: Any) -> Any:
        """All or nothing: a file with one invalid row writes none of its rows."""
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, *args, **kwargs)
