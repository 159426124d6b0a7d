"""Export the published marts as files for BI tools and spreadsheets.

Every table of a schema of the DuckDB file (by default the published ``marts``) is
written twice::

    <out>/parquet/<table>.parquet   typed columns, for BI tools and notebooks
    <out>/csv/<table>.csv           UTF-8 with a byte order mark, header, comma
    <out>/README.txt                the tables, their descriptions and row counts

The CSV files start with a UTF-8 byte order mark so that Excel, which otherwise
assumes the system code page, shows the Chinese level and region names intact. DuckDB's
``COPY ... (FORMAT csv)`` writes no byte order mark (and has no option for one), so the
CSV is written by DuckDB to a temporary file and copied behind the mark.

The file is opened read-only, so the export can run while other readers are connected,
but not while dbt writes the file (DuckDB allows one writer and no readers beside it).

Usage::

    python -m ccdkit.export --duckdb warehouse/ccd.duckdb --schema marts --out exports
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import tempfile
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from ccdkit.project import default_duckdb_path

logger = logging.getLogger(__name__)

#: The schema exported by default: the published marts.
DEFAULT_SCHEMA = "marts"

#: The output folder by default (ignored by git).
DEFAULT_OUT = Path("exports")

#: The UTF-8 byte order mark written at the start of every CSV file.
UTF8_BOM = b"\xef\xbb\xbf"


class ExportError(RuntimeError):
    """The export cannot run; the message says why and what to do."""


@dataclass(frozen=True)
class ExportedTable:
    """One exported table: where it went and what it holds."""

    name: str
    description: str
    row_count: int
    parquet_path: Path
    csv_path: Path
    columns: tuple[tuple[str, str, str], ...] = ()


def quote_identifier(name: str) -> str:
    """``name`` as a double-quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    """``text`` as a single-quoted SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def connect_read_only(duckdb_path: Path) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB file read-only, with a clear error when that is impossible.

    Raises:
        ExportError: the file does not exist, is locked by a writer (dbt) or is not a
            DuckDB file this DuckDB can read.
    """
    if not duckdb_path.is_file():
        raise ExportError(
            f"DuckDB file not found: {duckdb_path}. Build the project first "
            "(`make build`), or name the file with --duckdb or CCD_DUCKDB_PATH."
        )
    try:
        return duckdb.connect(str(duckdb_path), read_only=True)
    except duckdb.Error as error:
        message = str(error)
        if "lock" in message.lower():
            raise ExportError(
                f"Cannot open {duckdb_path}: another process holds a lock on it "
                f"({message}). A DuckDB file cannot be opened while dbt (or any other "
                "writer) has it open; wait until the dbt run has finished, close "
                "read-write connections to the file and run the export again."
            ) from error
        raise ExportError(
            f"Cannot open {duckdb_path} with DuckDB: {message}"
        ) from error


def list_tables(
    connection: duckdb.DuckDBPyConnection, schema: str
) -> list[tuple[str, str]]:
    """The tables of ``schema`` in the connected file as (name, comment), by name.

    Raises:
        ExportError: the schema does not exist or holds no table.
    """
    schemas = connection.execute(
        "select schema_name from duckdb_schemas() "
        "where database_name = current_database() order by schema_name"
    ).fetchall()
    names = [row[0] for row in schemas]
    if schema not in names:
        available = ", ".join(
            name for name in names if name not in {"information_schema", "pg_catalog"}
        )
        raise ExportError(
            f"Schema '{schema}' does not exist in the DuckDB file (schemas: "
            f"{available or 'none'}). The marts are published to it only when a whole "
            "`dbt build` succeeds; run `make build` first, or pick the schema with "
            "--schema."
        )
    rows = connection.execute(
        "select table_name, coalesce(comment, '') from duckdb_tables() "
        "where database_name = current_database() and schema_name = ? "
        "order by table_name",
        [schema],
    ).fetchall()
    if not rows:
        raise ExportError(f"Schema '{schema}' holds no table: nothing to export.")
    return [(str(name), str(comment)) for name, comment in rows]


def write_csv_with_bom(
    connection: duckdb.DuckDBPyConnection, relation: str, csv_path: Path
) -> None:
    """Write ``relation`` as CSV (header, comma, UTF-8) preceded by the UTF-8 BOM."""
    with tempfile.TemporaryDirectory(dir=csv_path.parent) as scratch:
        plain = Path(scratch) / csv_path.name
        connection.execute(
            f"copy (select * from {relation}) to {quote_literal(str(plain))} "
            "(format csv, header true, delimiter ',', quote '\"')"
        )
        with plain.open("rb") as source, csv_path.open("wb") as target:
            target.write(UTF8_BOM)
            shutil.copyfileobj(source, target)


def export_table(
    connection: duckdb.DuckDBPyConnection,
    schema: str,
    table: str,
    description: str,
    out_dir: Path,
) -> ExportedTable:
    """Write one table as Parquet and as CSV under ``out_dir``."""
    relation = f"{quote_identifier(schema)}.{quote_identifier(table)}"
    parquet_path = out_dir / "parquet" / f"{table}.parquet"
    csv_path = out_dir / "csv" / f"{table}.csv"
    row = connection.execute(f"select count(*) from {relation}").fetchone()
    row_count = int(row[0]) if row else 0
    connection.execute(
        f"copy (select * from {relation}) to {quote_literal(str(parquet_path))} "
        "(format parquet)"
    )
    write_csv_with_bom(connection, relation, csv_path)
    columns = connection.execute(
        "select column_name, data_type, coalesce(comment, '') from duckdb_columns() "
        "where database_name = current_database() and schema_name = ? "
        "and table_name = ? order by column_index",
        [schema, table],
    ).fetchall()
    logger.info("exported %s.%s (%d rows)", schema, table, row_count)
    return ExportedTable(
        table,
        description,
        row_count,
        parquet_path,
        csv_path,
        tuple((str(name), str(kind), str(text)) for name, kind, text in columns),
    )


def last_publication(
    connection: duckdb.DuckDBPyConnection, schema: str
) -> tuple[str, str] | None:
    """When ``schema`` was last published and with which settings, if recorded."""
    recorded = connection.execute(
        "select count(*) from duckdb_tables() where database_name = current_database()"
        " and schema_name = 'meta' and table_name = 'publications'"
    ).fetchone()
    if not recorded or not recorded[0]:
        return None
    row = connection.execute(
        "select cast(published_at as varchar), settings from meta.publications "
        "where published_schema = ? order by published_at desc limit 1",
        [schema],
    ).fetchone()
    return (str(row[0]), str(row[1])) if row else None


def write_readme(
    out_dir: Path,
    duckdb_path: Path,
    schema: str,
    tables: Sequence[ExportedTable],
    publication: tuple[str, str] | None,
) -> Path:
    """Write ``README.txt``: the source, the formats, every table and its columns."""
    lines = [
        f"Export of schema '{schema}' of the DuckDB file {duckdb_path}",
        f"Written {datetime.now(UTC).strftime('%Y-%m-%d %H:%M:%S')} UTC by "
        "`python -m ccdkit.export`.",
    ]
    if publication is not None:
        published_at, settings = publication
        lines += [
            f"Published by dbt at {published_at} with the settings:",
            *textwrap.wrap(settings, 86, initial_indent="  ", subsequent_indent="  "),
        ]
    lines += [
        "",
        "parquet/<table>.parquet  typed columns (for BI tools, pandas, DuckDB, Spark)",
        "csv/<table>.csv          UTF-8 with byte order mark, header row, comma "
        "separated;",
        "                         Excel opens it with the Chinese names intact; empty "
        "= null",
        "",
        f"Tables ({len(tables)}):",
    ]
    for table in tables:
        lines += ["", f"{table.name}  ({table.row_count} rows)"]
        lines += textwrap.wrap(
            " ".join(table.description.split()) or "(no description)",
            86,
            initial_indent="  ",
            subsequent_indent="  ",
        )
        if table.columns:
            lines.append("  columns:")
        for name, kind, comment in table.columns:
            text = " ".join(comment.split())
            lines += textwrap.wrap(
                f"{name} ({kind}): {text}" if text else f"{name} ({kind})",
                86,
                initial_indent="    - ",
                subsequent_indent="      ",
            )
    readme = out_dir / "README.txt"
    readme.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return readme


def export_schema(
    duckdb_path: Path, schema: str = DEFAULT_SCHEMA, out_dir: Path = DEFAULT_OUT
) -> list[ExportedTable]:
    """Export every table of ``schema`` to Parquet and CSV and write ``README.txt``.

    Args:
        duckdb_path: the DuckDB file, opened read-only.
        schema: the schema whose tables are exported.
        out_dir: the output folder (``parquet/``, ``csv/`` and ``README.txt``).

    Returns:
        The exported tables, by name.

    Raises:
        ExportError: the file cannot be opened or the schema does not exist.
    """
    duckdb_path = Path(duckdb_path)
    out_dir = Path(out_dir)
    logger.info("exporting schema %s of %s to %s", schema, duckdb_path, out_dir)
    with connect_read_only(duckdb_path) as connection:
        tables = list_tables(connection, schema)
        for folder in ("parquet", "csv"):
            (out_dir / folder).mkdir(parents=True, exist_ok=True)
        exported = [
            export_table(connection, schema, name, comment, out_dir)
            for name, comment in tables
        ]
        publication = last_publication(connection, schema)
    warn_about_stale_files(out_dir, {table.name for table in exported})
    readme = write_readme(out_dir, duckdb_path, schema, exported, publication)
    logger.info("exported %d tables; descriptions in %s", len(exported), readme)
    return exported


def warn_about_stale_files(out_dir: Path, names: set[str]) -> None:
    """Log a warning for export files of tables that are no longer in the schema."""
    for folder, suffix in (("parquet", ".parquet"), ("csv", ".csv")):
        for path in sorted((out_dir / folder).glob(f"*{suffix}")):
            if path.stem not in names:
                logger.warning(
                    "%s is not a table of this export (left from an earlier one?)",
                    path,
                )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command-line arguments."""
    parser = argparse.ArgumentParser(
        prog="python -m ccdkit.export",
        description="Export every table of a DuckDB schema (the published marts) to "
        "Parquet and Excel-friendly CSV, with a README.txt of their descriptions.",
    )
    parser.add_argument(
        "--duckdb",
        type=Path,
        default=None,
        help="the DuckDB file (default: $CCD_DUCKDB_PATH or warehouse/ccd.duckdb)",
    )
    parser.add_argument(
        "--schema",
        default=DEFAULT_SCHEMA,
        help=f"the schema to export (default: {DEFAULT_SCHEMA})",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help=f"the output folder (default: {DEFAULT_OUT}/)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the export from the command line; returns the exit status."""
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    duckdb_path = args.duckdb if args.duckdb is not None else default_duckdb_path()
    try:
        export_schema(duckdb_path, args.schema, args.out)
    except ExportError as error:
        logger.error("%s", error)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
