"""Figures, paper-ready tables and an HTML report from the published marts.

Reads the result tables of one published schema (``marts`` by default) from the DuckDB
file, read-only, and writes into an output folder:

- figures as PNG (300 dpi) and SVG: the coordination degree D over time with the level
  bands, a region x year heatmap of D, the two lag subsystems' indices against each
  other by lag type, the entropy weights by dimension, the dimension indices of the
  latest year, and the top obstacles when a mart ``fct_obstacle_degree`` exists;
- tables: D and its level by region and year (CSV with a BOM, and XLSX), and the long
  table of the weights with their provenance (CSV and XLSX);
- ``report.html``, which puts the key tables, the run's settings and every figure
  together.

Run it as ``python -m ccdkit.report`` (``make report``); ``--help`` lists the options.
Progress goes to the log (stderr); stdout receives only the list of files written.
"""

from __future__ import annotations

import argparse
import html
import json
import logging
import math
import os
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import matplotlib
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import BoundaryNorm, ListedColormap, to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ccdkit.project import MARTS_SCHEMA, PROJECT_ROOT, default_duckdb_path

logger = logging.getLogger(__name__)

#: Resolution of the PNG files.
DPI = 300
#: Width of every figure in inches (a paper's text width).
FIGURE_WIDTH = 6.5
#: The marts the report cannot do without.
REQUIRED_MARTS = (
    "fct_coupling_coordination",
    "fct_subsystem_index",
    "fct_dimension_index",
    "fct_indicator_weights",
    "dim_indicators",
    "dim_regions",
)
#: The optional mart behind figure (f) and the columns it must have.
OBSTACLE_MART = "fct_obstacle_degree"
OBSTACLE_COLUMNS = ("region", "year", "indicator", "obstacle_degree")
#: The E thresholds of the lag types (docs/method_conventions.md, section 7).
LAG_THRESHOLDS = (0.8, 1.2)
#: Where the provenance of the bundled panel is documented.
PROVENANCE_FILE = PROJECT_ROOT / "seeds" / "raw" / "PROVENANCE.md"
LEVELS_SEED = PROJECT_ROOT / "seeds" / "reference" / "coordination_levels.csv"

#: CJK fonts looked for by family name, best first, then by file (Debian paths).
CJK_FONT_NAMES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Sans CJK JP",
    "Noto Serif CJK SC",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "Arial Unicode MS",
)
CJK_FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
CJK_FONT_PACKAGES = "fonts-noto-cjk or fonts-wqy-microhei"
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

# Display names of the bundled subsystems and dimensions; others show their code.
SUBSYSTEM_NAMES = {
    "digital": ("Digital economy", "数字经济"),
    "real": ("Real economy", "实体经济"),
    "green": ("Green development", "绿色发展"),
}
DIMENSION_NAMES = {
    "technological_enablement": ("Technological enablement", "技术赋能"),
    "data_driven_processes": ("Data-driven processes", "数据驱动"),
    "institutional_adaptation": ("Institutional adaptation", "制度适应"),
    "scale": ("Scale", "规模"),
    "efficiency": ("Efficiency", "效率"),
    "innovation": ("Innovation", "创新"),
    "structure": ("Structure", "结构"),
}
LAG_COLOURS = {
    "real_economy_lagging": "#d62728",
    "synchronous": "#2ca02c",
    "digital_economy_lagging": "#1f77b4",
    "undefined": "#7f7f7f",
    "not_applicable": "#7f7f7f",
}

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "region": "region",
        "year": "Year",
        "d": "Coordination degree D",
        "d_short": "D",
        "undefined": "undefined",
        "fig_a_title": "Coupling coordination degree D by region",
        "fig_b_title": "Coupling coordination degree D (value; colour = level)",
        "fig_c_title": "Development indices and relative development "
        "E = U_{num} / U_{den}",
        "fig_d_title": "Entropy weights of the indicators",
        "fig_e_title": "Dimension indices by region, {year}",
        "fig_f_title": "Top obstacle factors, {year}",
        "index_of": "Development index U ({name})",
        "weight": "Entropy weight w",
        "weight_mean": "Entropy weight w (mean of the years; whiskers: range)",
        "dimension_index": "Dimension index (stack = subsystem index U)",
        "obstacle": "Obstacle degree (mean over regions)",
        "lag_lagging": "{name} lagging",
        "lag_synchronous": "Synchronous",
        "lag_undefined": "Undefined",
        "level": "level",
        "n_indicators": "{n} indicators",
    },
    "zh": {
        "region": "地区",
        "year": "年份",
        "d": "耦合协调度 D",
        "d_short": "D",
        "undefined": "未定义",
        "fig_a_title": "各地区耦合协调度 D 的演变",
        "fig_b_title": "耦合协调度 D（数值；颜色 = 协调等级）",
        "fig_c_title": "综合发展指数与相对发展度 E = U_{num} / U_{den}",
        "fig_d_title": "指标熵权",
        "fig_e_title": "各地区维度指数（{year} 年）",
        "fig_f_title": "主要障碍因子（{year} 年）",
        "index_of": "综合发展指数 U（{name}）",
        "weight": "熵权 w",
        "weight_mean": "熵权 w（各年均值；误差线：范围）",
        "dimension_index": "维度指数（合计 = 子系统指数 U）",
        "obstacle": "障碍度（各地区均值）",
        "lag_lagging": "{name}滞后",
        "lag_synchronous": "同步发展",
        "lag_undefined": "未定义",
        "level": "等级",
        "n_indicators": "{n} 个指标",
    },
}


HTML_HEADINGS = {
    "title": ("Coupling coordination report", "耦合协调度报告"),
    "settings": ("Settings of the run", "运行设置"),
    "method": ("Method", "方法"),
    "d_table": (
        "Coordination degree D and level by region and year",
        "各地区各年耦合协调度 D 及等级",
    ),
    "weights": ("Entropy weights by dimension", "各维度指标熵权"),
    "figures": ("Figures", "图"),
    "tables": ("Tables", "表"),
}


class ReportError(Exception):
    """A problem the user can fix (missing file, missing marts, missing font)."""


class FigureSkipped(Exception):
    """A figure that does not apply to these marts; the message says why."""


@dataclass(frozen=True)
class Labels:
    """Every piece of text shown in the figures and tables, in one language."""

    lang: str

    def text(self, key: str, **values: object) -> str:
        """The label ``key`` in the report language, formatted with ``values``."""
        return TEXT[self.lang][key].format(**values)

    def subsystem(self, code: str) -> str:
        """Display name of a subsystem."""
        names = SUBSYSTEM_NAMES.get(code)
        if names is None:
            return code.replace("_", " ")
        return names[1] if self.lang == "zh" else names[0]

    def dimension(self, code: str) -> str:
        """Display name of a dimension."""
        names = DIMENSION_NAMES.get(code)
        if names is None:
            return code.replace("_", " ")
        return names[1] if self.lang == "zh" else names[0]


@dataclass
class ReportData:
    """Everything the report shows, read from one DuckDB file and schema."""

    duckdb_path: Path
    schema: str
    coupling: pd.DataFrame
    subsystem_index: pd.DataFrame
    dimension_index: pd.DataFrame
    weights: pd.DataFrame
    indicators: pd.DataFrame
    regions: pd.DataFrame
    levels: pd.DataFrame
    levels_source: str
    publication: dict[str, Any] = field(default_factory=dict)
    obstacles: pd.DataFrame | None = None

    @property
    def settings(self) -> dict[str, Any]:
        """The dbt vars of the publication (empty when meta.publications is absent)."""
        return self.publication.get("settings", {})

    @property
    def lag_subsystems(self) -> tuple[str, str]:
        """(numerator, denominator) of E = U_num / U_den."""
        return (
            str(self.settings.get("lag_numerator_subsystem") or "real"),
            str(self.settings.get("lag_denominator_subsystem") or "digital"),
        )

    @property
    def subsystems(self) -> list[str]:
        """The subsystems, in a stable order (the lag pair first, as E reads)."""
        present = sorted(self.subsystem_index["subsystem"].unique())
        num, den = self.lag_subsystems
        first = [s for s in (den, num) if s in present]
        return first + [s for s in present if s not in first]

    @property
    def years(self) -> list[int]:
        """Every year of the panel, ascending."""
        return sorted(int(y) for y in self.coupling["year"].unique())

    def region_order(self) -> list[str]:
        """Regions by D of the latest year, highest first (undefined D last)."""
        latest = self.coupling[self.coupling["year"] == self.years[-1]]
        ranked = latest.sort_values(
            ["coordination_degree", "region"], ascending=[False, True]
        )
        ordered = list(ranked["region"])
        rest = sorted(set(self.coupling["region"]) - set(ordered))
        return ordered + rest

    def region_label(self, region: str, labels: Labels) -> str:
        """The region's name in the report language."""
        if labels.lang == "zh":
            match = self.regions.loc[self.regions["region"] == region]
            if len(match) and pd.notna(match["region_name_zh"].iloc[0]):
                return str(match["region_name_zh"].iloc[0])
        return region

    def dimension_colours(self) -> dict[tuple[str, str], str]:
        """One colour per (subsystem, dimension), shared by every figure."""
        keys = (
            self.indicators[["subsystem", "dimension"]]
            .drop_duplicates()
            .assign(order=lambda d: d["subsystem"].map(self.subsystems.index))
            .sort_values(["order", "dimension"])
        )
        palette = [
            *matplotlib.colormaps["tab10"].colors,
            *matplotlib.colormaps["Set2"].colors,
            *matplotlib.colormaps["Dark2"].colors,
        ]
        return {
            (row.subsystem, row.dimension): palette[i % len(palette)]
            for i, row in enumerate(keys.itertuples())
        }


# --------------------------------------------------------------------------- data


def load_report_data(duckdb_path: Path, schema: str = MARTS_SCHEMA) -> ReportData:
    """Read the marts of ``schema`` from the DuckDB file, read-only.

    Raises:
        ReportError: the file does not exist, cannot be opened, or lacks a mart.
    """
    duckdb_path = Path(duckdb_path)
    if not duckdb_path.is_file():
        raise ReportError(
            f"the DuckDB file {duckdb_path} does not exist: run `make build` first, "
            "or point --duckdb (or CCD_DUCKDB_PATH) at a built warehouse"
        )
    try:
        connection = duckdb.connect(str(duckdb_path), read_only=True)
    except duckdb.Error as error:
        raise ReportError(
            f"cannot open {duckdb_path} read-only ({error}); if dbt is running, "
            "wait until it has finished"
        ) from error
    try:
        tables = {
            (s, t)
            for s, t in connection.execute(
                "select table_schema, table_name from information_schema.tables"
            ).fetchall()
        }
        missing = [m for m in REQUIRED_MARTS if (schema, m) not in tables]
        if missing:
            raise ReportError(
                f"schema '{schema}' of {duckdb_path} lacks the marts "
                f"{', '.join(missing)}: run `make build` (or dbt build with "
                f"publish_schema: {schema}) first"
            )

        def read(table: str) -> pd.DataFrame:
            return connection.execute(f'select * from "{schema}"."{table}"').df()

        levels, levels_source = _read_levels(connection, tables)
        obstacles = None
        if (schema, OBSTACLE_MART) in tables:
            obstacles = read(OBSTACLE_MART)
        data = ReportData(
            duckdb_path=duckdb_path,
            schema=schema,
            coupling=read("fct_coupling_coordination"),
            subsystem_index=read("fct_subsystem_index"),
            dimension_index=read("fct_dimension_index"),
            weights=read("fct_indicator_weights"),
            indicators=read("dim_indicators"),
            regions=read("dim_regions"),
            levels=levels,
            levels_source=levels_source,
            publication=_read_publication(connection, tables, schema),
            obstacles=obstacles,
        )
    finally:
        connection.close()
    if data.coupling.empty:
        raise ReportError(f"{schema}.fct_coupling_coordination has no rows")
    return data


def _read_levels(
    connection: duckdb.DuckDBPyConnection, tables: set[tuple[str, str]]
) -> tuple[pd.DataFrame, str]:
    """The level bands the build used (staging model or seed), else the seed file."""
    for schema, table in (
        ("staging", "stg_coordination_levels"),
        ("raw", "coordination_levels"),
    ):
        if (schema, table) in tables:
            frame = connection.execute(
                f'select * from "{schema}"."{table}" order by coordination_level'
            ).df()
            return frame, f"{schema}.{table}"
    if LEVELS_SEED.is_file():
        frame = pd.read_csv(LEVELS_SEED).sort_values("coordination_level")
        return frame.reset_index(drop=True), str(LEVELS_SEED.relative_to(PROJECT_ROOT))
    raise ReportError(
        "the coordination level bands are neither in the DuckDB file "
        f"(staging.stg_coordination_levels) nor in {LEVELS_SEED}"
    )


def _read_publication(
    connection: duckdb.DuckDBPyConnection,
    tables: set[tuple[str, str]],
    schema: str,
) -> dict[str, Any]:
    """The latest row of meta.publications for ``schema`` (settings JSON decoded)."""
    if ("meta", "publications") not in tables:
        logger.warning("meta.publications is absent: the settings are not reported")
        return {}
    row = connection.execute(
        "select published_at, invocation_id, published_schema, marts, settings "
        "from meta.publications where published_schema = ? "
        "order by published_at desc limit 1",
        [schema],
    ).fetchone()
    if row is None:
        logger.warning("meta.publications has no row for schema '%s'", schema)
        return {}
    published_at, invocation_id, published_schema, marts, settings = row
    try:
        decoded = json.loads(settings) if settings else {}
    except json.JSONDecodeError:
        logger.warning("the settings of the publication are not JSON: %r", settings)
        decoded = {}
    return {
        "published_at": str(published_at),
        "invocation_id": invocation_id,
        "published_schema": published_schema,
        "marts": marts,
        "settings": decoded,
    }


# ----------------------------------------------------------------------- fonts


def find_cjk_font() -> str | None:
    """The family name of an installed font with Chinese glyphs, or None."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    for name in CJK_FONT_NAMES:
        if name in installed:
            return name
    for path in CJK_FONT_FILES:  # installed after matplotlib built its font cache
        if Path(path).is_file():
            font_manager.fontManager.addfont(path)
            return font_manager.FontProperties(fname=path).get_name()
    return None


def _has_cjk(values: Sequence[object]) -> bool:
    return any(_CJK.search(str(v)) for v in values)


@contextmanager
def figure_style(cjk_font: str | None) -> Iterator[None]:
    """Paper style: 9 pt text, 8 pt ticks and legends, a CJK fallback font."""
    families = ["DejaVu Sans"]
    if cjk_font:
        families = [cjk_font, "DejaVu Sans"]
    style = {
        "font.family": "sans-serif",
        "font.sans-serif": families,
        "font.size": 9,
        "axes.titlesize": 9.5,
        "axes.labelsize": 9,
        "xtick.labelsize": 8,
        "ytick.labelsize": 8,
        "legend.fontsize": 8,
        "legend.title_fontsize": 8,
        "axes.unicode_minus": cjk_font is None,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "savefig.dpi": DPI,
        "svg.hashsalt": "ccdkit-report",
        "figure.constrained_layout.h_pad": 0.04,
        "figure.constrained_layout.w_pad": 0.04,
    }
    with matplotlib.rc_context(style):
        yield


def _new_figure(height: float, **kwargs: Any) -> Figure:
    figure = Figure(figsize=(FIGURE_WIDTH, height), layout="constrained", **kwargs)
    FigureCanvasAgg(figure)
    return figure


def _level_colours(n: int) -> list[tuple[float, float, float]]:
    """One colour per level, red (disorder) to green (coordination)."""
    cmap = matplotlib.colormaps["RdYlGn"]
    return [cmap(0.08 + 0.84 * i / max(n - 1, 1))[:3] for i in range(n)]


def _level_name(row: Any, labels: Labels) -> str:
    return str(row.level_name_zh if labels.lang == "zh" else row.level_name_en)


def _shorten(text: str, limit: int = 46) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --------------------------------------------------------------------- figures


def figure_trend(data: ReportData, labels: Labels) -> Figure:
    """(a) D over time per region, over the shaded and labelled level bands."""
    figure = _new_figure(4.0)
    ax = figure.add_subplot()
    levels = data.levels
    colours = _level_colours(len(levels))
    for colour, row in zip(colours, levels.itertuples(), strict=True):
        ax.axhspan(row.lower_bound, row.upper_bound, color=colour, alpha=0.22, lw=0)
    band_axis = ax.twinx()
    band_axis.set_ylim(0, 1)
    band_axis.set_yticks(
        [(r.lower_bound + r.upper_bound) / 2 for r in levels.itertuples()],
        [
            f"{r.coordination_level} {_level_name(r, labels)}"
            for r in levels.itertuples()
        ],
    )
    band_axis.tick_params(axis="y", length=0, labelsize=8)
    band_axis.spines[["top", "right", "left"]].set_visible(False)
    colours_region = matplotlib.colormaps["tab10"].colors
    markers = "osD^vP*Xh<>p"
    for i, region in enumerate(data.region_order()):
        rows = data.coupling[data.coupling["region"] == region].sort_values("year")
        ax.plot(
            rows["year"],
            rows["coordination_degree"],
            marker=markers[i % len(markers)],
            markersize=3.2,
            linewidth=1.3,
            color=colours_region[i % len(colours_region)],
            label=data.region_label(region, labels),
        )
    ax.set_ylim(0, 1)
    ax.set_yticks(np.linspace(0, 1, 11))
    ax.set_xticks(data.years)
    ax.set_xlim(data.years[0] - 0.3, data.years[-1] + 0.3)
    ax.set_xlabel(labels.text("year"))
    ax.set_ylabel(labels.text("d"))
    ax.set_title(labels.text("fig_a_title"))
    ax.grid(axis="x", color="white", linewidth=0.6)
    ax.legend(
        loc="best",
        ncol=min(4, len(data.region_order())),
        frameon=True,
        framealpha=0.85,
        edgecolor="none",
        handlelength=1.8,
        columnspacing=1.0,
    )
    return figure


def figure_heatmap(data: ReportData, labels: Labels) -> Figure:
    """(b) Region x year heatmap of D, coloured by level, values annotated."""
    regions = data.region_order()
    years = data.years
    grid = data.coupling.pivot(
        index="region", columns="year", values="coordination_degree"
    ).reindex(index=regions, columns=years)
    values = grid.to_numpy(dtype=float)
    levels = data.levels
    bounds = [levels["lower_bound"].iloc[0], *levels["upper_bound"]]
    colours = _level_colours(len(levels))
    cmap = ListedColormap(colours).with_extremes(bad="#dddddd")
    norm = BoundaryNorm(bounds, cmap.N)
    height = 4.0 if len(regions) <= 7 else min(9.0, 1.5 + 0.36 * len(regions))
    figure = _new_figure(height)
    ax = figure.add_subplot()
    image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, norm=norm, aspect="auto")
    for i in range(len(regions)):
        for j in range(len(years)):
            value = values[i, j]
            if math.isnan(value):
                text, colour = labels.text("undefined"), "black"
            else:
                r, g, b = to_rgb(cmap(norm(value)))
                luminance = 0.299 * r + 0.587 * g + 0.114 * b
                text, colour = f"{value:.3f}", "black" if luminance > 0.5 else "white"
            ax.text(j, i, text, ha="center", va="center", fontsize=8, color=colour)
    ax.set_xticks(range(len(years)), [str(y) for y in years])
    ax.set_yticks(range(len(regions)), [data.region_label(r, labels) for r in regions])
    ax.tick_params(length=0)
    ax.spines[:].set_visible(False)
    ax.set_xlabel(labels.text("year"))
    ax.set_title(labels.text("fig_b_title"))
    colourbar = figure.colorbar(image, ax=ax, fraction=0.05, pad=0.02, aspect=25)
    colourbar.set_ticks(
        [(r.lower_bound + r.upper_bound) / 2 for r in levels.itertuples()],
        labels=[
            f"{r.coordination_level} {_level_name(r, labels)}"
            for r in levels.itertuples()
        ],
    )
    colourbar.ax.tick_params(length=0, labelsize=8)
    colourbar.outline.set_visible(False)
    return figure


def figure_lag(data: ReportData, labels: Labels) -> Figure:
    """(c) U of the lag denominator (x) against the numerator (y), by lag type."""
    num, den = data.lag_subsystems
    present = set(data.subsystem_index["subsystem"])
    if not {num, den} <= present:
        raise FigureSkipped(
            f"needs the lag subsystems '{num}' and '{den}' (the vars "
            "lag_numerator_subsystem and lag_denominator_subsystem); the marts have "
            f"{', '.join(sorted(present))}"
        )
    wide = data.subsystem_index.pivot_table(
        index=["region", "year"], columns="subsystem", values="development_index"
    ).reset_index()
    wide = wide.merge(
        data.coupling[["region", "year", "lag_type", "relative_development"]],
        on=["region", "year"],
    )
    figure = _new_figure(4.0)
    ax = figure.add_subplot()
    limit = float(np.nanmax(wide[[num, den]].to_numpy())) * 1.08 or 1.0
    ends: list[tuple[str, float, float]] = []
    for region, rows in wide.groupby("region"):
        rows = rows.sort_values("year")
        ax.plot(rows[den], rows[num], color="#b0b0b0", linewidth=0.7, zorder=1)
        last = rows.iloc[-1]
        ends.append((data.region_label(str(region), labels), last[den], last[num]))
    num_name, den_name = labels.subsystem(num), labels.subsystem(den)
    names = {
        "real_economy_lagging": labels.text("lag_lagging", name=num_name)
        + f" (E ≤ {LAG_THRESHOLDS[0]})",
        "synchronous": labels.text("lag_synchronous")
        + f" ({LAG_THRESHOLDS[0]} < E ≤ {LAG_THRESHOLDS[1]})",
        "digital_economy_lagging": labels.text("lag_lagging", name=den_name)
        + f" (E > {LAG_THRESHOLDS[1]})",
        "undefined": labels.text("lag_undefined"),
        "not_applicable": labels.text("lag_undefined"),
    }
    for lag_type, colour in LAG_COLOURS.items():
        rows = wide[wide["lag_type"] == lag_type]
        if rows.empty:
            continue
        ax.scatter(
            rows[den],
            rows[num],
            s=16,
            color=colour,
            edgecolor="white",
            linewidth=0.4,
            zorder=3,
            label=names[lag_type],
        )
    latest = wide.sort_values("year").groupby("region").tail(1)
    ax.scatter(
        latest[den],
        latest[num],
        s=30,
        facecolor="none",
        edgecolor="black",
        linewidth=0.8,
        zorder=4,
    )
    xs = np.array([0.0, limit])
    for threshold in LAG_THRESHOLDS:
        ax.plot(xs, threshold * xs, color="black", linestyle="--", linewidth=0.8)
        # Label each line just outside the axes, where it leaves them.
        if threshold >= 1:
            where, align = (limit / threshold, limit), {"ha": "center", "va": "bottom"}
        else:
            where, align = (limit, limit * threshold), {"ha": "left", "va": "center"}
        ax.annotate(
            f"E = {threshold}",
            where,
            xytext=(0, 2) if threshold >= 1 else (2, 0),
            textcoords="offset points",
            fontsize=8,
            annotation_clip=False,
            **align,
        )
    ax.set_xlim(0, limit)
    ax.set_ylim(0, limit)
    ax.set_aspect("equal")
    ax.set_xlabel(labels.text("index_of", name=den_name))
    ax.set_ylabel(labels.text("index_of", name=num_name))
    # room above the axes for the "E = 1.2" label where that line leaves them
    ax.set_title(labels.text("fig_c_title", num=num, den=den), pad=22)
    ax.legend(loc="upper left", bbox_to_anchor=(1.04, 1.0), frameon=False)
    points = wide[[den, num]].dropna().to_numpy(dtype=float)
    _place_point_labels(figure, ax, points, ends)
    return figure


def _place_point_labels(
    figure: Figure,
    ax: Any,
    points: np.ndarray,
    items: Sequence[tuple[str, float, float]],
) -> None:
    """Label points, each on the side that covers the fewest points and labels."""
    figure.canvas.draw()  # lay the figure out, then keep that layout: the labels
    figure.set_layout_engine("none")  # are placed in its final pixels
    renderer = figure.canvas.get_renderer()
    scale = figure.dpi / 72
    pixels = ax.transData.transform(points) if len(points) else np.empty((0, 2))
    frame = ax.get_window_extent(renderer)
    candidates = [
        (4, 2, "left", "bottom"),
        (4, -2, "left", "top"),
        (-4, 2, "right", "bottom"),
        (-4, -2, "right", "top"),
        (0, 5, "center", "bottom"),
        (0, -5, "center", "top"),
    ]
    placed: list[tuple[float, float, float, float]] = []
    for text, x, y in items:
        label = ax.annotate(
            text,
            (x, y),
            xytext=(4, 2),
            textcoords="offset points",
            fontsize=8,
            color="#333333",
            zorder=4,
        )
        extent = label.get_window_extent(renderer)
        width, height = extent.width, extent.height
        px, py = ax.transData.transform((x, y))
        best: tuple[float, tuple[float, float, float, float], tuple] | None = None
        for dx, dy, ha, va in candidates:
            left = {"left": px + dx * scale, "right": px + dx * scale - width}.get(
                ha, px - width / 2
            )
            bottom = py + dy * scale if va == "bottom" else py + dy * scale - height
            box = (left, bottom, left + width, bottom + height)
            pad = 2 * scale
            inside = (
                (pixels[:, 0] > box[0] - pad)
                & (pixels[:, 0] < box[2] + pad)
                & (pixels[:, 1] > box[1] - pad)
                & (pixels[:, 1] < box[3] + pad)
            )
            overlaps = sum(
                not (box[2] < o[0] or box[0] > o[2] or box[3] < o[1] or box[1] > o[3])
                for o in placed
            )
            outside = (
                box[0] < frame.x0
                or box[2] > frame.x1
                or box[1] < frame.y0
                or box[3] > frame.y1
            )
            cost = float(inside.sum()) + 5.0 * overlaps + 8.0 * outside
            if best is None or cost < best[0]:
                best = (cost, box, (dx, dy, ha, va))
        assert best is not None
        dx, dy, ha, va = best[2]
        label.set_position((dx, dy))
        label.set_horizontalalignment(ha)
        label.set_verticalalignment(va)
        placed.append(best[1])


def _weights_for_plot(data: ReportData) -> pd.DataFrame:
    """One row per indicator: weight (mean over years in year scope), min, max."""
    weights = data.weights.groupby(
        ["subsystem", "dimension", "indicator"], as_index=False
    )["weight"].agg(weight="mean", low="min", high="max")
    names = data.indicators.set_index("indicator")["indicator_name"]
    weights["name"] = [
        str(names.get(i)) if pd.notna(names.get(i)) else i for i in weights["indicator"]
    ]
    return weights


def figure_weights(data: ReportData, labels: Labels) -> Figure:
    """(d) Indicator weights as horizontal bars, one panel per subsystem."""
    weights = _weights_for_plot(data)
    year_scope = data.weights["year"].notna().any()
    subsystems = [s for s in data.subsystems if s in set(weights["subsystem"])]
    counts = [int((weights["subsystem"] == s).sum()) for s in subsystems]
    total = sum(counts)
    height = 7.0 if total <= 40 else 7.0 + 0.15 * (total - 40)
    figure = _new_figure(height)
    axes = figure.subplots(
        len(subsystems),
        1,
        sharex=True,
        squeeze=False,
        gridspec_kw={"height_ratios": [c + 1.5 for c in counts]},
    )[:, 0]
    colours = data.dimension_colours()
    for ax, subsystem in zip(axes, subsystems, strict=True):
        rows = weights[weights["subsystem"] == subsystem].copy()
        dim_totals = rows.groupby("dimension")["weight"].sum()
        rows["dim_total"] = rows["dimension"].map(dim_totals)
        rows = rows.sort_values(
            ["dim_total", "dimension", "weight"], ascending=[False, True, False]
        ).reset_index(drop=True)
        positions = np.arange(len(rows))[::-1]
        bar_colours = [colours[(subsystem, d)] for d in rows["dimension"]]
        ax.barh(positions, rows["weight"], color=bar_colours, height=0.72)
        if year_scope:
            ax.errorbar(
                rows["weight"],
                positions,
                xerr=[rows["weight"] - rows["low"], rows["high"] - rows["weight"]],
                fmt="none",
                ecolor="#333333",
                elinewidth=0.6,
                capsize=1.5,
            )
        ends = rows["high" if year_scope else "weight"]
        for y, end, value in zip(positions, ends, rows["weight"], strict=True):
            ax.text(end, y, f" {value:.3f}", va="center", fontsize=8)
        ax.set_yticks(positions, [_shorten(n) for n in rows["name"]])
        ax.tick_params(axis="y", length=0)
        ax.set_ylim(-0.7, len(rows) - 0.3)
        ax.set_title(
            f"{labels.subsystem(subsystem)} "
            f"({labels.text('n_indicators', n=len(rows))})",
            loc="left",
        )
        handles = [
            Patch(
                color=colours[(subsystem, d)],
                label=f"{labels.dimension(d)} (Σw = {dim_totals[d]:.3f})",
            )
            for d in rows["dimension"].drop_duplicates()
        ]
        ax.legend(handles=handles, loc="best", frameon=False)
        ax.grid(axis="x", color="#e5e5e5", linewidth=0.6)
        ax.set_axisbelow(True)
    top = float(weights["high" if year_scope else "weight"].max())
    axes[-1].set_xlim(0, top * 1.18)
    axes[-1].set_xlabel(labels.text("weight_mean" if year_scope else "weight"))
    figure.suptitle(labels.text("fig_d_title"), fontsize=9.5)
    return figure


def figure_dimensions(data: ReportData, labels: Labels) -> Figure:
    """(e) Dimension indices per region in the latest year, stacked into U."""
    year = int(data.dimension_index["year"].max())
    latest = data.dimension_index[data.dimension_index["year"] == year]
    regions = [r for r in data.region_order() if r in set(latest["region"])]
    subsystems = [s for s in data.subsystems if s in set(latest["subsystem"])]
    colours = data.dimension_colours()
    figure = _new_figure(4.0)
    axes = figure.subplots(1, len(subsystems), sharey=True, squeeze=False)[0]
    positions = np.arange(len(regions))[::-1]
    top = 0.0
    for ax, subsystem in zip(axes, subsystems, strict=True):
        rows = latest[latest["subsystem"] == subsystem]
        grid = rows.pivot(
            index="region", columns="dimension", values="development_index"
        ).reindex(index=regions)
        dimension_order = grid.sum().sort_values(ascending=False).index
        left = np.zeros(len(regions))
        for dimension in dimension_order:
            widths = grid[dimension].fillna(0).to_numpy()
            ax.barh(
                positions,
                widths,
                left=left,
                height=0.7,
                color=colours[(subsystem, dimension)],
                label=labels.dimension(dimension),
            )
            left += widths
        for y, value in zip(positions, left, strict=True):
            ax.text(value, y, f" {value:.3f}", va="center", fontsize=8)
        top = max(top, float(left.max()))
        ax.set_title(labels.subsystem(subsystem), loc="left")
        ax.tick_params(axis="y", length=0)
        ax.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, -0.14),
            ncol=2,
            frameon=False,
            handlelength=1.2,
            columnspacing=0.8,
        )
        ax.grid(axis="x", color="#e5e5e5", linewidth=0.6)
        ax.set_axisbelow(True)
    axes[0].set_yticks(positions, [data.region_label(r, labels) for r in regions])
    for ax in axes:
        ax.set_xlim(0, max(top, 1e-9) * 1.25)
    figure.supxlabel(labels.text("dimension_index"), fontsize=9)
    figure.suptitle(labels.text("fig_e_title", year=year), fontsize=9.5)
    return figure


def figure_obstacles(data: ReportData, labels: Labels) -> Figure:
    """(f) The indicators with the highest obstacle degree (mean over regions)."""
    if data.obstacles is None:
        raise FigureSkipped(f"the mart {data.schema}.{OBSTACLE_MART} does not exist")
    missing = [c for c in OBSTACLE_COLUMNS if c not in data.obstacles.columns]
    if missing:
        raise FigureSkipped(
            f"{data.schema}.{OBSTACLE_MART} lacks the columns {', '.join(missing)}"
        )
    year = int(data.obstacles["year"].max())
    latest = data.obstacles[data.obstacles["year"] == year]
    top = (
        latest.groupby("indicator")["obstacle_degree"]
        .mean()
        .sort_values(ascending=False)
        .head(10)
    )
    if top.empty:
        raise FigureSkipped(f"{data.schema}.{OBSTACLE_MART} has no rows")
    names = data.indicators.set_index("indicator")
    figure = _new_figure(4.0)
    ax = figure.add_subplot()
    positions = np.arange(len(top))[::-1]
    colours = data.dimension_colours()
    bar_colours = []
    for indicator in top.index:
        if indicator in names.index:
            key = (names.at[indicator, "subsystem"], names.at[indicator, "dimension"])
            bar_colours.append(colours.get(key, "#7f7f7f"))
        else:
            bar_colours.append("#7f7f7f")
    ax.barh(positions, top.to_numpy(), color=bar_colours, height=0.7)
    tick_labels = [
        _shorten(str(names.at[i, "indicator_name"]) if i in names.index else i)
        for i in top.index
    ]
    ax.set_yticks(positions, tick_labels)
    for y, value in zip(positions, top.to_numpy(), strict=True):
        ax.text(value, y, f" {value:.3f}", va="center", fontsize=8)
    ax.set_xlim(0, float(top.max()) * 1.18)
    ax.tick_params(axis="y", length=0)
    ax.set_xlabel(labels.text("obstacle"))
    ax.set_title(labels.text("fig_f_title", year=year))
    return figure


@dataclass(frozen=True)
class FigureSpec:
    """A figure of the report: file stem, builder and caption (en, zh)."""

    stem: str
    build: Callable[[ReportData, Labels], Figure]
    caption: tuple[str, str]


FIGURES = (
    FigureSpec(
        "fig_a_coordination_degree_trend",
        figure_trend,
        (
            "Coupling coordination degree D of every region by year. The shaded "
            "bands are the ten coordination levels of seeds/reference/"
            "coordination_levels.csv (lower-inclusive).",
            "各地区耦合协调度 D 的年度变化；底色为十个协调等级区间（左闭右开）。",
        ),
    ),
    FigureSpec(
        "fig_b_coordination_degree_heatmap",
        figure_heatmap,
        (
            "D by region (rows, ordered by D of the latest year) and year; the cell "
            "colour is the coordination level.",
            "各地区（按最新年份 D 排序）各年份的 D 值；单元格颜色表示协调等级。",
        ),
    ),
    FigureSpec(
        "fig_c_subsystem_indices_lag",
        figure_lag,
        (
            "Development index of the lag denominator subsystem (x) against the "
            "numerator subsystem (y), one point per region and year, coloured by lag "
            "type; grey lines join a region's years, and the ringed, labelled point "
            "is its latest year. The dashed lines are E = 0.8 and E = 1.2.",
            "横轴为分母子系统、纵轴为分子子系统的综合发展指数，每点为一个地区-年份，"
            "颜色表示滞后类型；灰线连接同一地区各年，带圈并标注的点为最新年份；"
            "虚线为 E = 0.8 与 E = 1.2。",
        ),
    ),
    FigureSpec(
        "fig_d_indicator_weights",
        figure_weights,
        (
            "Entropy weight of every indicator, one panel per subsystem, grouped and "
            "coloured by dimension (Σw: the dimension's total weight). In year "
            "scope the bar is the mean over the years and the whiskers the range.",
            "各指标熵权，每个子系统一个面板，按维度分组着色（Σw 为维度权重合计）；"
            "逐年赋权时为各年均值，误差线为范围。",
        ),
    ),
    FigureSpec(
        "fig_e_dimension_indices",
        figure_dimensions,
        (
            "Dimension indices of every region in the latest year of the panel, one "
            "panel per subsystem; the stacked dimension indices add up to the "
            "subsystem index U (number at the bar end).",
            "面板最新年份各地区的维度指数，每个子系统一个面板；"
            "各维度指数堆叠之和即子系统综合发展指数 U（条末数值）。",
        ),
    ),
    FigureSpec(
        "fig_f_obstacles",
        figure_obstacles,
        (
            "The ten indicators with the highest obstacle degree in the latest year "
            "(mean over the regions).",
            "最新年份障碍度最高的十个指标（各地区均值）。",
        ),
    ),
)


# ---------------------------------------------------------------------- tables


def coordination_table(data: ReportData, labels: Labels) -> pd.DataFrame:
    """D and its level by region (rows) and year (columns), as text cells.

    A cell reads ``0.395 mild disorder (轻度失调)`` (English report) or
    ``0.395 轻度失调`` (Chinese report); undefined D reads "undefined".
    """
    rows = data.coupling.copy()

    def cell(row: Any) -> str:
        if pd.isna(row.coordination_degree):
            return labels.text("undefined")
        zh = row.coordination_level_name_zh
        if labels.lang == "zh":
            return f"{row.coordination_degree:.3f} {zh}"
        return f"{row.coordination_degree:.3f} {row.coordination_level_name_en} ({zh})"

    rows["cell"] = [cell(r) for r in rows.itertuples()]
    table = rows.pivot(index="region", columns="year", values="cell").reindex(
        index=data.region_order(), columns=data.years
    )
    table.index = [data.region_label(r, labels) for r in table.index]
    table.index.name = labels.text("region")
    table.columns = [str(y) for y in table.columns]
    return table


def _numeric_table(data: ReportData, column: str, labels: Labels) -> pd.DataFrame:
    table = data.coupling.pivot(index="region", columns="year", values=column)
    table = table.reindex(index=data.region_order(), columns=data.years)
    table.index = [data.region_label(r, labels) for r in table.index]
    table.index.name = labels.text("region")
    table.columns = [str(y) for y in table.columns]
    return table


def weights_table(data: ReportData, labels: Labels) -> pd.DataFrame:
    """The weights, one row per indicator (and year), with their provenance."""
    catalog = data.indicators[
        [
            "indicator",
            "indicator_name",
            "unit",
            "source_indicator",
            "denominator_indicator",
            "multiplier",
            "n_observed",
        ]
    ]
    weights = data.weights.merge(catalog, on="indicator", how="left")
    group = ["subsystem", "year"]
    weights["weight_rank"] = (
        weights.groupby(group, dropna=False)["weight"]
        .rank(ascending=False, method="min")
        .astype(int)
    )
    weights["dimension_weight"] = weights.groupby(
        ["subsystem", "dimension", "year"], dropna=False
    )["weight"].transform("sum")
    weights["subsystem_label"] = weights["subsystem"].map(labels.subsystem)
    weights["dimension_label"] = weights["dimension"].map(labels.dimension)
    publication = data.publication
    weights["source_table"] = f"{data.schema}.fct_indicator_weights"
    weights["published_at"] = publication.get("published_at")
    weights["invocation_id"] = publication.get("invocation_id")
    weights["coupling_model"] = data.settings.get("coupling_model")
    weights["indicator_values_path"] = (
        data.settings.get("indicator_values_path") or "seeds/raw (bundled panel)"
    )
    columns = [
        "subsystem",
        "subsystem_label",
        "dimension",
        "dimension_label",
        "indicator",
        "indicator_name",
        "unit",
        "direction",
        "year",
        "weight",
        "weight_rank",
        "dimension_weight",
        "n_observations",
        "n_interpolated",
        "min_value",
        "max_value",
        "is_constant",
        "entropy_k",
        "entropy",
        "divergence",
        "entropy_scope",
        "zero_policy",
        "zero_shift_epsilon",
        "source_indicator",
        "denominator_indicator",
        "multiplier",
        "indicator_values_path",
        "coupling_model",
        "source_table",
        "published_at",
        "invocation_id",
    ]
    order = {s: i for i, s in enumerate(data.subsystems)}
    weights = weights.assign(_s=weights["subsystem"].map(order)).sort_values(
        ["_s", "year", "dimension_weight", "dimension", "weight"],
        ascending=[True, True, False, True, False],
    )
    return weights[columns].reset_index(drop=True)


def _write_xlsx(path: Path, sheets: dict[str, pd.DataFrame], index: bool) -> None:
    """Write ``sheets`` with openpyxl: bold header, frozen header, fitted widths."""
    from openpyxl.styles import Font

    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=index)
            sheet = writer.sheets[name]
            sheet.freeze_panes = "B2" if index else "A2"
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            for column in sheet.columns:
                width = max(
                    len(str(c.value)) if c.value is not None else 0 for c in column
                )
                sheet.column_dimensions[column[0].column_letter].width = min(
                    60, max(8, width * 1.15 + 2)
                )


# ------------------------------------------------------------------------ HTML


def _html_table(
    frame: pd.DataFrame,
    *,
    index: bool = True,
    styles: pd.DataFrame | None = None,
) -> str:
    head = ([frame.index.name or ""] if index else []) + [str(c) for c in frame.columns]
    lines = ["<table>", "<thead><tr>"]
    lines += [f"<th>{html.escape(str(h))}</th>" for h in head]
    lines.append("</tr></thead><tbody>")
    for i, (key, row) in enumerate(frame.iterrows()):
        cells = [f"<th>{html.escape(str(key))}</th>"] if index else []
        for j, value in enumerate(row):
            style = ""
            if styles is not None and isinstance(styles.iat[i, j], str):
                style = f' style="{styles.iat[i, j]}"'
            text = (
                ""
                if value is None or (isinstance(value, float) and math.isnan(value))
                else value
            )
            cells.append(f"<td{style}>{html.escape(str(text))}</td>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.append("</tbody></table>")
    return "\n".join(lines)


def _level_styles(data: ReportData, labels: Labels) -> pd.DataFrame:
    levels = _numeric_table(data, "coordination_level", labels)
    colours = _level_colours(len(data.levels))
    by_level = {
        int(r.coordination_level): colours[i]
        for i, r in enumerate(data.levels.itertuples())
    }

    def style(level: object) -> str | None:
        if pd.isna(level) or int(level) not in by_level:
            return None
        r, g, b = (int(255 * (1 - 0.45 * (1 - c))) for c in by_level[int(level)])
        return f"background: rgb({r}, {g}, {b})"

    return levels.map(style)


def _weights_by_dimension_html(data: ReportData, labels: Labels) -> str:
    weights = _weights_for_plot(data)
    lines = [
        "<table>",
        "<thead><tr><th>subsystem</th><th>dimension</th><th>Σw</th>"
        "<th>indicator</th><th>w</th></tr></thead><tbody>",
    ]
    for subsystem in data.subsystems:
        rows = weights[weights["subsystem"] == subsystem]
        dims = rows.groupby("dimension")["weight"].sum().sort_values(ascending=False)
        first_subsystem = True
        for dimension, total in dims.items():
            members = rows[rows["dimension"] == dimension].sort_values(
                "weight", ascending=False
            )
            for k, member in enumerate(members.itertuples()):
                cells = []
                if first_subsystem:
                    cells.append(
                        f'<th rowspan="{len(rows)}">'
                        f"{html.escape(labels.subsystem(subsystem))}</th>"
                    )
                    first_subsystem = False
                if k == 0:
                    cells.append(
                        f'<td rowspan="{len(members)}">'
                        f"{html.escape(labels.dimension(str(dimension)))}</td>"
                        f'<td rowspan="{len(members)}">{total:.4f}</td>'
                    )
                cells.append(
                    f"<td>{html.escape(str(member.name))} "
                    f"<code>{html.escape(str(member.indicator))}</code></td>"
                    f"<td>{member.weight:.4f}</td>"
                )
                lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.append("</tbody></table>")
    return "\n".join(lines)


def _method_note(data: ReportData) -> str:
    settings = data.settings
    num, den = data.lag_subsystems
    model = settings.get("coupling_model", "standard")
    formulas = {
        "standard": "C = n (∏U)<sup>1/n</sup> / ΣU",
        "wang2021": "C = √((1 − mean|U<sub>i</sub> − U<sub>j</sub>|) "
        "∏(U<sub>i</sub>/max U)<sup>1/(n−1)</sup>)",
        "fan2024": "C = 1 − 2σ(U)",
    }
    scope = settings.get("entropy_scope", "panel")
    return (
        "<p>Indicators are min-max normalised with their direction over the entropy "
        f"group (<code>entropy_scope = {html.escape(str(scope))}</code>: "
        "all region-years, or the regions of one year). Entropy weights: "
        "p = x′/Σx′, e = −(1/ln m) Σ p ln p, d = 1 − e, w = d / Σd within each "
        "subsystem. A dimension index is Σ w x′ over its indicators; the subsystem "
        "index U is the sum of its dimension indices. Coupling degree "
        f"({html.escape(str(model))}): {formulas.get(str(model), '')}; "
        "coordination index T = Σ α U (α = 1/n unless "
        "<code>subsystem_weights</code> is set); coordination degree D = √(C T), "
        "classified into the ten level bands [lower, upper) (top band closed). "
        f"Relative development E = U<sub>{html.escape(num)}</sub> / "
        f"U<sub>{html.escape(den)}</sub>: ≤ 0.8 {html.escape(num)} lagging, "
        f"0.8-1.2 synchronous, &gt; 1.2 {html.escape(den)} lagging. Every formula "
        "and edge case: <code>docs/method_conventions.md</code>.</p>"
    )


def _provenance_note(data: ReportData, out_dir: Path) -> str:
    values_path = data.settings.get("indicator_values_path")
    if values_path:
        return (
            "<p>Data: an own panel read from "
            f"<code>{html.escape(str(values_path))}</code>; its provenance is its "
            "author's. Every input value's fate is in "
            f"<code>{html.escape(data.schema)}.fct_input_audit</code>.</p>"
        )
    link = os.path.relpath(PROVENANCE_FILE, out_dir.resolve())
    return (
        "<p>Data: the bundled panel of published statistics "
        "(<code>seeds/raw/provincial_indicators.csv</code>). Source of every series "
        "(yearbook, repository, file and commit) and the cross-checks made: "
        f'<a href="{html.escape(Path(link).as_posix())}">seeds/raw/PROVENANCE.md</a>. '
        "Every input value's fate is in "
        f"<code>{html.escape(data.schema)}.fct_input_audit</code>.</p>"
    )


def _settings_html(data: ReportData) -> str:
    publication = data.publication
    rows = [
        ("DuckDB file", str(data.duckdb_path)),
        ("schema", data.schema),
        ("published at", publication.get("published_at", "unknown")),
        ("dbt invocation", publication.get("invocation_id", "unknown")),
        ("level bands from", data.levels_source),
    ]
    rows += [
        (
            key,
            value if isinstance(value, str) else json.dumps(value, ensure_ascii=False),
        )
        for key, value in sorted(data.settings.items())
    ]
    frame = pd.DataFrame(rows, columns=["setting", "value"]).set_index("setting")
    return _html_table(frame)


def write_html(
    path: Path,
    data: ReportData,
    labels: Labels,
    figures: Sequence[tuple[FigureSpec, list[Path]]],
    tables: Sequence[Path],
) -> None:
    """Write report.html: settings, method, tables and every figure written."""
    out_dir = path.parent
    d_table = coordination_table(data, labels)

    def heading(key: str) -> str:
        english, chinese = HTML_HEADINGS[key]
        return html.escape(f"{chinese} {english}" if labels.lang == "zh" else english)

    caption_index = 1 if labels.lang == "zh" else 0
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{labels.lang}"><head><meta charset="utf-8">',
        f"<title>{heading('title')}</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:62rem;margin:2rem "
        "auto;padding:0 1rem;line-height:1.45}table{border-collapse:collapse;"
        "font-size:.85rem;margin:.5rem 0 1.5rem}th,td{border:1px solid #ccc;"
        "padding:.2rem .45rem;text-align:left;vertical-align:top}thead th{"
        "background:#f3f3f3}figure{margin:1.5rem 0}img{max-width:100%;"
        "border:1px solid #eee}figcaption{font-size:.9rem;color:#333}"
        "code{font-size:.85em}</style>",
        "</head><body>",
        f"<h1>{heading('title')}</h1>",
        f"<p>Generated {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} by "
        "<code>python -m ccdkit.report</code> from the published schema "
        f"<code>{html.escape(data.schema)}</code> of "
        f"<code>{html.escape(str(data.duckdb_path))}</code>: "
        f"{data.coupling['region'].nunique()} regions, {data.years[0]}-"
        f"{data.years[-1]}, subsystems {html.escape(', '.join(data.subsystems))}."
        "</p>",
        f"<h2>{heading('settings')}</h2>",
        "<p>The latest row of <code>meta.publications</code> for this schema:</p>",
        _settings_html(data),
        f"<h2>{heading('method')}</h2>",
        _method_note(data),
        _provenance_note(data, out_dir),
        f"<h2>{heading('d_table')}</h2>",
        _html_table(d_table, styles=_level_styles(data, labels)),
        f"<h2>{heading('weights')}</h2>",
    ]
    if data.weights["year"].notna().any():
        parts.append("<p>Year scope: w is the mean of the yearly weights.</p>")
    parts.append(_weights_by_dimension_html(data, labels))
    parts.append(f"<h2>{heading('figures')}</h2>")
    for number, (spec, files) in enumerate(figures, start=1):
        png = next(f for f in files if f.suffix == ".png")
        svg = next(f for f in files if f.suffix == ".svg")
        parts.append(
            f'<figure id="{spec.stem}"><a href="{html.escape(svg.name)}">'
            f'<img src="{html.escape(png.name)}" alt="{html.escape(spec.stem)}">'
            f"</a><figcaption>Figure {number}. "
            f"{html.escape(spec.caption[caption_index])} "
            f'(<a href="{html.escape(png.name)}">PNG</a>, '
            f'<a href="{html.escape(svg.name)}">SVG</a>)</figcaption></figure>'
        )
    parts.append(f"<h2>{heading('tables')}</h2><ul>")
    for table in tables:
        parts.append(
            f'<li><a href="{html.escape(table.name)}">'
            f"{html.escape(table.name)}</a></li>"
        )
    parts += ["</ul>", "</body></html>", ""]
    path.write_text("\n".join(parts), encoding="utf-8")


# ------------------------------------------------------------------------ main


def _save_figure(figure: Figure, out_dir: Path, stem: str) -> list[Path]:
    paths = [out_dir / f"{stem}.png", out_dir / f"{stem}.svg"]
    figure.savefig(paths[0], dpi=DPI, metadata={"Software": "ccdkit.report"})
    figure.savefig(paths[1], metadata={"Date": None})
    return paths


def generate_report(
    duckdb_path: Path,
    out_dir: Path,
    *,
    schema: str = MARTS_SCHEMA,
    lang: str = "en",
) -> list[Path]:
    """Write the figures, tables and report.html into ``out_dir``.

    Returns:
        The files written, in the order they were written.

    Raises:
        ReportError: the warehouse cannot be read or a CJK font is missing for zh.
    """
    started = time.perf_counter()
    labels = Labels(lang)
    cjk_font = find_cjk_font()
    if lang == "zh" and cjk_font is None:
        raise ReportError(
            "--lang zh needs a font with Chinese glyphs and none was found: install "
            f"the Debian package {CJK_FONT_PACKAGES} (apt-get install -y "
            "fonts-wqy-microhei, or `make setup-cjk-font`)"
        )
    data = load_report_data(duckdb_path, schema)
    logger.info(
        "read %s.%s (%d region-years) in %.2f s",
        duckdb_path,
        schema,
        len(data.coupling),
        time.perf_counter() - started,
    )
    if cjk_font is None and _has_cjk(data.coupling["region"].unique()):
        logger.warning(
            "region names contain Chinese characters but no CJK font is installed "
            "(Debian: %s): they will not render in the figures",
            CJK_FONT_PACKAGES,
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    figures: list[tuple[FigureSpec, list[Path]]] = []
    with figure_style(cjk_font):
        for spec in FIGURES:
            step = time.perf_counter()
            try:
                figure = spec.build(data, labels)
            except FigureSkipped as reason:
                logger.info("skipped %s: %s", spec.stem, reason)
                continue
            paths = _save_figure(figure, out_dir, spec.stem)
            written += paths
            figures.append((spec, paths))
            logger.info(
                "wrote %s (.png, .svg) in %.2f s",
                spec.stem,
                time.perf_counter() - step,
            )

    tables: list[Path] = []
    step = time.perf_counter()
    d_table = coordination_table(data, labels)
    csv_path = out_dir / "table_coordination_degree.csv"
    d_table.to_csv(csv_path, encoding="utf-8-sig")
    xlsx_path = out_dir / "table_coordination_degree.xlsx"
    levels = data.levels.set_index("coordination_level")
    _write_xlsx(
        xlsx_path,
        {
            "D and level": d_table,
            "D": _numeric_table(data, "coordination_degree", labels).round(6),
            "level": _numeric_table(data, "coordination_level", labels),
            "level bands": levels,
        },
        index=True,
    )
    tables += [csv_path, xlsx_path]
    logger.info(
        "wrote %s (.csv, .xlsx) in %.2f s",
        csv_path.stem,
        time.perf_counter() - step,
    )
    step = time.perf_counter()
    weights = weights_table(data, labels)
    weights_csv = out_dir / "table_indicator_weights.csv"
    weights.to_csv(weights_csv, index=False, encoding="utf-8-sig")
    weights_xlsx = out_dir / "table_indicator_weights.xlsx"
    _write_xlsx(weights_xlsx, {"weights": weights}, index=False)
    tables += [weights_csv, weights_xlsx]
    logger.info(
        "wrote %s (.csv, .xlsx) in %.2f s",
        weights_csv.stem,
        time.perf_counter() - step,
    )
    written += tables

    step = time.perf_counter()
    html_path = out_dir / "report.html"
    write_html(html_path, data, labels, figures, tables)
    written.append(html_path)
    logger.info("wrote %s in %.2f s", html_path.name, time.perf_counter() - step)
    logger.info(
        "report of %d files in %s, %.2f s in all",
        len(written),
        out_dir,
        time.perf_counter() - started,
    )
    return written


def build_parser() -> argparse.ArgumentParser:
    """The command-line options of ``python -m ccdkit.report``."""
    parser = argparse.ArgumentParser(
        prog="python -m ccdkit.report",
        description="Figures (PNG, SVG), paper-ready tables (CSV, XLSX) and "
        "report.html from the published marts.",
    )
    parser.add_argument(
        "--duckdb",
        type=Path,
        default=default_duckdb_path(),
        help="the DuckDB file (default: $CCD_DUCKDB_PATH or warehouse/ccd.duckdb)",
    )
    parser.add_argument(
        "--schema",
        default=MARTS_SCHEMA,
        help="the published schema to report (default: marts)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("reports"),
        help="the output folder (default: reports/)",
    )
    parser.add_argument(
        "--lang",
        choices=("en", "zh"),
        default="en",
        help="label language: en (default) or zh (Chinese; needs a CJK font)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the report; print the files written. Returns the exit status."""
    args = build_parser().parse_args(argv)
    if not logging.getLogger().handlers:
        logging.basicConfig(
            level=logging.INFO,
            stream=sys.stderr,
            format="%(asctime)s %(levelname)s %(message)s",
            datefmt="%H:%M:%S",
        )
    logger.setLevel(logging.INFO)
    try:
        written = generate_report(
            args.duckdb, args.out, schema=args.schema, lang=args.lang
        )
    except ReportError as error:
        logger.error("report not written: %s", error)
        return 2
    sys.stdout.write("".join(f"{path}\n" for path in written))
    return 0


if __name__ == "__main__":
    sys.exit(main())
