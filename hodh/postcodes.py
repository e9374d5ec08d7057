"""A generated postcode directory in the ONS Postcode Directory layouts.

No real directory ships with the project, so the sample is made up: each
London MSOA gets postcodes of a plausible district of its borough, scattered a
few hundred metres around its centroid, and each postcode is assigned the
nearest 2011 and 2021 MSOA centroid, so a nearest-postcode grid lookup agrees
with the directory. A full-size directory (the real ONSPD has about 2.7
million rows) adds synthetic postcodes outside London, to benchmark the loader.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hodh import PROJECT_DIR, reference

SAMPLE_PATH = PROJECT_DIR / "reference" / "onspd_sample.csv"
DEFAULT_SEED = 2010  # the seed `hodh postcodes` uses by default

# Header sets of the editions the loader accepts (REQUIREMENT section 2), with
# filler columns so the loader is exercised against a wide file.
LAYOUTS: dict[str, list[str]] = {
    "onspd": [
        "pcd", "pcd2", "pcds", "dointr", "doterm", "oscty", "oslaua", "usertype",
        "oseast1m", "osnrth1m", "osgrdind", "ctry", "rgn", "msoa11", "msoa21",
    ],
    "nspl2025": [
        "pcd7", "pcd8", "pcds", "dointr", "doterm", "usrtypind", "east1m", "north1m",
        "gridind", "cty25cd", "lad25cd", "ctry25cd", "rgn25cd", "msoa21cd",
    ],
    "lookup": [
        "pcd7", "pcd8", "pcds", "dointr", "doterm", "usertype", "msoa11cd", "msoa21cd", "ladcd",
    ],
}  # fmt: skip
# Where each layout keeps the fields the generator needs.
_FIELDS = {
    "onspd": {"easting": "oseast1m", "northing": "osnrth1m", "msoa21": "msoa21"},
    "nspl2025": {"easting": "east1m", "northing": "north1m", "msoa21": "msoa21cd"},
    "lookup": {"msoa21": "msoa21cd"},
}
# The layout-neutral name of each column, so one table can be written in any layout.
_SOURCE = {
    "pcd7": "pcd", "pcd8": "pcd2", "usrtypind": "usertype", "east1m": "oseast1m",
    "north1m": "osnrth1m", "gridind": "osgrdind", "cty25cd": "oscty", "lad25cd": "oslaua",
    "ladcd": "oslaua", "ctry25cd": "ctry", "rgn25cd": "rgn", "msoa11cd": "msoa11",
    "msoa21cd": "msoa21",
}  # fmt: skip

# Postcode districts of each London borough (by local authority code); an MSOA
# takes one of its borough's districts by position west to east.
LONDON_DISTRICTS: dict[str, list[str]] = {
    "E09000001": ["EC1A", "EC2M", "EC2V", "EC3M", "EC3V", "EC4M", "EC4V"],  # City of London
    "E09000002": ["IG11", "RM8", "RM9", "RM10"],  # Barking and Dagenham
    "E09000003": ["HA8", "NW7", "NW9", "NW4", "NW11", "N3", "EN5", "N12", "N20", "N2", "N11",
                  "EN4"],  # Barnet
    "E09000004": ["SE2", "DA16", "DA15", "DA17", "DA7", "DA6", "DA5", "DA14", "DA18"],  # Bexley
    "E09000005": ["HA9", "HA0", "NW10", "NW2", "NW6"],  # Brent
    "E09000006": ["SE20", "BR3", "BR4", "BR2", "BR1", "BR7", "BR6", "BR5"],  # Bromley
    "E09000007": ["NW6", "NW3", "NW5", "NW1", "WC1H", "WC1N", "WC1X"],  # Camden
    "E09000008": ["SW16", "CR7", "CR4", "SE25", "CR0", "CR2", "CR8", "CR5"],  # Croydon
    "E09000009": ["UB6", "UB1", "UB2", "UB5", "W7", "W13", "W5", "W3"],  # Ealing
    "E09000010": ["EN2", "N21", "N14", "N13", "EN1", "N9", "N18", "EN3"],  # Enfield
    "E09000011": ["SE10", "SE3", "SE7", "SE9", "SE18", "SE28"],  # Greenwich
    "E09000012": ["N16", "N1", "E8", "E5", "E2", "E9"],  # Hackney
    "E09000013": ["W12", "W6", "SW6", "W14"],  # Hammersmith and Fulham
    "E09000014": ["N10", "N8", "N22", "N4", "N15", "N17"],  # Haringey
    "E09000015": ["HA5", "HA2", "HA1", "HA3", "HA7"],  # Harrow
    "E09000016": ["RM5", "RM1", "RM7", "RM2", "RM3", "RM11", "RM12", "RM13", "RM14"],  # Havering
    "E09000017": ["UB9", "HA6", "UB8", "UB10", "HA4", "UB7", "UB3", "UB4"],  # Hillingdon
    "E09000018": ["TW14", "TW5", "TW4", "TW13", "TW3", "TW7", "TW8", "W4"],  # Hounslow
    "E09000019": ["N19", "N7", "N5", "N1", "EC1V"],  # Islington
    "E09000020": ["W10", "W11", "W8", "SW5", "SW10", "SW7", "SW3"],  # Kensington and Chelsea
    "E09000021": ["KT6", "KT1", "KT2", "KT5", "KT3", "KT9"],  # Kingston upon Thames
    "E09000022": ["SE11", "SW8", "SW4", "SW9", "SW2", "SE24", "SE27", "SW16", "SE1"],  # Lambeth
    "E09000023": ["SE8", "SE14", "SE4", "SE23", "SE13", "SE6", "SE26", "SE12"],  # Lewisham
    "E09000024": ["SW20", "SM4", "SW19", "CR4"],  # Merton
    "E09000025": ["E15", "E7", "E13", "E12", "E16", "E6"],  # Newham
    "E09000026": ["E18", "IG8", "IG4", "IG5", "IG1", "IG2", "IG6", "IG3"],  # Redbridge
    "E09000027": ["TW12", "TW2", "TW1", "TW11", "TW10", "TW9", "SW14", "SW13"],  # Richmond
    "E09000028": ["SE1", "SE17", "SE5", "SE22", "SE21", "SE15", "SE16"],  # Southwark
    "E09000029": ["SM3", "SM2", "SM1", "SM5", "SM6"],  # Sutton
    "E09000030": ["E1", "E1W", "E3", "E14"],  # Tower Hamlets
    "E09000031": ["E4", "E17", "E10", "E11"],  # Waltham Forest
    "E09000032": ["SW15", "SW18", "SW17", "SW12", "SW11"],  # Wandsworth
    "E09000033": ["W9", "W2", "NW8", "W1H", "W1U", "W1G", "W1D", "SW1X", "SW1W", "SW1V",
                  "SW1P", "W1J", "SW1A", "WC2N", "WC2H", "SW1Y"],  # Westminster
}  # fmt: skip
# Postcode areas outside London for the full-size directory; the last five are Welsh.
OTHER_AREAS = [
    "AL", "B", "BA", "BB", "BD", "BH", "BL", "BN", "BS", "CA", "CB", "CH", "CM", "CO", "CT", "CV",
    "CW", "DE", "DH", "DL", "DN", "DT", "DY", "EX", "GL", "GU", "HD", "HP", "HR", "HU", "HX", "IP",
    "LA", "LE", "LN", "LS", "LU", "M", "ME", "MK", "NE", "NG", "NN", "NR", "OL", "OX", "PE", "PL",
    "PO", "PR", "RG", "RH", "S", "SG", "SK", "SL", "SN", "SO", "SP", "SR", "SS", "ST", "TA", "TF",
    "TN", "TQ", "TR", "TS", "WA", "WF", "WN", "WR", "WS", "WV", "YO", "CF", "LD", "LL", "NP", "SA",
]  # fmt: skip
_WELSH_AREAS = 5
_DISTRICTS_PER_AREA = 30
_INWARD_LETTERS = np.array(list("ABDEFGHJLNPQRSTUWXYZ"))  # Royal Mail never uses C I K M O V
INWARD_CODES = np.array(
    [f"{d}{a}{b}" for d in range(10) for a in _INWARD_LETTERS for b in _INWARD_LETTERS],
    dtype=object,
)


@cache
def _duckdb() -> duckdb.DuckDBPyConnection:
    """One in-memory DuckDB per process, silent (its progress bar would land on stdout)."""
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    return con


def _sql_path(path: Path | str) -> str:
    return _sql_text(str(path))


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def write_csv(
    table: pa.Table, path: Path | str, *, line_end: str = "\n", byte_order_mark: bool = False
) -> None:
    """Write UTF-8 CSV with header, RFC 4180 quoting only where needed, null as empty.

    DuckDB quotes only fields that need it (as extract jobs do) and keeps row order.
    `line_end` ends every row (line breaks inside quoted fields stay as they are);
    `byte_order_mark` starts the file with one, as spreadsheet tools do.
    """
    options = f"FORMAT csv, DELIMITER ',', NEW_LINE {_sql_text(line_end)}"
    if byte_order_mark:
        header = "\ufeff" + ",".join(csv_field(name) for name in table.column_names) + line_end
        if table.num_rows == 0:
            Path(path).write_bytes(header.encode())
            return
        # DuckDB has no option for a mark; its HEADER cannot be combined with PREFIX, and
        # with PREFIX and SUFFIX it ends the last row with SUFFIX instead of a line end.
        options += f", HEADER false, PREFIX {_sql_text(header)}, SUFFIX {_sql_text(line_end)}"
    else:
        options += ", HEADER"
    con = _duckdb()
    con.register("csv_out", table)
    try:
        con.execute(f"COPY csv_out TO {_sql_path(path)} ({options})")
    finally:
        con.unregister("csv_out")


def csv_field(value: str) -> str:
    """A field as RFC 4180 writes it when quoting only where needed."""
    if value == "" or any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def _either(yes: str, no: str, pick: np.ndarray) -> pa.Array:
    """`yes` where `pick` is set, else `no` (a take from two values: fast at any size)."""
    return pa.array([no, yes], pa.string()).take(pa.array(pick.astype(np.int8)))


def _pcd_forms(outward: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """ONSPD's fixed-width forms of the outward code (pcd 7 and pcd2 8 characters long)."""
    return (
        np.array([o.ljust(4) for o in outward], dtype=object),
        np.array([o.ljust(4) + " " for o in outward], dtype=object),
    )


def _unique_inward(rng: np.random.Generator, outward_idx: np.ndarray, n_outward: int) -> np.ndarray:
    """An inward code per postcode, never repeated within its outward code."""
    inward = np.empty(len(outward_idx), dtype=np.int64)
    order = np.argsort(outward_idx, kind="stable")
    counts = np.bincount(outward_idx, minlength=n_outward)
    start = 0
    for count in counts:
        inward[order[start : start + count]] = rng.choice(len(INWARD_CODES), count, replace=False)
        start += count
    return inward


def _nearest(east: np.ndarray, north: np.ndarray, ce: np.ndarray, cn: np.ndarray) -> np.ndarray:
    """Index of the nearest centroid for each point, in chunks to bound memory."""
    out = np.empty(len(east), dtype=np.int64)
    for lo in range(0, len(east), 4096):
        de = east[lo : lo + 4096, None] - ce[None, :]
        dn = north[lo : lo + 4096, None] - cn[None, :]
        out[lo : lo + 4096] = np.argmin(de * de + dn * dn, axis=1)
    return out


def _dates(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """dointr and doterm as ONSPD writes them (yyyymm); about 5 % terminated."""
    months = 2024 * 12 + 2 - 1980 * 12  # January 1980 to February 2024
    intr = np.where(rng.random(n) < 0.55, 0, rng.integers(0, months - 12, n))
    terminated = rng.random(n) < 0.05
    term = intr + 1 + (rng.random(n) * (months - 1 - intr)).astype(np.int64)
    yyyymm = (1980 + (term // 12)) * 100 + term % 12 + 1
    intr_txt = pc.cast(pa.array((1980 + intr // 12) * 100 + intr % 12 + 1), pa.string())
    term_txt = pc.cast(pa.array(yyyymm, mask=~terminated), pa.string())
    return intr_txt, term_txt


@cache
def _london(seed: int) -> dict[str, pa.Array]:
    """The sample: 20 to 30 postcodes per London MSOA (about 25,000); kept per seed, as
    writing several layouts or a full-size file starts from it."""
    rng = np.random.default_rng(seed)
    msoa = reference.load().msoas
    east, north = msoa.easting, msoa.northing
    gap = np.sqrt((east[:, None] - east) ** 2 + (north[:, None] - north) ** 2)
    np.fill_diagonal(gap, np.inf)
    spread = np.minimum(300.0, 0.45 * gap.min(axis=1))

    per_msoa = rng.integers(20, 31, len(msoa.code))
    home = np.repeat(np.arange(len(msoa.code)), per_msoa)
    pe = np.round(east[home] + rng.normal(0, spread[home])).astype(np.int64)
    pn = np.round(north[home] + rng.normal(0, spread[home])).astype(np.int64)

    # District of each MSOA: its borough's districts, dealt out west to east.
    district = np.empty(len(msoa.code), dtype=object)
    for lad, names in LONDON_DISTRICTS.items():
        members = np.flatnonzero(msoa.lad_code == lad)
        members = members[np.argsort(east[members], kind="stable")]
        district[members] = [names[i * len(names) // len(members)] for i in range(len(members))]
    outward_names, outward_idx = np.unique(district[home].astype(str), return_inverse=True)
    inward = _unique_inward(rng, outward_idx, len(outward_names))

    in11, in21 = np.flatnonzero(msoa.in_2011), np.flatnonzero(msoa.in_2021)
    m11 = in11[_nearest(pe, pn, east[in11], north[in11])]
    m21 = in21[_nearest(pe, pn, east[in21], north[in21])]
    london = np.ones(len(home), dtype=bool)
    return _assemble(
        rng,
        outward_names.astype(object),
        outward_idx,
        inward,
        pe,
        pn,
        msoa11=pa.array(msoa.code[m11], pa.string()),
        msoa21=pa.array(msoa.code[m21], pa.string()),
        oscty=_either("E99999999", "", london),
        oslaua=pa.array(msoa.lad_code[m21], pa.string()),
        ctry=_either("E92000001", "", london),
        rgn=_either("E12000007", "", london),
    )


def _elsewhere(rng: np.random.Generator, n: int) -> dict[str, pa.Array]:
    """Synthetic postcodes outside London, to bring a directory up to full size."""
    n_out = len(OTHER_AREAS) * _DISTRICTS_PER_AREA
    if n > n_out * len(INWARD_CODES):
        raise ValueError(f"at most {n_out * len(INWARD_CODES)} synthetic postcodes")
    code = np.sort(rng.choice(n_out * len(INWARD_CODES), n, replace=False))
    outward_idx, inward = code // len(INWARD_CODES), code % len(INWARD_CODES)
    area = outward_idx // _DISTRICTS_PER_AREA
    outward_names = np.array(
        [f"{a}{d + 1}" for a in OTHER_AREAS for d in range(_DISTRICTS_PER_AREA)], dtype=object
    )
    # Area centres across England and Wales, clear of London's box.
    centre_e = rng.uniform(180_000, 640_000, len(OTHER_AREAS))
    centre_n = rng.uniform(40_000, 620_000, len(OTHER_AREAS))
    in_london = (centre_e > 480_000) & (centre_n > 140_000) & (centre_n < 220_000)
    centre_n[in_london] += 120_000
    district_e = np.repeat(centre_e, _DISTRICTS_PER_AREA) + rng.normal(0, 8_000, n_out)
    district_n = np.repeat(centre_n, _DISTRICTS_PER_AREA) + rng.normal(0, 8_000, n_out)
    pe = np.round(district_e[outward_idx] + rng.normal(0, 1_500, n)).astype(np.int64)
    pn = np.round(district_n[outward_idx] + rng.normal(0, 1_500, n)).astype(np.int64)

    welsh = area >= len(OTHER_AREAS) - _WELSH_AREAS
    msoa_num = pa.array(100_000 + outward_idx * 4 + inward // 1000)  # four MSOAs a district
    msoa = pc.binary_join_element_wise(
        _either("W02", "E02", welsh), pc.cast(msoa_num, pa.string()), ""
    )
    lad = pc.binary_join_element_wise(
        _either("W06", "E06", welsh), pc.cast(pa.array(100_000 + area), pa.string()), ""
    )
    return _assemble(
        rng,
        outward_names,
        outward_idx,
        inward,
        pe,
        pn,
        msoa11=msoa,
        msoa21=msoa,
        oscty=_either("W99999999", "E99999999", welsh),
        oslaua=lad,
        ctry=_either("W92000004", "E92000001", welsh),
        rgn=_either("W99999999", "E12000006", welsh),
    )


def _assemble(
    rng: np.random.Generator,
    outward_names: np.ndarray,
    outward_idx: np.ndarray,
    inward: np.ndarray,
    east: np.ndarray,
    north: np.ndarray,
    **areas: pa.Array,
) -> dict[str, pa.Array]:
    """The layout-neutral columns of a set of postcodes; `areas` are the area code columns."""
    n = len(outward_idx)
    pcd7, pcd8 = _pcd_forms(outward_names)
    out_idx = pa.array(outward_idx)
    in_txt = pa.array(INWARD_CODES).take(pa.array(inward))
    dointr, doterm = _dates(rng, n)
    return {
        "pcd": pc.binary_join_element_wise(pa.array(pcd7).take(out_idx), in_txt, ""),
        "pcd2": pc.binary_join_element_wise(pa.array(pcd8).take(out_idx), in_txt, ""),
        "pcds": pc.binary_join_element_wise(pa.array(outward_names).take(out_idx), in_txt, " "),
        "dointr": dointr,
        "doterm": doterm,
        "usertype": pc.cast(pa.array((rng.random(n) < 0.08).astype(np.int8)), pa.string()),
        "oseast1m": pc.cast(pa.array(east), pa.string()),
        "osnrth1m": pc.cast(pa.array(north), pa.string()),
        "osgrdind": _either("1", "", np.ones(n, dtype=bool)),
        **areas,
    }


def write_postcode_directory(
    path: Path | str,
    rows: int | None = None,
    layout: str = "onspd",
    seed: int = DEFAULT_SEED,
) -> int:
    """Write a generated directory in one of `LAYOUTS`; return its row count.

    With `rows=None` it is the London sample; with `rows=N` the sample plus
    synthetic postcodes outside London up to N rows, for benchmarks.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}, not {layout!r}")
    columns = _london(seed)
    n_london = len(columns["pcds"])
    if rows is not None and rows < n_london:
        raise ValueError(f"rows must be at least the London sample's {n_london}")
    if rows is not None and rows > n_london:
        other = _elsewhere(np.random.default_rng([seed, 1]), rows - n_london)
        columns = {k: pa.chunked_array([v, other[k]]) for k, v in columns.items()}
    header = LAYOUTS[layout]
    write_csv(pa.table([columns[_SOURCE.get(c, c)] for c in header], names=header), path)
    return len(columns["pcds"])


def detect_layout(path: Path | str) -> str:
    """Name the layout whose header set the file's header contains."""
    with Path(path).open(newline="", encoding="utf-8") as handle:
        header = {name.strip().lower() for name in next(csv.reader(handle))}
    for name, fields in _FIELDS.items():
        if {"pcds", "doterm", *fields.values()} <= header:
            return name
    raise ValueError(f"{path}: not a postcode directory layout ({', '.join(_FIELDS)})")


def read_postcode_directory(path: Path | str) -> pa.Table:
    """The columns the generator needs: pcds, terminated, easting, northing, msoa21.

    Easting and northing are null in the grid-less lookup layout.
    """
    path = Path(path)
    fields = _FIELDS[detect_layout(path)]
    wanted = {"pcds": "pcds", "doterm": "doterm", **{v: k for k, v in fields.items()}}
    select = ", ".join(f'"{src}" AS {dst}' for src, dst in wanted.items())
    result = (
        _duckdb()
        .sql(f"SELECT {select} FROM read_csv({_sql_path(path)}, header=true, all_varchar=true)")
        .to_arrow_table()
    )
    n = result.num_rows
    grid = {
        name: result[name].cast(pa.float64())
        if name in result.column_names
        else pa.nulls(n, pa.float64())
        for name in ("easting", "northing")
    }
    return pa.table(
        {
            "pcds": result["pcds"],
            "terminated": pc.invert(pc.is_null(result["doterm"])),
            **grid,
            "msoa21": result["msoa21"],
        }
    )


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Write a generated postcode directory.")
    parser.add_argument("path", nargs="?", default=str(SAMPLE_PATH))
    parser.add_argument("--rows", type=int, default=None)
    parser.add_argument("--layout", choices=sorted(LAYOUTS), default="onspd")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    written = write_postcode_directory(args.path, args.rows, args.layout, args.seed)
    print(f"{args.path}: {written} postcodes ({args.layout})")
