"""The review pages: HTML checked by parsing it, then rendered in a real headless Chromium.

Unit tests parse every generated page with :class:`html.parser.HTMLParser` and check that
elements nest, that the text of the report is exactly ``text[start:end]`` of its source, and
that every blank, section anchor and finding anchor sits at its offset.

The browser tests open a page of the supplied report in Debian's ``chromium`` (``--headless
--dump-dom``): the page's self-test (``?rm-selftest=ANCHOR``) measures what is rendered and
writes it into ``<pre id="rm-selftest">``. Without Chromium they fail when ``CI`` is set and
are skipped otherwise. ``RM_CHROMIUM`` may name another Chromium/Chrome executable.
"""
from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest

import report_miner
from report_miner.cli.review import add_parsers
from report_miner.render.review import render_review, review_paths
from report_miner.tables import MineResult

CORPORA = Path(__file__).parent.parent / "corpora"
SEED = CORPORA / "000_69ef0c422dca94cf.txt"

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}


class _Page(HTMLParser):
    """Parses a page; fails on bad nesting; records the report text and where elements sit."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: list[str] = []
        self.elements: list[tuple[str, dict[str, str], int | None]] = []  # tag, attrs, offset
        self.scripts = 0
        self._text_depth: int | None = None
        self.text_parts: list[str] = []
        self.at = 0
        self.feed(markup)
        self.close()
        if self.stack:
            self.errors.append(f"unclosed: {self.stack}")

    @property
    def text(self) -> str:
        return "".join(self.text_parts)

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "script":
            self.scripts += 1
        inside = self._text_depth is not None
        self.elements.append((tag, a, self.at if inside else None))
        if tag in _VOID:
            return
        self.stack.append(tag)
        if tag == "article" and a.get("id") == "text":
            self._text_depth = len(self.stack)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        if self._text_depth == len(self.stack):
            self._text_depth = None
        self.stack.pop()

    def handle_data(self, data):
        if self._text_depth is not None:
            self.text_parts.append(data)
            self.at += len(data)

    def with_class(self, cls: str) -> list[tuple[dict[str, str], int]]:
        """Elements inside the report text (not the legend) having class ``cls``, with their
        offset in the text."""
        return [(a, off) for _tag, a, off in self.elements
                if off is not None and cls in a.get("class", "").split()]


@pytest.fixture(scope="module")
def seed_pages(tmp_path_factory):
    out = tmp_path_factory.mktemp("review")
    res = report_miner.mine_paths([SEED])
    text = SEED.read_text("utf-8")
    paths = render_review(res, {str(SEED): text}, out)
    return res, text, paths


def _report_pages(paths):
    return [p for p in paths if p.name != "index.html"]


# ----------------------------------------------------------------------------- unit tests

def test_review_writes_index_and_one_page_per_report(seed_pages):
    res, _text, paths = seed_pages
    assert paths[0].name == "index.html"
    assert len(_report_pages(paths)) == len(res.reports) == 4
    assert all(p.exists() and p.stat().st_size > 0 for p in paths)


def test_review_pages_nest_validly_and_ids_are_unique(seed_pages):
    _res, _text, paths = seed_pages
    for p in paths:
        page = _Page(p.read_text("utf-8"))
        assert page.errors == [], p.name
        assert len(page.ids) == len(set(page.ids)), p.name


def test_review_text_is_the_source_slice_exactly(seed_pages):
    res, text, paths = seed_pages
    for (_, rep), p in zip(res.reports.iterrows(), _report_pages(paths)):
        page = _Page(p.read_text("utf-8"))
        assert page.text == text[rep.start:rep.end], p.name
        assert "\n" in page.text  # line breaks kept, shown by white-space: pre-wrap


def test_review_every_seed_blank_is_an_element_at_its_offset(seed_pages):
    res, _text, paths = seed_pages
    for (_, rep), p in zip(res.reports.iterrows(), _report_pages(paths)):
        page = _Page(p.read_text("utf-8"))
        got = {a["data-span"]: off for a, off in page.with_class("blank")}
        want = res.blanks[res.blanks.report == rep.report]
        assert sorted(got) == sorted(f"{b.start}-{b.end}" for _, b in want.iterrows()), p.name
        for _, b in want.iterrows():
            assert got[f"{b.start}-{b.end}"] == b.start - rep.start
        zero = [a for a, _ in page.with_class("blank") if a["data-span"].split("-")[0] == a["data-span"].split("-")[1]]
        assert all("empty" in a["class"].split() for a in zero)  # drawn as ⟨ ⟩ by CSS
    assert len(res.blanks[res.blanks.report == 1]) == 42


def test_review_every_section_has_an_anchor_at_its_heading_and_a_nav_link(seed_pages):
    res, _text, paths = seed_pages
    for (_, rep), p in zip(res.reports.iterrows(), _report_pages(paths)):
        markup = p.read_text("utf-8")
        page = _Page(markup)
        anchors = {a["id"]: off for a, off in page.with_class("anchor")}
        secs = res.sections[res.sections.report == rep.report]
        assert len(secs) and len(anchors) == len(secs)
        for _, s in secs.iterrows():
            assert anchors[f"s-{s.section_id}"] == s.start - rep.start
            assert f'href="#s-{s.section_id}"' in markup
            # the token as loaded may be cut by a page-chunk number ("六\n24、是")
            import re

            head = re.sub(r"\n\d{1,3}、", "", page.text[s.start - rep.start:][:20])
            assert head.startswith(s.token)


def test_review_findings_link_to_their_place_and_back(seed_pages):
    res, _text, paths = seed_pages
    for (_, rep), p in zip(res.reports.iterrows(), _report_pages(paths)):
        markup = p.read_text("utf-8")
        page = _Page(markup)
        marks = {a["id"]: (a, off) for a, off in page.with_class("fmark")}
        fs = res.findings[res.findings.report == rep.report].sort_values(["start", "end"], kind="stable")
        assert len(marks) == len(fs)
        for i, (_, f) in enumerate(fs.iterrows(), 1):
            a, off = marks[f"f-{i}"]
            assert off == max(f.start, rep.start) - rep.start
            assert f"sev-{f.severity}" in a["class"] and a["href"] == f"#fi-{i}"
            assert f'<li id="fi-{i}" class="sev-{f.severity}"><a class="goto" href="#f-{i}">' in markup
            assert html.escape(f.message_zh) in markup and html.escape(f.message_en) in markup
        # every in-page link has its target
        targets = set(page.ids)
        for _tag, a, _off in page.elements:
            if a.get("href", "").startswith("#") and len(a["href"]) > 1:
                assert a["href"][1:] in targets, a["href"]


def test_review_pages_are_self_contained(seed_pages):
    _res, _text, paths = seed_pages
    for p in paths:
        markup = p.read_text("utf-8")
        assert not re.search(r"<link\b|\bsrc=|url\(|@import|https?://", markup), p.name
        assert "Noto Sans CJK SC" in markup and "Microsoft YaHei" in markup
        assert "@media print" in markup


def test_review_escapes_markup_in_report_text_title_and_source(tmp_path):
    text = ('<b>甲镇</b>工作总结 全镇辖村,总人口1000人。<script>alert(1)</script>'
            '<img src=x onerror="alert(2)"> 一、基本情况 共有5个"村"&社区。')
    source = 'a<i>"&\'.txt'
    res = report_miner.mine_text(text, source=source)
    paths = render_review(res, {source: text}, tmp_path)
    for p in paths:
        markup = p.read_text("utf-8")
        page = _Page(markup)
        assert page.errors == []
        assert page.scripts == (0 if p.name == "index.html" else 1)  # only the page's own
        assert "<script>alert" not in markup and "<img" not in markup and "<b>" not in markup
        assert "<i>" not in markup
    report = _Page(paths[1].read_text("utf-8"))
    assert report.text == text  # shown as text, character for character
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in paths[1].read_text("utf-8")
    assert 'a&lt;i&gt;&quot;&amp;&#x27;.txt' in paths[0].read_text("utf-8")


def test_review_overlapping_spans_are_cut_not_crossed(tmp_path):
    text = "0123456789ABCDEFGHIJ"
    row = dict(source="s", report=1)
    res = MineResult(
        reports=[dict(row, start=0, end=20, title="t", kind="other")],
        sections=[dict(row, section_id=1, level=1, token="一、", number=1, title="x",
                       heading_text="0123", start=0, end=20, path="一")],
        findings=[dict(row, start=2, end=12, check="c", severity="warning", message_zh="中",
                       message_en="en")],
        figures=[dict(row, start=8, end=15, text="89ABCDE", value=30.0, value_max=40.0, unit="元",
                      subject="经费", action="投入", metric="finance.money")],
        blanks=[dict(row, start=9, end=11, kind="placeholder", token="9A"),
                dict(row, start=12, end=12, kind="missing_unit", unit="%"),
                dict(row, start=14, end=17, kind="missing_text", token="DEF")],
    )
    markup = render_review(res, {"s": text}, tmp_path)[1].read_text("utf-8")
    page = _Page(markup)
    assert page.errors == []
    assert page.text == text
    blanks = page.with_class("blank")
    assert [(a["data-span"], off) for a, off in blanks] == [("9-11", 9), ("12-12", 12), ("14-17", 14)]
    assert 'data-hint="%"' in markup  # the missing unit is named inside the ⟨ ⟩
    # the figure (8-15) crosses the finding's end (12) and the last blank's start: it is cut,
    # and only its first piece carries class "fig" and the id
    figs = page.with_class("fig")
    assert len(figs) == 1 and figs[0][0]["id"] == "g-1" and figs[0][1] == 8
    assert page.with_class("fig-cont")
    assert page.with_class("blank-cont")  # 14-17 outlives the figure piece it started in
    assert len(page.with_class("finding")) == 1


def test_review_figure_tooltip_has_value_range_unit_subject_action_metric(tmp_path):
    text = "今年镇财政投入计生协会工作经费30-40万元,发放宣传品2000余份。"
    res = report_miner.mine_text(text, source="x.txt")
    markup = render_review(res, {"x.txt": text}, tmp_path)[1].read_text("utf-8")
    tips = [a["title"] for a, _ in _Page(markup).with_class("fig")]
    money = next(t for t in tips if "30-40万元" in t)
    for part in ("值 value: 300000", "上限值 value_max: 400000", "单位 unit: 元", "指标 metric: finance.money",
                 "对象 subject:", "动作 action:"):
        assert part in money, (part, money)
    flyers = next(t for t in tips if "2000余份" in t)
    assert "值 value: 2000 (约 approx)" in flyers and "上限值 value_max: —" in flyers


def test_review_paths_index_lists_reports_and_unreadable_files(tmp_path):
    missing = tmp_path / "缺失.txt"
    paths = review_paths([SEED, missing], tmp_path / "out")
    index = paths[0].read_text("utf-8")
    page = _Page(index)
    assert page.errors == []
    links = [a["href"] for _t, a, _o in page.elements if a.get("href", "").endswith(".html")]
    assert links == [p.name for p in paths[1:]] and len(links) == 4
    assert "乡镇计划生育协会工作汇报发言材料" in index and "莆美镇" in index and "2010" in index
    # completeness (report 1: 4%)
    assert "4%" in index and "100%" in index
    assert 'class="sev-error">43<' in index  # report 1: 43 errors
    assert "缺失.txt" in index and "file not found" in index


def test_review_cli_help_and_exit_status(tmp_path, capsys):
    parser = argparse.ArgumentParser(prog="report-miner")
    add_parsers(parser.add_subparsers(dest="command"))
    with pytest.raises(SystemExit) as exc:
        parser.parse_args(["review", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "report-miner review corpora/ -o out/review" in out and "生成审阅页面" in out
    assert "exit status" in out

    def run(*argv):
        args = parser.parse_args(["review", *argv])
        return args.func(args)

    assert run(str(SEED), "-o", str(tmp_path / "a")) == 0
    assert (tmp_path / "a" / "index.html").exists()
    assert "wrote 已写入" in capsys.readouterr().err
    assert run(str(SEED), str(tmp_path / "nope.txt"), "-o", str(tmp_path / "b"), "-q") == 1
    assert "nope.txt" in (tmp_path / "b" / "index.html").read_text("utf-8")
    assert run(str(tmp_path / "nope.txt"), "-o", str(tmp_path / "c")) == 2
    (tmp_path / "file").write_text("x")
    assert run(str(SEED), "-o", str(tmp_path / "file")) == 2
    assert run(str(tmp_path / "c"), "-o", str(tmp_path / "d")) == 2  # a folder with no reports


def test_review_cli_says_why_when_templates_are_missing(tmp_path, capsys, monkeypatch):
    import jinja2

    from report_miner.render import review_html as review_render

    def no_templates(*_a, **_k):
        raise ValueError("PackageLoader could not find a 'templates' directory")

    review_render.environment.cache_clear()
    monkeypatch.setattr(jinja2, "PackageLoader", no_templates)
    parser = argparse.ArgumentParser(prog="report-miner")
    add_parsers(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["review", str(SEED), "-o", str(tmp_path / "out")])
    try:
        assert args.func(args) == 2
    finally:
        review_render.environment.cache_clear()
    err = capsys.readouterr().err
    assert "缺少审阅页面模板" in err and "Traceback" not in err


# ----------------------------------------------------------------------------- real browser

def _chromium() -> str:
    exe = (os.environ.get("RM_CHROMIUM") or shutil.which("chromium")
           or shutil.which("chromium-browser") or shutil.which("google-chrome"))
    if exe:
        return exe
    msg = ("headless Chromium not found: the browser tests need Debian's chromium package "
           "(apt-get install -y chromium; .ci/run installs it when missing), or RM_CHROMIUM "
           "set to a Chromium/Chrome executable")
    if os.environ.get("CI"):
        pytest.fail(msg)
    pytest.skip(msg)


def _run_chromium(tmp_path: Path, url: str, *extra: str) -> str:
    exe = _chromium()
    cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'chromium-profile'}",
           "--virtual-time-budget=5000", "--window-size=1280,900", *extra, url]
    proc = subprocess.run(cmd, capture_output=True, timeout=180)
    out = proc.stdout.decode("utf-8", "replace")
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")[-2000:]
    return out


def _selftest(dom: str) -> dict:
    m = re.search(r'<pre id="rm-selftest">(.*?)</pre>', dom, re.S)
    assert m and m.group(1).strip(), "the page's self-test wrote nothing (did the script run?)"
    return json.loads(html.unescape(m.group(1)))


def test_review_browser_renders_blanks_and_jumps_to_sections(tmp_path):
    _chromium()
    res = report_miner.mine_paths([SEED])
    paths = review_paths([SEED], tmp_path / "review")
    page = paths[1]  # report 1: the template with 42 blanks
    rep = res.reports.iloc[0]
    blanks = res.blanks[res.blanks.report == 1]
    last = res.sections[res.sections.report == 1].iloc[-1]  # near the end: needs room to scroll

    dom = _run_chromium(tmp_path, page.as_uri() + f"?rm-selftest=s-{last.section_id}", "--dump-dom")
    facts = _selftest(dom)
    assert facts["blanks"] == len(blanks) == 42
    assert facts["visibleBlanks"] == len(blanks)  # non-zero box, visible computed style
    assert facts["highlightedBlanks"] == len(blanks)  # a background colour of their kind
    assert facts["emptyBlanks"] == facts["visibleEmptyBlanks"] == int((blanks.start == blanks.end).sum())
    assert facts["textChars"] == rep.end - rep.start  # the ⟨ ⟩ are drawn, not inserted
    assert facts["sections"] == len(res.sections[res.sections.report == 1])
    assert facts["targetFound"] and facts["targetIsTarget"]
    assert facts["hash"] == f"#s-{last.section_id}"
    assert facts["scrollY"] > 0 and abs(facts["targetTop"]) <= 4, facts
    assert facts["brokenLinks"] == [] and facts["scripts"] == 1
    assert facts["overflowX"] <= 0  # no sideways scrolling at 1280 px

    shot = tmp_path / "review.png"
    _run_chromium(tmp_path, page.as_uri(), f"--screenshot={shot}", "--hide-scrollbars")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width == 1280 and height > 0
    assert len(data) > 30_000  # a page, not a blank canvas (a plain one compresses to a few KB)


def test_review_browser_shows_script_in_report_as_text(tmp_path):
    _chromium()
    text = ("甲镇工作总结 一、基本情况 全镇辖村,总人口1000人。"
            "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">")
    res = report_miner.mine_text(text, source="xss.txt")
    page = render_review(res, {"xss.txt": text}, tmp_path / "review")[1]
    dom = _run_chromium(tmp_path, page.as_uri() + "?rm-selftest", "--dump-dom")
    facts = _selftest(dom)
    assert facts["scripts"] == 1 and facts["brokenLinks"] == []
    assert facts["textChars"] == len(text)
    assert "<title>pwned</title>" not in dom
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in dom
    assert "<img" not in dom


# ----------------------------------------------------------------------------- templates, escaping

_EVIL = '<script>alert(1)</script>"\'><img src=x onerror=alert(2)>{{ 7*7 }}{% raw %}&amp;'
# attributes the pages may carry; anything else (onerror, onmouseover …) came from data
_ATTRS = {"class", "id", "href", "title", "role", "lang", "style", "rowspan", "colspan", "name",
          "content", "charset", "aria-label", "aria-hidden"}


def _evil_result(extra_figure=None, extra_blank=None) -> tuple[MineResult, str, str]:
    """A result whose every string column carries markup, quotes and template syntax."""
    src = 'x"><script>alert(3)</script>{{ 7*7 }}.txt'
    text = f"一、{_EVIL}\n全镇辖村,总人口1000人。{_EVIL}"
    n = len(text)
    row = dict(source=src, report=1)
    res = MineResult(
        reports=[dict(row, start=0, end=n, title=_EVIL, kind=_EVIL, unit_name=_EVIL,
                      year=2010, date=_EVIL, period=_EVIL, completeness=0.5,
                      placeholders="unit_name")],
        sections=[dict(row, section_id=1, level=1, token=_EVIL, number=1, title=_EVIL,
                       heading_text="一、", start=0, end=n, path=_EVIL)],
        figures=[dict(row, start=text.index("1000"), end=text.index("1000") + 5, text=_EVIL,
                      value=1000.0, unit=_EVIL, subject=_EVIL, action=_EVIL, metric=_EVIL,
                      metric_rule=_EVIL, **(extra_figure or {}))],
        blanks=[dict(row, start=text.index("村"), end=text.index("村"), kind=_EVIL, token=_EVIL,
                     unit=_EVIL, metric=_EVIL, rule=_EVIL, **(extra_blank or {})),
                dict(row, start=2, end=6, kind="placeholder", token=_EVIL, rule=_EVIL)],
        findings=[dict(row, start=2, end=6, check=_EVIL, severity=_EVIL, message_zh=_EVIL,
                       message_en=_EVIL, section=_EVIL),
                  dict(row, start=0, end=0, check="numbering_gap", severity="warning",
                       message_zh=_EVIL, message_en=_EVIL)],
        files=[dict(source=src, status="ok", reason=None),
                dict(source=_EVIL, status="failed", reason=_EVIL)],
    )
    return res, src, text


def test_review_injection_in_every_field_comes_out_escaped(tmp_path):
    res, src, text = _evil_result()
    paths = render_review(res, {src: text}, tmp_path)
    assert len(paths) == 2
    for p in paths:
        markup = p.read_text("utf-8")
        page = _Page(markup)
        assert page.errors == [], p.name
        assert page.scripts == (0 if p.name == "index.html" else 1), p.name  # only the page's own
        for bad in ("<script>alert", "<img"):  # as text they are escaped: "&lt;img …"
            assert bad not in markup, (p.name, bad)
        assert "<script>" not in markup.replace("<script>\n(function(){", "")
        assert "{{ 7*7 }}" in markup and "{% raw %}" in markup  # shown, never evaluated
        assert "&amp;amp;" in markup  # the report's "&amp;" is text, escaped once more
        for tag, attrs, _off in page.elements:
            unknown = {k for k in attrs if k not in _ATTRS and not k.startswith("data-")}
            assert not unknown, (p.name, tag, unknown)
        # every escaped value reads back as the original text
        titles = [a.get("title", "") for _t, a, _o in page.elements]
        if p.name == "index.html":
            assert any(a.get("href") == quote(paths[1].name) for _t, a, _o in page.elements)
            assert _EVIL in html.unescape(markup)
        else:
            assert page.text == text
            assert any(t.startswith(f"数字 figure: {_EVIL}\n") for t in titles)
            assert any(f"指标规则 metric rule: {_EVIL}" in t for t in titles)
            assert any(f"规则 rule: {_EVIL}" in t for t in titles)
            assert any(a.get("data-path") == _EVIL for _t, a, _o in page.elements)
            assert any(a.get("data-kind") == _EVIL for _t, a, _o in page.elements)


def test_review_hover_title_names_the_rule_when_the_table_has_it(tmp_path):
    text = "甲镇工作总结\n全镇总人口1000人,辖村,签订率在98以上。"
    row = dict(source="s.txt", report=1)
    fig = dict(row, start=text.index("1000"), end=text.index("1000") + 5, text="1000人",
               value=1000.0, unit="人", metric="population.total")
    res = MineResult(
        reports=[dict(row, start=0, end=len(text), title="甲镇工作总结", kind="总结")],
        figures=[dict(fig, metric_rule="population.total#2"),
                 dict(fig, start=fig["end"] + 1, end=fig["end"] + 2, metric="other")],
        blanks=[dict(row, start=text.index("辖") + 1, end=text.index("辖") + 1,
                     kind="missing_number", rule="slot_between_words"),
                dict(row, start=text.index("98") + 2, end=text.index("98") + 2,
                     kind="missing_unit", unit="%", rule="dropped_unit",
                     metric_rule="contracts.rate#1"),
                dict(row, start=text.index("签"), end=text.index("签") + 1, kind="missing_text")],
    )
    page = _Page(render_review(res, {"s.txt": text}, tmp_path)[1].read_text("utf-8"))
    figs = [a for a, _ in page.with_class("fig")]
    assert "指标 metric: population.total\n指标规则 metric rule: population.total#2" in figs[0]["title"]
    assert figs[0]["data-rule"] == "population.total#2"
    assert "rule" not in figs[1]["title"] and "data-rule" not in figs[1]  # no provenance: nothing
    blanks = {a["data-kind"]: a for a, _ in page.with_class("blank")}
    assert "规则 rule: slot_between_words" in blanks["missing_number"]["title"]
    assert blanks["missing_number"]["data-rule"] == "slot_between_words"
    assert ("规则 rule: dropped_unit\n指标规则 metric rule: contracts.rate#1"
            in blanks["missing_unit"]["title"])
    assert "rule" not in blanks["missing_text"]["title"] and "data-rule" not in blanks["missing_text"]


def test_review_rule_columns_from_a_dataframe_are_shown_or_left_out(tmp_path):
    # rows read back from DataFrames hold only the schema's columns (the provenance columns
    # may not be among them): the page is still complete
    res, src, text = _evil_result()
    res.figures, res.blanks = res.figures, res.blanks
    page = _Page(render_review(res, {src: text}, tmp_path)[1].read_text("utf-8"))
    assert page.errors == [] and page.text == text


def test_review_text_elements_are_fixed_by_code_not_data():
    from report_miner.render.review_model import RANK_BLANK, _Point, _Span

    with pytest.raises(ValueError):
        _Span(0, 1, RANK_BLANK, "x", tag="script")
    with pytest.raises(ValueError):
        _Span(0, 1, RANK_BLANK, "x", (('title" onclick="x', "v"),))
    with pytest.raises(ValueError):
        _Point(0, 0, "img", (("src", "x"),))


def test_review_templates_mark_nothing_safe_and_ship_as_package_data():
    import importlib.resources
    import tomllib

    folder = importlib.resources.files("report_miner.render") / "templates"
    names = sorted(p.name for p in folder.iterdir() if p.is_file())
    assert {"review_base.html", "review_report.html", "review_index.html", "review_macros.html",
            "review.css", "review_index.css", "review_selftest.js"} <= set(names)
    for name in names:
        src = (folder / name).read_text("utf-8")
        assert not re.search(r"\|\s*safe|Markup|autoescape\s+false|\bfrom_string\b", src), name
    pyproject = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text("utf-8"))
    assert "templates/*" in pyproject["tool"]["setuptools"]["package-data"]["report_miner.render"]
    assert any(d.lower().startswith("jinja2") for d in pyproject["project"]["dependencies"])
