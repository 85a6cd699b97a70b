from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View
from django.views.generic import ListView

from accounts import permissions
from indicators import month_page, selectors, services
from indicators.forms import MonthForm, ReasonForm
from indicators.models import Submission
from indicators.services import MonthRejected
from indicators.validation import Entry, Issue, Level
from targets.models import Indicator, Zone

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _user(request: HttpRequest) -> User:
    """The logged-in user (every view here requires login)."""
    return cast("User", request.user)


class IndicatorListView(LoginRequiredMixin, ListView[Indicator]):
    template_name = "indicators/indicator_list.html"
    context_object_name = "indicators"
    queryset = Indicator.objects.select_related("cluster", "numerator", "denominator")


class SubmissionListView(LoginRequiredMixin, ListView[Submission]):
    template_name = "indicators/submission_list.html"
    context_object_name = "submissions"
    paginate_by = 50

    def get_queryset(self) -> Any:
        zone_ids = permissions.visible_zone_ids(self.request.user)
        return selectors.submissions_visible_to(zone_ids=zone_ids)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        zone_id = permissions.user_zone_id(self.request.user)
        own_zone = Zone.objects.filter(pk=zone_id).first() if zone_id else None
        return super().get_context_data(own_zone=own_zone, **kwargs)


class OpenMonthView(LoginRequiredMixin, View):
    """The 打开填报表 form: go to the user's own zone's page for the chosen month."""

    def get(self, request: HttpRequest) -> HttpResponseRedirect:
        zone_id = permissions.user_zone_id(request.user)
        zone = get_object_or_404(Zone, pk=zone_id) if zone_id else None
        try:
            year, month = int(request.GET["year"]), int(request.GET["month"])
        except (KeyError, ValueError):
            year = month = 0
        if zone is None or not 1 <= month <= 12 or year < 2000:
            messages.error(request, "请选择有效的年份和月份。")
            return redirect("indicators:submissions")
        return redirect("indicators:month", zone.code, year, month)


#: A month the statistician cannot change: awaiting review, or approved and locked.
READ_ONLY = {Submission.Status.SUBMITTED, Submission.Status.APPROVED}


def _version(request: HttpRequest) -> int:
    """The submission version the reviewer's page showed; -1 (never current) if none came."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


class MonthView(LoginRequiredMixin, View):
    """One zone's figures for one month: the statistician edits, everyone allowed reads. Every
    error and warning shows beside its row, and in a summary at the top that links to the rows:
    on GET those of the figures on file, on a refused POST those of what was typed."""

    def setup_month(self, zone_code: str, year: int, month: int) -> None:
        if not 1 <= month <= 12:
            raise Http404
        self.zone = get_object_or_404(Zone, code=zone_code, is_benchmark=False)
        zone_ids = permissions.visible_zone_ids(self.request.user)
        if zone_ids is not None and self.zone.pk not in zone_ids:
            raise PermissionDenied("只能查看本开发区的数据")
        self.year, self.month = year, month
        self.rows = selectors.month_sheet(zone=self.zone, year=year, month=month)
        self.submission = selectors.submission_for(zone=self.zone, year=year, month=month)

    def check(self, entries: list[Entry]) -> tuple[list[Issue], str]:
        """The month's errors and warnings for these entries; or, for a month not open for
        entry yet, no issues and the reason."""
        try:
            issues = services.validate_month(
                zone=self.zone, year=self.year, month=self.month, entries=entries
            )
        except MonthRejected as rejected:
            return [], rejected.message
        return issues, ""

    def render_month(
        self,
        form: MonthForm,
        *,
        issues: Iterable[Issue] = (),
        status: int = 200,
        stale: services.StaleReview | None = None,
        stale_changes: Any = None,
        closed: str = "",
        refused: bool = False,
    ) -> HttpResponse:
        issues = list(dict.fromkeys(issues))  # the service's and the check's, once each
        lines = month_page.lines(form, issues)
        elsewhere = month_page.unplaced(issues, lines) + [
            month_page.Note(Level.ERROR, str(error))
            for name, errors in form.errors.items()
            if name not in form.fields or name == "version"
            for error in errors
        ]
        notes = [note for line in lines for note in line.notes] + elsewhere
        context = {
            "zone": self.zone,
            "year": self.year,
            "month": self.month,
            "form": form,
            "submission": self.submission,
            "lines": lines,
            "elsewhere": elsewhere,
            "returned": selectors.last_return(self.submission),
            "error_count": sum(note.is_error for note in notes),
            "warning_count": sum(not note.is_error for note in notes),
            "refused": refused or (status >= 400 and stale is None),
            "closed": closed,
            "stale": stale,
            "stale_changes": stale_changes,
            "can_edit": permissions.can_edit_zone(self.request.user, self.zone)
            and not (self.submission and self.submission.status in READ_ONLY),
            "can_review": permissions.can_review(self.request.user),
            "can_unlock": permissions.can_unlock(self.request.user),
            "reason_form": ReasonForm(),
            "changes": selectors.changes_since_submission(submission=self.submission)
            if self.submission
            else [],
            "is_demo": any(row.figure and row.figure.is_demo for row in self.rows),
        }
        return render(self.request, "indicators/month.html", context, status=status)

    def get(self, request: HttpRequest, zone_code: str, year: int, month: int) -> HttpResponse:
        self.setup_month(zone_code, year, month)
        version = self.submission.version if self.submission else 0
        form = MonthForm(rows=self.rows, initial={"version": version})
        issues, closed = self.check(month_page.entries_on_file(self.rows))
        return self.render_month(form, issues=issues, closed=closed)

    def post(self, request: HttpRequest, zone_code: str, year: int, month: int) -> HttpResponse:
        self.setup_month(zone_code, year, month)
        if not permissions.can_edit_zone(request.user, self.zone):
            raise PermissionDenied("只能填报本开发区的数据")
        form = MonthForm(request.POST, rows=self.rows)
        if not form.is_valid():
            issues, closed = self.check(form.entries)
            return self.render_month(form, issues=issues, closed=closed, status=400)
        try:
            result = services.month_save(
                user=_user(request),
                zone=self.zone,
                year=year,
                month=month,
                entries=form.entries,
                expected_version=form.cleaned_data.get("version"),
                submit="submit" in request.POST,
            )
        except MonthRejected as rejected:
            status = 409 if isinstance(rejected, services.ConcurrentEdit) else 400
            issues, closed = self.check(form.entries)
            if not closed:
                messages.error(request, rejected.message)
            return self.render_month(
                form, issues=[*rejected.issues, *issues], closed=closed, status=status
            )
        verb = "已提交审核" if "submit" in request.POST else "已保存草稿"
        saved = f"{self.zone}{year}年{month}月数据{verb}（修改 {result.changed} 项）。"
        if result.warnings:
            saved += f"有 {len(result.warnings)} 个预警，见下表中标出的行。"
        messages.success(request, saved)
        return redirect("indicators:month", zone_code, year, month)


def _done(action: str, submission: Submission, reason: str) -> str:
    """What the reviewer is told after acting: what was done to which month."""
    month = f"{submission.zone} {submission.year}年{submission.month}月"
    if action == "approve":
        count = selectors.month_figure_count(
            zone=submission.zone, year=submission.year, month=submission.month
        )
        return f"已审核 {month}，共 {count} 项"
    if action == "return":
        return f"已退回 {month}，原因：{reason}"
    return f"已解锁 {month}，原因：{reason}"


class ReviewView(MonthView):
    """Approve, return (with a reason) or unlock (admins, with a reason) a submission. Approve
    and return carry the version the reviewer saw: if the month changed since, nothing is done
    and the month page answers 409 with what changed."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404

    def post(  # type: ignore[override]
        self, request: HttpRequest, zone_code: str, year: int, month: int, action: str
    ) -> HttpResponse:
        submission = get_object_or_404(
            Submission.objects.select_related("zone"),
            zone__code=zone_code,
            year=year,
            month=month,
        )
        reason = request.POST.get("reason", "")
        user = _user(request)
        seen = _version(request)
        try:
            if action == "approve":
                services.submission_approve(user=user, submission=submission, expected_version=seen)
            elif action == "return":
                services.submission_return(
                    user=user, submission=submission, reason=reason, expected_version=seen
                )
            elif action == "unlock":
                services.submission_unlock(user=user, submission=submission, reason=reason)
            else:
                raise Http404
        except services.StaleReview as stale:
            self.setup_month(zone_code, year, month)
            assert self.submission is not None
            form = MonthForm(rows=self.rows, initial={"version": self.submission.version})
            changes = selectors.changes_since_version(submission=self.submission, version=seen)
            issues, closed = self.check(month_page.entries_on_file(self.rows))
            return self.render_month(
                form,
                issues=issues,
                closed=closed,
                status=409,
                stale=stale,
                stale_changes=list(changes),
            )
        except MonthRejected as rejected:
            messages.error(request, rejected.message)
        else:
            messages.success(request, _done(action, submission, reason.strip()))
        return redirect(reverse("indicators:month", args=[zone_code, year, month]))


class HistoryView(LoginRequiredMixin, View):
    def get(
        self, request: HttpRequest, zone_code: str, year: int, month: int, code: str
    ) -> HttpResponse:
        zone = get_object_or_404(Zone, code=zone_code)
        zone_ids = permissions.visible_zone_ids(request.user)
        if zone_ids is not None and zone.pk not in zone_ids:
            raise PermissionDenied
        indicator = get_object_or_404(Indicator, code=code)
        revisions = selectors.figure_revisions(
            zone=zone, indicator=indicator, year=year, month=month
        )
        context = {
            "zone": zone,
            "indicator": indicator,
            "year": year,
            "month": month,
            "revisions": revisions,
        }
        return render(request, "indicators/history.html", context)
