"""What a new user ran into following the README top to bottom: each test failed before its fix."""
from __future__ import annotations

import pytest

from report_miner.cli.app import main


@pytest.mark.parametrize("make", ["missing", "file"])
def test_rules_check_of_a_folder_that_is_not_there_is_a_bad_argument(tmp_path, capsys, make):
    # The README's first `rules check my_rules/` comes before my_rules/ is written: that is a
    # bad argument (exit 2, one line naming it), not a rule problem (exit 1).
    target = tmp_path / "my_rules"
    if make == "file":
        target.write_text("metrics: []\n", encoding="utf-8")
    assert main(["rules", "check", str(target)]) == 2
    err = capsys.readouterr().err
    assert str(target) in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert ("not found" if make == "missing" else "not a folder") in err


def test_rules_check_of_an_existing_folder_still_reports_problems_with_exit_1(tmp_path, capsys):
    (tmp_path / "metrics.yml").write_text("metrics: []\n", encoding="utf-8")
    assert main(["rules", "check", str(tmp_path)]) == 1
    assert "did you mean metrics.yaml" in capsys.readouterr().err
    assert main(["rules", "check"]) == 0


def test_every_command_in_the_main_help_is_described_in_chinese_too():
    # `report-miner --help` is the first thing an auditor reads; the rest of the CLI is bilingual.
    import argparse
    import re

    from report_miner.cli.app import build_parser

    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    helps = {c.dest: c.help or "" for c in sub._choices_actions}
    assert set(helps) >= {"extract", "audit", "compare", "rules", "explain", "ingest", "export",
                          "review", "serve"}
    assert [name for name, h in helps.items() if not re.search(r"[\u4e00-\u9fff]", h)] == []


def test_export_to_a_dash_is_refused_not_a_folder_named_dash(tmp_path, capsys, monkeypatch):
    # `-o -` is standard output for extract; export has no such output and used to write a
    # folder called "-" holding CSV files.
    from pathlib import Path

    corpora = Path(__file__).parent.parent / "corpora"
    db = tmp_path / "a.sqlite"
    assert main(["ingest", str(corpora / "t01_zongjie_hexi.txt"), "--db", str(db), "-q"]) == 0
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert main(["export", "--db", str(db), "-o", "-", "--table", "figures"]) == 2
    err = capsys.readouterr().err
    assert "standard output" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("text, number, rule", [
    ("全镇协会会员1360,比上年增加。", "1360", "members_count"),   # after people_chutou in the file
    ("签订率在98以上。", "98以上", "percent_rate"),
    ("全村一千出头的人口。", "一千出头", "people_chutou"),
], ids=["members_count", "percent_rate", "people_chutou"])
def test_explain_names_the_unitless_rule_the_scanner_used(text, number, rule):
    # explain used to name the first unit-less rule whose `before` fits: people_chutou's is
    # empty (it asks for 出头 and 人口 instead), so every rule after it was named people_chutou.
    import report_miner

    ex = str(report_miner.mine_text(text, explain=True).explanation)
    line = next(ln for ln in ex.splitlines()[ex.splitlines().index(
        next(ln for ln in ex.splitlines() if f"'{number}'" in ln)) + 1:] if "unit rule" in ln)
    assert f"unitless rule {rule} " in line


def _docx_with_table(path, rows):
    import docx

    d = docx.Document()
    d.add_paragraph("东坡镇2023年工作汇报")
    d.add_paragraph("全镇辖11个村，总人口20560人。")
    t = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    d.save(path)


def test_a_bare_number_under_a_column_that_names_its_unit_takes_that_unit(tmp_path):
    # 协会会员 | 1200 under 人数（人）: the text path read 会员1200 as members with 人 dropped (a
    # missing_unit blank, metric rate.target); the column names the unit, so the cell's
    # reading (1200 人, association.members) is the figure and nothing is missing.
    import report_miner

    path = tmp_path / "t.docx"
    _docx_with_table(path, [("项目", "人数（人）"), ("协会会员", "1200"), ("志愿者", "300"),
                            ("合计", "1600")])
    res = report_miner.mine_file(path)
    figs = {f["text"]: f for f in res.rows("figures")}
    assert (figs["1200"]["unit"], figs["1200"]["metric"], figs["1200"]["table_no"]) == \
        ("人", "association.members", 1)
    assert [f["text"] for f in res.rows("figures")].count("1200") == 1
    assert [b for b in res.rows("blanks") if b["kind"] == "missing_unit"] == []
    checks = [f["check"] for f in res.rows("findings")]
    assert "blank_missing_unit" not in checks and "table_total_mismatch" in checks


def test_a_number_that_writes_its_own_unit_in_a_cell_is_left_as_the_text_reads_it(tmp_path):
    import report_miner

    path = tmp_path / "t.docx"
    _docx_with_table(path, [("项目", "数量"), ("协会会员", "1200人"), ("签订率", "98")])
    res = report_miner.mine_file(path)
    figs = {f["text"]: f for f in res.rows("figures")}
    assert figs["1200人"]["unit"] == "人"
    # no unit named by the column: a rate whose % was dropped stays a missing_unit blank
    assert [b["unit"] for b in res.rows("blanks") if b["kind"] == "missing_unit"] == ["%"]


def test_the_doc_converter_hint_reads_as_chinese_in_its_chinese_half(tmp_path, monkeypatch):
    from report_miner.errors import LoadError
    import report_miner.readers.load as rio

    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    path = tmp_path / "旧.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(LoadError) as info:
        rio.read_document(path)
    zh = info.value.reason.split(" / ", 1)[1]
    assert "antiword 或 LibreOffice" in zh and " or " not in zh


def test_dev_py_says_a_failed_step_in_one_line(monkeypatch, capsys):
    # `python3 dev.py run` on a machine where pip cannot install used to end in a
    # CalledProcessError traceback after pip's own error.
    import importlib.util
    import subprocess
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("dev", Path(__file__).parent.parent / "dev.py")
    dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev)

    def failing_setup(extras=""):
        raise subprocess.CalledProcessError(1, ["python", "-m", "pip", "install", "-e", "."])

    monkeypatch.setattr(dev, "setup", failing_setup)
    assert dev.cli(["run"]) == 1
    err = capsys.readouterr().err
    assert "step failed" in err and "pip install" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_every_command_help_opens_with_a_description_in_both_languages():
    import argparse
    import re

    from report_miner.cli.app import build_parser

    def parsers(p, name="report-miner"):
        for a in p._actions:
            if isinstance(a, argparse._SubParsersAction):
                for sub_name, sub in a.choices.items():
                    yield f"{name} {sub_name}", sub
                    yield from parsers(sub, f"{name} {sub_name}")

    missing = [name for name, p in parsers(build_parser())
               if not (p.description and re.search(r"[\u4e00-\u9fff]", p.description)
                       and re.search(r"[A-Za-z]{3}", p.description))]
    assert missing == []
    # the one-line help each command shows in its parent's list too (`rules --help` listed
    # check and list in English only)
    def lines(p, name="report-miner"):
        for a in p._actions:
            if isinstance(a, argparse._SubParsersAction):
                for ca in a._choices_actions:
                    yield f"{name} {ca.dest}", ca.help or ""
                for sub_name, sub in a.choices.items():
                    yield from lines(sub, f"{name} {sub_name}")

    english_only = [name for name, h in lines(build_parser()) if not re.search(r"[\u4e00-\u9fff]", h)]
    assert english_only == []


def test_explain_f_of_a_docx_explains_the_rows_audit_gives_table_cells_included(tmp_path, capsys):
    # explain -f used to mine the file's text alone: a .docx table's cells were not read, so it
    # showed 3 figures and a missing_unit blank where extract and audit give 5 figures and none.
    import report_miner

    path = tmp_path / "t.docx"
    _docx_with_table(path, [("项目", "人数（人）"), ("协会会员", "1200"), ("志愿者", "300"),
                            ("合计", "1600")])
    assert main(["explain", "-f", str(path)]) == 0
    out = capsys.readouterr().out
    res = report_miner.mine_file(path)
    assert f"数字 figures: {len(res.rows('figures'))}" in out and "数字 figures: 5" in out
    assert "空缺 blanks: 0" in out and "table_total_mismatch" in out
    line = out.splitlines()[[i for i, ln in enumerate(out.splitlines()) if "'1200'" in ln][0] + 1]
    assert "table 1, row 2, column 2" in line


def test_ingest_of_a_folder_with_no_report_leaves_no_empty_archive(tmp_path, capsys):
    empty = tmp_path / "扫描件"
    empty.mkdir()
    (empty / "notes.rtf").write_text("x", encoding="utf-8")
    db = tmp_path / "new.sqlite"
    assert main(["ingest", str(empty), "--db", str(db), "-q"]) == 2
    assert "no input files found" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["扫描件"]


def test_ingest_of_an_empty_folder_keeps_an_existing_archive(tmp_path):
    from pathlib import Path

    corpora = Path(__file__).parent.parent / "corpora"
    db = tmp_path / "a.sqlite"
    assert main(["ingest", str(corpora / "t01_zongjie_hexi.txt"), "--db", str(db), "-q"]) == 0
    (tmp_path / "empty").mkdir()
    assert main(["ingest", str(tmp_path / "empty"), "--db", str(db), "-q"]) == 2
    assert db.is_file() and main(["export", "--db", str(db), "-o", str(tmp_path / "x.csv"), "-q"]) == 0
