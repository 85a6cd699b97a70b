"""What the accounts app stores itself. (`Profile` stays in `targets` for now: moving a model
while other branches add migrations beside it is left for a quiet moment.)"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PasswordHistory(models.Model):
    """The hashes of a user's past passwords, so the last five cannot be reused."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="password_history",
        verbose_name="用户",
    )
    password = models.CharField("密码哈希", max_length=128)
    created = models.DateTimeField("设置时间", auto_now_add=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = "历史密码"
        verbose_name_plural = "历史密码"

    def __str__(self) -> str:
        return f"{self.user_id} {self.created:%Y-%m-%d}"
