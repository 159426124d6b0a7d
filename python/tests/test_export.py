"""The BI exports: every published mart as Parquet and Excel-friendly CSV.

The export of a temporary build of the bundled panel is compared with the DuckDB
tables it came from: the same tables, the same row counts, Parquet that reads back to
the same types and values, and CSV files with a UTF-8 byte order mark whose Chinese
level names are intact.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from ccdkit.export import UTF8_BOM, ExportError, export_schema, main

SCHEMA = "marts"


@pytest.fixture(scope="module")
def tables(bundled_warehouse: Path) -> dict[str, pd.DataFrame]:
    """Every table of the published schema, read from DuckDB."""
    with duckdb.connect(str(bundled_warehouse), read_only=True) as connection:
        names = [
            row[0]
            for row in connection.execute(
                "select table_name from duckdb_tables() where schema_name = ? "
                "order by table_name",
                [SCHEMA],
            ).fetchall()
        ]
        return {
            name: connection.sql(f'select * from {SCHEMA}."{name}"').df()
            for name in names
        }


@pytest.fixture(scope="module")
def export_dir(
    bundled_warehouse: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The export of the bundled build, made through the command line entry point."""
    out = tmp_path_factory.mktemp("exports")
    status = main(
        ["--duckdb", str(bundled_warehouse), "--schema", SCHEMA, "--out", str(out)]
    )
    assert status == 0
    return out


def test_every_table_is_exported_in_both_formats(
    export_dir: Path, tables: dict[str, pd.DataFrame]
) -> None:
    """One Parquet and one CSV file per table of the schema, and nothing else."""
    assert {
        "fct_coupling_coordination",
        "fct_subsystem_index",
        "fct_dimension_index",
        "fct_indicator_weights",
        "fct_indicator_values",
        "dim_indicators",
        "dim_regions",
        "fct_input_audit",
    } <= set(tables)
    parquet = {path.stem for path in (export_dir / "parquet").glob("*.parquet")}
    csv = {path.stem for path in (export_dir / "csv").glob("*.csv")}
    assert parquet == set(tables)
    assert csv == set(tables)


def test_row_counts_equal_the_tables(
    export_dir: Path, tables: dict[str, pd.DataFrame]
) -> None:
    """Parquet, CSV and README.txt all give each table's row count."""
    readme = (export_dir / "README.txt").read_text(encoding="utf-8")
    for name, frame in tables.items():
        parquet = export_dir / "parquet" / f"{name}.parquet"
        count = duckdb.sql(f"select count(*) from read_parquet('{parquet}')")
        assert count.fetchall() == [(len(frame),)], name
        csv = pd.read_csv(export_dir / "csv" / f"{name}.csv", encoding="utf-8-sig")
        assert len(csv) == len(frame), name
        assert f"{name}  ({len(frame)} rows)" in readme


def test_readme_lists_the_table_comments(
    export_dir: Path, bundled_warehouse: Path
) -> None:
    """README.txt carries each table's DuckDB comment (its dbt description)."""
    readme = " ".join((export_dir / "README.txt").read_text(encoding="utf-8").split())
    with duckdb.connect(str(bundled_warehouse), read_only=True) as connection:
        comments = connection.execute(
            "select table_name, comment from duckdb_tables() where schema_name = ?",
            [SCHEMA],
        ).fetchall()
    for name, comment in comments:
        assert comment, f"{name} has no table comment"
        assert " ".join(comment.split()) in readme, name


def test_parquet_reads_back_equal_to_the_table(
    export_dir: Path, bundled_warehouse: Path, tables: dict[str, pd.DataFrame]
) -> None:
    """Same column names and types, and the same rows (as multisets), in DuckDB."""
    with duckdb.connect(str(bundled_warehouse), read_only=True) as connection:
        for name in tables:
            parquet = export_dir / "parquet" / f"{name}.parquet"
            source = f'{SCHEMA}."{name}"'
            exported = f"read_parquet('{parquet}')"
            table_types = connection.execute(
                f"select column_name, column_type from (describe {source})"
            ).fetchall()
            parquet_types = connection.execute(
                f"select column_name, column_type from (describe select * from "
                f"{exported})"
            ).fetchall()
            assert parquet_types == table_types, name
            for left, right in ((source, exported), (exported, source)):
                difference = connection.execute(
                    f"select count(*) from (select * from {left} except all "
                    f"select * from {right})"
                ).fetchone()
                assert difference == (0,), f"{name}: {left} has rows not in {right}"


def test_csv_has_a_bom_and_the_chinese_names_intact(
    export_dir: Path, tables: dict[str, pd.DataFrame]
) -> None:
    """Every CSV starts with the UTF-8 BOM; read back, the Chinese text is exact."""
    for name, frame in tables.items():
        path = export_dir / "csv" / f"{name}.csv"
        assert path.read_bytes().startswith(UTF8_BOM), name
        header = pd.read_csv(path, encoding="utf-8-sig", nrows=0)
        assert list(header.columns) == list(frame.columns), name

    coupling = tables["fct_coupling_coordination"]
    csv = pd.read_csv(
        export_dir / "csv" / "fct_coupling_coordination.csv", encoding="utf-8-sig"
    )
    assert "轻度失调" in set(coupling["coordination_level_name_zh"])
    for column in ("coordination_level_name_zh", "coupling_stage_name_zh"):
        assert sorted(csv[column].dropna()) == sorted(coupling[column].dropna())
    key = ["region", "year"]
    merged = coupling.merge(csv, on=key, suffixes=("", "_csv"))
    assert len(merged) == len(coupling)
    assert (
        merged["coordination_level_name_zh"] == merged["coordination_level_name_zh_csv"]
    ).all()
    assert (
        (merged["coordination_degree"] - merged["coordination_degree_csv"]).abs()
        <= 1e-15
    ).all()

    regions = pd.read_csv(export_dir / "csv" / "dim_regions.csv", encoding="utf-8-sig")
    assert dict(zip(regions["region"], regions["region_name_zh"], strict=True)) == dict(
        zip(
            tables["dim_regions"]["region"],
            tables["dim_regions"]["region_name_zh"],
            strict=True,
        )
    )
    assert "北京" in set(regions["region_name_zh"])


def test_missing_file_is_a_clear_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A DuckDB file that does not exist: exit status 1, the path, what to do."""
    missing = tmp_path / "nowhere" / "ccd.duckdb"
    with caplog.at_level(logging.ERROR, logger="ccdkit.export"):
        status = main(["--duckdb", str(missing), "--out", str(tmp_path / "out")])
    assert status == 1
    assert "DuckDB file not found" in caplog.text
    assert str(missing) in caplog.text
    assert "make build" in caplog.text
    assert not missing.exists()
    assert not (tmp_path / "out").exists()
    with pytest.raises(ExportError, match="DuckDB file not found"):
        export_schema(missing, SCHEMA, tmp_path / "out")


def test_missing_schema_is_a_clear_error(
    bundled_warehouse: Path, tmp_path: Path
) -> None:
    """A schema that does not exist is named, with the schemas that do."""
    with pytest.raises(ExportError, match="Schema 'marts_nowhere' does not exist"):
        export_schema(bundled_warehouse, "marts_nowhere", tmp_path / "out")


def test_locked_file_mentions_the_lock(bundled_warehouse: Path, tmp_path: Path) -> None:
    """While another process writes the file (as dbt does) the error says so."""
    copy = tmp_path / "locked.duckdb"
    shutil.copyfile(bundled_warehouse, copy)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, duckdb; c = duckdb.connect(sys.argv[1]); print('ready', "
            "flush=True); sys.stdin.read()",
            str(copy),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(ExportError, match="lock") as raised:
            export_schema(copy, SCHEMA, tmp_path / "out")
        assert "dbt" in str(raised.value)
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
