"""The dbt marts equal the independent numpy/pandas reference to 1e-9.

On the bundled real panel under every method setting, and on randomised panels
(hypothesis) with several subsystems, constant indicators, zeros, negative values and
interior gaps, read from CSV and Parquet files through the project's own-panel vars.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from compare import assert_marts_match_reference
from files import write_parquet
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ccdkit.project import read_table, run_dbt
from ccdkit.reference import ReferenceError, Settings, compute, load_bundled


@pytest.fixture(scope="module")
def bundled_inputs(project_root: Path):
    return load_bundled(project_root)


def test_bundled_default_matches_reference(bundled_warehouse: Path, bundled_inputs):
    result = compute(*bundled_inputs, Settings())
    assert_marts_match_reference(bundled_warehouse, result)


def test_bundled_marts_have_the_expected_shape(bundled_warehouse: Path):
    coupling = read_table(bundled_warehouse, "fct_coupling_coordination")
    weights = read_table(bundled_warehouse, "fct_indicator_weights")
    assert len(coupling) == 70  # 7 regions x 10 years
    assert sorted(coupling["region"].unique()) == [
        "Anhui",
        "Beijing",
        "Henan",
        "Jiangsu",
        "Shanghai",
        "Tianjin",
        "Zhejiang",
    ]
    assert len(weights) == 25
    assert weights.groupby("subsystem")["weight"].sum().round(12).to_dict() == {
        "digital": 1.0,
        "real": 1.0,
    }


VARIANTS = {
    "year_scope": {"entropy_scope": "year"},
    "shift_policy": {"zero_policy": "shift", "zero_shift_epsilon": 0.01},
    "wang2021": {"coupling_model": "wang2021"},
    "fan2024": {"coupling_model": "fan2024"},
    "alpha_weights": {"subsystem_weights": {"digital": 0.6, "real": 0.4}},
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_bundled_variant_matches_reference(
    variant: str, bundled_inputs, tmp_path: Path
):
    variables = VARIANTS[variant]
    duckdb_path = tmp_path / "ccd.duckdb"
    run = run_dbt(["build"], duckdb_path, variables=variables)
    assert run.succeeded, run.output
    assert_marts_match_reference(
        duckdb_path, compute(*bundled_inputs, Settings(**variables))
    )


# --- randomised panels -------------------------------------------------------------


@st.composite
def random_panels(draw):
    """A random panel, its catalog and settings: 2-3 subsystems, 1-3 indicators each."""
    n_regions = draw(st.integers(2, 5))
    years = list(range(2000, 2000 + draw(st.integers(2, 5))))
    # names with quotes, spaces and Chinese characters are data, never SQL
    region_names = ["北京", "O'Brien County", 'Say "hi"', "r 4", "Zürich"][:n_regions]
    n_subsystems = draw(st.integers(2, 3))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    catalog_rows, value_rows = [], []
    for s in range(n_subsystems):
        for j in range(draw(st.integers(1, 3))):
            name = f"s{s}_ind{j}"
            kind = draw(
                st.sampled_from(["uniform", "with_zeros", "negative", "constant"])
            )
            catalog_rows.append(
                {
                    "indicator": name,
                    "subsystem": f"sub{s}",
                    "dimension": f"dim{j % 2}",
                    "direction": draw(
                        st.sampled_from(["positive", "negative", "1", "-1"])
                    ),
                }
            )
            for region in region_names:
                for year in years:
                    if kind == "constant":
                        value = 3.5
                    elif kind == "with_zeros":
                        value = float(rng.choice([0.0, rng.uniform(0, 10)]))
                    elif kind == "negative":
                        value = float(rng.uniform(-50, 5))
                    else:
                        value = float(rng.uniform(1, 1000))
                    value_rows.append(
                        {
                            "region": region,
                            "year": year,
                            "indicator": name,
                            "value": value,
                        }
                    )
    values = pd.DataFrame(value_rows)
    # an interior gap now and then: drop a middle year of one series
    if len(years) >= 3 and draw(st.booleans()):
        drop = (values["region"] == region_names[0]) & (values["year"] == years[1])
        drop &= values["indicator"] == catalog_rows[0]["indicator"]
        values = values[~drop]
    model_settings = {
        "entropy_scope": draw(st.sampled_from(["panel", "year"])),
        "coupling_model": draw(st.sampled_from(["standard", "wang2021", "fan2024"])),
        "zero_policy": draw(st.sampled_from(["limit", "shift"])),
        "lag_numerator_subsystem": "sub1",
        "lag_denominator_subsystem": "sub0",
    }
    file_format = draw(st.sampled_from(["csv", "parquet"]))
    return values, pd.DataFrame(catalog_rows), model_settings, file_format


@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(panel=random_panels())
def test_random_panels_match_reference(panel, project_root: Path, tmp_path_factory):
    values, catalog, model_settings, file_format = panel
    work = tmp_path_factory.mktemp("random")
    values_path = work / f"values.{file_format}"
    catalog_path = work / "catalog.csv"
    if file_format == "csv":
        values.to_csv(values_path, index=False)
    else:
        write_parquet(values, values_path)
    catalog.to_csv(catalog_path, index=False)

    _, _, levels, stages = load_bundled(project_root)
    reference_catalog = catalog.assign(
        direction=catalog["direction"].replace({"1": "positive", "-1": "negative"})
    )
    try:
        expected = compute(
            values, reference_catalog, levels, stages, Settings(**model_settings)
        )
    except ReferenceError:
        expected = None

    duckdb_path = work / "ccd.duckdb"
    run = run_dbt(
        ["build"],
        duckdb_path,
        variables={
            **model_settings,
            "indicator_values_path": str(values_path),
            "indicator_catalog_path": str(catalog_path),
        },
    )
    event(f"{'refused' if expected is None else 'computed'}, {file_format}")
    if expected is None:
        # the reference refuses this panel (e.g. every indicator of a subsystem is
        # constant): the build must refuse it too
        assert not run.succeeded, run.output
        return
    assert run.succeeded, run.output
    assert_marts_match_reference(duckdb_path, expected)
