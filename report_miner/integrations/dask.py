"""Mining on a Dask cluster: the same mining, spread over many machines, written as Parquet.

    from report_miner.integrations.dask import mine_bag, mine_dataframes, ingest_parquet

    bag = mine_bag(["档案/"])                  # dask.bag: one dict of table rows per file
    tables = mine_dataframes(["档案/"])        # dict of dask.dataframe, one per table
    stats = ingest_parquet(["档案/"], "archive.parquet/", scheduler="tcp://10.0.0.5:8786")

``ingest_parquet`` writes one Parquet file per partition and table
(``OUT/<table>/part-00000.parquet``), with a fixed schema per table, so ``report-miner
compare --db OUT`` and ``report-miner export --db OUT`` read the folder like an archive
database. Without a scheduler address it starts a ``LocalCluster`` with one single-threaded
worker process per core. On a real cluster, every worker needs report_miner installed
(``pip install report_miner[dask]``) and the input and output folders on a shared file system
(or paths every worker can read and write).

Dask is an optional extra: ``pip install 'report_miner[dask]'``.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from ..readers.load import INPUT_SUFFIXES as DEFAULT_SUFFIXES  # one definition, in io
from ..tables import TABLE_COLUMNS, column_kind, frame


def _mine_one(path: str, rules_dir: str | None) -> dict[str, list[dict[str, Any]]]:
    """Rows of every table for one file (a failed file gives one ``files`` row)."""
    from ..api import mine_paths

    res = mine_paths([path], rules_dir=rules_dir)
    return {name: res.rows(name) for name in TABLE_COLUMNS}


def _files(paths: Iterable[str | os.PathLike], suffixes) -> list[str]:
    from ..readers.files import iter_files

    return [str(p) for p in iter_files([Path(p) for p in paths], suffixes=tuple(suffixes))]


def mine_bag(paths: Iterable[str | os.PathLike], rules_dir: str | None = None,
             suffixes=DEFAULT_SUFFIXES, npartitions: int | None = None):
    """A ``dask.bag`` with, for each input file, a dict ``{table: [row, ...]}``."""
    import dask.bag as db

    files = _files(paths, suffixes)
    n = npartitions or max(1, min(len(files), (os.cpu_count() or 1) * 4))
    return db.from_sequence(files, npartitions=n).map(_mine_one, rules_dir)


def mine_dataframes(paths: Iterable[str | os.PathLike], rules_dir: str | None = None,
                    suffixes=DEFAULT_SUFFIXES, npartitions: int | None = None) -> dict[str, Any]:
    """One ``dask.dataframe`` per table (reports, sections, figures, blanks, findings, files)."""
    bag = mine_bag(paths, rules_dir, suffixes, npartitions)
    return {name: bag.pluck(name).flatten().to_dataframe(meta=frame(name, []))
            for name in TABLE_COLUMNS}


def arrow_schema(name: str):
    """The fixed Parquet schema of a table, so every partition agrees."""
    import pyarrow as pa

    fields = []
    for c in TABLE_COLUMNS[name]:
        typ = {"float": pa.float64(), "int": pa.int64(), "bool": pa.bool_()}.get(column_kind(c), pa.string())
        fields.append(pa.field(c, typ))
    return pa.schema(fields)


def _write_partition(files: list[str], index: int, out_dir: str, rules_dir: str | None) -> dict[str, int]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows: dict[str, list[dict]] = {name: [] for name in TABLE_COLUMNS}
    for path in files:
        for name, r in _mine_one(path, rules_dir).items():
            rows[name].extend(r)
    counts = {}
    for name in TABLE_COLUMNS:
        df = frame(name, rows[name])
        for c in df.columns:
            if df[c].dtype == object:
                df[c] = df[c].map(lambda v: None if v is None or (isinstance(v, float) and v != v) else str(v))
        table = pa.Table.from_pandas(df, schema=arrow_schema(name), preserve_index=False)
        target = Path(out_dir) / name
        target.mkdir(parents=True, exist_ok=True)
        tmp = target / f".part-{index:05d}.parquet.tmp"
        pq.write_table(table, tmp)
        tmp.replace(target / f"part-{index:05d}.parquet")
        counts[name] = len(df)
    return counts


@dataclass
class DaskIngestStats:
    files: int
    partitions: int
    rows: dict[str, int]
    failed: int
    out_dir: str

    @property
    def exit_status(self) -> int:
        return 1 if self.failed else 0


def ingest_parquet(paths: Iterable[str | os.PathLike], out_dir: str | os.PathLike,
                   scheduler: str | None = None, jobs: int | None = None,
                   rules_dir: str | None = None, suffixes=DEFAULT_SUFFIXES,
                   files_per_partition: int = 50) -> DaskIngestStats:
    """Mine ``paths`` on a Dask cluster into Parquet partitions under ``out_dir``.

    ``scheduler`` is the address of a running scheduler (``tcp://host:8786``); without it a
    ``LocalCluster`` with ``jobs`` worker processes (default: all cores) is started and stopped.
    Old partitions in ``out_dir`` are replaced.
    """
    from dask import delayed
    from distributed import Client, LocalCluster

    files = _files(paths, suffixes)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for name in TABLE_COLUMNS:
        for old in (out / name).glob("part-*.parquet") if (out / name).exists() else []:
            old.unlink()
    chunks = [files[i:i + files_per_partition] for i in range(0, len(files), files_per_partition)]
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=jobs or os.cpu_count() or 1, threads_per_worker=1,
                               processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        tasks = [delayed(_write_partition)(c, i, str(out), rules_dir) for i, c in enumerate(chunks)]
        results = client.compute(tasks, sync=True) if tasks else []
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    totals = {name: sum(r[name] for r in results) for name in TABLE_COLUMNS}
    failed = 0
    if results:
        files_df = read_parquet_tables(out, ["files"])["files"]
        failed = int((files_df["status"] == "failed").sum())
    return DaskIngestStats(len(files), len(chunks), totals, failed, str(out))


def read_parquet_tables(folder: str | os.PathLike, tables: list[str] | None = None) -> dict[str, Any]:
    """Read back the tables written by :func:`ingest_parquet` as pandas DataFrames."""
    import pandas as pd

    out = {}
    for name in tables or list(TABLE_COLUMNS):
        d = Path(folder) / name
        parts = sorted(d.glob("part-*.parquet")) if d.exists() else []
        if not parts:
            out[name] = frame(name, [])
            continue
        df = pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)
        out[name] = frame(name, df.to_dict("records"))
    return out


def is_parquet_archive(path: str | os.PathLike) -> bool:
    p = Path(path)
    return p.is_dir() and (p / "files").is_dir()
