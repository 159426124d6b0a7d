"""Tests of the independent reference implementation (the oracle) itself.

Run with ``cd /work/main && PYTHONPATH=python pytest python/tests/test_reference.py``.
Expected numbers are worked out by hand in the comments next to them.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from pyrepo_mcda.weighting_methods import entropy_weighting

from ccdkit.reference import (
    ReferenceError,
    Result,
    Settings,
    classify_level,
    classify_stage,
    compute,
    coupling_degree,
    entropy,
    lag_type,
    load_bundled,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
TIGHT = 1e-12


# --------------------------------------------------------------------------------------
# Fixtures and builders
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bands() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The bundled coordination levels and coupling stages."""
    _raw, _catalog, levels, stages = load_bundled(REPO_ROOT)
    return levels, stages


def make_raw(values: dict[tuple[str, int, str], float]) -> pd.DataFrame:
    """Long raw table from {(region, year, indicator): value}."""
    return pd.DataFrame(
        [(r, y, i, v) for (r, y, i), v in values.items()],
        columns=["region", "year", "indicator", "value"],
    )


def make_catalog(rows: list[tuple[str, str, str, str]], **extra: list) -> pd.DataFrame:
    """Catalog from (indicator, subsystem, dimension, direction) rows."""
    catalog = pd.DataFrame(
        rows, columns=["indicator", "subsystem", "dimension", "direction"]
    )
    for column, cells in extra.items():
        catalog[column] = cells
    return catalog


def run(
    values: dict[tuple[str, int, str], float],
    catalog: pd.DataFrame,
    bands: tuple[pd.DataFrame, pd.DataFrame],
    settings: Settings | None = None,
) -> Result:
    """compute() on a hand-made panel with the bundled bands."""
    levels, stages = bands
    return compute(make_raw(values), catalog, levels, stages, settings or Settings())


def row_of(frame: pd.DataFrame, **keys: object) -> pd.Series:
    """The single row of frame matching all keys."""
    mask = np.ones(len(frame), dtype=bool)
    for column, value in keys.items():
        mask &= (frame[column] == value).to_numpy()
    matched = frame[mask]
    assert len(matched) == 1, f"{len(matched)} rows match {keys}"
    return matched.iloc[0]


# A 2 region x 2 year panel whose every number is worked out by hand.
# Row order of each series: A2020, A2021, B2020, B2021.
#   r1 real/scale positive      (0, 1, 1, 0) -> x' (0, 1, 1, 0), p (0, .5, .5, 0),
#                                 e = -(2 * .5 ln .5) / ln 4 = ln 2 / ln 4 = .5, d = .5
#   r2 real/structure negative  (5, 5, 5, 1) -> x' = (5 - x) / 4 = (0, 0, 0, 1),
#                                  p (0, 0, 0, 1), e = 0, d = 1
#   w_r1 = .5 / 1.5 = 1/3, w_r2 = 1 / 1.5 = 2/3
#   d1 digital/tech positive    (2, 4, 4, 2) -> x' (0, 1, 1, 0), e = .5, d = .5, w = 1
#   d2 digital/tech constant    (7, 7, 7, 7) -> x' null, e = 1, d = 0, w = 0
# U_real = (0, 1/3, 1/3, 2/3), U_digital = (0, 1, 1, 0).
HAND_VALUES = {
    ("A", 2020, "r1"): 0.0,
    ("A", 2021, "r1"): 1.0,
    ("B", 2020, "r1"): 1.0,
    ("B", 2021, "r1"): 0.0,
    ("A", 2020, "r2"): 5.0,
    ("A", 2021, "r2"): 5.0,
    ("B", 2020, "r2"): 5.0,
    ("B", 2021, "r2"): 1.0,
    ("A", 2020, "d1"): 2.0,
    ("A", 2021, "d1"): 4.0,
    ("B", 2020, "d1"): 4.0,
    ("B", 2021, "d1"): 2.0,
    ("A", 2020, "d2"): 7.0,
    ("A", 2021, "d2"): 7.0,
    ("B", 2020, "d2"): 7.0,
    ("B", 2021, "d2"): 7.0,
}
HAND_CATALOG_ROWS = [
    ("r1", "real", "scale", "positive"),
    ("r2", "real", "structure", "negative"),
    ("d1", "digital", "tech", "positive"),
    ("d2", "digital", "tech", "positive"),
]


@pytest.fixture()
def hand_result(bands: tuple[pd.DataFrame, pd.DataFrame]) -> Result:
    """compute() on the hand-worked panel with default settings."""
    return run(HAND_VALUES, make_catalog(HAND_CATALOG_ROWS), bands)


def two_subsystem_values(
    real: list[float], digital: list[float], year: int = 2020
) -> dict[tuple[str, int, str], float]:
    """One year, one indicator per subsystem, regions R0, R1, ..."""
    values = {}
    for position, (x_real, x_digital) in enumerate(zip(real, digital, strict=True)):
        values[(f"R{position}", year, "r")] = x_real
        values[(f"R{position}", year, "d")] = x_digital
    return values


SIMPLE_CATALOG_ROWS = [
    ("r", "real", "scale", "positive"),
    ("d", "digital", "tech", "positive"),
]


# --------------------------------------------------------------------------------------
# Entropy
# --------------------------------------------------------------------------------------


def test_entropy_two_samples_zero_one_is_zero() -> None:
    # x' = (0, 1): p = (0, 1), e = -(0 ln 0 + 1 ln 1) / ln 2 = 0
    assert entropy(np.array([0.0, 1.0])) == 0.0


def test_entropy_zero_one_one_zero_is_half() -> None:
    # p = (0, .5, .5, 0): e = -(2 * .5 ln .5) / ln 4 = ln 2 / (2 ln 2) = 0.5
    assert entropy(np.array([0.0, 1.0, 1.0, 0.0])) == pytest.approx(0.5, abs=TIGHT)


def test_entropy_uniform_is_one() -> None:
    # p = 1/m: e = -(m * (1/m) ln(1/m)) / ln m = 1
    assert entropy(np.full(5, 0.3)) == pytest.approx(1.0, abs=TIGHT)


@pytest.mark.parametrize("bad", [[1.0], [0.0, 0.0], [-1.0, 2.0], [np.nan, 1.0]])
def test_entropy_rejects_degenerate_input(bad: list[float]) -> None:
    with pytest.raises(ReferenceError):
        entropy(np.array(bad))


def test_entropy_through_compute(bands: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    # real: x' = (0, 1) -> e = 0, w = 1; digital (0, 1, 1, 0) -> e = 0.5, w = 1
    values = two_subsystem_values([0.0, 1.0, 1.0, 0.0], [0.0, 1.0, 1.0, 0.0])
    values.update({("R0", 2020, "r"): 3.0, ("R1", 2020, "r"): 3.0})
    values.update({("R2", 2020, "r"): 3.0, ("R3", 2020, "r"): 9.0})
    # r = (3, 3, 3, 9) -> x' = (0, 0, 0, 1) -> e = 0
    result = run(values, make_catalog(SIMPLE_CATALOG_ROWS), bands)
    real = row_of(result.weights, indicator="r")
    digital = row_of(result.weights, indicator="d")
    assert real["entropy"] == 0.0
    assert real["divergence"] == 1.0
    assert digital["entropy"] == pytest.approx(0.5, abs=TIGHT)
    assert real["weight"] == 1.0
    assert digital["weight"] == 1.0


# --------------------------------------------------------------------------------------
# Coupling degree helper
# --------------------------------------------------------------------------------------


def test_standard_equal_indices_give_full_coupling() -> None:
    # U = (.25, .25): C = 2 sqrt(.0625) / .5 = 2 * .25 / .5 = 1
    assert coupling_degree(np.array([0.25, 0.25]), "standard") == pytest.approx(1.0)


@pytest.mark.parametrize("model", ["standard", "wang2021"])
def test_one_zero_index_gives_zero_coupling(model: str) -> None:
    # U = (0, .5): prod U = 0 -> C = 0 under standard and wang2021
    assert coupling_degree(np.array([0.0, 0.5]), model) == 0.0


def test_fan2024_one_zero_index() -> None:
    # U = (0, .5): sigma = .25, C = 1 - 2 * .25 = 0.5 (= 1 - |U1 - U2|)
    assert coupling_degree(np.array([0.0, 0.5]), "fan2024") == pytest.approx(0.5)


@pytest.mark.parametrize("model", ["standard", "wang2021", "fan2024"])
def test_all_zero_indices_are_undefined(model: str) -> None:
    assert coupling_degree(np.array([0.0, 0.0]), model) is None
    assert coupling_degree(np.array([0.0, 0.0, 0.0]), model) is None


@pytest.mark.parametrize(
    ("u1", "u2"), [(0.2, 0.6), (0.9, 0.1), (0.5, 0.5), (0.01, 0.99), (0.37, 0.41)]
)
def test_two_system_closed_forms(u1: float, u2: float) -> None:
    # standard: 2 sqrt(U1 U2) / (U1 + U2)
    # wang2021: sqrt((1 - |U1 - U2|) min / max); fan2024: 1 - |U1 - U2|
    u = np.array([u1, u2])
    standard = 2 * math.sqrt(u1 * u2) / (u1 + u2)
    wang = math.sqrt((1 - abs(u1 - u2)) * min(u1, u2) / max(u1, u2))
    fan = 1 - abs(u1 - u2)
    assert coupling_degree(u, "standard") == pytest.approx(standard, abs=TIGHT)
    assert coupling_degree(u, "wang2021") == pytest.approx(wang, abs=TIGHT)
    assert coupling_degree(u, "fan2024") == pytest.approx(fan, abs=TIGHT)


def test_wang2021_two_systems_worked_example() -> None:
    # U = (.2, .6): sqrt((1 - .4) * .2 / .6) = sqrt(.6 / 3) = sqrt(.2) = 0.4472135955
    value = coupling_degree(np.array([0.2, 0.6]), "wang2021")
    assert value == pytest.approx(0.4472135955, abs=1e-10)


def test_three_systems_by_hand() -> None:
    u = np.array([0.2, 0.4, 0.8])
    # standard: prod = .064, cube root = .4, sum = 1.4 -> C = 3 * .4 / 1.4 = 6/7
    assert coupling_degree(u, "standard") == pytest.approx(6 / 7, abs=TIGHT)
    # wang2021: pair differences .2, .6, .4 -> mean .4 -> 1 - .4 = .6;
    # prod of U_i / max U = .25 * .5 * 1 = .125, ^(1/2) = .3535533906;
    # C = sqrt(.6 * .3535533906) = sqrt(.2121320344) = 0.4605779352
    assert coupling_degree(u, "wang2021") == pytest.approx(0.4605779352, abs=1e-10)
    # fan2024: mean 1.4/3; deviations -.8/3, -.2/3, 1/3; squares .64/9, .04/9, 1/9
    # sum 1.68/9, /3 = .56/9; sigma = sqrt(.56)/3 = .2494438258; C = 0.5011123484
    assert coupling_degree(u, "fan2024") == pytest.approx(0.5011123484, abs=1e-10)


def test_three_systems_coordination_by_hand() -> None:
    # T = 1.4/3, C = 6/7 -> D^2 = 6/7 * 1.4/3 = 8.4/21 = 0.4 -> D = 0.6324555320
    c = coupling_degree(np.array([0.2, 0.4, 0.8]), "standard")
    assert c is not None
    assert math.sqrt(c * 1.4 / 3) == pytest.approx(math.sqrt(0.4), abs=TIGHT)


def test_fan2024_two_pass_exact_for_nearly_equal_indices() -> None:
    # b - a is exact (Sterbenz); a one-pass variance E[U^2] - mean^2 would lose all
    # digits here (0.09 has ulp 1.4e-17, the variance is 2.5e-25).
    a, b = 0.3, 0.3 + 1e-12
    value = coupling_degree(np.array([a, b]), "fan2024")
    assert value is not None
    assert value != 1.0
    assert abs(value - (1.0 - (b - a))) < 1e-15


@pytest.mark.parametrize("bad", [[0.5], [0.2, -0.1], [0.2, np.nan]])
def test_coupling_degree_rejects_bad_indices(bad: list[float]) -> None:
    with pytest.raises(ReferenceError):
        coupling_degree(np.array(bad), "standard")


def test_coupling_degree_rejects_unknown_model() -> None:
    with pytest.raises(ReferenceError, match="coupling_model"):
        coupling_degree(np.array([0.2, 0.3]), "pairsum")


# --------------------------------------------------------------------------------------
# End-to-end on hand-worked panels
# --------------------------------------------------------------------------------------


def test_hand_panel_weights(hand_result: Result) -> None:
    weights = hand_result.weights.set_index("indicator")
    assert weights.loc["r1", "entropy"] == pytest.approx(0.5, abs=TIGHT)
    assert weights.loc["r2", "entropy"] == 0.0
    assert weights.loc["r1", "weight"] == pytest.approx(1 / 3, abs=TIGHT)
    assert weights.loc["r2", "weight"] == pytest.approx(2 / 3, abs=TIGHT)
    assert weights.loc["d1", "weight"] == 1.0
    assert weights.loc["d2", "weight"] == 0.0
    assert weights["n_observations"].tolist() == [4, 4, 4, 4]
    assert weights["year"].isna().all()
    assert weights.loc["r2", "min_value"] == 1.0
    assert weights.loc["r2", "max_value"] == 5.0


def test_negative_direction_indicator(hand_result: Result) -> None:
    # r2 negative, min 1, max 5: x' = (5 - x) / 4 -> A2020 0, B2021 (x = 1) 1
    normalised = hand_result.normalised
    assert row_of(normalised, region="A", year=2020, indicator="r2")[
        "normalised_value"
    ] == pytest.approx(0.0)
    assert row_of(normalised, region="B", year=2021, indicator="r2")[
        "normalised_value"
    ] == pytest.approx(1.0)


def test_negative_direction_three_values(
    bands: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    # values (10, 20, 40), negative: x' = (40 - x) / 30 = (1, 2/3, 0)
    values = two_subsystem_values([10.0, 20.0, 40.0], [0.0, 1.0, 2.0])
    catalog = make_catalog(
        [("r", "real", "scale", "negative"), ("d", "digital", "tech", "positive")]
    )
    result = run(values, catalog, bands)
    x_prime = result.normalised[result.normalised["indicator"] == "r"]
    assert x_prime["normalised_value"].to_numpy() == pytest.approx(
        [1.0, 2 / 3, 0.0], abs=TIGHT
    )


def test_constant_indicator_gets_weight_zero(hand_result: Result) -> None:
    d2 = row_of(hand_result.weights, indicator="d2")
    assert bool(d2["is_constant"])
    assert d2["entropy"] == 1.0
    assert d2["divergence"] == 0.0
    assert d2["weight"] == 0.0
    assert (
        hand_result.normalised.loc[
            hand_result.normalised["indicator"] == "d2", "normalised_value"
        ]
        .isna()
        .all()
    )
    assert not hand_result.weights.loc[
        hand_result.weights["indicator"] != "d2", "is_constant"
    ].any()


def test_hand_panel_indices(hand_result: Result) -> None:
    index = hand_result.subsystem_index
    expected = {
        ("A", 2020): (0.0, 0.0),
        ("A", 2021): (1 / 3, 1.0),
        ("B", 2020): (1 / 3, 1.0),
        ("B", 2021): (2 / 3, 0.0),
    }
    for (region, year), (u_real, u_digital) in expected.items():
        real = row_of(index, region=region, year=year, subsystem="real")
        digital = row_of(index, region=region, year=year, subsystem="digital")
        assert real["development_index"] == pytest.approx(u_real, abs=TIGHT)
        assert digital["development_index"] == pytest.approx(u_digital, abs=TIGHT)
    # dimensions: B2021 real = structure 2/3 + scale 0
    dims = hand_result.dimension_index
    structure = row_of(
        dims, region="B", year=2021, subsystem="real", dimension="structure"
    )
    scale = row_of(dims, region="B", year=2021, subsystem="real", dimension="scale")
    assert structure["development_index"] == pytest.approx(2 / 3, abs=TIGHT)
    assert scale["development_index"] == 0.0


def test_hand_panel_coupling(hand_result: Result) -> None:
    coupling = hand_result.coupling
    assert len(coupling) == 4
    assert (coupling["n_subsystems"] == 2).all()

    # A2020: U = (0, 0) -> undefined, T = 0, E null
    undefined = row_of(coupling, region="A", year=2020)
    assert bool(undefined["is_coupling_undefined"])
    assert pd.isna(undefined["coupling_degree"])
    assert pd.isna(undefined["coordination_degree"])
    assert pd.isna(undefined["coordination_level"])
    assert pd.isna(undefined["coupling_stage"])
    assert pd.isna(undefined["level_name_en"])
    assert undefined["coordination_index"] == 0.0
    assert undefined["lag_type"] == "undefined"
    assert pd.isna(undefined["relative_development"])

    # A2021: U = (1/3, 1): C = 2 sqrt(1/3) / (4/3) = sqrt(3)/2 = 0.8660254038,
    # T = 2/3, D = sqrt(sqrt(3)/2 * 2/3) = 3^(-1/4) = 0.7598356857 -> level 8;
    # C > 0.8 -> high-level coupling; E = 1/3 <= 0.8 -> real economy lagging
    coupled = row_of(coupling, region="A", year=2021)
    assert coupled["coupling_degree"] == pytest.approx(math.sqrt(3) / 2, abs=TIGHT)
    assert coupled["coordination_index"] == pytest.approx(2 / 3, abs=TIGHT)
    assert coupled["coordination_degree"] == pytest.approx(3**-0.25, abs=TIGHT)
    assert coupled["coordination_level"] == 8
    assert coupled["level_name_en"] == "intermediate coordination"
    assert coupled["level_name_zh"] == "中级协调"
    assert coupled["coupling_stage"] == "high_level_coupling"
    assert coupled["relative_development"] == pytest.approx(1 / 3, abs=TIGHT)
    assert coupled["lag_type"] == "real_economy_lagging"
    assert not bool(coupled["is_coupling_undefined"])

    # B2021: U = (2/3, 0): C = 0, T = 1/3, D = 0 -> level 1, low-level coupling;
    # U_digital = 0 < U_real -> E null, digital economy lagging
    zero = row_of(coupling, region="B", year=2021)
    assert zero["coupling_degree"] == 0.0
    assert zero["coordination_index"] == pytest.approx(1 / 3, abs=TIGHT)
    assert zero["coordination_degree"] == 0.0
    assert zero["coordination_level"] == 1
    assert zero["coupling_stage"] == "low_level_coupling"
    assert pd.isna(zero["relative_development"])
    assert zero["lag_type"] == "digital_economy_lagging"


def test_equal_quarter_indices_end_to_end(
    bands: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    # both indicators (0, .25, 1) -> x' = (0, .25, 1) = U (weight 1 each).
    # R1: U = (.25, .25) -> C = 1, T = .25, D = .5 (level 6, lower-inclusive);
    # R2: U = (1, 1) -> C = 1, T = 1, D = 1 -> level 10 (top band holds 1)
    values = two_subsystem_values([0.0, 0.25, 1.0], [0.0, 0.25, 1.0])
    result = run(values, make_catalog(SIMPLE_CATALOG_ROWS), bands)
    quarter = row_of(result.coupling, region="R1")
    assert quarter["coupling_degree"] == pytest.approx(1.0, abs=TIGHT)
    assert quarter["coordination_index"] == pytest.approx(0.25, abs=TIGHT)
    assert quarter["coordination_degree"] == pytest.approx(0.5, abs=TIGHT)
    top = row_of(result.coupling, region="R2")
    assert top["coordination_degree"] == pytest.approx(1.0, abs=TIGHT)
    assert top["coordination_level"] == 10
    assert top["lag_type"] == "synchronous"  # E = 1


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        # U = (1/3, 1) at A2021 of the hand panel
        ("standard", math.sqrt(3) / 2),
        ("wang2021", math.sqrt((1 - 2 / 3) * (1 / 3))),  # sqrt(1/9) = 1/3
        ("fan2024", 1 - 2 / 3),
    ],
)
def test_coupling_model_setting(
    bands: tuple[pd.DataFrame, pd.DataFrame], model: str, expected: float
) -> None:
    result = run(
        HAND_VALUES,
        make_catalog(HAND_CATALOG_ROWS),
        bands,
        Settings(coupling_model=model),
    )
    row = row_of(result.coupling, region="A", year=2021)
    assert row["coupling_degree"] == pytest.approx(expected, abs=TIGHT)
    assert row["coordination_degree"] == pytest.approx(
        math.sqrt(expected * 2 / 3), abs=TIGHT
    )


def test_subsystem_weights_alpha(bands: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    # A2021: T = .75 * 1/3 + .25 * 1 = 0.5
    result = run(
        HAND_VALUES,
        make_catalog(HAND_CATALOG_ROWS),
        bands,
        Settings(subsystem_weights={"real": 0.75, "digital": 0.25}),
    )
    row = row_of(result.coupling, region="A", year=2021)
    assert row["coordination_index"] == pytest.approx(0.5, abs=TIGHT)


@pytest.mark.parametrize(
    "alpha",
    [
        {"real": 0.5},
        {"real": 0.5, "digital": 0.25},
        {"real": 0.5, "digital": 0.5, "other": 0.0},
        {"real": 1.5, "digital": -0.5},
    ],
)
def test_bad_subsystem_weights_raise(
    bands: tuple[pd.DataFrame, pd.DataFrame], alpha: dict[str, float]
) -> None:
    with pytest.raises(ReferenceError, match="subsystem_weights"):
        run(
            HAND_VALUES,
            make_catalog(HAND_CATALOG_ROWS),
            bands,
            Settings(subsystem_weights=alpha),
        )


def test_zero_policy_shift(bands: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    # x' = (0, 1); z = (eps, 1 + eps), p = z / (1 + 2 eps),
    # e = -(p1 ln p1 + p2 ln p2) / ln 2; indices use the unshifted x'
    eps = 0.01
    values = two_subsystem_values([0.0, 1.0], [0.0, 1.0])
    result = run(
        values,
        make_catalog(SIMPLE_CATALOG_ROWS),
        bands,
        Settings(zero_policy="shift", zero_shift_epsilon=eps),
    )
    p1, p2 = eps / (1 + 2 * eps), (1 + eps) / (1 + 2 * eps)
    expected = -(p1 * math.log(p1) + p2 * math.log(p2)) / math.log(2)
    assert row_of(result.weights, indicator="r")["entropy"] == pytest.approx(
        expected, abs=TIGHT
    )
    index = result.subsystem_index
    assert row_of(index, region="R0", subsystem="real")["development_index"] == 0.0
    assert row_of(index, region="R1", subsystem="real")["development_index"] == 1.0


def test_year_scope(bands: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    # r1: 2020 (1, 3) -> w 1 in 2020; 2021 (5, 5) constant -> w 0 in 2021
    # r2: 2020 (2, 2) constant -> w 0; 2021 (0, 4) -> w 1
    values = {
        ("A", 2020, "r1"): 1.0,
        ("B", 2020, "r1"): 3.0,
        ("A", 2021, "r1"): 5.0,
        ("B", 2021, "r1"): 5.0,
        ("A", 2020, "r2"): 2.0,
        ("B", 2020, "r2"): 2.0,
        ("A", 2021, "r2"): 0.0,
        ("B", 2021, "r2"): 4.0,
        ("A", 2020, "d"): 0.0,
        ("B", 2020, "d"): 1.0,
        ("A", 2021, "d"): 1.0,
        ("B", 2021, "d"): 0.0,
    }
    catalog = make_catalog(
        [
            ("r1", "real", "scale", "positive"),
            ("r2", "real", "scale", "positive"),
            ("d", "digital", "tech", "positive"),
        ]
    )
    result = run(values, catalog, bands, Settings(entropy_scope="year"))
    weights = result.weights
    assert len(weights) == 6
    assert (weights["n_observations"] == 2).all()
    assert row_of(weights, indicator="r1", year=2020)["weight"] == 1.0
    assert row_of(weights, indicator="r1", year=2021)["weight"] == 0.0
    assert bool(row_of(weights, indicator="r1", year=2021)["is_constant"])
    assert row_of(weights, indicator="r2", year=2021)["weight"] == 1.0
    assert row_of(weights, indicator="r2", year=2021)["max_value"] == 4.0
    index = result.subsystem_index
    # B2020 real = 1 * x'(r1 = 3) = 1; A2021 real = 1 * x'(r2 = 0) = 0
    assert row_of(index, region="B", year=2020, subsystem="real")[
        "development_index"
    ] == pytest.approx(1.0)
    assert row_of(index, region="A", year=2021, subsystem="real")[
        "development_index"
    ] == pytest.approx(0.0)


def test_lag_not_applicable_when_subsystem_absent(
    bands: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    result = run(
        HAND_VALUES,
        make_catalog(HAND_CATALOG_ROWS),
        bands,
        Settings(lag_numerator_subsystem="industry"),
    )
    assert (result.coupling["lag_type"] == "not_applicable").all()
    assert result.coupling["relative_development"].isna().all()


# --------------------------------------------------------------------------------------
# Raw values, ratios and gaps
# --------------------------------------------------------------------------------------


def _gap_panel(values_a: dict[int, float]) -> dict[tuple[str, int, str], float]:
    """Region A's 'r' series as given, everything else complete for 2013-2016."""
    values: dict[tuple[str, int, str], float] = {}
    for year in range(2013, 2017):
        values[("B", year, "r")] = float(year - 2000)
        values[("A", year, "d")] = float(year - 2013)
        values[("B", year, "d")] = float(2016 - year)
    for year, value in values_a.items():
        values[("A", year, "r")] = value
    return values


def test_interpolates_interior_gap(bands: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    # A: 2013 = 10, 2016 = 40, 2014 and 2015 missing:
    # 10 + 30 * 1/3 = 20 and 10 + 30 * 2/3 = 30
    result = run(
        _gap_panel({2013: 10.0, 2016: 40.0}), make_catalog(SIMPLE_CATALOG_ROWS), bands
    )
    values = result.indicator_values
    a2014 = row_of(values, region="A", year=2014, indicator="r")
    a2015 = row_of(values, region="A", year=2015, indicator="r")
    assert a2014["value"] == pytest.approx(20.0, abs=TIGHT)
    assert a2015["value"] == pytest.approx(30.0, abs=TIGHT)
    assert a2014["value_status"] == "interpolated"
    assert row_of(values, region="A", year=2013, indicator="r")["value_status"] == (
        "observed"
    )
    assert (values["value_status"] == "interpolated").sum() == 2
    assert len(values) == 2 * 4 * 2


@pytest.mark.parametrize(
    "values_a", [{2014: 1.0, 2015: 2.0, 2016: 3.0}, {2013: 1.0, 2014: 2.0, 2015: 3.0}]
)
def test_edge_gap_raises(
    bands: tuple[pd.DataFrame, pd.DataFrame], values_a: dict[int, float]
) -> None:
    with pytest.raises(ReferenceError, match="unfillable"):
        run(_gap_panel(values_a), make_catalog(SIMPLE_CATALOG_ROWS), bands)


def test_gap_policy_none_rejects_interior_gap(
    bands: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    with pytest.raises(ReferenceError, match="gap_policy none"):
        run(
            _gap_panel({2013: 10.0, 2016: 40.0}),
            make_catalog(SIMPLE_CATALOG_ROWS),
            bands,
            Settings(gap_policy="none"),
        )


def test_gap_policy_none_accepts_complete_panel(
    bands: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    full = {year: float(year) for year in range(2013, 2017)}
    result = run(
        _gap_panel(full),
        make_catalog(SIMPLE_CATALOG_ROWS),
        bands,
        Settings(gap_policy="none"),
    )
    assert (result.indicator_values["value_status"] == "observed").all()


def test_grid_spans_only_the_series_the_catalog_reads(
    bands: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    # 2017 and region C appear only in a raw series outside the catalog: they do not
    # widen the panel, so there is no gap to fill and the grid keeps 2 x 4 cells.
    values = _gap_panel({year: float(year) for year in range(2013, 2017)})
    values[("A", 2017, "not_in_catalog")] = 1.0
    values[("C", 2013, "not_in_catalog")] = 1.0
    result = run(values, make_catalog(SIMPLE_CATALOG_ROWS), bands)
    grid = result.indicator_values
    assert sorted(grid["year"].unique()) == [2013, 2014, 2015, 2016]
    assert "C" not in set(grid["region"])


def test_ratio_and_multiplier(bands: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    # share = num / den * 100: A2020 1/4*100 = 25; A2021 den = 0 -> gap;
    # A2022 3/10*100 = 30 -> A2021 interpolated (25 + 30)/2 = 27.5
    # size = raw_size * 0.0001 (no denominator)
    values: dict[tuple[str, int, str], float] = {}
    for year, (num, den) in zip(
        (2020, 2021, 2022), ((1.0, 4.0), (2.0, 0.0), (3.0, 10.0)), strict=True
    ):
        values[("A", year, "num")] = num
        values[("A", year, "den")] = den
        values[("B", year, "num")] = 1.0
        values[("B", year, "den")] = 1.0 + year - 2020
        values[("A", year, "raw_size")] = 10000.0 * (year - 2019)
        values[("B", year, "raw_size")] = 5000.0
    catalog = make_catalog(
        [
            ("share", "real", "structure", "negative"),
            ("size", "digital", "tech", "positive"),
        ],
        source_indicator=["num", "raw_size"],
        denominator_indicator=["den", None],
        multiplier=[100.0, 0.0001],
    )
    result = run(values, catalog, bands)
    indicator_values = result.indicator_values
    assert row_of(indicator_values, region="A", year=2020, indicator="share")[
        "value"
    ] == pytest.approx(25.0)
    gap = row_of(indicator_values, region="A", year=2021, indicator="share")
    assert gap["value"] == pytest.approx(27.5)
    assert gap["value_status"] == "interpolated"
    assert row_of(indicator_values, region="A", year=2022, indicator="size")[
        "value"
    ] == pytest.approx(3.0)
    assert row_of(indicator_values, region="B", year=2022, indicator="share")[
        "value"
    ] == pytest.approx(100 / 3)


def test_catalog_defaults_for_blank_cells(
    bands: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    # empty source -> own name; empty multiplier -> 1
    values = two_subsystem_values([1.0, 2.0], [3.0, 5.0])
    catalog = make_catalog(
        SIMPLE_CATALOG_ROWS,
        source_indicator=["", np.nan],
        denominator_indicator=[np.nan, ""],
        multiplier=[np.nan, np.nan],
    )
    result = run(values, catalog, bands)
    assert row_of(result.indicator_values, region="R1", indicator="d")["value"] == 5.0


# --------------------------------------------------------------------------------------
# Inputs that stop the build
# --------------------------------------------------------------------------------------


def test_single_sample_raises(bands: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    with pytest.raises(ReferenceError, match="m = 1"):
        run(
            two_subsystem_values([1.0], [2.0]), make_catalog(SIMPLE_CATALOG_ROWS), bands
        )


def test_single_region_in_year_scope_raises(
    bands: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    values = two_subsystem_values([1.0], [2.0], year=2020)
    values.update(
        {k: v + 1 for k, v in two_subsystem_values([1.0], [2.0], year=2021).items()}
    )
    catalog = make_catalog(SIMPLE_CATALOG_ROWS)
    run(values, catalog, bands)  # panel scope: m = 2 is fine
    with pytest.raises(ReferenceError, match="m = 1"):
        run(values, catalog, bands, Settings(entropy_scope="year"))


def test_all_constant_subsystem_raises(
    bands: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    values = two_subsystem_values([4.0, 4.0, 4.0], [1.0, 2.0, 3.0])
    with pytest.raises(ReferenceError, match="divergence is 0"):
        run(values, make_catalog(SIMPLE_CATALOG_ROWS), bands)


def test_fewer_than_two_subsystems_raises(
    bands: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    catalog = make_catalog(
        [("r", "real", "scale", "positive"), ("d", "real", "tech", "positive")]
    )
    with pytest.raises(ReferenceError, match="at least 2 subsystems"):
        run(two_subsystem_values([1.0, 2.0], [3.0, 4.0]), catalog, bands)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"entropy_scope": "pooled"},
        {"zero_policy": "interval"},
        {"zero_shift_epsilon": 0.0},
        {"zero_shift_epsilon": -1e-4},
        {"zero_shift_epsilon": math.inf},
        {"coupling_model": "pairsum"},
        {"gap_policy": "extrapolate"},
        {"lag_numerator_subsystem": ""},
    ],
)
def test_unknown_settings_raise(kwargs: dict[str, object]) -> None:
    with pytest.raises(ReferenceError, match="setting"):
        Settings(**kwargs)  # type: ignore[arg-type]


def test_unknown_direction_raises(bands: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    catalog = make_catalog(
        [("r", "real", "scale", "benefit"), ("d", "digital", "tech", "positive")]
    )
    with pytest.raises(ReferenceError, match="direction"):
        run(two_subsystem_values([1.0, 2.0], [3.0, 4.0]), catalog, bands)


def test_duplicate_raw_values_raise(bands: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    raw = make_raw(two_subsystem_values([1.0, 2.0], [3.0, 4.0]))
    raw = pd.concat([raw, raw.iloc[[0]]], ignore_index=True)
    levels, stages = bands
    with pytest.raises(ReferenceError, match="more than one value"):
        compute(raw, make_catalog(SIMPLE_CATALOG_ROWS), levels, stages)


# --------------------------------------------------------------------------------------
# Levels, stages, lag types
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("degree", "level"),
    [
        (0.0, 1),
        (0.0999, 1),
        (0.1, 2),  # lower-inclusive
        (0.5, 6),
        (0.8999999, 9),
        (0.9, 10),
        (0.9999, 10),
        (1.0, 10),  # the top band holds its upper bound
    ],
)
def test_level_band_edges(
    bands: tuple[pd.DataFrame, pd.DataFrame], degree: float, level: int
) -> None:
    levels, _stages = bands
    assert classify_level(degree, levels)[0] == level


def test_level_outside_bands_and_null(bands: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    levels, _stages = bands
    assert classify_level(None, levels) == (None, None, None)
    assert classify_level(float("nan"), levels) == (None, None, None)
    assert classify_level(1.0000001, levels) == (None, None, None)
    assert classify_level(1.0, levels) == (10, "优质协调", "high-quality coordination")


@pytest.mark.parametrize(
    ("coupling", "stage"),
    [
        (0.0, "low_level_coupling"),  # the bottom band holds its lower bound
        (0.3, "low_level_coupling"),  # upper-inclusive
        (0.3000001, "antagonism"),
        (0.5, "antagonism"),
        (0.5000001, "running_in"),
        (0.8, "running_in"),
        (0.8000001, "high_level_coupling"),
        (1.0, "high_level_coupling"),
    ],
)
def test_stage_band_edges(
    bands: tuple[pd.DataFrame, pd.DataFrame], coupling: float, stage: str
) -> None:
    _levels, stages = bands
    assert classify_stage(coupling, stages) == stage


def test_stage_null(bands: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    _levels, stages = bands
    assert classify_stage(None, stages) is None
    assert classify_stage(-0.1, stages) is None


@pytest.mark.parametrize(
    ("u_real", "u_digital", "expected_e", "expected_type"),
    [
        (0.8, 1.0, 0.8, "real_economy_lagging"),  # E = 0.8 is still lagging
        (0.4, 0.5, 0.8, "real_economy_lagging"),  # 0.4 / 0.5 == 0.8 in binary too
        (0.8000001, 1.0, 0.8000001, "synchronous"),
        (1.2, 1.0, 1.2, "synchronous"),  # E = 1.2 is still synchronous
        (0.6, 0.5, 1.2, "synchronous"),
        (1.2000001, 1.0, 1.2000001, "digital_economy_lagging"),
        (0.0, 0.5, 0.0, "real_economy_lagging"),
        (0.3, 0.0, None, "digital_economy_lagging"),  # zero digital index
        (0.0, 0.0, None, "undefined"),
        (None, 0.4, None, "not_applicable"),
        (0.4, None, None, "not_applicable"),
    ],
)
def test_lag_types(
    u_real: float | None,
    u_digital: float | None,
    expected_e: float | None,
    expected_type: str,
) -> None:
    ratio, lag = lag_type(u_real, u_digital)
    assert lag == expected_type
    if expected_e is None:
        assert ratio is None
    else:
        assert ratio == pytest.approx(expected_e, abs=1e-15)


# --------------------------------------------------------------------------------------
# Cross-check against pyrepo-mcda
# --------------------------------------------------------------------------------------


def _random_one_subsystem_panel(
    seed: int, n_regions: int, n_years: int, n_indicators: int
) -> tuple[dict[tuple[str, int, str], float], pd.DataFrame]:
    rng = np.random.default_rng(seed)
    values: dict[tuple[str, int, str], float] = {}
    rows = []
    for j in range(n_indicators):
        direction = "negative" if rng.random() < 0.4 else "positive"
        rows.append((f"r{j}", "real", f"dim{j % 2}", direction))
        tied = rng.random() < 0.3
        for region in range(n_regions):
            for year in range(2015, 2015 + n_years):
                value = (
                    float(rng.integers(0, 4)) if tied else float(rng.lognormal(2, 1))
                )
                values[(f"P{region}", year, f"r{j}")] = value
    for region in range(n_regions):
        for year in range(2015, 2015 + n_years):
            values[(f"P{region}", year, "d")] = float(region + year)
    rows.append(("d", "digital", "tech", "positive"))
    return values, make_catalog(rows)


@pytest.mark.parametrize("seed", range(8))
def test_entropy_weights_match_pyrepo_panel_scope(
    bands: tuple[pd.DataFrame, pd.DataFrame], seed: int
) -> None:
    values, catalog = _random_one_subsystem_panel(seed, 5, 4, 6)
    result = run(values, catalog, bands)
    real = result.weights[result.weights["subsystem"] == "real"]
    real = real[~real["is_constant"]]  # pyrepo has no 0/0 convention
    matrix = (
        result.normalised.pivot_table(
            index=["region", "year"], columns="indicator", values="normalised_value"
        )
        .loc[:, real["indicator"].tolist()]
        .to_numpy()
    )
    expected = entropy_weighting(matrix)
    assert real["weight"].to_numpy() == pytest.approx(expected, abs=TIGHT)


@pytest.mark.parametrize("seed", range(4))
def test_entropy_weights_match_pyrepo_year_scope(
    bands: tuple[pd.DataFrame, pd.DataFrame], seed: int
) -> None:
    values, catalog = _random_one_subsystem_panel(100 + seed, 6, 3, 4)
    result = run(values, catalog, bands, Settings(entropy_scope="year"))
    for year, block in result.weights.groupby("year"):
        real = block[(block["subsystem"] == "real") & ~block["is_constant"]]
        if real.empty:
            continue
        of_year = result.normalised[result.normalised["year"] == year]
        matrix = (
            of_year.pivot_table(
                index="region", columns="indicator", values="normalised_value"
            )
            .loc[:, real["indicator"].tolist()]
            .to_numpy()
        )
        assert real["weight"].to_numpy() == pytest.approx(
            entropy_weighting(matrix), abs=TIGHT
        )


# --------------------------------------------------------------------------------------
# Property tests
# --------------------------------------------------------------------------------------

_values = st.one_of(
    st.integers(0, 3).map(float),
    st.floats(-1e4, 1e4, allow_nan=False, allow_infinity=False),
)


@st.composite
def random_panels(draw: st.DrawFn) -> tuple[dict, pd.DataFrame, Settings]:
    """Small random panels; each subsystem's first indicator varies in every year."""
    n_regions = draw(st.integers(2, 4))
    years = list(range(2018, 2018 + draw(st.integers(1, 3))))
    n_subsystems = draw(st.integers(2, 3))
    values: dict[tuple[str, int, str], float] = {}
    rows = []
    for s in range(n_subsystems):
        for j in range(draw(st.integers(1, 3))):
            name = f"s{s}_i{j}"
            direction = draw(st.sampled_from(["positive", "negative"]))
            rows.append((name, f"s{s}", f"dim{draw(st.integers(0, 1))}", direction))
            for year in years:
                for region in range(n_regions):
                    values[(f"R{region}", year, name)] = draw(_values)
                if j == 0:  # R1 = R0 + a positive offset: never constant
                    offset = draw(st.floats(0.5, 100.0))
                    values[("R1", year, name)] = values[("R0", year, name)] + offset
    model_settings = Settings(
        entropy_scope=draw(st.sampled_from(["panel", "year"])),
        zero_policy=draw(st.sampled_from(["limit", "shift"])),
        coupling_model=draw(st.sampled_from(["standard", "wang2021", "fan2024"])),
    )
    return values, make_catalog(rows), model_settings


@hypothesis_settings(derandomize=True, max_examples=60, deadline=None)
@given(random_panels())
def test_properties_on_random_panels(
    panel: tuple[dict, pd.DataFrame, Settings],
) -> None:
    values, catalog, model_settings = panel
    _raw, _catalog, levels, stages = load_bundled(REPO_ROOT)
    result = compute(make_raw(values), catalog, levels, stages, model_settings)

    # weights sum to 1 per subsystem (and year in year scope), are >= 0
    keys = (
        ["subsystem"]
        if model_settings.entropy_scope == "panel"
        else ["subsystem", "year"]
    )
    sums = result.weights.groupby(keys)["weight"].sum()
    assert np.allclose(sums.to_numpy(), 1.0, rtol=0, atol=TIGHT)
    assert (result.weights["weight"] >= 0).all()
    assert (result.weights.loc[result.weights["is_constant"], "weight"] == 0).all()
    entropies = result.weights["entropy"]
    assert ((entropies >= -TIGHT) & (entropies <= 1 + TIGHT)).all()

    x_prime = result.normalised["normalised_value"].dropna()
    assert ((x_prime >= 0) & (x_prime <= 1)).all()

    u = result.subsystem_index["development_index"]
    assert ((u >= -TIGHT) & (u <= 1 + TIGHT)).all()

    coupling = result.coupling
    defined = coupling[~coupling["is_coupling_undefined"]]
    for column in ("coupling_degree", "coordination_index", "coordination_degree"):
        assert ((defined[column] >= -TIGHT) & (defined[column] <= 1 + TIGHT)).all()
    assert np.allclose(
        defined["coordination_degree"] ** 2,
        defined["coupling_degree"] * defined["coordination_index"],
        rtol=0,
        atol=TIGHT,
    )
    assert defined["coupling_stage"].notna().all()
    assert defined["coordination_level"].notna().all()
    undefined = coupling[coupling["is_coupling_undefined"]]
    assert undefined["coupling_degree"].isna().all()
    assert undefined["coordination_level"].isna().all()

    # undefined exactly when every U of the region-year is 0
    all_zero = result.subsystem_index.groupby(["region", "year"])[
        "development_index"
    ].apply(lambda index: bool((index == 0).all()))
    flags = coupling.set_index(["region", "year"])["is_coupling_undefined"]
    assert (all_zero.loc[flags.index] == flags).all()

    # dimension indices add up to the subsystem index
    summed = result.dimension_index.groupby(["region", "year", "subsystem"])[
        "development_index"
    ].sum()
    direct = result.subsystem_index.set_index(["region", "year", "subsystem"])[
        "development_index"
    ]
    assert np.allclose(summed.loc[direct.index], direct, rtol=0, atol=TIGHT)

    n_grid = coupling[["region", "year"]].drop_duplicates().shape[0]
    assert len(coupling) == n_grid
    assert len(result.indicator_values) == n_grid * len(catalog)


@hypothesis_settings(derandomize=True, max_examples=100, deadline=None)
@given(
    st.floats(0.01, 0.99),
    st.integers(1, 1000),
    st.integers(2, 4),
)
def test_fan2024_two_pass_nearly_equal(base: float, ulps: int, n: int) -> None:
    # n - 1 systems at `base`, one a few hundred ulps above: the exact C is
    # 1 - 2 sigma with sigma = delta sqrt(n - 1) / n (one value off by delta).
    other = base + ulps * math.ulp(base)
    delta = other - base  # exact (Sterbenz)
    u = np.array([base] * (n - 1) + [other])
    value = coupling_degree(u, "fan2024")
    assert value is not None
    expected = 1.0 - 2.0 * delta * math.sqrt(n - 1) / n
    assert abs(value - expected) < 1e-15
    if expected < 1.0:  # deltas below ulp(1)/2 round C to exactly 1
        assert value < 1.0


@hypothesis_settings(derandomize=True, max_examples=100, deadline=None)
@given(st.lists(st.floats(0.0, 1.0), min_size=2, max_size=5))
def test_coupling_degree_bounds(u: list[float]) -> None:
    for model in ("standard", "wang2021", "fan2024"):
        value = coupling_degree(np.array(u), model)
        if all(x == 0 for x in u):
            assert value is None
        else:
            assert value is not None
            assert -TIGHT <= value <= 1 + TIGHT


# --------------------------------------------------------------------------------------
# The bundled real panel
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled() -> Result:
    """compute() on the bundled seeds with default settings."""
    return compute(*load_bundled(REPO_ROOT))


def test_bundled_structure(bundled: Result) -> None:
    coupling = bundled.coupling
    assert len(coupling) == 70
    assert coupling["region"].nunique() == 7
    assert sorted(coupling["year"].unique()) == list(range(2013, 2023))
    assert (coupling["n_subsystems"] == 2).all()
    assert not coupling["is_coupling_undefined"].any()
    assert coupling["coordination_level"].notna().all()
    assert set(coupling["lag_type"]) <= {
        "real_economy_lagging",
        "synchronous",
        "digital_economy_lagging",
    }

    weights = bundled.weights
    assert len(weights) == 25
    assert weights["indicator"].nunique() == 25
    assert sorted(weights["subsystem"].unique()) == ["digital", "real"]
    assert (weights["n_observations"] == 70).all()
    assert not weights["is_constant"].any()
    sums = weights.groupby("subsystem")["weight"].sum()
    assert np.allclose(sums.to_numpy(), 1.0, rtol=0, atol=TIGHT)
    assert "websites" not in set(weights["indicator"])
    assert len(bundled.indicator_values) == 70 * 25


def test_bundled_interpolated_cells(bundled: Result) -> None:
    values = bundled.indicator_values
    interpolated = values[values["value_status"] == "interpolated"]
    hightech = {
        "hightech_profit_margin_pct",
        "hightech_revenue_100m_yuan",
        "hightech_enterprises",
    }
    expected = {
        (region, 2017, indicator)
        for region in bundled.coupling["region"].unique()
        for indicator in hightech
    }
    got = set(
        zip(
            interpolated["region"],
            interpolated["year"],
            interpolated["indicator"],
            strict=True,
        )
    )
    assert got == expected


def test_bundled_ratio_is_interpolated_not_recomputed(bundled: Result) -> None:
    # the margin (an indicator value) is interpolated, not profit and revenue apart
    raw, _catalog, _levels, _stages = load_bundled(REPO_ROOT)
    series = raw[(raw["region"] == "Anhui")].pivot_table(
        index="year", columns="indicator", values="value"
    )
    margin = series["hightech_profit"] / series["hightech_revenue"] * 100
    values = bundled.indicator_values
    anhui_2017 = row_of(
        values, region="Anhui", year=2017, indicator="hightech_profit_margin_pct"
    )
    assert anhui_2017["value"] == pytest.approx(
        (margin[2016] + margin[2018]) / 2, rel=TIGHT
    )


def test_bundled_indices_recomputed_vectorised(bundled: Result) -> None:
    # recompute U, C and D with a different code path (pandas merge + groupby)
    merged = bundled.normalised.merge(
        bundled.weights[["indicator", "weight"]], on="indicator"
    )
    merged["term"] = merged["weight"] * merged["normalised_value"].fillna(0.0)
    u = merged.groupby(["region", "year", "subsystem"])["term"].sum().unstack()
    c = 2 * np.sqrt(u["real"] * u["digital"]) / (u["real"] + u["digital"])
    t = (u["real"] + u["digital"]) / 2
    coupling = bundled.coupling.set_index(["region", "year"]).loc[u.index]
    assert np.allclose(coupling["coupling_degree"], c, rtol=0, atol=TIGHT)
    assert np.allclose(coupling["coordination_index"], t, rtol=0, atol=TIGHT)
    assert np.allclose(
        coupling["coordination_degree"], np.sqrt(c * t), rtol=0, atol=TIGHT
    )
    assert np.allclose(
        coupling["relative_development"], u["real"] / u["digital"], rtol=0, atol=TIGHT
    )
