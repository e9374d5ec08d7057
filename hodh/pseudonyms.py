"""Keyed pseudonyms: HMAC-SHA-256 of an identifier under the force's secret key.

The key comes only from the environment variable HODH_PSEUDONYM_KEY, is read
when a value is hashed, and is never formatted into SQL, logs or messages:
compiled models call the function by name, so `target/` holds no key.
"""

import hmac
import os

KEY_VARIABLE = "HODH_PSEUDONYM_KEY"
MIN_KEY_LENGTH = 32


class PseudonymKeyError(Exception):
    """The pseudonym key is missing or too short (the message never shows it)."""


def load_key(environ: dict[str, str] | None = None) -> bytes:
    """The key as bytes; there is no default key, so a missing one is an error."""
    key = (os.environ if environ is None else environ).get(KEY_VARIABLE, "")
    if not key:
        raise PseudonymKeyError(
            f"{KEY_VARIABLE} is not set: a secret key of at least "
            f"{MIN_KEY_LENGTH} characters is required"
        )
    if len(key) < MIN_KEY_LENGTH:
        raise PseudonymKeyError(
            f"{KEY_VARIABLE} is too short: it has {len(key)} characters, "
            f"at least {MIN_KEY_LENGTH} are required"
        )
    return key.encode("utf-8")


def pseudonymise(value: str | None, key: bytes) -> str | None:
    """64 lower-case hex characters: HMAC-SHA-256 of the UTF-8 value."""
    if value is None:
        return None
    return hmac.digest(key, value.encode("utf-8"), "sha256").hex()
