"""POST /api/v1/zones/<code>/months/<year>/<month>/: the one write, through months_save —
the form's validation, warnings needing explanations, the lock, revisions, all or nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from accounts.roles import LEADER, REVIEWER, STATISTICIAN
from api.models import ApiToken
from indicators import services
from indicators.models import Figure, FigureRevision, Submission
from targets.models import Indicator

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_throttles() -> None:
    cache.clear()


@pytest.fixture
def world(make_zone: Any, make_user: Any) -> dict[str, Any]:
    lufeng, wuding = make_zone("lufeng", "禄丰产业园区"), make_zone("wuding", "武定产业园区")
    Indicator.objects.create(
        code="gyzcz", name="工业总产值", unit="亿元", kind="flow", decimals=2, display_order=1
    )
    Indicator.objects.create(
        code="gsgyqys", name="规上工业企业数", unit="户", kind="stock", decimals=0, display_order=2
    )
    return {
        "lufeng": lufeng,
        "wuding": wuding,
        "stat": make_user("stat-lufeng", STATISTICIAN, lufeng),
        "other": make_user("stat-wuding", STATISTICIAN, wuding),
        "reviewer": make_user("reviewer", REVIEWER),
        "leader": make_user("leader", LEADER),
    }


def token(user: Any) -> str:
    api_token = ApiToken(user=user, client="园区报表系统")
    raw = api_token.issue()
    api_token.save()
    return raw


def post(
    user: Any, figures: list[dict[str, Any]], *, zone: str = "lufeng", month: int = 6, **extra: Any
) -> Any:
    return Client().post(
        f"/api/v1/zones/{zone}/months/2025/{month}/",
        {"figures": figures, **extra},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token(user)}",
    )


def value(code: str, month: int = 6, zone: str = "lufeng") -> Decimal | None:
    figure = Figure.objects.filter(
        zone__code=zone, indicator__code=code, year=2025, month=month
    ).first()
    return None if figure is None else figure.value


def test_statistician_token_saves_a_draft_exactly_as_given_with_revisions(world: Any) -> None:
    response = post(
        world["stat"],
        [{"indicator": "gyzcz", "value": "123.40"}, {"indicator": "gsgyqys", "value": 0}],
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["changed"], body["version"]) == ("draft", 2, 1)
    assert value("gyzcz") == Decimal("123.40")
    assert value("gsgyqys") == Decimal(0)
    revision = FigureRevision.objects.get(figure__indicator__code="gyzcz")
    assert (revision.old_value, revision.new_value, revision.changed_by) == (
        None,
        Decimal("123.40"),
        world["stat"],
    )
    assert revision.get_origin_display() == "接口报送"  # not the web form


def test_session_login_works_too(world: Any) -> None:
    client = Client()
    client.force_login(world["stat"])
    response = client.post(
        "/api/v1/zones/lufeng/months/2025/6/",
        {"figures": [{"indicator": "gyzcz", "value": "5"}], "submit": True},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert Submission.objects.get(zone=world["lufeng"], month=6).status == "submitted"


def test_errors_name_indicator_field_and_reason_in_chinese_and_save_nothing(world: Any) -> None:
    response = post(
        world["stat"],
        [{"indicator": "gyzcz", "value": "12.5"}, {"indicator": "gsgyqys", "value": "十二"}],
    )
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert (error["indicator"], error["indicator_name"], error["field"]) == (
        "gsgyqys",
        "规上工业企业数",
        "value",
    )
    assert "不是有效数字" in error["message"]
    assert value("gyzcz") is None  # all or nothing
    unknown = post(world["stat"], [{"indicator": "nope", "value": "1"}]).json()["errors"]
    assert (unknown[0]["field"], unknown[0]["indicator"]) == ("indicator", "nope")
    assert "不是本开发区的填报指标" in unknown[0]["message"]


def test_the_services_validation_applies_cumulative_below_last_month(world: Any) -> None:
    assert post(world["stat"], [{"indicator": "gyzcz", "value": "100"}], month=5).status_code == 200
    response = post(world["stat"], [{"indicator": "gyzcz", "value": "90"}])
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["indicator"] == "gyzcz"
    assert "小于上月累计" in error["message"]
    assert value("gyzcz") is None


def test_a_warning_needs_an_explanation_to_submit(world: Any) -> None:
    post(world["stat"], [{"indicator": "gyzcz", "value": "12.5"}], month=5)
    refused = post(world["stat"], [{"indicator": "gyzcz", "value": "125000"}], submit=True)
    assert refused.status_code == 400
    assert refused.json()["detail"] == "以下预警需填写说明后才能提交"
    assert "1 万倍" in refused.json()["errors"][0]["message"]
    assert value("gyzcz") is None
    draft = post(world["stat"], [{"indicator": "gyzcz", "value": "125000"}])
    assert draft.status_code == 200
    assert "1 万倍" in draft.json()["warnings"][0]["message"]  # a draft saves, with the warning
    done = post(
        world["stat"],
        [{"indicator": "gyzcz", "value": "125000", "explanation": "核实无误：新投产项目"}],
        submit=True,
    )
    assert done.status_code == 200
    assert done.json()["status"] == "submitted"


@pytest.mark.parametrize("who", ["other", "reviewer", "leader"])
def test_another_zones_month_is_refused(world: Any, who: str) -> None:
    response = post(world[who], [{"indicator": "gyzcz", "value": "1"}])
    assert response.status_code == 403
    assert value("gyzcz") is None


def test_an_approved_month_is_refused(world: Any) -> None:
    post(world["stat"], [{"indicator": "gyzcz", "value": "100"}], submit=True)
    services.submission_approve(user=world["reviewer"], submission=Submission.objects.get(month=6))
    response = post(world["stat"], [{"indicator": "gyzcz", "value": "200"}])
    assert response.status_code == 400
    assert "已审核锁定" in response.json()["detail"]
    assert value("gyzcz") == Decimal(100)


def test_a_stale_version_is_a_conflict(world: Any) -> None:
    post(world["stat"], [{"indicator": "gyzcz", "value": "100"}])
    response = post(world["stat"], [{"indicator": "gyzcz", "value": "200"}], version=0)
    assert response.status_code == 409
    assert value("gyzcz") == Decimal(100)


def test_anonymous_and_revoked_tokens_cannot_write(world: Any) -> None:
    url = "/api/v1/zones/lufeng/months/2025/6/"
    assert Client().post(url, {"figures": []}, content_type="application/json").status_code in (
        401,
        403,
    )
    raw = token(world["stat"])
    ApiToken.objects.update(revoked_at="2025-01-01T00:00:00Z")
    response = Client().post(
        url,
        {"figures": [{"indicator": "gyzcz", "value": "1"}]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {raw}",
    )
    assert response.status_code == 401
    assert value("gyzcz") is None
