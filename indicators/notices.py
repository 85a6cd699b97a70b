"""Who hears of a month's return or approval: the zone's statisticians, in the portal and by
e-mail (`notifications.services.notify`). Called once from each of the two services."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts import roles
from notifications.services import notify

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from indicators.models import Submission


def statisticians_of(zone_ids: Iterable[int]) -> dict[int, list[User]]:
    """Zone id → its active statisticians (one query)."""
    users = (
        get_user_model()
        .objects.filter(
            profile__zone_id__in=list(zone_ids),
            groups__name=roles.STATISTICIAN.group,
            is_active=True,
        )
        .select_related("profile")
        .distinct()
        .order_by("username")
    )
    found: dict[int, list[User]] = defaultdict(list)
    for user in users:
        if user.profile.zone_id is not None:
            found[user.profile.zone_id].append(user)
    return found


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
