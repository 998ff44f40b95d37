"""Handoff references a counsellor can read out on the phone and a caller can type back.

"HO-" and six characters from an alphabet without look-alikes: no 0/O, no 1/I/L, so
"HO-7K2M9Q" survives being read aloud, written on a sticky note or retyped from a
screenshot. `secrets` rather than `random` because the reference identifies a
safeguarding case and must not be guessable from earlier ones.
"""

from __future__ import annotations

import secrets

PREFIX = "HO-"
# Digits 2-9 and capitals without O, I and L: 31 symbols, 31**6 ≈ 887 million references.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 6


def new_reference() -> str:
    """A fresh reference such as "HO-7K2M9Q" (storage rejects the rare duplicate)."""
    return PREFIX + "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def is_reference(text: str) -> bool:
    """True if `text` has the shape of a reference (used to check what a caller types)."""
    body = text[len(PREFIX):]
    return text.startswith(PREFIX) and len(body) == LENGTH and all(c in ALPHABET for c in body)
