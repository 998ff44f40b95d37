"""Which client a request is counted against (login throttle, rate limits): X-Forwarded-For only from a trusted proxy."""

from __future__ import annotations

import pytest

from bot.addresses import UNKNOWN, client_address, forwarded_for, parse_trusted, trusted_from_env
from bot.console.app import create_app

PROXY = parse_trusted("127.0.0.1, 10.1.2.3")


def test_without_trusted_proxies_the_peer_is_the_client_whatever_the_header_says():
    assert client_address("203.0.113.5", ["198.51.100.1"], ()) == "203.0.113.5"
    assert client_address("127.0.0.1", ["198.51.100.1"], parse_trusted("")) == "127.0.0.1"


def test_behind_trusted_proxies_the_rightmost_untrusted_hop_is_the_client():
    assert client_address("127.0.0.1", ["198.51.100.1"], PROXY) == "198.51.100.1"
    # A client can put anything on the left; only what our proxies added counts.
    assert client_address("127.0.0.1", ["6.6.6.6, 198.51.100.1, 10.1.2.3"], PROXY) == "198.51.100.1"
    assert client_address("127.0.0.1", ["6.6.6.6", "198.51.100.1:4321"], PROXY) == "198.51.100.1"
    assert client_address("127.0.0.1", ["garbage, 10.1.2.3"], PROXY) == "10.1.2.3"  # stop at the last good hop
    assert client_address("127.0.0.1", [], PROXY) == "127.0.0.1"
    assert client_address("203.0.113.5", ["198.51.100.1"], PROXY) == "203.0.113.5"  # not from our proxy


def test_ipv6_clients_are_counted_per_64_and_mapped_ipv4_as_ipv4():
    assert client_address("2001:db8:1:2:aaaa::1", [], ()) == "2001:db8:1:2::/64"
    assert client_address("2001:db8:1:2:bbbb::9", [], ()) == "2001:db8:1:2::/64"
    assert client_address("::ffff:198.51.100.1", [], ()) == "198.51.100.1"
    assert client_address(None, [], ()) == UNKNOWN


def test_a_bad_trusted_proxy_setting_stops_the_console(monkeypatch):
    with pytest.raises(ValueError, match="'10.0.0.300'"):
        parse_trusted("127.0.0.1, 10.0.0.300")
    with pytest.raises(ValueError, match="10.0.0.0/8"):
        parse_trusted("10.0.0.0/8")  # addresses only, as connectors/limits.py reads the same variable
    monkeypatch.setenv("HELPLINE_TRUSTED_PROXIES", "localhost")
    with pytest.raises(ValueError, match="HELPLINE_TRUSTED_PROXIES"):
        create_app(object())


def test_the_setting_reads_from_any_environment_and_headers_in_either_spelling():
    assert trusted_from_env({"HELPLINE_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.2"}) == parse_trusted("10.0.0.2,127.0.0.1")
    assert trusted_from_env({}) == frozenset()
    assert forwarded_for({"HTTP_X_FORWARDED_FOR": "a"}) == ["a"] and forwarded_for({"x-forwarded-for": "b"}) == ["b"]
    assert forwarded_for({}) == []


def test_a_zone_or_a_port_is_not_part_of_the_client():
    assert client_address("fe80::1%eth0", [], ()) == "fe80::/64"
    assert client_address("127.0.0.1", ["[2001:db8::1]:443"], PROXY) == "2001:db8::/64"
