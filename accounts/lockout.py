"""The page a locked-out user sees (django-axes' AXES_LOCKOUT_CALLABLE): it says when the
lock ends, counted from the last failed attempt."""

from __future__ import annotations

from typing import Any

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    username = get_client_username(request, credentials) or ""
    last = (
        AccessAttempt.objects.filter(username=username)
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    ) or timezone.now()
    cool_off = get_cool_off(request)
    context = {"username": username, "until": last + cool_off if cool_off else None}
    return render(request, "registration/locked_out.html", context, status=429)
