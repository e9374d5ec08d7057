"""The force's code lists and London MSOAs, read from the dbt seeds.

The generator draws every code from these lists (never from its own copy), so
that generated extracts stay valid when the force edits a list. Every value is
read as text: crimsec `028/01` and MSOA `E02000001` must keep their zeros.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from hodh import PROJECT_DIR
from hodh.project import project_var

SEEDS_DIR = PROJECT_DIR / "seeds"

# London's extent on the British National Grid, with a margin (dbt var london_grid_bounds,
# which the dbt test assert_msoa_centroids_in_london applies too): a centroid outside it is
# a known fault of the source (see `Msoas.centroid_estimated`).
LONDON_EASTING = tuple(project_var("london_grid_bounds")["easting"])
LONDON_NORTHING = tuple(project_var("london_grid_bounds")["northing"])
_NAME_NOISE = {"and", "north", "south", "east", "west", "central"}


def read_seed(name: str, seeds_dir: Path = SEEDS_DIR) -> list[dict[str, str]]:
    """Rows of a seed CSV as text (the shipped lists mix CRLF and LF line ends)."""
    with (seeds_dir / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
        return [{k: v.strip() for k, v in row.items()} for row in csv.DictReader(handle)]


@dataclass(frozen=True)
class Msoas:
    """London MSOAs as parallel arrays, centroids in metres (BNG)."""

    code: np.ndarray
    name: np.ndarray
    lad_code: np.ndarray
    in_2011: np.ndarray
    in_2021: np.ndarray
    easting: np.ndarray
    northing: np.ndarray
    centroid_estimated: np.ndarray


@dataclass(frozen=True)
class CodeLists:
    """The force's code lists, each column a numpy array of text."""

    ranks: dict[str, np.ndarray]
    bcus: dict[str, np.ndarray]
    offences: dict[str, np.ndarray]
    proceedings: dict[str, np.ndarray]
    ethnicity: dict[str, np.ndarray]
    msoas: Msoas


def _columns(rows: list[dict[str, str]]) -> dict[str, np.ndarray]:
    return {key: np.array([row[key] for row in rows], dtype=object) for key in rows[0]}


def _repair_centroids(msoa: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Place MSOAs whose published centroid lies outside London among their successors.

    Twenty 2011-only London MSOAs carry centroids in north-west England in the
    source (a known fault of the lat/long file); the seed leaves them empty.
    Each is placed at the mean
    centroid of the 2021 MSOAs of the same borough that share a word of its
    name (they are its successors), else of all 2021-only MSOAs of the borough.
    """
    east = np.array([float(v) if v else np.nan for v in msoa["easting"]])
    north = np.array([float(v) if v else np.nan for v in msoa["northing"]])
    outside = (
        np.isnan(east)
        | np.isnan(north)
        | (east < LONDON_EASTING[0])
        | (east > LONDON_EASTING[1])
        | (north < LONDON_NORTHING[0])
        | (north > LONDON_NORTHING[1])
    )
    words = [set(re.findall(r"[a-z']+", name.lower())) - _NAME_NOISE for name in msoa["hcl_name"]]
    new_only = (msoa["in_2021"] == "Y") & (msoa["in_2011"] == "N") & ~outside
    for i in np.flatnonzero(outside):
        same_lad = (msoa["lad_code"] == msoa["lad_code"][i]) & ~outside
        successors = same_lad & new_only
        named = successors & np.array([bool(words[i] & w) for w in words])
        pick = named if named.any() else successors if successors.any() else same_lad
        east[i], north[i] = east[pick].mean(), north[pick].mean()
        clash = outside[:i] & (east[:i] == east[i]) & (north[:i] == north[i])
        east[i] += 350 * clash.sum()
        north[i] -= 350 * clash.sum()
    return east.round(), north.round(), outside


@cache
def load(seeds_dir: Path = SEEDS_DIR) -> CodeLists:
    """Read every seed once per process."""
    raw_msoa = _columns(read_seed("ref_msoas", seeds_dir))
    raw_msoa["hcl_name"] = raw_msoa.pop("msoa_hcl_name")
    east, north, estimated = _repair_centroids(raw_msoa)
    msoas = Msoas(
        code=raw_msoa["msoa_code"],
        name=raw_msoa["msoa_name"],
        lad_code=raw_msoa["lad_code"],
        in_2011=raw_msoa["in_2011"] == "Y",
        in_2021=raw_msoa["in_2021"] == "Y",
        easting=east,
        northing=north,
        centroid_estimated=estimated,
    )
    return CodeLists(
        ranks=_columns(read_seed("ref_ranks", seeds_dir)),
        bcus=_columns(read_seed("ref_bcus", seeds_dir)),
        offences=_columns(read_seed("ref_offence_codes", seeds_dir)),
        proceedings=_columns(read_seed("ref_proceedings_codes", seeds_dir)),
        ethnicity=_columns(read_seed("ref_ethnicity", seeds_dir)),
        msoas=msoas,
    )
