"""Rounds and slots are managed here; reports, their details and reminders are history,
written only through `supervision.services`, so the admin shows them read-only."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from supervision.models import (
    Attachment,
    MilestoneEvidence,
    Reminder,
    ReportFigure,
    ReportingRound,
    ReportSlot,
    TaskReport,
)


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ReportingRound)
class ReportingRoundAdmin(admin.ModelAdmin[ReportingRound]):
    list_display = ["title", "rhythm", "period_start", "period_end", "due_date", "opened_by"]
    list_filter = ["rhythm"]
    date_hierarchy = "due_date"
    # The tasks decide the slots: a round is opened on the 调度轮次 page (which creates them);
    # here only its title and dates may be corrected.
    readonly_fields = ["tasks", "opened_by", "opened_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ReportSlot)
class ReportSlotAdmin(admin.ModelAdmin[ReportSlot]):
    list_display = ["round", "task", "unit", "role"]
    list_filter = ["round", "role", "task__document"]
    list_select_related = ["round", "task__document", "unit"]
    search_fields = ["unit__name", "task__title"]


class AttachmentInline(ReadOnlyMixin, admin.TabularInline[Attachment, TaskReport]):
    model = Attachment
    extra = 0


class ReportFigureInline(ReadOnlyMixin, admin.TabularInline[ReportFigure, TaskReport]):
    model = ReportFigure
    extra = 0


class MilestoneEvidenceInline(ReadOnlyMixin, admin.TabularInline[MilestoneEvidence, TaskReport]):
    model = MilestoneEvidence
    extra = 0


@admin.register(TaskReport)
class TaskReportAdmin(ReadOnlyMixin, admin.ModelAdmin[TaskReport]):
    list_display = [
        "slot",
        "is_consolidated",
        "version",
        "is_current",
        "status",
        "review_state",
        "submitted_by",
        "submitted_at",
    ]
    list_filter = ["review_state", "status", "is_consolidated", "is_current", "slot__round"]
    list_select_related = ["slot__round", "slot__task__document", "slot__unit", "submitted_by"]
    search_fields = ["slot__unit__name", "slot__task__title", "narrative"]
    inlines = [ReportFigureInline, MilestoneEvidenceInline, AttachmentInline]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyMixin, admin.ModelAdmin[Reminder]):
    list_display = ["slot", "kind", "sent_at", "recipients"]
    list_filter = ["kind"]
    list_select_related = ["slot__round", "slot__task__document", "slot__unit"]
