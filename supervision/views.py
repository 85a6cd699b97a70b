"""Pages of task supervision: thin views that parse the request, call a selector or a
service, and render. Permission is decided by the services (and `accounts.permissions`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from accounts import permissions
from supervision import selectors, services
from supervision.forms import MatrixFilterForm, ReportForm, ReturnForm, RoundForm, SlotReportForm
from supervision.models import Attachment, ReportingRound, ReportSlot, TaskReport
from targets.models import Document, Target, TaskItem, Unit

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _user(request: HttpRequest) -> User:
    return cast("User", request.user)


def _errors(error: ValidationError) -> str:
    return "；".join(error.messages)


class IndexView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        if permissions.liaison_unit_id(request.user) is not None:
            return redirect("supervision:mine")
        return redirect("supervision:matrix")


def _slot_label(state: selectors.SlotState) -> str:
    slot = state.slot
    mark = "（逾期）" if state.overdue else "" if not state.reported else "（已报，可报新版本）"
    return (
        f"{slot.round.title} · {slot.task.document.number} {slot.task.label} {slot.task.title}"
        f"（{slot.get_role_display()}）截止 {slot.round.due_date:%Y-%m-%d}{mark}"
    )


class MyTasksView(LoginRequiredMixin, View):
    """我的任务: a liaison's task items, open slots, past reports, reminders and report form."""

    def setup_unit(self) -> Unit | None:
        unit_id = permissions.liaison_unit_id(self.request.user)
        return Unit.objects.filter(pk=unit_id).first() if unit_id else None

    def targets(self, unit: Unit) -> QuerySet[Target]:
        mine = Q(task__assignments__unit=unit) | Q(task__isnull=True, kind=Target.Kind.MILESTONE)
        return Target.objects.in_force().filter(mine).select_related("document").distinct()

    def render_page(
        self, unit: Unit | None, form: SlotReportForm | None, status: int = 200
    ) -> HttpResponse:
        today = timezone.localdate()
        mine = selectors.my_tasks(unit=unit, today=today) if unit else None
        if unit and mine and form is None:
            form = self.make_form(unit, mine, initial={"slot": self.request.GET.get("slot")})
        context = {"unit": unit, "mine": mine, "form": form, "today": today}
        return render(self.request, "supervision/my_tasks.html", context, status=status)

    def make_form(self, unit: Unit, mine: selectors.MyTasks, **kwargs: Any) -> SlotReportForm:
        choices = [("", "请选择报送任务")] + [
            (s.slot.pk, _slot_label(s)) for s in mine.fileable_slots
        ]
        return SlotReportForm(slot_choices=choices, targets=self.targets(unit), **kwargs)  # type: ignore[arg-type]

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render_page(self.setup_unit(), None)

    def post(self, request: HttpRequest) -> HttpResponse:
        unit = self.setup_unit()
        if unit is None:
            raise PermissionDenied("只有责任单位联络员可以报送任务进展")
        mine = selectors.my_tasks(unit=unit, today=timezone.localdate())
        form = self.make_form(unit, mine, data=request.POST, files=request.FILES)
        if not form.is_valid():
            return self.render_page(unit, form, status=400)
        slot = get_object_or_404(
            ReportSlot.objects.select_related("task"), pk=form.cleaned_data["slot"]
        )
        try:
            report = services.report_submit(user=_user(request), slot=slot, **form.service_kwargs())
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_page(unit, form, status=400)
        messages.success(
            request, f"已报送 {slot.task.label} {slot.task.title} 的进展（第{report.version}版）。"
        )
        return redirect("supervision:mine")


def _task_targets(task: TaskItem) -> QuerySet[Target]:
    mine = Q(task=task) | Q(task__isnull=True, kind=Target.Kind.MILESTONE)
    return Target.objects.in_force().filter(mine).select_related("document")


def _render_task(
    request: HttpRequest,
    task: TaskItem,
    round: ReportingRound | None,
    form: ReportForm | None = None,
    status: int = 200,
) -> HttpResponse:
    progress = selectors.task_progress(task=task, today=timezone.localdate(), round=round)
    lead = progress.lead
    can_consolidate = bool(
        progress.round and lead and permissions.is_liaison_for(request.user, lead.unit.pk)
    )
    if can_consolidate and form is None:
        form = ReportForm(targets=_task_targets(task))
    context = {"task": task, "progress": progress, "can_consolidate": can_consolidate, "form": form}
    return render(request, "supervision/task.html", context, status=status)


def _task(pk: int) -> TaskItem:
    return get_object_or_404(TaskItem.objects.select_related("document", "section"), pk=pk)


class TaskProgressView(LoginRequiredMixin, View):
    """A task item: each unit's latest status in a round, and the consolidated report."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        task = _task(pk)
        round_id = request.GET.get("round")
        chosen = None
        if round_id:
            if not round_id.isdigit():
                raise Http404
            chosen = get_object_or_404(ReportingRound, pk=round_id, tasks=task)
        return _render_task(request, task, chosen)


class ConsolidateView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int, round_pk: int) -> HttpResponse:
        task = _task(pk)
        chosen = get_object_or_404(ReportingRound, pk=round_pk, tasks=task)
        form = ReportForm(request.POST, request.FILES, targets=_task_targets(task))
        if not form.is_valid():
            return _render_task(request, task, chosen, form, status=400)
        try:
            report = services.report_consolidate(
                user=_user(request), round=chosen, task=task, **form.service_kwargs()
            )
        except ValidationError as error:
            form.add_error(None, error)
            return _render_task(request, task, chosen, form, status=400)
        messages.success(request, f"已报送汇总报告（第{report.version}版）。")
        return redirect(f"{reverse('supervision:task', args=[task.pk])}?round={chosen.pk}")


class RoundsView(LoginRequiredMixin, View):
    """调度轮次: the rounds opened so far; admins open a new one."""

    def render_page(self, form: RoundForm | None, status: int = 200) -> HttpResponse:
        can_open = permissions.can_open_rounds(self.request.user)
        context = {
            "rows": selectors.round_list(today=timezone.localdate()),
            "form": (form or RoundForm()) if can_open else None,
        }
        return render(self.request, "supervision/rounds.html", context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render_page(None)

    def post(self, request: HttpRequest) -> HttpResponse:
        if not permissions.can_open_rounds(request.user):
            raise PermissionDenied("只有管理员可以发起调度轮次")
        form = RoundForm(request.POST)
        if not form.is_valid():
            return self.render_page(form, status=400)
        data = form.cleaned_data
        try:
            opened = services.round_open(
                user=_user(request),
                title=data["title"],
                rhythm=data["rhythm"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                due_date=data["due_date"],
                tasks=form.selected_tasks,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_page(form, status=400)
        messages.success(request, f"已发起“{opened.title}”，共 {opened.slots.count()} 个报送任务。")
        return redirect("supervision:rounds")


class RoundCloseView(LoginRequiredMixin, View):
    """End a round (admins): no more reports in it, no more reminders."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        reporting_round = get_object_or_404(ReportingRound, pk=pk)
        try:
            closed = services.round_close(user=_user(request), reporting_round=reporting_round)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"“{closed.title}”已结束，不再接收报送，也不再提醒。")
        return redirect("supervision:rounds")


class RoundReopenView(LoginRequiredMixin, View):
    """Reopen a round ended by mistake (admins), with a reason."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        reporting_round = get_object_or_404(ReportingRound, pk=pk)
        try:
            reopened = services.round_reopen(
                user=_user(request),
                reporting_round=reporting_round,
                reason=request.POST.get("reason", ""),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"“{reopened.title}”已重新开启，可以继续报送。")
        return redirect("supervision:rounds")


class ReviewQueueView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        if not permissions.can_review_reports(request.user):
            raise PermissionDenied("只有审核员可以审核任务报送")
        context = {"reports": selectors.review_queue(), "return_form": ReturnForm()}
        return render(request, "supervision/review.html", context)


class ReviewView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        report = get_object_or_404(TaskReport, pk=pk)
        try:
            if action == "accept":
                services.report_accept(user=_user(request), report=report)
            elif action == "return":
                reason = request.POST.get("reason", "")
                services.report_return(user=_user(request), report=report, reason=reason)
            else:
                raise Http404
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, "已审核通过。" if action == "accept" else "已退回。")
        return redirect("supervision:review")


class MatrixView(LoginRequiredMixin, View):
    """督办矩阵: units × task items, filtered by document and 工程."""

    def get(self, request: HttpRequest) -> HttpResponse:
        data = request.GET.copy()
        if "document" not in data:
            first = Document.objects.first()
            data["document"] = first.code if first else ""
        form = MatrixFilterForm(data)
        filters = form.cleaned_data if form.is_valid() else {}
        matrix = selectors.accountability_matrix(
            document=filters.get("document"),
            section=filters.get("section"),
            today=timezone.localdate(),
        )
        return render(request, "supervision/matrix.html", {"form": form, "matrix": matrix})


class UnitSummaryView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        today = timezone.localdate()
        context = {
            "rows": selectors.unit_summary(today=today),
            "overdue": selectors.overdue_slots(today=today),
            "today": today,
        }
        return render(request, "supervision/units.html", context)


class AttachmentView(LoginRequiredMixin, View):
    """Download an attachment under its original name (media files are not served directly)."""

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        attachment = get_object_or_404(Attachment, pk=pk)
        report = selectors.with_lead_unit(TaskReport.objects.filter(pk=attachment.report_id)).get()
        if not selectors.report_files_readable(request.user, report):
            raise PermissionDenied("只有报送单位、牵头单位、审核员、州领导和管理员可以查看附件")
        return FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )
