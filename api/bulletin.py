"""GET /api/v1/bulletin/?as_of=YYYY-MM: the monthly 通报 as .docx, the same file as the
overview's download and `manage.py export_bulletin`, for those who may export reports."""

from __future__ import annotations

import io
import json
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, renderers
from rest_framework.request import Request
from rest_framework.views import APIView

from api.views import LoggedMixin, closed_month_and_scope
from audit.services import record as audit_record
from dashboards.report_views import DOCX, bulletin_filename
from dashboards.reports.bulletin import build_bulletin


class CanExportReports(permissions.BasePermission):
    message = "只有州领导和管理员可以导出通报。"

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(
            request.user.is_authenticated and request.user.has_perm("dashboards.export_report")
        )


class DocxRenderer(renderers.BaseRenderer):
    """Lets a client ask for the Word file (Accept: …wordprocessingml.document); the file
    itself is returned as is, errors as JSON."""

    media_type = DOCX
    format = "docx"
    charset = None
    render_style = "binary"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        if isinstance(data, bytes):
            return data
        return json.dumps(data, ensure_ascii=False).encode()


class BulletinDownload(LoggedMixin, APIView):
    """月度通报 Word 初稿：?as_of=YYYY-MM（须为已结束的月份，缺省为上一个月）
    &scope=approved|reported。与总览页的“下载通报”和 manage.py export_bulletin 同一文件。"""

    permission_classes = [CanExportReports]
    renderer_classes = [renderers.JSONRenderer, DocxRenderer]

    @extend_schema(
        parameters=[
            OpenApiParameter("as_of", str, description="通报月份 YYYY-MM，须已结束"),
            OpenApiParameter(
                "scope",
                str,
                enum=["approved", "reported"],
                description="approved：仅已审核数据（缺省）；reported：含已报送未审核，"
                "逐项标注“（未审核）”",
            ),
        ],
        responses={
            (200, DOCX): OpenApiResponse(OpenApiTypes.BINARY, description="通报（.docx）"),
            400: OpenApiResponse(description="月份格式不对，或该月尚未结束"),
            403: OpenApiResponse(description="无导出权限（如园区统计员）"),
        },
    )
    def get(self, request: Request) -> HttpResponse:
        as_of, approved_only = closed_month_and_scope(request, refused="导出通报")
        buffer = io.BytesIO()
        build_bulletin(buffer, as_of=as_of, approved_only=approved_only)
        name = bulletin_filename(as_of, approved_only)
        audit_record(
            event="bulletin_download",
            user=request.user,
            object=name,
            address=request.META.get("REMOTE_ADDR"),
            detail={"as_of": as_of.key, "approved_only": approved_only, "via": "api"},
        )
        response = HttpResponse(buffer.getvalue(), content_type=DOCX)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
        return response
