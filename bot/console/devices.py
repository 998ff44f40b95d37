"""The "known device" cookie: proof that this browser has logged in to this account before.

Why: the account-wide throttle (throttle.py) stops guessing spread over many addresses, but
on its own it would let that guessing lock the real counsellor out. A browser that has
logged in to the account carries this cookie and is counted on its own instead, so no
guessing from anywhere else reaches it.

Value: "<user id>.<device id>.<issued, unix seconds>.<HMAC-SHA256 hex>", signed with the
account's device key (bot.storage.console.device_key, derived from the password hash: a new
password forgets every device). One cookie per account, so a shared office browser
remembers each counsellor who uses it; renewed at every login, sent to /login only.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta, timezone
from typing import Optional

COOKIE_PREFIX = "helpline_device_"
LIFETIME = timedelta(days=180)


def cookie_name(user_id: int) -> str:
    return f"{COOKIE_PREFIX}{user_id}"


def _mac(key: bytes, payload: str) -> str:
    return hmac.new(key, payload.encode("ascii"), hashlib.sha256).hexdigest()


def issue(key: bytes, user_id: int, device_id: Optional[str] = None, now: Optional[datetime] = None) -> str:
    """A fresh cookie value for `user_id` on this device (a new device id unless one is given)."""
    device_id = device_id or secrets.token_hex(16)
    issued = int((now or datetime.now(timezone.utc)).timestamp())
    payload = f"{user_id}.{device_id}.{issued}"
    return f"{payload}.{_mac(key, payload)}"


def verify(key: bytes, user_id: int, value: str, now: Optional[datetime] = None) -> Optional[str]:
    """The device id when `value` was signed with `key` for `user_id` within LIFETIME, else None."""
    parts = value.split(".")
    if len(parts) != 4 or parts[0] != str(user_id) or not parts[1].isalnum() or not parts[2].isdigit():
        return None
    payload = ".".join(parts[:3])
    if not hmac.compare_digest(parts[3], _mac(key, payload)):
        return None
    age = (now or datetime.now(timezone.utc)).timestamp() - int(parts[2])
    return parts[1] if 0 <= age <= LIFETIME.total_seconds() else None
