"""The pages: 本月待报 after login, 报送情况, the reminder switch, the overview's 本月未报送,
and who may open what."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from reporting.models import ZoneReporting

from .conftest import World, at

pytestmark = pytest.mark.django_db


def test_after_login_a_statistician_lands_on_this_months_report(
    client: Client, world: World, password: str, frozen: Any
) -> None:
    frozen.move_to(at(datetime.date(2026, 12, 3)))

    response = client.post(
        reverse("login"), {"username": "stat-lufeng", "password": password}, follow=True
    )

    page = response.content.decode()
    assert response.redirect_chain == [(reverse("reporting:start"), 302)]
    assert "本月待报：2026年11月" in page
    assert f'href="{reverse("indicators:month", args=["lufeng", 2026, 11])}"' in page
    assert "截止日期 2026年12月5日" in page


def test_a_returned_month_to_report_shows_why_it_was_returned(
    client: Client, world: World, frozen: Any
) -> None:
    frozen.move_to(at(datetime.date(2026, 12, 3)))
    returned = world.submit(
        "lufeng", 2026, 11, when=at(datetime.date(2026, 12, 2)), status="returned"
    )
    returned.events.create(action="return", actor=world.users["reviewer"], reason="请核对单位")
    client.force_login(world.users["lufeng"])

    page = client.get(reverse("reporting:start")).content.decode()

    assert "本月待报：2026年11月" in page
    assert "<strong>已退回</strong>" in page
    assert "退回原因：请核对单位（reviewer，2026-12-03 08:00）" in page


def test_on_new_years_day_the_month_to_report_is_last_december(
    client: Client, world: World, frozen: Any
) -> None:
    frozen.move_to(at(datetime.date(2027, 1, 1), hour=0))
    client.force_login(world.users["cxgx"])

    page = client.get(reverse("reporting:start")).content.decode()

    assert "本月待报：2026年12月" in page


def test_others_land_on_the_overview(client: Client, world: World) -> None:
    client.force_login(world.users["reviewer"])

    response = client.get(reverse("reporting:start"))

    assert response["Location"] == reverse("dashboards:overview")


def test_the_completeness_page_colours_each_month_and_repeats_it_as_a_table(
    client: Client, world: World, frozen: Any
) -> None:
    world.submit("lufeng", 2026, 10, when=at(datetime.date(2026, 11, 9)))
    client.force_login(world.users["leader"])

    page = client.get(reverse("reporting:completeness") + "?year=2026").content.decode()

    assert page.count('<span class="rp-state rp-state--late">逾期报送 4天</span>') == 1  # table
    assert 'rp-state--late" href="/figures/lufeng/2026/10/"' in page  # grid
    assert "昆明高新区" not in page  # a benchmark zone is not expected to report
    assert "报送率" in page


def test_a_leader_switches_a_zones_reminders_off_and_a_reviewer_may_not(
    client: Client, world: World
) -> None:
    url = reverse("reporting:zone-reminders", args=["lufeng"])
    client.force_login(world.users["reviewer"])
    client.post(url, {"enabled": "0"})
    assert not ZoneReporting.objects.exists()

    client.force_login(world.users["leader"])
    response = client.post(url, {"enabled": "0", "year": "2026"})

    assert response["Location"] == reverse("reporting:completeness") + "?year=2026"
    setting = ZoneReporting.objects.get(zone=world.zones["lufeng"])
    assert setting.reminders_enabled is False
    assert setting.changed_by == world.users["leader"]
    page = client.get(response["Location"]).content.decode()
    assert "不提醒" in page


def test_the_queue_is_for_reviewers(client: Client, world: World) -> None:
    client.force_login(world.users["lufeng"])
    assert client.get(reverse("reporting:queue")).status_code == 403

    client.force_login(world.users["reviewer"])
    listing = client.get(reverse("indicators:submissions")).content.decode()
    assert f'href="{reverse("reporting:queue")}"' in listing  # the reviewer's navigation


def test_a_bad_month_filter_says_why(client: Client, world: World) -> None:
    client.force_login(world.users["reviewer"])

    page = client.get(reverse("reporting:queue") + "?month=2026-13").content.decode()

    assert "月份格式应为 2026-11。" in page


def test_the_overview_names_the_zones_that_have_not_reported(
    client: Client, world: World, frozen: Any
) -> None:
    frozen.move_to(at(datetime.date(2026, 12, 3)))
    world.submit("cxgx", 2026, 11, when=at(datetime.date(2026, 12, 2)))
    client.force_login(world.users["leader"])

    page = client.get(reverse("dashboards:overview")).content.decode()

    assert "本月未报送：禄丰产业园区、武定产业园区" in page
    assert "（2026年11月数据）" in page
