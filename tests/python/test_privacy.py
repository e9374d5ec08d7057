"""What leaves the force, and what a run leaves behind, end to end through `hodh run`.

The shared published run (conftest `feed`) has unique personal values planted in every
never-supplied column of every raw file (raw_files.PLANTED). None of them, nor the clear
keys and postcodes of the rows that carry them, nor the pseudonym key, may appear in the
package (CSV, Parquet, manifest, report), the audit log, or the run's logs, dbt artifacts
and console. Only the run's DuckDB file may hold them (staging and quarantine stay in the
warehouse).
"""

import stat

from conftest import FEED_KEY, Feed, leaks

from hodh.pseudonyms import fingerprint


def test_the_search_finds_every_planted_value_where_it_is(feed: Feed) -> None:
    """The raw folder holds every planted value: the search below would see a leak."""
    found = leaks(feed.raw, set(feed.secrets))
    assert {hit for hits in found.values() for hit in hits} == feed.secrets


def test_nothing_planted_and_never_the_key_leaves_in_the_package(feed: Feed) -> None:
    assert len(feed.secrets) > 60
    kinds = {p.suffix for p in feed.out.rglob("*") if p.is_file()}
    assert kinds >= {".csv", ".parquet", ".json", ".jsonl"}
    assert leaks(feed.out, {*feed.secrets, FEED_KEY}) == {}


def test_nothing_planted_and_never_the_key_in_logs_artifacts_or_console(feed: Feed) -> None:
    assert (feed.work / "target" / "manifest.json").is_file()
    assert (feed.work / "logs" / "dbt.log").is_file()
    assert leaks(feed.work, {*feed.secrets, FEED_KEY}) == {}
    assert [s for s in {*feed.secrets, FEED_KEY} if s in feed.console] == []


def test_what_a_run_writes_is_its_owners_and_the_package_at_most_group_readable(
    feed: Feed,
) -> None:
    """The work folder (the quarantine, pay numbers) is the owner's alone: 0700 folders,
    no file any other account can read. The package and the audit log may be read by the
    owner's group (a transfer job), never by everyone."""
    work = [feed.work, *feed.work.rglob("*")]
    assert stat.S_IMODE(feed.work.stat().st_mode) == 0o700
    assert [p for p in work if stat.S_IMODE(p.stat().st_mode) & 0o077] == []
    published = [feed.out, *feed.out.rglob("*")]
    modes = {p: stat.S_IMODE(p.stat().st_mode) for p in published}
    assert {mode for path, mode in modes.items() if path.is_dir()} == {0o750}
    assert {mode for path, mode in modes.items() if path.is_file()} == {0o640}


def test_the_manifest_carries_the_key_fingerprint_never_the_key(feed: Feed) -> None:
    manifest = feed.manifest
    assert manifest["pseudonym_key_fingerprint"] == fingerprint(FEED_KEY.encode())
    audit = (feed.out / "audit.jsonl").read_text()
    assert f'"pseudonym_key_fingerprint":"{fingerprint(FEED_KEY.encode())}"' in audit
