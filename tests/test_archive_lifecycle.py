"""An archive over time (issue 14 item 1): files that disappear, move, are copied, and paths
outside the --path-pattern layout; archives made by older versions are upgraded.

The archive is generated (tests/archive_gen.py: townships × years × formats).
"""
from __future__ import annotations

import csv
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import archive_gen as gen  # noqa: E402
from report_miner.cli.ingest import main as cli_main  # noqa: E402
from report_miner.store.archive import ARCHIVE_VERSION, open_archive  # noqa: E402
from report_miner.store.export import export  # noqa: E402
from report_miner.store.ingest import compile_path_pattern, ingest, path_metadata  # noqa: E402

PATTERN = "{county}/{township}/{year}/*"
CONTENT = ("reports", "sections", "figures", "blanks", "findings", "cells")


def _files(db: Path) -> dict[str, dict]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return {r["path"]: dict(r) for r in conn.execute("SELECT * FROM files")}


def _sources(db: Path, table: str = "figures") -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute(f"SELECT source, count(*) FROM {table} GROUP BY source"))


def _all_rows(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return sum(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in CONTENT)


@pytest.fixture
def archive(tmp_path):
    root = tmp_path / "档案"
    files = gen.build(root, towns=gen.TOWNSHIPS[:3], years=gen.YEARS[:3])
    db = tmp_path / "a.sqlite"
    stats = ingest([root], db, jobs=1, progress=False, path_pattern=PATTERN)
    assert (stats.mined, stats.failed) == (9, 0)
    return root, db, files


def test_archive_deleted_file_is_missing_rows_kept_and_left_out(archive, tmp_path):
    root, db, files = archive
    gone = files[("河西镇", 2020)]
    kept_rows = _sources(db)[str(gone)]
    data = gone.read_bytes()
    gone.unlink()
    stats = ingest([root], db, jobs=1, progress=False, path_pattern=PATTERN)
    assert stats.missing == [str(gone)] and stats.mined == 0 and stats.exit_status == 0
    assert "missing 已缺失: 1" in stats.summary()
    row = _files(db)[str(gone)]
    assert row["status"] == "missing" and row["missing_since"] and "no longer" in row["reason"]
    assert _sources(db)[str(gone)] == kept_rows  # rows kept

    # export leaves the missing file out, unless asked
    export(db, tmp_path / "out.csv", tables=["reports"])
    with open(tmp_path / "out.csv", encoding="utf-8-sig") as fh:
        sources = {r["source"] for r in csv.DictReader(fh)}
    assert str(gone) not in sources and len(sources) == 8
    export(db, tmp_path / "all.csv", tables=["reports"], include_missing=True)
    with open(tmp_path / "all.csv", encoding="utf-8-sig") as fh:
        assert str(gone) in {r["source"] for r in csv.DictReader(fh)}
    assert cli_main(["export", "--db", str(db), "-o", str(tmp_path / "cli.csv"), "--table",
                     "figures", "--include-missing", "-q"]) == 0
    with open(tmp_path / "cli.csv", encoding="utf-8-sig") as fh:
        assert str(gone) in {r["source"] for r in csv.DictReader(fh)}
    export(db, tmp_path / "files.csv", tables=["files"])
    with open(tmp_path / "files.csv", encoding="utf-8-sig") as fh:
        assert str(gone) not in {r["path"] for r in csv.DictReader(fh)}

    # compare too
    from report_miner.analysis.compare import load_inputs

    reports, figures, *_rest, files_t = load_inputs(db=db)
    assert str(gone) not in set(reports["source"]) and str(gone) not in set(figures["source"])
    reports, *_rest = load_inputs(db=db, include_missing=True)
    assert str(gone) in set(reports["source"])

    # a second run does not mark it again; the file back at its path counts again, unmined
    since = row["missing_since"]
    ingest([root], db, jobs=1, progress=False, path_pattern=PATTERN)
    assert _files(db)[str(gone)]["missing_since"] == since
    gone.write_bytes(data)
    stats = ingest([root], db, jobs=1, progress=False, path_pattern=PATTERN)
    assert (stats.mined, stats.missing) == (0, [])
    assert _files(db)[str(gone)]["status"] == "ok"


def test_archive_prune_deletes_missing_files_and_their_rows(archive, capsys):
    root, db, files = archive
    gone = [files[("石桥乡", 2019)], files[("柳坪乡", 2021)]]
    for f in gone:
        f.unlink()
    ingest([root], db, jobs=1, progress=False, path_pattern=PATTERN)  # marked missing first
    code = cli_main(["ingest", str(root), "--db", str(db), "--path-pattern", PATTERN, "--prune"])
    assert code == 0
    assert "deleted" in capsys.readouterr().err
    rows = _files(db)
    assert len(rows) == 7 and not any(str(f) in rows for f in gone)
    with sqlite3.connect(db) as conn:
        for table in CONTENT:
            left = {s for (s,) in conn.execute(f"SELECT DISTINCT source FROM {table}")}
            assert not left & {str(f) for f in gone}, table
    # files outside the folder given are never marked nor pruned
    other = root.parent / "别处"
    gen.write(other / "a", gen.text(gen.facts("凤凰乡", 2019)), "txt")
    ingest([other], db, jobs=1, progress=False)
    shutil.rmtree(other)
    stats = ingest([root], db, jobs=1, progress=False, prune=True)
    assert stats.missing == [] and str(other / "a.txt") in _files(db)


@pytest.mark.parametrize("jobs", [1, 2])
def test_archive_moved_files_keep_their_rows_and_nothing_is_mined_twice(archive, tmp_path, jobs):
    root, db, files = archive
    before_rows = _all_rows(db)
    sha = {p: r["sha256"] for p, r in _files(db).items()}
    moved = root.parent / "新档案"
    root.rename(moved)  # the whole archive folder moved: same layout below it
    stats = ingest([moved], db, jobs=jobs, progress=False, path_pattern=PATTERN)
    assert (stats.mined, stats.skipped, stats.failed) == (0, 9, 0)
    assert len(stats.moved) == 9 and stats.missing == []
    rows = _files(db)
    assert set(rows) == {str(p).replace(str(root), str(moved), 1) for p in files.values()}
    assert sorted(r["sha256"] for r in rows.values()) == sorted(sha.values())
    assert all(r["moved_from"].startswith(str(root)) and r["status"] == "ok" for r in rows.values())
    assert _all_rows(db) == before_rows  # nothing stored twice
    assert set(_sources(db)) == set(rows)  # every row follows its file
    with sqlite3.connect(db) as conn:
        towns = dict(conn.execute("SELECT source, township FROM reports"))
    assert towns[str(moved / gen.COUNTY / "河西镇/2019" / files[("河西镇", 2019)].name)] == "河西镇"


def test_archive_moved_folder_with_a_file_gone_marks_it_at_its_old_place(archive):
    """The archive folder is renamed and one file deleted on the way: the others move, and the
    deleted one (under the old folder, which no longer exists) is found missing."""
    root, db, files = archive
    gone = files[("柳坪乡", 2019)]
    gone.unlink()
    moved = root.parent / "新档案"
    root.rename(moved)
    stats = ingest([moved], db, jobs=1, progress=False, path_pattern=PATTERN)
    assert (stats.mined, len(stats.moved), stats.missing) == (0, 8, [str(gone)])
    assert _files(db)[str(gone)]["status"] == "missing"
    stats = ingest([moved], db, jobs=1, progress=False, path_pattern=PATTERN, prune=True)
    assert str(gone) not in _files(db) and len(_files(db)) == 8


def test_archive_moved_to_another_township_folder_is_mined_again_once(archive):
    root, db, files = archive
    src = files[("河西镇", 2019)]
    dest = root / gen.COUNTY / "凤凰乡" / "2019" / src.name
    dest.parent.mkdir(parents=True)
    src.rename(dest)
    before = _all_rows(db)
    stats = ingest([root], db, jobs=1, progress=False, path_pattern=PATTERN)
    assert stats.mined == 1 and stats.moved == [(str(src), str(dest))] and stats.missing == []
    rows = _files(db)
    assert str(src) not in rows and rows[str(dest)]["township"] == "凤凰乡"
    assert _all_rows(db) == before and str(src) not in _sources(db)


@pytest.mark.parametrize("jobs", [1, 2])
def test_archive_moved_to_two_new_places_is_mined_once(archive, jobs):
    """Gone from its folder, the file turns up under two other townships: the first takes its
    rows over (mined again for its new township), the second is a copy of it (skipped)."""
    root, db, files = archive
    src = files[("石桥乡", 2020)]
    data = src.read_bytes()
    src.unlink()
    targets = [root / gen.COUNTY / t / "2020" / ("转来" + src.suffix) for t in ("东坝镇", "凤凰乡")]
    for t in targets:
        t.parent.mkdir(parents=True)
        t.write_bytes(data)
    before = _all_rows(db)
    stats = ingest([root], db, jobs=jobs, progress=False, path_pattern=PATTERN)
    assert (stats.mined, stats.skipped - 8, stats.missing) == (1, 1, [])
    rows = _files(db)
    assert str(src) not in rows
    assert sorted(rows[str(t)]["status"] for t in targets) == ["ok", "skipped"]
    assert _all_rows(db) == before


def test_archive_copy_at_two_paths_is_stored_once_and_takes_over_when_the_original_goes(archive):
    root, db, files = archive
    original = files[("柳坪乡", 2020)]
    copy = original.with_name("总结(副本)" + original.suffix)
    shutil.copyfile(original, copy)
    stats = ingest([root], db, jobs=1, progress=False, path_pattern=PATTERN)
    assert stats.mined == 0
    row = _files(db)[str(copy)]
    assert row["status"] == "skipped" and str(original) in row["reason"]
    assert str(copy) not in _sources(db)
    original.unlink()
    stats = ingest([root], db, jobs=1, progress=False, path_pattern=PATTERN)
    assert stats.mined == 0 and stats.moved == [(str(original), str(copy))]
    assert _files(db)[str(copy)]["status"] == "ok" and str(original) not in _files(db)
    assert str(copy) in _sources(db) and str(original) not in _sources(db)


def test_archive_path_pattern_gives_nothing_where_it_does_not_match(tmp_path):
    root = tmp_path / "乡镇档案"
    body = gen.text(gen.facts("河西镇", 2019), template=gen.REPORT).replace("河西镇", "本镇")
    inside = gen.write(root / "河西镇" / "2019" / "汇报", body, "txt")
    flat = gen.write(root / "2021" / "汇报", body, "gb18030")      # no township folder
    notes = gen.write(root / "河西镇" / "说明" / "汇报", body + "附：", "txt")  # no year folder
    db = tmp_path / "a.sqlite"
    ingest([root], db, jobs=1, progress=False, path_pattern="{township}/{year}/*")
    rows = _files(db)
    assert (rows[str(inside)]["township"], rows[str(inside)]["year"]) == ("河西镇", 2019)
    for f in (flat, notes):
        assert (rows[str(f)]["township"], rows[str(f)]["year"]) == (None, None), f
    with sqlite3.connect(db) as conn:
        towns = dict(conn.execute("SELECT source, township FROM reports"))
    assert towns[str(flat)] is None and towns[str(notes)] is None  # not 乡镇档案 nor 河西镇

    pat = compile_path_pattern("{township}/{year}/*")
    assert path_metadata(pat, "/a/档案/2021/x.txt", root="/a/档案") == {}
    assert path_metadata(pat, "/a/档案/东坝镇/2021年/x.txt", root="/a/档案") == {
        "township": "东坝镇", "year": 2021}
    assert path_metadata(pat, "/a/档案/东坝镇/2021年/x.txt", root="/b") == {}


def test_archive_files_in_a_folder_that_cannot_be_listed_are_not_missing(archive, monkeypatch):
    """A folder the walk cannot list (permission denied, a network share gone away) hides its
    files; they are not gone, so they are not marked missing (let alone pruned)."""
    import os

    import report_miner.store.ingest as ing
    from report_miner.errors import LoadError

    root, db, files = archive
    locked = files[("河西镇", 2019)].parent
    walk = ing.iter_files

    def unlistable(paths, suffixes, on_error):
        on_error(LoadError(str(locked), "permission denied / 无权限"))
        return (f for f in walk(paths, suffixes, on_error=on_error)
                if not os.path.abspath(f).startswith(str(locked)))

    monkeypatch.setattr(ing, "iter_files", unlistable)
    monkeypatch.setattr(os.path, "lexists",
                        lambda p, _real=os.path.lexists: False if str(p).startswith(str(locked) + "/")
                        else _real(p))
    stats = ingest([root], db, jobs=1, progress=False, path_pattern=PATTERN, prune=True)
    assert stats.missing == [] and stats.failed == 1
    assert str(files[("河西镇", 2019)]) in _files(db)


def test_archive_non_utf8_names_that_still_exist_are_not_missing(tmp_path):
    """A GBK file name is stored printable; a run that does not pick it up (another --suffix)
    must still find it on disk, and a run after it is deleted must not."""
    import os

    root = tmp_path / "档案"
    root.mkdir()
    raw = os.fsencode(str(root)) + "/".encode() + "河西镇汇报.txt".encode("gbk")
    with open(raw, "wb") as fh:
        fh.write(gen.text(gen.facts("河西镇", 2020)).encode("utf-8"))
    gbk_dir = os.fsencode(str(root)) + b"/" + "旧档".encode("gbk")
    os.mkdir(gbk_dir)
    with open(gbk_dir + b"/" + "石桥乡.txt".encode("gbk"), "wb") as fh:
        fh.write(gen.text(gen.facts("石桥乡", 2020)).encode("utf-8"))
    db = tmp_path / "a.sqlite"
    assert ingest([root], db, jobs=1, progress=False).mined == 2
    stored = sorted(_files(db))
    assert stored == [str(root / "旧档" / "石桥乡.txt"), str(root / "河西镇汇报.txt")]
    stats = ingest([root], db, jobs=1, progress=False, suffixes=(".docx",))  # not walked
    assert stats.missing == []
    os.remove(raw)
    stats = ingest([root], db, jobs=1, progress=False, suffixes=(".docx",))
    assert stats.missing == [str(root / "河西镇汇报.txt")]


def test_archive_made_by_version_1_is_upgraded_and_its_files_found_moved(tmp_path):
    """tests/fixtures/archive_v1.sqlite was written by `ingest` of the code before archive
    version 2 (commit 4a706e9), from the two texts below under /tmp/arc14v1/src/."""
    db = tmp_path / "old.sqlite"
    shutil.copyfile(Path(__file__).parent / "fixtures" / "archive_v1.sqlite", db)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        old_figures = conn.execute("SELECT count(*) FROM figures").fetchone()[0]
    conn = open_archive(db)
    cols = [r[1] for r in conn.execute("PRAGMA table_info(files)")]
    assert {"county", "moved_from", "missing_since"} <= set(cols)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == ARCHIVE_VERSION == 2
    conn.close()

    src = tmp_path / "src"
    (src / "河西镇/2022").mkdir(parents=True)
    (src / "石桥乡/2022").mkdir(parents=True)
    (src / "河西镇/2022/总结.txt").write_text(
        "河西镇2022年工作总结\n一、基本情况\n全镇辖12个村，总人口23456人，已婚育龄妇女4120人。\n"
        "二、主要工作\n全年发放宣传资料3000余份。\n", encoding="utf-8")
    (src / "石桥乡/2022/总结.txt").write_text(
        "石桥乡2022年工作总结\n全乡共有8个村，总人口15800人。\n协会会员900人。\n", encoding="utf-8")
    stats = ingest([src], db, jobs=1, progress=False, path_pattern="{township}/{year}/*")
    assert (stats.mined, len(stats.moved)) == (0, 2)  # same content: the old rows follow
    rows = _files(db)
    assert set(rows) == {str(src / "河西镇/2022/总结.txt"), str(src / "石桥乡/2022/总结.txt")}
    assert _all_rows(db) > 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM figures").fetchone()[0] == old_figures


def test_archive_newer_than_this_code_is_refused(tmp_path):
    from report_miner.store.archive import IngestError

    db = tmp_path / "new.sqlite"
    open_archive(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {ARCHIVE_VERSION + 1}")
    with pytest.raises(IngestError, match="newer"):
        open_archive(db)


@pytest.mark.parametrize("jobs", [1, 2])
def test_archive_copies_of_a_file_that_fails_fail_too_and_stay_so(tmp_path, jobs):
    """Copies of a file that cannot be read (zero bytes, a truncated .docx) are failed rows with
    its reason, not "skipped": the same bytes fail the same way. A run over the same folder
    again reports the same statuses (the copies were "skipped" first and failed on the next run)."""
    root = tmp_path / "in"
    root.mkdir()
    for i in range(4):
        (root / f"zero_{i}.txt").write_bytes(b"")
        (root / f"bad_{i}.docx").write_bytes(b"PK\x03\x04 cut off here")
    db = tmp_path / "a.sqlite"
    runs = []
    for _ in range(2):
        stats = ingest([root], db, jobs=jobs, progress=False)
        rows = _files(db)
        runs.append({Path(p).name: r["status"] for p, r in rows.items()})
        assert (stats.mined, stats.skipped, stats.failed) == (0, 0, 8)
    assert runs[0] == runs[1] and set(runs[0].values()) == {"failed"}
    rows = _files(db)
    assert rows[str(root / "zero_3.txt")]["reason"].startswith("empty file / 空文件")
    assert str(root / "zero_0.txt") in rows[str(root / "zero_3.txt")]["reason"]
    assert rows[str(root / "bad_2.docx")]["reason"].startswith("damaged or truncated .docx")
