"""The 调度表 and 通报 downloads: the same files as `manage.py export_report` and
`manage.py export_bulletin`."""

from __future__ import annotations

import tempfile

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views import View

from audit.services import record as audit_record
from dashboards.reports.bulletin import build_bulletin
from dashboards.reports.workbook import build_report
from dashboards.selectors import Period, figure_latest_period, parse_as_of
from dashboards.selectors.periods import is_open_month, last_closed_month
from targets.models import Zone

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def requested_as_of(text: str | None, *, approved_only: bool, what: str) -> Period:
    """`?as_of=YYYY-MM`, or the last month that has ended with figures in scope; a month that
    has not ended is refused (404, naming the last month that may be chosen)."""
    last = last_closed_month(timezone.localdate())
    as_of = parse_as_of(text) or figure_latest_period(up_to=last, approved_only=approved_only)
    if as_of is None:
        raise Http404("没有可导出的数据")
    if is_open_month(as_of, today=timezone.localdate()):
        raise Http404(f"{as_of}尚未结束，不能导出{what}；最近可选 {last}")
    return as_of


class ReportDownloadView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "dashboards.export_report"

    def get(self, request: HttpRequest) -> FileResponse:
        approved_only = request.GET.get("scope") != "reported"
        as_of = requested_as_of(
            request.GET.get("as_of"), approved_only=approved_only, what="调度表"
        )
        zone_code = request.GET.get("zone") or ""
        zone = get_object_or_404(Zone, code=zone_code, is_benchmark=False) if zone_code else None
        spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
        build_report(spool, as_of=as_of, zone=zone, approved_only=approved_only)
        spool.seek(0)
        scope = zone.code if zone else "all"
        suffix = "-已审核" if approved_only else "-含未审核"
        name = f"调度表-{as_of.year}-{as_of.month:02d}-{scope}{suffix}.xlsx"
        audit_record(
            event="report_download",
            request=request,
            object=name,
            detail={
                "as_of": f"{as_of.year}-{as_of.month:02d}",
                "zones": scope,
                "approved_only": approved_only,
            },
        )
        return FileResponse(spool, as_attachment=True, filename=name)


def bulletin_filename(as_of: Period, approved_only: bool) -> str:
    suffix = "已审核" if approved_only else "含未审核"
    return f"通报-{as_of.year}-{as_of.month:02d}-{suffix}.docx"


class BulletinDownloadView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """The monthly 通报 (.docx), for those who may export the 调度表 (leaders, admins)."""

    permission_required = "dashboards.export_report"

    def get(self, request: HttpRequest) -> FileResponse:
        approved_only = request.GET.get("scope") != "reported"
        as_of = requested_as_of(request.GET.get("as_of"), approved_only=approved_only, what="通报")
        spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
        build_bulletin(spool, as_of=as_of, approved_only=approved_only)
        spool.seek(0)
        name = bulletin_filename(as_of, approved_only)
        audit_record(
            event="bulletin_download",
            request=request,
            object=name,
            detail={"as_of": as_of.key, "approved_only": approved_only},
        )
        return FileResponse(spool, as_attachment=True, filename=name, content_type=DOCX)
