"""Keyed pseudonyms: HMAC-SHA-256 under HODH_PSEUDONYM_KEY, checked against
Python's hmac module and published test vectors, in Python, on a DuckDB
connection as the dbt plugin registers it, and through dbt (which must fail
clearly, without showing the key, when the key is missing or short)."""

import hashlib
import hmac
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from hodh import PROJECT_DIR
from hodh.dbt_plugin import Plugin
from hodh.pseudonyms import KEY_VARIABLE, PseudonymKeyError, load_key, pseudonymise

sys.path.insert(0, str(Path(__file__).parent))
from hr_population import build_population

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


def _dbt_pseudonyms(tmp_path: Path, key: str | None) -> subprocess.CompletedProcess[str]:
    """Build the employee pseudonyms (and what they need) on a tiny population."""
    raw = build_population(30, seed=4).write(tmp_path / "raw")
    environment = {
        **os.environ,
        "DBT_PROFILES_DIR": str(PROJECT_DIR / "profiles"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
        "HODH_DUCKDB_PATH": str(tmp_path / "warehouse.duckdb"),
        "HODH_TEMP_DIR": str(tmp_path / "tmp"),
    }
    environment.pop(KEY_VARIABLE, None)
    if key is not None:
        environment[KEY_VARIABLE] = key
    dbt = Path(sys.executable).parent / "dbt"
    return subprocess.run(
        [
            str(dbt), "build", "--select", "+int_employees__pseudonymised",
            "--exclude", "resource_type:test", "resource_type:unit_test",
            "--project-dir", str(PROJECT_DIR),
            "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs"),
            "--vars", f"{{raw_dir: {raw}}}",
        ],
        cwd=PROJECT_DIR, env=environment, capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_dbt_pseudonyms_match_python_hmac(tmp_path: Path) -> None:
    completed = _dbt_pseudonyms(tmp_path, KEY)
    assert completed.returncode == 0, completed.stdout[-3000:]
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as connection:
        rows = connection.execute(
            "select pay_number, employee_id from intermediate.int_employees__pseudonymised"
        ).fetchall()
    assert len(rows) > 30
    for pay_number, employee_id in rows:
        assert employee_id == hmac.new(KEY.encode(), pay_number.encode(), "sha256").hexdigest()


@pytest.mark.parametrize("key", [None, "short-key-31-characters-long-xx"])
def test_dbt_build_fails_clearly_without_a_usable_key(tmp_path: Path, key: str | None) -> None:
    completed = _dbt_pseudonyms(tmp_path, key)
    output = completed.stdout + completed.stderr
    assert completed.returncode != 0
    assert KEY_VARIABLE in output
    assert ("is not set" if key is None else "too short") in output
    if key is not None:
        assert key not in output
        for path in [*(tmp_path / "target").rglob("*"), *(tmp_path / "logs").rglob("*")]:
            if path.is_file():
                assert key not in path.read_text(errors="replace"), path
