"""The Figure admin with import and export (django-import-export).

Imported from `IndicatorsConfig.ready()`, after the admin has registered `FigureAdmin`: the
change form stays read-only; import is for admins (who may also unlock approved months) and
goes through `services.figures_import`; export is for anyone who may view figures.
"""

from __future__ import annotations

from typing import Any

import tablib
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats

from indicators.admin import FigureAdmin
from indicators.excel.columns import normalise_header
from indicators.excel.reader import WorkbookError, read_workbook
from indicators.models import Figure
from indicators.resources import FigureResource


class SafeXLSX(base_formats.XLSX):  # type: ignore[misc]  # untyped library
    """Reads .xlsx with the zone upload's limits (size, zip bomb, rows, columns, formulas
    without a computed value) instead of trusting the file; sheet 「数据填报」 or the first."""

    def create_dataset(self, in_stream: bytes) -> tablib.Dataset:
        sheet = read_workbook(in_stream, any_sheet=True)
        headers = [normalise_header(h) for h in sheet.header]
        dataset = tablib.Dataset(headers=headers)
        for _, values in sheet.rows:
            dataset.append((list(values) + [None] * len(headers))[: len(headers)])
        return dataset


admin.site.unregister(Figure)


@admin.register(Figure)
class FigureImportExportAdmin(ImportExportMixin, FigureAdmin):  # type: ignore[misc]
    resource_classes = [FigureResource]
    formats = [base_formats.CSV, SafeXLSX]
    # The audit trail is FigureRevision and SubmissionEvent, written by the service; the
    # admin log would point at unsaved rows.
    skip_admin_log = True

    def has_import_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("indicators.unlock_submission")

    def has_export_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("indicators.view_figure")

    def add_data_read_fail_error_to_form(self, form: Any, e: Exception) -> None:
        if isinstance(e, WorkbookError):  # our refusals are written for the person reading
            for message in e.messages:
                form.add_error("import_file", message)
            return
        super().add_data_read_fail_error_to_form(form, e)

    def process_result(self, result: Any, request: HttpRequest) -> HttpResponse:
        """A confirmed import that fails after all (someone locked a month meanwhile) says so."""
        if result.has_errors() or result.has_validation_errors():
            for error in result.base_errors:
                messages.error(request, str(error.error))
            messages.error(request, "导入失败，未导入任何数据。")
            return HttpResponseRedirect(reverse("admin:indicators_figure_import"))
        response: HttpResponse = super().process_result(result, request)
        return response
