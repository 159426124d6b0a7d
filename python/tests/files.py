"""Writing test input files the way users would have them."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd


def write_parquet(frame: pd.DataFrame, path: Path) -> Path:
    """Write a DataFrame to Parquet with DuckDB (no pyarrow needed); return the path."""
    with duckdb.connect() as connection:
        connection.register("frame", frame)
        connection.execute(f"copy frame to '{path}' (format parquet)")
    return path
