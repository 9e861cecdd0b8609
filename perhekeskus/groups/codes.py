"""One-time codes for invitations: short enough to type from a printed letter.

Ten characters from an alphabet without look-alikes (no 0/O, 1/I/L) give about 50
bits; only a code's SHA-256 is stored, so the database alone cannot reproduce letters.
Codes are read case-insensitively and with or without the dashes of the printed form.
"""

from __future__ import annotations

import hashlib
import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 10


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def printed(code: str) -> str:
    """ABCD-EFG-HJK: grouped for reading aloud and typing."""
    code = normalise(code)
    return f"{code[:4]}-{code[4:7]}-{code[7:]}" if len(code) == LENGTH else code


def code_hash(code: str) -> str:
    return hashlib.sha256(normalise(code).encode()).hexdigest()
