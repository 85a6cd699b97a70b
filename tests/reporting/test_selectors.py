"""Completeness and timeliness, 本月未报送 and the review queue, read from the database with
a frozen clock, and their query counts for few zones and months or many."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from chuxiong_zones.periods import Period
from indicators.models import Figure, Submission
from reporting import selectors
from reporting.deadlines import State
from reporting.models import DeadlineException

from .conftest import World, at, make_zone

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 12, 20)


def cell(report: selectors.Completeness, code: str, month: int) -> selectors.Cell:
    row = next(r for r in report.rows if r.zone.code == code)
    return row.cells[month - 1]


def test_each_zone_month_has_its_state_days_late_and_share_filled(world: World) -> None:
    world.submit("cxgx", 2026, 10, when=at(D(2026, 11, 5), hour=23), status="approved")
    world.submit("lufeng", 2026, 10, when=at(D(2026, 11, 8)))
    world.submit("wuding", 2026, 10, when=at(D(2026, 11, 3)), status="returned")
    world.fill("cxgx", 2026, 10, 3)

    report = selectors.completeness(year=2026, today=TODAY)

    assert [r.zone.code for r in report.rows] == ["cxgx", "lufeng", "wuding"]  # no benchmark
    assert cell(report, "cxgx", 10).state.label == "已审核"
    assert cell(report, "lufeng", 10).state.label == "逾期报送 3天"
    assert cell(report, "wuding", 10).state.state is State.RETURNED
    assert cell(report, "cxgx", 11).state.label == "未报 15天"  # due 2026-12-05
    assert cell(report, "cxgx", 12).state.state is State.NOT_DUE
    assert cell(report, "cxgx", 10).share_pct == 75  # 3 of the 4 monthly indicators
    assert cell(report, "cxgx", 10).expected == 4
    assert cell(report, "cxgx", 12).expected == 5  # December also expects the annual one


def test_timeliness_is_decided_by_the_first_submit(world: World) -> None:
    world.submit(
        "lufeng", 2026, 10, first=at(D(2026, 11, 4)), when=at(D(2026, 11, 20)), status="approved"
    )

    report = selectors.completeness(year=2026, today=TODAY)

    assert cell(report, "lufeng", 10).state.label == "已审核"
    assert cell(report, "lufeng", 10).state.days_late is None


def test_a_submit_late_in_the_evening_of_the_due_date_is_on_time(world: World) -> None:
    world.submit("lufeng", 2026, 10, when=at(D(2026, 11, 5), hour=23))  # 15:00 UTC

    report = selectors.completeness(year=2026, today=TODAY)

    assert cell(report, "lufeng", 10).state.label == "已报"


def test_the_deadline_moves_with_an_exception(world: World) -> None:
    world.submit("lufeng", 2026, 1, when=at(D(2026, 2, 20)))
    before = cell(selectors.completeness(year=2026, today=TODAY), "lufeng", 1)
    DeadlineException.objects.create(year=2026, month=1, due_date=D(2026, 2, 24), reason="春节")

    after = cell(selectors.completeness(year=2026, today=TODAY), "lufeng", 1)

    assert (before.state.label, before.state.due) == ("逾期报送 15天", D(2026, 2, 5))
    assert (after.state.label, after.state.due) == ("已报", D(2026, 2, 24))


def test_the_prefectures_rates_follow_dhis2(world: World) -> None:
    # November, on 2026-12-20: one on time, one late, one missing.
    world.submit("cxgx", 2026, 11, when=at(D(2026, 12, 4)), status="approved")
    world.submit("lufeng", 2026, 11, when=at(D(2026, 12, 7)))

    report = selectors.completeness(year=2026, today=TODAY)

    november = report.columns[10]
    assert (november.rates.expected, november.rates.reported, november.rates.on_time) == (3, 2, 1)
    assert str(november.rates.reporting_rate) == "66.7"
    assert str(november.rates.on_time_rate) == "33.3"
    assert report.rates.expected == 33  # 11 months due × 3 zones; December not yet


def test_this_months_unreported_zones_are_named(world: World) -> None:
    world.submit("cxgx", 2026, 11, when=at(D(2026, 12, 2)))
    world.submit("lufeng", 2026, 11, when=at(D(2026, 12, 2)), status="returned")

    period, zones = selectors.zones_not_reported(today=D(2026, 12, 3))

    assert period == Period(2026, 11)
    assert [z.name for z in zones] == ["禄丰产业园区", "武定产业园区"]


def test_the_queue_lists_awaiting_review_and_late_months_and_filters_them(world: World) -> None:
    world.submit("cxgx", 2026, 11, when=at(D(2026, 12, 4)))
    world.submit("lufeng", 2026, 11, when=at(D(2026, 12, 2)), status="returned")
    world.submit("cxgx", 2025, 3, when=at(D(2025, 4, 3)))  # long ago, still awaiting review
    for code in ("cxgx", "lufeng", "wuding"):
        for month in range(1, 11):
            world.submit(code, 2026, month, when=at(D(2026, month + 1, 2)), status="approved")
    world.submit("cxgx", 2025, 12, when=at(D(2026, 1, 2)), status="approved")
    for code in ("lufeng", "wuding"):
        world.submit(code, 2025, 12, when=at(D(2026, 1, 2)), status="approved")

    queue = selectors.review_queue(today=TODAY)
    rows = [(r.zone.code, r.year, r.month, r.status_label, r.waiting_days) for r in queue.rows]

    assert rows == [
        ("cxgx", 2025, 3, "待审核", 626),
        ("cxgx", 2026, 11, "待审核", 16),
        ("lufeng", 2026, 11, "已退回待重报", None),
        ("wuding", 2026, 11, "逾期未报", None),
    ]
    only_late = selectors.review_queue(today=TODAY, status="missing").rows
    assert [(r.zone.code, r.month) for r in only_late] == [("wuding", 11)]
    of_zone = selectors.review_queue(today=TODAY, zone_code="cxgx").rows
    assert {r.zone.code for r in of_zone} == {"cxgx"}
    # a month chosen is looked at even beyond the last twelve: there the others never reported
    of_month = selectors.review_queue(today=TODAY, period=Period(2025, 3)).rows
    assert [(r.zone.code, r.status_label) for r in of_month] == [
        ("cxgx", "待审核"),
        ("lufeng", "逾期未报"),
        ("wuding", "逾期未报"),
    ]


SIZES = [pytest.param((3, 1), id="3-zones-1-year"), pytest.param((30, 3), id="30-zones-3-years")]


@pytest.fixture
def many(request: pytest.FixtureRequest, world: World) -> World:
    zone_count, years = request.param
    for i in range(3, zone_count):
        world.zones[f"z{i}"] = make_zone(f"z{i}", f"第{i}园区", 10 + i)
    statuses = ["approved", "submitted", "returned", "draft"]
    for index, code in enumerate(world.zones):
        if code == "kmgx":
            continue
        for year in range(2027 - years, 2027):
            for month in range(1, 12):
                status = statuses[(index + month) % 4]
                when = at(D(year, month + 1, 1 + (index + month) % 9))
                world.submit(code, year, month, when=when, status=status)
                world.fill(code, year, month, 2)
    return world


@pytest.mark.parametrize("many", SIZES, indirect=True)
def test_the_completeness_page_runs_the_same_queries_for_few_zones_or_many(
    many: World, client: Any, django_assert_num_queries: Any, frozen: Any
) -> None:
    client.force_login(many.users["leader"])
    # session, user; permissions (user's, groups'); calendar settings, exceptions, zones,
    # submissions with their first submit, expected indicators, figures filled
    with django_assert_num_queries(2 + 2 + 6):
        response = client.get("/reporting/?year=2026")
    assert response.status_code == 200
    assert response.content.decode().count('class="rp-state rp-state--') >= 12 * 3


@pytest.mark.parametrize("many", SIZES, indirect=True)
def test_the_queue_runs_the_same_queries_for_few_zones_or_many(
    many: World, client: Any, django_assert_num_queries: Any, frozen: Any
) -> None:
    client.force_login(many.users["reviewer"])
    # session, user; permissions (user's, groups'); calendar settings, exceptions, zones,
    # submissions with their first and last submit, explained figures of the awaiting months
    with django_assert_num_queries(2 + 2 + 5):
        response = client.get("/reporting/queue/?status=")
    assert response.status_code == 200
    assert "待审核" in response.content.decode()


def test_the_queue_shows_how_many_figures_of_a_month_awaiting_review_were_explained(
    world: World, client: Any, frozen: Any
) -> None:
    """The reviewer sees from the queue which months carry anomalies the statistician had to
    explain, and opens the month at its list of them."""
    world.submit("cxgx", 2026, 11, when=at(D(2026, 12, 4)))
    world.submit("lufeng", 2026, 11, when=at(D(2026, 12, 3)))
    world.submit("wuding", 2026, 10, when=at(D(2026, 11, 3)), status="approved")
    for code, month in (("cxgx", 11), ("lufeng", 11), ("wuding", 10)):
        world.fill(code, 2026, month, 3)
    explained = "园区新投产企业集中入统，产值大幅增长"
    Figure.objects.filter(zone__code="cxgx", month=11, indicator__in=world.indicators[:2]).update(
        explanation=explained
    )
    Figure.objects.filter(zone__code="wuding", month=10).update(explanation=explained)
    Figure.objects.filter(zone__code="cxgx", month=10).update(explanation=explained)  # none

    rows = {(r.zone.code, r.month): r.explained for r in selectors.review_queue(today=TODAY).rows}
    assert rows[("cxgx", 11)] == 2
    assert rows[("lufeng", 11)] == 0
    assert ("wuding", 10) not in rows  # approved: not in the queue

    client.force_login(world.users["reviewer"])
    page = client.get("/reporting/queue/?status=awaiting").content.decode()
    month_url = reverse("indicators:month", args=["cxgx", 2026, 11])
    assert f'href="{month_url}#month-summary-title">2 项附说明</a>' in page
    assert page.count("项附说明") == 1


def test_the_queues_status_filter_and_pagination_links_keep_the_filters(
    world: World, client: Any, frozen: Any
) -> None:
    for i in range(3, 40):
        world.zones[f"z{i}"] = make_zone(f"z{i}", f"第{i}园区", 10 + i)
    client.force_login(world.users["reviewer"])

    page = client.get("/reporting/queue/?status=missing").content.decode()

    assert "下一页" in page
    assert 'href="?status=missing&amp;page=2"' in page
    second = client.get("/reporting/queue/?status=missing&page=2").content.decode()
    assert "上一页" in second
    assert Submission.objects.count() == 0
