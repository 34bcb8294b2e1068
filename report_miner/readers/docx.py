""".docx: paragraphs and tables in reading order, with the zip-bomb limits."""
from __future__ import annotations

from typing import Any

from report_miner.errors import LoadError
from .base import Document, _no_text


#: zip-bomb guard for .docx: refuse packages that unpack to more than this in total …
MAX_ZIP_TOTAL_BYTES = 200 * 2**20


#: … or hold a member above :data:`MAX_ZIP_RATIO_FLOOR` bytes that is compressed more than
#: this ratio (Word XML compresses 5-20 times; a bomb of zeros about 1000 times) …
MAX_ZIP_RATIO = 100


MAX_ZIP_RATIO_FLOOR = 2**20


#: … or has more members than this (a Word document has a few dozen).
MAX_ZIP_MEMBERS = 10_000


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


_W_P, _W_TBL, _W_TR, _W_TC = _W + "p", _W + "tbl", _W + "tr", _W + "tc"


_W_SDT, _W_SDT_CONTENT, _W_CUSTOM_XML = _W + "sdt", _W + "sdtContent", _W + "customXml"


_W_TXBX, _W_TCPR, _W_VMERGE, _W_VAL = _W + "txbxContent", _W + "tcPr", _W + "vMerge", _W + "val"


_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _check_zip(data: bytes, source: str) -> None:
    """Refuse damaged, encrypted and zip-bomb packages before a parser unpacks anything.

    Sizes are the ones the zip declares; Python's zipfile never inflates a member beyond its
    declared size (it fails the CRC check instead), so the declared sizes bound the memory.
    """
    import io as _io
    import zipfile

    try:
        with zipfile.ZipFile(_io.BytesIO(data)) as package:
            infos = package.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise LoadError(source, f"damaged or truncated .docx (not a complete zip package: {exc}) / "
                                f"文件已损坏或不完整") from exc
    if len(infos) > MAX_ZIP_MEMBERS:
        raise LoadError(source, f"suspicious .docx: {len(infos)} parts in the zip (limit "
                                f"{MAX_ZIP_MEMBERS}); not opened / 可疑文件(压缩包内文件过多)，未打开")
    total = sum(info.file_size for info in infos)
    if total > MAX_ZIP_TOTAL_BYTES:
        raise LoadError(source, f"zip bomb? the .docx would unpack to {total / 2**20:.0f} MB "
                                f"(limit {MAX_ZIP_TOTAL_BYTES // 2**20} MB); not opened / "
                                f"疑似压缩炸弹，解压后过大，未打开")
    for info in infos:
        if info.flag_bits & 0x1:
            raise LoadError(source, "password-protected (encrypted) .docx / 文档已加密(有密码)")
        if (info.file_size > MAX_ZIP_RATIO_FLOOR
                and info.file_size > MAX_ZIP_RATIO * max(1, info.compress_size)):
            ratio = info.file_size / max(1, info.compress_size)
            raise LoadError(source, f"zip bomb? {info.filename} is compressed {ratio:.0f} times "
                                    f"(limit {MAX_ZIP_RATIO}); not opened / 疑似压缩炸弹，未打开")


def _load_docx(data: bytes, source: str) -> Document:
    import io as _io
    import zipfile

    _check_zip(data, source)
    try:
        import docx
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise LoadError(source, "python-docx is not installed (pip install python-docx) / "
                                "缺少 python-docx") from exc
    try:
        body = docx.Document(_io.BytesIO(data)).element.body
        lines: list[str] = []
        _docx_lines(body, lines)
    except zipfile.BadZipFile as exc:
        raise LoadError(source, f"damaged .docx ({exc}) / 文件已损坏") from exc
    except (KeyError, ValueError) as exc:
        # python-docx: no main document part, or a package of another kind (.xlsx, .pptx)
        raise LoadError(source, f"not a Word document ({exc}) / 不是 Word 文档") from exc
    except Exception as exc:  # lxml syntax errors and the like, from a damaged part
        raise LoadError(source, f"damaged .docx ({type(exc).__name__}: {exc}) / 文件已损坏") from exc
    text = "\n".join(lines)
    if _no_text(text):
        raise LoadError(source, "no text in the .docx (empty, or only images) / 文档中没有文字")
    return Document(text=text, source=source, encoding="", format="docx")


def _docx_lines(element: Any, out: list[str]) -> None:
    """Paragraphs (one line each) and tables (a row per line, cells tab-separated), in order."""
    for child in element.iterchildren():
        tag = child.tag
        if tag == _W_P:
            out.append(child.text or "")  # python-docx's CT_P.text: runs, tabs, breaks, links
            for box in child.iter(_W_TXBX):  # text boxes anchored in the paragraph
                if not any(a.tag == _MC_FALLBACK for a in box.iterancestors()):
                    _docx_lines(box, out)
        elif tag == _W_TBL:
            for row in child.iterchildren(_W_TR):
                cells = []
                for cell in row.iterchildren(_W_TC):
                    if _is_merge_continuation(cell):
                        continue  # a vertically merged cell: its text is in the row above
                    inner: list[str] = []
                    _docx_lines(cell, inner)
                    cells.append("\n".join(inner))
                out.append("\t".join(cells))
        elif tag == _W_SDT:
            content = child.find(_W_SDT_CONTENT)
            if content is not None:
                _docx_lines(content, out)
        elif tag == _W_CUSTOM_XML:
            _docx_lines(child, out)


def _is_merge_continuation(cell: Any) -> bool:
    props = cell.find(_W_TCPR)
    merge = props.find(_W_VMERGE) if props is not None else None
    return merge is not None and merge.get(_W_VAL, "continue") == "continue"
