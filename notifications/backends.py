"""The login backend: Django's ModelBackend, whose user query also counts unread messages.

The count shows in every page's navigation (我的消息 N). Read with the user, in the query the
authentication middleware runs anyway, it costs no query of its own, so no page's query count
changes with it; `context_processors.unread_notifications` falls back to one query for a user
loaded some other way."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from notifications.selectors import unread_count_subquery

UNREAD_ATTRIBUTE = "unread_notification_count"


class UnreadCountModelBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        try:
            user = model._default_manager.annotate(
                **{UNREAD_ATTRIBUTE: unread_count_subquery()}
            ).get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
