"""Errors raised by report_miner, in one place.

Every error carries a short code (``RM1xx`` rules, ``RM2xx`` input, ``RM3xx`` output) so a user
can search for it, and a message that says what to do. Messages are bilingual where it helps.
"""
from __future__ import annotations


class ReportMinerError(Exception):
    """Base class of every error report_miner raises on purpose."""

    code = "RM000"

    def __str__(self) -> str:  # pragma: no cover - trivial
        return f"[{self.code}] {super().__str__()}"


class RuleError(ReportMinerError):
    """A rule file under rules/ is malformed. The message names the file, line and rule id."""

    code = "RM100"

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("规则文件有误 / invalid rule file(s):\n  " + "\n  ".join(self.problems))


class LoadError(ReportMinerError):
    """An input file cannot be read as a report (missing, binary, undecodable, ...)."""

    code = "RM200"

    def __init__(self, path: str, reason: str):
        from report_miner.readers.paths import display_path

        self.path = display_path(str(path))  # printable even for a non-UTF-8 file name
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class OutputError(ReportMinerError):
    """A result cannot be written where the user asked (bad suffix, unwritable path, ...)."""

    code = "RM300"
