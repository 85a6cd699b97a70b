"""What a logged-in user must do before anything else, on every path (the admin and the API
included): give their second factor (or enrol one), then change a password that expired or
that an admin set.

Both steps are decided at login (`login_requirements`, a `user_logged_in` receiver) and kept
in the session, so the gate costs no query on an ordinary page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse

from accounts import passwords, second_factor

STEP_PAGES = {
    second_factor.VERIFY: "accounts:verify",
    second_factor.ENROL: "accounts:enrol",
    passwords.CHANGE: "accounts:password-change",
}
MESSAGES = {
    second_factor.VERIFY: "请先完成双因素验证。",
    second_factor.ENROL: "您的角色要求双因素验证，请先绑定身份验证器。",
    passwords.CHANGE: "请先修改密码。",
}


def login_requirements(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    step = second_factor.login_step(user)
    if step is None:
        request.session.pop(second_factor.SESSION_STEP, None)
    else:
        request.session[second_factor.SESSION_STEP] = step
    reason = passwords.change_reason(user)
    if reason is None:
        request.session.pop(passwords.SESSION_CHANGE, None)
    else:
        request.session[passwords.SESSION_CHANGE] = reason
        passwords.record_change_required(request=request, user=user, reason=reason)


def pending(request: HttpRequest) -> str | None:
    step = second_factor.pending_step(request)
    if step is not None:
        return step
    return passwords.CHANGE if request.session.get(passwords.SESSION_CHANGE) else None


class AccountGateMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            step = pending(request)
            if step is not None:
                page = reverse(STEP_PAGES[step])
                if request.path not in {page, reverse("logout")}:
                    return self.refuse(request, step, page)
        return self.get_response(request)

    @staticmethod
    def refuse(request: HttpRequest, step: str, page: str) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": MESSAGES[step]}, status=403)
        if request.method == "GET":
            page = f"{page}?{urlencode({'next': request.get_full_path()})}"
        return HttpResponseRedirect(page)
