"""When the data happens: day numbers (days since 1970-01-01) of the extract's timeline."""

from __future__ import annotations

import numpy as np


def day_number(iso: str) -> int:
    return int(np.datetime64(iso, "D").astype(np.int64))


# One financial year of crime, extracted a fortnight after it ends.
RECORDING_START = day_number("2023-04-01")
RECORDING_DAYS = 366
EXTRACT_DAY = day_number("2024-04-15")
HR_HISTORY_START = day_number("2012-04-01")  # abstractions and training kept since it began
PCSO_START = day_number("2002-09-01")
TRAFFIC_WARDENS_END = day_number("2008-12-31")
YEAR = 365.25
