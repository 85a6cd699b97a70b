from django.contrib import admin

from notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ["title", "recipient", "kind", "created_at", "read_at"]
    list_filter = ["kind", "read_at"]
    search_fields = ["title", "recipient__username"]
    date_hierarchy = "created_at"
    readonly_fields = ["recipient", "kind", "title", "body", "url", "dedupe_key", "created_at"]
