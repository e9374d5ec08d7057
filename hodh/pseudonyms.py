"""Keyed pseudonyms: HMAC-SHA-256 of an identifier under the force's secret key.

The key comes only from the environment variable HODH_PSEUDONYM_KEY, is read when a value
is hashed, and is never formatted into SQL, logs or messages: compiled models call the
function by name, so `target/` holds no key.

Pseudonyms are domain-separated: each kind of identifier (employee, applicant) is hashed
under its own subkey, HMAC-SHA-256(key, "hodh/pseudonym/<domain>"), so the same reference
as a pay number and as an applicant reference gives unrelated pseudonyms. The key must be
at least 32 characters and look random (a repeated or patterned string is refused); the
documented form is 64 hex characters from a secure generator. A fingerprint of the key,
never the key, goes into the manifest so a recipient can tell when the key changed.
"""

import hmac
import itertools
import math
import os
from collections import Counter

from hodh.constants import KEY_VARIABLE

MIN_KEY_LENGTH = 32
DOMAINS = ("employee", "applicant")
# A key that looks random: enough distinct characters and bits per character, no period,
# few steps of one (abcd..., 1234...). 64 random hex characters have about 15 distinct
# characters and 3.8 bits each; a person's typing seldom has either.
MIN_DISTINCT_CHARACTERS = 10
MIN_BITS_PER_CHARACTER = 3.0
MAX_SHARE_OF_ASCENDING_STEPS = 0.3
HOW_TO_MAKE_A_KEY = "python -c 'import secrets; print(secrets.token_hex(32))'"


class PseudonymKeyError(Exception):
    """The pseudonym key is missing, too short or not random (the message never shows it)."""


def load_key(environ: dict[str, str] | None = None) -> bytes:
    """The key as bytes; there is no default key, so a missing or weak one is an error."""
    key = (os.environ if environ is None else environ).get(KEY_VARIABLE, "")
    if not key:
        raise PseudonymKeyError(
            f"{KEY_VARIABLE} is not set: a secret key of at least {MIN_KEY_LENGTH} characters "
            f"is required ({HOW_TO_MAKE_A_KEY} makes one)"
        )
    if len(key) < MIN_KEY_LENGTH:
        raise PseudonymKeyError(
            f"{KEY_VARIABLE} is too short: it has {len(key)} characters, "
            f"at least {MIN_KEY_LENGTH} are required"
        )
    weakness = _weakness(key)
    if weakness:
        raise PseudonymKeyError(
            f"{KEY_VARIABLE} does not look random ({weakness}): use 64 hex characters from "
            f"a secure generator ({HOW_TO_MAKE_A_KEY})"
        )
    return key.encode("utf-8")


def _weakness(key: str) -> str | None:
    """Why a key of the right length is still too guessable, or None."""
    for period in range(1, len(key) // 2 + 1):
        if all(key[i] == key[i % period] for i in range(len(key))):
            return f"it repeats a pattern of {period} characters"
    counts = Counter(key)
    if len(counts) < MIN_DISTINCT_CHARACTERS:
        return f"it has only {len(counts)} different characters"
    bits = -sum(n / len(key) * math.log2(n / len(key)) for n in counts.values())
    if bits < MIN_BITS_PER_CHARACTER:
        return "its characters are too predictable"
    ascending = sum(ord(b) - ord(a) == 1 for a, b in itertools.pairwise(key))
    if ascending > MAX_SHARE_OF_ASCENDING_STEPS * (len(key) - 1):
        return "it runs through sequences such as abcd or 1234"
    return None


def subkey(key: bytes, domain: str) -> bytes:
    """The key of one domain of identifiers: HMAC-SHA-256(key, 'hodh/pseudonym/<domain>')."""
    if domain not in DOMAINS:
        raise ValueError(f"no pseudonym domain {domain!r} (known: {', '.join(DOMAINS)})")
    return hmac.digest(key, f"hodh/pseudonym/{domain}".encode(), "sha256")


def pseudonymise(value: str | None, key: bytes, domain: str) -> str | None:
    """64 lower-case hex characters: HMAC-SHA-256 of the UTF-8 value under the domain's subkey."""
    if value is None:
        return None
    return hmac.digest(subkey(key, domain), value.encode("utf-8"), "sha256").hex()


def fingerprint(key: bytes) -> str:
    """16 hex characters that change when the key changes and give nothing of it away:
    HMAC-SHA-256(key, 'hodh/key-fingerprint'), truncated."""
    return hmac.digest(key, b"hodh/key-fingerprint", "sha256").hex()[:16]
