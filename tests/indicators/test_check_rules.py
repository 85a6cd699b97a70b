"""审核公式 (checks across indicators) on every write path — the month form, the Excel upload,
the API and the admin import — as data an admin edits; and the rule that a month opens on its
last day and is submitted and approved only once it has ended."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
import tablib
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.roles import ADMIN, REVIEWER, STATISTICIAN
from api.models import ApiToken
from indicators import services
from indicators.excel.columns import (
    CODE,
    COLUMNS,
    EXPLANATION,
    GROWTH,
    MONTH,
    SHEET_NAME,
    VALUE,
    YEAR,
    ZONE,
)
from indicators.models import CheckRule, Figure, Submission
from indicators.resources import FigureResource
from indicators.validation import Entry
from targets.models import Indicator

pytestmark = pytest.mark.django_db
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
RULE = "规上工业总产值不大于工业总产值"
MESSAGE = "「规上工业总产值」213.87亿元 大于「工业总产值」200.00亿元（审核公式：" + RULE + "）"


@pytest.fixture(autouse=True)
def _clear_throttles() -> None:
    cache.clear()


@pytest.fixture
def world(make_zone: Any, make_user: Any) -> dict[str, Any]:
    lufeng = make_zone("lufeng", "禄丰产业园区")
    output = Indicator.objects.create(
        code="gyzcz", name="工业总产值", unit="亿元", kind="flow", decimals=2, display_order=1
    )
    above = Indicator.objects.create(
        code="gsgyzcz", name="规上工业总产值", unit="亿元", kind="flow", decimals=2, display_order=2
    )
    firms = Indicator.objects.create(
        code="gxjsqys", name="高新技术企业数", unit="家", kind="stock", decimals=0, display_order=3
    )
    materials = Indicator.objects.create(
        code="xclcz", name="新材料产业产值", unit="亿元", kind="flow", decimals=2, display_order=4
    )
    rule = CheckRule.objects.create(name=RULE, kind="not_above", level="error", whole=output)
    rule.parts.set([above])
    return {
        "lufeng": lufeng,
        "output": output,
        "above": above,
        "firms": firms,
        "materials": materials,
        "rule": rule,
        "stat": make_user("stat-lufeng", STATISTICIAN, lufeng),
        "reviewer": make_user("reviewer", REVIEWER),
        "admin": make_user("admin", ADMIN, staff=True),
    }


def nothing_written(month: int = 6) -> bool:
    return not Figure.objects.filter(month=month).exists()


# Each kind of 审核公式, as an error: the June figures typed, the message expected (on the row
# of the indicator named first).
SUM = "规上工业与新材料产值之和不大于工业总产值"
NO_FALL = "高新技术企业数较上期减少须说明"
CASES: dict[str, tuple[dict[str, str], str, str]] = {
    "a part above its whole": (
        {"gyzcz": "200", "gsgyzcz": "213.87"},
        "gsgyzcz",
        MESSAGE,
    ),
    "parts summing above the whole": (
        {"gyzcz": "200", "gsgyzcz": "150", "xclcz": "60.5"},
        "gyzcz",
        "「规上工业总产值」、「新材料产业产值」合计 210.50亿元 大于「工业总产值」200.00亿元"
        f"（审核公式：{SUM}）",
    ),
    "a stock below last month": (
        {"gxjsqys": "65"},
        "gxjsqys",
        f"「高新技术企业数」65家 低于上期的 70家（审核公式：{NO_FALL}）",
    ),
}


@pytest.fixture(params=list(CASES))
def case(request: pytest.FixtureRequest, world: dict[str, Any]) -> tuple[dict[str, str], str, str]:
    """One kind of rule in force (as an error), May's figures on file."""
    CheckRule.objects.all().delete()
    for code, value in {"gyzcz": 150, "gxjsqys": 70}.items():
        Figure.objects.create(
            zone=world["lufeng"],
            indicator=Indicator.objects.get(code=code),
            year=2025,
            month=5,
            value=value,
        )
    if request.param == "a part above its whole":
        rule = CheckRule.objects.create(name=RULE, kind="not_above", whole=world["output"])
        rule.parts.set([world["above"]])
    elif request.param == "parts summing above the whole":
        rule = CheckRule.objects.create(name=SUM, kind="not_above", whole=world["output"])
        rule.parts.set([world["above"], world["materials"]])
    else:
        rule = CheckRule.objects.create(name=NO_FALL, kind="no_fall")
        rule.parts.set([world["firms"]])
    return CASES[request.param]


# --- every write path -----------------------------------------------------------------------


def test_the_month_form_refuses_each_rule_naming_both_indicators_and_values(
    client: Client, world: dict[str, Any], case: tuple[dict[str, str], str, str]
) -> None:
    typed, _, message = case
    client.force_login(world["stat"])
    blank = {"v_gyzcz": "", "v_gsgyzcz": "", "v_gxjsqys": "", "v_xclcz": ""}
    response = client.post(
        reverse("indicators:month", args=["lufeng", 2025, 6]),
        blank | {f"v_{code}": value for code, value in typed.items()},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert nothing_written()


def _xlsx(rows: list[list[Any]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET_NAME
    sheet.append(list(COLUMNS))
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_the_upload_preview_shows_each_rule_at_its_row_and_offers_no_confirm(
    client: Client, world: dict[str, Any], case: tuple[dict[str, str], str, str]
) -> None:
    typed, on_row, message = case
    client.force_login(world["stat"])
    data = _xlsx(
        [
            ["lufeng", 2025, 6, code, None, None, value, None, None, None]
            for code, value in typed.items()
        ]
    )
    response = client.post(
        reverse("indicators:upload", args=["lufeng"]), {"file": SimpleUploadedFile("f.xlsx", data)}
    )
    row = list(typed).index(on_row) + 2  # the header is row 1
    assert f"第 {row} 行「本期累计数值」列：{message}" in response.content.decode()
    assert response.context["token"] is None  # nothing to confirm
    assert nothing_written()


def test_the_api_refuses_each_rule_as_json_naming_the_indicator(
    world: dict[str, Any], case: tuple[dict[str, str], str, str]
) -> None:
    typed, on_row, message = case
    token = ApiToken(user=world["stat"], client="园区报表系统")
    raw = token.issue()
    token.save()
    response = Client().post(
        "/api/v1/zones/lufeng/months/2025/6/",
        {"figures": [{"indicator": code, "value": value} for code, value in typed.items()]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {raw}",
    )
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert (error["indicator"], error["message"]) == (on_row, message)
    assert nothing_written()


def test_the_admin_import_refuses_each_rule_naming_the_row(
    world: dict[str, Any], case: tuple[dict[str, str], str, str]
) -> None:
    typed, on_row, message = case
    headers = [ZONE, CODE, YEAR, MONTH, VALUE, GROWTH, EXPLANATION]
    data = tablib.Dataset(
        *[("lufeng", code, 2025, 6, value, None, None) for code, value in typed.items()],
        headers=headers,
    )
    result = FigureResource().import_data(data, dry_run=False, user=world["admin"])
    errors = " ".join(str(e.error) for e in result.base_errors)
    row = list(typed).index(on_row) + 2
    assert f"第 {row} 行：禄丰产业园区2025年6月{message}" in errors
    assert nothing_written()


def _add_rule(client: Client, world: dict[str, Any], *, name: str, level: str, part: str) -> Any:
    """An admin adds "<part> not above 工业总产值" on the admin's add page."""
    client.force_login(world["admin"])
    form = {
        "name": name,
        "kind": "not_above",
        "level": level,
        "parts": [world[part].pk],
        "whole": world["output"].pk,
        "active": "on",
        "note": "",
    }
    return client.post(reverse("admin:indicators_checkrule_add"), form)


def test_a_rule_an_admin_adds_in_the_admin_applies_to_the_next_save(
    client: Client, world: dict[str, Any]
) -> None:
    world["rule"].delete()
    response = _add_rule(client, world, name="规上不超总量", level="warning", part="above")
    assert response.status_code == 302, response.content.decode()

    [warning] = _save_june(world).warnings  # a draft saves; submitting needs an explanation
    assert warning.message.endswith("（审核公式：规上不超总量）")
    with pytest.raises(services.MonthRejected, match="以下预警需填写说明后才能提交"):
        _save_june(world, submit=True)


def _save_june(world: dict[str, Any], *, submit: bool = False) -> services.SaveResult:
    """June with 规上工业总产值 213.87 above 工业总产值 200."""
    entries = [Entry(world["output"], Decimal(200)), Entry(world["above"], Decimal("213.87"))]
    return services.month_save(
        user=world["stat"],
        zone=world["lufeng"],
        year=2025,
        month=6,
        entries=entries,
        expected_version=None,
        submit=submit,
    )


def test_the_admin_refuses_a_rule_comparing_indicators_of_different_units(
    client: Client, world: dict[str, Any]
) -> None:
    response = _add_rule(client, world, name="不可比", level="error", part="firms")
    assert response.status_code == 200
    assert (
        "「高新技术企业数」（家）与总量「工业总产值」（亿元）计量单位不同"
        in response.content.decode()
    )
    assert CheckRule.objects.count() == 1


def test_a_switched_off_rule_checks_nothing(world: dict[str, Any]) -> None:
    CheckRule.objects.update(active=False)
    assert _save_june(world).changed == 2


# --- a month opens on its last day; it is submitted and approved once it has ended ------------


def _save(world: dict[str, Any], *, submit: bool = False) -> services.SaveResult:
    return services.month_save(
        user=world["stat"],
        zone=world["lufeng"],
        year=2026,
        month=11,
        entries=[Entry(world["output"], Decimal(100))],
        expected_version=None,
        submit=submit,
    )


def test_a_month_cannot_be_entered_before_its_last_day(world: dict[str, Any]) -> None:
    with (
        time_machine.travel(datetime.datetime(2026, 11, 29, 12, tzinfo=SHANGHAI), tick=False),
        pytest.raises(services.MonthRejected, match="2026年11月尚未结束"),
    ):
        _save(world)
    assert nothing_written(month=11)


def test_the_current_month_opens_on_its_last_day_for_a_draft_but_not_for_submitting(
    world: dict[str, Any],
) -> None:
    with time_machine.travel(datetime.datetime(2026, 11, 30, 9, tzinfo=SHANGHAI), tick=False):
        assert _save(world).changed == 1
        with pytest.raises(services.MonthRejected, match="月份结束后才能提交或审核"):
            _save(world, submit=True)
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, tzinfo=SHANGHAI), tick=False):
        assert _save(world, submit=True).submission.status == "submitted"


def test_a_month_cannot_be_approved_before_it_has_ended(world: dict[str, Any]) -> None:
    submission = Submission.objects.create(
        zone=world["lufeng"], year=2026, month=11, status="submitted"
    )
    with (
        time_machine.travel(datetime.datetime(2026, 11, 30, 20, tzinfo=SHANGHAI), tick=False),
        pytest.raises(services.MonthRejected, match="尚未结束"),
    ):
        services.submission_approve(user=world["reviewer"], submission=submission)
    submission.refresh_from_db()
    assert submission.status == "submitted"
    with time_machine.travel(datetime.datetime(2026, 12, 1, 8, tzinfo=SHANGHAI), tick=False):
        approved = services.submission_approve(user=world["reviewer"], submission=submission)
    assert approved.status == "approved"


def test_the_month_page_says_when_a_month_opens(client: Client, world: dict[str, Any]) -> None:
    client.force_login(world["stat"])
    with time_machine.travel(datetime.datetime(2026, 11, 20, 9, tzinfo=SHANGHAI), tick=False):
        response = client.post(
            reverse("indicators:month", args=["lufeng", 2026, 11]),
            {"v_gyzcz": "100", "v_gsgyzcz": "", "v_gxjsqys": ""},
        )
    assert "2026年11月尚未结束，月末最后一天（11月30日）起才能填报" in response.content.decode()
    assert nothing_written(month=11)


# --- the shipped rules ----------------------------------------------------------------------


def test_the_demo_figures_pass_every_shipped_rule_that_is_an_error() -> None:
    """The demo a newcomer starts must not be refused by the 审核公式 shipped with it."""
    call_command("loaddata", "catalogue", "indicators", "check_rules", "targets", verbosity=0)
    assert CheckRule.objects.filter(active=True).count() >= 10
    with time_machine.travel(datetime.datetime(2026, 12, 6, 9, tzinfo=SHANGHAI), tick=False):
        call_command("demo_figures", "--from", "2024", stdout=io.StringIO())
        checked = 0
        for zone_id, year, month in Submission.objects.filter(year=2026, month=11).values_list(
            "zone", "year", "month"
        ):
            figures = Figure.objects.filter(zone=zone_id, year=year, month=month)
            entries = [
                Entry(f.indicator, f.value, f.reported_growth_pct, f.explanation)
                for f in figures.select_related("indicator")
            ]
            zone = figures.first().zone  # type: ignore[union-attr]
            issues = services.validate_month(zone=zone, year=year, month=month, entries=entries)
            assert [i.message for i in issues if i.is_error and i.code == "rule"] == []
            checked += len(entries) >= 15
    assert checked == 4
