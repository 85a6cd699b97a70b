"""Admin import and export of figures (indicators/resources.py, indicators/admin_import.py)."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
import tablib
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse
from import_export.exceptions import ImportError as ImportExportError

from accounts.roles import ADMIN, REVIEWER, STATISTICIAN
from chuxiong_zones.spreadsheet import escape_formula
from indicators.excel.columns import CODE, EXPLANATION, GROWTH, MONTH, VALUE, YEAR, ZONE
from indicators.models import Figure, FigureRevision, Submission, SubmissionEvent
from indicators.resources import FigureResource
from targets.models import Indicator, Zone

pytestmark = pytest.mark.django_db
HEADERS = (ZONE, CODE, YEAR, MONTH, VALUE, GROWTH, EXPLANATION)


@pytest.fixture
def world(make_user: Any) -> dict[str, Any]:
    cxgx = Zone.objects.create(
        code="cxgx",
        name="楚雄国家高新区",
        short_name="楚雄高新区",
        level=Zone.Level.NATIONAL,
        locality="楚雄市",
        source="test",
    )
    output = Indicator.objects.create(code="gyzcz", name="工业总产值", unit="亿元", kind="flow")
    Figure.objects.create(zone=cxgx, indicator=output, year=2024, month=12, value=Decimal("1500"))
    return {
        "cxgx": cxgx,
        "output": output,
        "admin": make_user("admin", ADMIN, staff=True),
        "statistician": make_user("stat", STATISTICIAN, cxgx, staff=True),
        "reviewer": make_user("reviewer", REVIEWER, staff=True),
    }


def dataset(*rows: tuple[Any, ...], headers: tuple[str, ...] = HEADERS) -> tablib.Dataset:
    padded = [(*row, *[None] * (len(headers) - len(row))) for row in rows]
    return tablib.Dataset(*padded, headers=list(headers))


def run(data: tablib.Dataset, user: Any, **kwargs: Any) -> Any:
    return FigureResource().import_data(data, dry_run=False, user=user, **kwargs)


def errors_of(result: Any) -> str:
    base = [str(e.error) for e in result.base_errors]
    rows = [str(row.error) for row in result.invalid_rows]
    return " ".join(base + rows)


def test_valid_rows_are_imported_with_revisions_of_origin_admin_import(
    world: dict[str, Any],
) -> None:
    data = dataset(
        ("cxgx", "gyzcz", 2025, 1, "120.5", "8.2", "开门红"),
        ("cxgx", "gyzcz", 2025, 2, 260, None, ""),
    )

    result = run(data, world["admin"])

    assert not result.has_errors(), errors_of(result)
    assert not result.has_validation_errors()
    imported = Figure.objects.filter(year=2025).order_by("month")
    assert [(f.month, f.value, f.reported_growth_pct, f.explanation) for f in imported] == [
        (1, Decimal("120.5"), Decimal("8.2"), "开门红"),
        (2, Decimal("260"), None, ""),
    ]
    revisions = FigureRevision.objects.all()
    assert {(r.origin, r.changed_by) for r in revisions} == {("admin_import", world["admin"])}
    assert revisions.count() == 2
    assert SubmissionEvent.objects.filter(action="import").count() == 2


def test_a_dry_run_writes_nothing(world: dict[str, Any]) -> None:
    result = FigureResource().import_data(
        dataset(("cxgx", "gyzcz", 2025, 1, 120)), dry_run=True, user=world["admin"]
    )

    assert not result.has_errors()
    assert [r.import_type for r in result.rows] == ["new"]
    assert not Figure.objects.filter(year=2025).exists()


def test_a_file_with_one_bad_row_is_refused_entirely(world: dict[str, Any]) -> None:
    data = dataset(("cxgx", "gyzcz", 2025, 1, 120), ("cxgx", "gyzcz", 2025, 2, "abc"))

    result = run(data, world["admin"])

    assert "「工业总产值」不是有效数字：“abc”" in errors_of(result)
    assert "有 1 行数据有误，未导入任何数据" in errors_of(result)
    assert not Figure.objects.filter(year=2025).exists()
    with pytest.raises(ImportExportError):
        run(data, world["admin"], raise_errors=True)
    assert not Figure.objects.filter(year=2025).exists()


def test_a_rule_broken_between_two_rows_refuses_the_whole_import(world: dict[str, Any]) -> None:
    data = dataset(("cxgx", "gyzcz", 2025, 1, 300), ("cxgx", "gyzcz", 2025, 2, 250))

    result = run(data, world["admin"])

    assert (
        "第 3 行：楚雄国家高新区2025年2月「工业总产值」1—2月累计 250.00 小于上月累计 300.00"
        in errors_of(result)
    )
    assert not Figure.objects.filter(year=2025).exists()
    assert not FigureRevision.objects.exists()


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (("lufeng", "gyzcz", 2025, 1, 1), "未知的开发区代码“lufeng”"),
        (("cxgx", "xyz", 2025, 1, 1), "未知的指标代码“xyz”"),
        (("cxgx", "gyzcz", 2025, 13, 1), "月份应为 1—12 的整数"),
        (("cxgx", "gyzcz", 2025, 1, -1), "「工业总产值」不能为负数"),
        (("cxgx", "gyzcz", 2025, 1, "1.234"), "最多保留 2 位小数"),
    ],
)
def test_a_row_breaking_a_rule_is_named_and_nothing_is_written(
    world: dict[str, Any], row: tuple[Any, ...], reason: str
) -> None:
    result = run(dataset(row), world["admin"])

    assert reason in errors_of(result)
    assert Figure.objects.count() == 1


def test_the_same_figure_twice_is_refused(world: dict[str, Any]) -> None:
    result = run(
        dataset(("cxgx", "gyzcz", 2025, 1, 1), ("cxgx", "gyzcz", 2025, 1, 2)), world["admin"]
    )

    assert "第 3 行：与第 2 行重复" in errors_of(result)
    assert Figure.objects.count() == 1


def test_an_approved_month_is_refused(world: dict[str, Any]) -> None:
    Submission.objects.create(
        zone=world["cxgx"], year=2025, month=1, status=Submission.Status.APPROVED
    )

    result = run(dataset(("cxgx", "gyzcz", 2025, 1, 120)), world["admin"])

    assert "2025年1月已审核锁定，不能导入" in errors_of(result)
    assert Figure.objects.count() == 1


def test_only_admins_may_import(world: dict[str, Any]) -> None:
    result = run(dataset(("cxgx", "gyzcz", 2025, 1, 120)), world["statistician"])

    assert "只有管理员可以导入数据" in errors_of(result)
    assert Figure.objects.count() == 1


def test_a_missing_column_refuses_the_import(world: dict[str, Any]) -> None:
    result = run(dataset(("cxgx", "gyzcz", 2025, 1), headers=HEADERS[:4]), world["admin"])

    assert "缺少必需的列：本期累计数值" in errors_of(result)
    assert Figure.objects.count() == 1


def test_columns_left_out_keep_what_is_on_file(world: dict[str, Any]) -> None:
    Figure.objects.filter(year=2024).update(
        reported_growth_pct=Decimal("12.5"), explanation="原说明"
    )

    result = run(dataset(("cxgx", "gyzcz", 2024, 12, 1520), headers=HEADERS[:5]), world["admin"])

    assert not result.has_errors(), errors_of(result)
    figure = Figure.objects.get(year=2024)
    assert figure.value == Decimal("1520")
    assert (figure.reported_growth_pct, figure.explanation) == (Decimal("12.5"), "原说明")


# --- export -------------------------------------------------------------------------------


def test_export_escapes_text_a_spreadsheet_would_run_and_leaves_numbers(
    world: dict[str, Any],
) -> None:
    Figure.objects.filter(year=2024).update(explanation="=cmd()", reported_growth_pct=Decimal("-5"))

    exported = FigureResource().export()

    row = dict(zip(exported.headers, exported[0], strict=True))
    assert row[EXPLANATION] == "'=cmd()"
    assert row[GROWTH] == Decimal("-5")
    assert row[VALUE] == Decimal("1500")
    sheet = openpyxl.load_workbook(io.BytesIO(exported.export("xlsx"))).active
    assert sheet is not None
    cell = sheet.cell(row=2, column=exported.headers.index(EXPLANATION) + 1)
    assert (cell.value, cell.data_type) == ("'=cmd()", "s")


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_formula_triggers_get_an_apostrophe(text: str) -> None:
    assert escape_formula(text) == "'" + text


def test_numbers_and_plain_text_are_not_escaped() -> None:
    assert escape_formula(Decimal("-5")) == Decimal("-5")
    assert escape_formula("新项目投产") == "新项目投产"


# --- the admin ----------------------------------------------------------------------------


def test_import_is_for_admins_and_export_for_those_who_may_view(world: dict[str, Any]) -> None:
    figure_admin: Any = admin.site._registry[Figure]
    request = RequestFactory().get("/")

    def may(user: Any) -> tuple[bool, bool]:
        request.user = user
        return figure_admin.has_import_permission(request), figure_admin.has_export_permission(
            request
        )

    assert may(world["admin"]) == (True, True)
    assert may(world["reviewer"]) == (False, True)
    assert may(world["statistician"]) == (False, True)
    assert figure_admin.has_change_permission(request) is False


def test_an_admin_imports_an_xlsx_through_the_admin_with_preview_and_confirm(
    client: Client, world: dict[str, Any]
) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(HEADERS))
    sheet.append(["cxgx", "gyzcz", 2025, 1, 120.5, None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "history.xlsx"
    client.force_login(world["admin"])
    changelist = client.get(reverse("admin:indicators_figure_changelist"))
    assert reverse("admin:indicators_figure_import") in changelist.content.decode()

    preview = client.post(
        reverse("admin:indicators_figure_import"),
        {"import_file": buffer, "format": 1, "resource": 0},
    )

    assert preview.status_code == 200
    assert not Figure.objects.filter(year=2025).exists()
    assert not preview.context["form"].errors
    confirm_form = preview.context["confirm_form"]
    response = client.post(reverse("admin:indicators_figure_process_import"), confirm_form.initial)

    assert response.status_code == 302
    assert Figure.objects.get(year=2025).value == Decimal("120.5")
    assert FigureRevision.objects.get().origin == "admin_import"


def test_the_admin_refuses_a_zip_bomb_before_parsing(client: Client, world: dict[str, Any]) -> None:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (25 * 1024 * 1024))
    buffer.seek(0)
    buffer.name = "bomb.xlsx"
    client.force_login(world["admin"])

    response = client.post(
        reverse("admin:indicators_figure_import"),
        {"import_file": buffer, "format": 1, "resource": 0},
    )

    assert "解压后超过 20 MB" in response.content.decode()
    assert Figure.objects.count() == 1
