"""Selector results → chart inputs and pre-formatted tables. No queries here."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import format_html

from indicators import calculations as calc
from targets.models import Target, Zone

from . import charts
from .formatting import figure, growth
from .selectors import (
    BenchmarkComparison,
    ClusterProgress,
    Overview,
    PeerComparison,
    Ranking,
    TargetAssessment,
    TargetDetail,
    ZoneDetail,
)

THRESHOLDS: list[charts.Number] = [calc.BEHIND_RATIO * 100, calc.ON_TRACK_RATIO * 100, 100]


def _bar(row: TargetAssessment, *, with_scope: bool = True) -> charts.ProgressBar:
    label = f"{row.scope.label}·{row.target.title}" if with_scope else row.target.title
    if len(label) > 28:
        label = label[:27] + "…"
    return charts.ProgressBar(label, row.ratio_pct, row.status.value, row.status_label)


def progress(rows: list[TargetAssessment], title: str, *, with_scope: bool = True) -> charts.Figure:
    quantitative = [row for row in rows if row.indicator is not None]
    return charts.progress_chart(
        title=title,
        bars=[_bar(row, with_scope=with_scope) for row in quantitative],
        thresholds=THRESHOLDS,
    )


def overview_charts(overview: Overview) -> dict[str, charts.Figure]:
    return {
        "progress": progress(overview.rows, f"各目标完成度比（{overview.as_of}）"),
    }


def zone_charts(detail: ZoneDetail) -> dict[str, charts.Figure]:
    figures = {"progress": progress(detail.rows, "本区目标完成度比", with_scope=False)}
    series = detail.series
    if series is not None:
        name = series.indicator.name
        required = None
        if series.glide_target is not None and series.glide_target.kind == Target.Kind.CAGR:
            required = series.glide_target.floor
        figures["cumulative"] = charts.cumulative_chart(
            title=f"{detail.zone.short_name}{name}：{series.year}年1—N月累计",
            unit=series.indicator.unit,
            year=series.year,
            actual=series.actual,
            last_year=series.last_year,
            glide=series.glide,
        )
        figures["growth"] = charts.growth_chart(
            title=f"{detail.zone.short_name}{name}：同比增速",
            computed=series.growth,
            reported=series.reported_growth,
            required=required,
        )
    return figures


def target_charts(detail: TargetDetail) -> dict[str, charts.Figure]:
    target = detail.target
    figures: dict[str, charts.Figure] = {}
    if detail.years and detail.current.indicator is not None:
        figures["path"] = charts.target_path_chart(
            title=f"{target.title}：实际、目标路径与预测",
            unit=detail.current.indicator.unit,
            years=[
                charts.YearValues(p.year, p.actual, p.partial, p.estimate, p.glide, p.projection)
                for p in detail.years
            ],
            floor=target.floor if target.kind == Target.Kind.LEVEL else None,
            stretch=target.stretch if target.kind == Target.Kind.LEVEL else None,
        )
    if detail.history:
        figures["history"] = charts.status_history_chart(
            title="逐月完成情况",
            periods=[row_period(row) for row in detail.history],
            ratios_pct=[row.ratio_pct for row in detail.history],
            statuses=[row.status.value for row in detail.history],
            labels=[row.status_label for row in detail.history],
            thresholds=THRESHOLDS,
        )
    return figures


def row_period(row: TargetAssessment) -> str:
    return "—" if row.period is None else row.period.key


def cluster_charts(progress_: ClusterProgress) -> dict[str, charts.Figure]:
    names = [row.cluster.name for row in progress_.rows if row.indicator is not None]
    series: dict[str, list[charts.Number]] = {}
    for zone in progress_.zones:
        values: list[charts.Number] = []
        for row in progress_.rows:
            if row.indicator is None:
                continue
            found = next((cz.value for cz in row.zones if cz.zone.pk == zone.pk), None)
            values.append(found)
        series[zone.short_name] = values
    return {
        "clusters": charts.stacked_chart(
            title=f"各产业集群工业总产值（{progress_.as_of.cumulative_label}，按开发区）",
            unit="亿元",
            categories=names,
            series=series,
        )
    }


def benchmark_charts(
    comparison: BenchmarkComparison,
) -> list[tuple[PeerComparison, str, charts.Figure]]:
    """(peer, chart id, figure) for each benchmark zone."""
    subject = comparison.subject.short_name if comparison.subject else ""
    return [
        (
            peer,
            f"chart-peer-{index}",
            charts.comparison_chart(
                title=f"{subject}相当于{peer.peer.short_name}的比例",
                labels=[f"{row.indicator_name}（{row.year}年）" for row in peer.rows],
                ratios_pct=[row.ratio_pct for row in peer.rows],
                peer=peer.peer.short_name,
            ),
        )
        for index, peer in enumerate(comparison.peers, start=1)
    ]


@dataclass(frozen=True)
class RankingRow:
    zone: Zone | None
    url: str
    cells: list[str]  # per indicator: value (rank), then 同比 (rank)


def _ranked(text: str, rank: int | None) -> str:
    return text if rank is None else format_html("{}（{}）", text, rank)


def tagged_growth(value: calc.Growth, rank: int | None = None) -> str:
    """A 同比 with the basis it is on (`calc.headline_growth`): "+8.6% 统计局口径", with its
    rank in a ranking ("+8.6%（2）" over 统计局口径). The `growth_tagged` template filter."""
    if value.pct is None:
        return _ranked(growth(None), rank)
    text = _ranked(growth(value.pct), rank)
    return format_html('{} <span class="growth-basis">{}</span>', text, value.label)


def ranking_rows(rankings: list[Ranking], *, as_of_key: str) -> list[RankingRow]:
    """The 比拼 table as text, one row per zone then the total: formatted here, in Python,
    because a template loop over hundreds of zones x indicators is the slow part of a page."""
    if not rankings:
        return []
    rows = []
    for i, first in enumerate(rankings[0].rows):
        cells = []
        for ranking in rankings:
            fig = ranking.rows[i]
            cells.append(_ranked(figure(fig.value, fig.indicator), fig.rank))
            cells.append(tagged_growth(fig.growth, fig.growth_rank))
        code = first.zone.code if first.zone else ""
        url = reverse("dashboards:zone", args=[code]) + f"?as_of={as_of_key}"
        rows.append(RankingRow(first.zone, url, cells))
    total = [
        text
        for ranking in rankings
        for text in (
            figure(ranking.total.value, ranking.indicator),
            tagged_growth(ranking.total.growth),
        )
    ]
    rows.append(RankingRow(None, "", total))
    return rows
