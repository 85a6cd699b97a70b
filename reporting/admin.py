"""The calendar is the admin's; reminders sent are history, shown read-only."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from reporting.models import CalendarSettings, DeadlineException, FigureReminder, ZoneReporting


@admin.register(CalendarSettings)
class CalendarSettingsAdmin(admin.ModelAdmin[CalendarSettings]):
    list_display = [
        "__str__",
        "annual_due_month",
        "annual_due_day",
        "remind_days_before",
        "review_wait_days",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not CalendarSettings.objects.exists() and super().has_add_permission(request)


@admin.register(DeadlineException)
class DeadlineExceptionAdmin(admin.ModelAdmin[DeadlineException]):
    list_display = ["year", "month", "due_date", "reason"]
    list_filter = ["year"]


@admin.register(ZoneReporting)
class ZoneReportingAdmin(admin.ModelAdmin[ZoneReporting]):
    list_display = ["zone", "reminders_enabled", "changed_by", "changed_at"]
    readonly_fields = ["changed_by", "changed_at"]


@admin.register(FigureReminder)
class FigureReminderAdmin(admin.ModelAdmin[FigureReminder]):
    list_display = ["zone", "year", "month", "kind", "sent_at", "recipients"]
    list_filter = ["kind", "year", "zone"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
