"""Plotly figures as plain dicts and lists. Pure functions: no Django, no plotly import.

Each function takes rows of numbers and labels and returns ``{"data": [...], "layout": {...}}``
ready for ``json_script`` and ``Plotly.newPlot``. Decimals become floats here, at the edge,
and nowhere else; ``None`` becomes a gap (JSON null), never a zero.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

Figure = dict[str, Any]
Number = Decimal | int | float | None

FONT = "Noto Sans CJK SC, Microsoft YaHei, sans-serif"
STATUS_COLOURS: dict[str, str] = {
    "done": "#1e6b38",
    "on_track": "#2f7fbf",
    "behind": "#d08a00",
    "far_behind": "#b3261e",
    "no_data": "#9aa1a9",
    "missed": "#6e1410",
    "incomplete": "#5b6470",
}
ACTUAL = "#9f1c20"
LAST_YEAR = "#8c959f"
GLIDE = "#0b4f9c"
REPORTED = "#d08a00"
ZONE_COLOURS = ["#9f1c20", "#0b4f9c", "#1e6b38", "#d08a00", "#6a3d9a", "#2f7fbf", "#8c564b"]
MONTH_LABELS = [f"{m}月" for m in range(1, 13)]


def num(value: Number) -> float | None:
    """A Decimal (or int) as a float for the browser; None stays None."""
    return None if value is None else float(value)


def nums(values: Sequence[Number]) -> list[float | None]:
    return [num(v) for v in values]


def _layout(title: str, **extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "title": {"text": title, "font": {"size": 15}},
        "font": {"family": FONT, "size": 12},
        "margin": {"l": 60, "r": 20, "t": 50, "b": 50},
        "legend": {"orientation": "h", "y": -0.2},
        "hovermode": "x unified",
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
    }
    layout.update(extra)
    return layout


def _line(name: str, x: Sequence[Any], y: Sequence[Number], colour: str, **extra: Any) -> Figure:
    trace: Figure = {
        "type": "scatter",
        "mode": "lines+markers",
        "name": name,
        "x": list(x),
        "y": nums(y),
        "line": {"color": colour, "width": 2},
        "connectgaps": False,
    }
    trace.update(extra)
    return trace


def cumulative_chart(
    *,
    title: str,
    unit: str,
    year: int,
    actual: Sequence[Number],
    last_year: Sequence[Number],
    glide: Sequence[Number],
) -> Figure:
    """1—N月 cumulative this year against last year and the glide path to the target."""
    data = [
        {
            "type": "bar",
            "name": f"{year}年1—N月累计",
            "x": MONTH_LABELS,
            "y": nums(actual),
            "marker": {"color": ACTUAL},
        },
        _line(f"{year - 1}年同期", MONTH_LABELS, last_year, LAST_YEAR, line={"dash": "dot"}),
    ]
    if any(v is not None for v in glide):
        data.append(_line("按目标路径应达", MONTH_LABELS, glide, GLIDE, line={"dash": "dash"}))
    return {"data": data, "layout": _layout(title, yaxis={"title": {"text": unit}})}


def growth_chart(
    *, title: str, computed: Sequence[Number], reported: Sequence[Number], required: Number = None
) -> Figure:
    """同比 by month: computed from the portal's figures, reported by the statistics bureau."""
    data = [_line("同比（平台计算）", MONTH_LABELS, computed, ACTUAL)]
    if any(v is not None for v in reported):
        data.append(_line("同比（统计局口径）", MONTH_LABELS, reported, REPORTED))
    layout = _layout(title, yaxis={"title": {"text": "%"}, "zeroline": True})
    if required is not None:
        layout["shapes"] = [_hline(num(required), GLIDE)]
        layout["annotations"] = [_hlabel(num(required), f"目标增速 {float(required):.1f}%")]
    return {"data": data, "layout": layout}


def _hline(y: float | None, colour: str) -> dict[str, Any]:
    return {
        "type": "line",
        "xref": "paper",
        "x0": 0,
        "x1": 1,
        "y0": y,
        "y1": y,
        "line": {"color": colour, "dash": "dash", "width": 1},
    }


def _hlabel(y: float | None, text: str) -> dict[str, Any]:
    return {
        "xref": "paper",
        "x": 1,
        "y": y,
        "text": text,
        "showarrow": False,
        "xanchor": "right",
        "yanchor": "bottom",
        "font": {"size": 11},
    }


def _vline(x: float) -> dict[str, Any]:
    return {
        "type": "line",
        "yref": "paper",
        "y0": 0,
        "y1": 1,
        "x0": x,
        "x1": x,
        "line": {"color": "#5b6470", "dash": "dot", "width": 1},
    }


@dataclass(frozen=True)
class ProgressBar:
    label: str
    ratio_pct: Number  # actual ÷ expected at this point, in percent
    status: str
    status_label: str


def progress_chart(
    *, title: str, bars: Sequence[ProgressBar], thresholds: Sequence[Number] = ()
) -> Figure:
    """One horizontal bar per target: 完成度比, coloured by status, thresholds as lines."""
    shown = [bar for bar in bars if bar.ratio_pct is not None]
    labels = [bar.label for bar in shown]
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "x": [num(bar.ratio_pct) for bar in shown],
            "y": labels,
            "marker": {"color": [STATUS_COLOURS.get(bar.status, LAST_YEAR) for bar in shown]},
            "text": [bar.status_label for bar in shown],
            "textposition": "auto",
            "hovertemplate": "%{y}<br>完成度比 %{x:.1f}%<extra></extra>",
            "name": "完成度比",
        }
    ]
    height = max(200, 30 * len(shown) + 110)
    layout = _layout(
        title,
        height=height,
        bargap=0.35,
        hovermode="closest",
        showlegend=False,
        margin={"l": 260, "r": 20, "t": 50, "b": 40},
        xaxis={"title": {"text": "完成度比（%）"}, "rangemode": "tozero"},
        yaxis={"autorange": "reversed", "automargin": True},
        shapes=[_vline(v) for v in (num(t) for t in thresholds) if v is not None],
    )
    return {"data": data, "layout": layout}


def stacked_chart(
    *,
    title: str,
    unit: str,
    categories: Sequence[str],
    series: Mapping[str, Sequence[Number]],
) -> Figure:
    """Stacked bars: one bar per category (a cluster), one segment per series (a zone)."""
    data = [
        {
            "type": "bar",
            "name": name,
            "x": list(categories),
            "y": nums(values),
            "marker": {"color": ZONE_COLOURS[i % len(ZONE_COLOURS)]},
        }
        for i, (name, values) in enumerate(series.items())
    ]
    layout = _layout(title, barmode="stack", hovermode="closest", yaxis={"title": {"text": unit}})
    return {"data": data, "layout": layout}


def status_history_chart(
    *,
    title: str,
    periods: Sequence[str],
    ratios_pct: Sequence[Number],
    statuses: Sequence[str],
    labels: Sequence[str],
    thresholds: Sequence[Number] = (),
) -> Figure:
    """完成度比 month by month, each marker coloured by that month's status."""
    data = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": "完成度比",
            "x": list(periods),
            "y": nums(ratios_pct),
            "text": list(labels),
            "line": {"color": "#c7ccd1", "width": 1},
            "marker": {
                "size": 10,
                "color": [STATUS_COLOURS.get(s, LAST_YEAR) for s in statuses],
            },
            "hovertemplate": "%{x}<br>完成度比 %{y:.1f}%<br>%{text}<extra></extra>",
        }
    ]
    lines = [v for v in (num(t) for t in thresholds) if v is not None]
    layout = _layout(
        title,
        showlegend=False,
        hovermode="closest",
        yaxis={"title": {"text": "完成度比（%）"}},
        xaxis={"type": "category"},
        shapes=[_hline(v, "#8c959f") for v in lines],
    )
    return {"data": data, "layout": layout}


@dataclass(frozen=True)
class YearValues:
    year: int
    actual: Number
    partial: bool
    estimate: Number
    glide: Number
    projection: Number


def target_path_chart(
    *,
    title: str,
    unit: str,
    years: Sequence[YearValues],
    floor: Number = None,
    stretch: Number = None,
) -> Figure:
    """Annual values from the base year, the glide path to the target, the projection."""
    x = [str(y.year) for y in years]
    bars = [None if y.partial else num(y.actual) for y in years]
    partial = [num(y.actual) if y.partial else None for y in years]
    data: list[Figure] = [
        {"type": "bar", "name": "全年实际", "x": x, "y": bars, "marker": {"color": ACTUAL}},
    ]
    if any(v is not None for v in partial):
        data.append(
            {
                "type": "bar",
                "name": "本年累计",
                "x": x,
                "y": partial,
                "marker": {"color": "#d9878a"},
            }
        )
    estimates = [num(y.estimate) for y in years]
    if any(v is not None for v in estimates):
        data.append(
            _line(
                "全年预计",
                x,
                [y.estimate for y in years],
                ACTUAL,
                mode="markers",
                marker={"symbol": "diamond-open", "size": 11, "color": ACTUAL},
            )
        )
    if any(y.glide is not None for y in years):
        data.append(_line("目标路径", x, [y.glide for y in years], GLIDE, line={"dash": "dash"}))
    if any(y.projection is not None for y in years):
        data.append(
            _line(
                "按当前增速预测", x, [y.projection for y in years], REPORTED, line={"dash": "dot"}
            )
        )
    shapes = []
    annotations = []
    for value, text in ((floor, "目标值"), (stretch, "力争值")):
        if value is not None:
            shapes.append(_hline(num(value), "#1e6b38"))
            annotations.append(_hlabel(num(value), f"{text} {float(value):,.2f}"))
    layout = _layout(
        title,
        barmode="overlay",
        yaxis={"title": {"text": unit}},
        xaxis={"type": "category"},
        shapes=shapes,
        annotations=annotations,
    )
    return {"data": data, "layout": layout}


def comparison_chart(
    *, title: str, labels: Sequence[str], ratios_pct: Sequence[Number], peer: str
) -> Figure:
    """Ours as a percentage of a benchmark zone, one bar per indicator, 100% marked."""
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "x": nums(ratios_pct),
            "y": list(labels),
            "marker": {"color": GLIDE},
            "hovertemplate": "%{y}<br>%{x:.1f}%<extra></extra>",
            "name": f"相当于{peer}的比例",
        }
    ]
    layout = _layout(
        title,
        height=max(260, 32 * len(labels) + 90),
        showlegend=False,
        hovermode="closest",
        margin={"l": 200, "r": 20, "t": 50, "b": 40},
        xaxis={"title": {"text": f"相当于{peer}（%）"}, "rangemode": "tozero"},
        yaxis={"autorange": "reversed", "automargin": True},
        shapes=[_vline(100.0)],
    )
    return {"data": data, "layout": layout}
