"""Logging in and out of the console.

    GET/POST /login, POST /logout (this browser), POST /logout/everywhere (every login of the user)
    (routes.py; the login form's CSRF token: csrf.py)

A failed login says the same thing with the same status whether the name is unknown, the
password is wrong or the attempt was throttled (throttle.py), so the page tells an attacker
neither which names exist nor when to try again. Each login is a new session; the browser's
old one ends (bot.storage.console.create_session). After logging in, `next` is followed
only to a path on this console.
"""

from __future__ import annotations

import logging
from typing import Optional
from urllib.parse import urlsplit

from aiohttp import web

from bot.addresses import client_address
from bot.console import csrf, devices, throttle
from bot.console.common import LOGIN_CSRF_COOKIE, SESSION_COOKIE, db, render, secure_cookies
from bot.console.keys import TRUSTED_PROXIES
from bot.storage import console as store

FAILED = "Those details did not work, or there have been too many attempts. Wait a minute and try again."
LOGGED_OUT_EVERYWHERE = "You are logged out on every browser and device."
MAX_NEXT = 2000

logger = logging.getLogger(__name__)


def safe_next(value: str) -> str:
    """Where to go after logging in: a path on this console, else the queue ("/").

    A single leading "/" only: "//host" and "/\\host" are other sites to a browser, and so is
    anything with a scheme. Only printable ASCII without spaces, because browsers drop tabs
    and newlines ("/<tab>/evil.example" would become "//evil.example").
    """
    if not value.startswith("/") or value.startswith("//") or "\\" in value or len(value) > MAX_NEXT:
        return "/"
    if not all(0x21 <= ord(character) <= 0x7E for character in value):
        return "/"
    parts = urlsplit(value)
    return value if not parts.scheme and not parts.netloc else "/"


def _address(request: web.Request) -> str:
    return client_address(request.remote, request.headers.getall("X-Forwarded-For", []), request.app[TRUSTED_PROXIES])


def _set_cookie(request: web.Request, response: web.StreamResponse, name: str, value: str, path: str,
                max_age: Optional[int] = None) -> None:
    response.set_cookie(name, value, httponly=True, samesite="Strict", secure=secure_cookies(request), path=path,
                        max_age=max_age)


async def login_form(request: web.Request, error: Optional[str] = None, status: int = 200) -> web.Response:
    token = csrf.login_token(request)
    notice = LOGGED_OUT_EVERYWHERE if request.query.get("out") == "everywhere" and not error else None
    response = render(
        request,
        "login.html",
        {"login_csrf": token, "error": error, "notice": notice, "next": safe_next(request.query.get("next", "/")),
         "name": request.get("login_name", "")},
        status=status,
    )
    _set_cookie(request, response, LOGIN_CSRF_COOKIE, token, "/login")
    return response


async def login_get(request: web.Request) -> web.Response:
    return await login_form(request)


async def _known_device(request: web.Request, name: str) -> tuple[Optional[tuple[int, bytes]], Optional[str]]:
    """(the account's id and device key, or None for an unknown name; this browser's device id
    when it carries a valid known-device cookie for that account, else None)."""
    account = await db(request, store.device_key, name)
    if account is None:
        return None, None
    user_id, key = account
    return account, devices.verify(key, user_id, request.cookies.get(devices.cookie_name(user_id), ""))


async def login_post(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    if not csrf.login_token_ok(request, form):
        return csrf.login_form_expired(request)
    name, password = str(form.get("name", "")).strip(), str(form.get("password", ""))
    request["login_name"] = name
    if not name or not password:
        return await login_form(request, "Enter your name and your password.", status=400)
    address = _address(request)
    account, device_id = await _known_device(request, name)
    outcome = await db(request, store.check_login, name, password, throttle.throttles_for(address, name, device_id))
    if outcome.user is None:
        if outcome.throttled:
            logger.warning("console login from %s refused by the throttle", address)
        return await login_form(request, FAILED, status=401)
    user = outcome.user
    token, _ = await db(request, store.create_session, user["id"], request.cookies.get(SESSION_COOKIE, ""))
    response = web.HTTPSeeOther(safe_next(str(form.get("next", "/"))))
    _set_cookie(request, response, SESSION_COOKIE, token, "/", int(store.SESSION_LIFETIME.total_seconds()))
    if account is not None and account[0] == user["id"]:
        _set_cookie(request, response, devices.cookie_name(user["id"]), devices.issue(account[1], user["id"], device_id),
                    "/login", int(devices.LIFETIME.total_seconds()))
    response.del_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


def _logged_out(location: str) -> web.HTTPSeeOther:
    response = web.HTTPSeeOther(location)
    response.del_cookie(SESSION_COOKIE, path="/")
    return response


async def logout(request: web.Request) -> web.StreamResponse:
    """This browser's login ends; the user's others go on."""
    await db(request, store.end_session, request.cookies.get(SESSION_COOKIE, ""))
    return _logged_out("/login")


async def logout_everywhere(request: web.Request) -> web.StreamResponse:
    """Every login of this user ends (a lost laptop, a shared computer left signed in); open
    pages elsewhere notice within SESSION_RECHECK_SECONDS. API tokens are revoked separately."""
    ended = await db(request, store.end_all_sessions, request["user"]["id"])
    logger.info("%s logged out everywhere (%d session(s) ended)", request["user"]["name"], ended)
    return _logged_out("/login?out=everywhere")

