"""Dashboard pages: parse the request, call a selector, render. All need a login."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import TemplateView

from indicators.calculations import THRESHOLD_TEXT
from targets.models import Target, Zone

from . import presenters, selectors
from .selectors import Period
from .selectors.per_zone import per_zone_lines

FIRST_CHOICE = Period(2023, 1)  # the plan period of 5号 starts in 2023


def month_choices(latest: Period, as_of: Period) -> list[Period]:
    """The months offered in the as-of selector, newest first."""
    last = max(latest, as_of)
    return list(reversed(selectors.periods.months_between(min(FIRST_CHOICE, as_of), last)))


def nav_zones() -> QuerySet[Zone]:
    """The zones named in the navigation: those with targets of their own (the others are
    reached from the rankings)."""
    return Zone.objects.filter(is_benchmark=False, targets__isnull=False).distinct()


class DashboardView(LoginRequiredMixin, TemplateView):
    """Resolves `?as_of=YYYY-MM`; defaults to the latest month with figures."""

    def as_of(self) -> Period:
        if not hasattr(self, "_as_of"):
            latest = selectors.figure_latest_period()
            if latest is None:
                today = timezone.localdate()
                latest = Period(today.year, today.month)
            self._latest = latest
            self._as_of = selectors.parse_as_of(self.request.GET.get("as_of")) or latest
        return self._as_of

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        as_of = self.as_of()
        context.update(
            as_of=as_of,
            month_choices=month_choices(self._latest, as_of),
            threshold_text=THRESHOLD_TEXT,
            nav_zones=nav_zones(),
        )
        return context


class OverviewView(DashboardView):
    template_name = "dashboards/overview.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        overview = selectors.zone_overview(as_of=context["as_of"])
        return {
            **context,
            "overview": overview,
            "charts": presenters.overview_charts(overview),
            "ranking_rows": presenters.ranking_rows(
                overview.rankings, as_of_key=overview.as_of.key
            ),
            "is_demo": overview.is_demo,
            "per_zone_lines": per_zone_lines(overview.rows),
        }


class ZoneView(DashboardView):
    template_name = "dashboards/zone.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        zone = get_object_or_404(Zone, code=self.kwargs["code"])
        detail = selectors.zone_detail(
            zone=zone, as_of=context["as_of"], indicator_code=self.request.GET.get("indicator")
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
        detail = selectors.target_detail(target=target, as_of=context["as_of"])
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
        progress = selectors.cluster_progress(as_of=context["as_of"])
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
        comparison = selectors.benchmark_comparison(as_of=context["as_of"])
        return {
            **context,
            "comparison": comparison,
            "peer_blocks": presenters.benchmark_charts(comparison),
            "is_demo": comparison.is_demo,
        }
