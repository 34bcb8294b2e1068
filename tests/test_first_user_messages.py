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


def _folder_with_other_endings(root: Path) -> Path:
    folder = root / "报告"
    (folder / "2021").mkdir(parents=True)
    (folder / "2021" / "总结.txt").write_text("青石镇2021年工作总结\n全镇辖9个村,总人口15000人。\n",
                                             encoding="utf-8")
    (folder / "2021" / "汇报.rtf").write_text("{\\rtf1 x}", encoding="ascii")
    (folder / "2021" / "说明.wps").write_bytes(b"\xd0\xcf\x11\xe0")
    (folder / "2021" / "附件.RTF").write_text("{\\rtf1 y}", encoding="ascii")
    return folder


@pytest.mark.parametrize("command", [
    ["extract", "{folder}", "-o", "{root}/x.xlsx"],
    ["audit", "{folder}"],
    ["review", "{folder}", "-o", "{root}/pages"],
    ["compare", "{folder}", "--no-copies"],
])
def test_every_command_says_which_files_it_did_not_read_for_their_ending(tmp_path, capsys, command):
    # ingest's summary counted them; extract, audit, review and compare listed 1 file and said
    # nothing of the .rtf/.wps beside it, which get no row: an archivist could not tell
    folder = _folder_with_other_endings(tmp_path)
    argv = [a.format(folder=folder, root=tmp_path) for a in command]
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert "not read 未读取: 3 file(s) with other endings (.rtf 2, .wps 1)" in err
    assert main(argv + ["-q"]) in (0, 1)
    assert "not read" not in capsys.readouterr().err  # -q: errors only
    assert main(argv + ["--suffix", ".txt", "--suffix", ".rtf", "--suffix", ".wps"]) in (0, 1, 2)
    assert "not read" not in capsys.readouterr().err


def test_nothing_to_mine_says_what_else_the_folder_holds(tmp_path, capsys):
    folder = _folder_with_other_endings(tmp_path)
    (folder / "2021" / "总结.txt").unlink()
    assert main(["extract", str(folder), "-o", str(tmp_path / "x.xlsx"), "-q"]) == 2
    err = capsys.readouterr().err
    assert "no input files found" in err and "(.rtf 2, .wps 1)" in err
    assert not (tmp_path / "x.xlsx").exists()


def test_the_desk_names_the_upload_limit_the_user_set(tmp_path):
    # `serve --max-upload-mb 1` refused a 5 MB upload with "the limit is 1.064 MB": the
    # room left for the form's headers was named as if it were the user's limit
    import asyncio
    import json

    from report_miner.web.app import Guard

    async def app(scope, receive, send):  # never reached: the guard refuses first
        raise AssertionError

    sent = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    guard = Guard(app, {"127.0.0.1:8000"}, 1_000_000 + 64_000, tmp_path / "log", limit=1_000_000)
    scope = {"type": "http", "method": "POST", "path": "/api/reports",
             "headers": [(b"host", b"127.0.0.1:8000"), (b"content-length", b"5000000")]}
    asyncio.run(guard(scope, receive, send))
    assert sent[0]["status"] == 413
    body = b"".join(m.get("body", b"") for m in sent[1:]).decode()
    message = json.loads(body)["error"] if body.startswith("{") else body
    assert "the limit is 1 MB per request" in message and "上传文件过大" in message


def test_compare_to_a_pipe_the_reader_left_ends_quietly(tmp_path, capsys, monkeypatch):
    # `compare … -o - | head -1` printed "[Errno 32] Broken pipe" and exit 2, while
    # `extract … -o - | head -1` ends quietly with 0 (the reader left, which is fine)
    import io
    import sys

    class Gone(io.StringIO):
        def write(self, text):
            raise BrokenPipeError(32, "Broken pipe")

        def fileno(self):
            return spare.fileno()

    with open(tmp_path / "spare", "w") as spare:
        monkeypatch.setattr(sys, "stdout", Gone())
        code = main(["compare", str(CORPORA / "t08_shuzhi_fenghuang.txt"), "--no-copies", "-o", "-", "-q"])
    assert code == 0
    assert "Broken pipe" not in capsys.readouterr().err


@pytest.mark.parametrize("argv", [
    ["extract"],                                  # PATH and -o left out
    ["audit", str(CORPORA), "--fail-on", "x"],    # not one of the choices
    ["bogus"],                                    # no such command
    ["rules"],                                    # no action
    ["export", "--db", "a.sqlite", "-o", "b", "--chunk-rows"],  # an option without its value
])
def test_argparse_refusals_are_in_chinese_too(capsys, argv):
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert "error:" in last and HAN.search(last), last
