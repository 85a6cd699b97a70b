"""The largest figure a statistician may enter is kept exactly, on SQLite and PostgreSQL,
and every page that shows it still renders (issue 19, case 1)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.roles import LEADER, REVIEWER, STATISTICIAN
from indicators import services
from indicators.models import Figure, Submission
from targets.models import Zone

pytestmark = pytest.mark.django_db

#: 14 integer digits (what DecimalField(18, 4) holds) and one decimal: 15 significant digits.
LARGEST = "99999999999999.9"


@pytest.fixture
def world(make_user: Any) -> dict[str, Any]:
    call_command("loaddata", "catalogue", "indicators", "targets", verbosity=0)
    cxgx = Zone.objects.get(code="cxgx")
    return {
        "cxgx": cxgx,
        "stat": make_user("stat-cxgx", STATISTICIAN, cxgx),
        "reviewer": make_user("reviewer", REVIEWER),
        "leader": make_user("leader", LEADER),
    }


def month_url() -> str:
    return reverse("indicators:month", args=["cxgx", 2025, 12])


def test_the_largest_accepted_value_reads_back_equal_and_every_page_renders(
    client: Client, world: dict[str, Any]
) -> None:
    client.force_login(world["stat"])
    response = client.post(month_url(), {"v_gyzcz": LARGEST, "e_gyzcz": "核实"})
    assert response.status_code == 302, response.content.decode()[:2000]

    stored = Figure.objects.get(zone__code="cxgx", indicator__code="gyzcz", year=2025, month=12)
    assert stored.value == Decimal(LARGEST)
    assert client.get(month_url()).status_code == 200

    submission = Submission.objects.get(zone=world["cxgx"], year=2025, month=12)
    submission.status = Submission.Status.SUBMITTED
    submission.save()
    services.submission_approve(user=world["reviewer"], submission=submission)

    client.force_login(world["leader"])
    for url in (
        month_url(),
        reverse("dashboards:overview") + "?as_of=2025-12",
        reverse("dashboards:zone", args=["cxgx"]) + "?as_of=2025-12",
        reverse("dashboards:target", args=["5-cxgx-gyzcz-2025"]) + "?as_of=2025-12",
        reverse("dashboards:clusters") + "?as_of=2025-12",
        reverse("dashboards:tasks"),
        reverse("dashboards:benchmark") + "?as_of=2025-12",
        reverse("dashboards:evaluation_year", args=[2025]),
        reverse("dashboards:report") + "?as_of=2025-12",
    ):
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("dashboards:zone", args=["cxgx"]) + "?as_of=2025-12")
    assert "99,999,999,999,999.9" in page.content.decode()


@pytest.mark.parametrize("typed", ["99999999999999.99", "12345678901234.56"])
def test_a_sixteenth_significant_digit_is_refused_naming_the_indicator(
    client: Client, world: dict[str, Any], typed: str
) -> None:
    client.force_login(world["stat"])
    response = client.post(month_url(), {"v_gyzcz": typed})
    assert response.status_code == 400
    content = response.content.decode()
    assert "「工业总产值」数字位数过多（整数位与小数位合计最多 15 位）" in content
    assert not Figure.objects.filter(indicator__code="gyzcz").exists()
