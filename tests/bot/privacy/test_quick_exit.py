"""Quick exit's destination (bot/website.py): off the site by default, configurable, never a script URL.

The widget's own behaviour (blank screen, sessionStorage cleared, the offline fallback) is checked in
real Chromium in tests/browser/test_widget.py.
"""

from __future__ import annotations

import asyncio

import pytest

from bot.website import DEFAULT_QUICK_EXIT_URL, create_app, quick_exit_url


def test_the_default_is_an_external_neutral_site() -> None:
    assert quick_exit_url({}) == DEFAULT_QUICK_EXIT_URL == "https://www.bbc.co.uk/weather"
    assert quick_exit_url({"HELPLINE_QUICK_EXIT_URL": "  "}) == DEFAULT_QUICK_EXIT_URL


@pytest.mark.parametrize("value", ["https://www.google.co.uk/", "http://intranet.local/weather", "/neutral.html"])
def test_a_configured_destination_is_used(value: str) -> None:
    assert quick_exit_url({"HELPLINE_QUICK_EXIT_URL": value}) == value


@pytest.mark.parametrize("value", ["javascript:alert(1)", "data:text/html,hi", "www.bbc.co.uk", "//www.bbc.co.uk", "ftp://x/y"])
def test_anything_else_is_refused_at_start_up(value: str) -> None:
    with pytest.raises(ValueError, match="HELPLINE_QUICK_EXIT_URL"):
        quick_exit_url({"HELPLINE_QUICK_EXIT_URL": value})


async def demo_page(**kwargs: str) -> str:
    from aiohttp.test_utils import TestClient, TestServer

    async with TestClient(TestServer(create_app(**kwargs))) as client:
        response = await client.get("/")
        assert response.status == 200
        return await response.text()


def test_the_demo_page_hands_the_destination_to_the_widget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HELPLINE_QUICK_EXIT_URL", raising=False)
    assert 'data-exit-url="https://www.bbc.co.uk/weather"' in asyncio.run(demo_page())
    monkeypatch.setenv("HELPLINE_QUICK_EXIT_URL", "https://example.org/?a=1&b=2")
    assert 'data-exit-url="https://example.org/?a=1&amp;b=2"' in asyncio.run(demo_page())
    assert 'data-exit-url="/neutral.html"' in asyncio.run(demo_page(exit_url="/neutral.html"))
