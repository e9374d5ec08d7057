"""Where things happen: the postcodes of a directory, placed in the force's boroughs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hodh import reference
from hodh.generate.arrays import pick_in_groups
from hodh.postcodes import read_postcode_directory


@dataclass(frozen=True)
class Places:
    """Postcodes the generator may use, with the London borough each lies in."""

    pcds: pa.Array
    easting: np.ndarray
    northing: np.ndarray
    borough: np.ndarray  # index into the force's boroughs; -1 outside London
    live: np.ndarray
    n_boroughs: int


def load_places(path: Path | str, borough_lads: np.ndarray) -> Places:
    """Postcodes of a directory in any accepted layout, placed in boroughs by their 2021 MSOA."""
    directory = read_postcode_directory(path)
    msoas = reference.load().msoas
    msoa = pc.index_in(directory["msoa21"], value_set=pa.array(msoas.code, pa.string()))
    msoa = msoa.fill_null(-1).to_numpy()
    lad_index = {lad: i for i, lad in enumerate(borough_lads)}
    borough_of_msoa = np.array([lad_index.get(lad, -1) for lad in msoas.lad_code] + [-1])
    east = directory["easting"].to_numpy()
    north = directory["northing"].to_numpy()
    no_grid = np.isnan(east) | np.isnan(north)
    centre = np.maximum(msoa, 0)  # the grid-less lookup layout: use the MSOA's centroid
    return Places(
        pcds=directory["pcds"].combine_chunks(),
        easting=np.where(no_grid, msoas.easting[centre], east),
        northing=np.where(no_grid, msoas.northing[centre], north),
        borough=borough_of_msoa[msoa],
        live=~directory["terminated"].to_numpy(),
        n_boroughs=len(borough_lads),
    )


def home_postcodes(
    rng: np.random.Generator, places: Places, n: int, near: np.ndarray | None = None
) -> np.ndarray:
    """A live postcode for each person: mostly London, in borough `near` for about two thirds
    when given, elsewhere in the directory (when it covers more than London) for some."""
    london = np.flatnonzero(places.live & (places.borough >= 0))
    anywhere = np.flatnonzero(places.live)
    pick = np.where(
        rng.random(n) < 0.88,
        london[rng.integers(0, len(london), n)],
        anywhere[rng.integers(0, len(anywhere), n)],
    )
    if near is not None:
        local = np.isin(near, places.borough[london]) & (rng.random(n) < 0.65)
        pick[local] = london[
            pick_in_groups(rng, places.borough[london], places.n_boroughs, near[local])
        ]
    return pick
