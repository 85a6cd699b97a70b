"""Pages of reporting discipline: thin views that parse the request, call a selector or a
service, and render."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View

from accounts import permissions
from indicators import selectors as figures
from reporting import selectors, services
from reporting.deadlines import STATE_LABELS, State, reporting_month
from reporting.forms import QueueFilterForm, YearForm
from targets.models import Zone

if TYPE_CHECKING:
    from django.contrib.auth.models import User

QUEUE_PAGE_SIZE = 25


def _user(request: HttpRequest) -> User:
    return cast("User", request.user)


class StartView(LoginRequiredMixin, View):
    """Where a login lands: a statistician on 本月待报 (the last month that has ended, linked),
    a unit's liaison on 我的任务 (the unit's open reports), everyone else on 总览."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if permissions.liaison_unit_id(request.user) is not None:
            return redirect("supervision:mine")
        zone_id = permissions.user_zone_id(request.user)
        if zone_id is None or not request.user.has_perm("indicators.enter_figures"):
            return redirect("dashboards:overview")
        zone = get_object_or_404(Zone, pk=zone_id)
        year, month = reporting_month(timezone.localdate())
        submission = figures.submission_for(zone=zone, year=year, month=month)
        context = {
            "zone": zone,
            "year": year,
            "month": month,
            "submission": submission,
            "returned": figures.last_return(submission),
            "due": selectors.reporting_calendar().due_date(year, month),
        }
        return render(request, "reporting/start.html", context)


class CompletenessView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """报送情况: zones × months of a year, coloured, with the same figures as a table."""

    permission_required = "indicators.view_submission"

    def get(self, request: HttpRequest) -> HttpResponse:
        today = timezone.localdate()
        form = YearForm(request.GET)
        year = (form.cleaned_data.get("year") if form.is_valid() else None) or today.year
        report = selectors.completeness(year=year, today=today)
        context = {
            "report": report,
            "year": year,
            "years": range(today.year, 2022, -1),
            "legend": [(s.value, STATE_LABELS[s]) for s in State],
            "can_switch": request.user.has_perm("reporting.switch_reminders"),
            "can_review": permissions.can_review(request.user),
        }
        return render(request, "reporting/completeness.html", context)


class ZoneRemindersView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, zone_code: str) -> HttpResponseRedirect:
        zone = get_object_or_404(Zone, code=zone_code, is_benchmark=False)
        enabled = request.POST.get("enabled") == "1"
        try:
            services.zone_reminders_switch(user=_user(request), zone=zone, enabled=enabled)
        except PermissionDenied as denied:
            messages.error(request, str(denied))
        else:
            verb = "已开启" if enabled else "已关闭"
            messages.success(request, f"{zone.name}的催报提醒{verb}。")
        year = request.POST.get("year", "")
        target = redirect("reporting:completeness")
        if year.isdigit():
            target["Location"] += f"?year={year}"
        return target


class QueueView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """审核队列: what awaits review and what is late, filtered, paginated."""

    permission_required = "indicators.review_submission"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = QueueFilterForm(request.GET)
        filters: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
        queue = selectors.review_queue(
            zone_code=filters.get("zone") or "",
            period=filters.get("month"),
            status=filters.get("status") or "",
        )
        page = Paginator(queue.rows, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "form": form,
            "queue": queue,
            "page": page,
            "query": query.urlencode(),
            "selected_zone": filters.get("zone") or "",
        }
        return render(request, "reporting/queue.html", context)
