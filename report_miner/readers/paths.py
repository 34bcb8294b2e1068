"""Printable paths: a file name that is not valid UTF-8 shown readably and reversibly.

Kept apart from :mod:`report_miner.readers.files` (which re-exports it) so that
:mod:`report_miner.errors` and :class:`report_miner.readers.base.Document` can use it without
an import cycle: this module imports nothing from report_miner.
"""
from __future__ import annotations

import os
import re


def display_path(path: str | bytes | os.PathLike) -> str:
    """A path as it may be stored in a table, an archive key, a page name or the terminal.

    Paths are carried as the operating system gives them: on Linux a file name that is not
    valid UTF-8 (a GBK name copied from a Windows archive) arrives as a ``str`` holding
    surrogate escapes (U+DC80-U+DCFF), which cannot be written to SQLite, Excel, CSV, JSON or
    the terminal. This function makes such a path printable, component by component:

    - a component that is valid UTF-8 is kept as it is;
    - a component whose bytes decode as GB18030 (and encode back to the same bytes) is shown
      decoded, so ``河西镇工作总结.txt`` stays readable;
    - any other undecodable byte is shown as ``\\xNN`` (backslash, x, two hex digits).

    Ordinary paths (every path without surrogate escapes) are returned unchanged, and the
    result of this function is returned unchanged too (it is idempotent). Open files with the
    original path, never with the displayed one.

        >>> import os
        >>> display_path(os.fsdecode("/tmp/河西镇工作总结.txt".encode("gbk")))
        '/tmp/河西镇工作总结.txt'
        >>> display_path(os.fsdecode(b"/tmp/a\\xff.txt"))
        '/tmp/a\\\\xff.txt'
        >>> display_path("corpora/河西镇.txt")
        'corpora/河西镇.txt'
    """
    if isinstance(path, bytes):
        raw = path
    else:
        text = os.fspath(path)
        if isinstance(text, bytes):
            raw = text
        elif not _SURROGATES.search(text):
            return text
        else:
            try:  # the bytes the OS gave (POSIX: os.fsdecode's surrogate escapes)
                raw = text.encode("utf-8", "surrogateescape")
            except UnicodeEncodeError:  # other lone surrogates (Windows names, JSON): \udXXX
                return text.encode("utf-8", "backslashreplace").decode("utf-8")
    parts = []
    for part in raw.split(b"/"):
        try:
            parts.append(part.decode("utf-8"))
            continue
        except UnicodeDecodeError:
            pass
        try:
            decoded = part.decode("gb18030")
            if decoded.encode("gb18030") == part and decoded.isprintable():
                parts.append(decoded)
                continue
        except UnicodeError:
            pass
        parts.append(part.decode("utf-8", "backslashreplace"))
    return "/".join(parts)


_SURROGATES = re.compile("[\ud800-\udfff]")


_LINE_BREAKS = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

#: what a name may not carry onto a terminal line: C0/C1 control characters and DEL (an ESC
#: starts a sequence that clears the screen or sets the window title), and the invisible
#: bidirectional controls (U+202E turns ``a\u202etxt.exe`` round on screen) and separators
_UNSAFE_IN_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
                             "\u202a-\u202e\u2066-\u2069]")


def _escaped(m: re.Match) -> str:
    ch = m.group()
    if ch in _LINE_BREAKS:
        return _LINE_BREAKS[ch]
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


def one_line_name(path: object) -> str:
    """A file name for one line of terminal output: line breaks and tabs inside it (a file
    may be named ``a⏎b.txt``) shown as ``\\n``, ``\\r``, ``\\t``, so a name never breaks or
    misaligns the lines it is listed in; every other control character (an escape sequence
    in a name would clear the screen or retitle the window) shown as ``\\xNN``, and the
    invisible bidirectional controls as ``\\uNNNN`` (a name with U+202E would show its
    ending reversed), so the name printed is the name on disk, unambiguously.

        >>> print(one_line_name("档案/newline" + chr(10) + "name.txt"))
        档案/newline\\nname.txt
        >>> print(one_line_name("a" + chr(0x1b) + "[2Jb" + chr(0x202e) + "txt.exe"))
        a\\x1b[2Jb\\u202etxt.exe
    """
    text = str(path)
    return _UNSAFE_IN_NAME.sub(_escaped, text)
