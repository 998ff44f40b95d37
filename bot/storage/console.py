"""Every read and write the counsellor console needs beyond handoffs.py: accounts, login
throttles, login sessions and who is online (presence), API tokens, internal notes, the
audit log, and a few small handoff queries (the change signatures the live pages poll, the
open immediate handoffs the danger alert shows, an atomic transfer).

Like handoffs.py it returns plain dicts, never ORM objects.

Secrets: passwords are argon2 hashes; session and API tokens are 32 random bytes, so
a SHA-256 of them is enough (no dictionary to attack) and lets us look them up by hash.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Optional, Sequence

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.storage.console_models import (
    ROLES,
    ApiToken,
    AuditEntry,
    ConsoleSession,
    ConsoleUser,
    HandoffNote,
    LoginThrottle,
)
from bot.storage.handoffs import Audit, HandoffNotFound, InvalidTransition, _add_audit
from bot.storage.models import OPEN_STATUSES, Handoff, TranscriptMessage, utcnow
from bot.timestamps import format_timestamp

SESSION_LIFETIME = timedelta(hours=12)
# A stolen or forgotten login cannot pile up: past this many, a user's oldest login ends.
MAX_SESSIONS_PER_USER = 5
MIN_PASSWORD_LENGTH = 10
# Presence: a console session counts as online when its page was loaded, or its live stream
# refreshed it, this recently. The live stream refreshes it every PRESENCE_REFRESH.
PRESENCE_WINDOW = timedelta(minutes=2)
PRESENCE_REFRESH = timedelta(seconds=30)
# A throttle row with no attempt for this long starts again from nothing.
THROTTLE_FORGET_AFTER = timedelta(hours=24)
DEFAULT_TOKEN_DAYS = 90
MAX_TOKEN_DAYS = 365
MAX_TOKEN_LABEL = 64
# A token's last use is written at most this often, so a busy script does not write on every call.
TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)

_hasher = PasswordHasher()
# Verified against when the name is unknown, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


class UserExists(ValueError):
    """A user with this name already exists."""


class UserNotFound(LookupError):
    """No user has this name."""


class TokenNotFound(LookupError):
    """No API token has this id."""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _user_dict(user: ConsoleUser) -> dict[str, Any]:
    return {"id": user.id, "name": user.name, "role": user.role}


# ---------------------------------------------------------------------------- users


def create_user(session_factory: sessionmaker, name: str, role: str, password: str) -> dict[str, Any]:
    name = name.strip()
    if not name:
        raise ValueError("the name must not be empty")
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}, not {role!r}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"the password must be at least {MIN_PASSWORD_LENGTH} characters")
    user = ConsoleUser(name=name, role=role, password_hash=_hasher.hash(password), created_at=utcnow())
    try:
        with session_factory.begin() as session:
            session.add(user)
            session.flush()
            return _user_dict(user)
    except IntegrityError:
        raise UserExists(f"a user named {name!r} already exists") from None


def get_user(session_factory: sessionmaker, name: str) -> Optional[dict[str, Any]]:
    with session_factory() as session:
        user = session.execute(select(ConsoleUser).where(ConsoleUser.name == name)).scalars().first()
        return _user_dict(user) if user else None


def list_users(session_factory: sessionmaker) -> list[dict[str, Any]]:
    with session_factory() as session:
        return [_user_dict(u) for u in session.execute(select(ConsoleUser).order_by(ConsoleUser.name)).scalars()]


# ---------------------------------------------------------------------------- login throttles


@dataclass(frozen=True)
class Backoff:
    """How many failures a place gets free, then how long it waits before each further attempt
    (first_delay, doubling each time, never more than max_delay)."""

    free: int
    first_delay: timedelta
    max_delay: timedelta

    def wait_after(self, failures: int) -> timedelta:
        """How long after the last attempt the next one is allowed, with `failures` counted."""
        if failures < self.free:
            return timedelta(0)
        doublings = min(failures - self.free, 30)  # 2**30 first delays is past any sane cap
        return min(self.first_delay * (2**doublings), self.max_delay)


@dataclass(frozen=True)
class Throttle:
    """One count an attempt is charged to. `clear_on_success`: a right password from here wipes it
    (the place proved itself); otherwise only that attempt is given back, so one good login
    cannot buy an address or a name a fresh allowance of guesses."""

    key: str
    backoff: Backoff
    clear_on_success: bool


def throttle_key(*parts: str) -> str:
    """The row key for a scope and its values, e.g. ("pair", address, name): a SHA-256, so the
    names people type (sometimes their password, in the wrong box) are never stored."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _insert_missing(session: Session, key: str, now: datetime) -> None:
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(
        dialect.insert(LoginThrottle).values(key=key, failures=0, last_attempt_at=now).on_conflict_do_nothing(index_elements=["key"])
    )


def take_attempt(session_factory: sessionmaker, throttles: Sequence[Throttle], now: Optional[datetime] = None) -> bool:
    """Whether every throttle allows one more attempt now; if so it is counted in all of them, as
    a failure until `forgive` says otherwise.

    Counting happens before the password is checked, in one transaction holding each row's
    write lock (PostgreSQL: row locks, taken in key order so two attempts cannot deadlock;
    SQLite: the first write takes the database's write lock). So parallel guesses are counted
    one after another and no more than `backoff.free` of them ever reach the password check.
    A refused attempt counts nothing: it cannot extend anyone's wait.
    """
    now = now or utcnow()
    ordered = sorted({t.key: t for t in throttles}.values(), key=lambda t: t.key)
    with session_factory.begin() as session:
        counted: dict[str, tuple[int, datetime]] = {}
        for throttle in ordered:
            _insert_missing(session, throttle.key, now)
            failures, last = session.execute(
                select(LoginThrottle.failures, LoginThrottle.last_attempt_at)
                .where(LoginThrottle.key == throttle.key).with_for_update()
            ).one()
            if now - last > THROTTLE_FORGET_AFTER:
                failures = 0
            wait = throttle.backoff.wait_after(failures)
            # `now` was read before the lock, so an attempt that got the lock first may be later: a
            # free attempt is free whatever the order, and the last attempt's time never goes back.
            if wait and now < last + wait:
                return False  # nothing was counted; the rows inserted above are harmless zeros
            counted[throttle.key] = (failures + 1, max(now, last))
        for key, (failures, last) in counted.items():
            session.execute(
                update(LoginThrottle).where(LoginThrottle.key == key).values(failures=failures, last_attempt_at=last)
            )
    return True


def forgive(session_factory: sessionmaker, throttles: Sequence[Throttle], now: Optional[datetime] = None) -> None:
    """After a right password: clear the throttles that say so, give the attempt back to the others.
    Then forget rows quiet for THROTTLE_FORGET_AFTER (its own transaction: it must not hold the
    rows above while waiting for another attempt's locks)."""
    now = now or utcnow()
    with session_factory.begin() as session:
        for throttle in sorted(throttles, key=lambda t: t.key):
            if throttle.clear_on_success:
                session.execute(delete(LoginThrottle).where(LoginThrottle.key == throttle.key))
            else:
                session.execute(
                    update(LoginThrottle).where(LoginThrottle.key == throttle.key, LoginThrottle.failures > 0)
                    .values(failures=LoginThrottle.failures - 1)
                )
    with session_factory.begin() as session:
        session.execute(delete(LoginThrottle).where(LoginThrottle.last_attempt_at < now - THROTTLE_FORGET_AFTER))


def throttle_failures(session_factory: sessionmaker, key: str) -> int:
    """How many failures are counted for `key` now (0 if none): for tests and diagnosis."""
    with session_factory() as session:
        return session.execute(select(LoginThrottle.failures).where(LoginThrottle.key == key)).scalar() or 0


@dataclass(frozen=True)
class LoginOutcome:
    """`user` when the password was right; `throttled` when it was never checked. The console
    answers both failures alike, so neither the reason nor the account's existence shows."""

    user: Optional[dict[str, Any]]
    throttled: bool = False


def check_login(
    session_factory: sessionmaker, name: str, password: str, throttles: Sequence[Throttle],
    now: Optional[datetime] = None,
) -> LoginOutcome:
    """Check a name and password, charged to `throttles` first (see take_attempt; the console's
    come from bot/console/throttle.py, and no default, so no caller forgets them by accident).

    An unknown name goes through the same throttles and a password check against a dummy hash,
    so it looks and takes the same as a wrong password.
    """
    if not take_attempt(session_factory, throttles, now):
        return LoginOutcome(None, throttled=True)
    with session_factory() as session:
        user = session.execute(select(ConsoleUser).where(ConsoleUser.name == name)).scalars().first()
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
        correct = user is not None
    except (VerificationError, InvalidHashError):
        correct = False
    if not correct:
        return LoginOutcome(None)
    forgive(session_factory, throttles, now)
    return LoginOutcome(_user_dict(user))


def device_key(session_factory: sessionmaker, name: str) -> Optional[tuple[int, bytes]]:
    """(user id, key) for signing the account's known-device cookies, or None for an unknown name.

    The key is derived from the password hash: nothing to configure, it survives restarts, it
    never leaves the server, and a new password forgets every device.
    """
    with session_factory() as session:
        row = session.execute(select(ConsoleUser.id, ConsoleUser.password_hash).where(ConsoleUser.name == name)).first()
    if row is None:
        return None
    return row[0], hmac.new(row[1].encode("utf-8"), b"helpline known device v1", hashlib.sha256).digest()


# ---------------------------------------------------------------------------- sessions


def create_session(session_factory: sessionmaker, user_id: int, replacing: str = "") -> tuple[str, str]:
    """A new login for the user: (cookie token, CSRF token). Only the token's hash is stored.

    Never a reused one: the browser's previous session (`replacing`, its old cookie) ends, and
    past MAX_SESSIONS_PER_USER the user's oldest logins end. Concurrent logins of one user take
    turns on the user's row (PostgreSQL; SQLite has one writer anyway), so the cap holds.
    """
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    digest, now = _digest(token), utcnow()
    with session_factory.begin() as session:
        session.add(
            ConsoleSession(
                token_hash=digest, user_id=user_id, csrf_token=csrf, created_at=now, expires_at=now + SESSION_LIFETIME
            )
        )
        session.flush()  # the first write: SQLite's write lock before anything is read
        # FOR NO KEY UPDATE: does not wait for the key-share lock the insert's foreign key holds.
        session.execute(select(ConsoleUser.id).where(ConsoleUser.id == user_id).with_for_update(key_share=True))
        if replacing:
            session.execute(delete(ConsoleSession).where(ConsoleSession.token_hash == _digest(replacing)))
        others = session.execute(
            select(ConsoleSession.token_hash)
            .where(ConsoleSession.user_id == user_id, ConsoleSession.token_hash != digest, ConsoleSession.expires_at > now)
            .order_by(ConsoleSession.created_at.desc(), ConsoleSession.token_hash)
        ).scalars().all()
        ended = others[MAX_SESSIONS_PER_USER - 1:]
        session.execute(
            delete(ConsoleSession)
            .where(ConsoleSession.user_id == user_id, ConsoleSession.token_hash != digest)
            .where((ConsoleSession.expires_at <= now) | ConsoleSession.token_hash.in_(ended))
            .execution_options(synchronize_session=False)
        )
    with session_factory.begin() as session:  # everyone's expired logins, outside the user's lock
        session.execute(delete(ConsoleSession).where(ConsoleSession.expires_at < now))
    return token, csrf


def session_user(session_factory: sessionmaker, token: str) -> Optional[dict[str, Any]]:
    """The logged-in user with the session's CSRF token, or None if the token is unknown or expired."""
    if not token:
        return None
    with session_factory() as session:
        row = session.execute(
            select(ConsoleSession, ConsoleUser)
            .join(ConsoleUser, ConsoleUser.id == ConsoleSession.user_id)
            .where(ConsoleSession.token_hash == _digest(token))
        ).first()
        if row is None or row[0].expires_at <= utcnow():
            return None
        return {**_user_dict(row[1]), "csrf_token": row[0].csrf_token}


def end_session(session_factory: sessionmaker, token: str) -> None:
    """Log out: the session row goes, and with it the counsellor's presence."""
    with session_factory.begin() as session:
        session.execute(delete(ConsoleSession).where(ConsoleSession.token_hash == _digest(token)))


def end_all_sessions(session_factory: sessionmaker, user_id: int) -> int:
    """Log out everywhere: every login of the user ends (API tokens are not logins and stay)."""
    with session_factory.begin() as session:
        return session.execute(delete(ConsoleSession).where(ConsoleSession.user_id == user_id)).rowcount


def end_user_sessions(session_factory: sessionmaker, name: str) -> int:
    """An admin's `helpline users logout NAME`: end_all_sessions by name; UserNotFound if there is none."""
    user = get_user(session_factory, name)
    if user is None:
        raise UserNotFound(f"no user named {name!r}")
    return end_all_sessions(session_factory, user["id"])


def touch_session(session_factory: sessionmaker, token: str, min_interval: timedelta = timedelta(seconds=10)) -> bool:
    """Mark the session as seen now (presence); False if the token is unknown or expired.

    Cheap on purpose, because every page load and every open live stream calls it: a read
    first, and a write only when the last mark is older than `min_interval`, so a busy
    console does not queue behind the action server for SQLite's write lock.
    """
    if not token:
        return False
    digest, now = _digest(token), utcnow()
    with session_factory() as session:
        row = session.execute(
            select(ConsoleSession.expires_at, ConsoleSession.last_seen_at).where(ConsoleSession.token_hash == digest)
        ).first()
    if row is None or row[0] <= now:
        return False
    if row[1] is not None and now - row[1] < min_interval:
        return True
    with session_factory.begin() as session:
        session.execute(
            update(ConsoleSession).where(ConsoleSession.token_hash == digest, ConsoleSession.expires_at > now)
            .values(last_seen_at=now).execution_options(synchronize_session=False)
        )
    return True


def online_counsellors(session_factory: sessionmaker, active_within: timedelta = PRESENCE_WINDOW) -> list[dict[str, Any]]:
    """Who is signed in to the console and active now: [{"name", "role"}], by name, each person once.

    Active = a console page loaded, or its live stream open, within `active_within` (the
    stream refreshes every PRESENCE_REFRESH, so an open page keeps its counsellor online).
    Expired sessions never count; logging out deletes the session. API tokens are not
    presence: a script is not a counsellor who can answer.
    """
    now = utcnow()
    with session_factory() as session:
        rows = session.execute(
            select(ConsoleUser.name, ConsoleUser.role)
            .join(ConsoleSession, ConsoleSession.user_id == ConsoleUser.id)
            .where(
                ConsoleSession.expires_at > now,
                ConsoleSession.last_seen_at.is_not(None),
                ConsoleSession.last_seen_at >= now - active_within,
            )
            .distinct()
            .order_by(ConsoleUser.name)
        ).all()
    return [{"name": name, "role": role} for name, role in rows]


# ---------------------------------------------------------------------------- API tokens


def _token_dict(token: ApiToken, user_name: str) -> dict[str, Any]:
    """What may be shown about a token: never the token, nor its hash."""
    return {
        "id": token.id, "user": user_name, "label": token.label,
        "created_at": format_timestamp(token.created_at), "expires_at": format_timestamp(token.expires_at),
        "last_used_at": format_timestamp(token.last_used_at), "revoked_at": format_timestamp(token.revoked_at),
    }


def _clean_label(label: Optional[str]) -> Optional[str]:
    label = " ".join((label or "").split())  # no newlines or tabs to garble a listing
    if len(label) > MAX_TOKEN_LABEL:
        raise ValueError(f"the label must be at most {MAX_TOKEN_LABEL} characters")
    return label or None


def create_api_token(
    session_factory: sessionmaker, user_name: str, days: int = DEFAULT_TOKEN_DAYS, label: Optional[str] = None,
) -> str:
    """A new bearer token acting as `user_name` for `days` days; returned once, stored only as a hash."""
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ValueError(f"days must be between 1 and {MAX_TOKEN_DAYS}")
    label = _clean_label(label)
    user = get_user(session_factory, user_name)
    if user is None:
        raise UserNotFound(f"no user named {user_name!r}; add one with `helpline users add`")
    token, now = "hl_" + secrets.token_urlsafe(32), utcnow()
    with session_factory.begin() as session:
        session.add(ApiToken(token_hash=_digest(token), user_id=user["id"], label=label, created_at=now,
                             expires_at=now + timedelta(days=days)))
    return token


def api_token_info(session_factory: sessionmaker, token: str) -> Optional[dict[str, Any]]:
    """What `helpline tokens list` shows about this token (found by its hash), or None."""
    with session_factory() as session:
        row = session.execute(
            select(ApiToken, ConsoleUser.name).join(ConsoleUser, ConsoleUser.id == ApiToken.user_id)
            .where(ApiToken.token_hash == _digest(token))
        ).first()
        return _token_dict(*row) if row else None


def list_api_tokens(session_factory: sessionmaker) -> list[dict[str, Any]]:
    """Every token, oldest first, as _token_dict (revoked and expired ones too: they are the history)."""
    with session_factory() as session:
        rows = session.execute(
            select(ApiToken, ConsoleUser.name).join(ConsoleUser, ConsoleUser.id == ApiToken.user_id).order_by(ApiToken.id)
        ).all()
        return [_token_dict(token, name) for token, name in rows]


def revoke_api_token(session_factory: sessionmaker, token_id: int) -> dict[str, Any]:
    """Revoke a token by id (from `helpline tokens list`): it gets 401 from now on. Revoking twice
    keeps the first time. TokenNotFound if there is no such token."""
    with session_factory.begin() as session:
        session.execute(
            update(ApiToken).where(ApiToken.id == token_id, ApiToken.revoked_at.is_(None)).values(revoked_at=utcnow())
        )
        row = session.execute(
            select(ApiToken, ConsoleUser.name).join(ConsoleUser, ConsoleUser.id == ApiToken.user_id).where(ApiToken.id == token_id)
        ).first()
        if row is None:
            raise TokenNotFound(f"no API token with id {token_id}; `helpline tokens list` shows them")
        return _token_dict(*row)


def token_user(session_factory: sessionmaker, token: str) -> Optional[dict[str, Any]]:
    """The user a bearer token acts as, or None when it is unknown, expired or revoked.

    Marks it used, at most once per TOKEN_TOUCH_INTERVAL (a read first, then a write only when
    due, as touch_session does, so a busy script does not queue for SQLite's write lock).
    """
    if not token:
        return None
    now = utcnow()
    with session_factory() as session:
        row = session.execute(
            select(ApiToken.id, ApiToken.expires_at, ApiToken.revoked_at, ApiToken.last_used_at, ConsoleUser)
            .join(ConsoleUser, ConsoleUser.id == ApiToken.user_id)
            .where(ApiToken.token_hash == _digest(token))
        ).first()
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    if row.last_used_at is None or now - row.last_used_at >= TOKEN_TOUCH_INTERVAL:
        with session_factory.begin() as session:
            session.execute(update(ApiToken).where(ApiToken.id == row.id).values(last_used_at=now))
    return _user_dict(row[4])


# ---------------------------------------------------------------------------- notes and audit


def add_note(session_factory: sessionmaker, reference: str, author: str, text: str) -> None:
    with session_factory.begin() as session:
        session.add(HandoffNote(handoff_reference=reference, author=author, text=text, created_at=utcnow()))


def list_notes(session_factory: sessionmaker, reference: str) -> list[dict[str, Any]]:
    with session_factory() as session:
        rows = session.execute(
            select(HandoffNote).where(HandoffNote.handoff_reference == reference).order_by(HandoffNote.created_at, HandoffNote.id)
        ).scalars()
        return [{"author": n.author, "text": n.text, "created_at": format_timestamp(n.created_at)} for n in rows]


def audit(session_factory: sessionmaker, reference: str, actor: str, action: str, detail: Optional[str] = None) -> None:
    """An audit entry on its own (a page view, a note, a message); status changes write theirs with the change."""
    with session_factory.begin() as session:
        _add_audit(session, reference, (actor, action, detail))


def list_audit(session_factory: sessionmaker, reference: str) -> list[dict[str, Any]]:
    with session_factory() as session:
        rows = session.execute(
            select(AuditEntry).where(AuditEntry.handoff_reference == reference).order_by(AuditEntry.created_at, AuditEntry.id)
        ).scalars()
        return [
            {"actor": a.actor, "action": a.action, "detail": a.detail, "created_at": format_timestamp(a.created_at)}
            for a in rows
        ]


# ---------------------------------------------------------------------------- handoff queries for the console


def queue_signature(session_factory: sessionmaker) -> tuple:
    """What the queue looks like, cheaply: changes whenever an open handoff appears, moves or goes."""
    with session_factory() as session:
        rows = session.execute(
            select(Handoff.reference, Handoff.status, Handoff.claimed_by, Handoff.updated_at)
            .where(Handoff.status.in_(OPEN_STATUSES))
            .order_by(Handoff.reference)
        ).all()
    return tuple(tuple(r) for r in rows)


def handoff_signature(session_factory: sessionmaker, reference: str) -> Optional[tuple]:
    """Status, holder, and transcript size of one handoff: changes when either view needs refreshing."""
    with session_factory() as session:
        handoff = session.get(Handoff, reference)
        if handoff is None:
            return None
        count, last = session.execute(
            select(func.count(TranscriptMessage.id), func.max(TranscriptMessage.id)).where(
                TranscriptMessage.conversation_id == handoff.conversation_id
            )
        ).one()
        return (handoff.status, handoff.claimed_by, handoff.updated_at, count, last)


def immediate_signature(session_factory: sessionmaker) -> tuple:
    """Which open handoffs are immediate now (and who has them): changes when one becomes immediate."""
    with session_factory() as session:
        rows = session.execute(
            select(Handoff.reference, Handoff.status, Handoff.claimed_by)
            .where(Handoff.status.in_(OPEN_STATUSES), Handoff.urgency == "immediate")
            .order_by(Handoff.reference)
        ).all()
    return tuple(tuple(r) for r in rows)


def open_immediate(session_factory: sessionmaker) -> list[dict[str, Any]]:
    """The open immediate handoffs, oldest first: {reference, status, claimed_by, summary} (no transcript)."""
    with session_factory() as session:
        rows = session.execute(
            select(Handoff)
            .where(Handoff.status.in_(OPEN_STATUSES), Handoff.urgency == "immediate")
            .order_by(Handoff.created_at, Handoff.reference)
        ).scalars()
        return [
            {"reference": h.reference, "status": h.status, "claimed_by": h.claimed_by, "summary": dict(h.summary)}
            for h in rows
        ]


def transfer_handoff(session_factory: sessionmaker, reference: str, holder: str, to: str, audit: Optional[Audit] = None) -> None:
    """Give a claimed handoff from `holder` to `to` in one conditional UPDATE (no gap for a third claimant),
    with its audit entry in the same transaction."""
    with session_factory.begin() as session:
        changed = session.execute(
            update(Handoff)
            .where(Handoff.reference == reference, Handoff.status == "claimed", Handoff.claimed_by == holder)
            .values(claimed_by=to, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        ).rowcount
        if not changed:
            current = session.get(Handoff, reference)
            if current is None:
                raise HandoffNotFound(f"no handoff with reference {reference}")
            raise InvalidTransition(f"{reference} is {current.status} by {current.claimed_by}; it cannot be transferred")
        if audit:
            _add_audit(session, reference, audit)
