"""Login throttling that guessing cannot turn into a lockout.

The old rule (5 failures lock the account for 15 minutes) let anyone who knew a name lock
its counsellor out. Now every attempt is charged, before its password is checked, to counts
that are each about one place:

- from a browser that has logged in to this account before (a known device, devices.py):
  only (device, name). Nothing done from anywhere else can keep a counsellor out of their
  own browser;
- from anywhere else: (address, name); the address (one place trying many names); and the
  name (one name tried from many places: only this last one is account-wide, and known
  devices never meet it).

Each count gets a few free failures, then each further attempt waits a delay that doubles,
capped (bot.storage.console.Backoff). A right password clears the (address, name) or
(device, name) count and gives its attempt back to the address and the name.

Names are counted as typed (case and spacing folded), whether or not such an account
exists, so a throttled unknown name behaves exactly like a throttled real one.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Optional

from bot.storage.console import Backoff, Throttle, throttle_key

# One browser or one address on one name: a counsellor who mistypes five times waits 30 s.
PLACE = Backoff(free=5, first_delay=timedelta(seconds=30), max_delay=timedelta(minutes=15))
# One address on any name: room for an office of counsellors behind one address.
ADDRESS = Backoff(free=30, first_delay=timedelta(seconds=30), max_delay=timedelta(minutes=15))
# One name from any new place: bounds guessing spread over many addresses.
NAME = Backoff(free=20, first_delay=timedelta(minutes=1), max_delay=timedelta(minutes=15))


def normal_name(name: str) -> str:
    """"  Alice  SMITH " and "alice smith" are one name to the throttle."""
    return " ".join(name.split()).casefold()


def throttles_for(address: str, name: str, device_id: Optional[str] = None) -> list[Throttle]:
    """The counts one login attempt is charged to (see the module docstring for why these)."""
    name = normal_name(name)
    if device_id:
        return [Throttle(throttle_key("device", device_id, name), PLACE, clear_on_success=True)]
    return [
        Throttle(throttle_key("pair", address, name), PLACE, clear_on_success=True),
        Throttle(throttle_key("address", address), ADDRESS, clear_on_success=False),
        Throttle(throttle_key("name", name), NAME, clear_on_success=False),
    ]
