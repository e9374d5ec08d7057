"""The feed on Spark (docs/spark.md): a local Spark session for dbt-spark's `session`
method, with hodh_pseudonymise() registered in it, and dbt run inside that session.

dbt-spark's session method runs every statement through `SparkSession.builder
.getOrCreate()` in dbt's own process, so a session made here first, with the function
registered, is the one dbt uses. The function is a Python UDF that reads the key from
HODH_PSEUDONYM_KEY in the process that hashes (hodh.pseudonyms): the key is never a SQL
literal, so compiled SQL and dbt's logs hold only the function's name, as on DuckDB.

`python -m hodh.spark <dbt arguments>` is dbt with the function registered, e.g.
`python -m hodh.spark build --target spark --vars '{raw_dir: data/raw}'`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from hodh import PROJECT_DIR
from hodh.pseudonyms import load_key, pseudonymise

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

# Where a local session keeps its warehouse and Derby metastore (profiles/profiles.yml
# reads the same variable), and how many cores it uses.
SPARK_DIR_VARIABLE = "HODH_SPARK_DIR"
SPARK_MASTER_VARIABLE = "HODH_SPARK_MASTER"
DEFAULT_SPARK_DIR = "warehouse/spark"
DEFAULT_MASTER = "local[2]"
FUNCTION = "hodh_pseudonymise"
# Spark's logging: errors only (its banner and warnings would bury the run's own lines).
LOG_CONFIG = PROJECT_DIR / "profiles" / "spark-log4j2.properties"


# A local session builds small data sets (development, tests), where planning and code
# generation cost more than they save: the disclosure search rounds, large SQL on a few
# thousand rows, build in half the time without adaptive execution and whole-stage code
# generation. Left to Spark's defaults on a cluster.
LOCAL_TUNING = {
    "spark.sql.adaptive.enabled": "false",
    "spark.sql.codegen.wholeStage": "false",
    "spark.sql.codegen.factoryMode": "NO_CODEGEN",
}


def session_config(spark_dir: Path, master: str) -> dict[str, str]:
    """The session's settings: the spark target's server_side_parameters in
    profiles/profiles.yml (so dbt-spark's getOrCreate() finds nothing to change), and
    LOCAL_TUNING on a local master."""
    return {
        **(LOCAL_TUNING if master.startswith("local") else {}),
        "spark.master": master,
        "spark.sql.warehouse.dir": str(spark_dir / "warehouse"),
        "spark.hadoop.javax.jdo.option.ConnectionURL": (
            f"jdbc:derby:;databaseName={spark_dir / 'metastore_db'};create=true"
        ),
        "spark.driver.extraJavaOptions": (
            f"-Dderby.system.home={spark_dir} -Dlog4j2.configurationFile=file:{LOG_CONFIG}"
        ),
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.shuffle.partitions": "2",
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.ansi.enabled": "false",
    }


def _pseudonymise(value: str | None, domain: str | None) -> str | None:
    # The key is read where the value is hashed (a Python worker of the session), from
    # that process's environment, inherited from the driver's; never from the SQL.
    return None if value is None else pseudonymise(value, load_key(), domain or "")


def register_functions(spark: SparkSession) -> None:
    """hodh_pseudonymise(value, domain) in the session: the DuckDB plugin's function."""
    from pyspark.sql.types import StringType

    spark.udf.register(FUNCTION, _pseudonymise, StringType())


def start_session(spark_dir: Path | None = None, master: str | None = None) -> SparkSession:
    """The local session dbt-spark will use, with the pseudonym function registered.

    Offline and on this machine only: the driver binds to 127.0.0.1, Python workers run
    this interpreter, and the warehouse and metastore live in spark_dir.
    """
    spark_dir = Path(spark_dir or os.environ.get(SPARK_DIR_VARIABLE, DEFAULT_SPARK_DIR))
    spark_dir = spark_dir.resolve()
    spark_dir.mkdir(parents=True, exist_ok=True)
    os.environ[SPARK_DIR_VARIABLE] = str(spark_dir)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("hodh").enableHiveSupport()
    master = master or os.environ.get(SPARK_MASTER_VARIABLE, DEFAULT_MASTER)
    for name, value in session_config(spark_dir, master).items():
        builder = builder.config(name, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    register_functions(spark)
    return spark


def main(argv: list[str] | None = None) -> int:
    """dbt with the local Spark session started and the pseudonym function registered."""
    start_session()
    from dbt.cli.main import dbtRunner

    result = dbtRunner().invoke(list(sys.argv[1:] if argv is None else argv))
    return 0 if result.success else 1


if __name__ == "__main__":
    sys.exit(main())


class CopyError(Exception):
    """A table could not be copied from Spark (the message names the table and Spark's
    error class, never a value)."""


# What the steps after the build read (the gates, the re-identification gate, the run page,
# the package): the seeds, the intermediate tables, the export and the audit.
COPIED_SCHEMAS = ("reference", "intermediate", "export", "audit")


def copy_to_duckdb(
    spark: SparkSession, duckdb_path: Path, schemas: tuple[str, ...] = COPIED_SCHEMAS
) -> dict[str, int]:
    """Copy every table and view of `schemas` from Spark into the DuckDB file, through Arrow,
    with the same schema, table and column names and DuckDB's types for Spark's (string to
    VARCHAR, int to INTEGER, bigint to BIGINT, date to DATE, double to DOUBLE). Returns the
    rows copied per table."""
    import duckdb
    import pyarrow as pa

    copied: dict[str, int] = {}
    with duckdb.connect(str(duckdb_path)) as connection:
        for schema in schemas:
            if not spark.catalog.databaseExists(schema):
                continue
            connection.execute(f'create schema if not exists "{schema}"')
            # SHOW TABLES, not catalog.listTables: that fails on a session holding a
            # temporary view while code generation is off (EXPRESSION_DECODING_FAILED).
            shown = spark.sql(f"show tables in `{schema}`").collect()
            for table_name in sorted(row.tableName for row in shown if not row.isTemporary):
                name = f'"{schema}"."{table_name}"'
                try:
                    arrow = spark.table(f"`{schema}`.`{table_name}`").toArrow()
                except Exception as error:
                    # Spark's error class, never its message (which can quote a value).
                    kind = getattr(error, "getCondition", lambda: None)() or type(error).__name__
                    raise CopyError(
                        f"copying {schema}.{table_name} from Spark failed: {kind}"
                    ) from None

                # Spark gives timestamps in the session's zone (UTC); DuckDB's models make
                # TIMESTAMP without a zone.
                fields = [
                    pa.field(f.name, pa.timestamp(f.type.unit), f.nullable)
                    if pa.types.is_timestamp(f.type) and f.type.tz
                    else f
                    for f in arrow.schema
                ]
                arrow = arrow.cast(pa.schema(fields))
                connection.register("hodh_incoming", arrow)
                connection.execute(f"create or replace table {name} as select * from hodh_incoming")
                connection.unregister("hodh_incoming")
                copied[f"{schema}.{table_name}"] = arrow.num_rows
    return copied
