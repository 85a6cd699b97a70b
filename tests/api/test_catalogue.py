"""The read-only catalogue endpoints: documents, zones, units, tasks, clusters, indicators
and targets; behind login or a token, a fixed number of queries whatever the size."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from accounts.roles import LEADER
from api.models import ApiToken
from targets.models import Cluster
from tests.conftest import Catalogue, build_catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_throttles() -> None:
    cache.clear()


@pytest.fixture
def reader(make_user: Any) -> str:
    token = ApiToken(user=make_user("leader", LEADER), client="驾驶舱")
    raw = token.issue()
    token.save()
    return raw


def get(raw: str, path: str) -> Any:
    response = Client().get(f"/api/v1/{path}", HTTP_AUTHORIZATION=f"Token {raw}")
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.parametrize(
    "path", ["documents/", "zones/", "units/", "tasks/", "clusters/", "indicators/", "targets/"]
)
def test_catalogue_needs_login_or_a_token(path: str) -> None:
    assert Client().get(f"/api/v1/{path}").status_code in (401, 403)


def test_documents_and_zones(reader: str) -> None:
    build_catalogue(tasks=1)
    assert [d["number"] for d in get(reader, "documents/")] == [
        "楚办发〔2023〕5号",
        "楚办发〔2023〕7号",
    ]
    [zone] = get(reader, "zones/")
    assert (zone["code"], zone["name"], zone["level"]) == ("cxgx", "楚雄国家高新区", "national")


def test_units_carry_second_names_and_search_finds_either_name(reader: str) -> None:
    build_catalogue(tasks=1)
    finance = next(u for u in get(reader, "units/") if u["name"] == "州财政局")
    assert finance["aliases"] == ["州国资委"]
    assert [u["name"] for u in get(reader, "units/?search=州国资委")] == ["州财政局"]
    assert [u["name"] for u in get(reader, "units/?search=统计")] == ["州统计局"]


def test_tasks_list_units_in_order_with_role_and_name_as_written(reader: str) -> None:
    build_catalogue(tasks=1)
    task, measure = get(reader, "tasks/")
    assert (task["document"], task["number"], task["label"], task["section"]) == (
        "cbf-2023-5",
        1,
        "1.",
        "实施体制机制创新工程",
    )
    assert task["text"].startswith("加快“管运分离”改革")
    assert [(u["display_name"], u["unit"], u["role"]) for u in task["units"]] == [
        ("州财政局（州国资委）", "州财政局", "牵头"),
        ("州发展改革委", "州发展改革委", "配合"),
        ("州工业和信息化局", "州工业和信息化局", "配合"),
    ]
    assert measure["label"] == "（一）"


def test_clusters_and_indicators(reader: str) -> None:
    cat = build_catalogue(tasks=1)
    cluster = Cluster.objects.create(
        code="green-silicon", name="绿色硅光伏", task=cat.tasks[0], quote="打造绿色硅光伏产业集群"
    )
    cluster.zones.set([cat.zone])
    assert get(reader, "clusters/") == [
        {
            "code": "green-silicon",
            "name": "绿色硅光伏",
            "zones": ["cxgx"],
            "task": cat.tasks[0].pk,
            "quote": "打造绿色硅光伏产业集群",
        }
    ]
    [indicator] = get(reader, "indicators/")
    assert (indicator["code"], indicator["unit"]) == ("industrial-output", "亿元")


def test_targets_give_values_as_decimal_strings_and_what_supersedes_them(reader: str) -> None:
    build_catalogue(tasks=1)
    first, successor = get(reader, "targets/")
    assert first["code"] == "cbf5-output-1"
    assert (first["floor"], first["stretch"], first["target_year"]) == (
        "1500.0000",
        "2000.0000",
        2025,
    )
    assert (first["indicator"], first["indicator_unit"], first["zone"]) == (
        "industrial-output",
        "亿元",
        "cxgx",
    )
    assert first["superseded_by"] == "cbf7-growth"
    assert first["quote"] == "工业总产值、营业收入达1500亿元以上，力争双突破2000亿元"
    assert (successor["kind"], successor["base_year"], successor["stretch"]) == ("cagr", 2022, None)
    assert successor["superseded_by"] is None


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        ("documents/", 2),
        ("zones/", 2),
        ("units/", 4),
        ("units/?search=州国资委", 4),
        ("tasks/", 4),
        ("clusters/", 3),
        ("indicators/", 2),
        ("targets/", 2),
    ],
)
@pytest.mark.parametrize("size", [1, 6])
def test_query_count_does_not_grow_with_the_catalogue(
    reader: str, path: str, queries: int, size: int, django_assert_num_queries: Any
) -> None:
    cat: Catalogue = build_catalogue(tasks=size)
    for n in range(size):
        Cluster.objects.create(
            code=f"c{n}", name=f"集群{n}", task=cat.tasks[n], quote="……"
        ).zones.set([cat.zone])
    with django_assert_num_queries(queries):
        get(reader, path)
