"""Reviewers accept or return (with a reason) the current version of a report; others cannot."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from supervision import selectors, services
from supervision.models import TaskReport

pytestmark = pytest.mark.django_db

FINANCE, NDRC = "州财政局", "州发展改革委"


def test_a_reviewer_accepts_a_report_and_who_and_when_are_kept(world: Any) -> None:
    report = world.submit(NDRC)

    accepted = services.report_accept(user=world.reviewer, report=report)

    assert accepted.review_state == TaskReport.Review.ACCEPTED
    assert accepted.reviewed_by == world.reviewer
    assert accepted.reviewed_at is not None


def test_a_reviewer_returns_a_report_with_a_reason(world: Any) -> None:
    report = world.submit(NDRC)

    returned = services.report_return(user=world.reviewer, report=report, reason="缺少数据支撑。")

    returned.refresh_from_db()
    assert (returned.review_state, returned.return_reason) == ("returned", "缺少数据支撑。")
    assert returned.reviewed_by == world.reviewer


def test_returning_without_a_reason_is_refused(world: Any) -> None:
    report = world.submit(NDRC)

    with pytest.raises(ValidationError, match="必须填写原因"):
        services.report_return(user=world.reviewer, report=report, reason="  ")
    report.refresh_from_db()
    assert report.review_state == TaskReport.Review.SUBMITTED


@pytest.mark.parametrize("who", ["leader", "liaison"])
def test_only_reviewers_accept_or_return(world: Any, who: str) -> None:
    report = world.submit(NDRC)
    user = world.leader if who == "leader" else world.liaisons[NDRC]

    with pytest.raises(PermissionDenied):
        services.report_accept(user=user, report=report)
    with pytest.raises(PermissionDenied):
        services.report_return(user=user, report=report, reason="不行")
    report.refresh_from_db()
    assert report.review_state == TaskReport.Review.SUBMITTED


def test_a_superseded_version_cannot_be_reviewed(world: Any) -> None:
    first = world.submit(NDRC)
    world.submit(NDRC, narrative="更新")

    with pytest.raises(ValidationError, match="已被新版本取代"):
        services.report_accept(user=world.reviewer, report=first)


def test_a_reviewed_report_cannot_be_reviewed_again(world: Any) -> None:
    report = services.report_accept(user=world.reviewer, report=world.submit(NDRC))

    with pytest.raises(ValidationError, match="不能再审核"):
        services.report_return(user=world.reviewer, report=report, reason="改主意")


def test_after_a_return_the_unit_files_version_2_which_awaits_review(world: Any) -> None:
    first = world.submit(NDRC)
    services.report_return(user=world.reviewer, report=first, reason="请补充进度。")

    second = world.submit(NDRC, narrative="补充：已完成80%。")

    first.refresh_from_db()
    assert (first.review_state, first.is_current) == ("returned", False)
    assert list(selectors.review_queue()) == [second]


def test_review_queue_is_for_reviewers_only(client: Client, world: Any) -> None:
    world.submit(NDRC, narrative="待审核的进展")
    client.force_login(world.liaisons[NDRC])
    assert client.get(reverse("supervision:review")).status_code == 403

    client.force_login(world.reviewer)
    page = client.get(reverse("supervision:review"))

    assert page.status_code == 200
    assert "待审核的进展" in page.content.decode()


def test_reviewer_returns_from_the_queue_and_a_blank_reason_is_refused(
    client: Client, world: Any
) -> None:
    report = world.submit(NDRC)
    client.force_login(world.reviewer)
    url = reverse("supervision:review-action", args=[report.pk, "return"])

    blank = client.post(url, {"reason": ""}, follow=True)
    report.refresh_from_db()
    assert "退回时必须填写原因" in blank.content.decode()
    assert report.review_state == "submitted"

    client.post(url, {"reason": "数据口径不一致"})
    report.refresh_from_db()
    assert (report.review_state, report.return_reason) == ("returned", "数据口径不一致")


def test_a_liaison_posting_accept_gets_403(client: Client, world: Any) -> None:
    report = world.submit(NDRC)
    client.force_login(world.liaisons[FINANCE])

    response = client.post(reverse("supervision:review-action", args=[report.pk, "accept"]))

    assert response.status_code == 403
    report.refresh_from_db()
    assert report.review_state == "submitted"
