"""A room's secrets: the unguessable part of its address, the short code people type to join,
the key each participant's token is signed with, and the tokens themselves.

A token names one participant of one workshop and is signed with that room's key (HMAC-SHA256):
it cannot be made for another person or carried to another workshop's room.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

# Letters and digits that cannot be mistaken for one another when read off a projected screen.
CODE_ALPHABET = "ACDEFHJKMNPRTUVWXY3479"
CODE_LENGTH = 6


def new_secret() -> str:
    """The secret in the join address: 128 bits, URL-safe."""
    return secrets.token_urlsafe(16)


def new_code() -> str:
    """The short code shown on the facilitator's screen, e.g. 'KX7-RTP'."""
    letters = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{letters[:3]}-{letters[3:]}"


def new_signing_key() -> str:
    return secrets.token_hex(32)


def same_code(typed: str, code: str) -> bool:
    """Whether a typed code is the room's, ignoring case, spaces and the dash."""
    cleaned = "".join(c for c in typed.upper() if c.isalnum())
    wanted = code.replace("-", "")
    return hmac.compare_digest(cleaned.encode("ascii", "replace"), wanted.encode("ascii"))


def _mac(signing_key: str, assessment_id: str, participant_id: int) -> str:
    message = f"{assessment_id}.{participant_id}".encode()
    digest = hmac.new(bytes.fromhex(signing_key), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def token_for(signing_key: str, assessment_id: str, participant_id: int) -> str:
    """The token that lets one participant rate as themselves in this workshop's room."""
    return f"{assessment_id}.{participant_id}.{_mac(signing_key, assessment_id, participant_id)}"


def participant_in(token: str, signing_key: str, assessment_id: str) -> int | None:
    """The participant a token was signed for, or None when it is not a token of this room
    (another workshop's, altered, or not a token at all)."""
    parts = token.split(".")
    if len(parts) != 3 or parts[0] != assessment_id or not parts[1].isdigit():
        return None
    if len(parts[1]) > 12:
        return None
    participant_id = int(parts[1])
    expected = _mac(signing_key, assessment_id, participant_id)
    if not hmac.compare_digest(parts[2].encode("ascii", "replace"), expected.encode("ascii")):
        return None
    return participant_id
