"""The client's address behind the TLS proxy (deploy/nginx.conf).

gunicorn sees nginx's address in REMOTE_ADDR; the audit log and django-axes need the
client's. When a request comes from a proxy listed in TRUSTED_PROXIES, the address nginx
put in X-Real-IP replaces REMOTE_ADDR. From anyone else the header is ignored, so a client
cannot choose the address that is logged or locked.
"""

from __future__ import annotations

import contextlib
import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class TrustedProxyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.proxies = frozenset(settings.TRUSTED_PROXIES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        real = request.META.get("HTTP_X_REAL_IP", "").strip()
        if real and request.META.get("REMOTE_ADDR") in self.proxies:
            with contextlib.suppress(ValueError):  # malformed: keep the proxy's address
                request.META["REMOTE_ADDR"] = str(ipaddress.ip_address(real))
        return self.get_response(request)
