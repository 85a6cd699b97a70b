from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from indicators.forms import CheckRuleForm
from indicators.models import CheckRule, Figure, FigureRevision, Submission, SubmissionEvent


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Figures change only through the entry services, which check zone, lock and history."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CheckRule)
class CheckRuleAdmin(admin.ModelAdmin[CheckRule]):
    form = CheckRuleForm
    list_display = ["name", "kind", "level", "whole", "active"]
    list_filter = ["kind", "level", "active"]
    search_fields = ["name", "note"]
    filter_horizontal = ["parts"]


@admin.register(Figure)
class FigureAdmin(ReadOnlyAdmin):
    list_display = [
        "zone",
        "indicator",
        "year",
        "month",
        "shown_value",
        "stage",
        "is_demo",
        "updated_by",
        "updated_at",
    ]
    list_filter = ["zone", "year", "is_demo", "indicator__group"]
    list_select_related = ["zone", "indicator", "updated_by"]

    @admin.display(description="数值", ordering="value")
    def shown_value(self, figure: Figure) -> str:
        """At the indicator's decimals (35.14, not 35.1400); blank is 未填报."""
        if figure.value is None:
            return "未填报"
        return f"{figure.value:,.{figure.indicator.decimals}f}"


@admin.register(FigureRevision)
class FigureRevisionAdmin(ReadOnlyAdmin):
    list_display = ["figure", "old_value", "new_value", "origin", "changed_by", "changed_at"]
    list_select_related = ["figure__zone", "figure__indicator", "changed_by"]


class SubmissionEventInline(admin.TabularInline[SubmissionEvent, Submission]):
    model = SubmissionEvent
    extra = 0
    can_delete = False
    readonly_fields = ["action", "actor", "at", "reason"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = ["zone", "year", "month", "status", "is_demo", "updated_at"]
    list_filter = ["status", "zone", "year", "is_demo"]
    inlines = [SubmissionEventInline]
