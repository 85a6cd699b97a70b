"""The dashboard pages, as a logged-in leader (and an anonymous visitor) sees them."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from indicators.calculations import THRESHOLD_TEXT
from indicators.models import Figure
from targets.models import Indicator, TaskItem, Zone

from .conftest import approve

pytestmark = pytest.mark.django_db

PAGES = [
    ("overview", []),
    ("zone", ["cxgx"]),
    ("target", ["5-cxgx-gyzcz-2025"]),
    ("clusters", []),
    ("tasks", []),
    ("benchmark", []),
]
# What a leader checks on each page with the `figures` below: its heading, and a figure of
# 楚雄国家高新区's June 2025 (612.345 亿元 shown at two decimals) where the page shows one.
PAGE_CONTENT = {
    "overview": ["<h1>总览：各开发区目标完成情况</h1>", "612.35"],
    "zone": ["<h1>楚雄国家高新区</h1>", "612.35"],
    "target": ["<h1>楚雄国家高新区工业总产值达1500亿元以上，力争2000亿元</h1>", "612.35"],
    "clusters": ["<h1>产业集群</h1>"],
    "tasks": ["<h1>重点任务与政策措施</h1>", "全面加强党的领导"],
    "benchmark": ["<h1>对标：楚雄国家高新区</h1>"],
}
BANNER = "演示数据：本页显示的数据含系统生成的演示数据"


def page(client: Client, name: str, *args: str, **query: str) -> str:
    url = reverse(f"dashboards:{name}", args=args)
    response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def figures(reference_catalogue: None) -> dict[str, Any]:
    """A few real-looking figures for 楚雄国家高新区 (not demo)."""
    cxgx, lufeng = Zone.objects.get(code="cxgx"), Zone.objects.get(code="lufeng")
    gyzcz = Indicator.objects.get(code="gyzcz")
    rows = [
        (cxgx, 2022, 12, "800"),
        (cxgx, 2024, 6, "480"),
        (cxgx, 2024, 12, "1100"),
        (cxgx, 2025, 5, "500"),
        (cxgx, 2025, 6, "612.345"),
        (lufeng, 2025, 6, "450"),
        (lufeng, 2024, 6, "400"),
    ]
    for zone, year, month, value in rows:
        Figure.objects.create(
            zone=zone, indicator=gyzcz, year=year, month=month, value=Decimal(value)
        )
        approve(zone, year, month)  # checked figures: what a leader is shown
    return {"cxgx": cxgx, "gyzcz": gyzcz}


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_anonymous_visitors_are_sent_to_the_login_page(
    client: Client, reference_catalogue: None, name: str, args: list[str]
) -> None:
    response = client.get(reverse(f"dashboards:{name}", args=args))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_every_page_renders_for_a_leader(
    leader_client: Client, figures: Any, name: str, args: list[str]
) -> None:
    html = page(leader_client, name, *args, as_of="2025-06")

    assert html.startswith("<!DOCTYPE html>")
    for expected in PAGE_CONTENT[name]:
        assert expected in html, (name, expected)
    assert BANNER not in html


@pytest.mark.parametrize(("name", "args"), [p for p in PAGES if p[0] != "tasks"])
def test_pages_with_statuses_state_the_thresholds_and_embed_their_charts(
    leader_client: Client, figures: Any, name: str, args: list[str]
) -> None:
    html = page(leader_client, name, *args, as_of="2025-06")

    assert "状态判定" in html or name == "benchmark"
    if name != "benchmark":
        assert escape(THRESHOLD_TEXT) in html
    assert "/static/vendor/plotly.min.js" in html
    assert "/static/js/charts.js" in html
    for chart_id in re.findall(r'data-chart="([\w-]+)"', html):
        payload = re.search(
            rf'<script id="{chart_id}" type="application/json">(.*?)</script>', html, re.S
        )
        assert payload is not None, chart_id
        figure = json.loads(payload.group(1))
        assert set(figure) == {"data", "layout"}
        assert "Noto Sans CJK SC" in figure["layout"]["font"]["family"]


def test_the_demo_banner_shows_when_a_displayed_figure_is_demo(
    leader_client: Client, figures: Any
) -> None:
    Figure.objects.filter(year=2025, month=6, zone=figures["cxgx"]).update(is_demo=True)

    for name, args in [("overview", []), ("zone", ["cxgx"]), ("target", ["5-cxgx-gyzcz-2025"])]:
        assert BANNER in page(leader_client, name, *args, as_of="2025-06"), name
    # the cluster page shows no 工业总产值 of a whole zone, so no demo figure: no banner
    assert BANNER not in page(leader_client, "clusters", as_of="2025-06")


def test_the_overview_shows_figures_statuses_and_the_as_of_month(
    leader_client: Client, figures: Any
) -> None:
    html = page(leader_client, "overview", as_of="2025-06")

    assert "截至 2025年6月" in html
    assert '<option value="2025-06" selected>' in html
    assert "612.35 亿元" in html  # 亿元 with two decimals
    assert "楚雄国家高新区工业总产值达1500亿元以上，力争2000亿元" in html
    assert 'class="status status--' in html
    assert "全州开发区" in html
    # superseded 5号 targets are not listed as targets in force
    assert "5-cxgx-yysr-2025" not in html


def test_the_overview_defaults_to_the_latest_month_with_figures(
    leader_client: Client, figures: Any
) -> None:
    html = page(leader_client, "overview")

    assert "截至 2025年6月" in html


def test_a_malformed_as_of_falls_back_to_the_latest_month(
    leader_client: Client, figures: Any
) -> None:
    assert "截至 2025年6月" in page(leader_client, "overview", as_of="2025-13")


def test_the_zone_page_shows_its_series_and_its_rank(leader_client: Client, figures: Any) -> None:
    html = page(leader_client, "zone", "cxgx", as_of="2025-06")

    assert "<h1>楚雄国家高新区</h1>" in html
    assert "612.35" in html
    assert "112.35" in html  # June alone: 612.345 - 500
    assert "+27.6%" in html  # 612.345 / 480 - 1
    assert "1,234" not in html  # no stray figures
    assert 'class="is-highlight"' in html
    assert 'data-chart="chart-cumulative"' in html
    assert 'data-chart="chart-growth"' in html


def test_the_target_page_quotes_the_document_and_its_history(
    leader_client: Client, figures: Any
) -> None:
    html = page(leader_client, "target", "5-cxgx-gyzcz-2025", as_of="2025-06")

    assert "楚办发〔2023〕5号" in html
    assert "一（二）发展目标" in html
    assert "工业总产值、营业收入达1500亿元以上" in html
    assert "逐月完成情况" in html
    assert "所需年均增速" in html
    assert 'data-chart="chart-path"' in html
    assert 'data-chart="chart-history"' in html


def test_the_replacing_target_shows_what_5hao_had_set(leader_client: Client, figures: Any) -> None:
    html = page(leader_client, "target", "7-cxgx-yysr-2025", as_of="2025-06")
    old = page(leader_client, "target", "5-cxgx-yysr-2025", as_of="2025-06")

    assert "5号原定：楚雄国家高新区营业收入达1500亿元以上，力争2000亿元" in html
    assert "本目标已被 楚办发〔2023〕7号" in old


def test_unknown_zones_and_targets_are_not_found(leader_client: Client, figures: Any) -> None:
    assert leader_client.get(reverse("dashboards:zone", args=["nowhere"])).status_code == 404
    assert leader_client.get(reverse("dashboards:target", args=["nothing"])).status_code == 404


def test_the_task_page_lists_every_item_with_its_lead_unit(
    leader_client: Client, reference_catalogue: None
) -> None:
    html = page(leader_client, "tasks")

    assert TaskItem.objects.filter(document__code="cbf-2023-5").count() == 26
    assert TaskItem.objects.filter(document__code="cbf-2023-7").count() == 23
    assert html.count('class="status status--no_data">未报送</a>') == 49  # no round opened yet
    assert "实施党建质量提升工程" in html
    assert "按责任单位" in html
    assert "州工业和信息化局" in html


def test_the_cluster_page_sums_each_cluster_by_zone(
    leader_client: Client, reference_catalogue: None
) -> None:
    pv = Indicator.objects.get(code="gyzcz_pv")
    for code, value in [("cxgx", "120.5"), ("lufeng", "80")]:
        Figure.objects.create(
            zone=Zone.objects.get(code=code),
            indicator=pv,
            year=2025,
            month=6,
            value=Decimal(value),
        )
        approve(Zone.objects.get(code=code), 2025, 6)

    html = page(leader_client, "clusters", as_of="2025-06")

    assert "绿色硅光伏产业" in html
    assert "200.50" in html


def test_the_benchmark_page_puts_the_high_tech_zone_beside_kunming(
    leader_client: Client, reference_catalogue: None
) -> None:
    gdp = Indicator.objects.get(code="gdp")
    for code, value in [("cxgx", "333.52"), ("kmgx", "667.04")]:
        Figure.objects.create(
            zone=Zone.objects.get(code=code),
            indicator=gdp,
            year=2022,
            month=12,
            value=Decimal(value),
        )
        approve(Zone.objects.get(code=code), 2022, 12)

    html = page(leader_client, "benchmark", as_of="2025-06")

    assert "昆明高新区" in html
    assert "333.52" in html
    assert "50.0%" in html


def test_the_benchmark_page_calls_generated_kunming_figures_demo_and_credits_no_source(
    leader_client: Client, reference_catalogue: None
) -> None:
    gdp = Indicator.objects.get(code="gdp")
    Figure.objects.create(
        zone=Zone.objects.get(code="cxgx"), indicator=gdp, year=2024, month=12, value=Decimal(400)
    )
    Figure.objects.create(
        zone=Zone.objects.get(code="kmgx"),
        indicator=gdp,
        year=2024,
        month=12,
        value=Decimal(800),
        is_demo=True,
        source="sources/2020-kunming-hitech.txt（2020年5月报道）",
    )

    html = page(leader_client, "benchmark", as_of="2025-06")

    assert "昆明高新区的数值由系统生成" in html
    assert "2020-kunming-hitech.txt" not in html
    assert "真实数据出处" not in html


def test_the_overview_counts_zones_meeting_a_sentence_that_binds_each_zone(
    leader_client: Client, reference_catalogue: None
) -> None:
    # 5号 task 22: "2023年，各开发区批而未供土地处置率……分别不低于25%……": one zone at 40%
    # meets it, one at 10% does not; a mean (25%) would have hidden the failing zone.
    rate = Indicator.objects.get(code="pwwg_czl")
    for code, value in [("cxgx", "40"), ("lufeng", "10")]:
        Figure.objects.create(
            zone=Zone.objects.get(code=code),
            indicator=rate,
            year=2023,
            month=12,
            value=Decimal(value),
        )
        approve(Zone.objects.get(code=code), 2023, 12)

    html = page(leader_client, "overview", as_of="2023-12")

    assert "批而未供土地处置率不低于25%（2023年）" in html
    assert "4 个开发区中 1 个达标" in html


def test_the_per_zone_line_counts_zones_without_figures_apart(
    leader_client: Client, reference_catalogue: None
) -> None:
    html = page(leader_client, "overview", as_of="2023-12")

    assert "4 个开发区中 0 个达标（4 个无数据）" in html


def test_every_growth_rate_says_which_it_is_and_the_card_agrees_with_the_table(
    leader_client: Client, figures: Any
) -> None:
    """禄丰's 工业总产值: the portal computes 450 / 400 − 1 = 12.5%, the bureau reported 8.6%.
    By the one rule the card and the target table both show 8.6% 统计局口径; 高新区 without a
    reported rate shows the computed one, labelled 平台计算."""
    Figure.objects.filter(zone__code="lufeng", year=2025, month=6).update(
        reported_growth_pct=Decimal("8.6")
    )
    html = page(leader_client, "overview", as_of="2025-06")
    tagged = '+8.6% <span class="growth-basis">统计局口径</span>'
    card = html.split("<h3>", 3)  # the cards: 全州 / zones
    assert any("禄丰" in c and tagged in c for c in card)
    assert "+12.5%" not in html.split("各开发区与全州")[1].split("</div>")[0]
    table = page(leader_client, "zone", "lufeng", as_of="2025-06")
    assert tagged in table
    assert '+27.6% <span class="growth-basis">平台计算</span>' in page(
        leader_client, "zone", "cxgx", as_of="2025-06"
    )  # 612.345 / 480 − 1
    assert "同比口径：" in html


def test_each_benchmark_row_names_the_source_of_its_own_figures_by_title_and_date(
    leader_client: Client, reference_catalogue: None
) -> None:
    """高新区's 2022 GDP is quoted from the 2023 “六大行动” report; 昆明's 2022 figure is
    generated. The row says so: the report by its title and date, the other 演示数据, and no
    file path anywhere."""
    gdp = Indicator.objects.get(code="gdp")
    cxgx, kmgx = Zone.objects.get(code="cxgx"), Zone.objects.get(code="kmgx")
    Figure.objects.create(
        zone=cxgx,
        indicator=gdp,
        year=2022,
        month=12,
        value=Decimal("333.52"),
        source="sources/2023-chuxiong-hitech-six-actions.txt（2023年8月“六大行动”报道）",
    )
    Figure.objects.create(
        zone=kmgx,
        indicator=gdp,
        year=2022,
        month=12,
        value=Decimal(700),
        is_demo=True,
        source="sources/2020-kunming-hitech.txt（2020年5月报道）",
    )
    approve(kmgx, 2022, 12)

    html = page(leader_client, "benchmark", as_of="2025-06")

    row = next(r for r in html.split("<tr>") if "333.52" in r)
    assert "《楚雄高新区：聚焦“六大行动”打造滇中崛起增长极核心引擎》（2023年8月）" in row
    assert '<span class="demo-tag">演示数据</span>' in row
    assert "昆明高新区按下高质量发展" not in row  # not credited to the generated figure
    assert "sources/" not in html
    assert ".txt" not in html


def test_the_task_page_counts_the_items_of_each_document_by_status(
    leader_client: Client, reference_catalogue: None
) -> None:
    """No round yet: all 26 items of 5号 and 23 measures of 7号 are 未报送."""
    html = page(leader_client, "tasks")

    counts = re.findall(
        r'<ul class="status-counts task-counts" aria-label="([^"]+)">(.*?)</ul>', html, re.S
    )
    assert [label for label, _ in counts] == [
        "楚办发〔2023〕5号各状态任务数",
        "楚办发〔2023〕7号各状态任务数",
    ]
    assert "未报送</span><strong>26</strong>" in counts[0][1]
    assert "未报送</span><strong>23</strong>" in counts[1][1]
