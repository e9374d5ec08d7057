"""dbt-duckdb plugin: registers hodh_pseudonymise(value, domain) on dbt's DuckDB connection,
and sets the session variable hodh_raw_dir on each cursor from HODH_RAW_DIR.

A plugin, not a Jinja literal, so the key never enters compiled SQL under target/. The
function exists only on dbt's connection: a model that calls it must be built by dbt, so
the pay number beside its pseudonym is never a table anyone else can read (the
pseudonymising models are ephemeral, computed inside the marts).
"""

import os

import pyarrow as pa
from dbt.adapters.duckdb.plugins import BasePlugin
from duckdb import DuckDBPyConnection
from duckdb.sqltypes import VARCHAR

from hodh.constants import RAW_DIR_VARIABLE
from hodh.pseudonyms import load_key, pseudonymise


def _pseudonymise_batch(values: pa.Array, domains: pa.Array) -> pa.Array:
    # The key is read per batch so a missing key fails the model that needs it (with a
    # message naming the variable), not every dbt command.
    key = load_key()
    return pa.array(
        [
            pseudonymise(value, key, domain)
            for value, domain in zip(values.to_pylist(), domains.to_pylist(), strict=True)
        ],
        pa.string(),
    )


class Plugin(BasePlugin):
    def configure_connection(self, conn: DuckDBPyConnection) -> None:
        conn.create_function(
            "hodh_pseudonymise",
            _pseudonymise_batch,
            [VARCHAR, VARCHAR],
            VARCHAR,
            type="arrow",
            null_handling="special",
            side_effects=False,
        )

    def configure_cursor(self, cursor: DuckDBPyConnection) -> None:
        # The raw folder reaches the SQL at execution time (macro raw_dir, the sources'
        # external_location), not through dbt's vars: a var is an input of dbt's parse, so
        # a folder passed as one would cost every run a full parse. Variables belong to
        # one cursor, hence here and not in configure_connection.
        folder = os.environ.get(RAW_DIR_VARIABLE)
        if folder:
            cursor.execute("set variable hodh_raw_dir = ?", [folder])
