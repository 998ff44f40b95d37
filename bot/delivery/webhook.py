"""The webhook's wire format: a JSON body signed with HMAC-SHA256.

The receiver checks `X-Helpline-Signature` against the raw body with the shared secret
(so a forged or altered handoff is refused) and drops repeats by `Idempotency-Key`
(the worker delivers at least once, so a timeout after the receiver stored the event
means it will come again with the same key and the same bytes).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

SIGNATURE_HEADER = "X-Helpline-Signature"
IDEMPOTENCY_HEADER = "Idempotency-Key"
EVENT_HEADER = "X-Helpline-Event"
SIGNATURE_PREFIX = "sha256="


def encode(payload: Any) -> bytes:
    """Canonical JSON bytes (sorted keys, UTF-8): every retry of an event sends identical bytes."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sign(body: bytes, secret: str) -> str:
    """Hex HMAC-SHA256 of `body` keyed with `secret`."""
    return hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def headers(body: bytes, secret: str, idempotency_key: str, event_type: str | None = None) -> dict[str, str]:
    """The request headers for one delivery."""
    result = {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: SIGNATURE_PREFIX + sign(body, secret),
        IDEMPOTENCY_HEADER: idempotency_key,
    }
    if event_type:
        result[EVENT_HEADER] = event_type
    return result


def verify(body: bytes, secret: str, signature_header: str | None) -> bool:
    """True if the header is `sha256=<hex>` of this body (constant-time; for receivers and tests)."""
    if not signature_header or not signature_header.startswith(SIGNATURE_PREFIX):
        return False
    return hmac.compare_digest(signature_header[len(SIGNATURE_PREFIX):], sign(body, secret))
