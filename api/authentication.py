from __future__ import annotations

from typing import Any

from rest_framework import authentication, exceptions

from api.models import ApiToken, token_hash


class ApiTokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <raw>`; looks the token up by its hash, refuses revoked ones."""

    def authenticate_credentials(self, key: str) -> tuple[Any, ApiToken]:
        token = (
            ApiToken.objects.select_related("user", "user__profile")
            .filter(key_hash=token_hash(key), revoked_at__isnull=True)
            .first()
        )
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("令牌无效或已吊销。")
        return token.user, token
