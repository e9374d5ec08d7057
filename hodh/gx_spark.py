"""Great Expectations on Spark: the gates of a run built with `--engine spark` validate the
tables where Spark built them, on GX's Spark execution engine (docs/spark.md).

The suites in expectations/ are written once, in DuckDB's terms (hodh.gx_duckdb), and
translated here as they are loaded, so the two engines can never run different checks:

* the policy's values, which DuckDB reads as variables (`getvariable('k_anonymity')`), are
  written into the query as the run's numbers (hodh.gates has refused a suite reading a
  variable the run does not set);
* a type named as SQLAlchemy names it ("String", "Integer") becomes the Spark type GX
  compares with isinstance, as general as SQLAlchemy's: "Integer" is any integral type
  (INTEGER and BIGINT are both SQLAlchemy Integers), "Numeric" any fractional one
  (SQLAlchemy's Numeric covers DECIMAL and DOUBLE, not INTEGER).

The rest of the suites' SQL (`{batch}`, extract, year, month, left, right, `%`, CTEs) means
the same in Spark SQL, and GX runs its regex expectations with Spark's rlike, a partial
match as DuckDB's `~` is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from great_expectations.data_context import AbstractDataContext
from great_expectations.datasource.fluent.interfaces import Batch

from hodh.gates import VARIABLE

if TYPE_CHECKING:
    from great_expectations.datasource.fluent import SparkDatasource
    from pyspark.sql import SparkSession

SPARK_TYPES = {
    "String": "StringType",
    "Date": "DateType",
    "Integer": "IntegralType",
    "Numeric": "FractionalType",
}


class SparkWarehouse:
    """A Spark session's tables as the gates' warehouse (hodh.gates.Warehouse)."""

    def __init__(self, session: SparkSession) -> None:
        self.session = session
        self.variables: dict[str, int] = {}
        self.datasource: SparkDatasource | None = None

    def open(self, context: AbstractDataContext, variables: dict[str, int]) -> None:
        self.variables = {name: int(value) for name, value in variables.items()}
        self.datasource = context.data_sources.add_spark(name="warehouse")

    def adapt(self, expectation: dict[str, Any]) -> dict[str, Any]:
        kwargs = dict(expectation.get("kwargs", {}))
        if "unexpected_rows_query" in kwargs:
            kwargs["unexpected_rows_query"] = VARIABLE.sub(
                lambda match: str(self.variables[match.group(1)]), kwargs["unexpected_rows_query"]
            )
        if "type_" in kwargs:
            kwargs["type_"] = SPARK_TYPES.get(kwargs["type_"], kwargs["type_"])
        if "type_list" in kwargs:
            kwargs["type_list"] = [SPARK_TYPES.get(name, name) for name in kwargs["type_list"]]
        return {**expectation, "kwargs": kwargs}

    def rows(self, sql: str) -> list[tuple[Any, ...]] | None:
        from pyspark.errors import AnalysisException

        try:
            return [tuple(row) for row in self.session.sql(sql).collect()]
        except AnalysisException:
            return None

    def batch(self, name: str, schema_name: str, table_name: str) -> Batch:
        assert self.datasource is not None
        frame = self.session.table(f"`{schema_name}`.`{table_name}`")
        asset = self.datasource.add_dataframe_asset(name=name)
        definition = asset.add_batch_definition_whole_dataframe(name)
        return definition.get_batch(batch_parameters={"dataframe": frame})

    def close(self) -> None:
        """Nothing of GX's to close: the session is its caller's."""
