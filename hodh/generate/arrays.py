"""Vectorised building blocks shared by every file: text columns from numpy draws (pyarrow,
no Python loop per row), weighted choices, child rows of their owners, ages."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hodh.generate.timeline import YEAR

Columns = dict[str, pa.Array]


def text(
    vocab: list[str] | np.ndarray, idx: np.ndarray, null: np.ndarray | None = None
) -> pa.Array:
    """Values of a small vocabulary by index; null where `null` is set."""
    out = pa.array(list(vocab), pa.string()).take(pa.array(idx, pa.int64()))
    return out if null is None else null_where(null, out)


def strings(values: np.ndarray) -> pa.Array:
    """Text from a numpy array (via objects: pyarrow converts those far faster than numpy's
    fixed-width unicode)."""
    return pa.array(values.astype(object), pa.string())


def null_where(null: np.ndarray, values: pa.Array) -> pa.Array:
    return pc.if_else(pa.array(null, pa.bool_()), pa.scalar(None, pa.string()), values)


def iso_dates(days: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    """ISO dates from day numbers (days since 1970-01-01)."""
    return pa.array(days.astype(np.int32), pa.date32(), mask=null).cast(pa.string())


def numbers(values: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    return pa.array(values, mask=null).cast(pa.string())


def flags(values: np.ndarray) -> pa.Array:
    return text(["N", "Y"], values.astype(np.int64))


_HHMM = [f"{h:02d}:{m:02d}" for h in range(24) for m in range(60)]


def times(minutes: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    return text(_HHMM, minutes, null)


def timestamps(seconds: np.ndarray) -> pa.Array:
    return pc.strftime(pa.array(seconds, pa.timestamp("s")), format="%Y-%m-%dT%H:%M:%S")


def year_of(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def code_weights(codes: np.ndarray, known: dict[str, float], default: float) -> np.ndarray:
    """Probabilities for a code list: known weights, `default` for codes the table lacks."""
    w = np.array([known.get(code, default) for code in codes], dtype=float)
    return w / w.sum()


def choose(rng: np.random.Generator, probs: np.ndarray | list[float], n: int) -> np.ndarray:
    p = np.asarray(probs, dtype=float)
    return rng.choice(len(p), n, p=p / p.sum())


def choose_by_group(rng: np.random.Generator, group: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """One category per row from its group's row of `probs` (groups x categories)."""
    cum = np.cumsum(probs / probs.sum(axis=1, keepdims=True), axis=1)
    u = rng.random(len(group))
    out = np.empty(len(group), dtype=np.int64)
    for g in np.unique(group):
        rows = group == g
        out[rows] = np.searchsorted(cum[g], u[rows], side="right")
    return np.minimum(out, probs.shape[1] - 1)


def pick_in_groups(
    rng: np.random.Generator, item_group: np.ndarray, n_groups: int, wanted: np.ndarray
) -> np.ndarray:
    """A random item of each wanted group (every wanted group must have items)."""
    order = np.argsort(item_group, kind="stable")
    counts = np.bincount(item_group, minlength=n_groups)
    starts = np.cumsum(counts) - counts
    pick = starts[wanted] + (rng.random(len(wanted)) * counts[wanted]).astype(np.int64)
    return order[pick]


def pick_in_vocab(
    rng: np.random.Generator, vocab: dict[str, list[str]], keys: list[str], key: np.ndarray
) -> tuple[list[str], np.ndarray]:
    """A random entry of each row's own list (`key` indexes `keys`), as flat vocabulary + index."""
    flat = [entry for k in keys for entry in vocab[k]]
    count = np.array([len(vocab[k]) for k in keys])
    start = np.cumsum(count) - count
    return flat, start[key] + (rng.random(len(key)) * count[key]).astype(np.int64)


def child_rows(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Owner index and 0-based position of each child row, for `counts` children per owner."""
    owner = np.repeat(np.arange(len(counts)), counts)
    starts = np.cumsum(counts) - counts
    return owner, np.arange(len(owner)) - starts[owner]


def age_on(dob: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Whole years between two day numbers, as birthdays count them."""

    def parts(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        d = days.astype("datetime64[D]")
        month = d.astype("datetime64[M]")
        month_day = month.astype(np.int64) % 12 * 32 + (d - month).astype(np.int64)
        return d.astype("datetime64[Y]").astype(np.int64), month_day

    (y_dob, md_dob), (y_at, md_at) = parts(dob), parts(at)
    return y_at - y_dob - (md_at < md_dob)


def birth_dates(rng: np.random.Generator, at: np.ndarray, age: np.ndarray) -> np.ndarray:
    """Date of birth of someone `age` (fractional years) old on day `at`."""
    return at - np.floor(age * YEAR + rng.uniform(0, 365, len(at))).astype(np.int64)
