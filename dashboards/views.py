"""Dashboard pages: parse the request, call a selector, render. All need a login."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import TemplateView

from indicators import calculations as calc
from indicators.calculations import GROWTH_RULE_TEXT, THRESHOLD_TEXT, VERDICT_TEXT
from reporting.selectors import zones_not_reported
from targets.models import Target, Zone

from . import presenters, selectors
from .selectors import Period
from .selectors.per_zone import per_zone_lines

FIRST_CHOICE = Period(2023, 1)  # the plan period of 5号 starts in 2023
SCOPE_SESSION_KEY = "figure_scope"
SCOPE_CHOICES = {"approved": "已审核", "reported": "已报送（含未审核）"}


def month_choices(last_closed: Period, as_of: Period) -> list[Period]:
    """The months offered in the as-of selector, newest first: only months that have ended."""
    first = min(FIRST_CHOICE, as_of)
    return list(reversed(selectors.periods.months_between(first, last_closed)))


def figure_scope(request: HttpRequest) -> str:
    """The switch between 已审核 (the default) and 已报送（含未审核）: `?scope=` sets it for the
    session, so that it holds on every page until switched back. Drafts are never shown."""
    asked = request.GET.get("scope")
    if asked in SCOPE_CHOICES:
        request.session[SCOPE_SESSION_KEY] = asked
    scope = request.session.get(SCOPE_SESSION_KEY, "approved")
    return scope if scope in SCOPE_CHOICES else "approved"


def nav_zones() -> QuerySet[Zone]:
    """The zones named in the navigation: those with targets of their own (the others are
    reached from the rankings)."""
    return Zone.objects.filter(is_benchmark=False, targets__isnull=False).distinct()


class DashboardView(LoginRequiredMixin, TemplateView):
    """Resolves `?as_of=YYYY-MM` and the figure scope. The as-of month defaults to the last
    month that has ended and has figures in scope; a month that has not ended is refused (the
    default is shown, with a notice)."""

    @property
    def approved_only(self) -> bool:
        return figure_scope(self.request) == "approved"

    def as_of(self) -> Period:
        if not hasattr(self, "_as_of"):
            last = selectors.periods.last_closed_month(timezone.localdate())
            self._last_closed = last
            latest = selectors.figure_latest_period(up_to=last, approved_only=self.approved_only)
            asked = selectors.parse_as_of(self.request.GET.get("as_of"))
            self._refused = asked if asked is not None and asked > last else None
            self._as_of = (asked if self._refused is None else None) or latest or last
        return self._as_of

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        as_of = self.as_of()
        context.update(
            as_of=as_of,
            refused_as_of=self._refused,
            month_choices=month_choices(self._last_closed, as_of),
            figure_scope=figure_scope(self.request),
            scope_choices=SCOPE_CHOICES,
            approved_only=self.approved_only,
            threshold_text=THRESHOLD_TEXT,
            growth_rule_text=GROWTH_RULE_TEXT,
            verdict_text=VERDICT_TEXT,
            nav_zones=nav_zones(),
        )
        return context


class OverviewView(DashboardView):
    template_name = "dashboards/overview.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        overview = selectors.zone_overview(as_of=context["as_of"], approved_only=self.approved_only)
        return {
            **context,
            "overview": overview,
            "charts": presenters.overview_charts(overview),
            "ranking_rows": presenters.ranking_rows(
                overview.rankings, as_of_key=overview.as_of.key
            ),
            "is_demo": overview.is_demo,
            "not_reported": zones_not_reported(),
            "per_zone_lines": per_zone_lines(overview.rows),
        }


class StatusListView(DashboardView):
    """The targets behind a status tile of the overview (严重滞后 4), worst first."""

    template_name = "dashboards/status_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        try:
            status = calc.Status(self.kwargs["status"])
            asked = self.request.GET.get("verdict")
            verdict = calc.Verdict(asked) if asked else None
        except ValueError:
            raise Http404("没有这个状态。") from None
        listed = selectors.targets_with_status(
            as_of=context["as_of"],
            status=status,
            verdict=verdict,
            approved_only=self.approved_only,
        )
        return {**context, "listed": listed, "is_demo": listed.is_demo}


class ZoneView(DashboardView):
    template_name = "dashboards/zone.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        zone = get_object_or_404(Zone, code=self.kwargs["code"])
        detail = selectors.zone_detail(
            zone=zone,
            as_of=context["as_of"],
            indicator_code=self.request.GET.get("indicator"),
            approved_only=self.approved_only,
        )
        return {
            **context,
            "detail": detail,
            "charts": presenters.zone_charts(detail),
            "ranking_rows": presenters.ranking_rows(detail.rankings, as_of_key=detail.as_of.key),
            "is_demo": detail.is_demo,
        }


class TargetView(DashboardView):
    template_name = "dashboards/target.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        try:
            target = selectors.target_for_page(code=self.kwargs["code"])
        except Target.DoesNotExist as error:
            raise Http404("没有这个目标") from error
        detail = selectors.target_detail(
            target=target, as_of=context["as_of"], approved_only=self.approved_only
        )
        return {
            **context,
            "detail": detail,
            "charts": presenters.target_charts(detail),
            "is_demo": detail.is_demo,
        }


class ClustersView(DashboardView):
    template_name = "dashboards/clusters.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        progress = selectors.cluster_progress(
            as_of=context["as_of"], approved_only=self.approved_only
        )
        return {
            **context,
            "progress": progress,
            "charts": presenters.cluster_charts(progress),
            "is_demo": progress.is_demo,
        }


class TasksView(DashboardView):
    template_name = "dashboards/tasks.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        return {**context, "tasks": selectors.task_overview(as_of=context["as_of"])}


class BenchmarkView(DashboardView):
    template_name = "dashboards/benchmark.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        comparison = selectors.benchmark_comparison(
            as_of=context["as_of"], approved_only=self.approved_only
        )
        return {
            **context,
            "comparison": comparison,
            "peer_blocks": presenters.benchmark_charts(comparison),
            "is_demo": comparison.is_demo,
        }


class EvaluationView(DashboardView):
    """终期评估 of a target year (default: the latest that has ended); printable."""

    template_name = "dashboards/evaluation.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        years = selectors.evaluation_years(up_to=self._last_closed)
        year = self.kwargs.get("year") or (years[0] if years else None)
        if year is None or not 2000 <= year <= 2100:
            raise Http404("还没有已结束的目标年份")
        evaluation = selectors.plan_evaluation(
            year=year, up_to=self._last_closed, approved_only=self.approved_only
        )
        return {
            **context,
            "evaluation": evaluation,
            "years": years,
            "groupings": [
                ("文件", evaluation.by_document),
                ("开发区", evaluation.by_zone),
                ("产业集群", evaluation.by_cluster),
            ],
            "is_demo": evaluation.is_demo,
        }
