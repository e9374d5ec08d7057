"""dbt-duckdb plugin: registers hodh_pseudonymise() on dbt's DuckDB connection.

A plugin, not a Jinja literal, so the key never enters compiled SQL under
target/. The function exists only on dbt's connection: a model that calls it
must be a table, since any other reader of a view (gates, export) lacks it.
"""

import pyarrow as pa
from dbt.adapters.duckdb.plugins import BasePlugin
from duckdb import DuckDBPyConnection
from duckdb.sqltypes import VARCHAR

from hodh.pseudonyms import load_key, pseudonymise


def _pseudonymise_batch(values: pa.Array) -> pa.Array:
    # The key is read per batch so a missing key fails the model that needs
    # it (with a message naming the variable), not every dbt command.
    key = load_key()
    return pa.array([pseudonymise(value, key) for value in values.to_pylist()], pa.string())


class Plugin(BasePlugin):
    def configure_connection(self, conn: DuckDBPyConnection) -> None:
        conn.create_function(
            "hodh_pseudonymise",
            _pseudonymise_batch,
            [VARCHAR],
            VARCHAR,
            type="arrow",
            null_handling="special",
            side_effects=False,
        )
