"""Legacy .doc: converted by antiword or LibreOffice, run with a timeout."""
from __future__ import annotations

import os
from pathlib import Path

from report_miner.errors import LoadError
from .base import Document, _no_text


#: seconds a .doc converter may run before it is stopped.
CONVERTER_TIMEOUT = 120.0


def _load_doc(data: bytes, source: str) -> Document:
    """Convert a legacy Word file with antiword, else LibreOffice; say so when neither is here."""
    import shutil

    path = os.path.abspath(source)  # absolute: a name starting with "-" is not an option
    tried: list[str] = []
    rtf = data.lstrip()[:5] == b"{\\rtf"
    antiword = None if rtf else shutil.which("antiword")  # antiword reads only binary .doc
    if antiword:
        ok, out = _run_converter([antiword, "-m", "UTF-8.txt", "-w", "0", path], "antiword")
        if ok and not _no_text(out.decode("utf-8", "replace")):
            return Document(text=out.decode("utf-8", "replace"), source=source, encoding="utf-8",
                            format="doc")
        tried.append(out.decode("utf-8", "replace") if not ok else "antiword: no text")
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office:
        import tempfile

        with tempfile.TemporaryDirectory(prefix="report_miner_doc_") as tmp:
            profile = Path(tmp, "profile").as_uri()  # a private profile: parallel runs do not clash
            ok, out = _run_converter(
                [office, "--headless", "--norestore", f"-env:UserInstallation={profile}",
                 "--convert-to", "txt:Text (encoded):UTF8", "--outdir", tmp, path],
                "LibreOffice")
            converted = Path(tmp, Path(path).stem + ".txt")
            if ok and converted.is_file():
                text = converted.read_bytes().decode("utf-8-sig", "replace")
                if not _no_text(text):
                    return Document(text=text, source=source, encoding="utf-8", format="doc")
                tried.append("LibreOffice: no text")
            else:
                tried.append(out.decode("utf-8", "replace") if not ok else "LibreOffice: no output")
    if not antiword and not office:
        needs = "LibreOffice (soffice)" if rtf else "antiword or LibreOffice (soffice)"
        raise LoadError(source, f"legacy Word {'RTF' if rtf else '.doc'} file: no converter "
                                f"found; install {needs}, or save it as .docx / 旧版 Word 文件，"
                                f"未找到转换工具，请安装 {needs.replace(' or ', ' 或 ')} 或另存为 .docx")
    raise LoadError(source, "cannot convert legacy Word .doc: " + "; ".join(tried)[:500]
                    + " / 旧版 Word 文件转换失败")


def _run_converter(command: list[str], name: str) -> tuple[bool, bytes]:
    """Run a converter with :data:`CONVERTER_TIMEOUT`; (ok, stdout) or (False, reason)."""
    import signal
    import subprocess

    try:
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True)
    except OSError as exc:
        return False, f"{name} cannot start ({exc.strerror or exc})".encode()
    try:
        out, err = proc.communicate(timeout=CONVERTER_TIMEOUT)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the converter and anything it started
        except OSError:
            proc.kill()
        proc.communicate()
        return False, f"{name} timed out after {CONVERTER_TIMEOUT:.0f} s".encode()
    if proc.returncode != 0:
        first = (err or out).decode("utf-8", "replace").strip().splitlines()
        return False, f"{name} failed ({first[0] if first else 'exit ' + str(proc.returncode)})".encode()
    return True, out
