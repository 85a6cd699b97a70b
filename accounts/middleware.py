"""A session's idle timeout and absolute lifetime (等保 8.1.4.1).

Both timestamps are set at login (a `user_logged_in` receiver), so a request writes the
session only when the last-seen mark is more than a minute old: the idle timeout costs no
query on most pages. Expiry logs out, which deletes the session on the server.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

STARTED = "accounts_session_started"
LAST_SEEN = "accounts_session_last_seen"
TOUCH_EVERY = 60  # seconds


def mark_session_start(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    now = time.time()
    request.session[STARTED] = now
    request.session[LAST_SEEN] = now


class SessionLifetimeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            started = float(request.session.get(STARTED, now))
            last_seen = float(request.session.get(LAST_SEEN, now))
            if (
                now - started > settings.SESSION_ABSOLUTE_AGE
                or now - last_seen > settings.SESSION_IDLE_TIMEOUT
            ):
                logout(request)
            elif now - last_seen > TOUCH_EVERY or STARTED not in request.session:
                request.session[LAST_SEEN] = now
                request.session.setdefault(STARTED, now)
        return self.get_response(request)
