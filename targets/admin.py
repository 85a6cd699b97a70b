from django.contrib import admin

from targets.models import (
    Cluster,
    Document,
    Profile,
    Section,
    Target,
    TaskAssignment,
    TaskItem,
    Unit,
    UnitAlias,
    Zone,
)


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
class TaskItemAdmin(admin.ModelAdmin[TaskItem]):
    list_display = ["number", "title", "section", "document"]
    list_filter = ["document", "section"]
    search_fields = ["title", "text", "units__name", "units__aliases__name"]
    inlines = [TaskAssignmentInline]


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin[Cluster]):
    list_display = ["name", "code", "display_order"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin[Target]):
    list_display = ["title", "document", "clause", "kind", "scope", "floor", "stretch",
                    "target_year", "superseded_by"]  # fmt: skip
    list_filter = ["document", "kind", "scope", "target_year"]
    search_fields = ["title", "quote", "code"]
    list_select_related = ["document", "superseded_by"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin[Profile]):
    list_display = ["user", "zone", "unit"]
    list_select_related = ["user", "zone", "unit"]
    autocomplete_fields = ["unit"]
