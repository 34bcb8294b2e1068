"""Mining on a Dask LocalCluster with worker processes equals mining in one process."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import report_miner
from report_miner.analysis.compare import compare, load_inputs
from report_miner.integrations.dask import ingest_parquet, mine_dataframes, read_parquet_tables

CORPORA = Path(__file__).parent.parent / "corpora"
TABLES = ["reports", "sections", "figures", "blanks", "findings"]


def _same(a: pd.DataFrame, b: pd.DataFrame):
    key = ["source", "start", "end"] + (["check"] if "check" in a else [])
    a = a.sort_values(key, kind="stable").reset_index(drop=True)
    b = b.sort_values(key, kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b, check_dtype=False)


@pytest.fixture(scope="module")
def single():
    return report_miner.mine_paths([CORPORA])


def test_distributed_local_cluster_parquet_equals_single_process(tmp_path, single):
    out = tmp_path / "archive.parquet"
    stats = ingest_parquet([CORPORA], out, jobs=2, files_per_partition=4)
    assert stats.files == len(single.files) and stats.partitions == 3 and stats.failed == 0
    back = read_parquet_tables(out)
    for name in TABLES:
        _same(back[name], single.tables()[name])
    # compare reads the Parquet folder like an archive database
    comp = compare(*load_inputs(db=out)[:4])
    ref = compare(single.reports, single.figures, single.blanks, single.sections)
    pd.testing.assert_frame_equal(comp.table, ref.table, check_dtype=False)


def test_distributed_dask_dataframes(single):
    import dask

    tables = mine_dataframes([CORPORA], npartitions=3)
    with dask.config.set(scheduler="processes", num_workers=2):
        figs = tables["figures"].compute()
    _same(figs.reset_index(drop=True), single.figures)


def test_distributed_cli_ingest_engine_dask_and_export(tmp_path, single):
    from report_miner.cli.app import main

    out = tmp_path / "pq"
    assert main(["ingest", str(CORPORA), "--engine", "dask", "--db", str(out), "--jobs", "1", "-q"]) == 0
    assert len(read_parquet_tables(out, ["figures"])["figures"]) == len(single.figures)
    assert main(["export", "--db", str(out), "-o", str(tmp_path / "x.xlsx"), "-q"]) == 0
    assert main(["ingest", str(CORPORA), "--db", str(out), "--scheduler", "tcp://127.0.0.1:1"]) == 2
