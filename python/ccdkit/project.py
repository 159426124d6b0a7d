"""Run the dbt project from Python: build into a chosen DuckDB file and read marts.

Used by the tests (which build the project into temporary DuckDB files and compare the
marts with the reference implementation) and by the command-line helpers. dbt runs in
a subprocess, exactly as a user runs it, so exit codes and messages are the real ones.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

logger = logging.getLogger(__name__)

#: The repository root: the directory holding dbt_project.yml.
PROJECT_ROOT = Path(__file__).resolve().parents[2]

#: The schema the result tables are published to (see macros/publish_marts.sql).
MARTS_SCHEMA = "marts"

#: The DuckDB file when neither an option nor ``CCD_DUCKDB_PATH`` names one; like the
#: dbt profile's default it is relative to the working directory.
DEFAULT_DUCKDB_PATH = Path("warehouse/ccd.duckdb")


def default_duckdb_path() -> Path:
    """The DuckDB file named by ``CCD_DUCKDB_PATH``, else ``warehouse/ccd.duckdb``."""
    return Path(os.environ.get("CCD_DUCKDB_PATH") or DEFAULT_DUCKDB_PATH)


@dataclass(frozen=True)
class DbtRun:
    """The outcome of one dbt command."""

    args: tuple[str, ...]
    returncode: int
    output: str

    @property
    def succeeded(self) -> bool:
        """True when dbt exited with status 0."""
        return self.returncode == 0


def dbt_executable() -> str:
    """The dbt of the running Python environment (falls back to the PATH)."""
    candidate = Path(sys.executable).with_name("dbt")
    if candidate.exists():
        return str(candidate)
    found = shutil.which("dbt")
    if found is None:
        raise FileNotFoundError("dbt is not installed in this environment")
    return found


def run_dbt(
    command: Sequence[str],
    duckdb_path: Path,
    *,
    variables: Mapping[str, object] | None = None,
    work_dir: Path | None = None,
    project_dir: Path = PROJECT_ROOT,
) -> DbtRun:
    """Run one dbt command against the DuckDB file ``duckdb_path``.

    Args:
        command: the dbt command and its own arguments, e.g. ``["build"]``.
        duckdb_path: the DuckDB file to write (``CCD_DUCKDB_PATH``).
        variables: project vars passed as ``--vars`` (JSON is valid YAML).
        work_dir: where dbt keeps ``target/`` and ``logs/``; defaults to a folder
            beside the DuckDB file, so parallel runs never share state.
        project_dir: the dbt project (the repository root by default).
    """
    duckdb_path = Path(duckdb_path).resolve()
    duckdb_path.parent.mkdir(parents=True, exist_ok=True)
    work_dir = Path(
        work_dir or duckdb_path.parent / f"{duckdb_path.stem}_dbt"
    ).resolve()
    args = [
        *command,
        "--project-dir",
        str(project_dir),
        "--profiles-dir",
        str(project_dir),
        "--target-path",
        str(work_dir / "target"),
        "--log-path",
        str(work_dir / "logs"),
    ]
    if variables:
        args += ["--vars", json.dumps(dict(variables), ensure_ascii=False)]
    env = {**os.environ, "CCD_DUCKDB_PATH": str(duckdb_path), "DBT_USE_COLORS": "0"}
    logger.info("dbt %s", " ".join(args))
    completed = subprocess.run(
        [dbt_executable(), *args],
        cwd=project_dir,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return DbtRun(
        tuple(args), completed.returncode, completed.stdout + completed.stderr
    )


def read_table(
    duckdb_path: Path, table: str, schema: str = MARTS_SCHEMA
) -> pd.DataFrame:
    """Read one table of the DuckDB file read-only into a DataFrame."""
    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        return connection.sql(f'select * from "{schema}"."{table}"').df()
