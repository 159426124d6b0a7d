"""The report: figures, tables and report.html from the bundled build's marts.

The report is run once, in-process, on the session build of the bundled panel; the
tests then read back every file it wrote with independent readers (matplotlib's PNG
decoder, ElementTree, html.parser, pandas, openpyxl) and compare the tables with the
marts themselves.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import matplotlib.image
import numpy as np
import openpyxl
import pandas as pd
import pytest

from ccdkit import report
from ccdkit.project import read_table

YEARS = [str(y) for y in range(2013, 2023)]
REGIONS = {"Anhui", "Beijing", "Henan", "Jiangsu", "Shanghai", "Tianjin", "Zhejiang"}
# Pixel size of every figure: figsize (inches) x 300 dpi.
FIGURES = {
    "fig_a_coordination_degree_trend": (6.5, 4.0),
    "fig_b_coordination_degree_heatmap": (6.5, 4.0),
    "fig_c_subsystem_indices_lag": (6.5, 4.0),
    "fig_d_indicator_weights": (6.5, 7.0),
    "fig_e_dimension_indices": (6.5, 4.0),
}
TABLES = [
    "table_coordination_degree.csv",
    "table_coordination_degree.xlsx",
    "table_indicator_weights.csv",
    "table_indicator_weights.xlsx",
]
CJK = re.compile(r"[\u4e00-\u9fff]")
LEVELS = pd.read_csv(report.LEVELS_SEED)


def run_report(args: list[str]) -> tuple[int, list[str]]:
    """Run ``main(args)`` in-process; return its status and its stdout lines."""
    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout):
        status = report.main(args)
    return status, stdout.getvalue().splitlines()


@pytest.fixture(scope="module")
def report_run(
    bundled_warehouse: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, list[str]]:
    out = tmp_path_factory.mktemp("report") / "reports"
    status, lines = run_report(["--duckdb", str(bundled_warehouse), "--out", str(out)])
    assert status == 0
    return out, lines


@pytest.fixture(scope="module")
def out_dir(report_run: tuple[Path, list[str]]) -> Path:
    return report_run[0]


@pytest.fixture(scope="module")
def coupling(bundled_warehouse: Path) -> pd.DataFrame:
    return read_table(bundled_warehouse, "fct_coupling_coordination")


def test_every_expected_file_is_written_and_listed(report_run) -> None:
    out, lines = report_run
    expected = {f"{stem}{ext}" for stem in FIGURES for ext in (".png", ".svg")}
    expected |= {*TABLES, "report.html"}
    assert {p.name for p in out.iterdir()} == expected
    # stdout is exactly the list of files written, nothing else
    assert sorted(Path(line).name for line in lines) == sorted(expected)
    assert all(Path(line).is_file() for line in lines)
    # no obstacle mart in the bundled build: figure (f) is skipped
    assert not (out / "fig_f_obstacles.png").exists()


@pytest.mark.parametrize("stem", sorted(FIGURES))
def test_png_decodes_at_the_paper_size(out_dir: Path, stem: str) -> None:
    pixels = matplotlib.image.imread(out_dir / f"{stem}.png")
    width_in, height_in = FIGURES[stem]
    assert pixels.shape[:2] == (round(height_in * 300), round(width_in * 300))
    # a drawn figure, not a blank canvas: many distinct colours
    flat = pixels.reshape(-1, pixels.shape[-1])[::97]
    assert len(np.unique(flat, axis=0)) > 50


@pytest.mark.parametrize("stem", sorted(FIGURES))
def test_svg_is_xml_with_an_svg_root(out_dir: Path, stem: str) -> None:
    root = ET.parse(out_dir / f"{stem}.svg").getroot()
    assert root.tag.rsplit("}", 1)[-1] == "svg"
    width_in, height_in = FIGURES[stem]
    assert root.get("width") == f"{width_in * 72:g}pt"
    assert root.get("height") == f"{height_in * 72:g}pt"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href") and value:
                self.refs.append(value)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_references_every_figure_and_the_references_resolve(
    out_dir: Path, bundled_warehouse: Path
) -> None:
    parser = _Links()
    parser.feed((out_dir / "report.html").read_text(encoding="utf-8"))
    parser.close()
    refs = set(parser.refs)
    figures = [p.name for p in out_dir.iterdir() if p.suffix in (".png", ".svg")]
    assert len(figures) == 2 * len(FIGURES)
    assert set(figures) <= refs
    for ref in refs:
        assert (out_dir / ref).resolve().is_file(), ref
    assert any(ref.endswith("seeds/raw/PROVENANCE.md") for ref in refs)
    text = " ".join(parser.text)
    # the D table and the settings of the publication are in the page
    assert all(region in text for region in REGIONS)
    assert "0.8" in text and "entropy_scope" in text
    with duckdb.connect(str(bundled_warehouse), read_only=True) as connection:
        (invocation,) = connection.execute(
            "select invocation_id from meta.publications where published_schema = "
            "'marts' order by published_at desc limit 1"
        ).fetchone()
    assert invocation in text


def _expected_cell(row: pd.Series) -> str:
    return (
        f"{row.coordination_degree:.3f} {row.coordination_level_name_en} "
        f"({row.coordination_level_name_zh})"
    )


def test_d_table_csv_matches_the_mart(out_dir: Path, coupling: pd.DataFrame) -> None:
    path = out_dir / "table_coordination_degree.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM, for Excel
    table = pd.read_csv(path, encoding="utf-8-sig", index_col=0, dtype=str)
    assert table.shape == (7, 10)
    assert list(table.columns) == YEARS
    assert set(table.index) == REGIONS
    names_zh = set(LEVELS["level_name_zh"])
    for cell in table.to_numpy().ravel():
        assert CJK.search(cell), cell
        assert any(name in cell for name in names_zh), cell
    for row in coupling.itertuples():
        assert table.at[row.region, str(row.year)] == _expected_cell(row)


def test_d_table_xlsx_has_the_same_shape_and_cells(out_dir: Path) -> None:
    csv = pd.read_csv(
        out_dir / "table_coordination_degree.csv",
        encoding="utf-8-sig",
        index_col=0,
        dtype=str,
    )
    workbook = openpyxl.load_workbook(out_dir / "table_coordination_degree.xlsx")
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 8 and all(len(r) == 11 for r in rows)
    assert [str(v) for v in rows[0][1:]] == YEARS
    body = {r[0]: [str(v) for v in r[1:]] for r in rows[1:]}
    assert body == {region: list(csv.loc[region]) for region in csv.index}
    numeric = workbook["D"]
    assert isinstance(numeric.cell(row=2, column=2).value, float)


def test_weights_table_has_every_weight_with_provenance(
    out_dir: Path, bundled_warehouse: Path
) -> None:
    weights = pd.read_csv(out_dir / "table_indicator_weights.csv", encoding="utf-8-sig")
    mart = read_table(bundled_warehouse, "fct_indicator_weights")
    assert len(weights) == len(mart) == 25
    merged = weights.merge(mart, on="indicator", suffixes=("", "_mart"))
    assert np.allclose(merged["weight"], merged["weight_mart"], rtol=0, atol=1e-12)
    sums = weights.groupby("subsystem")["weight"].sum()
    assert np.allclose(sums, 1.0)
    for column in ("source_indicator", "n_observations", "entropy", "invocation_id"):
        assert column in weights.columns
    assert weights["invocation_id"].notna().all()
    assert weights["source_table"].eq("marts.fct_indicator_weights").all()
    xlsx = pd.read_excel(out_dir / "table_indicator_weights.xlsx", engine="openpyxl")
    assert xlsx.shape == weights.shape


def test_missing_duckdb_file_fails_with_a_clear_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    missing = tmp_path / "nowhere" / "ccd.duckdb"
    out = tmp_path / "out"
    caplog.set_level(logging.ERROR, logger="ccdkit.report")
    status, lines = run_report(["--duckdb", str(missing), "--out", str(out)])
    assert status == 2
    assert lines == []
    assert f"{missing} does not exist" in caplog.text
    assert "make build" in caplog.text
    assert not out.exists()


def test_missing_schema_fails_with_a_clear_error(
    bundled_warehouse: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="ccdkit.report")
    status, _ = run_report(
        ["--duckdb", str(bundled_warehouse), "--schema", "nope", "--out", str(tmp_path)]
    )
    assert status == 2
    assert "schema 'nope'" in caplog.text and "fct_coupling_coordination" in caplog.text


def test_zh_without_a_cjk_font_names_the_package(
    bundled_warehouse: Path,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(report, "find_cjk_font", lambda: None)
    caplog.set_level(logging.ERROR, logger="ccdkit.report")
    status, lines = run_report(
        [
            "--duckdb",
            str(bundled_warehouse),
            "--out",
            str(tmp_path / "zh"),
            "--lang",
            "zh",
        ]
    )
    assert status == 2 and lines == []
    assert "fonts-noto-cjk" in caplog.text and "fonts-wqy-microhei" in caplog.text


def test_zh_report_has_chinese_labels(bundled_warehouse: Path, tmp_path: Path) -> None:
    if report.find_cjk_font() is None:
        pytest.skip(
            "no CJK font installed (Debian: fonts-noto-cjk or fonts-wqy-microhei)"
        )
    out = tmp_path / "zh"
    status, lines = run_report(
        ["--duckdb", str(bundled_warehouse), "--out", str(out), "--lang", "zh"]
    )
    assert status == 0 and len(lines) == 15
    table = pd.read_csv(
        out / "table_coordination_degree.csv", encoding="utf-8-sig", index_col=0
    )
    assert table.index.name == "地区"
    assert set(table.index) == {"北京", "天津", "上海", "江苏", "浙江", "安徽", "河南"}
    english = set(LEVELS["level_name_en"])
    assert not any(
        name in cell for cell in table.to_numpy().ravel() for name in english
    )
    assert "各地区" in (out / "report.html").read_text(encoding="utf-8")


def test_lag_figure_is_skipped_without_the_lag_subsystems(
    bundled_warehouse: Path,
) -> None:
    data = report.load_report_data(bundled_warehouse)
    data.subsystem_index = data.subsystem_index.replace({"subsystem": {"real": "x"}})
    with pytest.raises(report.FigureSkipped, match="'real' and 'digital'"):
        report.figure_lag(data, report.Labels("en"))


def test_obstacle_figure_when_the_mart_exists(
    bundled_warehouse: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    copy = tmp_path / "ccd.duckdb"
    shutil.copy(bundled_warehouse, copy)
    with duckdb.connect(str(copy)) as connection:
        connection.execute(
            "create table marts.fct_obstacle_degree as select v.region, v.year, "
            "v.indicator, w.weight * (1 - coalesce(v.normalised_value, 0)) "
            "as obstacle_degree from marts.fct_indicator_values v "
            "join marts.fct_indicator_weights w using (indicator)"
        )
    caplog.set_level(logging.INFO, logger="ccdkit.report")
    out = tmp_path / "out"
    status, lines = run_report(["--duckdb", str(copy), "--out", str(out)])
    assert status == 0
    assert (out / "fig_f_obstacles.png").is_file()
    assert (out / "fig_f_obstacles.svg").is_file()
    assert 'src="fig_f_obstacles.png"' in (out / "report.html").read_text("utf-8")
    # one progress line per figure and table, each with its elapsed seconds
    wrote = [r.getMessage() for r in caplog.records if "wrote" in r.getMessage()]
    assert len(wrote) == len(FIGURES) + 1 + 2 + 1
    assert all(re.search(r" in \d+\.\d\d s$", message) for message in wrote)
