from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.utils import timezone

from api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ["client", "user", "prefix", "created_at", "revoked_at"]
    fields = ["user", "client", "revoked_at"]
    actions = ["revoke"]

    def save_model(self, request: Any, obj: ApiToken, form: Any, change: bool) -> None:
        raw = obj.issue() if not change else None
        super().save_model(request, obj, form, change)
        if raw:
            messages.warning(request, f"令牌（只显示这一次，请立即复制）：{raw}")

    @admin.action(description="吊销所选令牌")
    def revoke(self, request: Any, queryset: Any) -> None:
        queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
