"""The 调度表 download: the same workbook as `manage.py export_report`."""

from __future__ import annotations

import tempfile

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.views import View

from audit.services import record as audit_record
from dashboards.reports.workbook import build_report
from dashboards.selectors import figure_latest_period, parse_as_of
from targets.models import Zone


class ReportDownloadView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "indicators.export_report"

    def get(self, request: HttpRequest) -> FileResponse:
        as_of = parse_as_of(request.GET.get("as_of")) or figure_latest_period()
        if as_of is None:
            raise Http404("没有可导出的数据")
        zone_code = request.GET.get("zone") or ""
        zone = get_object_or_404(Zone, code=zone_code, is_benchmark=False) if zone_code else None
        spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
        approved_only = request.GET.get("approved_only") == "1"
        build_report(spool, as_of=as_of, zone=zone, approved_only=approved_only)
        spool.seek(0)
        scope = zone.code if zone else "all"
        suffix = "-已审核" if approved_only else ""
        name = f"调度表-{as_of.year}-{as_of.month:02d}-{scope}{suffix}.xlsx"
        audit_record(
            event="report_download", request=request, object=name,
            detail={"as_of": f"{as_of.year}-{as_of.month:02d}", "zones": scope,
                    "approved_only": approved_only},
        )  # fmt: skip
        return FileResponse(spool, as_attachment=True, filename=name)
