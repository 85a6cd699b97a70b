from django.contrib import admin
from django.http import HttpRequest
from import_export.admin import ExportMixin, ImportMixin

from targets.models import (
    Cluster,
    Document,
    Indicator,
    ReferenceSeries,
    ReferenceValue,
    Section,
    Target,
    TaskAssignment,
    TaskItem,
    Unit,
    UnitAlias,
    Zone,
)
from targets.resources import TargetImportResource, TargetResource, TaskItemResource


class ExportOnlyMixin(ExportMixin):  # type: ignore[misc]  # untyped library
    """Export the raw table (escaped, numbers kept numeric); viewing rights are required."""

    export_permission = ""

    def has_export_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm(self.export_permission))


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin[Document]):
    list_display = ["number", "title", "issued_on"]


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin[Zone]):
    list_display = ["name", "code", "level", "locality", "is_benchmark", "display_order"]
    list_filter = ["level", "is_benchmark"]


class UnitAliasInline(admin.TabularInline[UnitAlias, Unit]):
    model = UnitAlias
    extra = 0


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin[Unit]):
    list_display = ["name", "kind", "note"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__name"]
    inlines = [UnitAliasInline]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin[Section]):
    list_display = ["title", "document", "number"]
    list_filter = ["document"]


class TaskAssignmentInline(admin.TabularInline[TaskAssignment, TaskItem]):
    model = TaskAssignment
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(TaskItem)
class TaskItemAdmin(ExportOnlyMixin, admin.ModelAdmin[TaskItem]):
    resource_classes = [TaskItemResource]
    export_permission = "targets.view_taskitem"
    list_display = ["number", "title", "section", "document"]
    list_filter = ["document", "section"]
    search_fields = ["title", "text", "units__name", "assignments__named_as"]
    inlines = [TaskAssignmentInline]


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin[Cluster]):
    list_display = ["name", "code", "display_order"]


@admin.register(Target)
class TargetAdmin(ImportMixin, ExportOnlyMixin, admin.ModelAdmin[Target]):  # type: ignore[misc]
    """A new document's targets are added here one by one, or imported from a spreadsheet
    (`TargetImportResource`, all or nothing); the dashboards, the evaluation and the 调度表
    pick them up."""

    resource_classes = [TargetResource]
    import_resource_classes = [TargetImportResource]
    export_permission = "targets.view_target"

    def has_import_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm("targets.add_target"))

    def get_import_resource_classes(self, request: HttpRequest) -> list[type]:
        return list(self.import_resource_classes)

    list_display = [
        "title",
        "document",
        "clause",
        "kind",
        "scope",
        "floor",
        "stretch",
        "target_year",
        "superseded_by",
    ]
    list_filter = ["document", "kind", "scope", "target_year"]
    search_fields = ["title", "quote", "code"]
    list_select_related = ["document", "superseded_by"]


class ReferenceValueInline(admin.TabularInline[ReferenceValue, ReferenceSeries]):
    model = ReferenceValue
    extra = 1


@admin.register(ReferenceSeries)
class ReferenceSeriesAdmin(admin.ModelAdmin[ReferenceSeries]):
    """The province's published averages (5号 task 14), entered yearly with their source."""

    list_display = ["name", "code", "unit", "strictly_above"]
    inlines = [ReferenceValueInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin[Indicator]):
    list_display = ["code", "name", "unit", "measure", "kind", "frequency", "decimals", "group"]
    list_filter = ["kind", "frequency", "group"]
    search_fields = ["code", "name"]
