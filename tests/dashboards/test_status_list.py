"""Who is behind at a glance: a status tile of the overview opens its targets, worst first,
and each zone card says which period its figures are."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from .conftest import make_indicator, make_target, make_zone, put

pytestmark = pytest.mark.django_db


@pytest.fixture
def behind(db: None) -> dict[str, Any]:
    """One zone at 300 亿元 in 1—6月 2025 against four 2025 floors: half a year's pace is
    500, 1000, 750 and 250, so three targets are 严重滞后 (0.6, 0.3, 0.4) and one 正常."""
    zone = make_zone("z1", name="一号园区", short_name="一号")
    output = make_indicator("out", name="工业总产值")
    for code, floor in [("t1000", 1000), ("t2000", 2000), ("t1500", 1500), ("t500", 500)]:
        make_target(
            code, title=f"工业总产值达{floor}亿元以上", zone=zone, indicator=output, floor=floor
        )
    put(zone, output, 2025, 6, "300")
    return {"zone": zone}


def test_a_status_tile_links_to_its_targets(leader_client: Client, behind: Any) -> None:
    html = leader_client.get(reverse("dashboards:overview"), {"as_of": "2025-06"}).content.decode()
    link = reverse("dashboards:status", args=["far_behind"]) + "?as_of=2025-06"
    assert f'href="{link}"' in html
    assert "严重滞后</span><strong>3</strong>" in html


def test_the_list_holds_those_targets_worst_first(
    leader_client: Client, behind: Any, django_assert_max_num_queries: Any
) -> None:
    url = reverse("dashboards:status", args=["far_behind"])
    with django_assert_max_num_queries(12):
        html = leader_client.get(url, {"as_of": "2025-06"}).content.decode()
    assert "3 项目标" in html
    order = [html.index(f"工业总产值达{floor}亿元以上") for floor in (2000, 1500, 1000)]
    assert order == sorted(order)  # 30%, 40%, 60% of the pace
    assert "工业总产值达500亿元以上" not in html  # 正常, not behind


def test_an_unknown_status_is_not_found(leader_client: Client, behind: Any) -> None:
    url = reverse("dashboards:status", args=["nowhere"])
    assert leader_client.get(url).status_code == 404


def test_each_zone_card_says_which_period_it_shows(leader_client: Client, behind: Any) -> None:
    html = leader_client.get(reverse("dashboards:overview"), {"as_of": "2025-06"}).content.decode()
    cards = html.split('<article class="card">')[1:]
    mine = next(c for c in cards if "一号园区" in c)
    assert '<p class="card-period">数据期：2025年1—6月</p>' in mine
