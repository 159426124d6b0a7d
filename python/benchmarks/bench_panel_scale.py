"""Benchmark: `dbt build` time and peak memory as the panel grows.

Generates synthetic long-form Parquet panels (regions x 20 years x 30 indicators in
three subsystems, seeded), builds each into a temporary DuckDB file with the project's
own-panel vars, and prints one line per size: values, wall seconds, values per second
and the peak resident memory of the dbt process. Run: `make bench` (or
`python python/benchmarks/bench_panel_scale.py 100 1000 3000`).
"""

from __future__ import annotations

import argparse
import logging
import resource
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from ccdkit.project import run_dbt

YEARS = 20
INDICATORS = 30
SUBSYSTEMS = ("digital", "real", "green")


def write_panel(folder: Path, n_regions: int, seed: int = 7) -> tuple[Path, Path, int]:
    """Write a synthetic panel and its catalog; return their paths and the row count."""
    rng = np.random.default_rng(seed)
    indicators = [f"x{j:02d}" for j in range(INDICATORS)]
    index = pd.MultiIndex.from_product(
        [
            [f"region {i:05d}" for i in range(n_regions)],
            range(2000, 2000 + YEARS),
            indicators,
        ],
        names=["region", "year", "indicator"],
    )
    values = pd.DataFrame(
        {"value": rng.lognormal(3, 1, len(index))}, index=index
    ).reset_index()
    values_path = folder / "values.parquet"
    with duckdb.connect() as connection:
        connection.register("panel", values)
        connection.execute(f"copy panel to '{values_path}' (format parquet)")
    catalog = pd.DataFrame(
        {
            "indicator": indicators,
            "subsystem": [SUBSYSTEMS[j % 3] for j in range(INDICATORS)],
            "dimension": [f"dimension_{j % 2}" for j in range(INDICATORS)],
            "direction": [
                "negative" if j % 4 == 0 else "positive" for j in range(INDICATORS)
            ],
        }
    )
    catalog_path = folder / "catalog.csv"
    catalog.to_csv(catalog_path, index=False)
    return values_path, catalog_path, len(values)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark for the region counts given on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("regions", nargs="*", type=int, default=[100, 1000, 3000])
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    print(
        f"{'regions':>8} {'values':>10} {'seconds':>8} {'values/s':>10} {'peak MiB':>9}"
    )
    for n_regions in args.regions:
        with tempfile.TemporaryDirectory() as folder_name:
            folder = Path(folder_name)
            values_path, catalog_path, n_values = write_panel(folder, n_regions)
            started = time.perf_counter()
            run = run_dbt(
                ["build"],
                folder / "bench.duckdb",
                variables={
                    "indicator_values_path": str(values_path),
                    "indicator_catalog_path": str(catalog_path),
                },
            )
            seconds = time.perf_counter() - started
            if not run.succeeded:
                print(run.output, file=sys.stderr)
                return 1
            # ru_maxrss of children is the largest child so far, in KiB on Linux
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(
                f"{n_regions:>8} {n_values:>10} {seconds:>8.1f} "
                f"{n_values / seconds:>10.0f} {peak:>9.0f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
