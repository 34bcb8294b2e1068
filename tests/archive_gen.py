"""A generated report archive for the archive tests: townships × years × formats.

The reports are written from the templates below (invented sentences; no real report's text),
one file per township and year under ``<root>/<county>/<township>/<year>/``, in a format that
rotates over .txt (UTF-8), .txt (GB18030), .docx and .html. Every figure follows a rule of its
own (population grows a little each year, ...), so tests know what the archive holds and can
add the oddities a check must find (a jump, a second report that disagrees, a copied year,
a year left out).
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from test_io import make_docx  # noqa: E402

TOWNSHIPS = ("河西镇", "石桥乡", "柳坪乡", "青山镇", "东坝镇", "凤凰乡")
YEARS = (2019, 2020, 2021, 2022)
FORMATS = ("txt", "gb18030", "docx", "html")
COUNTY = "云溪县"

SUMMARY = (
    "{town}{year}年工作总结\n"
    "一、基本情况\n"
    "全{level}辖{villages}个村，总人口{pop}人，已婚育龄妇女{women}人。\n"
    "二、主要工作\n"
    "（一）宣传教育。全年发放宣传资料{leaflets}份，举办培训班{classes}期。\n"
    "（二）协会建设。全{level}协会会员{members}人，{roads}条村道完成硬化。\n"
    "三、存在问题\n"
    "部分村干部年龄偏大，工作方法有待改进，{weak}个村的档案管理仍不规范。\n"
)

REPORT = (
    "{town}{year}年工作汇报\n"
    "全{level}共有{villages}个村，总人口{pop}人。\n"
    "今年以来开展政策宣传活动{events}场次，协会会员{members}人。\n"
)


@dataclass(frozen=True)
class Facts:
    """What the report of one township and year states."""

    town: str
    year: int
    villages: int
    pop: int
    women: int
    leaflets: int
    classes: int
    members: int
    roads: int
    weak: int
    events: int

    @property
    def level(self) -> str:
        return self.town[-1]


def facts(town: str, year: int) -> Facts:
    """The figures of ``town`` in ``year``: smooth from year to year, different by township."""
    i = TOWNSHIPS.index(town) if town in TOWNSHIPS else len(town)
    k = year - YEARS[0]
    pop = 12000 + 2500 * i + 130 * k
    return Facts(town, year, villages=8 + i, pop=pop, women=pop // 5, leaflets=2000 + 150 * k + 10 * i,
                 classes=4 + k, members=800 + 40 * i + 25 * k, roads=3 + k, weak=2 + i % 3,
                 events=10 + i + k)


def text(f: Facts, template: str = SUMMARY, **changes) -> str:
    values = {**f.__dict__, "level": f.level, **changes}
    return template.format(**values)


def write(path: Path, body: str, fmt: str) -> Path:
    """Write ``body`` as ``fmt`` at ``path`` (its suffix set from the format)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "docx":
        path = path.with_suffix(".docx")
        path.write_bytes(make_docx(body.splitlines()))
    elif fmt == "html":
        path = path.with_suffix(".html")
        paras = "".join(f"<p>{line}</p>\n" for line in body.splitlines())
        path.write_text(f"<html><head><meta charset='utf-8'></head><body>{paras}</body></html>",
                        encoding="utf-8")
    else:
        path = path.with_suffix(".txt")
        path.write_bytes(body.encode("gb18030" if fmt == "gb18030" else "utf-8"))
    return path


def build(root: Path, towns=TOWNSHIPS, years=YEARS, formats=FORMATS,
          skip: frozenset = frozenset()) -> dict[tuple[str, int], Path]:
    """Write one summary per township and year (but those in ``skip``) under
    ``root/<county>/<township>/<year>/``; return (township, year) → file."""
    out = {}
    n = 0
    for town in towns:
        for year in years:
            if (town, year) in skip:
                continue
            fmt = formats[n % len(formats)]
            n += 1
            out[(town, year)] = write(root / COUNTY / town / str(year) / "总结", text(facts(town, year)), fmt)
    return out
