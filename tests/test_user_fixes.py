"""Problems a new user found on main (one test group per problem; invented text, generated
archives from tests/archive_gen.py):

1. a change (协会会员减少100人: ``direction`` 减少) is no level: compare leaves it out of the
   cells, audit --db out of the statements, the per-report level checks out of the levels;
2. ingest re-run with a corrected --path-pattern updates township/year of unchanged files,
   clears a stale one, and warns when the pattern matched no file;
3. a desk upload of content already ingested is stored once;
4. an existing file that is not an archive given as --db is refused (exit 2);
5. audit --db quotes are centred on the figure;
6. desk PATCH: returned needs a note; a missing finding is 404; report ids do not jump;
7. 2016年以来 is the start of a period, not the report's year.
"""
from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import archive_gen as gen  # noqa: E402
from report_miner.analysis.archive_audit import audit_archive  # noqa: E402
from report_miner.analysis.compare import compare_archive  # noqa: E402
from report_miner.cli.app import main  # noqa: E402
from report_miner.store.ingest import ingest  # noqa: E402

PATTERN = "{county}/{township}/{year}/*"
TOWNS = ("河西镇", "石桥乡")


# ------------------------------------------------------------------ 1. a change is no level

@pytest.fixture(scope="module")
def change_archive(tmp_path_factory):
    """河西镇 2021 says only how much its association shrank (减少100人), never its size."""
    root = tmp_path_factory.mktemp("change") / "档案"
    files = gen.build(root, towns=TOWNS, formats=("txt",))
    f = gen.facts("河西镇", 2021)
    path = files[("河西镇", 2021)]
    body = gen.text(f).replace(f"协会会员{f.members}人", "协会会员减少100人")
    assert "减少100人" in body
    path.write_text(body, encoding="utf-8")
    db = root.parent / "a.sqlite"
    stats = ingest([root], db, jobs=1, progress=False, path_pattern=PATTERN)
    assert stats.failed == 0
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT metric, direction FROM figures WHERE text = '100人'").fetchall()
    assert rows == [("association.members", "减少")]  # mined as before: a metric and a direction
    return db


def test_compare_never_fills_a_level_cell_with_a_change(change_archive):
    comp = compare_archive(change_archive)
    t = comp.table.set_index(["township", "year"])
    col = next(c for c in t.columns if c.startswith("association.members") and "_" not in c)
    assert t.loc[("河西镇", 2021), col] != 100
    assert t.loc[("河西镇", 2020), col] == gen.facts("河西镇", 2020).members
    assert not ((comp.choices["value"] == 100) & (comp.choices["metric"] == "association.members")).any()


def test_archive_audit_does_not_take_a_change_for_a_statement(change_archive):
    findings = audit_archive(change_archive)
    jumps = [f for f in findings if f["check"] == "archive_year_jump"
             and f["metric"] == "association.members"]
    assert jumps == []


def test_part_whole_holds_levels_not_changes():
    from report_miner.mining.audit import _Audit, check_part_whole, get_auditor

    auditor = get_auditor()
    check = next(c for c in auditor.by_kind("part_whole"))
    base = {"source": "a", "report": 1, "section": "", "sentence": "", "context": ""}
    whole_change = dict(base, start=0, end=4, text="300人", value=300.0, unit="人",
                        metric="population.total", direction="减少")
    whole = dict(base, start=10, end=16, text="13000人", value=13000.0, unit="人",
                 metric="population.total", direction="")
    part = dict(base, start=20, end=24, text="900人", value=900.0, unit="人",
                metric="association.members", direction="")
    a = _Audit(auditor, "", [whole_change, whole, part], [], [], [])
    check_part_whole(check, a)
    assert a.out == []  # 900 held against the level 13000, not against the change 300
    a = _Audit(auditor, "", [whole_change, dict(part, value=900.0)], [], [], [])
    check_part_whole(check, a)
    assert a.out == []  # only a change stated: no whole to compare


# ------------------------------------------------------------------ 2. a corrected --path-pattern

def _meta(db):
    with sqlite3.connect(db) as conn:
        files = conn.execute("SELECT path, township, year, county FROM files ORDER BY path").fetchall()
        reps = conn.execute("SELECT source, township, year FROM reports ORDER BY source").fetchall()
    return files, reps


def test_corrected_path_pattern_updates_metadata_of_unchanged_files(tmp_path, capsys):
    root = tmp_path / "档案"
    files = gen.build(root, towns=TOWNS, years=(2020, 2021), formats=("txt",))
    # one file whose text states no year: its reports take the folder's
    undated = root / gen.COUNTY / "石桥乡" / "2022" / "简报.txt"
    undated.parent.mkdir(parents=True)
    undated.write_text("石桥乡工作简报\n全乡共有9个村，总人口14600人。\n", encoding="utf-8")
    db = tmp_path / "a.sqlite"
    # a wrong pattern first: it matches no file, and says so
    code = main(["ingest", str(root), "--db", str(db), "--path-pattern", "{township}/{year}/x/*",
                 "--no-progress"])
    err = capsys.readouterr().err
    assert code == 0 and "matched none" in err and "路径模式未匹配" in err
    f, r = _meta(db)
    assert all(t is None and y is None for _, t, y, _c in f)
    # corrected: nothing is mined again, the metadata follow the new pattern
    stats = ingest([root], db, jobs=1, progress=False, path_pattern=PATTERN)
    assert stats.mined == 0 and stats.skipped == len(files) + 1 and stats.relabelled == len(files) + 1
    assert stats.warnings == []
    f, r = _meta(db)
    assert {(t, y, c) for _, t, y, c in f} == {(t, y, gen.COUNTY) for t in TOWNS for y in (2020, 2021)} | {
        ("石桥乡", 2022, gen.COUNTY)}
    assert all(t in TOWNS for _, t, _y in r)
    assert [y for s, _t, y in r if s.endswith("简报.txt")] == [2022]
    # another layout that no longer matches: the stale township/year go (a report whose year
    # equals the old folder year may have taken it from there: those files are mined again)
    stats = ingest([root], db, jobs=1, progress=False, path_pattern="{township}/{year}/{county}/*")
    assert stats.mined == len(files) + 1 and stats.warnings
    f, r = _meta(db)
    assert all(t is None and y is None and c is None for _, t, y, c in f)
    assert all(t is None for _, t, _y in r)
    assert [y for s, _t, y in r if s.endswith("简报.txt")] == [None]
    # a year the text states stays
    assert {y for s, _t, y in r if not s.endswith("简报.txt")} == {2020, 2021}


def test_run_without_pattern_keeps_stored_metadata(tmp_path):
    root = tmp_path / "档案"
    gen.build(root, towns=TOWNS[:1], years=(2020,), formats=("txt",))
    db = tmp_path / "a.sqlite"
    ingest([root], db, jobs=1, progress=False, path_pattern=PATTERN)
    before = _meta(db)
    stats = ingest([root], db, jobs=1, progress=False)
    assert stats.relabelled == 0 and stats.warnings == [] and _meta(db) == before


# ------------------------------------------------------------------ 4. --db that is no archive

@pytest.mark.parametrize("content", [b"", b"just some notes\n"])
@pytest.mark.parametrize("command", ["ingest", "compare", "audit", "serve", "export"])
def test_existing_file_that_is_no_archive_is_refused(tmp_path, capsys, command, content):
    db = tmp_path / "notarchive.db"
    db.write_bytes(content)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("河西镇2021年工作总结\n全镇总人口13000人。\n", encoding="utf-8")
    args = {"ingest": ["ingest", str(folder), "--db", str(db), "--no-progress"],
            "compare": ["compare", "--db", str(db), "-o", str(tmp_path / "c.xlsx")],
            "audit": ["audit", "--db", str(db)],
            "serve": ["serve", "--db", str(db), "--port", "0"],
            "export": ["export", "--db", str(db), "-o", str(tmp_path / "e.xlsx")]}[command]
    if command == "serve":
        pytest.importorskip("starlette")
    code = main(args)
    err = capsys.readouterr().err
    assert code == 2, err
    assert "not an ingest archive" in err or "不是 ingest" in err
    assert db.read_bytes() == content  # left as it was


def test_sqlite_database_of_something_else_is_refused_by_ingest(tmp_path, capsys):
    db = tmp_path / "other.sqlite"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE notes (x TEXT)")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("河西镇2021年工作总结\n全镇总人口13000人。\n", encoding="utf-8")
    assert main(["ingest", str(folder), "--db", str(db), "--no-progress"]) == 2
    assert "not an ingest archive" in capsys.readouterr().err


def test_new_path_is_still_created_by_ingest(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("河西镇2021年工作总结\n全镇总人口13000人。\n", encoding="utf-8")
    db = tmp_path / "new" / "a.sqlite"
    assert main(["ingest", str(folder), "--db", str(db), "--no-progress"]) == 0
    assert db.stat().st_size > 0


# ------------------------------------------------------------------ 3, 6. the desk

def _web():
    pytest.importorskip("starlette")
    pytest.importorskip("uvicorn")
    import test_web

    return test_web


REPORT_A = ("河西镇2021年工作总结\n一、基本情况\n全镇辖12个村，总人口13000人，"
            "已婚育龄妇女15000人。\n二、主要工作\n全年协会会员1300人。\n")
REPORT_B = "石桥乡2021年工作总结\n一、基本情况\n全乡辖9个村，总人口9800人。\n"


def test_desk_upload_of_content_already_ingested_is_stored_once(tmp_path):
    web = _web()
    from report_miner.web.server import DeskServer

    folder = tmp_path / "in" / "河西镇"
    folder.mkdir(parents=True)
    (folder / "总结.txt").write_text(REPORT_A, encoding="utf-8")
    db = tmp_path / "archive" / "a.sqlite"
    ingest([tmp_path / "in"], db, jobs=1, progress=False)
    with sqlite3.connect(db) as conn:
        before = conn.execute("SELECT count(*) FROM reports").fetchone()[0]
    server = DeskServer(str(db), port=0, quiet=True).start()
    try:
        status, got = web._upload(server.url, [("again.txt", REPORT_A.encode()),
                                               ("new.txt", REPORT_B.encode())])
        assert status == 200
        again, new = got["files"]
        assert again["status"] == "ok" and "already in the archive" in again["reason"]
        assert again["reports"]  # the reports of the ingested file
        _s, listed = web._json(server.url + "/api/reports")
        ingested = [r["id"] for r in listed["reports"] if r["file"] == "总结.txt"]
        assert again["reports"] == ingested
        assert new["status"] == "ok" and new["reason"] == "" and new["reports"]
        _s, _h, page = web._request(server.url + f"/uploads/{got['batch']}")
        assert "already in the archive" in page.decode()
        # report ids do not jump: one number per report, in a row
        ids = sorted(r["id"] for r in listed["reports"])
        assert ids == list(range(1, len(ids) + 1))
    finally:
        server.stop()
    with sqlite3.connect(db) as conn:
        reps = conn.execute("SELECT count(*) FROM reports").fetchone()[0]
        srcs = conn.execute("SELECT count(DISTINCT source) FROM reports").fetchone()[0]
    assert reps == before + 1 and srcs == 2  # the ingested file and the new upload, once each
    comp = compare_archive(db)
    assert len(comp.table) == 2


def test_desk_upload_whose_stored_twin_changed_on_disk_is_mined(tmp_path):
    # ingest's rule, one definition: a stored file that no longer holds the content (edited or
    # removed since it was ingested) is no original, so the upload is mined, not linked to it
    web = _web()
    from report_miner.web.server import DeskServer

    folder = tmp_path / "in" / "河西镇"
    folder.mkdir(parents=True)
    (folder / "总结.txt").write_text(REPORT_A, encoding="utf-8")
    (folder / "计划.txt").write_text(REPORT_B, encoding="utf-8")
    db = tmp_path / "archive" / "a.sqlite"
    ingest([tmp_path / "in"], db, jobs=1, progress=False)
    (folder / "总结.txt").write_text(REPORT_A + "全年新建道路12公里。\n", encoding="utf-8")
    (folder / "计划.txt").unlink()
    server = DeskServer(str(db), port=0, quiet=True).start()
    try:
        status, got = web._upload(server.url, [("again.txt", REPORT_A.encode()),
                                               ("b.txt", REPORT_B.encode())])
        assert status == 200
        for f in got["files"]:
            assert f["status"] == "ok" and f["reason"] == "" and f["reports"]
            assert "already in the archive" not in f["reason"]
    finally:
        server.stop()
    with sqlite3.connect(db) as conn:
        srcs = conn.execute("SELECT count(DISTINCT source) FROM reports").fetchone()[0]
    assert srcs == 4  # the two ingested files and the two uploads, each mined


def test_desk_patch_returned_needs_a_note_and_missing_finding_is_404(tmp_path):
    web = _web()
    from report_miner.web.server import DeskServer

    server = DeskServer(str(tmp_path / "archive" / "a.sqlite"), port=0, quiet=True).start()
    try:
        _s, got = web._upload(server.url, [("a.txt", REPORT_A.encode())])
        rid = got["reports"][0]
        _s, found = web._json(f"{server.url}/api/reports/{rid}/findings")
        fid = found["findings"][0]["id"]
        url = f"{server.url}/api/findings/{fid}"
        status, body = web._json(url, "PATCH", {"status": "returned", "by": "审计员甲"})
        assert status == 422 and "note" in body["error"]
        status, body = web._json(url, "PATCH", {"status": "returned", "note": "请核实", "by": "审计员甲"})
        assert status == 200 and body["status"] == "returned"
        # a missing finding is 404 whatever else the request lacks
        missing = f"{server.url}/api/findings/999999"
        assert web._json(missing, "PATCH", {"status": "checked"})[0] == 404
        assert web._json(missing, "PATCH", {"status": "nonsense"})[0] == 404
    finally:
        server.stop()


def test_desk_report_ids_are_not_used_up_by_repeated_syncs(tmp_path):
    from report_miner.web import deskdb

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(REPORT_A, encoding="utf-8")
    db = tmp_path / "a.sqlite"
    ingest([folder], db, jobs=1, progress=False)
    conn = deskdb.open_desk(str(db))
    try:
        for _ in range(3):
            deskdb.sync_report_ids(conn)
        (folder / "b.txt").write_text(REPORT_B, encoding="utf-8")
        ingest([folder], db, jobs=1, progress=False)
        deskdb.sync_report_ids(conn)
        ids = [r[0] for r in conn.execute("SELECT id FROM desk_report_ids ORDER BY id")]
    finally:
        conn.close()
    assert ids == list(range(1, len(ids) + 1)) and len(ids) == 2


# ------------------------------------------------------------------ 5. quotes centred on the figure

def test_archive_audit_quote_is_centred_on_the_figure(tmp_path, capsys):
    root = tmp_path / "档案"
    files = gen.build(root, towns=TOWNS[:1], formats=("txt",))
    f = gen.facts("河西镇", 2021)
    long_lead = "在县委县政府的正确领导下，全镇上下团结一心、攻坚克难，各项事业持续健康发展，截至年底"
    body = gen.text(f).replace(f"总人口{f.pop}人", f"{long_lead}总人口{f.pop * 10}人")
    files[("河西镇", 2021)].write_text(body, encoding="utf-8")
    db = tmp_path / "a.sqlite"
    ingest([root], db, jobs=1, progress=False, path_pattern=PATTERN)
    jumps = [x for x in audit_archive(db) if x["check"] == "archive_year_jump"
             and x["metric"] == "population.total" and x["year"] == 2021]
    assert jumps, audit_archive(db)
    quote = jumps[0]["context"]
    assert f"{f.pop * 10}人" in quote and quote.startswith("…") and len(quote) < len(long_lead) + 20
    assert main(["audit", "--db", str(db)]) == 1
    assert f"总人口{f.pop * 10}人" in capsys.readouterr().out


# ------------------------------------------------------------------ 7. 2016年以来 is no report year

@pytest.mark.parametrize("title", ["青山镇2016年以来人口计生工作汇报", "青山镇2016年度起人口计生工作汇报",
                                   "青山镇2016年至今人口计生工作汇报"])
def test_year_that_starts_a_period_is_not_the_report_year(title):
    import report_miner as rm

    text = f"{title}\n全镇辖10个村，总人口15000人。\n"
    assert rm.mine_text(text, source="a.txt").reports["year"].isna().all()
    # a dated report still takes the year of its date
    dated = text + "青山镇人民政府\n2021年12月20日\n"
    assert rm.mine_text(dated, source="a.txt").reports["year"].tolist() == [2021]
    # a year not followed by such a word is still the report's
    plain = text.replace(title, "青山镇2016年人口计生工作汇报")
    assert rm.mine_text(plain, source="a.txt").reports["year"].tolist() == [2016]


def test_ingest_takes_the_folder_year_when_the_title_names_a_period_start(tmp_path):
    folder = tmp_path / "档案" / gen.COUNTY / "青山镇" / "2021"
    folder.mkdir(parents=True)
    (folder / "汇报.txt").write_text("青山镇2016年以来人口计生工作汇报\n全镇辖10个村，总人口15000人。\n",
                                     encoding="utf-8")
    db = tmp_path / "a.sqlite"
    ingest([tmp_path / "档案"], db, jobs=1, progress=False, path_pattern=PATTERN)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT year FROM reports").fetchall() == [(2021,)]
