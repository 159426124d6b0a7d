"""Compare the marts of a dbt build with the reference implementation's tables."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ccdkit.project import read_table
from ccdkit.reference import Result

#: Absolute tolerance for every number: the issue's 1e-9.
TOLERANCE = 1e-9

#: mart -> (reference table, keys, {mart column: reference column}).
MART_COLUMNS: dict[str, tuple[str, list[str], dict[str, str]]] = {
    "fct_indicator_weights": (
        "weights",
        ["indicator", "year"],
        {
            column: column
            for column in [
                "subsystem",
                "dimension",
                "direction",
                "n_observations",
                "min_value",
                "max_value",
                "entropy",
                "divergence",
                "weight",
                "is_constant",
            ]
        },
    ),
    "fct_indicator_values": (
        "normalised",
        ["region", "year", "indicator"],
        {
            "subsystem": "subsystem",
            "dimension": "dimension",
            "normalised_value": "normalised_value",
        },
    ),
    "fct_dimension_index": (
        "dimension_index",
        ["region", "year", "subsystem", "dimension"],
        {"development_index": "development_index"},
    ),
    "fct_subsystem_index": (
        "subsystem_index",
        ["region", "year", "subsystem"],
        {"development_index": "development_index"},
    ),
    "fct_coupling_coordination": (
        "coupling",
        ["region", "year"],
        {
            "n_subsystems": "n_subsystems",
            "coupling_degree": "coupling_degree",
            "coordination_index": "coordination_index",
            "coordination_degree": "coordination_degree",
            "coordination_level": "coordination_level",
            "coordination_level_name_zh": "level_name_zh",
            "coordination_level_name_en": "level_name_en",
            "coupling_stage": "coupling_stage",
            "relative_development": "relative_development",
            "lag_type": "lag_type",
            "is_coupling_undefined": "is_coupling_undefined",
        },
    ),
}


def _key_frame(frame: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    frame = frame.copy()
    for key in keys:
        if key == "year":
            frame[key] = pd.array(frame[key], dtype="Int64")
        else:
            frame[key] = frame[key].astype(str)
    return frame


def assert_frames_match(
    mart: pd.DataFrame,
    reference: pd.DataFrame,
    keys: Sequence[str],
    columns: dict[str, str],
    label: str,
) -> None:
    """Assert one mart equals its reference table: same keys, values to TOLERANCE."""
    mart = _key_frame(mart, keys)
    reference = _key_frame(reference, keys).rename(
        columns={ref: name for name, ref in columns.items()}
    )
    assert len(mart) == len(reference), (
        f"{label}: {len(mart)} rows in the mart, {len(reference)} in the reference"
    )
    merged = mart.merge(
        reference,
        on=list(keys),
        how="outer",
        suffixes=("_mart", "_ref"),
        indicator=True,
    )
    unmatched = merged[merged["_merge"] != "both"]
    assert unmatched.empty, (
        f"{label}: keys differ:\n{unmatched[list(keys) + ['_merge']]}"
    )
    for column in columns:
        left = merged[f"{column}_mart"]
        right = merged[f"{column}_ref"]
        left_null = left.isna().to_numpy()
        right_null = right.isna().to_numpy()
        mismatch = left_null != right_null
        assert not mismatch.any(), (
            f"{label}.{column}: null in one side only:\n"
            f"{merged.loc[mismatch, list(keys) + [left.name, right.name]]}"
        )
        present = ~left_null
        if pd.api.types.is_bool_dtype(left.dropna()) or pd.api.types.is_bool_dtype(
            right.dropna()
        ):
            equal = (
                left[present].astype(bool).to_numpy()
                == right[present].astype(bool).to_numpy()
            )
        elif pd.api.types.is_numeric_dtype(
            left.dropna()
        ) and pd.api.types.is_numeric_dtype(right.dropna()):
            difference = np.abs(
                left[present].astype(float).to_numpy()
                - right[present].astype(float).to_numpy()
            )
            equal = difference <= TOLERANCE
        else:
            equal = (
                left[present].astype(str).to_numpy()
                == right[present].astype(str).to_numpy()
            )
        assert equal.all(), (
            f"{label}.{column}: values differ:\n"
            f"{merged.loc[present].loc[~equal, list(keys) + [left.name, right.name]]}"
        )


def assert_marts_match_reference(duckdb_path: Path, result: Result) -> None:
    """Assert every compared mart of the DuckDB file equals the reference result."""
    for mart_name, (reference_name, keys, columns) in MART_COLUMNS.items():
        assert_frames_match(
            read_table(duckdb_path, mart_name),
            getattr(result, reference_name),
            keys,
            columns,
            mart_name,
        )
    values = read_table(duckdb_path, "fct_indicator_values")
    assert_frames_match(
        values,
        result.indicator_values,
        ["region", "year", "indicator"],
        {"value": "value", "value_status": "value_status"},
        "fct_indicator_values (values)",
    )
