"""The second factor (等保 8.1.4.1 d): TOTP through django-otp, with one-time recovery codes.

Who needs it is decided here and nowhere else: reviewers, the three admin roles, and every
staff or superuser account. Others may enrol; once they have, they verify at each login too.
The decision is taken at login and kept in the session (`SESSION_STEP`), so a page costs no
query for it; a device reset ends the user's sessions, so no session outlives its device.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import roles
from accounts.permissions import group_names
from audit.services import record

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
    from django.http import HttpRequest

SESSION_STEP = "accounts_second_factor"  # "verify" or "enrol" until the second factor is given
VERIFY = "verify"
ENROL = "enrol"
RECOVERY_CODES = 10
REQUIRED_ROLES = frozenset(
    {roles.REVIEWER.group, roles.ADMIN.group, roles.SECURITY.group, roles.AUDITOR.group}
)


def is_demo_exempt(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Demo accounts skip the second factor only when the demo setting is on (never in
    production: the settings refuse it with DEBUG off)."""
    return bool(settings.DEMO_ACCOUNTS_SKIP_2FA) and user.get_username().startswith("demo-")


def second_factor_required(user: User | AnonymousUser) -> bool:
    """Must this user give a second factor, whether or not they have enrolled?"""
    if not user.is_authenticated or is_demo_exempt(user):
        return False
    return user.is_staff or user.is_superuser or bool(REQUIRED_ROLES & group_names(user))


def confirmed_totp(user: AbstractBaseUser) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def login_step(user: User) -> str | None:
    """What the user still owes after their password: "verify", "enrol", or nothing."""
    if is_demo_exempt(user):
        return None
    has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    if has_device:
        return VERIFY
    return ENROL if second_factor_required(user) else None


def is_verified(request: HttpRequest) -> bool:
    return bool(request.session.get(DEVICE_ID_SESSION_KEY))


def pending_step(request: HttpRequest) -> str | None:
    step = request.session.get(SESSION_STEP)
    return None if step is None or is_verified(request) else str(step)


def qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// URL as an SVG QR code (no style attribute: CSP-safe)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue().decode()


def secret_base32(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it when typed in, in groups of four."""
    from base64 import b32encode

    raw = b32encode(device.bin_key).decode()
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def enrolment_device(user: AbstractBaseUser) -> TOTPDevice:
    """The unconfirmed device being enrolled (a new secret if there is none yet)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=False)
    return device


@transaction.atomic
def recovery_codes_replace(*, user: AbstractBaseUser, request: HttpRequest | None) -> list[str]:
    """New one-time recovery codes; the old ones stop working. Returned once, stored hashed
    by nothing but their single use (django-otp's StaticToken)."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="恢复码", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    record(
        event="otp_recovery_codes",
        user=user,
        request=request,
        object=user.get_username(),
        detail={"codes": RECOVERY_CODES},
    )
    return codes


@transaction.atomic
def second_factor_enrol(*, request: HttpRequest, user: User, token: str) -> list[str] | None:
    """Confirm the device being enrolled with a code from the app; the session is verified
    and recovery codes are issued. None (and a failure in the audit log) if the code is wrong."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(token):
        record(event="otp_enrol", request=request, object=user.get_username(), success=False)
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    request.session.pop(SESSION_STEP, None)
    record(event="otp_enrol", request=request, object=user.get_username())
    return recovery_codes_replace(user=user, request=request)


@transaction.atomic
def second_factor_verify(*, request: HttpRequest, user: User, token: str) -> bool:
    """Check a six-digit code from the app, or a recovery code (used up by its use)."""
    token = "".join(token.split()).lower()
    device: Any = None
    recovery = not (len(token) == 6 and token.isdigit())  # codes from the app have 6 digits
    if recovery:
        device = StaticDevice.objects.select_for_update().filter(user=user).first()
    else:
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    if device is None or not device.verify_token(token):
        record(event="otp_verify", request=request, object=user.get_username(), success=False)
        return False
    otp_login(request, device)
    request.session.pop(SESSION_STEP, None)
    left = device.token_set.count() if recovery else None
    record(
        event="otp_verify",
        request=request,
        object=user.get_username(),
        detail={"recovery_code": True, "codes_left": left} if recovery else {},
    )
    return True


def sessions_end(user: AbstractBaseUser) -> int:
    """Delete every live server session of the user (database sessions), so what they were
    verified by no longer counts. Returns how many ended."""
    ended = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            ended.append(session.session_key)
    Session.objects.filter(session_key__in=ended).delete()
    return len(ended)


@transaction.atomic
def second_factor_reset(*, user: User, request: HttpRequest | None) -> None:
    """An admin removes the user's authenticator and recovery codes (lost phone): the user
    enrols again at the next login, and their open sessions end now."""
    removed = TOTPDevice.objects.filter(user=user).count()
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    ended = sessions_end(user)
    record(
        event="otp_reset",
        request=request,
        object=user.get_username(),
        detail={"devices": removed, "sessions_ended": ended},
    )
