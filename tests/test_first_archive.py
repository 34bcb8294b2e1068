"""Problems found by an archivist using the tool for the first time from the README (invented
report texts; one test group per problem):

1. a file changed between two ingest runs, mined again by a run without --path-pattern, keeps
   the township, year and county the earlier run's pattern gave it;
2. a span of years in a title (2016年至2020年工作总结, 2021—2025年工作计划) gives the year a
   results report ends in and the year a plan starts in;
3. compare's column names: one role suffix, never doubled (rate.target as a target), and a
   figure without a unit in ``[-]``;
4. compare names a desk upload without a township by the uploaded file's name, not its sha256;
5. ``enabled: false`` switches a shipped check (or blank rule, look-alike, exclusion) off;
6. ingest counts the files in its folders that it does not read (other endings);
7. compare --db given a folder says so, as ingest and audit do.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from report_miner.store.ingest import ingest

REPORT = ("白石乡工作总结\n"
          "一、基本情况\n"
          "全乡辖9个行政村，总人口12000人。\n")


def _files(db: Path) -> dict[str, tuple]:
    with sqlite3.connect(db) as conn:
        return {Path(p).name: (t, y, c) for p, t, y, c in
                conn.execute("SELECT path, township, year, county FROM files")}


# ------------------------------------------------------------------ 1. changed file, no pattern

def test_changed_file_mined_again_without_pattern_keeps_its_folder_metadata(tmp_path):
    folder = tmp_path / "档案" / "云水县" / "白石乡" / "2020"
    folder.mkdir(parents=True)
    (folder / "总结.txt").write_text(REPORT, encoding="utf-8")
    db = tmp_path / "a.sqlite"
    ingest([tmp_path / "档案"], db, jobs=1, progress=False,
           path_pattern="{county}/{township}/{year}/*")
    assert _files(db)["总结.txt"] == ("白石乡", 2020, "云水县")
    (folder / "总结.txt").write_text(REPORT.replace("12000", "12500"), encoding="utf-8")
    stats = ingest([tmp_path / "档案"], db, jobs=1, progress=False)  # no --path-pattern
    assert stats.mined == 1
    assert _files(db)["总结.txt"] == ("白石乡", 2020, "云水县")
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT township, year FROM reports").fetchall() == [("白石乡", 2020)]
        assert conn.execute("SELECT value FROM figures WHERE metric = 'population.total'"
                            ).fetchall() == [(12500.0,)]


# ------------------------------------------------------------------ 2. a span of years in a title

@pytest.mark.parametrize("title, year", [
    ("白石乡2016年至2020年计划生育协会工作总结", 2020),   # results: the span's end
    ("白石乡2016—2020年工作汇报", 2020),
    ("白石乡二〇一六年到二〇二〇年工作总结", 2020),
    ("白石乡2021—2025年计划生育协会工作计划", 2021),      # a plan: the span's start
    ("白石乡2021-2025年工作要点", 2021),
    ("白石乡2016年以来工作汇报", None),                    # a start, no span: no year
    ("白石乡2016年以来及2021年工作总结", 2021),
])
def test_year_span_in_title(title, year):
    from report_miner import mine_text

    reports = mine_text(title + "\n全乡辖9个行政村，总人口12000人。\n").reports
    import pandas as pd

    got = reports["year"].iloc[0]
    assert (None if pd.isna(got) else int(got)) == year


# ------------------------------------------------------------------ 3. compare's column names

def test_compare_column_names_read_cleanly():
    from report_miner import mine_text
    from report_miner.analysis.compare import compare, labelled

    plan = ("白石乡2022年计划生育协会工作计划\n"
            "一、基本情况\n全乡辖9个行政村，总人口12000人，育龄妇女中85%已婚。\n"
            "二、工作目标\n今年力争合同签订率达到98以上，政策符合率达到96%，出生率控制在12‰以内。\n")
    res = mine_text(plan, source="plan.txt")
    comp = compare(res.reports, res.figures, res.blanks, res.sections, per="report")
    cols = [c for c in comp.metrics if c.startswith("rate.")]
    # rate.target (other rates) is compared as rate.other: no doubled "target_target"; a
    # figure without a unit is [-], beside the rates in % (its own column) and in ‰
    assert {"rate.other", "rate.other_target", "rate.other_target[-]"} <= set(cols), cols
    assert not any("target_target" in c or "无单位" in c for c in comp.table.columns)
    # the choices sheet keeps the metric id beside the column
    ch = comp.choices
    assert set(ch.loc[ch["column"].str.startswith("rate.other"), "metric"]) == {"rate.target"}
    zh = labelled(comp.table, comp, "zh").columns
    assert "各类比率(目标)(无单位)" in zh and "各类比率(目标)" in zh


def test_metric_column_is_a_schema_field_checked_by_rules_check(tmp_path):
    from report_miner.ruleset.load import check_rules

    (tmp_path / "metrics.yaml").write_text(
        "metrics:\n  - id: rate.target\n    label: 各类比率\n    column: [x]\n"
        "    match:\n      - units: ['%']\n", encoding="utf-8")
    problems = check_rules(tmp_path)
    assert any("column" in p and "must be str" in p for p in problems), problems


# ------------------------------------------------------------------ 4. desk uploads in compare

def test_compare_names_a_desk_upload_by_its_uploaded_name(tmp_path):
    """The desk stores an upload as uploads/<sha256>.txt; without a township (and with a
    placeholder for the unit name) compare named its row after that sha256 file."""
    import hashlib

    from report_miner.analysis.compare import compare_archive
    from report_miner.web.deskdb import open_desk

    db = tmp_path / "archive.sqlite"
    up = tmp_path / "uploads"
    up.mkdir()
    texts = {"村级总结.txt": "*镇2021年工作总结\n全镇辖9个行政村，总人口12000人。\n",
             "b.txt": "**镇2021年工作总结\n全镇辖8个行政村，总人口11000人。\n",
             "c.txt": "某镇2021年工作总结\n全镇辖7个行政村，总人口10000人。\n"}
    names = {"村级总结.txt": "村级总结.txt", "b.txt": "总结.txt", "c.txt": "总结.txt"}
    paths = {}
    for key, text in texts.items():
        sha = hashlib.sha256(text.encode()).hexdigest()
        paths[key] = (up / f"{sha}.txt", sha)
        paths[key][0].write_text(text, encoding="utf-8")
    ingest([up], db, jobs=1, progress=False)
    conn = open_desk(str(db))
    for key, (path, sha) in paths.items():
        conn.execute("INSERT INTO desk_uploads (batch, client_name, sha256, size, path, status) "
                     "VALUES ('b1', ?, ?, 1, ?, 'ok')", (names[key], sha, str(path)))
    conn.close()
    comp = compare_archive(db, per="report")
    towns = set(comp.table["township"])
    b_sha, c_sha = paths["b.txt"][1], paths["c.txt"][1]
    assert towns == {"村级总结.txt#1", f"总结.txt ({b_sha[:8]})#1", f"总结.txt ({c_sha[:8]})#1"}
    assert not any(paths["村级总结.txt"][1] in t for t in towns)


# ------------------------------------------------------------------ 5. enabled: false

SHRINKING = "河西镇2021年工作总结\n全镇总人口人，协会会员1823多人。\n"


def _checks(rules_dir=None) -> set[str]:
    from report_miner import mine_text
    from report_miner.ruleset.load import RuleSet

    res = mine_text(SHRINKING, rules=RuleSet.load(rules_dir) if rules_dir else None)
    return set(res.findings["check"])


def test_enabled_false_switches_a_shipped_check_off(tmp_path):
    from report_miner.ruleset.load import check_rules

    assert {"approx_on_precise_number", "population_not_stated"} <= _checks()
    (tmp_path / "checks.yaml").write_text(
        "checks:\n  - id: approx_on_precise_number\n    enabled: false\n", encoding="utf-8")
    assert check_rules(tmp_path) == []
    got = _checks(tmp_path)
    assert "approx_on_precise_number" not in got and "population_not_stated" in got


def test_rules_list_shows_a_switched_off_check_as_off(tmp_path, capsys):
    from report_miner.cli.app import main

    (tmp_path / "checks.yaml").write_text(
        "checks:\n  - id: approx_on_precise_number\n    enabled: false\n", encoding="utf-8")
    assert main(["rules", "list", "checks", "--rules", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    off = [ln for ln in lines if ln.startswith("approx_on_precise_number")]
    assert len(off) == 1 and "switched off" in off[0] and "checks.yaml:2" in off[0], off
    assert main(["rules", "list", "checks"]) == 0
    shipped = [ln for ln in capsys.readouterr().out.splitlines()
               if ln.startswith("approx_on_precise_number")]
    assert len(shipped) == 1 and "switched off" not in shipped[0]


def test_enabled_false_with_a_misspelt_id_is_an_error(tmp_path):
    from report_miner.ruleset.load import check_rules

    (tmp_path / "checks.yaml").write_text(
        "checks:\n  - id: approx_on_precise_numbr\n    enabled: false\n", encoding="utf-8")
    problems = check_rules(tmp_path)
    assert len(problems) == 1 and "names no rule to switch off" in problems[0], problems
    assert "checks.yaml:2" in problems[0]


def test_enabled_false_with_a_misspelt_id_is_named_beside_the_files_other_problems(tmp_path):
    """One `rules check` run names every mistake of a file: the misspelt id under enabled:
    false too, not only after the other problem is fixed (a new user's finding)."""
    from report_miner.ruleset.load import check_rules

    (tmp_path / "checks.yaml").write_text(
        "checks:\n  - id: approx_on_precise_numbr\n    enabled: false\n"
        "  - id: percent_over_100\n    kind: percent_range\n    severity: error\n"
        "    message_zh: 超过100\n    message_en: over 100\n    params:\n      maxx: 100\n",
        encoding="utf-8")
    problems = check_rules(tmp_path)
    assert any("checks.yaml:2" in p and "names no rule to switch off" in p for p in problems), problems
    assert any("unknown param 'maxx'" in p for p in problems), problems


def test_enabled_false_for_blank_and_exclusion_rules_and_archive_checks(tmp_path):
    from report_miner import mine_text
    from report_miner.ruleset.load import RuleSet, check_rules

    base = RuleSet.load()
    (tmp_path / "blanks.yaml").write_text(
        "blanks:\n  - id: unit_before_punct\n    enabled: false\n", encoding="utf-8")
    (tmp_path / "exclusions.yaml").write_text(
        "exclusions:\n  - id: ordinal\n    enabled: false\n", encoding="utf-8")
    (tmp_path / "checks.yaml").write_text(
        "archive_checks:\n  - id: archive_missing_year\n    enabled: false\n", encoding="utf-8")
    assert check_rules(tmp_path) == []
    mine = RuleSet.load(tmp_path)
    assert len(mine.blanks.rules) == len(base.blanks.rules) - 1
    assert "ordinal" not in mine.figures.exclusion_ids
    assert [r.id for r in mine.data.records("checks", "archive_checks")].count("archive_missing_year") == 0
    assert (len(mine_text("第3名", rules=base).figures), len(mine_text("第3名", rules=mine).figures)) == (0, 1)
    # a wrong type is still an error
    (tmp_path / "exclusions.yaml").write_text(
        "exclusions:\n  - id: ordinal\n    enabled: 'no'\n", encoding="utf-8")
    assert any("enabled" in p and "must be bool" in p for p in check_rules(tmp_path))


def test_enabled_is_a_typed_field_only_where_it_makes_sense():
    from report_miner.ruleset.schema import RECORDS, SWITCHABLE, field_table

    for name, sections in RECORDS.items():
        for section, cls in sections.items():
            assert (("enabled" in field_table(cls)) == ((name, section) in SWITCHABLE)), (name, section)


# ------------------------------------------------------------------ 6. files of other endings

def test_ingest_says_how_many_files_of_other_endings_it_did_not_read(tmp_path):
    root = tmp_path / "档案" / "白石乡" / "2021"
    root.mkdir(parents=True)
    (root / "总结.txt").write_text(REPORT, encoding="utf-8")
    for name in ("计划.rtf", "汇报.RTF", "旧稿.wps", "README"):
        (root / name).write_bytes(b"{\\rtf1 x}")
    (root / ".hidden.rtf").write_bytes(b"x")  # hidden files are never counted
    db = tmp_path / "a.sqlite"
    stats = ingest([tmp_path / "档案"], db, jobs=1, progress=False)
    assert stats.found == 1 and stats.other_endings == {".rtf": 2, ".wps": 1, "": 1}
    assert "not read 未读取: 4 file(s) with other endings (.rtf 2, (none) 1, .wps 1)" in stats.summary()
    stats = ingest([tmp_path / "档案"], db, jobs=1, progress=False, suffixes=(".txt", ".rtf"))
    assert stats.found == 3 and stats.other_endings == {".wps": 1, "": 1}


# ------------------------------------------------------------------ 7. compare --db FOLDER

def test_compare_db_given_a_folder_says_so(tmp_path, capsys):
    from report_miner.cli.app import main

    (tmp_path / "档案").mkdir()
    assert main(["compare", "--db", str(tmp_path / "档案")]) == 2
    err = capsys.readouterr().err
    assert "--db is a folder" in err and "disk I/O" not in err


# ------------------------------------------------------------------ 8. a file name with a line break

def test_a_file_name_with_a_line_break_stays_on_its_line(tmp_path, capsys):
    from report_miner.cli.app import main

    folder = tmp_path / "档案"
    folder.mkdir()
    (folder / "新\n建.txt").write_text(REPORT, encoding="utf-8")
    (folder / "空\n白.txt").write_bytes(b"")
    assert main(["audit", str(folder), "--color", "never"]) == 1
    out = capsys.readouterr()
    assert "新\\n建.txt · 报告 report 1/1" in out.out
    assert "空\\n白.txt: 无法读取" in out.out + out.err
    db = tmp_path / "a.sqlite"
    stats = ingest([folder], db, jobs=1, progress=False)
    assert "空\\n白.txt: empty file" in stats.summary()


# ------------------------------------------------------------------ 9. an unknown option

def test_an_unknown_option_is_named_with_the_commands_own_usage(tmp_path, capsys):
    from report_miner.cli.app import main

    with pytest.raises(SystemExit) as info:
        main(["ingest", str(tmp_path), "--db", str(tmp_path / "a.sqlite"), "--bogus"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "usage: report-miner ingest" in err and "--path-pattern" in err and "--bogus" in err
    with pytest.raises(SystemExit):
        main(["rules", "check", "--zzz"])
    assert "usage: report-miner rules check" in capsys.readouterr().err


# ------------------------------------------------------------------ 10. a pattern one level short

def test_a_pattern_that_takes_a_year_folder_for_the_township_is_warned_about(tmp_path):
    folder = tmp_path / "档案" / "白石乡" / "2021"
    folder.mkdir(parents=True)
    (folder / "总结.txt").write_text(REPORT, encoding="utf-8")
    db = tmp_path / "a.sqlite"
    stats = ingest([tmp_path / "档案"], db, jobs=1, progress=False, path_pattern="{township}/*")
    assert stats.township_digits == 1
    assert any("township of digits ('2021')" in w for w in stats.warnings)
    stats = ingest([tmp_path / "档案"], db, jobs=1, progress=False,
                   path_pattern="{township}/{year}/*")
    assert stats.warnings == []


# ------------------------------------------------------------------ 11. one name in two counties

def test_compare_keeps_two_townships_of_one_name_in_two_counties_apart(tmp_path):
    from report_miner.analysis.compare import compare_archive
    from report_miner.analysis.compare_sql import figures_by_topic_db
    from report_miner.analysis.topics import label_sections

    root = tmp_path / "档案"
    for county, pop in (("云水县", 12000), ("青禾县", 30000)):
        for town in ("白石乡", "红岩镇") if county == "云水县" else ("白石乡",):
            folder = root / county / town / "2021"
            folder.mkdir(parents=True)
            (folder / "总结.txt").write_text(
                f"{town}2021年工作总结\n一、基本情况\n全乡辖9个行政村，总人口{pop}人。\n",
                encoding="utf-8")
    db = tmp_path / "a.sqlite"
    ingest([root], db, jobs=1, progress=False, path_pattern="{county}/{township}/{year}/*")
    comp = compare_archive(db)
    got = dict(zip(comp.table["township"], comp.table["population.total"]))
    assert got == {"白石乡 (云水县)": 12000, "白石乡 (青禾县)": 30000, "红岩镇": 12000}
    from report_miner.analysis.compare import archive_inputs

    reports, sections, texts, _failed = archive_inputs(db, texts=True)
    topics = label_sections(sections, texts)
    by_topic = figures_by_topic_db(db, topics)
    assert {"白石乡 (云水县)", "白石乡 (青禾县)"} <= set(by_topic["township"])


# ------------------------------------------------------------------ 12. a failed file that was away

def test_a_failed_file_that_went_missing_and_came_back_is_still_failed(tmp_path):
    root = tmp_path / "档案"
    root.mkdir()
    (root / "总结.txt").write_text(REPORT, encoding="utf-8")
    junk = bytes(range(256)) * 12
    (root / "坏.txt").write_bytes(junk)
    db = tmp_path / "a.sqlite"
    assert ingest([root], db, jobs=1, progress=False).failed == 1
    (root / "坏.txt").unlink()                 # away for a run (a drive not mounted, a move)
    ingest([root], db, jobs=1, progress=False)
    (root / "坏.txt").write_bytes(junk)        # back, unchanged
    stats = ingest([root], db, jobs=1, progress=False)
    assert stats.failed == 1
    (root / "坏.txt").rename(root / "坏2.txt")  # and at another path: no "move" of a failure
    ingest([root], db, jobs=1, progress=False)
    stats = ingest([root], db, jobs=1, progress=False)
    with sqlite3.connect(db) as conn:
        status = dict(conn.execute("SELECT path, status FROM files"))
    assert status[str(root / "坏.txt")] == "missing"
    assert status[str(root / "坏2.txt")] == "failed" and status[str(root / "总结.txt")] == "ok"
    assert stats.failed == 1 and not stats.moved


# ------------------------------------------------------------------ 13. Ctrl-C during export

def test_ctrl_c_cleanup_is_finalised_before_the_command_returns(monkeypatch, capsys):
    """An interrupted xlsx export left openpyxl's write-only sheets (generators, in reference
    cycles) to be finalised at interpreter exit, after the one-line message, where they printed
    'Exception ignored … LxmlSyntaxError' tracebacks. run_command now collects them while its
    quiet unraisable hook is on."""
    import argparse
    import gc
    import sys

    from report_miner.cli.common import run_command

    class HalfWritten:  # like a write-only sheet whose XML element was left open
        def __init__(self):
            self.me = self  # a reference cycle: only the garbage collector frees it

        def __del__(self):
            raise RuntimeError("not in an element")

    def command(args):
        HalfWritten()
        raise KeyboardInterrupt

    seen = []
    monkeypatch.setattr(sys, "unraisablehook", seen.append)
    gc.collect()
    assert run_command(argparse.Namespace(func=command), ["export"]) == 130
    gc.collect()
    assert seen == []
    assert "Exception ignored" not in capsys.readouterr().err


# ------------------------------------------------------------------ 14. rare characters in a name

@pytest.mark.parametrize("name", ["𠮷祥乡", "㙟口镇"])  # extension B (outside GBK), extension A
def test_a_unit_name_with_a_rare_han_character_is_read(name):
    from report_miner import mine_text

    text = f"{name}2021年工作总结\n全{name[-1]}辖9个行政村，总人口12000人。\n"
    for data, enc in ((text, "utf-8"), (text.encode("gb18030").decode("gb18030"), "gb18030")):
        assert mine_text(data).reports["unit_name"].iloc[0] == name, enc


# ------------------------------------------------------------------ 15. UTF-8 and GBK in one file

MIXED_LINES = ["白石乡2021年工作总结", "一、基本情况", "全乡辖9个行政村，总人口12000人。",
               "全年开展查环查孕2923人次，合同签订率达到96%。", "二、存在问题", "部分村协会活动经费不足。"]


@pytest.mark.parametrize("layout", ["utf8-then-gbk", "gbk-then-utf8", "switch-inside-a-line"])
def test_a_report_pasted_from_a_utf8_and_a_gbk_file_is_read(layout):
    from report_miner.readers.encoding import MIXED_ENCODING, decode_bytes

    text = "\n".join(MIXED_LINES) + "\n"
    if layout == "utf8-then-gbk":
        data = "\n".join(MIXED_LINES[:3]).encode() + b"\n" + ("\n".join(MIXED_LINES[3:]) + "\n").encode("gbk")
    elif layout == "gbk-then-utf8":
        data = ("\n".join(MIXED_LINES[:3]) + "\n").encode("gbk") + ("\n".join(MIXED_LINES[3:]) + "\n").encode()
    else:  # 全 in GBK (C8 AB) is also a UTF-8 character (ȫ): the switch is found before it
        cut = text.index("全年")
        data = text[:cut].encode() + text[cut:].encode("gbk")
    assert decode_bytes(data, "x.txt") == (text, MIXED_ENCODING)


def test_one_gbk_line_in_a_long_utf8_report_is_read_not_replaced():
    # a few GBK bytes in a long UTF-8 file are few enough to pass as stray bytes: the line
    # must still be read as GBK, not as U+FFFD and mojibake (全 C8 AB reads ȫ in UTF-8)
    from report_miner.readers.encoding import MIXED_ENCODING, decode_bytes

    body = "\n".join(MIXED_LINES * 200) + "\n"
    data = body.encode() + "全镇总人口12000人".encode("gbk")
    assert decode_bytes(data, "x.txt") == (body + "全镇总人口12000人", MIXED_ENCODING)
    # a stray byte in it is still a stray byte
    damaged = body.encode()[:40] + b"\xc3" + body.encode()[40:]
    assert decode_bytes(damaged, "x.txt")[1].startswith("utf-8 (1 undecodable")


def test_damaged_utf8_and_junk_are_still_refused():
    from report_miner.errors import LoadError
    from report_miner.readers.encoding import decode_bytes

    good = "\n".join(MIXED_LINES).encode()
    for bad in (good[:40] + b"\xc3" + good[40:],     # one stray lead byte: damaged, not GBK
                good[:40] + bytes(range(0x80, 0xc0)) + good[40:],
                bytes(range(256)) * 8):
        with pytest.raises(LoadError):
            decode_bytes(bad, "bad.txt")


def test_a_gbk_report_behind_a_utf8_bom_is_read_but_a_short_or_damaged_one_is_not():
    import codecs

    from report_miner.errors import LoadError
    from report_miner.readers.encoding import GBK_AFTER_BOM, decode_bytes

    text = "\n".join(MIXED_LINES) + "\n"
    assert decode_bytes(codecs.BOM_UTF8 + text.encode("gbk")) == (text, GBK_AFTER_BOM)
    utf8 = text.encode()
    for bad in (codecs.BOM_UTF8 + "总结".encode("gbk"),            # too short to tell
                codecs.BOM_UTF8 + utf8[:30] + b"\xff" + utf8[30:]):  # damaged UTF-8
        with pytest.raises(LoadError) as info:
            decode_bytes(bad, "x.txt")
        assert "utf-8-sig" in info.value.reason


def test_rules_list_structure_shows_each_report_kind_and_its_title_word(capsys):
    """structure.yaml is a rule file like the others: `rules list structure` lists it (a new
    user looking for why a title got its kind could list every file but this one)."""
    from report_miner.cli.app import main

    assert main(["rules", "list", "structure"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "# kinds" in out and any(ln.startswith("jihua") and "计划 → 计划" in ln for ln in out), out


@pytest.mark.parametrize("file", ["units", "qualifiers", "exclusions", "metrics", "blanks", "checks",
                                  "topics", "structure"])
def test_rules_list_gives_every_record_a_label(file, capsys):
    """`rules list` shows something for each record: word lists their first words, checks what
    they report, pattern records their pattern (a new user met ids with nothing beside them)."""
    from report_miner.cli.app import main

    assert main(["rules", "list", file]) == 0
    rows = [ln for ln in capsys.readouterr().out.splitlines() if ln and not ln.startswith("#")]
    assert rows and all(len(ln.split(maxsplit=1)) == 2 for ln in rows), \
        [ln for ln in rows if len(ln.split(maxsplit=1)) < 2]
