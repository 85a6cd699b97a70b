"""Per-client API tokens: only a SHA-256 hash is stored; the token is shown once."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name="用户",
    )
    client = models.CharField("客户端名称", max_length=100)
    key_hash = models.CharField("令牌哈希", max_length=64, unique=True, editable=False)
    prefix = models.CharField("令牌前缀", max_length=8, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"

    def __str__(self) -> str:
        return f"{self.client}（{self.prefix}…）"

    def issue(self) -> str:
        """Give the token a new secret and return it (the only time it is readable)."""
        raw = secrets.token_urlsafe(32)
        self.key_hash = token_hash(raw)
        self.prefix = raw[:8]
        return raw
