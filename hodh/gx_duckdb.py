"""Great Expectations over a DuckDB file: the two fixes GX 1.24 needs, and the file as the
gates' warehouse (DuckDBWarehouse).

GX 1.24 has no DuckDB support of its own. Through duckdb-engine (SQLAlchemy) its SQL
execution engine computes every metric inside DuckDB, so no table is pulled into Python,
but out of the box two things break:

* Every expectation fails with `MetricResolutionError: list index out of range` (GX issues
  #10738, #11579): `SqlAlchemyExecutionEngine.execute_query` closes its connection before
  the caller reads the rows, and a DuckDB result does not outlive its connection. The engine
  below keeps one connection open for its lifetime, as GX already does for SQLite.
* Regex expectations raise NotImplementedError: GX chooses its regex SQL by asking
  `dialect.dialect` whether it is PostgreSQL. duckdb-engine's dialect is a PostgreSQL
  dialect and DuckDB's `~` / `!~` operators mean what PostgreSQL's do (a partial RE2 match),
  but the attribute GX reads exists only on dialect modules, so the engine adds it.

The connection is opened read-only: validating never takes DuckDB's single-writer lock.
(hodh.gx_spark is the same for a run built on Spark.)
"""

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar, Literal

import sqlalchemy as sa
from great_expectations.data_context import AbstractDataContext
from great_expectations.datasource.fluent import SQLDatasource
from great_expectations.datasource.fluent.interfaces import Batch
from great_expectations.execution_engine import SqlAlchemyExecutionEngine


class DuckDBExecutionEngine(SqlAlchemyExecutionEngine):
    """GX's SQL engine with one persistent connection and PostgreSQL regex syntax."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.engine.dialect.dialect = type(self.engine.dialect)

    @contextmanager
    def get_connection(self) -> Iterator[Any]:
        if self._connection is None:
            self._connection = self.engine.connect()
        yield self._connection

    def close(self) -> None:
        # GX's close() only disposes the pool, which leaves a checked-out connection open.
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        super().close()


# Named outside the class: inside it, `type` is the datasource's type field.
EngineClass = type[SqlAlchemyExecutionEngine]


class DuckDBDatasource(SQLDatasource):
    """A GX SQL datasource that runs on DuckDBExecutionEngine."""

    type: Literal["hodh_duckdb"] = "hodh_duckdb"
    execution_engine_override: ClassVar[EngineClass] = DuckDBExecutionEngine


class DuckDBWarehouse:
    """The run's DuckDB file as the gates' warehouse (hodh.gates.Warehouse), read-only, with
    DuckDB settings (memory limit, spill folder). The suites' SQL is DuckDB's: the policy's
    values are DuckDB variables, read with getvariable()."""

    def __init__(self, duckdb_path: Path, settings: dict[str, str]) -> None:
        self.duckdb_path, self.settings = duckdb_path, settings
        self.datasource: DuckDBDatasource | None = None

    def open(self, context: AbstractDataContext, variables: dict[str, int]) -> None:
        self.datasource = DuckDBDatasource(
            name="warehouse",
            connection_string=f"duckdb:///{self.duckdb_path.resolve()}",
            kwargs={"connect_args": {"read_only": True, "config": self.settings}},
        )
        context.add_datasource(datasource=self.datasource)
        for name, value in variables.items():
            self._execute(f"set variable {name} = {int(value)}")

    def adapt(self, expectation: dict[str, Any]) -> dict[str, Any]:
        return expectation  # the suites are written in DuckDB's terms

    def rows(self, sql: str) -> list[tuple[Any, ...]] | None:
        try:
            return [tuple(row) for row in self._execute(sql).fetchall()]
        except sa.exc.DBAPIError:
            return None

    def batch(self, name: str, schema_name: str, table_name: str) -> Batch:
        assert self.datasource is not None
        with warnings.catch_warnings():
            # GX 1.24 deprecates naming the schema on the asset, but the suites span two
            # schemas (export, audit) of one DuckDB file, and it still works as documented.
            warnings.filterwarnings("ignore", "`schema_name` is deprecated", DeprecationWarning)
            asset = self.datasource.add_table_asset(
                name=name, table_name=table_name, schema_name=schema_name
            )
        return asset.add_batch_definition_whole_table(name).get_batch()

    def close(self) -> None:
        """Close every connection GX opened on the file: DuckDB refuses a connection with
        other settings (the package's) while one is open in the same process."""
        if self.datasource is not None:
            self.datasource.get_execution_engine().close()
            self.datasource.get_engine().dispose()

    def _execute(self, sql: str) -> Any:
        assert self.datasource is not None
        return self.datasource.get_execution_engine().execute_query(sa.text(sql))
