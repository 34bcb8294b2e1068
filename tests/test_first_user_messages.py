"""What a first user sees when something is wrong: every message names what the user gave
(not a temporary file), says it in Chinese and English, and ends with the agreed exit status.
Found by following README.md from a fresh clone and by an invented archivist's folder."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from report_miner.cli.app import main
from report_miner.errors import OutputError

CORPORA = Path(__file__).parent.parent / "corpora"
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("argv", [
    ["ingest", "{root}", "--db", "{root}/a.sqlite", "--jobs", "0"],
    ["ingest", "{root}", "--db", "{root}/a.sqlite", "-j", "two"],
    ["export", "--db", "{root}/a.sqlite", "-o", "{root}/x.csv", "--chunk-rows", "0"],
    ["serve", "--db", "{root}/a.sqlite", "--jobs", "0"],
    ["extract", "{root}", "-o", "{root}/x.xlsx", "--timeout", "-1"],
    ["audit", "{root}", "--limit", "-1"],
    ["compare", "{root}", "--copy-threshold", "5"],
], ids=["ingest-jobs-0", "ingest-jobs-word", "export-chunk-rows-0", "serve-jobs-0",
        "extract-timeout", "audit-limit", "compare-threshold"])
def test_an_option_out_of_range_is_refused_in_both_languages(tmp_path, capsys, argv):
    argv = [a.format(root=tmp_path) for a in argv]
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert "error: argument" in last and HAN.search(last), last


def test_cannot_write_names_the_output_not_its_temporary_file(tmp_path, monkeypatch):
    from report_miner.store import writers

    def refuse(tables, path):  # as a full or read-only disk does, on the temporary file
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(writers, "_write_xlsx", refuse)
    out = tmp_path / "结果.xlsx"
    with pytest.raises(OutputError) as failure:
        writers.write_tables({"figures": pd.DataFrame({"value": [1.0]})}, out)
    message = str(failure.value)
    assert f"cannot write {out}: Permission denied" in message
    assert ".tmp" not in message and "无法写入" in message


def test_shown_output_keeps_a_path_that_is_not_a_temporary_name(tmp_path):
    from report_miner.store.writers import shown_output

    out = tmp_path / "csv"
    assert shown_output(tmp_path / ".csv.ab12.tmp" / "figures.csv", out) == out
    assert shown_output(tmp_path / ".x.xlsx.ab12.tmp", tmp_path / "x.xlsx") == tmp_path / "x.xlsx"
    assert shown_output("/srv/locked", out) == Path("/srv/locked")  # a parent it could not make
    assert shown_output(None, out) == out


def test_export_cannot_write_names_the_output(tmp_path, monkeypatch, capsys):
    import report_miner.store.export as export_mod

    db = tmp_path / "a.sqlite"
    assert main(["ingest", str(CORPORA / "t08_shuzhi_fenghuang.txt"), "--db", str(db), "-q"]) == 0
    out = tmp_path / "out" / "archive.xlsx"

    def refuse(conn, chosen, present, types, target, *rest):
        raise PermissionError(13, "Permission denied", str(target.parent / f".{target.name}.q1.tmp"))

    monkeypatch.setattr(export_mod, "_export_xlsx", refuse)
    assert main(["export", "--db", str(db), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert str(out) in err and ".tmp" not in err and "Traceback" not in err


@pytest.mark.parametrize("command", [
    ["extract", str(CORPORA / "t08_shuzhi_fenghuang.txt"), "-o", "{root}/x.xlsx"],
    ["audit", str(CORPORA / "t08_shuzhi_fenghuang.txt")],
    ["explain", "全镇总人口人,辖10个村。"],
    ["serve", "--db", "{root}/a.sqlite"],
], ids=["extract", "audit", "explain", "serve"])
@pytest.mark.parametrize("make", ["missing", "file"])
def test_rules_folder_not_written_yet_is_not_found_not_a_folder(tmp_path, capsys, command, make):
    # README: "until it exists, `--rules my_rules/` ... stop with exit status 2"; `rules check`
    # already said "not found" for it, the other commands said "not a folder"
    rules = tmp_path / "my_rules"
    if make == "file":
        rules.write_text("metrics: []\n", encoding="utf-8")
    argv = [a.format(root=tmp_path) for a in command] + ["--rules", str(rules)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert str(rules) in err and "Traceback" not in err
    assert ("not found / 找不到" if make == "missing" else "not a folder / 不是文件夹") in err
    assert not (tmp_path / "x.xlsx").exists()
