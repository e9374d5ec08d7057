"""Keyed pseudonyms: HMAC-SHA-256 under HODH_PSEUDONYM_KEY, checked against
Python's hmac module and published test vectors, in Python, on a DuckDB
connection as the dbt plugin registers it, on the shared run's export, and
through dbt (which must fail clearly, without showing the key, when the key is
short)."""

import hashlib
import hmac
from pathlib import Path

import duckdb
import pytest
from conftest import FEED_KEY, Feed, run_dbt
from raw_files import read_raw_file

from hodh.dbt_plugin import Plugin
from hodh.pseudonyms import KEY_VARIABLE, PseudonymKeyError, load_key, pseudonymise

KEY = "pseudonym-test-key-7f3a9c1e5b2d8f4a6c0e"

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


@pytest.mark.parametrize(("key", "message", "digest"), RFC_4231)
def test_pseudonymise_matches_rfc_4231_vectors(key: bytes, message: bytes, digest: str) -> None:
    assert pseudonymise(message.decode("ascii"), key) == digest
    assert hmac.new(key, message, hashlib.sha256).hexdigest() == digest


@pytest.mark.parametrize("value", ["PN000001", "AP123456", "", "ÉTOILE-7", "x" * 500])
def test_pseudonymise_is_hmac_sha256_of_the_utf8_value(value: str) -> None:
    key = KEY.encode()
    expected = hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()
    assert pseudonymise(value, key) == expected
    assert len(expected) == 64 and expected == expected.lower()


def test_same_key_same_pseudonym_other_key_other_pseudonym() -> None:
    key = KEY.encode()
    assert pseudonymise("PN000001", key) == pseudonymise("PN000001", key)
    assert pseudonymise("PN000001", key) != pseudonymise("PN000001", key + b"!")
    assert pseudonymise("PN000001", key) != pseudonymise("PN000002", key)
    assert pseudonymise(None, key) is None


def test_load_key_refuses_missing_and_short_keys_without_showing_them() -> None:
    with pytest.raises(PseudonymKeyError, match=KEY_VARIABLE) as missing:
        load_key({})
    short = "s3cret-but-short"
    with pytest.raises(PseudonymKeyError, match="too short") as too_short:
        load_key({KEY_VARIABLE: short})
    assert short not in str(too_short.value) and short not in str(missing.value)
    assert load_key({KEY_VARIABLE: KEY}) == KEY.encode()


def test_duckdb_function_matches_python_hmac(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KEY_VARIABLE, KEY)
    connection = duckdb.connect()
    Plugin.__new__(Plugin).configure_connection(connection)
    values = ["PN000001", "PN000002", None, "AP000001"]
    rows = connection.execute(
        "select value, hodh_pseudonymise(value) from unnest(?) as t(value)", [values]
    ).fetchall()
    for value, digest in rows:
        expected = None if value is None else hmac.new(KEY.encode(), value.encode(), "sha256")
        assert digest == (None if expected is None else expected.hexdigest())


def test_duckdb_function_fails_clearly_without_a_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY_VARIABLE, raising=False)
    connection = duckdb.connect()
    Plugin.__new__(Plugin).configure_connection(connection)
    with pytest.raises(duckdb.Error, match=KEY_VARIABLE):
        connection.execute("select hodh_pseudonymise(value) from (values ('PN1')) as t(value)")


def test_exported_ids_are_hmac_of_the_raw_keys(feed: Feed) -> None:
    """The shared run's employee_ids are the HMAC under its key of the raw pay numbers."""
    _, employees, _ = read_raw_file(feed.raw / "hr_employees.csv")
    expected = {
        hmac.new(
            FEED_KEY.encode(), row["pay_number"].strip().upper().encode(), "sha256"
        ).hexdigest()
        for row in employees
        if row["pay_number"].strip()
    }
    with duckdb.connect(str(feed.warehouse), read_only=True) as connection:
        query = connection.execute("select employee_id from export.employees")
        exported = {employee_id for (employee_id,) in query.fetchall()}
    assert len(exported) > 300
    assert exported <= expected


def test_dbt_build_fails_clearly_without_a_usable_key(feed: Feed, tmp_path: Path) -> None:
    """A key one character short stops the pseudonymising model with a line naming the
    variable, and the key is nowhere in dbt's output, target/ or logs/."""
    key = "short-key-31-characters-long-xx"
    completed = run_dbt(
        "build", "--select", "+int_employees__pseudonymised",
        "--exclude-resource-type", "test", "unit_test", root=tmp_path,
        dbt_vars={"raw_dir": str(feed.raw)}, key=key,
    )  # fmt: skip
    output = completed.stdout + completed.stderr
    assert completed.returncode != 0
    assert KEY_VARIABLE in output and "too short" in output
    assert key not in output
    for path in [*(tmp_path / "target").rglob("*"), *(tmp_path / "logs").rglob("*")]:
        if path.is_file():
            assert key not in path.read_text(errors="replace"), path
