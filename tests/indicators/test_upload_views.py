"""Template download, upload with preview, and confirm (indicators/upload_views.py)."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import Profile
from accounts.roles import ADMIN, LEADER, REVIEWER, STATISTICIAN
from audit.models import AuditEvent
from indicators import services
from indicators.excel.columns import COLUMNS, SHEET_NAME
from indicators.models import Figure, FigureRevision, Submission, SubmissionEvent
from targets.models import Indicator

pytestmark = pytest.mark.django_db
PASSWORD = "Chuxiong-test-2023"


@pytest.fixture
def world(make_zone: Any, make_user: Any) -> dict[str, Any]:
    cxgx, lufeng = make_zone("cxgx", "楚雄国家高新区"), make_zone("lufeng", "禄丰产业园区")
    output = Indicator.objects.create(
        code="gyzcz", name="工业总产值", unit="亿元", kind="flow", decimals=2, display_order=1
    )
    firms = Indicator.objects.create(
        code="gsqys", name="规上工业企业数", unit="户", kind="stock", decimals=0, display_order=2
    )
    Figure.objects.create(zone=cxgx, indicator=output, year=2025, month=5, value=Decimal("700"))
    return {
        "cxgx": cxgx,
        "lufeng": lufeng,
        "output": output,
        "firms": firms,
        "statistician": make_user("cx-stat", STATISTICIAN, cxgx),
        "other": make_user("lf-stat", STATISTICIAN, lufeng),
        "reviewer": make_user("reviewer", REVIEWER),
        "leader": make_user("leader", LEADER),
        "admin": make_user("admin", ADMIN),
    }


def login(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def row(
    month: int,
    code: str,
    value: Any,
    growth: Any = None,
    explanation: Any = None,
    *,
    zone: str = "cxgx",
    year: int = 2025,
) -> list[Any]:
    return [zone, year, month, code, None, None, value, growth, explanation, None]


def xlsx(
    rows: list[list[Any]], *, header: list[Any] | None = None, title: str = SHEET_NAME
) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    sheet.append(header if header is not None else list(COLUMNS))
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client: Client, data: bytes, zone: str = "cxgx") -> Any:
    url = reverse("indicators:upload", args=[zone])
    return client.post(url, {"file": SimpleUploadedFile("figures.xlsx", data)})


def confirm(client: Client, token: str, zone: str = "cxgx") -> Any:
    return client.post(reverse("indicators:upload-confirm", args=[zone]), {"token": token})


def text(response: Any) -> str:
    return str(response.content.decode())


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


# --- template download --------------------------------------------------------------------


def test_the_statistician_downloads_the_zones_template(
    client: Client, world: dict[str, Any]
) -> None:
    url = reverse("indicators:upload-template", args=["cxgx"])

    response = login(client, world["statistician"]).get(url, {"year": 2025, "month": 6})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    downloads = AuditEvent.objects.filter(event="template_download")
    assert [(e.username, e.detail) for e in downloads] == [
        (world["statistician"].username, {"zone": "cxgx", "year": 2025, "months": [6]})
    ]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))[SHEET_NAME]
    assert [r[3] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["gyzcz", "gsqys"]


@pytest.mark.parametrize(
    ("who", "status"), [("reviewer", 200), ("admin", 200), ("other", 403), ("leader", 403)]
)
def test_only_the_zones_statistician_reviewers_and_admins_get_the_template(
    client: Client, world: dict[str, Any], who: str, status: int
) -> None:
    url = reverse("indicators:upload-template", args=["cxgx"])

    assert login(client, world[who]).get(url, {"year": 2025}).status_code == status


def test_the_template_needs_a_valid_period_not_in_the_future(
    client: Client, world: dict[str, Any]
) -> None:
    url = reverse("indicators:upload-template", args=["cxgx"])
    login(client, world["statistician"])

    assert client.get(url).status_code == 400
    assert client.get(url, {"year": 2025, "month": 13}).status_code == 400
    assert client.get(url, {"year": 2099, "month": 1}).status_code == 400


def test_an_anonymous_visitor_is_sent_to_log_in(client: Client, world: dict[str, Any]) -> None:
    response = client.get(reverse("indicators:upload", args=["cxgx"]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- a good upload ------------------------------------------------------------------------


def test_a_good_upload_is_previewed_without_writing_then_saved_on_confirm(
    client: Client, world: dict[str, Any]
) -> None:
    login(client, world["statistician"])
    data = xlsx(
        [row(6, "gyzcz", 812.35, 10.5, "新项目投产"), row(6, "gsqys", 41), row(7, "gyzcz", 905)]
    )

    preview = upload(client, data)

    assert preview.status_code == 200
    assert "检查通过，尚未保存" in text(preview)
    assert Figure.objects.count() == 1
    token = preview.context["token"]

    response = confirm(client, token)

    assert response.status_code == 302
    assert response["Location"] == reverse("indicators:month", args=["cxgx", 2025, 6])
    saved = {
        (f.indicator.code, f.month): (f.value, f.reported_growth_pct, f.explanation)
        for f in Figure.objects.filter(month__gte=6)
    }
    assert saved == {
        ("gyzcz", 6): (Decimal("812.35"), Decimal("10.5"), "新项目投产"),
        ("gsqys", 6): (Decimal("41"), None, ""),
        ("gyzcz", 7): (Decimal("905"), None, ""),
    }
    revisions = FigureRevision.objects.all()
    assert {(r.origin, r.changed_by) for r in revisions} == {("upload", world["statistician"])}
    assert revisions.count() == 3
    assert list(
        SubmissionEvent.objects.values_list("submission__month", "action").order_by(
            "submission__month"
        )
    ) == [
        (6, "import"),
        (7, "import"),
    ]
    assert "已保存 2025年6月、2025年7月 的数据" in messages_of(response)[0]


def test_thousands_separators_in_groups_of_three_are_read_as_the_number(
    client: Client, world: dict[str, Any]
) -> None:
    login(client, world["statistician"])
    preview = upload(client, xlsx([row(6, "gyzcz", "1,234.5"), row(7, "gyzcz", "261，200.00")]))
    assert "检查通过，尚未保存" in text(preview)

    confirm(client, preview.context["token"])

    saved = dict(Figure.objects.filter(month__gte=6).values_list("month", "value"))
    assert saved == {6: Decimal("1234.5"), 7: Decimal("261200.00")}


def test_a_token_is_saved_once(client: Client, world: dict[str, Any]) -> None:
    login(client, world["statistician"])
    token = upload(client, xlsx([row(6, "gyzcz", 812)])).context["token"]
    confirm(client, token)

    again = confirm(client, token)

    assert again["Location"] == reverse("indicators:upload", args=["cxgx"])
    assert "预览已过期或已经保存过" in " ".join(messages_of(again))
    assert FigureRevision.objects.count() == 1


def test_months_in_the_file_are_checked_against_each_other(
    client: Client, world: dict[str, Any]
) -> None:
    login(client, world["statistician"])

    response = upload(client, xlsx([row(6, "gyzcz", 900), row(7, "gyzcz", 850)]))

    assert "第 3 行「本期累计数值」列：「工业总产值」1—7月累计 850.00 小于上月累计 900.00" in text(
        response
    )
    assert response.context["token"] is None


def test_a_blank_over_a_reported_value_warns_that_it_will_be_cleared(
    client: Client, world: dict[str, Any]
) -> None:
    login(client, world["statistician"])

    response = upload(client, xlsx([row(5, "gyzcz", None)]))

    assert "第 2 行「本期累计数值」列：空白表示未填报：保存后将清空已填报的数值 700" in text(
        response
    )
    confirm(client, response.context["token"])
    assert Figure.objects.get(month=5).value is None


# --- refusals: nothing is written ---------------------------------------------------------


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (25 * 1024 * 1024))
    return buffer.getvalue()


REFUSED_FILES = {
    "renamed html": (
        lambda: b"<html><table><tr><td>1</td></tr></table></html>",
        "不是有效的 Excel 工作簿",
    ),
    "zip bomb": (zip_bomb, "文件解压后超过 20 MB"),
    "too many rows": (
        lambda: xlsx([row(6, "gyzcz", i) for i in range(12_001)]),
        "超过 12000 行数据",
    ),
    "too many columns": (lambda: xlsx([row(6, "gyzcz", 800) + ["x"] * 21]), "第 2 行超过 30 列"),
    "missing sheet": (
        lambda: xlsx([row(6, "gyzcz", 800)], title="Sheet1"),
        "找不到名为「数据填报」的工作表",
    ),
    "formula without value": (
        lambda: xlsx([row(6, "gyzcz", "=700+100")]),
        "单元格 G2 的公式“=700+100”没有计算结果",
    ),
    "over 2 MB": (lambda: b"PK\x03\x04" + b"\0" * (2 * 1024 * 1024), "文件超过 2 MB"),
}

REFUSED_ROWS = {
    "non-number": (
        [row(6, "gyzcz", "abc")],
        "第 2 行「本期累计数值」列：「工业总产值」不是有效数字：“abc”",
    ),
    "negative": ([row(6, "gyzcz", -5)], "第 2 行「本期累计数值」列：「工业总产值」不能为负数：-5"),
    "too many decimals": (
        [row(6, "gyzcz", 812.345)],
        "第 2 行「本期累计数值」列：「工业总产值」最多保留 2 位小数：“812.345”",
    ),
    "decimals on a count": (
        [row(6, "gsqys", 40.5)],
        "第 2 行「本期累计数值」列：「规上工业企业数」最多保留 0 位小数",
    ),
    "growth with 3 decimals": (
        [row(6, "gyzcz", 800, 1.234)],
        "第 2 行「统计部门公布同比(%)」列：「工业总产值」最多保留 2 位小数",
    ),
    "other zone": (
        [row(6, "gyzcz", 800, zone="lufeng")],
        "第 2 行「开发区代码」列：应为本开发区代码“cxgx”",
    ),
    "unknown indicator": ([row(6, "xyz", 800)], "第 2 行「指标代码」列：未知的指标代码“xyz”"),
    "same indicator and month twice": (
        [row(6, "gyzcz", 800), row(6, "gyzcz", 810)],
        "第 3 行「指标代码」列：与第 2 行重复",
    ),
    "month 13": ([row(13, "gyzcz", 800)], "第 2 行「月份」列：月份应为 1—12 的整数"),
    "future month": ([row(1, "gyzcz", 800, year=2099)], "第 2 行「月份」列：2099年1月尚未到来"),
    "below last month": ([row(6, "gyzcz", 650)], "1—6月累计 650.00 小于上月累计 700.00"),
    "explanation over the model's limit": (
        [row(6, "gyzcz", 800, None, "说" * 501)],
        "异常说明不能超过 500 字（现有 501 字）",
    ),
    "comma as a decimal point": (
        [row(6, "gyzcz", "812,5")],
        "第 2 行「本期累计数值」列：「工业总产值」千分位分隔符位置不对：“812,5”"
        "（逗号只能每三位一组，如 1,234.5；小数点请用“.”）",
    ),
    "comma in a group of two": (
        [row(6, "gyzcz", "1,23")],
        "第 2 行「本期累计数值」列：「工业总产值」千分位分隔符位置不对：“1,23”",
    ),
}


def assert_refused(response: Any, message: str, before: int) -> None:
    assert response.status_code == 200
    assert message in text(response)
    assert response.context.get("token") is None
    assert "确认保存" not in text(response)
    assert Figure.objects.count() == before
    assert FigureRevision.objects.count() == 0


@pytest.mark.parametrize("case", REFUSED_FILES, ids=list(REFUSED_FILES))
def test_an_unusable_file_is_refused_with_a_reason_and_nothing_written(
    client: Client, world: dict[str, Any], case: str
) -> None:
    build, message = REFUSED_FILES[case]
    before = Figure.objects.count()

    response = upload(login(client, world["statistician"]), build())

    assert "文件未被接受，未保存任何内容" in text(response)
    assert_refused(response, message, before)


@pytest.mark.parametrize("case", REFUSED_ROWS, ids=list(REFUSED_ROWS))
def test_a_bad_row_is_shown_with_row_column_and_reason_and_nothing_written(
    client: Client, world: dict[str, Any], case: str
) -> None:
    rows, message = REFUSED_ROWS[case]
    before = Figure.objects.count()

    response = upload(login(client, world["statistician"]), xlsx(rows))

    assert "文件有误，未保存任何内容" in text(response)
    assert_refused(response, message, before)


def test_the_templates_value_column_is_named_as_on_the_month_page(
    client: Client, world: dict[str, Any]
) -> None:
    login(client, world["statistician"])
    url = reverse("indicators:upload-template", args=["cxgx"])
    template = client.get(url, {"year": 2025, "month": 6})
    header = next(
        openpyxl.load_workbook(io.BytesIO(template.content))[SHEET_NAME].iter_rows(
            max_row=1, values_only=True
        )
    )
    month_page = client.get(reverse("indicators:month", args=["cxgx", 2025, 6]))

    assert header[6] == "本期累计数值"
    assert '<th scope="col">本期累计数值</th>' in text(month_page)


def test_a_template_downloaded_with_the_former_column_name_still_uploads(
    client: Client, world: dict[str, Any]
) -> None:
    header = [("本月数值" if c == "本期累计数值" else c) for c in COLUMNS]
    login(client, world["statistician"])

    preview = upload(client, xlsx([row(6, "gyzcz", 812.3)], header=header))
    assert preview.context["preview"].error_count == 0
    confirm(client, preview.context["token"])

    assert Figure.objects.get(zone=world["cxgx"], month=6).value == Decimal("812.3")


def test_a_column_under_its_former_and_its_present_name_is_a_duplicate(
    client: Client, world: dict[str, Any]
) -> None:
    header = [*COLUMNS, "本月数值"]

    response = upload(
        login(client, world["statistician"]), xlsx([row(6, "gyzcz", 800)], header=header)
    )

    assert_refused(response, "第 1 行「本期累计数值」列：列名重复：G、K 列都是「本期累计数值」", 1)


def test_a_duplicated_column_is_refused(client: Client, world: dict[str, Any]) -> None:
    header = [*COLUMNS, "本期累计数值"]

    response = upload(
        login(client, world["statistician"]), xlsx([row(6, "gyzcz", 800)], header=header)
    )

    assert_refused(response, "第 1 行「本期累计数值」列：列名重复：G、K 列都是「本期累计数值」", 1)


def test_a_missing_required_column_is_refused(client: Client, world: dict[str, Any]) -> None:
    header = [c for c in COLUMNS if c != "统计部门公布同比(%)"]

    response = upload(login(client, world["statistician"]), xlsx([], header=header))

    assert_refused(response, "缺少必需的列「统计部门公布同比(%)」", 1)


def test_an_approved_month_is_refused(client: Client, world: dict[str, Any]) -> None:
    Submission.objects.create(
        zone=world["cxgx"], year=2025, month=6, status=Submission.Status.APPROVED
    )

    response = upload(login(client, world["statistician"]), xlsx([row(6, "gyzcz", 800)]))

    assert_refused(response, "第 2 行「月份」列：2025年6月已审核锁定", 1)


def test_a_multi_month_file_with_an_error_in_month_two_writes_nothing_for_month_one(
    client: Client, world: dict[str, Any]
) -> None:
    response = upload(
        login(client, world["statistician"]), xlsx([row(6, "gyzcz", 800), row(7, "gyzcz", "abc")])
    )

    assert_refused(response, "第 3 行「本期累计数值」列：「工业总产值」不是有效数字：“abc”", 1)
    assert not Figure.objects.filter(month=6).exists()


def test_confirm_saves_all_months_or_none_when_one_is_locked_after_the_preview(
    client: Client, world: dict[str, Any]
) -> None:
    login(client, world["statistician"])
    token = upload(client, xlsx([row(6, "gyzcz", 800), row(7, "gyzcz", 900)])).context["token"]
    Submission.objects.create(
        zone=world["cxgx"], year=2025, month=7, status=Submission.Status.APPROVED
    )

    response = confirm(client, token)

    assert response["Location"] == reverse("indicators:upload", args=["cxgx"])
    assert "2025年7月：楚雄国家高新区2025年7月已审核锁定" in " ".join(messages_of(response))
    assert not Figure.objects.filter(month__in=[6, 7]).exists()
    assert not Submission.objects.filter(month=6).exists()


def test_confirm_refuses_a_month_someone_saved_after_the_preview(
    client: Client, world: dict[str, Any]
) -> None:
    login(client, world["statistician"])
    token = upload(client, xlsx([row(6, "gyzcz", 800)])).context["token"]
    services.month_save(
        user=world["statistician"],
        zone=world["cxgx"],
        year=2025,
        month=6,
        entries=[],
        expected_version=None,
    )

    response = confirm(client, token)

    assert "已被他人修改" in " ".join(messages_of(response))
    assert not Figure.objects.filter(month=6).exists()


# --- permissions --------------------------------------------------------------------------


def test_another_zones_statistician_gets_403_and_nothing_is_written(
    client: Client, world: dict[str, Any]
) -> None:
    login(client, world["other"])

    assert client.get(reverse("indicators:upload", args=["cxgx"])).status_code == 403
    assert upload(client, xlsx([row(6, "gyzcz", 800)])).status_code == 403
    assert confirm(client, "any").status_code == 403
    assert Figure.objects.count() == 1


def test_a_reviewer_may_not_upload(client: Client, world: dict[str, Any]) -> None:
    assert upload(login(client, world["reviewer"]), xlsx([row(6, "gyzcz", 800)])).status_code == 403


def test_a_token_from_another_zone_is_not_accepted(
    client: Client, world: dict[str, Any], django_user_model: Any
) -> None:
    login(client, world["statistician"])
    token = upload(client, xlsx([row(6, "gyzcz", 800)])).context["token"]
    Profile.objects.filter(user=world["statistician"]).update(zone=world["lufeng"])

    response = confirm(client, token, zone="lufeng")

    assert "预览已过期或已经保存过" in " ".join(messages_of(response))
    assert not Figure.objects.filter(month=6).exists()


def test_the_upload_still_requires_the_csrf_token(world: dict[str, Any]) -> None:
    client = login(Client(enforce_csrf_checks=True), world["statistician"])
    page = client.get(reverse("indicators:upload", args=["cxgx"]))
    data = xlsx([row(6, "gyzcz", 800)])

    assert upload(client, data).status_code == 403
    url = reverse("indicators:upload", args=["cxgx"])
    token = page.cookies["csrftoken"].value
    response = client.post(
        url, {"file": SimpleUploadedFile("f.xlsx", data), "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 200
    assert response.context["token"]


def test_an_oversized_upload_is_dropped_before_it_reaches_memory_or_disk(
    client: Client, world: dict[str, Any]
) -> None:
    response = upload(
        login(client, world["statistician"]), b"PK\x03\x04" + b"\0" * (3 * 1024 * 1024)
    )

    assert "文件超过 2 MB" in text(response)
    assert "file" not in response.wsgi_request.FILES


def test_an_approved_month_left_unchanged_in_a_whole_year_file_is_accepted(
    client: Client, world: dict[str, Any]
) -> None:
    Submission.objects.create(
        zone=world["cxgx"], year=2025, month=5, status=Submission.Status.APPROVED
    )
    login(client, world["statistician"])

    response = upload(client, xlsx([row(5, "gyzcz", 700), row(6, "gyzcz", 800)]))

    assert response.context["token"]
    assert [r.changes for r in response.context["preview"].rows] == [False, True]
    assert "无变化" in text(response)
    confirm(client, response.context["token"])
    assert Figure.objects.get(month=6).value == Decimal("800")
    assert not SubmissionEvent.objects.filter(submission__month=5).exists()


def test_an_xls_saved_by_wps_is_previewed_in_the_success_style_and_saved(
    client: Client, world: dict[str, Any]
) -> None:
    """upload-good.xls (tests/indicators/data): 工业总产值 June 2025 as =800+12.5, 8.6%."""
    login(client, world["statistician"])
    data = (Path(__file__).parent / "data" / "upload-good.xls").read_bytes()

    preview = upload(client, data)

    html = text(preview)
    assert '<div class="alert alert--success" role="status">' in html
    assert "检查通过，尚未保存" in html.split('class="alert alert--success"')[1]
    assert "alert--error" not in html
    response = confirm(client, preview.context["token"])
    assert response.status_code == 302
    saved = Figure.objects.get(indicator__code="gyzcz", year=2025, month=6)
    assert (saved.value, saved.reported_growth_pct) == (Decimal("812.5"), Decimal("8.6"))


def test_the_upload_page_shows_the_template_button_in_a_style_for_light_panels(
    client: Client, world: dict[str, Any]
) -> None:
    """.button--quiet is white on transparent, for the dark header: on the page's white panel
    the 下载模板 button was invisible."""
    login(client, world["statistician"])
    html = text(client.get(reverse("indicators:upload", args=["cxgx"])))

    button = re.search(r'<button type="submit" class="([^"]+)">下载模板</button>', html)
    assert button is not None
    assert "button--quiet" not in button[1]
    assert ".xls" in html  # the file input accepts .xls too
