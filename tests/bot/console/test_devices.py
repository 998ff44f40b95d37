"""The known-device cookie: valid only as signed, for its account, within its lifetime."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot.console import devices

KEY, OTHER_KEY = b"k" * 32, b"o" * 32


def test_a_cookie_verifies_for_its_account_and_keeps_its_device_id():
    value = devices.issue(KEY, 7)
    device_id = devices.verify(KEY, 7, value)
    assert device_id and devices.verify(KEY, 7, devices.issue(KEY, 7, device_id)) == device_id


def test_a_cookie_for_another_account_another_key_or_tampered_is_not_a_known_device():
    value = devices.issue(KEY, 7)
    assert devices.verify(KEY, 8, value) is None
    assert devices.verify(OTHER_KEY, 7, value) is None  # the password changed
    user, device, issued, mac = value.split(".")
    assert devices.verify(KEY, 7, ".".join([user, "f" * 32, issued, mac])) is None
    assert devices.verify(KEY, 7, ".".join([user, device, str(int(issued) + 1), mac])) is None
    for junk in ("", "7", "7.a.b.c", "7..1.x", value + ".x"):
        assert devices.verify(KEY, 7, junk) is None


def test_a_cookie_expires_after_its_lifetime():
    then = datetime(2026, 1, 1, tzinfo=timezone.utc)
    value = devices.issue(KEY, 7, now=then)
    assert devices.verify(KEY, 7, value, now=then + devices.LIFETIME - timedelta(seconds=1))
    assert devices.verify(KEY, 7, value, now=then + devices.LIFETIME + timedelta(seconds=1)) is None
    assert devices.verify(KEY, 7, value, now=then - timedelta(hours=1)) is None  # issued in the future
