"""The month page shows every error and warning beside its row, highlighted, with a summary at
the top linking to the rows; warnings stay after a reload; the reviewer reads each anomaly with
the statistician's explanation; an approval says what was approved."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.roles import REVIEWER, STATISTICIAN
from indicators import services
from indicators.models import Figure, Submission
from indicators.validation import Issue, Level
from targets.models import Indicator

pytestmark = pytest.mark.django_db

SLIP = "「工业总产值」约为此前数值的 1 万倍或万分之一，请核对单位（亿元）"


@pytest.fixture
def world(make_zone: Any, make_user: Any) -> dict[str, Any]:
    lufeng = make_zone("lufeng", "禄丰产业园区")
    output = Indicator.objects.create(
        code="gyzcz", name="工业总产值", unit="亿元", kind="flow", decimals=2, display_order=1
    )
    firms = Indicator.objects.create(
        code="gsgyqys", name="规上工业企业数", unit="户", kind="stock", decimals=0, display_order=2
    )
    # May, on file: June's 125000 is then a 10,000× slip (万元 typed into 亿元).
    Figure.objects.create(zone=lufeng, indicator=output, year=2025, month=5, value=Decimal("12.5"))
    return {
        "lufeng": lufeng,
        "output": output,
        "firms": firms,
        "stat": make_user("stat-lufeng", STATISTICIAN, lufeng),
        "reviewer": make_user("reviewer", REVIEWER),
    }


def month_url(year: int = 2025, month: int = 6) -> str:
    return reverse("indicators:month", args=["lufeng", year, month])


def as_user(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post_month(client: Client, data: dict[str, str], *, month: int = 6) -> Any:
    payload = {
        "v_gyzcz": "",
        "g_gyzcz": "",
        "e_gyzcz": "",
        "v_gsgyqys": "",
        "g_gsgyqys": "",
        "e_gsgyqys": "",
        **data,
    }
    return client.post(month_url(month=month), payload)


def html(response: Any) -> str:
    return str(response.content.decode())


def row_of(page: str, code: str) -> tuple[str, str]:
    """The class attribute and the content of the table row of an indicator."""
    match = re.search(
        rf'<tr id="row-{code}" data-indicator="{code}"(?: class="([^"]*)")?>(.*?)</tr>', page, re.S
    )
    assert match, f"no row for {code}"
    return match.group(1) or "", match.group(2)


def summary_of(page: str) -> str:
    match = re.search(r'<section class="alert month-summary.*?</section>', page, re.S)
    assert match, "no summary at the top of the page"
    return match.group(0)


def test_every_error_and_warning_is_shown_at_once_beside_its_row_and_highlighted(
    world: Any,
) -> None:
    stat = as_user(world["stat"])
    response = post_month(stat, {"v_gyzcz": "125000", "v_gsgyqys": "十二"})
    assert response.status_code == 400
    page = html(response)

    classes, firms_row = row_of(page, "gsgyqys")
    assert classes == "row--error"
    assert "错误：「规上工业企业数」不是有效数字：“十二”" in firms_row
    classes, output_row = row_of(page, "gyzcz")
    assert classes == "row--warning"  # the warning of the other row is shown at the same time
    assert f"预警：{SLIP}" in output_row
    assert SLIP not in firms_row

    summary = summary_of(page)
    assert 'role="alert"' in summary
    assert '错误 <strong class="month-summary__errors">1</strong> 个' in summary
    assert '预警 <strong class="month-summary__warnings">1</strong> 个' in summary
    assert f'<a href="#row-gyzcz">预警：{SLIP}</a>' in summary
    assert '<a href="#row-gsgyqys">错误：「规上工业企业数」不是有效数字：“十二”</a>' in summary
    assert not Figure.objects.filter(month=6).exists()


def test_an_error_of_the_rules_and_a_warning_show_in_their_own_rows(world: Any) -> None:
    Figure.objects.create(
        zone=world["lufeng"], indicator=world["firms"], year=2025, month=5, value=Decimal(10)
    )
    stat = as_user(world["stat"])
    # 工业总产值 1—6月 below 1—5月: an error; 规上工业企业数 10 → 40: a change beyond 50%.
    response = post_month(stat, {"v_gyzcz": "12", "v_gsgyqys": "40"})
    assert response.status_code == 400
    page = html(response)
    classes, output_row = row_of(page, "gyzcz")
    assert classes == "row--error"
    assert "1—6月累计 12.00 小于上月累计 12.50" in output_row
    classes, firms_row = row_of(page, "gsgyqys")
    assert classes == "row--warning"
    assert "「规上工业企业数」较上月变动超过" in firms_row
    assert 'value="40"' in firms_row  # what was typed is kept in its row
    assert "数据有误，未保存任何内容" in page


def test_warnings_stay_visible_after_a_reload(world: Any) -> None:
    stat = as_user(world["stat"])
    saved = post_month(stat, {"v_gyzcz": "125000", "v_gsgyqys": "12"})
    assert saved.status_code == 302  # a draft may hold an unexplained warning

    for _ in range(2):  # the page after the save, and a reload of it
        page = html(stat.get(month_url()))
        classes, output_row = row_of(page, "gyzcz")
        assert classes == "row--warning"
        assert SLIP in output_row
        assert row_of(page, "gsgyqys")[0] == ""  # a row without a problem is not marked
        summary = summary_of(page)
        assert f'<a href="#row-gyzcz">预警：{SLIP}</a>' in summary
        assert 'role="alert"' not in summary  # nothing was refused


def test_whatever_issues_the_rules_return_are_shown_in_their_rows_or_the_summary(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rules (cross-indicator 审核公式 among them) are the service's: the page shows every
    issue `validate_month` returns, in the row of the indicator it names, or in the summary
    when that indicator is not on the page."""
    original = services.validate_month
    part = "「规上工业总产值」12.00 大于「工业总产值」10.00"
    elsewhere = "「地区生产总值」未填报，无法核对研发投入强度"

    def with_rules(**kwargs: Any) -> list[Issue]:
        return [
            *original(**kwargs),
            Issue("gsgyqys", Level.ERROR, "part_exceeds_whole", part),
            Issue("gdp", Level.WARNING, "missing_denominator", elsewhere),
        ]

    monkeypatch.setattr(services, "validate_month", with_rules)
    Figure.objects.create(
        zone=world["lufeng"], indicator=world["firms"], year=2025, month=6, value=12
    )
    page = html(as_user(world["stat"]).get(month_url()))

    classes, firms_row = row_of(page, "gsgyqys")
    assert classes == "row--error"
    assert f"错误：{part}" in firms_row
    summary = summary_of(page)
    assert f'<a href="#row-gsgyqys">错误：{part}</a>' in summary
    assert f'<li class="note note--warning">预警：{elsewhere}</li>' in summary
    assert '错误 <strong class="month-summary__errors">1</strong> 个' in summary
    assert '预警 <strong class="month-summary__warnings">1</strong> 个' in summary


def test_a_month_without_problems_has_no_summary(world: Any) -> None:
    stat = as_user(world["stat"])
    post_month(stat, {"v_gyzcz": "13.6", "v_gsgyqys": "12"})
    page = html(stat.get(month_url()))
    assert "month-summary" not in page
    assert "row--warning" not in page
    assert "row--error" not in page


def test_a_month_that_has_not_come_is_not_open_and_offers_no_form(world: Any) -> None:
    stat = as_user(world["stat"])
    next_year = timezone.localdate().year + 1
    response = stat.get(month_url(next_year, 1))
    assert response.status_code == 200
    page = html(response)
    assert "本月尚未开放填报" in page
    assert f"{next_year}年1月尚未到来，不能填报" in page
    assert 'name="v_gyzcz"' not in page
    assert "提交审核" not in page


def submitted_with_explanation(world: Any) -> Submission:
    stat = as_user(world["stat"])
    response = post_month(
        stat,
        {
            "v_gyzcz": "125000",
            "e_gyzcz": "新投产项目集中释放产能，已核实",
            "v_gsgyqys": "12",
            "submit": "1",
        },
    )
    assert response.status_code == 302
    return Submission.objects.get(zone=world["lufeng"], year=2025, month=6)


def test_the_reviewer_sees_each_anomaly_marked_with_the_statisticians_explanation(
    world: Any,
) -> None:
    submitted_with_explanation(world)
    page = html(as_user(world["reviewer"]).get(month_url()))
    classes, output_row = row_of(page, "gyzcz")
    assert classes == "row--warning"
    assert SLIP in output_row
    assert "统计员说明：新投产项目集中释放产能，已核实" in output_row
    classes, firms_row = row_of(page, "gsgyqys")
    assert classes == ""
    assert "统计员说明" not in firms_row
    assert f'<a href="#row-gyzcz">预警：{SLIP}</a>' in summary_of(page)


def test_the_reviewer_sees_when_a_warning_has_no_explanation(world: Any) -> None:
    Submission.objects.create(zone=world["lufeng"], year=2025, month=6, status="submitted")
    Figure.objects.create(
        zone=world["lufeng"], indicator=world["output"], year=2025, month=6, value=125000
    )
    page = html(as_user(world["reviewer"]).get(month_url()))
    _, output_row = row_of(page, "gyzcz")
    assert '统计员说明：<span class="note--missing">未填写</span>' in output_row


def test_approve_and_return_ask_for_confirmation(world: Any) -> None:
    submitted_with_explanation(world)
    page = html(as_user(world["reviewer"]).get(month_url()))
    approve = reverse("indicators:review", args=["lufeng", 2025, 6, "approve"])
    returning = reverse("indicators:review", args=["lufeng", 2025, 6, "return"])
    for action in (approve, returning):
        form = re.search(rf'<form method="post" action="{action}"[^>]*>', page)
        assert form, action
        assert "data-confirm=" in form.group(0)


def test_an_approval_says_which_month_was_approved_and_how_many_figures(world: Any) -> None:
    submission = submitted_with_explanation(world)
    # A blank (not reported) figure on file is not a figure of the month.
    other = Indicator.objects.create(code="yysr", name="营业收入", unit="亿元", kind="flow")
    Figure.objects.create(zone=world["lufeng"], indicator=other, year=2025, month=6, value=None)
    reviewer = as_user(world["reviewer"])
    url = reverse("indicators:review", args=["lufeng", 2025, 6, "approve"])
    response = reviewer.post(url, {"version": submission.version}, follow=True)
    assert "已审核 禄丰产业园区 2025年6月，共 2 项" in html(response)
    assert Submission.objects.get(pk=submission.pk).status == "approved"


def test_a_return_says_which_month_was_returned_and_why(world: Any) -> None:
    submission = submitted_with_explanation(world)
    url = reverse("indicators:review", args=["lufeng", 2025, 6, "return"])
    response = as_user(world["reviewer"]).post(
        url, {"version": submission.version, "reason": "请核对单位"}, follow=True
    )
    assert "已退回 禄丰产业园区 2025年6月，原因：请核对单位" in html(response)


def add_indicators_with_warnings(world: Any, count: int) -> None:
    """More indicators, each with a June figure ten times May's (a warning each)."""
    for n in range(count):
        indicator = Indicator.objects.create(
            code=f"x{n}", name=f"指标{n}", unit="户", kind="stock", decimals=0
        )
        for month, value in ((5, 10), (6, 100)):
            Figure.objects.create(
                zone=world["lufeng"], indicator=indicator, year=2025, month=month, value=value
            )


#: The page's queries: session, user, zone, permissions (2), the statistician's profile,
#: indicators, figures, submission and its events (3), validate_month's figures on file, the
#: changes since the last submission (2).
# 2 of them are the write planner's: the 审核公式 in force and the zone's clusters
MONTH_PAGE_QUERIES = {"stat": 16, "reviewer": 15}


@pytest.mark.parametrize("who", ["stat", "reviewer"])
def test_the_month_page_runs_the_same_queries_whatever_the_number_of_indicators(
    world: Any, who: str, django_assert_num_queries: Any
) -> None:
    submitted_with_explanation(world)
    client = as_user(world[who])
    with django_assert_num_queries(MONTH_PAGE_QUERIES[who]):
        client.get(month_url())
    add_indicators_with_warnings(world, 30)
    with django_assert_num_queries(MONTH_PAGE_QUERIES[who]):
        page = html(client.get(month_url()))
    assert page.count('class="row--warning"') == 31  # every anomaly is marked, still


def test_the_return_reason_is_shown_at_the_top_of_the_month_and_in_the_list(world: Any) -> None:
    submission = submitted_with_explanation(world)
    url = reverse("indicators:review", args=["lufeng", 2025, 6, "return"])
    as_user(world["reviewer"]).post(url, {"version": submission.version, "reason": "请核对单位"})
    stat = as_user(world["stat"])

    page = html(stat.get(month_url()))
    top = page.split('<table class="data month-table">')[0]
    assert "已退回，请修改后重新提交" in top
    assert '退回原因：<strong class="return-reason">请核对单位</strong>（reviewer，' in top
    listing = html(stat.get(reverse("indicators:submissions")))
    assert "退回原因：请核对单位" in listing

    resubmitted = post_month(stat, {"v_gyzcz": "13.6", "v_gsgyqys": "12", "submit": "1"})
    assert resubmitted.status_code == 302
    assert "已退回，请修改后重新提交" not in html(stat.get(month_url()))
    assert "退回原因" not in html(stat.get(reverse("indicators:submissions")))


def test_the_submission_list_runs_the_same_queries_whatever_the_number_of_months(
    world: Any, django_assert_num_queries: Any
) -> None:
    reviewer = as_user(world["reviewer"])

    def returned(month: int) -> None:
        submission = Submission.objects.create(
            zone=world["lufeng"], year=2024, month=month, status="returned"
        )
        submission.events.create(
            action="return", actor=world["reviewer"], reason=f"第{month}月有误"
        )

    returned(1)
    # session, user, permissions (2), the user's profile (own zone), the count, the submissions
    with django_assert_num_queries(7):
        reviewer.get(reverse("indicators:submissions"))
    for month in range(2, 7):
        returned(month)
    with django_assert_num_queries(7):
        listing = html(reviewer.get(reverse("indicators:submissions")))
    assert all(f"退回原因：第{month}月有误" in listing for month in range(1, 7))
