"""The Excel path for monthly figures: download the template, upload, preview, confirm.

The preview writes nothing; what it parsed is kept in the (database-backed) session as a
compact JSON under a random token, never the file, and the confirm step saves it with
`services.months_save`, all months or none.
"""

from __future__ import annotations

import datetime
import secrets
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import content_disposition_header
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from accounts import permissions
from audit.services import record as audit_record
from chuxiong_zones.periods import last_closed_month
from indicators.excel.reader import (
    MAX_FILE_BYTES,
    TOO_LARGE,
    SheetRows,
    WorkbookError,
    read_workbook,
)
from indicators.excel.rows import Row
from indicators.excel.template import build_template
from indicators.excel.upload import UploadPayload, build_preview, upload_confirm
from indicators.services import MonthRejected
from indicators.validation import check_period
from targets.models import Zone

if TYPE_CHECKING:
    from django.contrib.auth.models import User

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESSION_KEY = "indicators.figure_uploads"
KEEP_UPLOADS = 3  # previews a user may have open at once
UPLOAD_TTL = datetime.timedelta(hours=1)
MAX_MESSAGES = 30


def _zone(zone_code: str) -> Zone:
    return get_object_or_404(Zone, code=zone_code, is_benchmark=False)


def _editable_zone(request: HttpRequest, zone_code: str) -> Zone:
    zone = _zone(zone_code)
    if not permissions.can_edit_zone(request.user, zone):
        raise PermissionDenied("只能上传本开发区的数据")
    return zone


class TemplateForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100)
    month = forms.IntegerField(min_value=1, max_value=12, required=False)


class TemplateDownloadView(LoginRequiredMixin, View):
    """`?year=2025&month=6` for one month, `?year=2025` for every month of the year so far."""

    def get(self, request: HttpRequest, zone_code: str) -> HttpResponse:
        zone = _zone(zone_code)
        user = request.user
        if not (
            permissions.can_edit_zone(user, zone)
            or permissions.can_review(user)
            or permissions.can_unlock(user)
        ):
            raise PermissionDenied("只能下载本开发区的填报模板")
        form = TemplateForm(request.GET)
        if not form.is_valid():
            return HttpResponseBadRequest(
                "请指明年份和月份，例如 ?year=2025&month=6（整年：?year=2025）。"
            )
        year, month = form.cleaned_data["year"], form.cleaned_data["month"]
        today = timezone.localdate()
        wanted = [month] if month else list(range(1, 13))
        months = [m for m in wanted if check_period(year=year, month=m, today=today) is None]
        if not months:
            return HttpResponseBadRequest(f"{year}年{month or ''}月尚未到来，还不能填报。")
        period = f"{year}年{month}月" if month else f"{year}年"
        response = HttpResponse(
            build_template(zone=zone, year=year, months=months), content_type=XLSX_TYPE
        )
        name = f"{zone.short_name}-{period}-月度数据填报.xlsx"
        response["Content-Disposition"] = content_disposition_header(True, name) or ""
        audit_record(
            event="template_download",
            request=request,
            object=name,
            detail={"zone": zone.code, "year": year, "months": months},
        )
        return response


class SizeLimitHandler(FileUploadHandler):
    """Drops a file as soon as it passes the limit, so a huge upload reaches neither memory
    nor disk; must run before Django's own handlers."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.too_large = False

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.too_large = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler builds the file


def _read(request: HttpRequest, limiter: SizeLimitHandler) -> SheetRows | list[str]:
    """The data sheet, or the reasons the file is refused."""
    upload = request.FILES.get("file")
    if limiter.too_large:
        return [TOO_LARGE]
    if upload is None:
        return ["请选择要上传的 .xlsx 或 .xls 文件。"]
    try:
        return read_workbook(upload.read(MAX_FILE_BYTES + 1))
    except WorkbookError as exc:
        return exc.messages


def _store(request: HttpRequest, payload: UploadPayload) -> str:
    token = secrets.token_urlsafe(16)
    uploads: dict[str, Any] = request.session.get(SESSION_KEY, {})
    uploads[token] = {"at": timezone.now().isoformat(), "payload": payload}
    request.session[SESSION_KEY] = dict(list(uploads.items())[-KEEP_UPLOADS:])
    return token


def _take(request: HttpRequest, token: str, zone: Zone) -> UploadPayload | None:
    """The stored preview for this token and zone, removed so it is saved at most once."""
    uploads: dict[str, Any] = request.session.get(SESSION_KEY, {})
    stored = uploads.pop(token, None)
    request.session[SESSION_KEY] = uploads
    if stored is None or stored["payload"]["zone"] != zone.code:
        return None
    if timezone.now() - datetime.datetime.fromisoformat(stored["at"]) > UPLOAD_TTL:
        return None
    return cast(UploadPayload, stored["payload"])


def problems_first(rows: list[Row]) -> list[Row]:
    """The preview's rows with errors first, then those with warnings, then the rest, each
    group in the file's order: a year file of 360 rows with one error shows it at the top."""
    return sorted(rows, key=lambda row: 0 if row.has_errors else 1 if row.problems else 2)


@method_decorator(csrf_exempt, name="dispatch")  # checked in post(), once the limit is in place
class UploadView(LoginRequiredMixin, View):
    template_name = "indicators/upload.html"

    def get(self, request: HttpRequest, zone_code: str) -> HttpResponse:
        return render(request, self.template_name, self.context(_editable_zone(request, zone_code)))

    def post(self, request: HttpRequest, zone_code: str) -> HttpResponse:
        zone = _editable_zone(request, zone_code)  # 403 before a byte of the file is read
        limiter = SizeLimitHandler(request, MAX_FILE_BYTES)
        request.upload_handlers = [limiter, *request.upload_handlers]
        return self.receive(request, zone=zone, limiter=limiter)

    @method_decorator(csrf_protect)
    def receive(
        self, request: HttpRequest, *, zone: Zone, limiter: SizeLimitHandler
    ) -> HttpResponse:
        sheet = _read(request, limiter)
        if isinstance(sheet, list):
            return render(request, self.template_name, self.context(zone, refusal=sheet))
        preview = build_preview(zone=zone, sheet=sheet, today=timezone.localdate())
        token = None
        if not preview.error_count and preview.months:
            name = getattr(request.FILES.get("file"), "name", "") or ""
            token = _store(request, preview.payload(file_name=name))
        rows = problems_first(preview.rows)
        context = {
            "zone": zone,
            "preview": preview,
            "token": token,
            "rows": rows,
            "error_rows": sum(row.has_errors for row in rows),
            "warning_rows": sum(bool(row.problems) and not row.has_errors for row in rows),
        }
        return render(request, "indicators/upload_preview.html", context)

    def context(self, zone: Zone, **extra: Any) -> dict[str, Any]:
        year, month = last_closed_month(timezone.localdate())
        return {
            "zone": zone,
            "year": year,
            "month": month,
            "months": range(1, 13),
            "max_mb": MAX_FILE_BYTES // 2**20,
            **extra,
        }


class UploadConfirmView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, zone_code: str) -> HttpResponse:
        zone = _editable_zone(request, zone_code)
        payload = _take(request, request.POST.get("token", ""), zone)
        if payload is None:
            messages.error(request, "预览已过期或已经保存过，请重新上传文件。")
            return redirect("indicators:upload", zone.code)
        try:
            results = upload_confirm(user=cast("User", request.user), zone=zone, payload=payload)
        except MonthRejected as exc:
            messages.error(request, f"未保存任何内容。{exc.message}")
            for issue in exc.issues[:MAX_MESSAGES]:
                messages.error(request, issue.message)
            return redirect("indicators:upload", zone.code)
        months = "、".join(f"{r.submission.year}年{r.submission.month}月" for r in results)
        changed = sum(r.changed for r in results)
        messages.success(
            request, f"已保存 {months} 的数据（{changed} 项有变化），请核对后提交审核。"
        )
        first = results[0].submission
        return redirect("indicators:month", zone.code, first.year, first.month)
