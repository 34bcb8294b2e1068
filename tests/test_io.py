"""Tests for report_miner.io: decoding report bytes, reading files, listing folders."""
from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

import report_miner.io as rio
from report_miner.errors import LoadError
from report_miner.io import Document, decode_bytes, iter_files, read_text

CORPORA = Path(__file__).parent.parent / "corpora"

SIMPLIFIED = (
    "河西镇共有12个村,总人口23456人。\r\n"
    "今年以来，全镇上下紧紧围绕县委、县政府的决策部署，狠抓经济发展和社会事业，"
    "完成财政收入1860万元，同比增长8.5%。\r\n"
)
TRADITIONAL = (
    "河西鎮共有12個村，總人口23456人。\n"
    "今年以來，全鎮上下緊緊圍繞縣委、縣政府的決策部署，狠抓經濟發展和社會事業，"
    "完成財政收入1860萬元，同比增長8.5%。\n"
)


def _with_bom(bom: bytes, codec: str):
    return lambda text: bom + text.encode(codec)


# (id, text, how the bytes are made, encoding name decode_bytes must report)
ENCODED_CASES = [
    ("utf8", SIMPLIFIED, lambda t: t.encode("utf-8"), "utf-8"),
    ("utf8-bom", SIMPLIFIED, lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8-sig"),
    ("utf8-ascii-only", "Report 2023\n", lambda t: t.encode("utf-8"), "utf-8"),
    ("utf16le-bom", SIMPLIFIED, _with_bom(codecs.BOM_UTF16_LE, "utf-16-le"), "utf-16-le"),
    ("utf16be-bom", SIMPLIFIED, _with_bom(codecs.BOM_UTF16_BE, "utf-16-be"), "utf-16-be"),
    ("utf16le-no-bom", SIMPLIFIED, lambda t: t.encode("utf-16-le"), "utf-16-le"),
    ("utf16be-no-bom", SIMPLIFIED, lambda t: t.encode("utf-16-be"), "utf-16-be"),
    ("utf16le-no-bom-no-ascii", "河西镇总人口", lambda t: t.encode("utf-16-le"), "utf-16-le"),
    ("gb18030-simplified", SIMPLIFIED, lambda t: t.encode("gb18030"), "gb18030"),
    ("gbk-simplified", SIMPLIFIED, lambda t: t.encode("gbk"), "gb18030"),
    ("gb2312-short", "总结", lambda t: t.encode("gb2312"), "gb18030"),
    ("gb18030-short-line", "河西镇共有12个村。", lambda t: t.encode("gb18030"), "gb18030"),
    (
        "gb18030-four-byte-char",
        "本镇学校新增化学元素挂图，含鿏等新元素。",
        lambda t: t.encode("gb18030"),
        "gb18030",
    ),
    ("gb18030-traditional", TRADITIONAL, lambda t: t.encode("gb18030"), "gb18030"),
    ("big5-traditional", TRADITIONAL, lambda t: t.encode("big5"), "big5"),
    ("big5-short-line", "河西鎮共有12個村。", lambda t: t.encode("big5"), "big5"),
    ("big5-two-chars", "計畫", lambda t: t.encode("big5"), "big5"),
    ("cp950-only-chars", "鎮裏共有12個村，總人口23456人。", lambda t: t.encode("cp950"), "cp950"),
]


@pytest.mark.parametrize(
    ("text", "make", "encoding"),
    [case[1:] for case in ENCODED_CASES],
    ids=[case[0] for case in ENCODED_CASES],
)
def test_io_decode_bytes_round_trips(text, make, encoding):
    assert decode_bytes(make(text)) == (text, encoding)


def test_io_decode_bytes_gb18030_and_big5_not_confused():
    # the same words, simplified in GB18030 and traditional in Big5: each must come back exactly
    simplified = "乡镇工作总结：全镇共有村民委员会12个，完成植树造林3000亩。"
    traditional = "鄉鎮工作總結：全鎮共有村民委員會12個，完成植樹造林3000畝。"
    assert decode_bytes(simplified.encode("gb18030")) == (simplified, "gb18030")
    assert decode_bytes(traditional.encode("big5")) == (traditional, "big5")


def test_io_decode_bytes_keeps_line_endings_and_strips_only_the_bom():
    text = "一、基本情况\r\n二、主要做法\r三、下步打算\n"
    decoded, encoding = decode_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    assert (decoded, encoding) == (text, "utf-8-sig")
    assert decoded.index("二") == 8  # offsets count \r\n as two characters
    assert decode_bytes(text.encode("gb18030"))[0] == text


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        "河西镇".encode("utf-8") + b"\x00\x01\x02\x03" + "共有".encode("utf-8"),
        bytes(range(1, 9)) * 20 + b"text",
    ],
    ids=["png", "zip-docx", "elf", "pdf", "nul-in-utf8", "control-chars"],
)
def test_io_decode_bytes_rejects_binary(data):
    with pytest.raises(LoadError) as info:
        decode_bytes(data, "图片.txt")
    assert info.value.path == "图片.txt"
    assert "binary file" in info.value.reason
    assert "二进制文件" in info.value.reason


def test_io_decode_bytes_rejects_empty():
    with pytest.raises(LoadError) as info:
        decode_bytes(b"", "空.txt")
    assert info.value.reason == "empty file / 空文件"


def test_io_decode_bytes_undecodable_names_the_source():
    with pytest.raises(LoadError) as info:
        decode_bytes(b"abc\x80\x80", "坏文件.txt")
    assert "坏文件.txt" in str(info.value)
    assert "cannot decode" in info.value.reason


def test_io_decode_bytes_damaged_utf8_is_not_read_as_gb18030():
    data = "河西镇共有12个村，总人口23456人。".encode("utf-8")
    damaged = data[:12] + b"\xff" + data[12:]
    with pytest.raises(LoadError) as info:
        decode_bytes(damaged, "damaged.txt")
    assert "mostly UTF-8" in info.value.reason
    assert "byte 12" in info.value.reason


def test_io_decode_bytes_truncated_utf8_keeps_the_text():
    data = "河西镇共有12个村".encode("utf-8")
    text, encoding = decode_bytes(data[:-1])
    assert (text, encoding) == ("河西镇共有12个\ufffd", "utf-8")


def test_io_decode_bytes_bom_with_bad_content_is_an_error():
    with pytest.raises(LoadError) as info:
        decode_bytes(codecs.BOM_UTF8 + "总结".encode("gb18030"), "x.txt")
    assert "utf-8-sig" in info.value.reason


def test_io_decode_bytes_never_guesses_a_japanese_code_page():
    # Shift-JIS is not a candidate; the GB18030/UTF-16 readings are nonsense and are refused
    data = "日本語のテキストです。東京都の人口は約千四百万人です。".encode("shift_jis")
    with pytest.raises(LoadError) as info:
        decode_bytes(data, "japanese.txt")
    assert "Chinese" in info.value.reason


@pytest.mark.parametrize(
    ("text", "make", "encoding"),
    [case[1:] for case in ENCODED_CASES],
    ids=[case[0] for case in ENCODED_CASES],
)
def test_io_read_text_each_encoding(tmp_path, text, make, encoding):
    path = tmp_path / "报告.txt"
    path.write_bytes(make(text))
    doc = read_text(path)
    assert doc == Document(text=text, source=str(path), encoding=encoding, format="txt")


def test_io_read_text_binary_and_empty_files(tmp_path):
    png = tmp_path / "logo.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    empty = tmp_path / "空.txt"
    empty.write_bytes(b"")
    with pytest.raises(LoadError, match="binary file"):
        read_text(png)
    with pytest.raises(LoadError, match="empty file"):
        read_text(empty)


def test_io_read_text_missing_file(tmp_path):
    missing = tmp_path / "不存在.txt"
    with pytest.raises(LoadError) as info:
        read_text(missing)
    assert info.value.path == str(missing)
    assert "file not found" in info.value.reason
    assert os.strerror(2) in info.value.reason  # the OS reason, "No such file or directory"


def test_io_read_text_directory(tmp_path):
    with pytest.raises(LoadError, match="is a folder"):
        read_text(tmp_path)


def test_io_read_text_permission_denied(tmp_path, monkeypatch):
    # simulated, because the tests may run as root, who can read anything
    path = tmp_path / "secret.txt"
    path.write_text("机密", encoding="utf-8")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(rio, "open", refuse, raising=False)
    with pytest.raises(LoadError) as info:
        read_text(path)
    assert "permission denied" in info.value.reason
    assert "Permission denied" in info.value.reason


def test_io_read_text_real_corpus_file_is_utf8():
    doc = read_text(CORPORA / "000_69ef0c422dca94cf.txt")
    assert doc.encoding == "utf-8"
    assert doc.format == "txt"
    assert doc.text.startswith("1、乡镇计划生育协会工作汇报发言材料")


def _tree(root: Path) -> None:
    files = {
        "b镇/2023年总结.txt": "河西镇2023年工作总结",
        "b镇/计划/2024年计划.TXT": "2024年工作计划",
        "b镇/计划/附件.docx": "not a report",
        "a镇.txt": "东山镇工作汇报",
        "a镇/说明.md": "说明",
        ".hidden.txt": "隐藏文件",
        ".git/config.txt": "隐藏文件夹",
        "b镇/.草稿.txt": "草稿",
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_io_iter_files_walks_folders_in_order_and_skips_hidden(tmp_path):
    _tree(tmp_path)
    found = [p.relative_to(tmp_path).as_posix() for p in iter_files([tmp_path])]
    assert found == ["a镇.txt", "b镇/2023年总结.txt", "b镇/计划/2024年计划.TXT"]


def test_io_iter_files_keeps_named_files_and_yields_each_once(tmp_path):
    _tree(tmp_path)
    docx = tmp_path / "b镇/计划/附件.docx"
    hidden = tmp_path / ".hidden.txt"
    found = list(iter_files([docx, tmp_path / "b镇", tmp_path / "b镇/2023年总结.txt", hidden, docx]))
    assert found == [
        docx,
        tmp_path / "b镇/2023年总结.txt",
        tmp_path / "b镇/计划/2024年计划.TXT",
        hidden,
    ]


def test_io_iter_files_accepts_one_path_and_other_suffixes(tmp_path):
    _tree(tmp_path)
    assert list(iter_files(str(tmp_path / "a镇"), suffixes=("md",))) == [tmp_path / "a镇/说明.md"]
    everything = list(iter_files(tmp_path / "b镇", suffixes=None))
    assert tmp_path / "b镇/计划/附件.docx" in everything
    assert len(everything) == 3


def test_io_iter_files_yields_missing_named_file_for_read_text_to_report(tmp_path):
    missing = tmp_path / "没有.txt"
    assert list(iter_files([missing])) == [missing]


def test_io_iter_files_survives_symlink_loops(tmp_path):
    _tree(tmp_path)
    try:
        (tmp_path / "b镇/计划/回到上层").symlink_to(tmp_path / "b镇", target_is_directory=True)
        (tmp_path / "a镇/链接.txt").symlink_to(tmp_path / "a镇.txt")
    except (OSError, NotImplementedError) as exc:  # pragma: no cover - Windows without rights
        pytest.skip(f"symlinks not available: {exc}")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_files([tmp_path])]
    # the looping link is not followed again; the file link comes first in name order
    # ("a镇/" sorts before "a镇.txt"), so a镇.txt itself is not yielded a second time
    assert found == ["a镇/链接.txt", "b镇/2023年总结.txt", "b镇/计划/2024年计划.TXT"]
