"""A code from a user's authenticator, as the app on their phone would show it, for the tests
that log in through the pages (tests/accounts, tests/browser)."""

from __future__ import annotations

import time
from typing import Any

from django_otp.oath import TOTP, hotp


def totp_code(device: Any) -> str:
    """The device's current code, or its next one if the current one was used already
    (django-otp refuses a code twice; the device's tolerance accepts one step ahead)."""
    device.refresh_from_db()
    while True:
        now = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).t()
        counter = max(now, (device.last_t if device.last_t is not None else -1) + 1)
        if counter <= now + device.tolerance:
            return f"{hotp(device.bin_key, counter, device.digits):0{device.digits}d}"
        time.sleep(1)
