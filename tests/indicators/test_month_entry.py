"""A statistician enters a month; validation, review, lock, history and concurrency."""

from __future__ import annotations

import contextlib
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.roles import ADMIN, LEADER, REVIEWER, STATISTICIAN
from audit.models import AuditEvent
from chuxiong_zones.periods import Period
from indicators.models import Figure, FigureRevision, Submission
from targets.models import Indicator

pytestmark = pytest.mark.django_db
PASSWORD = "Chuxiong-test-2023"


@pytest.fixture
def world(make_zone: Any, make_user: Any) -> dict[str, Any]:
    lufeng, wuding = make_zone("lufeng", "禄丰产业园区"), make_zone("wuding", "武定产业园区")
    output = Indicator.objects.create(
        code="gyzcz", name="工业总产值", unit="亿元", kind="flow", decimals=2, display_order=1
    )
    firms = Indicator.objects.create(
        code="gsgyqys", name="规上工业企业数", unit="户", kind="stock", decimals=0, display_order=2
    )
    return {
        "lufeng": lufeng,
        "wuding": wuding,
        "output": output,
        "firms": firms,
        "stat": make_user("stat-lufeng", STATISTICIAN, lufeng),
        "other": make_user("stat-wuding", STATISTICIAN, wuding),
        "reviewer": make_user("reviewer", REVIEWER),
        "leader": make_user("leader", LEADER),
        "admin": make_user("admin", ADMIN),
    }


def month_url(zone: str = "lufeng", year: int = 2025, month: int = 6) -> str:
    return reverse("indicators:month", args=[zone, year, month])


def login(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def post_month(
    client: Client,
    data: dict[str, str],
    *,
    zone: str = "lufeng",
    month: int = 6,
    version: int | None = None,
) -> Any:
    payload = {
        "v_gyzcz": "",
        "g_gyzcz": "",
        "e_gyzcz": "",
        "v_gsgyqys": "",
        "g_gsgyqys": "",
        "e_gsgyqys": "",
        **data,
    }
    if version is not None:
        payload["version"] = str(version)
    return client.post(month_url(zone, month=month), payload)


def figure(code: str, month: int = 6, zone: str = "lufeng") -> Figure | None:
    return Figure.objects.filter(
        zone__code=zone, indicator__code=code, year=2025, month=month
    ).first()


def test_statistician_saves_a_draft_exactly_as_typed_with_history(
    client: Client, world: Any
) -> None:
    login(client, world["stat"])
    response = post_month(client, {"v_gyzcz": "123.40", "v_gsgyqys": "0"})
    assert response.status_code == 302
    output, firms = figure("gyzcz"), figure("gsgyqys")
    assert output is not None
    assert output.value == Decimal("123.40")
    assert firms is not None
    assert firms.value == Decimal(0)
    revision = FigureRevision.objects.get(figure=output)
    assert (revision.old_value, revision.new_value, revision.changed_by) == (
        None,
        Decimal("123.40"),
        world["stat"],
    )
    assert Submission.objects.get(zone=world["lufeng"], year=2025, month=6).status == "draft"


def test_blank_is_not_reported_and_is_not_stored_as_zero(client: Client, world: Any) -> None:
    login(client, world["stat"])
    post_month(client, {"v_gyzcz": "50"})
    assert figure("gsgyqys") is None
    post_month(client, {"v_gyzcz": ""}, version=1)
    cleared = figure("gyzcz")
    assert cleared is not None
    assert cleared.value is None


def test_statistician_cannot_change_another_zones_figures(client: Client, world: Any) -> None:
    login(client, world["other"])
    assert post_month(client, {"v_gyzcz": "99"}).status_code == 403
    assert client.get(month_url("lufeng")).status_code == 403
    assert not Figure.objects.exists()
    assert not Submission.objects.exists()


@pytest.mark.parametrize("role", ["leader", "reviewer", "admin"])
def test_only_the_zones_statistician_writes_figures(client: Client, world: Any, role: str) -> None:
    login(client, world[role])
    assert client.get(month_url()).status_code == 200
    assert post_month(client, {"v_gyzcz": "99"}).status_code == 403
    assert not Figure.objects.exists()


def test_admin_change_form_cannot_edit_figures(
    client: Client, world: Any, django_user_model: Any
) -> None:
    login(client, world["stat"])
    post_month(client, {"v_gyzcz": "10"})
    superuser = django_user_model.objects.create_superuser("root", password=PASSWORD)
    login(client, superuser)
    stored = figure("gyzcz")
    assert stored is not None
    url = reverse("admin:indicators_figure_change", args=[stored.pk])
    client.post(url, {"value": "999"})
    stored.refresh_from_db()
    assert stored.value == Decimal("10")


@pytest.mark.parametrize(
    ("typed", "reason"),
    [("abc", "不是有效数字"), ("1.234", "最多保留 2 位小数"), ("-5", "不能为负数")],
)
def test_bad_value_is_refused_naming_the_indicator_and_nothing_is_saved(
    client: Client, world: Any, typed: str, reason: str
) -> None:
    login(client, world["stat"])
    response = post_month(client, {"v_gyzcz": typed, "v_gsgyqys": "12"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "「工业总产值」" in content
    assert reason in content
    assert not Figure.objects.exists()  # the valid firm count was not half-written either


def test_future_month_is_refused(client: Client, world: Any) -> None:
    login(client, world["stat"])
    next_year = timezone.localdate().year + 1
    url = reverse("indicators:month", args=["lufeng", next_year, 1])
    response = client.post(url, {"v_gyzcz": "1"})
    assert response.status_code == 400
    assert "尚未到来" in response.content.decode()
    assert not Figure.objects.exists()


def test_cumulative_lower_than_last_month_is_an_error(client: Client, world: Any) -> None:
    login(client, world["stat"])
    post_month(client, {"v_gyzcz": "100"}, month=5)
    response = post_month(client, {"v_gyzcz": "90"}, month=6)
    assert response.status_code == 400
    assert "小于上月累计" in response.content.decode()
    assert figure("gyzcz", month=6) is None


def test_unit_slip_warns_and_needs_an_explanation_to_submit(client: Client, world: Any) -> None:
    login(client, world["stat"])
    post_month(client, {"v_gyzcz": "12.5"}, month=5)
    response = post_month(client, {"v_gyzcz": "125000", "submit": "1"}, month=6)
    assert response.status_code == 400
    assert "1 万倍" in response.content.decode()
    assert figure("gyzcz") is None
    response = post_month(
        client, {"v_gyzcz": "125000", "e_gyzcz": "核实无误：新投产项目", "submit": "1"}, month=6
    )
    assert response.status_code == 302
    assert Submission.objects.get(month=6).status == "submitted"


def test_approval_locks_the_month_until_an_admin_unlocks_with_a_reason(
    client: Client, world: Any
) -> None:
    stat, reviewer, admin = Client(), Client(), Client()
    login(stat, world["stat"]), login(reviewer, world["reviewer"]), login(admin, world["admin"])
    post_month(stat, {"v_gyzcz": "100", "submit": "1"})
    approve = reverse("indicators:review", args=["lufeng", 2025, 6, "approve"])
    assert reviewer.post(approve, {"version": Submission.objects.get().version}).status_code == 302
    assert Submission.objects.get().status == "approved"

    response = post_month(stat, {"v_gyzcz": "200"}, version=2)
    assert response.status_code in (400, 403)
    assert figure("gyzcz").value == Decimal(100)  # type: ignore[union-attr]

    unlock = reverse("indicators:review", args=["lufeng", 2025, 6, "unlock"])
    reviewer.post(unlock, {"reason": "试图解锁"})
    assert Submission.objects.get().status == "approved"  # reviewers cannot unlock
    admin.post(unlock, {"reason": ""})
    assert Submission.objects.get().status == "approved"  # a reason is required
    admin.post(unlock, {"reason": "统计局修订一季度数据"})
    submission = Submission.objects.get()
    assert submission.status == "returned"
    assert post_month(stat, {"v_gyzcz": "200"}, version=submission.version).status_code == 302
    assert figure("gyzcz").value == Decimal(200)  # type: ignore[union-attr]
    unlocks = AuditEvent.objects.filter(event="unlock")
    assert [(e.username, e.detail) for e in unlocks] == [
        (world["admin"].username, {"reason": "统计局修订一季度数据"})
    ]


def test_reviewer_returns_with_a_reason_shown_to_the_statistician(
    client: Client, world: Any
) -> None:
    stat, reviewer = Client(), Client()
    login(stat, world["stat"]), login(reviewer, world["reviewer"])
    post_month(stat, {"v_gyzcz": "100", "submit": "1"})
    url = reverse("indicators:review", args=["lufeng", 2025, 6, "return"])
    version = Submission.objects.get().version
    reviewer.post(url, {"reason": "", "version": version})
    assert Submission.objects.get().status == "submitted"
    reviewer.post(url, {"reason": "工业总产值与快报不一致", "version": version})
    assert Submission.objects.get().status == "returned"
    page = stat.get(month_url()).content.decode()
    assert "已退回" in page
    assert "工业总产值与快报不一致" in page


def review_url(action: str) -> str:
    return reverse("indicators:review", args=["lufeng", 2025, 6, action])


def seen_version(page: Any) -> int:
    """The version the review forms of a month page carry."""
    return int(page.content.decode().split('name="version" value="')[-1].split('"')[0])


def test_a_submitted_month_is_read_only_until_it_is_returned(client: Client, world: Any) -> None:
    stat, reviewer = Client(), Client()
    login(stat, world["stat"]), login(reviewer, world["reviewer"])
    post_month(stat, {"v_gyzcz": "70", "submit": "1"})
    page = reviewer.get(month_url())

    # The race of issue 19: the statistician saves 75 over the month the reviewer is reading.
    version = Submission.objects.get().version
    refused = post_month(stat, {"v_gyzcz": "75"}, version=version)
    assert refused.status_code == 400
    assert "已提交，正在等待审核；审核员退回后才能修改" in refused.content.decode()
    assert post_month(stat, {"v_gyzcz": "75", "submit": "1"}).status_code == 400
    assert figure("gyzcz").value == Decimal(70)  # type: ignore[union-attr]
    assert 'name="v_gyzcz"' not in stat.get(month_url()).content.decode()

    assert reviewer.post(review_url("approve"), {"version": seen_version(page)}).status_code == 302
    approved = Submission.objects.get()
    assert approved.status == "approved"
    assert figure("gyzcz").value == Decimal(70)  # type: ignore[union-attr]


def test_an_approval_from_a_page_opened_before_a_change_is_refused_with_the_change_shown(
    world: Any, make_user: Any
) -> None:
    stat, first, second = Client(), Client(), Client()
    login(stat, world["stat"]), login(first, world["reviewer"])
    login(second, make_user("reviewer-2", REVIEWER))
    post_month(stat, {"v_gyzcz": "70", "submit": "1"})
    opened = first.get(month_url())  # the first reviewer reads 70

    # Meanwhile the second reviewer returns it, and the statistician submits 75.
    second.post(review_url("return"), {"reason": "请核对", "version": seen_version(opened)})
    version = Submission.objects.get().version
    assert post_month(stat, {"v_gyzcz": "75", "submit": "1"}, version=version).status_code == 302

    for action, data in (("approve", {}), ("return", {"reason": "不对"})):
        stale = first.post(review_url(action), {**data, "version": seen_version(opened)})
        assert stale.status_code == 409
        content = stale.content.decode()
        assert "在您打开页面后已有变动，未执行此操作" in content
        changed = content.split("stale-review")[1].split("</section>")[0]
        assert '<th scope="row">工业总产值</th>' in changed
        assert '<td class="num">70.00</td><td class="num">75.00</td>' in changed
        assert Submission.objects.get().status == "submitted"

    missing = first.post(review_url("approve"))
    assert missing.status_code == 409
    assert Submission.objects.get().status == "submitted"

    current = first.get(month_url())
    assert first.post(review_url("approve"), {"version": seen_version(current)}).status_code == 302
    assert Submission.objects.get().status == "approved"


def test_second_of_two_concurrent_saves_is_refused_and_keeps_what_was_typed(
    client: Client, world: Any, make_user: Any
) -> None:
    colleague = make_user("stat-lufeng-2", STATISTICIAN, world["lufeng"])
    first, second = Client(), Client()
    login(first, world["stat"]), login(second, colleague)
    assert post_month(first, {"v_gyzcz": "100"}, version=0).status_code == 302
    response = post_month(second, {"v_gyzcz": "150"}, version=0)
    assert response.status_code == 409
    content = response.content.decode()
    assert "已被他人修改" in content
    assert 'value="150"' in content
    assert figure("gyzcz").value == Decimal(100)  # type: ignore[union-attr]


def test_history_page_lists_every_change_with_who(client: Client, world: Any) -> None:
    login(client, world["stat"])
    post_month(client, {"v_gyzcz": "100"}, version=0)
    post_month(client, {"v_gyzcz": "101.5"}, version=1)
    url = reverse("indicators:history", args=["lufeng", 2025, 6, "gyzcz"])
    page = client.get(url).content.decode()
    assert page.count("<td>stat-lufeng</td>") == 2
    assert "101.50" in page


def test_entry_page_shows_last_year_and_computed_growth(client: Client, world: Any) -> None:
    Figure.objects.create(
        zone=world["lufeng"], indicator=world["output"], year=2024, month=6, value=Decimal(80)
    )
    login(client, world["stat"])
    post_month(client, {"v_gyzcz": "100", "g_gyzcz": "24.0"})
    page = client.get(month_url()).content.decode()
    assert "80.00" in page
    assert "25.0%" in page  # 100 / 80 − 1
    assert "1.0" in page  # the bureau's 24.0 against the computed 25.0: a gap of −1.0 points


def test_month_page_query_count_does_not_grow_with_indicators(
    client: Client, world: Any, django_assert_max_num_queries: Any
) -> None:
    login(client, world["stat"])
    post_month(client, {"v_gyzcz": "100", "submit": "1"})
    with django_assert_max_num_queries(16) as few:
        client.get(month_url())
    for n in range(30):
        Indicator.objects.create(code=f"x{n}", name=f"指标{n}", unit="亿元", kind="flow")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(month_url())


def test_open_month_form_goes_to_the_users_own_zone(client: Client, world: Any) -> None:
    login(client, world["stat"])
    response = client.get(reverse("indicators:open-month"), {"year": "2025", "month": "3"})
    assert response["Location"] == month_url("lufeng", month=3)
    response = client.get(reverse("indicators:open-month"), {"year": "2025", "month": "13"})
    assert response["Location"] == reverse("indicators:submissions")


def test_submission_list_shows_only_the_statisticians_zone(client: Client, world: Any) -> None:
    for zone in (world["lufeng"], world["wuding"]):
        Submission.objects.create(zone=zone, year=2025, month=5)
    login(client, world["other"])
    page = client.get(reverse("indicators:submissions")).content.decode()
    assert "武定产业园区" in page
    assert "禄丰产业园区" not in page
    login(client, world["reviewer"])
    page = client.get(reverse("indicators:submissions")).content.decode()
    assert "武定产业园区" in page
    assert "禄丰产业园区" in page


def test_refused_access_is_logged(client: Client, world: Any, caplog: Any) -> None:
    login(client, world["other"])
    with caplog.at_level("WARNING", logger="django.request"):
        post_month(client, {"v_gyzcz": "99"})
    assert any("Forbidden" in record.getMessage() for record in caplog.records)


def test_logins_and_failed_logins_are_logged(client: Client, world: Any, caplog: Any) -> None:
    with caplog.at_level("INFO", logger="axes"):
        client.post(reverse("login"), {"username": "stat-lufeng", "password": "wrong"})
        client.post(reverse("login"), {"username": "stat-lufeng", "password": PASSWORD})
    messages = " ".join(record.getMessage() for record in caplog.records)
    assert "New login failure" in messages
    assert "Successful login" in messages
    assert "stat-lufeng" in messages


def test_a_number_too_large_for_the_column_is_refused_not_a_server_error(
    client: Client, world: Any
) -> None:
    login(client, world["stat"])
    response = post_month(client, {"v_gyzcz": "1" * 15, "g_gyzcz": "123456789"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "数值过大" in content
    assert not Figure.objects.exists()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("1,234.5", "1234.5"), ("261,200.00", "261200.00"), ("261，200", "261200")],
)
def test_thousands_separators_in_groups_of_three_are_accepted(
    client: Client, world: Any, typed: str, stored: str
) -> None:
    login(client, world["stat"])
    response = post_month(client, {"v_gyzcz": typed})
    assert response.status_code == 302
    output = figure("gyzcz")
    assert output is not None
    assert output.value == Decimal(stored)


@pytest.mark.parametrize("typed", ["12,5", "1,23", "1,2345", ",123", "1,,234", "1.234,5"])
def test_a_separator_out_of_place_is_refused_with_the_decimal_point_hint(
    client: Client, world: Any, typed: str
) -> None:
    login(client, world["stat"])
    response = post_month(client, {"v_gyzcz": typed})
    assert response.status_code == 400
    content = response.content.decode()
    assert f"「工业总产值」千分位分隔符位置不对：“{typed}”" in content
    assert "小数点请用“.”" in content
    assert not Figure.objects.exists()


def test_an_explanation_is_limited_to_what_the_figure_holds(client: Client, world: Any) -> None:
    login(client, world["stat"])
    response = post_month(client, {"v_gyzcz": "100", "e_gyzcz": "说" * 501})
    assert response.status_code == 400
    assert "「工业总产值」异常说明不能超过 500 字（现有 501 字）" in response.content.decode()
    assert not Figure.objects.exists()

    assert post_month(client, {"v_gyzcz": "100", "e_gyzcz": "说" * 500}).status_code == 302
    assert figure("gyzcz").explanation == "说" * 500  # type: ignore[union-attr]
    assert Figure._meta.get_field("explanation").max_length == 500


def test_saved_round_values_are_shown_as_typed_not_in_scientific_notation(
    client: Client, world: Any
) -> None:
    login(client, world["stat"])
    post_month(client, {"v_gyzcz": "125000", "e_gyzcz": "核实", "v_gsgyqys": "100"})
    page = client.get(month_url()).content.decode()
    assert 'value="125000"' in page
    assert 'value="100"' in page
    assert "E+" not in page


# --- the bulk write of a month with many entries ------------------------------------------


def _save_many(
    world: dict[str, Any], counted: Any = None
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], int]:
    """A month of 30 indicators over what is on file: new, changed, unchanged, cleared, blank,
    an explanation only; returns the figures, the revisions and the changed count."""
    from indicators import services
    from indicators.validation import Entry

    zone, user = world["lufeng"], world["stat"]
    indicators = [
        Indicator.objects.create(code=f"many{i}", name=f"指标{i}", unit="亿元", kind="stock")
        for i in range(30)
    ]
    for i in range(0, 20):  # on file: 0-19
        Figure.objects.create(
            zone=zone,
            indicator=indicators[i],
            year=2025,
            month=6,
            value=Decimal(i),
            explanation="旧" if i == 3 else "",
        )
    entries = [
        Entry(indicator, value, growth, explanation)
        for indicator, value, growth, explanation in [
            *[(indicators[i], Decimal(i), None, "") for i in range(0, 3)],  # unchanged
            (indicators[3], Decimal(3), None, "新说明"),  # explanation only: no revision
            *[(indicators[i], Decimal(i) + 1, Decimal("1.5"), "") for i in range(4, 18)],
            (indicators[18], None, None, ""),  # cleared
            (indicators[19], Decimal(19), Decimal("2.25"), ""),  # 同比 only
            *[(indicators[i], Decimal(i), None, "") for i in range(20, 28)],  # new
            (indicators[28], None, None, ""),  # blank, nothing on file: skipped
            (indicators[29], None, Decimal("-3"), ""),  # 同比 without a value
        ]
    ]
    with counted if counted is not None else contextlib.nullcontext():
        result = services.month_save(
            user=user,
            zone=zone,
            year=2025,
            month=6,
            entries=entries,
            expected_version=None,
            origin=FigureRevision.Origin.UPLOAD,
            reason="Excel 上传：x.xlsx",
        )
    figures = list(
        Figure.objects.filter(zone=zone)
        .order_by("indicator__code")
        .values_list(
            "indicator__code",
            "value",
            "reported_growth_pct",
            "explanation",
            "updated_by",
            "is_demo",
            "stage",
        )
    )
    revisions = list(
        FigureRevision.objects.order_by("figure__indicator__code").values_list(
            "figure__indicator__code",
            "old_value",
            "new_value",
            "old_reported_growth_pct",
            "new_reported_growth_pct",
            "stage",
            "origin",
            "reason",
            "changed_by",
        )
    )
    return figures, revisions, result.changed


def test_a_month_of_many_entries_is_written_in_a_bounded_number_of_queries_recording_each_change(
    world: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    figures, revisions, changed = _save_many(world, django_assert_max_num_queries(25))

    stat = world["stat"].pk
    assert changed == 26  # 30 − 3 unchanged − 1 blank
    by_code = {code: rest for code, *rest in figures}
    assert len(by_code) == 29  # 20 on file, 8 new, 1 with 同比 only
    assert by_code["many0"] == [Decimal(0), None, "", None, False, "flash"]  # unchanged
    assert by_code["many3"] == [Decimal(3), None, "新说明", stat, False, "flash"]
    assert by_code["many4"] == [Decimal(5), Decimal("1.5"), "", stat, False, "flash"]
    assert by_code["many18"][:2] == [None, None]  # cleared
    assert by_code["many19"][:2] == [Decimal(19), Decimal("2.25")]
    assert by_code["many20"] == [Decimal(20), None, "", stat, False, "flash"]  # new
    assert by_code["many29"][:2] == [None, Decimal(-3)]
    assert "many28" not in by_code  # blank with nothing on file: nothing written
    # A revision for every change of value or 同比, none for the explanation alone.
    revised = {code: rest for code, *rest in revisions}
    assert len(revisions) == 25
    assert "many3" not in revised
    assert revised["many4"] == [
        Decimal(4),
        Decimal(5),
        None,
        Decimal("1.5"),
        "flash",
        "upload",
        "Excel 上传：x.xlsx",
        stat,
    ]
    assert revised["many18"][:2] == [Decimal(18), None]
    assert revised["many20"][:2] == [None, Decimal(20)]


def test_a_value_too_large_for_its_column_is_refused_by_the_planner_whatever_path_built_it(
    world: dict[str, Any],
) -> None:
    """An Entry built in code (not parsed from text) still gets the one value check."""
    from indicators import services
    from indicators.validation import Entry

    indicators = [
        Indicator.objects.create(code=f"many{i}", name=f"指标{i}", unit="亿元", kind="stock")
        for i in range(25)
    ]
    entries = [Entry(i, Decimal(1)) for i in indicators[:-1]]
    entries.append(Entry(indicators[-1], Decimal("1" * 15)))  # 15 integer digits: 14 fit

    with pytest.raises(services.MonthRejected) as refused:
        services.month_save(
            user=world["stat"],
            zone=world["lufeng"],
            year=2025,
            month=6,
            entries=entries,
            expected_version=None,
        )
    [issue] = refused.value.issues
    assert (issue.indicator, issue.code) == ("many24", "too_large")
    assert "整数部分最多 14 位" in issue.message
    assert not Figure.objects.exists()


def test_a_write_split_into_many_statements_without_insert_returning_has_the_same_outcome(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The inserts split into several statements (as 10,000 rows of an upload are), on a
    backend that returns no rows from an insert: the new figures' ids are read back."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from indicators import bulk

    with transaction.atomic():
        expected = _save_many(world)
        transaction.set_rollback(True)
    monkeypatch.setattr(connection.features, "max_query_params", 30)  # SQLite's limit, shrunk
    monkeypatch.setattr(bulk, "ROWS_PER_STATEMENT", 2)  # PostgreSQL's batch, shrunk
    monkeypatch.setattr(type(connection.features), "can_return_rows_from_bulk_insert", False)

    with CaptureQueriesContext(connection) as queries:
        outcome = _save_many(world)

    assert outcome == expected
    inserted = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("INSERT INTO")]
    assert len([sql for sql in inserted if '"indicators_figure" ' in sql]) > 1  # it was split


def test_update_rows_needs_the_primary_key_first_and_known_fields() -> None:
    from indicators import bulk

    with pytest.raises(ValueError, match="first column must be id"):
        bulk.update_rows(Figure, shared={}, columns=("value", "id"), rows=[(1, 1)])
    with pytest.raises(ValueError, match="no fields"):
        bulk.update_rows(Figure, shared={"who": 1}, columns=("id", "value"), rows=[(1, 1)])


def test_insert_rows_refuses_fields_it_cannot_fill() -> None:
    from indicators import bulk
    from indicators.models import FigureRevision

    with pytest.raises(ValueError, match="no fields"):
        bulk.insert_rows(FigureRevision, shared={"who": 1}, columns=(), rows=[])
    with pytest.raises(ValueError, match="changed_at is set on save"):
        bulk.insert_rows(
            FigureRevision,
            shared={"origin": "form", "stage": "flash"},
            columns=("figure_id",),
            rows=[(1,)],
        )


# --- several months in one call (the upload's confirm) ------------------------------------


def test_months_saved_together_are_checked_against_each_other_not_what_was_on_file(
    world: dict[str, Any],
) -> None:
    """June is checked against May as the same call leaves it: 5月 on file was 500, the call
    corrects it to 100, so a June of 150 is a rise (not a fall from 500)."""
    from indicators import services
    from indicators.validation import Entry

    Figure.objects.create(
        zone=world["lufeng"], indicator=world["output"], year=2025, month=5, value=Decimal(500)
    )
    output = world["output"]

    results = services.months_save(
        user=world["stat"],
        zone=world["lufeng"],
        origin=FigureRevision.Origin.UPLOAD,
        months=[
            services.MonthEntries(2025, 6, [Entry(output, Decimal(150))]),
            services.MonthEntries(2025, 5, [Entry(output, Decimal(100))]),
        ],
    )

    assert [(r.submission.month, r.changed, r.submission.version) for r in results] == [
        (5, 1, 1),
        (6, 1, 1),
    ]
    assert [figure("gyzcz", month=m).value for m in (5, 6)] == [100, 150]  # type: ignore[union-attr]
    assert Submission.objects.get(month=5).events.get().action == "import"


def test_months_saved_together_are_refused_at_the_first_bad_month_and_none_is_saved(
    world: dict[str, Any],
) -> None:
    from indicators import services
    from indicators.validation import Entry

    output = world["output"]
    months = [
        services.MonthEntries(2025, m, [Entry(output, Decimal(v))])
        for m, v in ((4, 80), (5, 100), (6, 90), (7, 70))
    ]

    with pytest.raises(services.MonthRejected) as refused:
        services.months_save(user=world["stat"], zone=world["lufeng"], months=months)

    assert refused.value.period == Period(2025, 6)  # 90 below May's 100; July is not reached
    assert [i.code for i in refused.value.issues] == ["cumulative_decreased"]
    assert not Figure.objects.exists()
    assert not FigureRevision.objects.exists()
    assert not Submission.objects.exists()
