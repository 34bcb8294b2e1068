"""Tests for report_miner.readers.load: decoding report bytes, reading files, listing folders."""
from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from fixtures.pdf_bytes import assemble

import report_miner.readers.load as rio
from report_miner.errors import LoadError
from report_miner.readers.base import Document
from report_miner.readers.encoding import decode_bytes
from report_miner.readers.files import iter_files, read_text

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

    monkeypatch.setattr("report_miner.readers.files.open", refuse, raising=False)
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


# --------------------------------------------------------------------------------------------
# read_document: .docx, .pdf, .html, .doc (the builders are used by tests/test_ingest.py too)


def make_pdf(lines: list[str], *, cjk: bool = True, encrypt: bool = False,
             image_only: bool = False) -> bytes:
    """A minimal one-page PDF, written by hand (no PDF library needed to make one).

    ``cjk=True`` writes the lines with a Type0 font (Identity-H) whose ToUnicode map sends
    each code to the character with that code point, so the text layer holds Chinese; the
    font itself is not embedded (text extraction does not need glyphs). ``cjk=False`` uses
    Helvetica and Latin-1 text. ``image_only`` gives a page with one image and no text, like
    a scan; ``encrypt`` adds a standard security handler whose password is not empty.
    """
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    if image_only:
        content = b"q 100 0 0 100 50 600 cm /Im1 Do Q"
    else:
        ops = [b"BT", b"/F1 12 Tf", b"14 TL", b"50 780 Td"]
        for line in lines:
            if cjk:
                ops.append(b"<" + "".join(f"{ord(c):04X}" for c in line).encode() + b"> Tj T*")
            else:
                esc = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
                ops.append(b"(" + esc.encode("latin-1") + b") Tj T*")
        ops.append(b"ET")
        content = b"\n".join(ops)
    catalog = add(b"<< /Type /Catalog /Pages 2 0 R >>")
    add(b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    page = add(b"")
    stream = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    if image_only:
        image = add(b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace "
                    b"/DeviceGray /BitsPerComponent 8 /Length 1 >>\nstream\n\x80\nendstream")
        resources = b"<< /XObject << /Im1 %d 0 R >> >>" % image
    elif cjk:
        chars = sorted({ch for line in lines for ch in line})
        cmap = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
                "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
                "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
        for i in range(0, len(chars), 100):
            chunk = chars[i:i + 100]
            cmap += [f"{len(chunk)} beginbfchar", *(f"<{ord(c):04X}> <{ord(c):04X}>" for c in chunk),
                     "endbfchar"]
        cmap += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
        data = "\n".join(cmap).encode()
        to_unicode = add(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
        descriptor = add(b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 "
                         b"/FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 "
                         b"/CapHeight 683 /StemV 80 >>")
        cid_font = add(b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo "
                       b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                       b"/FontDescriptor %d 0 R /DW 1000 /CIDToGIDMap /Identity >>" % descriptor)
        font = add(b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H "
                   b"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (cid_font, to_unicode))
        resources = b"<< /Font << /F1 %d 0 R >> >>" % font
    else:
        font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                   b"/Encoding /WinAnsiEncoding >>")
        resources = b"<< /Font << /F1 %d 0 R >> >>" % font
    objects[page - 1] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                         b"/Contents %d 0 R /Resources %s >>" % (stream, resources))
    trailer_extra = b""
    if encrypt:
        enc = add(b"<< /Filter /Standard /V 1 /R 2 /O <" + b"41" * 32 + b"> /U <" + b"42" * 32
                  + b"> /P -3904 >>")
        file_id = b"0123456789ABCDEF" * 2
        trailer_extra = b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (enc, file_id, file_id)
    return assemble(objects, catalog, trailer_extra)


def make_docx(paragraphs: list[str], table: list[list[str]] | None = None,
              after: list[str] = ()) -> bytes:
    """A .docx made with python-docx: paragraphs, then a table (rows of cells), then more."""
    import io as _io

    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=max(len(r) for r in table))
        for i, row in enumerate(table):
            for j, text in enumerate(row):
                grid.cell(i, j).text = text
    for text in after:
        document.add_paragraph(text)
    buffer = _io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_zip_bomb(megabytes: int = 2) -> bytes:
    """A .docx-shaped zip whose document.xml is ``megabytes`` of zeros (about 1000:1)."""
    import io as _io
    import zipfile

    buffer = _io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        with package.open("word/document.xml", "w") as member:
            for _ in range(megabytes):
                member.write(b"\0" * 2**20)
    return buffer.getvalue()


#: what an encrypted .docx looks like: an OLE compound file with an EncryptedPackage stream.
ENCRYPTED_DOCX = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
                  + "EncryptedPackage".encode("utf-16-le") + b"\0" * 512)

DOCX_PARAS = ["河西镇2023年工作总结", "全镇共有12个村，总人口23456人。"]
DOCX_TABLE = [["指标", "数值"], ["已婚育龄妇女", "2900人"]]


def _doc_path(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_io_read_document_docx_paragraphs_and_table_cells_in_order(tmp_path):
    path = _doc_path(tmp_path, "总结.docx", make_docx(DOCX_PARAS, DOCX_TABLE, ["下步打算：新建广场2个。"]))
    doc = rio.read_document(path)
    assert (doc.format, doc.source) == ("docx", str(path))
    assert doc.text.split("\n") == [*DOCX_PARAS, "指标\t数值", "已婚育龄妇女\t2900人",
                                    "下步打算：新建广场2个。"]


def test_io_read_document_docx_merged_cells_once(tmp_path):
    import io as _io

    import docx

    document = docx.Document()
    grid = document.add_table(rows=3, cols=2)
    grid.cell(0, 0).text, grid.cell(0, 1).text = "村", "户数"
    grid.cell(1, 0).merge(grid.cell(2, 0)).text = "东山村"  # vertical merge
    grid.cell(1, 1).text, grid.cell(2, 1).text = "120户", "80户"
    buffer = _io.BytesIO()
    document.save(buffer)
    doc = rio.read_document(_doc_path(tmp_path, "合并.docx", buffer.getvalue()))
    assert doc.text.count("东山村") == 1
    assert doc.text.split("\n") == ["村\t户数", "东山村\t120户", "80户"]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("截断.docx", make_docx(DOCX_PARAS)[:900], "damaged or truncated .docx"),
        ("加密.docx", ENCRYPTED_DOCX, "password-protected"),
        ("炸弹.docx", make_zip_bomb(2), "zip bomb"),
        ("垃圾.docx", bytes(range(256)) * 8, "damaged or truncated .docx"),
        ("空.docx", b"", "empty file"),
    ],
    ids=["truncated", "encrypted", "zip-bomb-ratio", "junk", "empty"],
)
def test_io_read_document_bad_docx(tmp_path, name, data, reason):
    with pytest.raises(LoadError) as info:
        rio.read_document(_doc_path(tmp_path, name, data))
    assert reason in info.value.reason
    assert " / " in info.value.reason  # bilingual


def test_io_read_document_zip_bomb_total_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr("report_miner.readers.docx.MAX_ZIP_TOTAL_BYTES", 10_000)
    path = _doc_path(tmp_path, "大.docx", make_docx(DOCX_PARAS))
    with pytest.raises(LoadError, match="would unpack to"):
        rio.read_document(path)


def test_io_read_document_docx_that_is_not_word(tmp_path):
    import io as _io
    import zipfile

    buffer = _io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("hello.txt", "不是 Word")
    with pytest.raises(LoadError, match="not a Word document"):
        rio.read_document(_doc_path(tmp_path, "假.docx", buffer.getvalue()))


PDF_LINES = ["河西镇2023年工作总结", "全镇共有12个村，总人口23456人。", "完成财政收入1860万元。"]


def test_io_read_document_pdf_chinese_text_layer_in_order(tmp_path):
    doc = rio.read_document(_doc_path(tmp_path, "总结.pdf", make_pdf(PDF_LINES)))
    assert doc.format == "pdf"
    assert doc.text.split("\n") == PDF_LINES


def test_io_read_document_pdf_latin_text(tmp_path):
    doc = rio.read_document(_doc_path(tmp_path, "a.pdf", make_pdf(["Report 2023", "Total 23456"],
                                                                 cjk=False)))
    assert doc.text.split("\n") == ["Report 2023", "Total 23456"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (make_pdf([], image_only=True), "scanned PDF without a text layer / 扫描件，无文字层"),
        (make_pdf(["机密"], encrypt=True), "password-protected PDF"),
        (make_pdf(PDF_LINES)[:400], "truncated PDF"),
        (b"%PDF-1.4\n" + bytes(range(256)) * 4, "truncated PDF"),
        (b"<html>not a pdf</html>", "not a PDF file"),
    ],
    ids=["scanned", "encrypted", "truncated", "junk-after-header", "not-pdf"],
)
def test_io_read_document_bad_pdf(tmp_path, data, reason):
    with pytest.raises(LoadError) as info:
        rio.read_document(_doc_path(tmp_path, "坏.pdf", data))
    assert reason in info.value.reason


HTML_PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>网页标题</title><style>p {{ color: red }}</style>
<script>var note = "脚本里的12个村";</script></head>
<body><h1>青山镇工作汇报</h1>
<p>全镇共有<b>12</b>个村，<br>总人口23456人。</p>
<div style="display:none">隐藏的3000人</div><div hidden>也隐藏</div>
<!-- 注释里的500万元 -->
<table><tr><td>宣传品</td><td>2000余份</td></tr></table>
<noscript>请启用脚本</noscript>
</body></html>"""
HTML_VISIBLE = ["青山镇工作汇报", "全镇共有12个村，", "总人口23456人。", "宣传品\t2000余份"]


@pytest.mark.parametrize(
    ("charset", "codec", "encoding"),
    [("gb2312", "gb18030", "gb18030"), ("utf-8", "utf-8", "utf-8"), ("big5", "big5", "big5"),
     ("utf-8", "gb18030", "gb18030")],
    ids=["gb2312-meta", "utf8-meta", "big5-meta", "wrong-meta-detected"],
)
def test_io_read_document_html_visible_text_only(tmp_path, charset, codec, encoding):
    page = HTML_PAGE.format(charset=charset)
    visible = HTML_VISIBLE
    if codec == "big5":  # Big5 has traditional characters only
        import opencc

        convert = opencc.OpenCC("s2tw").convert
        page, visible = convert(page), [convert(line) for line in visible]
    doc = rio.read_document(_doc_path(tmp_path, "汇报.html", page.encode(codec)))
    assert (doc.format, doc.encoding) == ("html", encoding)
    assert doc.text.split("\n") == visible


def test_io_read_document_htm_without_meta_is_detected(tmp_path):
    page = "<html><body><p>柳坪乡全乡共有8个村，总人口12000人。</p></body></html>"
    doc = rio.read_document(_doc_path(tmp_path, "a.htm", page.encode("gb18030")))
    assert (doc.text, doc.encoding) == ("柳坪乡全乡共有8个村，总人口12000人。", "gb18030")


def test_io_read_document_html_without_visible_text(tmp_path):
    page = "<html><head><script>var a = 1;</script></head><body> </body></html>"
    with pytest.raises(LoadError, match="no visible text"):
        rio.read_document(_doc_path(tmp_path, "空.html", page.encode()))


OLE_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024


def _fake_tool(folder: Path, name: str, script: str) -> None:
    folder.mkdir(exist_ok=True)
    tool = folder / name
    tool.write_text("#!/bin/sh\n" + script + "\n", encoding="utf-8")
    tool.chmod(0o755)


@pytest.mark.skipif(os.name != "posix", reason="shell-script stand-ins for the converters")
def test_io_read_document_doc_without_converter_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    with pytest.raises(LoadError) as info:
        rio.read_document(_doc_path(tmp_path, "旧.doc", OLE_DOC))
    assert "no converter found" in info.value.reason
    assert "antiword" in info.value.reason and "LibreOffice" in info.value.reason


@pytest.mark.skipif(os.name != "posix", reason="shell-script stand-ins for the converters")
def test_io_read_document_doc_converted_by_antiword(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    _fake_tool(bin_dir, "antiword", "printf '南溪镇共有9个村，总人口15800人。\\n'")
    monkeypatch.setenv("PATH", str(bin_dir))
    doc = rio.read_document(_doc_path(tmp_path, "旧.doc", OLE_DOC))
    assert (doc.format, doc.encoding) == ("doc", "utf-8")
    assert doc.text == "南溪镇共有9个村，总人口15800人。\n"


@pytest.mark.skipif(os.name != "posix", reason="shell-script stand-ins for the converters")
def test_io_read_document_doc_converter_failure_and_timeout(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    _fake_tool(bin_dir, "antiword", "echo 'file is encrypted' >&2; exit 1")
    monkeypatch.setenv("PATH", str(bin_dir))
    with pytest.raises(LoadError, match="antiword failed \\(file is encrypted\\)"):
        rio.read_document(_doc_path(tmp_path, "旧.doc", OLE_DOC))
    _fake_tool(bin_dir, "antiword", "exec /bin/sleep 30")
    monkeypatch.setattr("report_miner.readers.doc.CONVERTER_TIMEOUT", 0.5)
    with pytest.raises(LoadError, match="timed out"):
        rio.read_document(_doc_path(tmp_path, "慢.doc", OLE_DOC))


def test_io_read_document_reads_misnamed_files_for_what_they_are(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    docx_as_doc = rio.read_document(_doc_path(tmp_path, "a.doc", make_docx(DOCX_PARAS)))
    assert docx_as_doc.format == "docx"
    html_as_doc = rio.read_document(_doc_path(
        tmp_path, "b.doc", "<html><body><p>全镇共有12个村。</p></body></html>".encode("gb18030")))
    assert (html_as_doc.format, html_as_doc.text) == ("html", "全镇共有12个村。")
    text_as_doc = rio.read_document(_doc_path(tmp_path, "c.doc", "全镇共有12个村。".encode("utf-8")))
    assert text_as_doc.format == "txt"
    doc_as_docx = _doc_path(tmp_path, "d.docx", OLE_DOC)  # an old .doc renamed: needs a converter
    with pytest.raises(LoadError, match="no converter found"):
        rio.read_document(doc_as_docx)


def test_io_read_document_txt_is_read_text(tmp_path):
    path = _doc_path(tmp_path, "报告.txt", SIMPLIFIED.encode("gb18030"))
    assert rio.read_document(path) == read_text(path)


def test_io_read_document_50mb_single_line(tmp_path):
    line = "全镇共有12个村，总人口23456人，完成财政收入1860万元。"
    data = (line * (50 * 2**20 // len(line.encode("utf-8")) + 1)).encode("utf-8")
    path = _doc_path(tmp_path, "一行.txt", data)
    doc = rio.read_document(path)
    assert "\n" not in doc.text and len(doc.text.encode("utf-8")) == len(data) > 50 * 2**20


def test_io_read_document_too_large_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr("report_miner.readers.files.MAX_FILE_BYTES", 100)
    with pytest.raises(LoadError, match="file too large"):
        rio.read_document(_doc_path(tmp_path, "大.txt", "总结".encode("utf-8") * 100))


def test_io_read_document_symlink_loop(tmp_path):
    loop = tmp_path / "环.txt"
    try:
        loop.symlink_to(loop)
    except (OSError, NotImplementedError) as exc:  # pragma: no cover
        pytest.skip(f"symlinks not available: {exc}")
    with pytest.raises(LoadError, match="symbolic link loop"):
        rio.read_document(loop)
    assert list(iter_files([tmp_path])) == [loop]  # listed, so that its failure is recorded


def test_io_iter_files_on_error_goes_on(tmp_path, monkeypatch):
    _tree(tmp_path)
    real_scandir = os.scandir

    def scandir(path):
        if Path(path).name == "计划":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(rio.os, "scandir", scandir)
    errors: list[LoadError] = []
    found = [p.relative_to(tmp_path).as_posix() for p in iter_files([tmp_path], on_error=errors.append)]
    assert found == ["a镇.txt", "b镇/2023年总结.txt"]
    assert [Path(e.path).name for e in errors] == ["计划"]
    assert "cannot list folder" in errors[0].reason


def test_io_file_digest_matches_hashlib(tmp_path):
    import hashlib

    path = _doc_path(tmp_path, "a.txt", SIMPLIFIED.encode("utf-8"))
    assert rio.file_digest(path) == (path.stat().st_size,
                                     hashlib.sha256(path.read_bytes()).hexdigest())
    with pytest.raises(LoadError, match="file not found"):
        rio.file_digest(tmp_path / "没有.txt")


def test_io_decode_bytes_a_stray_byte_in_a_long_report_is_replaced_not_fatal():
    text = "全镇总人口17364人,已婚育龄妇女2900人,协会会员1800多人。" * 200
    for codec in ("gb18030", "utf-8"):
        data = text.encode(codec)
        damaged = data[:301] + b"\x80" + data[301:]
        decoded, encoding = decode_bytes(damaged, "long.txt")
        assert encoding.startswith(codec) and "replaced" in encoding
        assert decoded.count("\ufffd") <= 3
        assert decoded.endswith(text[-40:])


def test_io_pdf_wrapped_at_a_fixed_width_gives_whole_numbers(tmp_path):
    """A PDF's text layer breaks every printed line; numbers cut by a wrap are whole again."""
    import report_miner

    body = ("全镇共有协会会员1800人,发放宣传品2000余份,投入资金3.5万元,组织育龄妇女查体3260人次,"
            "签订自治合同4100份,建成村级协会16个,各村协会均有活动场所,会员之家运转正常。")
    idx = body.index("1800人") + 2  # a wrap right inside 18|00
    para = "　　" + "今年以来" * 30
    para = para[: 120 - idx % 30] + body * 3  # the first copy of body starts where the cut lands
    width = 30
    lines = [para[i:i + width] for i in range(0, len(para), width)]
    assert any(ln.endswith("18") for ln in lines)
    path = tmp_path / "wrapped.pdf"
    path.write_bytes(make_pdf(lines))
    res = report_miner.mine_file(path)
    values = [f["value"] for f in res.rows("figures")]
    assert values.count(1800) == 3 and values.count(2000) == 3
    assert 18 not in values and 0 not in values


# --- files recognised by their content before their suffix (issue 13, item 5) ---------------

def test_io_text_renamed_to_docx_is_read_as_text(tmp_path):
    data = "河西镇2023年工作总结\n全镇共有12个村。".encode("gb18030")
    doc = rio.read_document(_doc_path(tmp_path, "改名.docx", data))
    assert (doc.format, doc.encoding) == ("txt", "gb18030")
    assert doc.text == "河西镇2023年工作总结\n全镇共有12个村。"


def test_io_pdf_named_txt_is_read_as_pdf(tmp_path):
    doc = rio.read_document(_doc_path(tmp_path, "总结.txt", make_pdf(PDF_LINES)))
    assert doc.format == "pdf"
    assert doc.text.split("\n") == PDF_LINES


def test_io_word_and_html_recognised_whatever_the_suffix(tmp_path):
    docx = rio.read_document(_doc_path(tmp_path, "总结.txt", make_docx(DOCX_PARAS)))
    assert docx.format == "docx" and DOCX_PARAS[0] in docx.text
    page = "<!DOCTYPE html><html><body><p>全镇共有12个村。</p></body></html>".encode("utf-8")
    html = rio.read_document(_doc_path(tmp_path, "网页.docx", page))
    assert (html.format, html.text.strip()) == ("html", "全镇共有12个村。")
    text_as_pdf = rio.read_document(_doc_path(tmp_path, "总结.pdf", "全镇共有12个村。".encode()))
    assert text_as_pdf.format == "txt"


def test_io_binary_that_is_not_the_suffix_format_keeps_the_suffix_reason(tmp_path):
    # neither Word nor text: the .docx loader's own reason; an old .doc named .txt needs a converter
    with pytest.raises(LoadError, match="damaged or truncated .docx"):
        rio.read_document(_doc_path(tmp_path, "垃圾.docx", bytes(range(256)) * 8))
    with pytest.raises(LoadError, match="zip archive"):  # a zip that is not Word, named .txt
        import io as _io
        import zipfile

        buffer = _io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as package:
            package.writestr("hello.txt", "不是 Word")
        rio.read_document(_doc_path(tmp_path, "包.txt", buffer.getvalue()))
