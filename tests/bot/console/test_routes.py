"""The route table: every URL of the console is in it, and all but the public ones need a login."""

from __future__ import annotations

import re

import pytest
from aiohttp import web

from bot.console import routes
from bot.console.app import create_app
from tests.bot.console.conftest import REFERENCE, add_handoff, table


def test_the_app_serves_the_route_table_and_nothing_else(sf):
    served = {(route.method, route.resource.canonical) for route in create_app(sf).router.routes() if route.resource}
    declared = set()
    for route in routes.ROUTES:
        if isinstance(route, web.RouteDef):
            canonical = re.sub(r"\{(\w+):[^}]+\}", r"{\1}", route.path)
            declared |= {(route.method, canonical)} | ({("HEAD", canonical)} if route.method == "GET" else set())
        elif isinstance(route, web.StaticDef):
            declared |= {("GET", route.prefix.rstrip("/")), ("HEAD", route.prefix.rstrip("/"))}
    assert served == declared


@pytest.mark.parametrize("path", ["/login", "/healthz", "/static/console.css", "/static/nothing-here.js"])
def test_public_paths(path):
    assert routes.is_public(path)


@pytest.mark.parametrize("path", ["/", "/loginx", "/login/", "/static", "/api/handoffs", "/queue/events",
                                  f"/handoffs/{REFERENCE}", "/logout", "/nowhere"])
def test_everything_else_is_not_public(path):
    assert not routes.is_public(path)


async def test_every_signed_in_route_sends_a_stranger_to_the_login_or_answers_401(sf, console):
    add_handoff(sf)
    stranger = console.client()
    for method, path in table(routes.SIGNED_IN):
        async with stranger.request(method, path, data={"text": "hi"}, allow_redirects=False) as response:
            if path.startswith("/api/"):
                assert response.status == 401, path
                assert "error" in await response.json()
            else:
                assert response.status == 302, (method, path)
                assert response.headers["Location"].startswith("/login"), path


async def test_the_public_routes_answer_without_a_login(console):
    stranger = console.client()
    for path, status in [("/login", 200), ("/healthz", 200), ("/static/console.css", 200), ("/static/none.js", 404)]:
        async with stranger.get(path, allow_redirects=False) as response:
            assert response.status == status, path
    async with stranger.post("/login", data={"name": "Alice Smith"}, allow_redirects=False) as response:
        assert response.status == 403  # the login form's own check (csrf.py), not a redirect to itself
