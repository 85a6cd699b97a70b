"""The account pages: the second factor (verify, enrol, recovery codes), the password
change, and 账号安全. Thin: each calls `accounts.second_factor` or Django's own view."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts import passwords, second_factor
from accounts.forms import CodeForm
from accounts.models import SecurityPolicy

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _user(request: HttpRequest) -> User:
    """The logged-in user (every view here is behind login_required)."""
    return cast("User", request.user)


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    if second_factor.pending_step(request) != second_factor.VERIFY:
        return HttpResponseRedirect(_next(request))
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if second_factor.second_factor_verify(
            request=request, user=_user(request), token=form.cleaned_data["code"]
        ):
            return HttpResponseRedirect(_next(request))
        form.add_error("code", "验证码不正确或已使用，请重新输入（连续输错需等待片刻）。")
    return render(request, "accounts/verify.html", {"form": form, "next": _next(request)})


@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    step = second_factor.pending_step(request)
    if step == second_factor.VERIFY:
        return redirect("accounts:verify")
    device = second_factor.enrolment_device(_user(request))
    form = CodeForm(request.POST or None)
    if form.is_valid():
        codes = second_factor.second_factor_enrol(
            request=request, user=_user(request), token=form.cleaned_data["code"]
        )
        if codes is not None:
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": _next(request), "enrolled": True},
            )
        form.add_error(
            "code", "验证码不正确，请核对手机时间后，输入身份验证器当前显示的 6 位数字。"
        )
    context = {
        "form": form,
        "qr": second_factor.qr_svg(device),
        "secret": second_factor.secret_base32(device),
        "required": step == second_factor.ENROL,
        "next": _next(request),
    }
    return render(request, "accounts/enrol.html", context)


@login_required
@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    if not second_factor.is_verified(request):
        messages.error(request, "请先完成双因素验证，再生成恢复码。")
        return redirect("accounts:security")
    codes = second_factor.recovery_codes_replace(user=_user(request), request=request)
    context = {"codes": codes, "next": resolve_url("accounts:security"), "enrolled": False}
    return render(request, "accounts/recovery_codes.html", context)


@login_required
def security(request: HttpRequest) -> HttpResponse:
    context = {
        "device": second_factor.confirmed_totp(_user(request)),
        "required": second_factor.second_factor_required(request.user),
        "verified": second_factor.is_verified(request),
        "max_age_days": SecurityPolicy.current().password_max_age_days,
    }
    return render(request, "accounts/security.html", context)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's own view; it also lifts the forced change of `accounts.passwords`."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:security")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        reason = self.request.session.get(passwords.SESSION_CHANGE)
        return super().get_context_data(
            reason=passwords.REASONS.get(reason or ""), next=_next(self.request), **kwargs
        )

    def form_valid(self, form: Any) -> HttpResponse:
        forced = self.request.session.pop(passwords.SESSION_CHANGE, None)
        super().form_valid(form)
        messages.success(self.request, "密码已修改。")
        return HttpResponseRedirect(_next(self.request) if forced else self.get_success_url())
