"""The generated postcode directory: the shipped sample, its layouts and the full-size mode."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from hodh import reference
from hodh.postcodes import (
    DEFAULT_SEED,
    LAYOUTS,
    SAMPLE_PATH,
    detect_layout,
    read_postcode_directory,
    write_postcode_directory,
)

# Outward code, space, digit and two letters Royal Mail uses (never C I K M O V).
PCDS = re.compile(r"[A-Z]{1,2}\d[A-Z\d]? \d[ABD-HJLNP-UW-Z]{2}")


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def sample() -> list[dict[str, str]]:
    return read(SAMPLE_PATH)


def test_shipped_sample_is_what_the_generator_writes(tmp_path: Path) -> None:
    rows = write_postcode_directory(tmp_path / "sample.csv", seed=DEFAULT_SEED)
    assert (tmp_path / "sample.csv").read_bytes() == SAMPLE_PATH.read_bytes()
    assert 20_000 <= rows <= 31_000
    assert SAMPLE_PATH.stat().st_size < 3_000_000


def test_sample_has_onspd_header_unique_postcodes_and_terminated_ones(
    sample: list[dict[str, str]],
) -> None:
    assert list(sample[0]) == LAYOUTS["onspd"]
    assert detect_layout(SAMPLE_PATH) == "onspd"
    postcodes = [r["pcds"] for r in sample]
    assert len(set(postcodes)) == len(postcodes)
    assert all(PCDS.fullmatch(p) for p in postcodes)
    assert all(r["pcd"] == r["pcds"].split()[0].ljust(4) + r["pcds"].split()[1] for r in sample)
    terminated = [r for r in sample if r["doterm"]]
    assert 0.03 < len(terminated) / len(sample) < 0.07
    assert all(
        re.fullmatch(r"(19[89]\d|20[0-2]\d)(0[1-9]|1[0-2])", r["doterm"]) for r in terminated
    )
    assert all(r["dointr"] < r["doterm"] for r in terminated)
    assert {(r["ctry"], r["rgn"]) for r in sample} == {("E92000001", "E12000007")}


def test_sample_covers_every_london_msoa_and_agrees_with_nearest_centroid(
    sample: list[dict[str, str]],
) -> None:
    msoas = reference.load().msoas
    assert {r["msoa21"] for r in sample} == set(msoas.code[msoas.in_2021])
    assert {r["msoa11"] for r in sample} == set(msoas.code[msoas.in_2011])
    per_msoa = Counter(r["msoa21"] for r in sample)
    assert 20 <= np.median(list(per_msoa.values())) <= 30
    # A nearest-centroid lookup from the grid reference gives the directory's MSOAs.
    some = sample[::7]
    east = np.array([int(r["oseast1m"]) for r in some])
    north = np.array([int(r["osnrth1m"]) for r in some])
    for year, member in (("msoa11", msoas.in_2011), ("msoa21", msoas.in_2021)):
        de = east[:, None] - msoas.easting[member]
        dn = north[:, None] - msoas.northing[member]
        nearest = msoas.code[member][(de**2 + dn**2).argmin(axis=1)]
        assert list(nearest) == [r[year] for r in some]
    lad = dict(zip(msoas.code, msoas.lad_code, strict=True))
    assert all(r["oslaua"] == lad[r["msoa21"]] for r in sample)


def test_msoa_centroids_outside_london_are_placed_among_their_successors() -> None:
    msoas = reference.load().msoas
    assert msoas.centroid_estimated.sum() == 20  # a known fault of the source
    assert (msoas.easting > 500_000).all() and (msoas.northing < 205_000).all()
    # No two 2011 MSOAs share a centroid, so a nearest-centroid lookup reaches each.
    in_2011 = msoas.in_2011
    points = set(zip(msoas.easting[in_2011], msoas.northing[in_2011], strict=True))
    assert len(points) == in_2011.sum()


@pytest.mark.parametrize("layout", ["nspl2025", "lookup"])
def test_other_layouts_have_their_headers_and_read_back(layout: str, tmp_path: Path) -> None:
    path = tmp_path / f"{layout}.csv"
    rows = write_postcode_directory(path, layout=layout)
    with path.open(newline="", encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == LAYOUTS[layout]
    assert detect_layout(path) == layout
    table = read_postcode_directory(path)
    assert table.num_rows == rows
    assert table.column_names == ["pcds", "terminated", "easting", "northing", "msoa21"]
    assert table["easting"].null_count == (rows if layout == "lookup" else 0)


def test_full_size_directory_adds_postcodes_outside_london(
    tmp_path: Path, sample: list[dict[str, str]]
) -> None:
    path = tmp_path / "full.csv"
    written = write_postcode_directory(path, rows=len(sample) + 3000, seed=DEFAULT_SEED)
    assert written == len(sample) + 3000
    rows = read(path)
    assert rows[: len(sample)] == sample
    london = set(reference.load().msoas.code)
    extra = rows[len(sample) :]
    assert len({r["pcds"] for r in rows}) == len(rows)
    assert all(PCDS.fullmatch(r["pcds"]) for r in extra)
    assert all(
        re.fullmatch(r"[EW]02\d{6}", r["msoa21"]) and r["msoa21"] not in london for r in extra
    )
    assert {r["ctry"] for r in extra} == {"E92000001", "W92000004"}
    inside = [
        r
        for r in extra
        if 500_000 < int(r["oseast1m"]) < 565_000 and 155_000 < int(r["osnrth1m"]) < 205_000
    ]
    assert not inside


def test_bad_requests_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="layout"):
        write_postcode_directory(tmp_path / "x.csv", layout="paf")
    with pytest.raises(ValueError, match="at least"):
        write_postcode_directory(tmp_path / "x.csv", rows=10)
    (tmp_path / "other.csv").write_text("postcode,area\nSW1A 1AA,E02000977\n")
    with pytest.raises(ValueError, match="not a postcode directory"):
        detect_layout(tmp_path / "other.csv")
