"""report-miner audit --db: the checks across an archive (issue 14 item 4), on a generated
archive (tests/archive_gen.py: 6 townships × 4 years × 4 formats) with one planted oddity per
check: a jump, two reports that disagree, a year's report repeated with the year changed, a
year left out.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import archive_gen as gen  # noqa: E402
from report_miner.analysis.archive_audit import ARCHIVE_FINDING_COLUMNS, audit_archive  # noqa: E402
from report_miner.cli.app import main  # noqa: E402
from report_miner.readers.load import read_document  # noqa: E402
from report_miner.store.ingest import ingest  # noqa: E402

PATTERN = "{county}/{township}/{year}/*"


def _folder(root: Path, town: str, year: int) -> Path:
    return root / gen.COUNTY / town / str(year)


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """The archive with its oddities; returns (db, root, what was planted where)."""
    tmp = tmp_path_factory.mktemp("audit")
    root = tmp / "档案"
    files = gen.build(root, skip=frozenset({("石桥乡", 2021)}))  # a year left out
    # a jump: 青山镇's population typed with one zero too many in 2021
    jump = files.pop(("青山镇", 2021))
    jump.unlink()
    f = gen.facts("青山镇", 2021)
    jump = gen.write(jump, gen.text(f, pop=f.pop * 10), "txt")
    # two reports of 柳坪乡 2020 that disagree on the population (and a plan that may)
    f = gen.facts("柳坪乡", 2020)
    second = gen.write(_folder(root, "柳坪乡", 2020) / "汇报",
                       gen.text(f, gen.REPORT, pop=f.pop + 2000).replace("2020年", "2020年度"), "txt")
    # a half-year report is held against no whole-year one (the population moved since)
    gen.write(_folder(root, "柳坪乡", 2020) / "半年",
              gen.text(f, gen.REPORT, pop=f.pop - 300).replace("2020年", "2020年上半年"), "txt")
    plan = gen.write(_folder(root, "柳坪乡", 2020) / "计划",
                     gen.text(f, gen.REPORT, pop=f.pop + 5000).replace("工作汇报", "工作计划"), "txt")
    # 凤凰乡 2022 handed in 东坝镇's 2022 file, byte for byte
    same = _folder(root, "凤凰乡", 2022) / "总结_东坝.bin"
    same = same.with_suffix(files[("东坝镇", 2022)].suffix)
    same.write_bytes(files[("东坝镇", 2022)].read_bytes())
    # 东坝镇 2020: the 2019 report with the year changed
    repeat = files.pop(("东坝镇", 2020))
    repeat.unlink()
    repeat = gen.write(repeat, gen.text(gen.facts("东坝镇", 2019)).replace("2019", "2020"), "gb18030")
    db = tmp / "archive.sqlite"
    stats = ingest([root], db, jobs=1, progress=False, path_pattern=PATTERN)
    assert stats.failed == 0 and stats.mined == 23 + 3 and stats.skipped == 1
    return db, root, {"jump": jump, "second": second, "plan": plan, "repeat": repeat,
                      "same": same, "files": files}


def _by_check(findings):
    out: dict[str, list[dict]] = {}
    for f in findings:
        out.setdefault(f["check"], []).append(f)
    return out


def _span(source: str, start: int, end: int) -> str:
    return read_document(source).text[start:end]


def test_archive_audit_finds_each_planted_oddity_and_nothing_else(planted):
    db, root, p = planted
    findings = audit_archive(db)
    assert all(list(f) == ARCHIVE_FINDING_COLUMNS for f in findings)
    by = _by_check(findings)
    assert set(by) == {"archive_year_jump", "archive_conflicting_figures",
                       "archive_repeated_year_text", "archive_missing_year", "archive_same_file"}

    # the jump: into 2021 and back out of it, each pointing at both years' figures
    jumps = by["archive_year_jump"]
    assert {(j["township"], j["year"], j["metric"]) for j in jumps} == {
        ("青山镇", 2021, "population.total"), ("青山镇", 2022, "population.total")}
    up = next(j for j in jumps if j["year"] == 2021)
    pop20, pop21 = gen.facts("青山镇", 2020).pop, gen.facts("青山镇", 2021).pop * 10
    assert up["source"] == str(p["jump"]) and _span(up["source"], up["start"], up["end"]) == f"{pop21}人"
    assert up["source_b"] == str(p["files"][("青山镇", 2020)])
    assert _span(up["source_b"], up["start_b"], up["end_b"]) == f"{pop20}人"
    assert f"{pop20}人" in up["message_zh"] and f"{pop21}人" in up["message_zh"]
    assert up["severity"] == "error"

    # two reports of one township and year that disagree (the plan's target is no result)
    [conflict] = by["archive_conflicting_figures"]
    assert (conflict["township"], conflict["year"], conflict["metric"]) == ("柳坪乡", 2020, "population.total")
    pair = {conflict["source"], conflict["source_b"]}
    assert pair == {str(p["files"][("柳坪乡", 2020)]), str(p["second"])}
    assert str(p["plan"]) not in pair
    pop = gen.facts("柳坪乡", 2020).pop
    assert {_span(conflict["source"], conflict["start"], conflict["end"]),
            _span(conflict["source_b"], conflict["start_b"], conflict["end_b"])} == {
        f"{pop}人", f"{pop + 2000}人"}

    # the copied year: the later report is the finding, the earlier one its pair
    [repeat] = by["archive_repeated_year_text"]
    assert (repeat["township"], repeat["year"], repeat["source"]) == ("东坝镇", 2020, str(p["repeat"]))
    assert repeat["source_b"] == str(p["files"][("东坝镇", 2019)])
    assert _span(repeat["source"], repeat["start"], repeat["end"]).startswith("东坝镇2020年工作总结")
    assert _span(repeat["source_b"], repeat["start_b"], repeat["end_b"]).startswith("东坝镇2019年")

    # one file under two townships: the skipped copy, held against the file that was mined
    [same] = by["archive_same_file"]
    assert (same["source"], same["source_b"]) == (str(p["same"]), str(p["files"][("东坝镇", 2022)]))
    assert (same["township"], same["year"]) == ("凤凰乡", 2022)
    assert _span(same["source"], same["start"], same["end"]).startswith("东坝镇2022年工作总结")
    assert "东坝镇" in same["message_zh"] and "凤凰乡" in same["message_zh"]

    # the year left out: the nearest own report, and a neighbour's report of that year
    [gap] = by["archive_missing_year"]
    assert (gap["township"], gap["year"], gap["severity"]) == ("石桥乡", 2021, "warning")
    assert "/石桥乡/2020/" in gap["source"] or "/石桥乡/2022/" in gap["source"]
    assert "/2021/" in gap["source_b"] and "石桥乡" not in gap["source_b"]
    assert "5/5" in gap["message_zh"] and "云溪县" in gap["message_zh"]


def test_archive_audit_clean_archive_has_no_findings_and_exits_0(tmp_path, capsys):
    root = tmp_path / "档案"
    gen.build(root, towns=gen.TOWNSHIPS[:4], years=gen.YEARS[:3])
    db = tmp_path / "a.sqlite"
    ingest([root], db, jobs=1, progress=False, path_pattern=PATTERN)
    assert audit_archive(db) == []
    assert main(["audit", "--db", str(db)]) == 0
    assert "across the archive 跨报告发现: 0" in capsys.readouterr().out


def test_archive_audit_cli_exit_status_output_and_limits(planted, tmp_path, capsys):
    db, _root, _p = planted
    assert main(["audit", "--db", str(db)]) == 1  # error findings
    out = capsys.readouterr().out
    assert "archive_year_jump" in out and "A: " in out and "B: " in out
    assert main(["audit", "--db", str(db), "--min-severity", "error", "--limit", "1",
                 "-o", str(tmp_path / "f.csv")]) == 1
    out = capsys.readouterr().out
    assert "warning archive_missing_year" not in out and "more / 还有" in out
    assert "by check 按检查项: " in out
    import csv

    with open(tmp_path / "f" / "archive_findings.csv", encoding="utf-8-sig") as fh:  # CSV: a folder
        rows = list(csv.DictReader(fh))
    assert len(rows) == 6 and set(rows[0]) == set(ARCHIVE_FINDING_COLUMNS)
    assert main(["audit", "--db", str(tmp_path / "没有.sqlite")]) == 2
    assert main(["audit", "--db", str(db), str(tmp_path)]) == 2  # PATHs and --db: one or the other
    assert main(["audit"]) == 2


def test_archive_audit_leaves_missing_files_out_unless_asked(tmp_path):
    root = tmp_path / "档案"
    gen.build(root, towns=gen.TOWNSHIPS[:3], years=gen.YEARS[:2])
    f = gen.facts("河西镇", 2020)
    second = gen.write(_folder(root, "河西镇", 2020) / "汇报", gen.text(f, gen.REPORT, pop=f.pop * 2), "txt")
    db = tmp_path / "a.sqlite"
    ingest([root], db, jobs=1, progress=False, path_pattern=PATTERN)
    assert {x["check"] for x in audit_archive(db)} == {"archive_conflicting_figures"}
    second.unlink()
    ingest([root], db, jobs=1, progress=False, path_pattern=PATTERN)  # now status missing
    assert audit_archive(db) == []
    assert {x["check"] for x in audit_archive(db, include_missing=True)} == {
        "archive_conflicting_figures"}


def test_archive_audit_thresholds_come_from_the_rules(planted, tmp_path):
    db, _root, _p = planted
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "checks.yaml").write_text(
        "archive_checks:\n"
        "  - id: archive_year_jump\n"
        "    kind: year_jump\n"
        "    severity: warning\n"
        "    message_zh: '{township} {label} 跳变'\n"
        "    message_en: '{township} {label_en} jumps'\n"
        "    params: {metrics: [population.total], factor: 20}\n", encoding="utf-8")
    checks = {f["check"] for f in audit_archive(db, rules_dir=rules)}
    assert "archive_year_jump" not in checks and "archive_conflicting_figures" in checks


def test_archive_audit_rules_check_names_a_bad_archive_check(tmp_path):
    from report_miner.ruleset.load import check_rules

    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "checks.yaml").write_text(
        "archive_checks:\n"
        "  - id: my_jump\n"
        "    kind: year_jmup\n"
        "    severity: error\n"
        "    message_zh: x\n"
        "    message_en: x\n"
        "  - id: my_gap\n"
        "    kind: missing_year\n"
        "    severity: warning\n"
        "    message_zh: x\n"
        "    message_en: x\n"
        "    params: {min_shares: 0.5}\n", encoding="utf-8")
    problems = "\n".join(check_rules(rules))
    assert "year_jmup" in problems and "did you mean 'year_jump'" in problems
    assert "min_shares" in problems and "my_gap" in problems


def test_archive_audit_reads_sql_without_pandas(planted):
    """The checks stream from SQLite: no pandas, no table loaded whole."""
    db, _root, _p = planted
    code = ("import sys; from report_miner.analysis.archive_audit import audit_archive; "
            f"n = len(audit_archive({str(db)!r})); "
            "assert 'pandas' not in sys.modules, 'pandas imported'; print(n)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "6"  # 2 jumps, 1 conflict, 1 repeat, 1 same file, 1 gap


def test_archive_audit_opens_a_version_1_archive_read_only(tmp_path):
    import shutil

    db = tmp_path / "old.sqlite"
    shutil.copyfile(Path(__file__).parent / "fixtures" / "archive_v1.sqlite", db)
    before = db.read_bytes()
    assert audit_archive(db) == []
    assert db.read_bytes() == before  # not upgraded, not touched


def test_archive_audit_township_from_the_text_and_never_from_a_placeholder(tmp_path):
    """Without --path-pattern the township is the unit name the text gives; a template's *镇
    is no township, so two filled-in copies of one template are not held against each other."""
    root = tmp_path / "散件"
    f = gen.facts("河西镇", 2020)
    gen.write(root / "a", gen.text(f), "txt")
    gen.write(root / "b", gen.text(f, gen.REPORT, pop=f.pop * 3), "docx")
    gen.write(root / "c", gen.text(f, pop=100).replace("河西镇", "*镇"), "txt")
    gen.write(root / "d", gen.text(f, pop=900).replace("河西镇", "*镇"), "html")
    db = tmp_path / "a.sqlite"
    ingest([root], db, jobs=1, progress=False)
    [conflict] = audit_archive(db)
    assert conflict["check"] == "archive_conflicting_figures" and conflict["township"] == "河西镇"
    assert {Path(conflict["source"]).stem, Path(conflict["source_b"]).stem} == {"a", "b"}


def test_archive_audit_same_name_in_two_counties_is_two_townships(tmp_path):
    """和平乡 of one county and 和平乡 of another are not one township: their figures are never
    held against each other."""
    root = tmp_path / "档案"
    for county, scale in (("东县", 1), ("西县", 5)):
        for year in (2020, 2021):
            f = gen.facts("和平乡", year)
            gen.write(root / county / "和平乡" / str(year) / "总结", gen.text(f, pop=f.pop * scale), "txt")
    db = tmp_path / "a.sqlite"
    ingest([root], db, jobs=1, progress=False, path_pattern=PATTERN)
    assert audit_archive(db) == []


def test_archive_copy_outside_the_layout_leaves_the_township_its_report(tmp_path):
    """A backup folder beside the county folders (`_备份/`, first in name order) holds a copy
    of a township's report. Ingest mines the copy the folder layout places (township, year,
    county) and skips the one outside it, so the township keeps its report; a copy outside
    the layout is no report "filed under two townships". An archive where the outside copy
    was mined first (an earlier run) still gets the finding, and its message names no None."""
    root = tmp_path / "档案"
    files = gen.build(root, towns=gen.TOWNSHIPS[:3], years=gen.YEARS[:2])
    filed = files[("柳坪乡", 2020)]
    backup = root / "_备份" / ("副本" + filed.suffix)
    backup.parent.mkdir()
    backup.write_bytes(filed.read_bytes())
    db = tmp_path / "a.sqlite"
    ingest([root], db, jobs=1, progress=False, path_pattern=PATTERN)
    import sqlite3

    with sqlite3.connect(db) as conn:
        status = dict(conn.execute("SELECT path, status FROM files"))
        towns = {t for (t,) in conn.execute("SELECT township FROM reports WHERE source = ?",
                                            (str(filed),))}
    assert (status[str(filed)], status[str(backup)]) == ("ok", "skipped")
    assert towns == {"柳坪乡"}
    assert audit_archive(db) == []
    # the outside copy mined first (an earlier run over the backup folder alone)
    db2 = tmp_path / "b.sqlite"
    ingest([backup.parent], db2, jobs=1, progress=False, path_pattern=PATTERN)
    ingest([root], db2, jobs=1, progress=False, path_pattern=PATTERN)
    [same] = [f for f in audit_archive(db2) if f["check"] == "archive_same_file"]
    assert (same["check"], same["source"], same["source_b"]) == (
        "archive_same_file", str(filed), str(backup))
    assert "None" not in same["message_zh"] + same["message_en"]
    assert "柳坪乡 2020" in same["message_zh"]


def test_archive_audit_conflicts_grow_with_the_reports_not_their_pairs(tmp_path):
    """Each report is held against the first report of its township and year, so six reports of
    which two differ give two findings (all pairs would give nine, and a bound volume of
    thousands of reports of one township and year ran out of memory)."""
    root = tmp_path / "散件"
    f = gen.facts("河西镇", 2020)
    pops = [f.pop, f.pop, f.pop + 2000, f.pop, f.pop + 4000, f.pop]
    for name, pop in zip("abcdef", pops):
        gen.write(root / name, gen.text(f, pop=pop), "txt")
    db = tmp_path / "a.sqlite"
    ingest([root], db, jobs=1, progress=False)
    conflicts = [x for x in audit_archive(db) if x["check"] == "archive_conflicting_figures"]
    assert sorted(Path(x["source"]).stem for x in conflicts) == ["c", "e"]
    assert {Path(x["source_b"]).stem for x in conflicts} == {"a"}
    assert sorted(_span(x["source"], x["start"], x["end"]) for x in conflicts) == [
        f"{f.pop + 2000}人", f"{f.pop + 4000}人"]
