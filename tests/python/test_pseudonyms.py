"""Keyed pseudonyms: HMAC-SHA-256 under HODH_PSEUDONYM_KEY, checked against
Python's hmac module and published test vectors, in Python, on a DuckDB
connection as the dbt plugin registers it, on the shared run's export, and
through dbt (which must fail clearly, without showing the key, when the key is
short)."""

import hashlib
import hmac
import secrets
from pathlib import Path

import duckdb
import pytest
from conftest import FEED_KEY, Feed, run_dbt
from raw_files import read_raw_file

from hodh.dbt_plugin import Plugin
from hodh.pseudonyms import (
    DOMAINS,
    KEY_VARIABLE,
    PseudonymKeyError,
    fingerprint,
    load_key,
    pseudonymise,
    subkey,
)

KEY = "7e7bc2d2bf7d8f6aad79dae8133662de768f86099d032ef92a0d38488fdb5f0e"

# RFC 4231 (HMAC-SHA-256 test cases 1, 2 and 6).
RFC_4231 = [
    (b"\x0b" * 20, b"Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
    (
        b"Jefe",
        b"what do ya want for nothing?",
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    ),
    (
        b"\xaa" * 131,
        b"Test Using Larger Than Block-Size Key - Hash Key First",
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
    ),
]


def hmac_hex(key: bytes, message: str) -> str:
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()


@pytest.mark.parametrize(("key", "message", "digest"), RFC_4231)
def test_the_primitive_is_hmac_sha256(key: bytes, message: bytes, digest: str) -> None:
    """The digest the pseudonyms use (hmac.digest, sha256) meets the RFC's vectors."""
    assert hmac.digest(key, message, "sha256").hex() == digest


@pytest.mark.parametrize("value", ["PN000001", "AP123456", "", "ÉTOILE-7", "x" * 500])
@pytest.mark.parametrize("domain", DOMAINS)
def test_a_pseudonym_is_hmac_of_the_value_under_the_domain_subkey(value: str, domain: str) -> None:
    key = KEY.encode()
    domain_key = bytes.fromhex(hmac_hex(key, f"hodh/pseudonym/{domain}"))
    assert subkey(key, domain) == domain_key
    expected = hmac_hex(domain_key, value)
    assert pseudonymise(value, key, domain) == expected
    assert len(expected) == 64 and expected == expected.lower()


def test_same_key_same_pseudonym_other_key_domain_or_value_another() -> None:
    key = KEY.encode()
    assert pseudonymise("PN000001", key, "employee") == pseudonymise("PN000001", key, "employee")
    assert pseudonymise("PN000001", key, "employee") != pseudonymise(
        "PN000001", key + b"!", "employee"
    )
    assert pseudonymise("PN000001", key, "employee") != pseudonymise("PN000002", key, "employee")
    # an employee and an applicant with the same reference are unrelated
    assert pseudonymise("100234", key, "employee") != pseudonymise("100234", key, "applicant")
    assert pseudonymise(None, key, "employee") is None
    with pytest.raises(ValueError, match="no pseudonym domain"):
        pseudonymise("PN000001", key, "crime")


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (None, "is not set"),
        ("s3cret-but-short", "too short"),
        ("a" * 32, "repeats a pattern of 1 characters"),
        ("abc" * 12, "repeats a pattern of 3 characters"),
        ("abcdefghijklmnopqrstuvwxyz012345", "sequences such as abcd or 1234"),
        ("aaaabbbbaaaabbbbccccaaaabbbbaaaabbbb", "only 3 different characters"),
    ],
)
def test_load_key_refuses_missing_short_and_guessable_keys_without_showing_them(
    key: str | None, message: str
) -> None:
    with pytest.raises(PseudonymKeyError, match=message) as refused:
        load_key({} if key is None else {KEY_VARIABLE: key})
    assert KEY_VARIABLE in str(refused.value)
    assert key is None or key not in str(refused.value)


def test_load_key_takes_random_keys() -> None:
    for _ in range(200):
        key = secrets.token_hex(32)
        assert load_key({KEY_VARIABLE: key}) == key.encode()


def test_the_fingerprint_tells_keys_apart_and_gives_nothing_away() -> None:
    key, other = KEY.encode(), secrets.token_hex(32).encode()
    assert fingerprint(key) == fingerprint(key) != fingerprint(other)
    assert len(fingerprint(key)) == 16
    assert fingerprint(key) not in KEY and fingerprint(key) not in pseudonymise(
        "x", key, "employee"
    )


def test_duckdb_function_matches_python(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KEY_VARIABLE, KEY)
    connection = duckdb.connect()
    Plugin.__new__(Plugin).configure_connection(connection)
    values = ["PN000001", "PN000002", None, "AP000001"]
    for domain in DOMAINS:
        rows = connection.execute(
            "select value, hodh_pseudonymise(value, ?) from unnest(?) as t(value)",
            [domain, values],
        ).fetchall()
        for value, digest in rows:
            assert digest == pseudonymise(value, KEY.encode(), domain)


def test_duckdb_function_fails_clearly_without_a_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY_VARIABLE, raising=False)
    connection = duckdb.connect()
    Plugin.__new__(Plugin).configure_connection(connection)
    with pytest.raises(duckdb.Error, match=KEY_VARIABLE):
        connection.execute(
            "select hodh_pseudonymise(value, 'employee') from (values ('PN1')) as t(value)"
        )


def test_exported_ids_are_hmac_of_the_raw_keys(feed: Feed) -> None:
    """The shared run's employee_ids are the pseudonyms of its raw pay numbers under its key."""
    _, employees, _ = read_raw_file(feed.raw / "hr_employees.csv")
    expected = {
        pseudonymise(row["pay_number"].strip().upper(), FEED_KEY.encode(), "employee")
        for row in employees
        if row["pay_number"].strip()
    }
    with duckdb.connect(str(feed.warehouse), read_only=True) as connection:
        query = connection.execute("select employee_id from export.employees")
        exported = {employee_id for (employee_id,) in query.fetchall()}
    assert len(exported) > 300
    assert exported <= expected


def test_dbt_build_fails_clearly_without_a_usable_key(feed: Feed, tmp_path: Path) -> None:
    """A key one character short stops a mart that carries a pseudonym in its pre-hook,
    before it reads anything, with a line naming the variable, and the key is nowhere in
    dbt's output, target/ or logs/. (Its upstream models are not built: the pre-hook must
    stop the mart on its own.)"""
    key = "short-key-31-characters-long-xx"
    completed = run_dbt(
        "run", "--select", "employees", root=tmp_path,
        dbt_vars={"raw_dir": str(feed.raw)}, key=key,
    )  # fmt: skip
    output = completed.stdout + completed.stderr
    assert completed.returncode != 0
    assert KEY_VARIABLE in output and "too short" in output
    assert key not in output
    for path in [*(tmp_path / "target").rglob("*"), *(tmp_path / "logs").rglob("*")]:
        if path.is_file():
            assert key not in path.read_text(errors="replace"), path
