"""Independent reference implementation (test oracle) of the ccdkit method.

Plain numpy/pandas, written for clarity rather than speed: it loops over groups and
region-years and follows ``docs/method_conventions.md`` line by line. It shares no code
with the dbt models, so that the two can be compared number by number.

Pipeline (section numbers refer to ``docs/method_conventions.md``):

1. raw values -> indicator values on the full region x year x indicator grid (1);
2. gaps filled by linear interpolation or rejected (2);
3. min-max normalisation with direction, per indicator (panel) or indicator-year (3);
4. entropy, divergence and weights within each subsystem (4);
5. dimension and subsystem indices (5);
6. coupling degree C, coordination index T, coordination degree D, level and stage (6);
7. relative development E and lag type (7).

Every input that the conventions say "stops the build" raises :class:`ReferenceError`.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd

logger = logging.getLogger(__name__)

ENTROPY_SCOPES = ("panel", "year")
ZERO_POLICIES = ("limit", "shift")
COUPLING_MODELS = ("standard", "wang2021", "fan2024")
GAP_POLICIES = ("interpolate", "none")
DIRECTIONS = ("positive", "negative")

LAG_REAL_LAGGING = "real_economy_lagging"
LAG_SYNCHRONOUS = "synchronous"
LAG_DIGITAL_LAGGING = "digital_economy_lagging"
LAG_UNDEFINED = "undefined"
LAG_NOT_APPLICABLE = "not_applicable"

#: Relative development thresholds of section 7: E <= 0.8 and 0.8 < E <= 1.2.
LAG_LOWER_THRESHOLD = 0.8
LAG_UPPER_THRESHOLD = 1.2

#: Tolerance on sum(alpha) = 1 for ``subsystem_weights``.
SUBSYSTEM_WEIGHT_SUM_TOLERANCE = 1e-9

_RAW_COLUMNS = ("region", "year", "indicator", "value")
_CATALOG_COLUMNS = ("indicator", "subsystem", "dimension", "direction")
_LEVEL_COLUMNS = (
    "coordination_level",
    "lower_bound",
    "upper_bound",
    "level_name_zh",
    "level_name_en",
)
_STAGE_COLUMNS = ("coupling_stage", "lower_bound", "upper_bound")


class ReferenceError(ValueError):
    """An input or setting that, by the method conventions, stops the build."""


@dataclass(frozen=True)
class Settings:
    """The project vars that change the numbers (see ``method_conventions.md``).

    Attributes:
        entropy_scope: ``"panel"`` (one entropy per indicator over all region-years)
            or ``"year"`` (one entropy per indicator and year over the regions).
        zero_policy: ``"limit"`` (``0 ln 0 = 0``) or ``"shift"`` (``z = x' + eps``
            inside the entropy only).
        zero_shift_epsilon: ``eps`` of the shift policy; must be finite and > 0.
        coupling_model: ``"standard"``, ``"wang2021"`` or ``"fan2024"``.
        subsystem_weights: ``alpha_s`` of ``T = sum alpha_s U_s``, keyed by subsystem;
            ``None`` means ``1 / n`` each. Keys must be exactly the catalog's
            subsystems, values >= 0 and summing to 1.
        gap_policy: ``"interpolate"`` (interior gaps filled linearly) or ``"none"``.
        lag_numerator_subsystem: subsystem in the numerator of ``E``.
        lag_denominator_subsystem: subsystem in the denominator of ``E``.
    """

    entropy_scope: str = "panel"
    zero_policy: str = "limit"
    zero_shift_epsilon: float = 1e-4
    coupling_model: str = "standard"
    subsystem_weights: dict[str, float] | None = None
    gap_policy: str = "interpolate"
    lag_numerator_subsystem: str = "real"
    lag_denominator_subsystem: str = "digital"

    def __post_init__(self) -> None:
        """Reject unknown settings values as soon as the settings are built."""
        self.validate()

    def validate(self) -> None:
        """Raise :class:`ReferenceError` for any unknown or out-of-range value."""
        _check_choice("entropy_scope", self.entropy_scope, ENTROPY_SCOPES)
        _check_choice("zero_policy", self.zero_policy, ZERO_POLICIES)
        _check_choice("coupling_model", self.coupling_model, COUPLING_MODELS)
        _check_choice("gap_policy", self.gap_policy, GAP_POLICIES)
        epsilon = self.zero_shift_epsilon
        if (
            isinstance(epsilon, bool)
            or not isinstance(epsilon, int | float)
            or not math.isfinite(epsilon)
            or epsilon <= 0
        ):
            raise ReferenceError(
                f"setting zero_shift_epsilon must be a finite number > 0, "
                f"got {epsilon!r}"
            )
        for name in ("lag_numerator_subsystem", "lag_denominator_subsystem"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value:
                raise ReferenceError(
                    f"setting {name} must be a non-empty string, got {value!r}"
                )
        if self.subsystem_weights is not None and not isinstance(
            self.subsystem_weights, Mapping
        ):
            raise ReferenceError(
                "setting subsystem_weights must be a mapping subsystem -> weight or "
                f"None, got {self.subsystem_weights!r}"
            )


@dataclass(frozen=True)
class Result:
    """All intermediate and final tables of one :func:`compute` run.

    Attributes:
        indicator_values: ``region, year, indicator, value, value_status``.
        normalised: ``region, year, indicator, subsystem, dimension,
            normalised_value`` (NaN for a constant indicator).
        weights: ``indicator, year, subsystem, dimension, direction, n_observations,
            min_value, max_value, entropy, divergence, weight, is_constant``;
            ``year`` is ``<NA>`` in panel scope.
        dimension_index: ``region, year, subsystem, dimension, development_index``.
        subsystem_index: ``region, year, subsystem, development_index``.
        coupling: ``region, year, n_subsystems, coupling_degree, coordination_index,
            coordination_degree, coordination_level, level_name_zh, level_name_en,
            coupling_stage, relative_development, lag_type, is_coupling_undefined``.
    """

    indicator_values: pd.DataFrame
    normalised: pd.DataFrame
    weights: pd.DataFrame
    dimension_index: pd.DataFrame
    subsystem_index: pd.DataFrame
    coupling: pd.DataFrame


def _check_choice(name: str, value: object, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ReferenceError(
            f"setting {name} must be one of {', '.join(allowed)}; got {value!r}"
        )


def _require_columns(frame: pd.DataFrame, columns: tuple[str, ...], what: str) -> None:
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ReferenceError(f"{what} lacks the column(s) {', '.join(missing)}")


def _is_blank(value: object) -> bool:
    """True for a missing catalog cell: None, NaN or an empty/blank string."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


# --------------------------------------------------------------------------------------
# Formula helpers (public, each unit-tested on its own)
# --------------------------------------------------------------------------------------


def entropy(z: np.ndarray) -> float:
    """Entropy ``e = -1/ln(m) * sum p ln p`` with ``p = z / sum z`` and ``0 ln 0 = 0``.

    Args:
        z: the m >= 2 non-negative values of one group (``x'`` or ``x' + eps``), not
            all zero.

    Returns:
        e in [0, 1].

    Raises:
        ReferenceError: m < 2, a negative or non-finite value, or sum z = 0.
    """
    values = np.asarray(z, dtype=float).ravel()
    m = values.size
    if m < 2:
        raise ReferenceError(f"entropy needs m >= 2 samples, got m = {m}")
    if not np.all(np.isfinite(values)) or np.any(values < 0):
        raise ReferenceError("entropy needs finite non-negative values")
    total = values.sum()
    if total <= 0:
        raise ReferenceError("entropy needs sum z > 0")
    p = values / total
    p_ln_p = np.zeros(m)
    positive = p > 0
    p_ln_p[positive] = p[positive] * np.log(p[positive])
    k = 1.0 / math.log(m)
    return float(-k * p_ln_p.sum())


def coupling_degree(u: np.ndarray, model: str) -> float | None:
    """Coupling degree C of one region-year's subsystem indices.

    * ``standard``: ``C = n (prod U)^(1/n) / sum U``.
    * ``wang2021``:
      ``C = sqrt((1 - mean_{i<j} |U_i - U_j|) (prod_i U_i / max U)^(1/(n-1)))``,
      the product taken over the ratios ``U_i / max U`` (= prod U / (max U)^n), which
      gives the two-system form ``sqrt((1 - |U1 - U2|) min / max)`` of METHODS.md.
    * ``fan2024``: ``C = 1 - 2 sigma(U)``, sigma the population standard deviation
      computed in two passes (mean first, then mean squared deviation).

    Args:
        u: the n >= 2 subsystem indices, finite and >= 0.
        model: ``"standard"``, ``"wang2021"`` or ``"fan2024"``.

    Returns:
        C, or ``None`` when every U is 0 (C undefined, for every model).

    Raises:
        ReferenceError: unknown model, n < 2, or a negative / non-finite U.
    """
    _check_choice("coupling_model", model, COUPLING_MODELS)
    values = [float(value) for value in np.asarray(u, dtype=float).ravel()]
    n = len(values)
    if n < 2:
        raise ReferenceError(f"coupling needs n >= 2 subsystems, got n = {n}")
    if any(not math.isfinite(value) or value < 0 for value in values):
        raise ReferenceError(f"subsystem indices must be finite and >= 0, got {values}")
    if all(value == 0 for value in values):
        return None

    if model == "standard":
        product = math.prod(values)
        return n * product ** (1.0 / n) / math.fsum(values)

    if model == "wang2021":
        pairs = list(combinations(values, 2))
        mean_abs_difference = math.fsum(abs(a - b) for a, b in pairs) / len(pairs)
        largest = max(values)
        # prod_i (U_i / max U): the max's own factor is 1, so the (n-1)-th root is
        # the geometric mean of the other n-1 ratios; two systems: min / max.
        ratio = math.prod(value / largest for value in values)
        return math.sqrt((1.0 - mean_abs_difference) * ratio ** (1.0 / (n - 1)))

    # fan2024, two-pass population variance
    mean = math.fsum(values) / n
    variance = math.fsum((value - mean) ** 2 for value in values) / n
    return 1.0 - 2.0 * math.sqrt(variance)


def classify_level(
    coordination_degree: float | None, levels: pd.DataFrame
) -> tuple[int | None, str | None, str | None]:
    """Coordination level of D: bands ``[lower, upper)``, the top band also ``upper``.

    Args:
        coordination_degree: D, or ``None``/NaN when undefined.
        levels: the ``coordination_levels`` table.

    Returns:
        ``(level, level_name_zh, level_name_en)``, all ``None`` when D is null or in
        no band.
    """
    if coordination_degree is None or pd.isna(coordination_degree):
        return None, None, None
    value = float(coordination_degree)
    bands = levels.sort_values("lower_bound").reset_index(drop=True)
    top = len(bands) - 1
    for position, band in bands.iterrows():
        lower, upper = float(band["lower_bound"]), float(band["upper_bound"])
        inside = lower <= value < upper or (position == top and value == upper)
        if inside:
            return (
                int(band["coordination_level"]),
                str(band["level_name_zh"]),
                str(band["level_name_en"]),
            )
    logger.warning("coordination degree %r lies in no coordination level band", value)
    return None, None, None


def classify_stage(coupling: float | None, stages: pd.DataFrame) -> str | None:
    """Coupling stage code of C: bands ``(lower, upper]``, the bottom also ``lower``.

    Args:
        coupling: C, or ``None``/NaN when undefined.
        stages: the ``coupling_stages`` table.

    Returns:
        The ``coupling_stage`` code, or ``None`` when C is null or in no band.
    """
    if coupling is None or pd.isna(coupling):
        return None
    value = float(coupling)
    bands = stages.sort_values("lower_bound").reset_index(drop=True)
    for position, band in bands.iterrows():
        lower, upper = float(band["lower_bound"]), float(band["upper_bound"])
        inside = lower < value <= upper or (position == 0 and value == lower)
        if inside:
            return str(band["coupling_stage"])
    logger.warning("coupling degree %r lies in no coupling stage band", value)
    return None


def lag_type(
    u_numerator: float | None, u_denominator: float | None
) -> tuple[float | None, str]:
    """Relative development ``E = U_real / U_digital`` and the lag type code.

    Args:
        u_numerator: U of the numerator subsystem (``real``); ``None`` when that
            subsystem is absent from the catalog.
        u_denominator: U of the denominator subsystem (``digital``); ``None`` when
            absent.

    Returns:
        ``(E, lag_type)``; E is ``None`` unless U_denominator > 0.
    """
    if u_numerator is None or u_denominator is None:
        return None, LAG_NOT_APPLICABLE
    if u_denominator == 0:
        if u_numerator == 0:
            return None, LAG_UNDEFINED
        return None, LAG_DIGITAL_LAGGING
    ratio = u_numerator / u_denominator
    if ratio <= LAG_LOWER_THRESHOLD:
        return ratio, LAG_REAL_LAGGING
    if ratio <= LAG_UPPER_THRESHOLD:
        return ratio, LAG_SYNCHRONOUS
    return ratio, LAG_DIGITAL_LAGGING


# --------------------------------------------------------------------------------------
# Input validation
# --------------------------------------------------------------------------------------


def _prepare_catalog(catalog: pd.DataFrame) -> pd.DataFrame:
    """Validate the catalog and fill the defaults of section 1."""
    _require_columns(catalog, _CATALOG_COLUMNS, "catalog")
    rows = []
    for record in catalog.to_dict("records"):
        indicator = record["indicator"]
        if _is_blank(indicator):
            raise ReferenceError("catalog has a row without an indicator name")
        indicator = str(indicator)
        for column in ("subsystem", "dimension"):
            if _is_blank(record[column]):
                raise ReferenceError(f"catalog indicator {indicator} has no {column}")
        direction = record["direction"]
        if direction not in DIRECTIONS:
            raise ReferenceError(
                f"catalog indicator {indicator} has direction {direction!r}; "
                f"allowed: {', '.join(DIRECTIONS)}"
            )
        source = record.get("source_indicator")
        denominator = record.get("denominator_indicator")
        multiplier = record.get("multiplier")
        multiplier = 1.0 if _is_blank(multiplier) else float(multiplier)
        if not math.isfinite(multiplier):
            raise ReferenceError(
                f"catalog indicator {indicator} has multiplier {multiplier}"
            )
        rows.append(
            {
                "indicator": indicator,
                "subsystem": str(record["subsystem"]),
                "dimension": str(record["dimension"]),
                "direction": direction,
                "source_indicator": indicator if _is_blank(source) else str(source),
                "denominator_indicator": None
                if _is_blank(denominator)
                else str(denominator),
                "multiplier": multiplier,
            }
        )
    prepared = pd.DataFrame(
        rows,
        columns=[
            "indicator",
            "subsystem",
            "dimension",
            "direction",
            "source_indicator",
            "denominator_indicator",
            "multiplier",
        ],
    )
    duplicated = prepared.loc[prepared["indicator"].duplicated(), "indicator"]
    if not duplicated.empty:
        raise ReferenceError(
            f"catalog lists indicator(s) twice: {', '.join(sorted(set(duplicated)))}"
        )
    n_subsystems = prepared["subsystem"].nunique()
    if n_subsystems < 2:
        raise ReferenceError(
            f"coupling needs at least 2 subsystems; the catalog has {n_subsystems}"
        )
    return prepared


def _prepare_raw(raw_values: pd.DataFrame) -> pd.DataFrame:
    """Validate the raw long table; keep all rows (years are taken from all of them)."""
    _require_columns(raw_values, _RAW_COLUMNS, "raw_values")
    raw = raw_values.loc[:, list(_RAW_COLUMNS)].copy()
    if raw.empty:
        raise ReferenceError("raw_values is empty")
    if raw["region"].isna().any() or raw["year"].isna().any():
        raise ReferenceError("raw_values has rows without region or year")
    if raw["indicator"].isna().any():
        raise ReferenceError("raw_values has rows without an indicator name")
    raw["region"] = raw["region"].astype(str)
    raw["indicator"] = raw["indicator"].astype(str)
    years = pd.to_numeric(raw["year"])
    if not np.all(years == np.round(years)):
        raise ReferenceError("raw_values has non-integer years")
    raw["year"] = years.astype("int64")
    raw["value"] = pd.to_numeric(raw["value"]).astype(float)
    observed = raw.dropna(subset=["value"])
    duplicates = observed.duplicated(["region", "year", "indicator"], keep=False)
    if duplicates.any():
        sample = observed.loc[duplicates, ["region", "year", "indicator"]].head(5)
        raise ReferenceError(
            "raw_values has more than one value for a region, year and indicator, "
            "e.g. "
            + "; ".join(
                f"{r.region} {r.year} {r.indicator}" for r in sample.itertuples()
            )
        )
    return raw


def _prepare_bands(frame: pd.DataFrame, columns: tuple[str, ...], what: str) -> None:
    _require_columns(frame, columns, what)
    if frame.empty:
        raise ReferenceError(f"{what} has no bands")


def _prepare_alpha(settings: Settings, subsystems: list[str]) -> dict[str, float]:
    """Subsystem weights alpha of T; equal 1/n unless given."""
    if settings.subsystem_weights is None:
        return {subsystem: 1.0 / len(subsystems) for subsystem in subsystems}
    given = {str(key): value for key, value in settings.subsystem_weights.items()}
    if set(given) != set(subsystems):
        raise ReferenceError(
            "setting subsystem_weights must name exactly the subsystems "
            f"{', '.join(subsystems)}; got {', '.join(sorted(given))}"
        )
    alpha: dict[str, float] = {}
    for subsystem in subsystems:
        value = given[subsystem]
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or value < 0
        ):
            raise ReferenceError(
                f"setting subsystem_weights[{subsystem}] must be a number >= 0, "
                f"got {value!r}"
            )
        alpha[subsystem] = float(value)
    total = math.fsum(alpha.values())
    if abs(total - 1.0) > SUBSYSTEM_WEIGHT_SUM_TOLERANCE:
        raise ReferenceError(f"setting subsystem_weights must sum to 1, got {total!r}")
    return alpha


# --------------------------------------------------------------------------------------
# Steps
# --------------------------------------------------------------------------------------


def _indicator_values(
    raw: pd.DataFrame, catalog: pd.DataFrame, gap_policy: str
) -> pd.DataFrame:
    """Sections 1 and 2: indicator values on the full grid, gaps filled or rejected."""
    # The grid spans the regions and years of the series the catalog reads: a series
    # left out of the catalog does not widen the panel.
    read = set(catalog["source_indicator"]) | set(
        catalog["denominator_indicator"].dropna()
    )
    in_scope = raw[raw["indicator"].isin(read)].dropna(subset=["value"])
    regions = sorted(in_scope["region"].unique())
    years = sorted(int(year) for year in in_scope["year"].unique())
    observed = raw.dropna(subset=["value"])
    series: dict[str, dict[tuple[str, int], float]] = {}
    for record in observed.itertuples(index=False):
        key = (record.region, int(record.year))
        series.setdefault(record.indicator, {})[key] = float(record.value)

    rows = []
    unfillable: list[str] = []
    gaps: list[str] = []
    for spec in catalog.itertuples(index=False):
        source = series.get(spec.source_indicator, {})
        denominator = (
            None
            if _is_blank(spec.denominator_indicator)
            else series.get(spec.denominator_indicator, {})
        )
        for region in regions:
            known: dict[int, float] = {}
            for year in years:
                numerator_value = source.get((region, year))
                if numerator_value is None:
                    continue
                if denominator is None:
                    known[year] = numerator_value * spec.multiplier
                    continue
                denominator_value = denominator.get((region, year))
                if denominator_value is None or denominator_value == 0:
                    continue
                known[year] = numerator_value / denominator_value * spec.multiplier

            for year in years:
                if year in known:
                    rows.append((region, year, spec.indicator, known[year], "observed"))
                    continue
                cell = f"{region} {year} {spec.indicator}"
                gaps.append(cell)
                before = [y for y in known if y < year]
                after = [y for y in known if y > year]
                if gap_policy == "none":
                    continue
                if not before or not after:
                    unfillable.append(cell)
                    continue
                y0, y1 = max(before), min(after)
                v0, v1 = known[y0], known[y1]
                value = v0 + (v1 - v0) * (year - y0) / (y1 - y0)
                rows.append((region, year, spec.indicator, value, "interpolated"))

    if gap_policy == "none" and gaps:
        raise ReferenceError(
            f"gap_policy none: {len(gaps)} gap(s) in the panel, e.g. "
            + "; ".join(gaps[:5])
        )
    if unfillable:
        raise ReferenceError(
            f"{len(unfillable)} unfillable gap(s) (no observed year on one side), e.g. "
            + "; ".join(unfillable[:5])
        )
    if gaps:
        logger.info("interpolated %d gap(s): %s", len(gaps), "; ".join(gaps))

    values = pd.DataFrame(
        rows, columns=["region", "year", "indicator", "value", "value_status"]
    )
    values["year"] = values["year"].astype("int64")
    return values.sort_values(["region", "year", "indicator"], ignore_index=True)


def _normalise_and_weigh(
    values: pd.DataFrame, catalog: pd.DataFrame, settings: Settings
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sections 3 and 4: x' per group, entropy, divergence and weights."""
    by_year = settings.entropy_scope == "year"
    group_years: list[int | None] = (
        sorted(int(year) for year in values["year"].unique()) if by_year else [None]
    )

    normalised_rows = []
    weight_rows = []
    for spec in catalog.itertuples(index=False):
        of_indicator = values[values["indicator"] == spec.indicator]
        for group_year in group_years:
            group = (
                of_indicator
                if group_year is None
                else of_indicator[of_indicator["year"] == group_year]
            )
            x = group["value"].to_numpy(dtype=float)
            m = x.size
            if m < 2:
                where = "" if group_year is None else f" in {group_year}"
                raise ReferenceError(
                    f"indicator {spec.indicator}{where} has m = {m} sample(s); "
                    "the entropy method needs m >= 2"
                )
            lowest, highest = float(x.min()), float(x.max())
            is_constant = highest == lowest
            if is_constant:
                normalised = np.full(m, np.nan)
                group_entropy = 1.0
                logger.warning(
                    "indicator %s%s is constant (%r): weight 0",
                    spec.indicator,
                    "" if group_year is None else f" in {group_year}",
                    lowest,
                )
            else:
                spread = highest - lowest
                if spec.direction == "positive":
                    normalised = (x - lowest) / spread
                else:
                    normalised = (highest - x) / spread
                z = (
                    normalised
                    if settings.zero_policy == "limit"
                    else normalised + settings.zero_shift_epsilon
                )
                group_entropy = entropy(z)
            for record, x_prime in zip(
                group.itertuples(index=False), normalised, strict=True
            ):
                normalised_rows.append(
                    (
                        record.region,
                        int(record.year),
                        spec.indicator,
                        spec.subsystem,
                        spec.dimension,
                        float(x_prime),
                    )
                )
            weight_rows.append(
                {
                    "indicator": spec.indicator,
                    "year": group_year,
                    "subsystem": spec.subsystem,
                    "dimension": spec.dimension,
                    "direction": spec.direction,
                    "n_observations": m,
                    "min_value": lowest,
                    "max_value": highest,
                    "entropy": group_entropy,
                    "divergence": 0.0 if is_constant else 1.0 - group_entropy,
                    "is_constant": is_constant,
                }
            )

    weights = pd.DataFrame(weight_rows)
    weights["weight"] = np.nan
    for subsystem in sorted(weights["subsystem"].unique()):
        for group_year in group_years:
            block = weights["subsystem"] == subsystem
            if group_year is not None:
                block &= weights["year"] == group_year
            divergence_total = math.fsum(weights.loc[block, "divergence"])
            if divergence_total <= 0:
                where = "" if group_year is None else f" in {group_year}"
                raise ReferenceError(
                    f"subsystem {subsystem}{where}: every divergence is 0 (all its "
                    "indicators are constant), so its weights are undefined"
                )
            weights.loc[block, "weight"] = (
                weights.loc[block, "divergence"] / divergence_total
            )
    weights["year"] = pd.array(weights["year"].tolist(), dtype="Int64")
    weights["n_observations"] = weights["n_observations"].astype("int64")
    weights["is_constant"] = weights["is_constant"].astype(bool)
    weights = weights[
        [
            "indicator",
            "year",
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
    ]

    normalised_frame = pd.DataFrame(
        normalised_rows,
        columns=[
            "region",
            "year",
            "indicator",
            "subsystem",
            "dimension",
            "normalised_value",
        ],
    )
    normalised_frame["year"] = normalised_frame["year"].astype("int64")
    normalised_frame = normalised_frame.sort_values(
        ["region", "year", "indicator"], ignore_index=True
    )
    return normalised_frame, weights


def _indices(
    normalised: pd.DataFrame,
    weights: pd.DataFrame,
    catalog: pd.DataFrame,
    settings: Settings,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Section 5: dimension and subsystem indices, sum of w x' (constant adds 0)."""
    if settings.entropy_scope == "year":
        weight_of = {
            (row.indicator, int(row.year)): float(row.weight)
            for row in weights.itertuples(index=False)
        }
    else:
        weight_of = {
            (row.indicator, None): float(row.weight)
            for row in weights.itertuples(index=False)
        }

    def contribution(row: object) -> float:
        year_key = int(row.year) if settings.entropy_scope == "year" else None
        x_prime = row.normalised_value
        if pd.isna(x_prime):
            return 0.0
        return weight_of[(row.indicator, year_key)] * float(x_prime)

    dimensions = (
        catalog[["subsystem", "dimension"]].drop_duplicates().itertuples(index=False)
    )
    dimension_pairs = [(pair.subsystem, pair.dimension) for pair in dimensions]
    subsystems = sorted(catalog["subsystem"].unique())

    terms: dict[tuple[str, int], list[tuple[str, str, float]]] = {}
    for row in normalised.itertuples(index=False):
        terms.setdefault((row.region, int(row.year)), []).append(
            (row.subsystem, row.dimension, contribution(row))
        )

    dimension_rows = []
    subsystem_rows = []
    for (region, year), contributions in sorted(terms.items()):
        for subsystem, dimension in dimension_pairs:
            total = math.fsum(
                value
                for sub, dim, value in contributions
                if sub == subsystem and dim == dimension
            )
            dimension_rows.append((region, year, subsystem, dimension, total))
        for subsystem in subsystems:
            total = math.fsum(
                value for sub, _dim, value in contributions if sub == subsystem
            )
            subsystem_rows.append((region, year, subsystem, total))

    dimension_index = pd.DataFrame(
        dimension_rows,
        columns=["region", "year", "subsystem", "dimension", "development_index"],
    )
    subsystem_index = pd.DataFrame(
        subsystem_rows, columns=["region", "year", "subsystem", "development_index"]
    )
    for frame in (dimension_index, subsystem_index):
        frame["year"] = frame["year"].astype("int64")
    return dimension_index, subsystem_index


def _coupling(
    subsystem_index: pd.DataFrame,
    levels: pd.DataFrame,
    stages: pd.DataFrame,
    settings: Settings,
    alpha: dict[str, float],
) -> pd.DataFrame:
    """Sections 6 and 7: C, T, D, level, stage, E and lag type per region-year."""
    subsystems = sorted(alpha)
    index_of = {
        (row.region, int(row.year), row.subsystem): float(row.development_index)
        for row in subsystem_index.itertuples(index=False)
    }
    region_years = sorted(
        {(row.region, int(row.year)) for row in subsystem_index.itertuples(index=False)}
    )
    rows = []
    for region, year in region_years:
        u = np.array([index_of[(region, year, subsystem)] for subsystem in subsystems])
        coupling = coupling_degree(u, settings.coupling_model)
        coordination_index = math.fsum(
            alpha[subsystem] * index_of[(region, year, subsystem)]
            for subsystem in subsystems
        )
        if coupling is None:
            coordination_degree = None
        else:
            coordination_degree = math.sqrt(coupling * coordination_index)
        level, level_zh, level_en = classify_level(coordination_degree, levels)
        stage = classify_stage(coupling, stages)
        numerator = index_of.get((region, year, settings.lag_numerator_subsystem))
        denominator = index_of.get((region, year, settings.lag_denominator_subsystem))
        relative_development, lag = lag_type(numerator, denominator)
        rows.append(
            {
                "region": region,
                "year": year,
                "n_subsystems": len(subsystems),
                "coupling_degree": np.nan if coupling is None else coupling,
                "coordination_index": coordination_index,
                "coordination_degree": np.nan
                if coordination_degree is None
                else coordination_degree,
                "coordination_level": level,
                "level_name_zh": level_zh,
                "level_name_en": level_en,
                "coupling_stage": stage,
                "relative_development": np.nan
                if relative_development is None
                else relative_development,
                "lag_type": lag,
                "is_coupling_undefined": coupling is None,
            }
        )
    frame = pd.DataFrame(rows)
    frame["year"] = frame["year"].astype("int64")
    frame["n_subsystems"] = frame["n_subsystems"].astype("int64")
    frame["coordination_level"] = pd.array(
        frame["coordination_level"].tolist(), dtype="Int64"
    )
    for column in ("coupling_degree", "coordination_degree", "relative_development"):
        frame[column] = frame[column].astype(float)
    frame["is_coupling_undefined"] = frame["is_coupling_undefined"].astype(bool)
    return frame


# --------------------------------------------------------------------------------------
# Public entry points
# --------------------------------------------------------------------------------------


def compute(
    raw_values: pd.DataFrame,
    catalog: pd.DataFrame,
    levels: pd.DataFrame,
    stages: pd.DataFrame,
    settings: Settings = Settings(),  # noqa: B008 - frozen, validated, never mutated
) -> Result:
    """Run the whole method on a raw panel.

    Args:
        raw_values: long table ``region, year, indicator, value`` (raw names).
        catalog: ``indicator, subsystem, dimension, direction`` and optionally
            ``source_indicator, denominator_indicator, multiplier``.
        levels: ``coordination_levels`` bands.
        stages: ``coupling_stages`` bands.
        settings: the method settings.

    Returns:
        A :class:`Result` with every intermediate table.

    Raises:
        ReferenceError: for every input that the conventions say stops the build.
    """
    settings.validate()
    prepared_catalog = _prepare_catalog(catalog)
    raw = _prepare_raw(raw_values)
    _prepare_bands(levels, _LEVEL_COLUMNS, "coordination_levels")
    _prepare_bands(stages, _STAGE_COLUMNS, "coupling_stages")
    subsystems = sorted(prepared_catalog["subsystem"].unique())
    alpha = _prepare_alpha(settings, subsystems)

    values = _indicator_values(raw, prepared_catalog, settings.gap_policy)
    normalised, weights = _normalise_and_weigh(values, prepared_catalog, settings)
    dimension_index, subsystem_index = _indices(
        normalised, weights, prepared_catalog, settings
    )
    coupling = _coupling(subsystem_index, levels, stages, settings, alpha)
    return Result(
        indicator_values=values,
        normalised=normalised,
        weights=weights,
        dimension_index=dimension_index,
        subsystem_index=subsystem_index,
        coupling=coupling,
    )


def load_bundled(
    repo_root: Path,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Read the bundled seeds: raw panel, catalog, coordination levels, stages.

    Args:
        repo_root: the project root (the folder holding ``seeds/``).

    Returns:
        ``(raw_values, catalog, levels, stages)``; the raw column ``province`` is
        renamed to ``region``.
    """
    seeds = Path(repo_root) / "seeds"
    raw_values = pd.read_csv(seeds / "raw" / "provincial_indicators.csv").rename(
        columns={"province": "region"}
    )
    reference = seeds / "reference"
    catalog = pd.read_csv(
        reference / "indicator_catalog.csv",
        dtype={"source_indicator": str, "denominator_indicator": str},
        keep_default_na=False,
        na_values=[""],
    )
    levels = pd.read_csv(reference / "coordination_levels.csv")
    stages = pd.read_csv(reference / "coupling_stages.csv")
    return raw_values, catalog, levels, stages
