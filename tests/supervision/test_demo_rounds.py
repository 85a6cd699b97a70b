"""Task supervision out of the box: the demo opens the current round and a past one, with
reports filed on time, late and returned, some not at all, and the liaison lands on them."""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from supervision.models import ReportingRound, ReportSlot, TaskReport
from supervision.selectors import overdue_slots, unreported_slots
from targets.models import TaskItem, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db: None) -> None:
    call_command("loaddata", "catalogue", "indicators", "targets", verbosity=0)
    call_command("setup_roles", "--demo-users", stdout=io.StringIO())
    call_command("demo_rounds", stdout=io.StringIO())


def test_the_demo_opens_the_current_round_and_a_past_one_once(demo: None) -> None:
    today = timezone.localdate()
    rounds = list(ReportingRound.objects.order_by("period_start"))
    assert len(rounds) == 2
    past, current = rounds
    assert all(r.title.startswith("演示") for r in rounds)
    assert current.period_start <= today <= current.period_end
    assert current.due_date >= today
    assert past.due_date < today
    assert past.period_end < current.period_start

    call_command("demo_rounds", stdout=io.StringIO())
    assert ReportingRound.objects.count() == 2


def test_the_past_round_has_reports_on_time_late_returned_and_missing(demo: None) -> None:
    past = ReportingRound.objects.order_by("period_start").first()
    assert past is not None
    reports = TaskReport.objects.filter(slot__round=past)
    due_end = timezone.make_aware(datetime.datetime.combine(past.due_date, datetime.time.max))
    assert reports.filter(submitted_at__lte=due_end).exists()  # on time
    assert reports.filter(submitted_at__gt=due_end).exists()  # late
    returned = reports.filter(review_state=TaskReport.Review.RETURNED)
    assert returned.exists()
    assert all(r.return_reason for r in returned)
    assert reports.filter(review_state=TaskReport.Review.ACCEPTED).exists()
    assert overdue_slots(today=timezone.localdate()).filter(round=past).exists()
    assert all(r.narrative.startswith("演示数据") for r in reports)


def test_a_collective_unit_owes_no_report_and_says_its_members_act(
    demo: None, client: Client
) -> None:
    """县市人民政府 and 楚雄国家高新区和各产业园区 cannot log in: their slots owe nothing (never
    未报送 or 逾期, no reminder), and the task's page says 不单独报送（由各成员分别落实）."""
    collective = [u.pk for u in Unit.objects.all() if u.is_collective]
    assert {u.name for u in Unit.objects.filter(pk__in=collective)} >= {
        "县市人民政府",
        "楚雄国家高新区和各产业园区",
    }
    assert ReportSlot.objects.filter(unit__in=collective).exists()
    assert not TaskReport.objects.filter(slot__unit__in=collective).exists()
    assert not unreported_slots().filter(unit__in=collective).exists()
    assert not overdue_slots(today=timezone.localdate()).filter(unit__in=collective).exists()
    task = TaskItem.objects.get(document__code="cbf-2023-5", number=5)  # names both
    client.force_login(get_user_model().objects.get(username="demo-leader"))
    page = client.get(reverse("supervision:task", args=[task.pk])).content.decode()
    rows = [
        r.split("</tr>")[0] for r in page.split("<tr") if "县市人民政府" in r or "各产业园区" in r
    ]
    assert len(rows) == 2
    assert all("不单独报送（由各成员分别落实）" in r for r in rows)
    assert all("未报送" not in r and "逾期" not in r for r in rows)
    matrix = client.get(reverse("supervision:matrix")).content.decode()
    assert "不单独报送" in matrix


def test_the_liaison_lands_on_the_units_open_reports(demo: None, client: Client) -> None:
    client.force_login(get_user_model().objects.get(username="demo-liaison"))

    response = client.get(reverse("reporting:start"))

    assert response.status_code == 302
    assert response["Location"] == reverse("supervision:mine")
    page = client.get(response["Location"]).content.decode()
    current = ReportingRound.objects.order_by("period_start").last()
    assert current is not None
    assert current.title in page
    assert "逾期" in page  # the past round's slots not reported


def test_the_collective_rule_reads_the_same_in_python_and_in_a_query(demo: None) -> None:
    in_query = set(Unit.objects.filter(Unit.collective_q()).values_list("name", flat=True))
    assert in_query == {u.name for u in Unit.objects.all() if u.is_collective}
    assert in_query == {"县市党委", "县市人民政府", "楚雄国家高新区和各产业园区"}
