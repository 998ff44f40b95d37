"""Every read and write the counsellor console needs beyond handoffs.py: accounts, login
sessions and who is online (presence), API tokens, internal notes, the audit log, and a
few small handoff queries (the change signatures the live pages poll, the open immediate
handoffs the danger alert shows, an atomic transfer).

Like handoffs.py it returns plain dicts, never ORM objects.

Secrets: passwords are argon2 hashes; session and API tokens are 32 random bytes, so
a SHA-256 of them is enough (no dictionary to attack) and lets us look them up by hash.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any, Optional

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from bot.storage.console_models import ROLES, ApiToken, AuditEntry, ConsoleSession, ConsoleUser, HandoffNote
from bot.storage.handoffs import Audit, HandoffNotFound, InvalidTransition, _add_audit, format_timestamp
from bot.storage.models import OPEN_STATUSES, Handoff, TranscriptMessage, utcnow

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
SESSION_LIFETIME = timedelta(hours=12)
MIN_PASSWORD_LENGTH = 10
# Presence: a console session counts as online when its page was loaded, or its live stream
# refreshed it, this recently. The live stream refreshes it every PRESENCE_REFRESH.
PRESENCE_WINDOW = timedelta(minutes=2)
PRESENCE_REFRESH = timedelta(seconds=30)

_hasher = PasswordHasher()
# Verified against when the name is unknown, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


class UserExists(ValueError):
    """A user with this name already exists."""


class UserNotFound(LookupError):
    """No user has this name."""


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
    user = ConsoleUser(name=name, role=role, password_hash=_hasher.hash(password), failed_attempts=0, created_at=utcnow())
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


def check_login(session_factory: sessionmaker, name: str, password: str) -> tuple[Optional[dict[str, Any]], str]:
    """(user, "ok") on success, else (None, "invalid" | "locked").

    Five failures in a row lock the account for 15 minutes; while locked even the right
    password is refused. The failure count is incremented in SQL, so parallel guesses
    cannot slip under the limit.
    """
    now = utcnow()
    with session_factory() as session:
        user = session.execute(select(ConsoleUser).where(ConsoleUser.name == name)).scalars().first()
        stored = user.password_hash if user else _DUMMY_HASH
        locked = bool(user and user.locked_until and user.locked_until > now)
    try:
        _hasher.verify(stored, password)
        correct = user is not None
    except (VerificationError, InvalidHashError):
        correct = False
    if user is None:
        return None, "invalid"
    if locked:
        return None, "locked"
    with session_factory.begin() as session:
        if correct:
            session.execute(update(ConsoleUser).where(ConsoleUser.id == user.id).values(failed_attempts=0, locked_until=None))
            return {"id": user.id, "name": user.name, "role": user.role}, "ok"
        session.execute(
            update(ConsoleUser).where(ConsoleUser.id == user.id).values(failed_attempts=ConsoleUser.failed_attempts + 1)
        )
        failures = session.execute(select(ConsoleUser.failed_attempts).where(ConsoleUser.id == user.id)).scalar_one()
        if failures >= MAX_FAILED_LOGINS:
            session.execute(
                update(ConsoleUser).where(ConsoleUser.id == user.id).values(failed_attempts=0, locked_until=now + LOCKOUT)
            )
            return None, "locked"
    return None, "invalid"


# ---------------------------------------------------------------------------- sessions


def create_session(session_factory: sessionmaker, user_id: int) -> tuple[str, str]:
    """A new login for the user: (cookie token, CSRF token). Only the token's hash is stored."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = utcnow()
    with session_factory.begin() as session:
        session.execute(delete(ConsoleSession).where(ConsoleSession.expires_at < now))
        session.add(
            ConsoleSession(
                token_hash=_digest(token), user_id=user_id, csrf_token=csrf, created_at=now, expires_at=now + SESSION_LIFETIME
            )
        )
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


def create_api_token(session_factory: sessionmaker, user_name: str) -> str:
    """A new bearer token acting as `user_name`; returned once, stored only as a hash."""
    user = get_user(session_factory, user_name)
    if user is None:
        raise UserNotFound(f"no user named {user_name!r}; add one with `helpline users add`")
    token = "hl_" + secrets.token_urlsafe(32)
    with session_factory.begin() as session:
        session.add(ApiToken(token_hash=_digest(token), user_id=user["id"], created_at=utcnow()))
    return token


def token_user(session_factory: sessionmaker, token: str) -> Optional[dict[str, Any]]:
    if not token:
        return None
    with session_factory.begin() as session:
        row = session.execute(
            select(ApiToken, ConsoleUser)
            .join(ConsoleUser, ConsoleUser.id == ApiToken.user_id)
            .where(ApiToken.token_hash == _digest(token))
        ).first()
        if row is None:
            return None
        row[0].last_used_at = utcnow()
        return _user_dict(row[1])


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
