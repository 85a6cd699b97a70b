"""Password expiry and the forced change (等保 8.1.4.1): a password older than the period in
`SecurityPolicy` (default 90 days), or one an admin set, must be changed before anything else.

The date and origin of the current password are the newest `PasswordHistory` row.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.utils import timezone

from accounts.models import PasswordHistory, SecurityPolicy
from audit.services import record

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, User
    from django.http import HttpRequest

CHANGE = "password"
SESSION_CHANGE = "accounts_password_change"  # the reason, until the password is changed
EXPIRED = "expired"
ADMIN_SET = "admin_set"
REASONS = {
    EXPIRED: "您的密码已超过有效期，请设置新密码后继续使用。",
    ADMIN_SET: "您的密码由管理员设置，首次登录须改为只有您知道的新密码。",
}
# Set on a user object before saving a password an admin chose (accounts.admin's forms).
SET_BY_ADMIN = "_password_set_by_admin"


def change_reason(user: User) -> str | None:
    """Why the user must change their password now, or None."""
    latest = (
        PasswordHistory.objects.filter(user=user)
        .order_by("-created", "-pk")
        .values_list("created", "set_by_admin")
        .first()
    )
    if latest is None:
        set_on, by_admin = getattr(user, "date_joined", timezone.now()), False
    else:
        set_on, by_admin = latest
    if by_admin:
        return ADMIN_SET
    days = SecurityPolicy.current().password_max_age_days
    if set_on < timezone.now() - datetime.timedelta(days=days):
        return EXPIRED
    return None


def record_change_required(*, request: HttpRequest, user: AbstractBaseUser, reason: str) -> None:
    record(
        event="password_change_required",
        user=user,
        request=request,
        object=user.get_username(),
        detail={"reason": reason},
    )
