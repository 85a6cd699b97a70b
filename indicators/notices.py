"""Who hears of a month's return or approval: the zone's statisticians, in the portal and by
e-mail (`notifications.services.notify`). Called once from each of the two services."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from accounts.selectors import statisticians_of
from notifications.services import notify

if TYPE_CHECKING:
    from indicators.models import Submission


def _tell(submission: Submission, *, kind: str, title: str, body: str) -> None:
    zone = submission.zone
    url = reverse("indicators:month", args=[zone.code, submission.year, submission.month])
    for user in statisticians_of([zone.pk]).get(zone.pk, []):
        notify(
            recipient=user,
            kind=kind,
            title=title,
            body=body,
            url=url,
            dedupe_key=f"month:{submission.pk}:v{submission.version}:{kind}",
        )


def month_returned(*, submission: Submission, reason: str) -> None:
    what = f"{submission.zone}{submission.year}年{submission.month}月数据"
    _tell(
        submission,
        kind="month.returned",
        title=f"{what}被退回",
        body=f"{what}已被审核员退回。\n退回原因：{reason}\n请修改后重新提交审核。",
    )


def month_approved(*, submission: Submission) -> None:
    what = f"{submission.zone}{submission.year}年{submission.month}月数据"
    _tell(
        submission,
        kind="month.approved",
        title=f"{what}已审核通过",
        body=f"{what}已审核通过并锁定。如需修改，请联系管理员解锁。",
    )
