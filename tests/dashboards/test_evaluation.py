"""The final evaluation (终期评估) of the 2025 targets: the page, the 调度表 sheet and the
command, all from the dashboards' selectors (one source, the same numbers)."""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from dashboards.reports.workbook import build_evaluation_report, build_report
from dashboards.selectors import Period, plan_evaluation, target_assessments
from indicators.demo import Span, generate_demo_figures
from targets.models import Target
from tests.printing import a4_size, needs_libreoffice, page_text, save_png, to_pdf

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LATER = Period(2026, 6)


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The shipped catalogue with demo figures up to 2026-06, every month approved but the
    last of one zone."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", "catalogue", "indicators", "targets", verbosity=0)
        generate_demo_figures(span=Span(first_year=2020, last_year=2026, last_month=6))
        yield
        transaction.set_rollback(True)


@pytest.fixture
def evaluation(db: None) -> Any:
    return plan_evaluation(year=2025, up_to=LATER)


def test_every_2025_target_in_force_is_judged_once_with_the_dashboards_verdict(
    evaluation: Any,
) -> None:
    dashboards = {r.target.code: r for r in target_assessments(as_of=LATER)}
    in_force_2025 = set(
        Target.objects.in_force().filter(target_year=2025).values_list("code", flat=True)
    )
    assert {row.target.code for row in evaluation.rows} == in_force_2025
    for item in evaluation.rows:
        mine, theirs = item.row, dashboards[item.target.code]
        assert mine.is_final
        assert theirs.is_final
        assert (mine.final, mine.value, mine.status_label) == (
            theirs.final,
            theirs.value,
            theirs.status_label,
        ), item.target.code
    assert evaluation.closed
    assert evaluation.years == [2023, 2024, 2025]


def test_a_superseded_target_is_listed_once_under_the_one_in_force(evaluation: Any) -> None:
    codes = [row.target.code for row in evaluation.rows]
    assert "5-cxgx-yysr-2025" not in codes
    revenue = next(r for r in evaluation.rows if r.target.code == "7-cxgx-yysr-2025")
    assert [t.code for t in revenue.replaces] == ["5-cxgx-yysr-2025"]
    assert revenue.replaces[0].floor == 1500


def test_totals_add_up_and_the_plans_tasks_carry_their_status(evaluation: Any) -> None:
    assert evaluation.totals.total == len(evaluation.rows)
    assert sum(t.total for t in evaluation.by_document) == len(evaluation.rows)
    by_zone = sum(t.total for t in evaluation.by_zone)
    by_cluster = sum(t.total for t in evaluation.by_cluster)
    assert by_zone + by_cluster == len(evaluation.rows)
    assert {t.label for t in evaluation.by_cluster} >= {"绿色硅光伏产业"}
    # 5号's plan has ended (all its targets fall by 2025); 7号 runs on to 2035
    assert [d.number for d in evaluation.task_documents] == ["楚办发〔2023〕5号"]
    assert len(evaluation.tasks) == 26
    assert all(status for _, status in evaluation.tasks)


def test_the_page_shows_each_verdict_quote_and_the_years(leader_client: Client) -> None:
    html = leader_client.get(reverse("dashboards:evaluation_year", args=[2025])).content.decode()
    evaluation = plan_evaluation(year=2025, up_to=Period(2026, 11))
    assert "<h1>2025年目标终期评估</h1>" in html
    for item in evaluation.rows:
        assert item.target.title in html
        assert item.row.status_label in html
    assert "2022年（基期）" in html
    assert "取代5号“楚雄国家高新区营业收入达1500亿元以上，力争2000亿元”" in html
    assert "实施党建质量提升工程" in html


def test_the_page_defaults_to_the_latest_year_that_has_ended(leader_client: Client) -> None:
    html = leader_client.get(reverse("dashboards:evaluation")).content.decode()
    assert "<h1>2025年目标终期评估</h1>" in html
    assert reverse("dashboards:evaluation_year", args=[2023]) in html


def test_the_page_runs_a_fixed_number_of_queries(leader_client: Client, build: Any) -> None:
    url = reverse("dashboards:evaluation_year", args=[2025])
    leader_client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as few:
        leader_client.get(url)
    for number in range(6):
        build.zone(f"extra-{number}", order=50 + number)
    with CaptureQueriesContext(connection) as more:
        leader_client.get(url)
    assert len(more) == len(few)


def sheet_rows(book: Any) -> dict[str, list[Any]]:
    """Each target's row by its title, with the quote of the line under it appended."""
    sheet = list(book["终期评估"].iter_rows(min_row=5, values_only=True))
    return {
        row[1]: [*row, below[1]]
        for row, below in itertools.pairwise(sheet)
        if row[0] and row[0] != "原文" and below[0] == "原文"
    }


def test_the_report_sheet_has_the_same_numbers_as_the_selectors(evaluation: Any) -> None:
    buffer = io.BytesIO()
    build_report(buffer, as_of=LATER)
    buffer.seek(0)
    book = load_workbook(buffer)
    assert book.sheetnames[:2] == ["主要指标", "终期评估"]
    rows = sheet_rows(book)
    for item in evaluation.rows:
        title = next(t for t in rows if t.startswith(item.target.title))
        written = rows[title]
        assert written[-1] == item.target.quote
        assert written[-3] == item.row.status_label
        value = written[4 + len(evaluation.years)]  # the 2025 column, after the base year
        assert value == (None if item.row.value is None else pytest.approx(float(item.row.value)))


def test_export_report_writes_the_evaluation(db: None, tmp_path: Path) -> None:
    out = tmp_path / "终期评估.xlsx"
    text = StringIO()
    call_command("export_report", "--evaluation", "2025", "--out", str(out), stdout=text)
    assert "2025年目标终期评估" in text.getvalue()
    book = load_workbook(out)
    assert book.sheetnames == ["终期评估"]
    assert book["终期评估"]["A1"].value == "2025年目标终期评估"


@needs_libreoffice
def test_the_evaluation_sheet_prints_on_a4_landscape(db: None, tmp_path: Path) -> None:
    workbook = tmp_path / "终期评估.xlsx"
    build_evaluation_report(str(workbook), year=2025, up_to=LATER)
    pdf = to_pdf(workbook)
    width, height = a4_size(pdf)
    assert width > height  # landscape
    assert "2025年目标终期评估" in page_text(pdf).replace(" ", "")
    save_png(pdf, "evaluation-sheet-page")
