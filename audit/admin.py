"""The audit log in the admin: read-only for everyone, a superuser included."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from audit.models import AuditEvent
from audit.services import record


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    list_display = ["time", "username", "address", "event", "object", "outcome"]
    list_filter = ["event", "outcome", "time"]
    search_fields = ["username", "object", "address"]
    date_hierarchy = "time"
    actions = ["export_csv"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="导出所选审计记录（CSV）", permissions=["view"])
    def export_csv(self, request: HttpRequest, queryset: Any) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow(["时间", "用户", "地址", "事件", "对象", "结果", "详情", "哈希"])
        rows = list(queryset.order_by("pk"))
        for e in rows:
            writer.writerow(
                [
                    e.time.isoformat(),
                    e.username,
                    e.address or "",
                    e.event,
                    e.object,
                    e.get_outcome_display(),
                    e.detail,
                    e.hash,
                ]
            )
        record(event="audit_export", request=request, detail={"rows": len(rows)})
        return response
