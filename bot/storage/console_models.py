"""Tables behind the counsellor console: accounts, login sessions, API tokens, login throttles,
notes, audit log.

Kept apart from models.py so the handoff tables read on their own; they share its
metadata (bot/storage/base.py; models.py imports this module at its end) so Alembic and
schema_differences see them.
Revision 0002_console creates them; 0005 replaces the account lockout with login
throttles and gives API tokens a label, an expiry and revocation.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, String, Text

from bot.storage.base import Base, UTCDateTime, _one_of, utcnow

ROLES = ("counsellor", "admin")
AUDIT_ACTIONS = (
    "viewed", "claimed", "released", "transferred", "noted", "messaged", "closed",
    # written by the bot's intake (actor "assistant"): the handoff's life before a counsellor has it
    "opened", "intake_ended", "urgency_raised", "urgency_lowered", "withdrawn",
)


class ConsoleUser(Base):
    """A counsellor or admin. `password_hash` is argon2.

    No lockout lives here on purpose: a per-account lock let anyone who knew a name lock its
    counsellor out; failed logins are counted in `login_throttles` instead.
    """

    __tablename__ = "console_users"

    id = Column(Integer, primary_key=True, autoincrement=True)
    name = Column(String(255), nullable=False, unique=True)
    role = Column(String(16), nullable=False)
    password_hash = Column(String(255), nullable=False)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)

    __table_args__ = (CheckConstraint(_one_of("role", ROLES), name="role"),)


class ConsoleSession(Base):
    """A login: the cookie holds a random token, the table only its SHA-256 (a leaked table logs no one in)."""

    __tablename__ = "console_sessions"

    token_hash = Column(String(64), primary_key=True)
    user_id = Column(Integer, ForeignKey("console_users.id", ondelete="CASCADE"), nullable=False, index=True)
    csrf_token = Column(String(64), nullable=False)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    expires_at = Column(UTCDateTime, nullable=False)
    # Presence: refreshed while a console page is open (its live stream), cleared at logout.
    last_seen_at = Column(UTCDateTime)


class ApiToken(Base):
    """A bearer token for the JSON API, acting as one user; stored as SHA-256 only.

    Every token expires (a forgotten script's token must not work for ever) and can be
    revoked; `label` says what it is for, so `helpline tokens list` can be read without it.
    """

    __tablename__ = "console_api_tokens"

    id = Column(Integer, primary_key=True, autoincrement=True)
    token_hash = Column(String(64), nullable=False, unique=True)
    user_id = Column(Integer, ForeignKey("console_users.id", ondelete="CASCADE"), nullable=False, index=True)
    label = Column(String(64))
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    expires_at = Column(UTCDateTime, nullable=False)
    last_used_at = Column(UTCDateTime)
    revoked_at = Column(UTCDateTime)


class LoginThrottle(Base):
    """Failed logins counted for one place: a client address, an (address, name) pair, a name,
    or a known browser and name (see bot/console/throttle.py for which apply when).

    `key` is a SHA-256 of the scope and its values, so what people typed as a name (sometimes
    their password) is never stored. A row is forgotten after a quiet day.
    """

    __tablename__ = "login_throttles"

    key = Column(String(64), primary_key=True)
    failures = Column(Integer, nullable=False, default=0)
    last_attempt_at = Column(UTCDateTime, nullable=False, index=True)


class HandoffNote(Base):
    """An internal note on a handoff: for counsellors, never sent to the professional."""

    __tablename__ = "handoff_notes"

    id = Column(Integer, primary_key=True, autoincrement=True)
    handoff_reference = Column(String(16), ForeignKey("handoffs.reference"), nullable=False, index=True)
    author = Column(String(255), nullable=False)
    text = Column(Text, nullable=False)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)


class AuditEntry(Base):
    """Who did what to which handoff, when (viewed, claimed, released, transferred, noted, messaged, closed)."""

    __tablename__ = "handoff_audit"

    id = Column(Integer, primary_key=True, autoincrement=True)
    handoff_reference = Column(String(16), ForeignKey("handoffs.reference"), nullable=False)
    actor = Column(String(255), nullable=False)
    action = Column(String(32), nullable=False)
    detail = Column(Text)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)

    __table_args__ = (
        CheckConstraint(_one_of("action", AUDIT_ACTIONS), name="action"),
        Index(None, "handoff_reference", "created_at"),
    )
