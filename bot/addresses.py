"""Which client a request comes from: for the console's login throttle and the channels' rate limits.

The request's peer address, unless that peer is a proxy named in HELPLINE_TRUSTED_PROXIES;
then the client that proxy saw (X-Forwarded-For, read from the right, past every trusted
proxy). Why not always X-Forwarded-For: anyone can send it, and a throttle keyed on it would
let an attacker pick a fresh address for every guess or message. One setting, one reading of it,
for the console and the channels alike.

IPv6 clients are counted per /64, the block one customer usually gets, so walking through
one's own addresses is not a fresh allowance either.
"""

from __future__ import annotations

import ipaddress
import os
from typing import Iterable, Mapping, Optional, Union

IPAddress = Union[ipaddress.IPv4Address, ipaddress.IPv6Address]

TRUSTED_PROXIES_ENV = "HELPLINE_TRUSTED_PROXIES"
UNKNOWN = "unknown"


def parse_trusted(text: str) -> frozenset[IPAddress]:
    """"127.0.0.1, ::1" -> those addresses. A bad entry raises ValueError naming it: a typo in a
    security setting should stop the process, not quietly change whom it trusts."""
    proxies = set()
    for entry in text.split(","):
        entry = entry.strip()
        if not entry:
            continue
        address = _ip(entry)
        if address is None:
            raise ValueError(f"{TRUSTED_PROXIES_ENV}: {entry!r} is not an IP address")
        proxies.add(address)
    return frozenset(proxies)


def trusted_from_env(environ: Mapping[str, str] = os.environ) -> frozenset[IPAddress]:
    return parse_trusted(environ.get(TRUSTED_PROXIES_ENV, ""))


def _ip(text: Optional[str]) -> Optional[IPAddress]:
    """An address from a peer or an X-Forwarded-For entry ("1.2.3.4", "1.2.3.4:5678", "[::1]:80"), or None."""
    text = (text or "").strip()
    if text.startswith("[") and "]" in text:
        text = text[1:text.index("]")]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text.split("%", 1)[0])  # fe80::1%eth0: the zone is not the client
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _counted_as(address: IPAddress) -> str:
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


def client_address(peer: Optional[str], forwarded_for: Iterable[str], trusted: frozenset[IPAddress]) -> str:
    """The client to count: `peer` (the connection's address), or when it is a trusted proxy,
    the rightmost X-Forwarded-For entry that is not one (a malformed entry stops the walk at the
    last good hop, since nothing left of it can be believed)."""
    address = _ip(peer)
    if address is None:
        return UNKNOWN
    hops = [hop for header in forwarded_for for hop in header.split(",")]
    while hops and address in trusted:
        forwarded = _ip(hops.pop())
        if forwarded is None:
            break
        address = forwarded
    return _counted_as(address)


def forwarded_for(headers: Mapping[str, str]) -> list[str]:
    """The X-Forwarded-For values of a request's headers or a WSGI-style environ (either spelling)."""
    for name in ("X-Forwarded-For", "x-forwarded-for", "HTTP_X_FORWARDED_FOR"):
        value = headers.get(name)
        if value:
            return [value]
    return []
