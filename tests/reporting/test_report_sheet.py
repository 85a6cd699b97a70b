"""The 调度表's 报送情况 sheet and the 报送情况 row of each zone's sheet, opened as an admin
would open them."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from dashboards.reports.workbook import build_report
from dashboards.selectors import Period

from .conftest import World, at

pytestmark = pytest.mark.django_db
D = datetime.date


def rows_of(sheet: Any) -> list[list[Any]]:
    return [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]


def test_the_workbook_shows_who_reported_late_and_who_not_at_all(world: World, frozen: Any) -> None:
    world.submit("cxgx", 2026, 10, when=at(D(2026, 11, 8)), status="approved")
    world.submit("lufeng", 2026, 10, when=at(D(2026, 11, 4)))
    world.fill("cxgx", 2026, 10, 2)
    buffer = io.BytesIO()

    build_report(buffer, as_of=Period(2026, 11))

    book = load_workbook(buffer)
    assert book.sheetnames[-4:] == ["报送情况", "产业集群", "重点任务", "原始数据"]
    table = {r[0]: r[1:] for r in rows_of(book["报送情况"]) if r[0]}
    assert table["楚雄国家高新区"][9:11] == ["已审核（逾期3天）", "未报 15天"]
    assert table["禄丰产业园区"][9] == "已报"
    assert table["武定产业园区"][9] == "未报 45天"
    assert "昆明高新区" not in table
    missing = book["报送情况"]["L5"]
    assert missing.value == "未报 15天"
    assert missing.fill.fgColor.rgb.endswith("FFC7CE")
    zone_sheet = {r[0]: r[3:] for r in rows_of(book["楚雄"])}
    assert zone_sheet["报送情况"][9:11] == ["已审核（逾期3天）", "未报 15天"]


def test_a_zones_workbook_lists_only_that_zone(world: World, frozen: Any) -> None:
    buffer = io.BytesIO()

    build_report(buffer, as_of=Period(2026, 11), zone=world.zones["lufeng"])

    names = [r[0] for r in rows_of(load_workbook(buffer)["报送情况"]) if r[0]]
    assert names[0] == "禄丰产业园区"
    assert "楚雄国家高新区" not in names
