"""Shared fixtures: the project built into temporary DuckDB files."""

from __future__ import annotations

from pathlib import Path

import pytest

from ccdkit.project import PROJECT_ROOT, run_dbt


@pytest.fixture(scope="session")
def project_root() -> Path:
    """The repository root."""
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def bundled_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`dbt build` of the bundled real panel with default settings, once per session."""
    duckdb_path = tmp_path_factory.mktemp("bundled") / "ccd.duckdb"
    run = run_dbt(["build"], duckdb_path)
    assert run.succeeded, run.output
    return duckdb_path
