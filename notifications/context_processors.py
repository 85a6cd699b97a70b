from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from notifications.backends import UNREAD_ATTRIBUTE
from notifications.selectors import unread_count


def unread_notifications(request: HttpRequest) -> dict[str, Any]:
    """`unread_notifications`: the user's unread messages, for the navigation. Read with the
    user (backends.UnreadCountModelBackend): no query; else one, and only if a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    if hasattr(user, UNREAD_ATTRIBUTE):
        return {"unread_notifications": getattr(user, UNREAD_ATTRIBUTE)}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(recipient=user))}
