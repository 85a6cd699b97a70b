"""The figures endpoint: who sees which zone's figures, filters, cursor paging, tokens."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import timezone
from rest_framework.renderers import JSONRenderer

from accounts.roles import LEADER, STATISTICIAN
from api.models import ApiToken
from indicators.models import Figure, Submission
from targets.models import Indicator

URL = "/api/v1/figures/"


@pytest.fixture(autouse=True)
def _clear_throttles() -> None:
    cache.clear()


@pytest.fixture
def world(make_zone: Any, make_user: Any) -> dict[str, Any]:
    a, b = make_zone("A", "甲园区"), make_zone("B", "乙园区")
    ind = Indicator.objects.create(
        code="gyzcz", name="工业总产值", unit="亿元", kind=Indicator.Kind.FLOW
    )
    for zone in (a, b):
        for month in (1, 2, 3):
            Figure.objects.create(
                zone=zone, indicator=ind, year=2026, month=month, value=Decimal("12.3456")
            )
        Submission.objects.create(zone=zone, year=2026, month=1, status=Submission.Status.APPROVED)
        Submission.objects.create(zone=zone, year=2026, month=2, status=Submission.Status.DRAFT)
    return {
        "a": a,
        "b": b,
        "stat": make_user("stat_a", STATISTICIAN, a),
        "leader": make_user("leader", LEADER),
    }


def token_for(user: Any) -> str:
    token = ApiToken(user=user, client="测试客户端")
    raw = token.issue()
    token.save()
    return raw


def get(raw: str, query: str = "") -> Any:
    return Client().get(URL + query, HTTP_AUTHORIZATION=f"Token {raw}")


def rows(response: Any) -> set[tuple[str, int]]:
    return {(r["zone"], r["month"]) for r in response.json()["results"]}


def test_statistician_sees_own_zone_drafts_and_only_approved_figures_of_others(world: Any) -> None:
    response = get(token_for(world["stat"]))
    assert response.status_code == 200
    assert rows(response) == {("A", 1), ("A", 2), ("A", 3), ("B", 1)}


def test_leader_sees_every_zone_but_never_a_draft(world: Any) -> None:
    assert rows(get(token_for(world["leader"]))) == {("A", 1), ("B", 1)}


def test_value_is_the_stored_decimal_as_a_string(world: Any) -> None:
    result = get(token_for(world["leader"]), "?zone=A").json()["results"]
    assert [r["value"] for r in result] == ["12.3456"]


def test_filters_zone_period_and_status(world: Any) -> None:
    raw = token_for(world["stat"])
    assert rows(get(raw, "?zone=A&from=2026-02&to=2026-03")) == {("A", 2), ("A", 3)}
    assert rows(get(raw, "?status=approved")) == {("A", 1), ("B", 1)}
    assert rows(get(raw, "?indicator=nothing")) == set()


def test_cursor_paging_walks_every_row_exactly_once(world: Any) -> None:
    raw, seen, url = token_for(world["stat"]), [], URL + "?page_size=1"
    while url:
        body = Client().get(url, HTTP_AUTHORIZATION=f"Token {raw}").json()
        seen += [r["id"] for r in body["results"]]
        url = body["next"]
    assert sorted(seen) == sorted(set(seen))
    assert len(seen) == 4


def test_previous_leads_back_to_the_page_before(world: Any) -> None:
    raw = token_for(world["stat"])
    first = Client().get(URL + "?page_size=2", HTTP_AUTHORIZATION=f"Token {raw}").json()
    second = Client().get(first["next"], HTTP_AUTHORIZATION=f"Token {raw}").json()
    back = Client().get(second["previous"], HTTP_AUTHORIZATION=f"Token {raw}").json()

    assert [r["id"] for r in back["results"]] == [r["id"] for r in first["results"]]
    assert [r["id"] for r in second["results"]] != [r["id"] for r in first["results"]]


def test_revoked_or_unknown_token_is_refused(world: Any) -> None:
    raw = token_for(world["stat"])
    ApiToken.objects.update(revoked_at=timezone.now())
    assert get(raw).status_code == 401
    assert get("not-a-token").status_code == 401


def test_only_the_hash_is_stored(world: Any) -> None:
    raw = token_for(world["stat"])
    stored = ApiToken.objects.get()
    assert raw not in (stored.key_hash, stored.prefix + stored.key_hash)
    assert len(stored.key_hash) == 64


def test_anonymous_is_refused(world: Any) -> None:
    assert Client().get(URL).status_code in (401, 403)


def test_throttled_per_token(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from rest_framework.throttling import SimpleRateThrottle

    # Restored after the test, so the tests after it keep the real rates.
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"token": "2/min", "address": "100/min"}
    )
    raw = token_for(world["stat"])
    assert [get(raw).status_code for _ in range(3)] == [200, 200, 429]


def test_query_count_does_not_grow_with_page_size(
    world: Any, django_assert_num_queries: Any
) -> None:
    raw = token_for(world["leader"])
    with django_assert_num_queries(4):
        get(raw, "?page_size=1")
    with django_assert_num_queries(4):
        get(raw, "?page_size=100")


def test_schema_and_local_docs_are_served(world: Any) -> None:
    client = Client()
    client.force_login(world["leader"])
    assert client.get("/api/v1/schema/").status_code == 200
    docs = client.get("/api/v1/docs/").content.decode()
    assert "drf_spectacular_sidecar" in docs
    assert "cdn" not in docs.lower()


@pytest.fixture
def awkward(world: dict[str, Any]) -> dict[str, Any]:
    """Figures whose text is easy to get wrong: blank, zero, negative and 14-digit values (as many as SQLite keeps),
    growth rates, every stage, sources with quotes, control characters and U+2028, times
    with and without microseconds."""
    ind = Indicator.objects.get(code="gyzcz")
    cases = [
        (None, None, "flash", ""),
        (Decimal("0"), Decimal("0"), "preliminary", '引号"和\\反斜杠'),
        (Decimal("-1.5"), Decimal("-12.3"), "final", "换行\n制表\t\x01\u2028\u2029"),
        (Decimal("9999999999.9999"), Decimal("99999999.99"), "final", "州统计局"),
        (Decimal("0.0001"), Decimal("0.01"), "flash", "演示数据"),
    ]
    for month, (value, growth, stage, source) in enumerate(cases, start=4):
        Figure.objects.create(
            zone=world["a"],
            indicator=ind,
            year=2026,
            month=month,
            value=value,
            reported_growth_pct=growth,
            stage=stage,
            source=source,
            updated_at=timezone.now().replace(microsecond=0 if month % 2 else 123456),
        )
    return world


def test_each_row_is_what_the_figure_serializer_writes(awkward: Any) -> None:
    from api.serializers import FigureSerializer

    body = get(token_for(awkward["stat"]), "?zone=A&page_size=100").json()

    expected = FigureSerializer(Figure.objects.filter(zone__code="A").order_by("id"), many=True)
    assert body["results"] == json.loads(JSONRenderer().render(expected.data))
    values = [r["value"] for r in body["results"][3:]]
    assert values == [None, "0.0000", "-1.5000", "9999999999.9999", "0.0001"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite keeps about 15 digits")
def test_decimals_of_every_digit_postgresql_keeps_are_what_the_serializer_writes(
    world: dict[str, Any],
) -> None:
    """On PostgreSQL the decimals come as the database's text (`figure_values`)."""
    from api.serializers import FigureSerializer

    ind = Indicator.objects.get(code="gyzcz")
    cases = [
        ("99999999999999.9999", "99999999.99"),
        ("-99999999999999.9999", "-99999999.99"),
        ("-0.0001", "-0.01"),
        ("100", "12.3"),
        ("0.5", "0"),
        ("-0", "-0"),
    ]
    for month, (value, growth) in enumerate(cases, start=4):
        Figure.objects.create(
            zone=world["a"],
            indicator=ind,
            year=2026,
            month=month,
            value=Decimal(value),
            reported_growth_pct=Decimal(growth),
        )

    body = get(token_for(world["stat"]), "?zone=A&page_size=100").json()

    expected = FigureSerializer(Figure.objects.filter(zone__code="A").order_by("id"), many=True)
    assert body["results"] == json.loads(JSONRenderer().render(expected.data))
    assert [r["value"] for r in body["results"][3:]] == [
        "99999999999999.9999",
        "-99999999999999.9999",
        "-0.0001",
        "100.0000",
        "0.5000",
        "0.0000",
    ]


def test_the_page_is_the_same_bytes_as_drf_json_renderer_writes(awkward: Any) -> None:
    raw = token_for(awkward["stat"])

    response = get(raw, "?zone=A&page_size=100")

    assert response.content == JSONRenderer().render(response.data)
    assert b"\\u2028" in response.content


def test_indented_output_is_still_served_on_request(awkward: Any) -> None:
    response = Client().get(
        URL + "?zone=A",
        HTTP_AUTHORIZATION=f"Token {token_for(awkward['stat'])}",
        HTTP_ACCEPT="application/json; indent=2",
    )

    assert response.content.startswith(b'{\n  "next"')
    assert len(response.json()["results"]) == 8


def test_a_leader_bound_to_a_zone_still_sees_no_draft_of_it(
    world: dict[str, Any], make_user: Any
) -> None:
    leader = make_user("zone_leader", LEADER, world["a"])

    assert rows(get(token_for(leader))) == {("A", 1), ("B", 1)}


@pytest.mark.parametrize("value", ["5", "0", "1E+3", "1.5", "-0.00001", "12.30", "0.0000"])
def test_decimals_of_any_exponent_are_written_as_the_serializer_writes_them(value: str) -> None:
    """The database returns 4 (and 2) places; other exponents take the quantizing path."""
    from api.serializers import FigureSerializer, figure_rows

    fields = FigureSerializer().fields
    at = timezone.now()
    [row] = figure_rows(
        [(1, "A", "gyzcz", 2026, 1, Decimal(value), Decimal(value), "flash", "", at)]
    )

    assert row["value"] == fields["value"].to_representation(Decimal(value))
    assert row["reported_growth_pct"] == fields["reported_growth_pct"].to_representation(
        Decimal(value)
    )
    assert row["updated_at"] == fields["updated_at"].to_representation(at)


def test_a_time_shared_by_neighbouring_rows_is_written_for_each() -> None:
    from api.serializers import FigureSerializer, figure_rows

    field = FigureSerializer().fields["updated_at"]
    first, second = timezone.now(), timezone.now().replace(microsecond=0)
    times = [first, first, second, first]

    rows = figure_rows([(1, "A", "gyzcz", 2026, 1, None, None, "flash", "", at) for at in times])

    assert [row["updated_at"] for row in rows] == [field.to_representation(t) for t in times]
