"""The monthly 通报, opened with python-docx and read as the office that sends it would read it:
each paragraph's numbers against the dashboards' selectors, for a hand-worked June 2025.

工业总产值 (亿元), 1—6月累计:   2024    2025     month 2025-06
  楚雄国家高新区              320     400      approved          → 增长25.0%
  禄丰产业园区                200     190      submitted only    → 下降5.0%（未审核）
  武定产业园区                 50      60      approved          → 增长20.0%
  牟定产业园区                100       —      not submitted     → 未报送
全州 (the three that reported): 570 → 650, 增长14.0%; approved only: 370 → 460, 增长24.3%.
主导产业营业收入占比, 楚雄国家高新区: 220/400 = 55.0% → 300/500 = 60.0%, 提高5.0个百分点.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT

from accounts.models import Profile
from accounts.roles import ADMIN, LEADER, STATISTICIAN, ensure_groups
from audit.models import AuditEvent
from dashboards.reports.bulletin import build_bulletin, bulletin_content
from dashboards.selectors import Period, target_assessments, zone_rankings
from indicators.calculations import Status
from indicators.models import Figure, Submission
from supervision import services as supervision
from supervision.models import ReportingRound
from targets.models import Indicator, TaskItem, Zone
from tests.printing import a4_size, needs_libreoffice, page_text, save_png, to_pdf

pytestmark = pytest.mark.django_db
AS_OF = Period(2025, 6)
TODAY = datetime.date(2025, 7, 10)  # June's figures were due by 5 July
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _put(zone: Zone, code: str, year: int, value: str, status: str) -> None:
    Figure.objects.create(
        zone=zone,
        indicator=Indicator.objects.get(code=code),
        year=year,
        month=6,
        value=Decimal(value),
    )
    Submission.objects.update_or_create(zone=zone, year=year, month=6, defaults={"status": status})


@pytest.fixture(scope="module", autouse=True)
def june(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", "catalogue", "indicators", "targets", verbosity=0)
        zones = {z.code: z for z in Zone.objects.all()}
        rows = [
            ("cxgx", "gyzcz", 2024, "320", "approved"),
            ("cxgx", "gyzcz", 2025, "400", "approved"),
            ("cxgx", "yysr", 2024, "400", "approved"),
            ("cxgx", "yysr", 2025, "500", "approved"),
            ("cxgx", "zdcy_yysr", 2024, "220", "approved"),
            ("cxgx", "zdcy_yysr", 2025, "300", "approved"),
            ("lufeng", "gyzcz", 2024, "200", "approved"),
            ("lufeng", "gyzcz", 2025, "190", "submitted"),
            ("wuding", "gyzcz", 2024, "50", "approved"),
            ("wuding", "gyzcz", 2025, "60", "approved"),
            ("mouding", "gyzcz", 2024, "100", "approved"),
        ]
        for zone, code, year, value, status in rows:
            _put(zones[zone], code, year, value, status)
        admin = ensure_groups()  # the round is opened by an admin
        opener = get_user_model().objects.create_user("bulletin-admin", password="x-Secret-123")
        opener.groups.set([admin[ADMIN.group]])
        supervision.round_open(
            user=opener,
            title="2025年6月调度",
            rhythm=ReportingRound.Rhythm.MONTHLY,
            period_start=datetime.date(2025, 6, 1),
            period_end=datetime.date(2025, 6, 30),
            due_date=datetime.date(2025, 7, 1),
            tasks=TaskItem.objects.filter(document__code="cbf-2023-5", number=9),
        )
        yield
        transaction.set_rollback(True)


def paragraphs(approved_only: bool = False) -> list[str]:
    buffer = io.BytesIO()
    build_bulletin(buffer, as_of=AS_OF, approved_only=approved_only, today=TODAY)
    buffer.seek(0)
    return [p.text for p in Document(buffer).paragraphs]


def paragraph(texts: list[str], start: str) -> str:
    return next(t for t in texts if t.startswith(start))


def test_title_period_and_layout_of_an_office_bulletin() -> None:
    buffer = io.BytesIO()
    build_bulletin(buffer, as_of=AS_OF, approved_only=False, today=TODAY)
    doc = Document(buffer)
    texts = [p.text for p in doc.paragraphs]
    assert texts[:2] == ["楚雄州开发区提质增效工作通报", "（2025年1—6月）"]
    section = doc.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    width, height = section.page_width, section.page_height
    assert width is not None
    assert height is not None
    assert (round(width.mm), round(height.mm)) == (210, 297)  # A4
    assert doc.styles["Normal"].font.name == "仿宋"
    assert doc.styles["通报一级标题"].font.name == "黑体"
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer
    assert 'w:fldCharType="begin"' in footer
    assert "含未审核数据" in section.header.paragraphs[0].text
    assert "演示数据" not in section.header.paragraphs[0].text  # no demo figure here


def test_prefecture_paragraph_sums_the_zones_that_reported_and_names_the_missing_one() -> None:
    totals = paragraph(paragraphs(), "2025年1—6月，全州")
    assert totals.startswith(
        "2025年1—6月，全州4个开发区实现工业总产值650.00亿元（未审核），同比增长14.0%；"
    )
    assert "牟定产业园区未报送2025年6月数据，合计中不含其当月数据。" in totals
    [ranking] = [
        r for r in zone_rankings(as_of=AS_OF, approved_only=False) if r.indicator.code == "gyzcz"
    ]
    assert ranking.total.value == Decimal("650")  # the selectors' total, as printed


def test_zone_paragraphs_give_growth_word_rank_and_unapproved_mark() -> None:
    texts = paragraphs()
    high_tech = paragraph(texts, "楚雄国家高新区：")
    assert high_tech.startswith(
        "楚雄国家高新区：1—6月，实现工业总产值400.00亿元，同比增长25.0%，"
        "总量居3个开发区第1位、增速第1位；"
    )
    assert "主导产业营业收入占比60.0%，比上年同期提高5.0个百分点" in high_tech
    assert paragraph(texts, "禄丰产业园区：").startswith(
        "禄丰产业园区：1—6月，实现工业总产值190.00亿元（未审核），同比下降5.0%，"
        "总量居3个开发区第2位、增速第3位"
    )
    assert paragraph(texts, "牟定产业园区：") == "牟定产业园区：未报送2025年6月数据。"


def test_every_zone_figure_is_the_selectors_figure() -> None:
    texts = paragraphs()
    for ranking in zone_rankings(as_of=AS_OF, approved_only=False):
        for row in ranking.rows:
            if row.value is None or row.zone is None or ranking.indicator.unit != "亿元":
                continue
            text = paragraph(texts, f"{row.zone.name}：")
            assert f"{ranking.indicator.name}{row.value:.2f}亿元" in text


def test_approved_only_bulletin_leaves_the_unapproved_zone_out_and_says_so() -> None:
    texts = paragraphs(approved_only=True)
    totals = paragraph(texts, "2025年1—6月，全州")
    assert "工业总产值460.00亿元，同比增长24.3%" in totals  # 400 + 60 against 320 + 50
    assert "禄丰产业园区2025年6月数据尚待审核，合计中未含。" in totals
    assert paragraph(texts, "禄丰产业园区：") == (
        "禄丰产业园区：2025年6月数据已报送、尚待审核，未列入本通报。"
    )
    assert not any("（未审核）" in t for t in texts)


def test_targets_behind_are_those_of_the_selectors_each_with_its_clause() -> None:
    content = bulletin_content(as_of=AS_OF, approved_only=False, today=TODAY)
    rows = target_assessments(as_of=AS_OF, approved_only=False)
    behind = [r for r in rows if not r.is_final and r.status in (Status.BEHIND, Status.FAR_BEHIND)]
    assert behind, "the hand-worked case has targets behind"
    assert len(content.behind) == len(behind)
    lufeng = next(t for t in content.behind if t.startswith("禄丰产业园区工业总产值达1200亿元以上"))
    assert "（楚办发〔2023〕5号 " in lufeng
    assert "（未审核），严重滞后。" in lufeng
    for row in behind:
        line = next(t for t in content.behind if t.startswith(row.target.title + "（"))
        assert f"{row.target.clause}）：" in line
        assert line.endswith(f"{row.status_label}。")


def test_missed_final_verdicts_are_listed_with_their_year_and_clause() -> None:
    content = bulletin_content(as_of=AS_OF, approved_only=False, today=TODAY)
    missed = [
        r
        for r in target_assessments(as_of=AS_OF, approved_only=False)
        if r.final is not None and r.final.value == "missed"
    ]
    assert len(content.missed) == len(missed) > 0
    for row in missed:
        line = next(m for m in content.missed if m.startswith(row.target.title + "（"))
        assert row.target.clause in line
        assert f"{row.missed_years[0]}年" in line
        assert "未完成" in line


def test_table_of_main_indicators_has_a_row_per_zone_and_the_total() -> None:
    buffer = io.BytesIO()
    build_bulletin(buffer, as_of=AS_OF, approved_only=False, today=TODAY)
    [table] = Document(buffer).tables
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells[0][:2] == ["开发区", "工业总产值（亿元）"]
    by_zone = {row[0]: row for row in cells[1:]}
    assert by_zone["楚雄国家高新区"][1] == "400.00\n增长25.0%"
    assert by_zone["禄丰产业园区"][1] == "190.00\n（未审核）\n下降5.0%"
    assert by_zone["牟定产业园区"][1] == "—"
    assert by_zone["全州合计"][1] == "650.00\n（未审核）\n增长14.0%"


def test_overdue_task_items_are_grouped_by_responsible_unit() -> None:
    texts = paragraphs()
    task = TaskItem.objects.get(document__code="cbf-2023-5", number=9)
    lead = task.assignments.order_by("position").first()
    assert lead is not None
    line = paragraph(texts, f"{lead.unit.name}（")
    assert f"5号第9项“{task.title}”（2025年6月调度，7月1日截止）" in line


def test_reporting_record_names_the_missing_zone_and_the_rates() -> None:
    text = paragraph(paragraphs(), "2025年6月数据应报")
    assert text.startswith("2025年6月数据应报4个开发区，已审核2个；按期报送待审核1个；")
    assert "未报送1个：牟定产业园区（已逾期5天）" in text
    assert "2025年以来报送率" in text
    assert "及时率" in text


def test_demo_figures_put_demo_in_the_header() -> None:
    Figure.objects.filter(zone__code="cxgx", year=2025).update(is_demo=True, source="演示数据")
    buffer = io.BytesIO()
    build_bulletin(buffer, as_of=AS_OF, approved_only=False, today=TODAY)
    doc = Document(buffer)
    assert "演示数据" in doc.sections[0].header.paragraphs[0].text
    assert any("演示数据" in p.text for p in doc.paragraphs[:4])


# --- three ways out ---------------------------------------------------------------------------


def test_export_bulletin_command_writes_the_file_and_audits_it(tmp_path: Path) -> None:
    out = tmp_path / "通报.docx"
    call_command("export_bulletin", "--as-of", "2025-06", "--out", str(out))
    assert Document(str(out)).paragraphs[1].text == "（2025年1—6月）"
    assert AuditEvent.objects.filter(event="bulletin_export", object=str(out)).exists()
    with pytest.raises(CommandError, match="尚未结束"):
        call_command("export_bulletin", "--as-of", open_month(), "--out", str(out))


def open_month() -> str:
    today = timezone.localdate()
    return f"{today.year}-{today.month:02d}"


def _user(django_user_model: Any, name: str, role: Any) -> Any:
    user = django_user_model.objects.create_user(name, password="x-Secret-123")
    user.groups.set([ensure_groups()[role.group]])
    return user


def test_leader_downloads_the_bulletin_and_a_statistician_is_refused(
    client: Client, django_user_model: Any
) -> None:
    stat = _user(django_user_model, "stat-b", STATISTICIAN)
    Profile.objects.create(user=stat, zone=Zone.objects.get(code="cxgx"))
    url = reverse("dashboards:bulletin") + "?as_of=2025-06&scope=reported"
    client.force_login(stat)
    assert client.get(url).status_code == 403
    page = client.get(reverse("dashboards:overview") + "?as_of=2025-06").content.decode()
    assert reverse("dashboards:bulletin") not in page
    client.force_login(_user(django_user_model, "leader-b", LEADER))
    page = client.get(reverse("dashboards:overview") + "?as_of=2025-06").content.decode()
    assert reverse("dashboards:bulletin") in page
    assert "下载通报" in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert Document(io.BytesIO(body)).paragraphs[1].text == "（2025年1—6月）"
    events = AuditEvent.objects.filter(event="bulletin_download")
    assert [(e.username, e.detail["as_of"], e.detail["approved_only"]) for e in events] == [
        ("leader-b", "2025-06", False)
    ]


def test_api_returns_the_docx_to_an_admin_and_refuses_a_statistician(
    client: Client, django_user_model: Any
) -> None:
    stat = _user(django_user_model, "stat-api", STATISTICIAN)
    client.force_login(stat)
    assert client.get("/api/v1/bulletin/?as_of=2025-06").status_code == 403
    client.force_login(_user(django_user_model, "admin-api", ADMIN))
    response = client.get("/api/v1/bulletin/?as_of=2025-06", HTTP_ACCEPT="*/*")
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert "filename*=UTF-8''%E9%80%9A%E6%8A%A5-2025-06" in response["Content-Disposition"]
    texts = [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    assert texts[1] == "（2025年1—6月）"
    asked = client.get("/api/v1/bulletin/?as_of=2025-06", HTTP_ACCEPT=DOCX)
    assert asked.status_code == 200
    assert asked.content[:2] == b"PK"
    refused = client.get(f"/api/v1/bulletin/?as_of={open_month()}")
    assert refused.status_code == 400
    assert "尚未结束" in refused.json()["as_of"][0]


@needs_libreoffice
def test_libreoffice_prints_it_on_a4_portrait_with_the_title_on_page_one(tmp_path: Path) -> None:
    document = tmp_path / "bulletin.docx"
    build_bulletin(str(document), as_of=AS_OF, approved_only=False, today=TODAY)
    pdf = to_pdf(document)
    width, height = a4_size(pdf)
    assert width < height  # portrait
    first = page_text(pdf).replace(" ", "")
    assert "楚雄州开发区提质增效工作通报" in first
    assert "（2025年1—6月）" in first
    assert "—1—" in first  # the PAGE field, filled in
    save_png(pdf, "bulletin-page")


def test_the_bulletin_runs_the_same_number_of_queries_for_more_zones() -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            bulletin_content(as_of=AS_OF, approved_only=False, today=TODAY)
        return len(queries)

    before = count()
    for index in range(3):
        zone = Zone.objects.create(
            code=f"extra{index}",
            name=f"新增{index}园区",
            short_name=f"新增{index}",
            level=Zone.Level.PROVINCIAL,
            locality="楚雄州",
            display_order=10 + index,
            source="测试",
        )
        _put(zone, "gyzcz", 2025, "10", "approved")
    assert count() == before
    texts = paragraphs()
    assert paragraph(texts, "新增2园区：").startswith("新增2园区：1—6月，实现工业总产值10.00亿元")
