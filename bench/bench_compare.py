#!/usr/bin/env python3
"""Time and peak memory of ``report-miner compare --db`` on generated archives, and how they grow.

    python bench/bench_compare.py --reports 2000 20000       # issue 14's target sizes
    python bench/bench_compare.py --reports 500 2000 --keep /tmp/cmp   # keep the archives
    python bench/bench_compare.py --reports 2000 --only copies         # copy detection alone

What is generated (nothing is mined, so a 20,000-report archive takes about a minute to build):
for N reports, N/10 townships × 10 years (2014-2023), one report per township and year. Each
report is written from sentence frames with varied fillers (activities, villages with
generated names, numbers), so two reports share phrasing the way real ones do but seldom a
whole sentence; each is about 1,600-2,000 characters in five sections. Planted on purpose:

- copying: 2% of the reports copy 3-6 sentences of an earlier report of another township,
  some with the numbers changed; 0.5% are the whole of another report with the names changed
  (one template filed twice);
- boilerplate: every report closes with one of three stock closing lines (each in about a third
  of all reports), which copy detection must not count as copying;
- blanks: 3% leave the population slot empty (总人口人), a blank row as the miner writes one.

Each report is written as a UTF-8 text file ``{township}/{year}/report.txt`` (compare reads the
texts back from the paths for copy detection, as on a real archive) and its rows (files,
reports, sections, figures, blanks) are written straight into an SQLite archive with the
archive schema (:func:`report_miner.store.archive.open_archive`), the figure rows with the
offsets, metric and unit of every planted number, as the miner would store them.

What is measured, each in a fresh child process, so that its peak RSS is its own:

- ``compare``: ``report-miner compare --db ARCHIVE`` as a user runs it, copies included
  (terminal output discarded; no -o or --charts);
- ``copies``: copy detection alone (``load_inputs`` + ``copies``), since compare's other work
  lives in report_miner/analysis/compare.py and is measured in the line above.

Printed per N and mode: wall seconds, CPU seconds (user + system: what other programs on a
shared machine disturb less), peak RSS of the child (``resource.getrusage(RUSAGE_SELF)``
read in the child at its end), the number of copied pairs found and how many of the planted
ones are among them; for copy detection also what it handled (``CopyResult.stats``: passages,
distinct texts, sentence-frame families, LSH candidate and verified pairs, frames that are
boilerplate as a whole, boilerplate rows). Then the growth ratio largest N / smallest N of time
and memory next to the ratio of the N's (linear growth: the same ratio), and of those counts.

Measured with sentence-frame families (2 shared cores, other sessions running; archives kept
with ``--keep``): compare 13.7 s CPU / 537 MB at 2,000 reports, 132 s / 1,430 MB at 20,000
(×9.7 CPU, ×2.7 memory); copy detection alone 8.6 s / 447 MB and 91 s / 1,362 MB (×10.6,
×3.0; a second run ×11.0, ×3.1), 51 of 51 and 505 of 506 planted pairs found; LSH candidates 143,683 → 2,460,863
(×17.1: work and plan sentences built from a finite stock of clauses), verified pairs 539 →
33,426. Before the families: copy detection ×12.7 to ×16.9 CPU, candidates 205,739 →
4,026,334.

Measured and not kept: leaving the 4-grams found in more than 1 % of the frames out of MinHash
cut the candidates at 2,000 reports from 143,685 to 20,803 but lost 214 of the 540 verified
pairs (those sentences share mostly stock clauses, so a copy among them is told apart only by
the whole of its text).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CHARS = ("东南西北中上下前后新老大小高低长平安和兴隆丰富贵华明光清泉水山石林竹松柏桃李杏梅"
          "花草田园河湖溪塘坝岭岗坪沟湾口桥庄店铺集营寨堡屯铺甸坊凤龙虎鹤鹿马牛羊金银铜铁玉")
_ACT = ["宣传教育", "优质服务", "生殖健康检查", "流动人口管理", "协会组织建设", "村民自治", "生育关怀",
        "奖励扶助", "婚育新风进万家", "计生特殊家庭帮扶", "出生人口性别比治理", "家庭发展能力建设",
        "基层阵地建设", "信息化建设", "志愿者服务", "青春健康教育", "健康家庭创建", "优生优育指导"]
_VERB = ["扎实开展", "深入推进", "认真组织", "全面落实", "大力实施", "积极开展", "持续深化", "着力加强",
         "稳步推进", "切实抓好", "广泛开展", "不断完善"]
_HOW = ["采取入户走访与集中宣讲相结合的方式", "依托村级服务室和网格员队伍", "结合农闲时节和传统节日",
        "利用广播、微信群和宣传栏", "联合卫生院和妇联", "通过党员包片、干部包户", "以示范村创建为抓手",
        "按照上级部署和年度目标", "坚持问题导向和群众需求导向", "借助县级专家和志愿者力量"]
_THING = ["发放宣传资料{n}份", "悬挂横幅{s}条", "举办培训班{s}期,培训骨干{m}人次", "走访群众{m}户",
          "组织健康检查{m}人次", "签订自治协议{m}份", "发放奖扶资金{m}元", "建立示范户{s}户",
          "开展文艺演出{s}场", "慰问困难家庭{s}户", "落实长效节育措施{s}例", "新发展会员{s}人"]
_RESULT = ["群众满意度明显提升", "工作水平有了新的提高", "得到了上级领导的肯定", "取得了较好的社会效果",
           "各项指标均按时完成", "为全年工作打下了良好基础", "形成了齐抓共管的良好局面",
           "群众的参与意识进一步增强", "服务网络更加健全", "基础数据更加准确"]
_PLAN = ["继续加强{a},", "进一步完善{a}工作机制,", "着力提升{a}的质量和水平,", "认真谋划{a},",
         "把{a}作为重点抓紧抓实,"]
_WEAK = ["发展不够平衡", "基础还不牢固", "经费投入不足", "队伍力量薄弱", "创新不够", "宣传覆盖面还不够广",
         "服务能力有待提高", "制度落实不到位", "考核机制不健全", "信息报送不及时"]
_SLOW = ["工作进展较慢", "群众参与不够", "台账资料不够规范", "阵地建设滞后", "骨干队伍老化", "活动开展不经常"]
_OPEN = ["的政策尚未落实到位", "的家庭还需重点帮扶", "的信息有待核实", "的协议还未签订", "的资金尚未发放"]
CLOSINGS = ["以上汇报,如有不妥之处,敬请各位领导批评指正。",
            "我们将在上级的正确领导下,再接再厉,扎实工作,努力开创工作新局面。",
            "总之,我们将认真总结经验,查找不足,推动各项工作再上新台阶。"]
SECTIONS = ["一、基本情况", "二、主要工作", "三、存在问题", "四、下一步工作打算"]


def _name(rng: random.Random, n: int = 2) -> str:
    return "".join(rng.choice(_CHARS) for _ in range(n))


_WHO = ["全镇", "全乡", "各村", "镇协会", "村分会", "计生专干", "志愿者队伍", "妇联", "卫生院", "包村干部",
        "网格员", "村两委", "协会理事", "骨干会员", "镇党委政府", "驻村工作队"]
_DO = ["组织", "推动", "指导", "督促", "帮助", "牵头", "配合", "负责", "参与", "开展", "完善", "规范", "落实",
       "建立", "健全", "举办", "筹划", "推广", "抓好", "做实", "提升", "改进", "整合", "跟进", "排查"]
_WHAT = _ACT + ["入户随访", "孕前检查", "信息采集", "政策宣传", "台账整理", "阵地建设", "会员发展", "困难帮扶",
                "健康讲座", "文艺宣传", "家庭走访", "矛盾排查", "数据核对", "档案管理", "技能培训", "结对帮扶",
                "关爱留守儿童", "老年人健康服务", "新婚夫妇随访", "流出人员联系", "村规民约修订", "民主评议"]
_WHEN = ["年初", "春节前后", "三月份", "上半年", "汛期过后", "秋收以后", "下半年", "年底前", "每个季度",
         "每月月初", "重大节日期间", "农闲时节"]


def _clause(rng: random.Random, place: str) -> str:
    """One clause of a work sentence, from a few thousand combinations (real reports repeat
    phrases, seldom whole sentences)."""
    nums = dict(n=rng.randint(800, 30000), s=rng.randint(2, 60), m=rng.randint(50, 5000))
    kind = rng.random()
    if kind < 0.4:
        return f"{rng.choice(_WHO)}{rng.choice(_DO)}{rng.choice(_WHAT)}"
    if kind < 0.65:
        return rng.choice(_THING).format(**nums)
    if kind < 0.8:
        return f"{rng.choice(_WHEN)}在{place}{rng.choice(_DO)}{rng.choice(_WHAT)}"
    if kind < 0.9:
        return rng.choice(_HOW)
    return rng.choice(_RESULT)


def _sentence(rng: random.Random, town: str, place: str) -> tuple[str, list]:
    """One work sentence of 3-6 clauses."""
    head = f"{rng.choice(['', '', town, '我们', '今年'])}{rng.choice(_VERB)}{rng.choice(_WHAT)}工作"
    clauses = [_clause(rng, place) for _ in range(rng.randint(2, 5))]
    return ",".join([head] + clauses) + "。", []


def _report(rng: random.Random, town: str, year: int) -> tuple[str, dict, list[str]]:
    """A generated report: (text, facts, the sentences of its main part)."""
    villages = [_name(rng) + "村" for _ in range(rng.randint(6, 14))]
    pop, women, members = rng.randint(8000, 60000), rng.randint(1500, 12000), rng.randint(300, 4000)
    blank_pop = rng.random() < 0.03
    kind = rng.choice(["工作总结", "工作汇报", "工作总结"])
    title = f"{town}{year}年计划生育协会{kind}"
    basics = (f"{town}位于县境{rng.choice(['东部', '西部', '南部', '北部', '中部'])},辖{len(villages)}个村"
              f"({'、'.join(villages[:4])}等),全镇总人口{'' if blank_pop else pop}人,"
              f"其中已婚育龄妇女{women}人,现有协会会员{members}人。")
    sentences = [_sentence(rng, town, rng.choice(villages))[0] for _ in range(rng.randint(16, 22))]
    problems = [f"{order}是{rng.choice(_ACT)}工作{rng.choice(_WEAK)},{rng.choice(villages)}等"
                f"{rng.randint(2, 9)}个村{rng.choice(_SLOW)},全年仍有{rng.randint(3, 400)}户"
                f"{rng.choice(_OPEN)}。" for order in "一二"]
    plans = "".join(f"{rng.choice(_PLAN).format(a=rng.choice(_ACT))}力争{rng.choice(_THING).format(n=rng.randint(800, 30000), s=rng.randint(2, 60), m=rng.randint(50, 5000))},"
                    for _ in range(3)).rstrip(",") + "。"
    closing = rng.choice(CLOSINGS)
    facts = dict(pop=None if blank_pop else pop, women=women, members=members, title=title, kind=kind,
                 villages=len(villages))
    return _compose(title, basics, sentences, problems, plans, closing, town, year), facts, sentences


def _compose(title, basics, sentences, problems, plans, closing, town, year) -> str:
    parts = [title, SECTIONS[0], basics, SECTIONS[1], "".join(sentences), SECTIONS[2], "".join(problems),
             SECTIONS[3], plans + closing, f"{town}计划生育协会", f"{year}年12月{(year % 20) + 5}日"]
    return "\n".join(parts) + "\n"


def _rows(path: str, text: str, town: str, year: int, facts: dict) -> dict[str, list[dict]]:
    """The archive rows of one generated report, with the offsets of its planted figures."""
    rows: dict[str, list[dict]] = {"reports": [], "sections": [], "figures": [], "blanks": []}
    rows["reports"].append(dict(source=path, report=1, start=0, end=len(text), title=facts["title"],
                                kind="summary", unit_name=town, year=year, township=town,
                                date=f"{year}-12-{(year % 20) + 5:02d}"))
    for k, head in enumerate(SECTIONS, start=1):
        s = text.index(head)
        nxt = text.find(SECTIONS[k], s) if k < len(SECTIONS) else len(text)
        rows["sections"].append(dict(source=path, report=1, section_id=k, level=1, token=head[:2],
                                     number=k, title=head[2:], heading_text=head, start=s, end=nxt,
                                     parent=0, path=str(k)))
    basics_sentence = text[text.index(SECTIONS[0]) + len(SECTIONS[0]) + 1:text.index(SECTIONS[1])].strip()

    def figure(metric: str, needle: str, value: int, unit: str, before: str):
        s = text.index(before + needle) + len(before)
        rows["figures"].append(dict(source=path, report=1, section="1", start=s, end=s + len(needle),
                                    text=needle, value=value, unit=unit, approx=False, metric=metric,
                                    sentence=basics_sentence, unit_kind="count", metric_rule=f"{metric}#1",
                                    per=""))

    figure("admin.villages", f"{facts['villages']}个", facts["villages"], "个", "辖")
    if facts["pop"] is None:
        s = text.index("总人口人") + 3
        rows["blanks"].append(dict(source=path, report=1, section="1", start=s, end=s, kind="number",
                                   unit="人", metric="population.total", context="全镇总人口人",
                                   token="", rule="unit_without_number"))
    else:
        figure("population.total", f"{facts['pop']}人", facts["pop"], "人", "总人口")
    figure("population.married_women", f"{facts['women']}人", facts["women"], "人", "育龄妇女")
    figure("association.members", f"{facts['members']}人", facts["members"], "人", "协会会员")
    return rows


def generate(n: int, folder: Path, seed: int = 14) -> dict:
    """Write ``n`` generated reports and their archive into ``folder``; return what was planted."""
    from report_miner.store.archive import FILES_COLUMNS, _column_types, _quote, _sql_rows, open_archive

    rng = random.Random(seed)
    towns, seen = [], set()
    while len(towns) < max(1, n // 10):
        t = _name(rng) + rng.choice(["镇", "乡"])
        if t not in seen:
            seen.add(t)
            towns.append(t)
    db = folder / "archive.sqlite"
    conn = open_archive(db)
    cols = _column_types()
    insert = {t: f"INSERT INTO {_quote(t)} ({', '.join(_quote(c) for c, _ in cc)}) "
                 f"VALUES ({', '.join('?' * len(cc))})" for t, cc in cols.items()}
    file_sql = f"INSERT INTO files ({', '.join(FILES_COLUMNS)}) VALUES ({', '.join('?' * len(FILES_COLUMNS))})"
    made: list[tuple[str, str, list[str]]] = []  # (path, town, sentences)
    planted_pairs, planted_whole = set(), set()  # (copy, source) paths
    conn.execute("BEGIN")
    k = 0
    for year in range(2014, 2024):
        for town in towns:
            if k >= n:
                break
            k += 1
            text, facts, sentences = _report(rng, town, year)
            r = rng.random()
            whole = False
            if made and r < 0.005:  # one template filed twice: another report, names changed
                src_path, src_town, src_sents = made[rng.randrange(len(made))]
                if src_town != town:
                    sentences = [x.replace(src_town, town) for x in src_sents]  # what it now says
                    text = Path(src_path).read_text(encoding="utf-8").replace(src_town, town)
                    text = _retitle(text, year)
                    whole = True
                    planted_whole.add((str(folder / town / str(year) / "report.txt"), src_path))
            elif made and r < 0.025:  # a few sentences copied from another township's report
                src_path, src_town, src_sents = made[rng.randrange(len(made))]
                if src_town != town:
                    copied = rng.sample(src_sents, min(len(src_sents), rng.randint(3, 6)))
                    if rng.random() < 0.5:  # numbers changed
                        copied = [_renumber(rng, s) for s in copied]
                    sentences = sentences[:4] + [s.replace(src_town, town) for s in copied] + sentences[4:]
                    body = text.split(SECTIONS[1] + "\n", 1)[1].split("\n", 1)[1]
                    text = text.split(SECTIONS[1] + "\n", 1)[0] + SECTIONS[1] + "\n" + "".join(sentences) + "\n" + body
                    planted_pairs.add((str(folder / town / str(year) / "report.txt"), src_path))
            path = folder / town / str(year) / "report.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            made.append((str(path), town, sentences))
            if not whole:
                rows = _rows(str(path), text, town, year, facts)
            else:  # a whole copy: its facts are the source's, found again by reading it
                rows = _rows_of_copy(str(path), text, town, year)
            for table, rr in rows.items():
                conn.executemany(insert[table], _sql_rows(rr, [c for c, _ in cols[table]]))
            file_row = dict(path=str(path), size=len(text.encode()), sha256=f"{k:064x}", format="txt",
                            encoding="utf-8", status="ok", reason="", chars=len(text), reports=1,
                            figures=len(rows["figures"]), blanks=len(rows["blanks"]), findings=0,
                            township=town, year=year, mined_at="2026-01-01T00:00:00+00:00")
            conn.execute(file_sql, _sql_rows([file_row], FILES_COLUMNS)[0])
    conn.execute("COMMIT")
    conn.close()
    planted = sorted(tuple(sorted(p)) for p in planted_pairs | planted_whole)
    (folder / "planted.json").write_text(json.dumps(planted, ensure_ascii=False), encoding="utf-8")
    return dict(db=str(db), reports=k, copied_from=len(planted_pairs), whole_copies=len(planted_whole))


def _retitle(text: str, year: int) -> str:
    import re

    return re.sub(r"^(\S+?)(\d{4})年", lambda m: f"{m.group(1)}{year}年", text, count=1)


def _renumber(rng: random.Random, sentence: str) -> str:
    import re

    return re.sub(r"\d+", lambda m: str(max(1, int(m.group()) + rng.randint(-9, 9))), sentence)


def _rows_of_copy(path: str, text: str, town: str, year: int) -> dict[str, list[dict]]:
    import re

    m = re.search(r"辖(\d+)个村.*?总人口(\d*)人,其中已婚育龄妇女(\d+)人,现有协会会员(\d+)人", text)
    facts = dict(villages=int(m.group(1)), pop=int(m.group(2)) if m.group(2) else None,
                 women=int(m.group(3)), members=int(m.group(4)), title=text.split("\n", 1)[0], kind="")
    return _rows(path, text, town, year, facts)


# ---------------------------------------------------------------------------------------------
# measuring, in a child process


def _child(mode: str, db: str) -> None:
    import resource

    t0, c0 = time.perf_counter(), time.process_time()
    pairs = None
    found = []
    stats = {}
    if mode == "compare":
        from contextlib import redirect_stdout

        from report_miner.cli.app import main

        with open(os.devnull, "w") as devnull, redirect_stdout(devnull):
            status = main(["compare", "--db", db])
        if status not in (0, 1):
            raise SystemExit(f"compare exited {status}")
    else:
        from report_miner.analysis.compare import copies, load_inputs

        reports, _f, _b, _s, texts, _files = load_inputs(db=db)
        cr = copies(reports, texts)
        pairs = len(cr.pairs)
        found = sorted(zip(cr.pairs.source_a, cr.pairs.source_b))
        stats = dict(cr.stats, boilerplate_rows=len(cr.boilerplate))
    ru = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps(dict(wall=time.perf_counter() - t0, cpu=time.process_time() - c0,
                          maxrss_mb=ru.ru_maxrss / 1024, pairs=pairs, sources=found, stats=stats)))


def _measure(mode: str, db: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", mode, db], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, nargs="+", default=[2000, 20000], metavar="N",
                    help="archive sizes to generate and compare (default 2000 20000)")
    ap.add_argument("--only", choices=["compare", "copies"], action="append",
                    help="measure only this (repeatable; default both)")
    ap.add_argument("--keep", type=Path, metavar="DIR", help="generate into DIR and keep it (reused when present)")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        _child(*a.child)
        return 0
    modes = a.only or ["compare", "copies"]
    results: dict[tuple[int, str], dict] = {}
    for n in a.reports:
        base = a.keep / f"n{n}" if a.keep else Path(tempfile.mkdtemp(prefix=f"bench_compare_{n}_"))
        db = base / "archive.sqlite"
        if not db.exists():
            base.mkdir(parents=True, exist_ok=True)
            t = time.perf_counter()
            info = generate(n, base)
            print(f"N={n}: generated {info['reports']} reports in {time.perf_counter() - t:.0f} s "
                  f"({info['copied_from']} copied from, {info['whole_copies']} whole copies planted) in {base}",
                  flush=True)
        for mode in modes:
            r = results[(n, mode)] = _measure(mode, str(db))
            extra = ""
            if r["pairs"] is not None:
                planted = {tuple(p) for p in json.loads((base / "planted.json").read_text(encoding="utf-8"))}
                hit = planted & {tuple(sorted(p)) for p in r["sources"]}
                extra = f", {r['pairs']} copied pairs found, {len(hit)} of the {len(planted)} planted among them"
            print(f"N={n} {mode:8s}: {r['wall']:7.1f} s wall, {r['cpu']:7.1f} s CPU, "
                  f"peak RSS {r['maxrss_mb']:6.0f} MB{extra}", flush=True)
            if r.get("stats"):  # what copy detection handled (report_miner.analysis.similarity)
                print("    " + ", ".join(f"{k} {v:,}" for k, v in r["stats"].items()), flush=True)
    if len(a.reports) > 1:
        lo, hi = min(a.reports), max(a.reports)
        for mode in modes:
            r0, r1 = results[(lo, mode)], results[(hi, mode)]
            print(f"growth {mode} N {lo}->{hi} (x{hi / lo:.0f}): time x{r1['wall'] / r0['wall']:.1f} wall, "
                  f"x{r1['cpu'] / r0['cpu']:.1f} CPU; peak RSS x{r1['maxrss_mb'] / r0['maxrss_mb']:.1f}")
            s0, s1 = r0.get("stats") or {}, r1.get("stats") or {}
            grown = [f"{k} x{s1[k] / s0[k]:.1f}" for k in s0 if k in s1 and s0[k]]
            if grown:
                print(f"growth {mode} counts: " + ", ".join(grown))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
