"""Own panels: well-formed ones in any form are taken, malformed ones refused.

A good build of a small user panel is published first; then every malformed variant
(at least one per validation rule) is built into the same DuckDB file. For each the
test asserts the exit status, that the message names the problem, and that the
published marts still hold the good result.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest
from files import write_parquet

from ccdkit.project import read_table, run_dbt

# Region names with quotes, spaces, Chinese and other punctuation are data.
REGIONS = ["北京市", "O'Brien County", 'Say "hi"; drop table x', "Zürich-Süd"]
YEARS = [2018, 2019, 2020, 2021]
CATALOG = pd.DataFrame(
    [
        ("broadband", "digital", "infrastructure", "positive"),
        ("software", "digital", "industry", "positive"),
        ("output", "real", "scale", "1"),
        ("pollution", "real", "quality", "-1"),
    ],
    columns=["indicator", "subsystem", "dimension", "direction"],
)


def good_values() -> pd.DataFrame:
    """A complete long panel: 4 regions x 4 years x 4 indicators, varied values."""
    rows = []
    for r, region in enumerate(REGIONS):
        for t, year in enumerate(YEARS):
            for j, indicator in enumerate(CATALOG["indicator"]):
                value = 10.0 + 7.0 * r + 3.0 * t + 11.0 * j + ((r * 5 + t * 3 + j) % 4)
                rows.append((region, year, indicator, value))
    return pd.DataFrame(rows, columns=["region", "year", "indicator", "value"])


MARTS = [
    "fct_coupling_coordination",
    "fct_indicator_weights",
    "dim_regions",
    "dim_indicators",
]


def snapshot(duckdb_path: Path) -> dict[str, pd.DataFrame]:
    """The published marts that a BI user would see."""
    return {
        mart: read_table(duckdb_path, mart)
        .sort_values(list(read_table(duckdb_path, mart).columns[:2]))
        .reset_index(drop=True)
        for mart in MARTS
    }


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    frame.to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def good_build(tmp_path_factory: pytest.TempPathFactory):
    """A published good build of the small panel: (folder, duckdb file, snapshot)."""
    folder = tmp_path_factory.mktemp("own_panel")
    values = write_csv(good_values(), folder / "values.csv")
    catalog = write_csv(CATALOG, folder / "catalog.csv")
    duckdb_path = folder / "good.duckdb"
    run = run_dbt(
        ["build"],
        duckdb_path,
        variables={
            "indicator_values_path": str(values),
            "indicator_catalog_path": str(catalog),
        },
    )
    assert run.succeeded, run.output
    return folder, duckdb_path, snapshot(duckdb_path)


def test_names_round_trip_unchanged(good_build):
    _, duckdb_path, _ = good_build
    regions = read_table(duckdb_path, "dim_regions")["region"]
    assert sorted(regions) == sorted(REGIONS)
    coupling = read_table(duckdb_path, "fct_coupling_coordination")
    assert sorted(coupling["region"].unique()) == sorted(REGIONS)
    assert len(coupling) == len(REGIONS) * len(YEARS)


def test_audit_accounts_for_every_input_row(good_build):
    _, duckdb_path, _ = good_build
    audit = read_table(duckdb_path, "fct_input_audit")
    inputs = audit[audit["audit_kind"] == "input_value"]
    assert len(inputs) == len(good_values())
    assert inputs["input_row_number"].is_unique
    assert set(inputs["status"]) == {"used"}


@dataclass
class Case:
    """One malformed panel: how to spoil the good one and what the message says."""

    spoil_values: Callable[[pd.DataFrame], pd.DataFrame] = lambda frame: frame
    spoil_catalog: Callable[[pd.DataFrame], pd.DataFrame] = lambda frame: frame
    variables: dict = field(default_factory=dict)
    expected: tuple[str, ...] = ()


def _with_row(frame: pd.DataFrame, row: tuple) -> pd.DataFrame:
    return pd.concat([frame, pd.DataFrame([row], columns=frame.columns)])


def _set_value(frame: pd.DataFrame, position: int, value: object) -> pd.DataFrame:
    frame = frame.astype({"value": object})
    frame.iloc[position, frame.columns.get_loc("value")] = value
    return frame


def _drop(frame: pd.DataFrame, region: str, year: int, indicator: str) -> pd.DataFrame:
    keep = ~(
        (frame["region"] == region)
        & (frame["year"] == year)
        & (frame["indicator"] == indicator)
    )
    return frame[keep]


CASES = {
    "duplicate_row": Case(
        spoil_values=lambda f: pd.concat([f, f.iloc[[5]]]),
        expected=("appears 2 times", "rows 6, 65"),
    ),
    "text_value": Case(
        spoil_values=lambda f: _set_value(f, 2, "12,5 万"),
        expected=("row 3", "'12,5 万' is not a number"),
    ),
    "empty_value": Case(
        spoil_values=lambda f: _set_value(f, 7, ""),
        expected=("row 8", "the value is empty"),
    ),
    "nan_value": Case(
        spoil_values=lambda f: _set_value(f, 0, "NaN"),
        expected=("row 1", "'NaN' is not a finite number"),
    ),
    "infinite_value": Case(
        spoil_values=lambda f: _set_value(f, 1, "inf"),
        expected=("row 2", "'inf' is not a finite number"),
    ),
    "invalid_year": Case(
        spoil_values=lambda f: f.astype({"year": object}).assign(
            year=lambda g: g["year"].where(g.index != 3, "20x9")
        ),
        expected=("the year '20x9' is not a whole number",),
    ),
    "indicator_not_in_catalog": Case(
        spoil_values=lambda f: _with_row(f, (REGIONS[0], 2018, "mystery", 1.0)),
        expected=("series 'mystery'", "no catalog indicator reads"),
    ),
    "catalog_indicator_without_data": Case(
        spoil_catalog=lambda c: _with_row(c, ("ghost", "real", "scale", "positive")),
        expected=("catalog indicator 'ghost'", "has no rows in the values"),
    ),
    "invalid_direction": Case(
        spoil_catalog=lambda c: c.assign(
            direction=c["direction"].where(c.index != 1, "up")
        ),
        expected=("'software' has the direction 'up', which is not allowed",),
    ),
    "missing_direction": Case(
        spoil_catalog=lambda c: c.assign(
            direction=c["direction"].where(c.index != 1, "")
        ),
        expected=("'software' has the direction empty",),
    ),
    "missing_subsystem": Case(
        spoil_catalog=lambda c: c.assign(
            subsystem=c["subsystem"].where(c.index != 2, "")
        ),
        expected=("'output' has no subsystem",),
    ),
    "missing_dimension": Case(
        spoil_catalog=lambda c: c.assign(
            dimension=c["dimension"].where(c.index != 0, "")
        ),
        expected=("'broadband' has no dimension",),
    ),
    "fewer_than_two_subsystems": Case(
        spoil_catalog=lambda c: c.assign(subsystem="digital"),
        expected=("coupling needs at least two",),
    ),
    "subsystem_without_usable_indicator": Case(
        spoil_values=lambda f: f.assign(
            value=f["value"].where(~f["indicator"].isin(["output", "pollution"]), 5.0)
        ),
        expected=("subsystem 'real'", "no weight can be computed"),
    ),
    "gap_not_allowed": Case(
        spoil_values=lambda f: _drop(f, REGIONS[1], 2019, "software"),
        variables={"gap_policy": "none"},
        expected=("year 2019, indicator 'software'", "gap_policy none fills no gap"),
    ),
    "edge_gap_unfillable": Case(
        spoil_values=lambda f: _drop(f, REGIONS[2], 2018, "output"),
        expected=("year 2018, indicator 'output'", "never extrapolated"),
    ),
    "too_few_samples": Case(
        spoil_values=lambda f: f[f["region"] == REGIONS[0]],
        variables={"entropy_scope": "year"},
        expected=("1 region(s)", "at least two samples"),
    ),
    "invalid_var_choice": Case(
        variables={"coupling_model": "wang2012"},
        expected=("var 'coupling_model'", '"wang2012"', "standard, wang2021, fan2024"),
    ),
    "invalid_var_range": Case(
        variables={"zero_policy": "shift", "zero_shift_epsilon": -0.1},
        expected=("var 'zero_shift_epsilon'", "greater than 0"),
    ),
    "invalid_var_type": Case(
        variables={"subsystem_weights": {"digital": "half", "real": 0.5}},
        expected=("var 'subsystem_weights'", "numbers >= 0"),
    ),
    "subsystem_weights_unknown_subsystem": Case(
        variables={"subsystem_weights": {"digital": 0.5, "green": 0.5}},
        expected=("names the subsystem 'green'", "no weight to the catalog subsystem"),
    ),
    "catalog_missing_column": Case(
        spoil_catalog=lambda c: c.drop(columns=["direction"]),
        expected=("indicator catalog file", "lacks the column(s) direction"),
    ),
    "wrong_columns": Case(
        spoil_values=lambda f: f.rename(columns={"year": "jahr"}),
        expected=("Expected long form", "missing: year"),
    ),
}


@pytest.mark.parametrize("case_name", sorted(CASES))
def test_malformed_panel_is_refused_and_results_survive(
    case_name: str, good_build, tmp_path: Path
):
    folder, good_path, good_snapshot = good_build
    case = CASES[case_name]
    duckdb_path = tmp_path / "ccd.duckdb"
    shutil.copy(good_path, duckdb_path)
    values = write_csv(case.spoil_values(good_values()), tmp_path / "values.csv")
    catalog = write_csv(case.spoil_catalog(CATALOG.copy()), tmp_path / "catalog.csv")

    run = run_dbt(
        ["build"],
        duckdb_path,
        variables={
            "indicator_values_path": str(values),
            "indicator_catalog_path": str(catalog),
            **case.variables,
        },
    )

    assert run.returncode != 0, run.output
    for expected in case.expected:
        assert expected in run.output, f"{expected!r} not in:\n{run.output}"
    after = snapshot(duckdb_path)
    for mart, frame in good_snapshot.items():
        pd.testing.assert_frame_equal(after[mart], frame, obj=mart)


def test_constant_indicator_warns_and_weighs_nothing(good_build, tmp_path: Path):
    values = good_values()
    values.loc[values["indicator"] == "software", "value"] = 42.0
    run = run_dbt(
        ["build"],
        tmp_path / "ccd.duckdb",
        variables={
            "indicator_values_path": str(write_csv(values, tmp_path / "values.csv")),
            "indicator_catalog_path": str(write_csv(CATALOG, tmp_path / "catalog.csv")),
        },
    )
    assert run.succeeded, run.output
    assert "indicator 'software' (subsystem 'digital') has the single value 42" in (
        run.output
    )
    weights = read_table(tmp_path / "ccd.duckdb", "fct_indicator_weights")
    software = weights.set_index("indicator").loc["software"]
    assert software["weight"] == 0 and bool(software["is_constant"])


def _wide(values: pd.DataFrame) -> pd.DataFrame:
    return values.pivot_table(
        index=["region", "year"], columns="indicator", values="value"
    ).reset_index()


@pytest.mark.parametrize("file_format", ["csv", "parquet"])
def test_wide_form_gives_the_same_results(good_build, tmp_path: Path, file_format):
    _, _, good_snapshot = good_build
    # header names in any case; an indicator column whose name holds quotes and
    # Chinese must stay data (it is quoted as an identifier, never spliced into SQL)
    odd_name = 'software "软件" O\'Reilly'
    wide = _wide(good_values()).rename(
        columns={"region": "Region", "year": "YEAR", "software": odd_name}
    )
    catalog = CATALOG.replace({"indicator": {"software": odd_name}})
    path = tmp_path / f"values.{file_format}"
    if file_format == "csv":
        write_csv(wide, path)
    else:
        write_parquet(wide, path)
    duckdb_path = tmp_path / "ccd.duckdb"
    run = run_dbt(
        ["build"],
        duckdb_path,
        variables={
            "indicator_values_path": str(path),
            "indicator_catalog_path": str(write_csv(catalog, tmp_path / "catalog.csv")),
        },
    )
    assert run.succeeded, run.output
    after = snapshot(duckdb_path)
    after["fct_indicator_weights"] = (
        after["fct_indicator_weights"]
        .replace({"indicator": {odd_name: "software"}})
        .sort_values(["indicator", "year"])
        .reset_index(drop=True)
    )
    assert odd_name in set(read_table(duckdb_path, "dim_indicators")["indicator"])
    for mart in ["fct_coupling_coordination", "fct_indicator_weights"]:
        pd.testing.assert_frame_equal(
            after[mart], good_snapshot[mart], obj=mart, check_exact=False, atol=1e-12
        )


def test_wide_empty_cells_are_gaps_and_audited(good_build, tmp_path: Path):
    wide = _wide(good_values())
    wide.loc[(wide["region"] == REGIONS[0]) & (wide["year"] == 2019), "software"] = None
    duckdb_path = tmp_path / "ccd.duckdb"
    run = run_dbt(
        ["build"],
        duckdb_path,
        variables={
            "indicator_values_path": str(write_csv(wide, tmp_path / "wide.csv")),
            "indicator_catalog_path": str(write_csv(CATALOG, tmp_path / "catalog.csv")),
        },
    )
    assert run.succeeded, run.output
    audit = read_table(duckdb_path, "fct_input_audit")
    inputs = audit[audit["audit_kind"] == "input_value"]
    assert len(inputs) == len(wide) * 4  # every cell, the empty one included
    empty = inputs[inputs["status"] == "excluded"]
    assert list(empty["detail"]) == ["empty cell of the wide file: not observed"]
    filled = audit[audit["audit_kind"] == "filled_cell"]
    assert filled[["region", "year", "indicator"]].values.tolist() == [
        [REGIONS[0], 2019, "software"]
    ]
    assert list(filled["detail"]) == ["interpolated linearly between 2018 and 2020"]


def test_unused_series_can_be_excluded_with_a_reason(good_build, tmp_path: Path):
    # the excluded series reaches back to 2010: it must not widen the panel
    values = _with_row(good_values(), (REGIONS[0], 2010, "legacy_series", 3.0))
    exclusions = pd.DataFrame(
        [("legacy_series", "superseded in 2019")], columns=["indicator", "reason"]
    )
    duckdb_path = tmp_path / "ccd.duckdb"
    run = run_dbt(
        ["build"],
        duckdb_path,
        variables={
            "indicator_values_path": str(write_csv(values, tmp_path / "values.csv")),
            "indicator_catalog_path": str(write_csv(CATALOG, tmp_path / "catalog.csv")),
            "indicator_exclusions_path": str(
                write_csv(exclusions, tmp_path / "exclusions.csv")
            ),
        },
    )
    assert run.succeeded, run.output
    audit = read_table(duckdb_path, "fct_input_audit")
    legacy = audit[audit["indicator"] == "legacy_series"]
    assert list(legacy["detail"]) == ["series excluded: superseded in 2019"]
    coupling = read_table(duckdb_path, "fct_coupling_coordination")
    assert sorted(coupling["year"].unique()) == YEARS
    assert len(audit[audit["audit_kind"] == "input_value"]) == len(values)


def test_partial_run_is_not_published(good_build, tmp_path: Path):
    """Rebuilding one mart with other settings must not change what BI users see."""
    folder, good_path, good_snapshot = good_build
    duckdb_path = tmp_path / "ccd.duckdb"
    shutil.copy(good_path, duckdb_path)
    run = run_dbt(
        ["run", "--select", "+fct_indicator_weights"],
        duckdb_path,
        variables={
            "indicator_values_path": str(folder / "values.csv"),
            "indicator_catalog_path": str(folder / "catalog.csv"),
            "entropy_scope": "year",
        },
    )
    assert run.succeeded, run.output
    assert "Marts NOT published" in run.output
    assert "not rebuilt by this run" in run.output
    rebuilt = read_table(duckdb_path, "fct_indicator_weights", schema="marts_build")
    assert rebuilt["year"].notna().all()  # the build schema holds the new weights
    after = snapshot(duckdb_path)
    for mart, frame in good_snapshot.items():
        pd.testing.assert_frame_equal(after[mart], frame, obj=mart)


def test_readme_worked_example_builds(project_root: Path, tmp_path: Path):
    example = project_root / "examples" / "own_panel"
    duckdb_path = tmp_path / "ccd.duckdb"
    run = run_dbt(
        ["build"],
        duckdb_path,
        variables={
            "indicator_values_path": str(example / "values_wide.csv"),
            "indicator_catalog_path": str(example / "catalog.csv"),
            "region_catalog_path": str(example / "regions.csv"),
            "publish_schema": "marts_example",
        },
    )
    assert run.succeeded, run.output
    coupling = read_table(duckdb_path, "fct_coupling_coordination", "marts_example")
    assert set(coupling["n_subsystems"]) == {3}
    assert len(coupling) == 5 * 6
    # Hefei 2017 is the panel minimum on every indicator: every U = 0, C undefined
    hefei = coupling.set_index(["region", "year"]).loc[("合肥", 2017)]
    assert bool(hefei["is_coupling_undefined"]) and pd.isna(hefei["coupling_degree"])
    regions = read_table(duckdb_path, "dim_regions", "marts_example")
    assert regions.set_index("region").loc["上海", "is_municipality"]
