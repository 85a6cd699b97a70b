"""Password rules of 等保 8.1.4.1 beyond Django's own validators (configured in settings)."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError

CLASSES = (
    ("小写字母", re.compile(r"[a-z]")),
    ("大写字母", re.compile(r"[A-Z]")),
    ("数字", re.compile(r"[0-9]")),
    ("符号", re.compile(r"[^a-zA-Z0-9]")),
)


class CharacterClassesValidator:
    """At least `min_classes` of lower case, upper case, digits and symbols."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        if sum(1 for _, rx in CLASSES if rx.search(password)) < self.min_classes:
            raise ValidationError(
                f"密码须包含小写字母、大写字母、数字、符号中的至少 {self.min_classes} 类。",
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return f"密码须包含小写字母、大写字母、数字、符号中的至少 {self.min_classes} 类。"


class NotContainingUsernameValidator:
    def validate(self, password: str, user: Any = None) -> None:
        name = (user.get_username() if user is not None else "") or ""
        if len(name) >= 3 and name.lower() in password.lower():
            raise ValidationError("密码不能包含用户名。", code="password_contains_username")

    def get_help_text(self) -> str:
        return "密码不能包含用户名。"


class PasswordHistoryValidator:
    """Not one of the last `keep` passwords; remembers each new one (hash only)."""

    def __init__(self, keep: int = 5) -> None:
        self.keep = keep

    def validate(self, password: str, user: Any = None) -> None:
        if user is None or user.pk is None:
            return
        from accounts.models import PasswordHistory

        hashes = PasswordHistory.objects.filter(user=user).values_list("password", flat=True)
        if any(check_password(password, h) for h in hashes[: self.keep]):
            raise ValidationError(
                f"新密码不能与最近 {self.keep} 次使用过的密码相同。", code="password_reused"
            )

    def password_changed(self, password: str, user: Any = None) -> None:
        if user is None or user.pk is None:
            return
        from accounts.models import PasswordHistory
        from audit.services import record

        by_admin = bool(getattr(user, "_password_set_by_admin", False))  # accounts.passwords
        PasswordHistory.objects.create(user=user, password=user.password, set_by_admin=by_admin)
        record(
            event="password_change",
            object=user.get_username(),
            detail={"set_by_admin": True} if by_admin else None,
        )
        old = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[self.keep :]
        PasswordHistory.objects.filter(pk__in=list(old)).delete()

    def get_help_text(self) -> str:
        return f"不能与最近 {self.keep} 次使用过的密码相同。"
