"""Copy detection at archive scale (issue 14): pairs and their passages stay aligned, the LSH
path finds what checking every pair finds, boilerplate shared by many reports is not paired."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from report_miner.analysis import similarity
from report_miner.analysis.compare import copies, load_inputs
from report_miner.cli.app import main

BENCH = Path(__file__).parent.parent / "bench" / "bench_compare.py"

# invented sentences: two shared by A and B, four (longer) shared by C and D
AB = ["东坡镇组织志愿者分成六个小组深入各村开展优生优育知识入户宣讲活动。",
      "镇协会为每个村配备了一名专职信息员负责流动人口信息的采集和报送。"]
CD = ["石桥乡把计生特殊家庭帮扶纳入民生实事项目并建立了乡村两级联系人制度。",
      "乡卫生院每季度派出医生到各村卫生室为育龄群众提供免费的孕前优生健康检查。",
      "全乡十二个村全部建成了会员之家并按照统一标准配齐了桌椅书柜和宣传展板。",
      "协会理事会每半年召开一次全体会议听取各村分会的工作汇报并研究解决实际困难。"]
OWN = {"a": ["甲村今年修通了三条通组公路方便了群众出行和农产品运输。",
             "甲村新建的文化广场成为村民傍晚跳舞健身的好去处。"],
       "b": ["乙镇的茶叶合作社带动二百多户农户实现了稳定增收。",
             "乙镇中心小学新建的食堂让住校学生吃上了热饭热菜。"],
       "c": ["丙乡今年新栽种经果林一千二百亩主要品种为脆红李和青花椒。",
             "丙乡敬老院完成了屋顶防水改造和消防设施的更新。"],
       "d": ["丁镇的集镇污水管网改造工程已经完成主体施工。",
             "丁镇组织开展了三期农村实用技术培训班学员共计三百人。"]}


def _four_files(folder: Path) -> None:
    for name in "abcd":
        shared = AB if name in "ab" else CD
        (folder / f"{name}.txt").write_text(f"{name}工作汇报\n" + "\n".join(OWN[name][:1] + shared + OWN[name][1:])
                                            + "\n", encoding="utf-8")


def test_copies_cli_prints_each_pair_under_its_own_header(tmp_path, capsys):
    """Four files, A≈B and C≈D: under the header "c ~ d" come C/D passages, never A/B ones."""
    _four_files(tmp_path)
    assert main(["compare", str(tmp_path), "--show-passages", "9"]) == 0
    out = capsys.readouterr().out
    lines = out[out.index("copied passages"):].splitlines()[1:]
    headers = [i for i, ln in enumerate(lines) if " ~ " in ln]
    assert len(headers) == 2
    blocks = {}
    for h, nxt in zip(headers, headers[1:] + [len(lines)]):
        body = "\n".join(ln for ln in lines[h + 1:nxt] if ln.startswith("    "))
        blocks[lines[h]] = body
    for header, body in blocks.items():
        mine, other = (CD, AB) if "c.txt" in header and "d.txt" in header else (AB, CD)
        assert "a.txt" in header or "c.txt" in header
        assert all(s[:20] in body for s in mine), header
        assert not any(s[:20] in body for s in other), header


def test_copies_pair_ids_number_the_pairs_table_rows(tmp_path):
    _four_files(tmp_path)
    reports, _f, _b, _s, texts, _files = load_inputs([tmp_path])
    cr = copies(reports, texts)
    assert cr.pairs["pair"].tolist() == [1, 2]
    assert cr.pairs.shared_chars.is_monotonic_decreasing
    for p in cr.pairs.itertuples():  # every passage row names the same two reports as its pair
        rows = cr.passages[cr.passages["pair"] == p.pair]
        assert len(rows) == p.shared_passages
        assert set(rows.source_a) == {p.source_a} and set(rows.source_b) == {p.source_b}
    first = cr.pairs.iloc[0]
    assert first.source_a.endswith("c.txt") and first.source_b.endswith("d.txt")


def _bench():
    spec = importlib.util.spec_from_file_location("bench_compare", BENCH)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A generated archive of 240 reports with planted copies (bench/bench_compare.py)."""
    import json

    folder = tmp_path_factory.mktemp("generated")
    info = _bench().generate(240, folder, seed=7)
    planted = {tuple(p) for p in json.loads((folder / "planted.json").read_text(encoding="utf-8"))}
    return load_inputs(db=info["db"]), planted


def test_copies_lsh_finds_what_checking_every_pair_finds(generated, monkeypatch):
    (reports, _f, _b, _s, texts, _files), planted = generated
    exact = copies(reports, texts)
    assert planted and planted <= set(zip(exact.pairs.source_a, exact.pairs.source_b)) | \
        set(zip(exact.pairs.source_b, exact.pairs.source_a))
    monkeypatch.setattr(similarity, "EXACT_LIMIT", 0)  # force MinHash LSH candidates
    lsh = copies(reports, texts)
    pd.testing.assert_frame_equal(lsh.pairs, exact.pairs)
    pd.testing.assert_frame_equal(lsh.passages, exact.passages)
    pd.testing.assert_frame_equal(lsh.boilerplate, exact.boilerplate)


def test_copies_closing_shared_by_many_reports_is_boilerplate(generated):
    (reports, _f, _b, _s, texts, _files), planted = generated
    cr = copies(reports, texts)
    closings = _bench().CLOSINGS  # a short one is merged with the signature line below it
    assert all(any(c in t for t in cr.boilerplate.text) for c in closings)
    listed = {tuple(sorted(p)) for p in zip(cr.pairs.source_a, cr.pairs.source_b)}
    assert {tuple(sorted(p)) for p in planted} <= listed
    involved = {path for pair in planted for path in pair}  # a copy of a copy pairs with the first too
    assert all(a in involved and b in involved for a, b in listed)  # the closings pair nobody
    whole = set(cr.pairs[cr.pairs.share_a < 0.9].pair)  # pairs that copied a few sentences
    shared = cr.passages[cr.passages.pair.isin(whole)].text_a
    assert not any(c in t for c in closings for t in shared)


def test_copies_lsh_bands_grow_as_the_threshold_falls():
    bands = [similarity._lsh_bands(t) for t in (0.9, 0.8, 0.6, 0.4)]
    assert bands == sorted(bands) and bands[0] >= 8 and bands[-1] <= 200


# ---------------------------------------------------------------------------------------------
# charts that stay readable with many townships (issue 14)


def _comparison(n_towns: int, years: int = 3):
    """A comparison of ``n_towns`` invented townships over ``years`` years, some cells blank."""
    from report_miner.analysis.compare import Comparison, core_metrics

    core = core_metrics()
    rows, status = [], []
    for t in range(n_towns):
        for y in range(2020, 2020 + years):
            town = f"第{t + 1}号试验镇"
            row = dict(township=town, year=y, source=f"{town}/{y}.txt", report=1, title="", kind="")
            st = dict(row)
            for k, m in enumerate(core):
                blank = (t + y + k) % 7 == 0
                row[m] = float("nan") if blank else float(1000 + 37 * t + 11 * y + k)
                st[m] = "blank" if blank else ("absent" if (t * k) % 11 == 5 else "stated")
            rows.append(row)
            status.append(st)
    table, st = pd.DataFrame(rows), pd.DataFrame(status)
    table["year"] = table["year"].astype("Int64")
    st["year"] = table["year"]
    return Comparison(table, st, pd.DataFrame(), pd.DataFrame(), metrics=core, core=core)


def _overlaps(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


@pytest.mark.parametrize("n_towns", [40, 6])
def test_charts_stay_readable_with_many_townships(tmp_path, n_towns):
    """40 townships: every image within PIL's limit and of a readable size; no legend covers a
    plot area (tight bounding boxes); 6 townships: one line chart with its legend outside."""
    pytest.importorskip("matplotlib")
    from PIL import Image

    from report_miner.analysis import charts

    comp = _comparison(n_towns)
    comp.metrics = comp.metrics[:2]  # two metrics' charts show it; all eleven take long to draw
    plt = charts._setup()
    makers = [lambda: charts.heatmap_figures(comp, plt=plt)]
    for m in comp.metrics:
        makers += [lambda m=m: charts.bar_figures(comp, m, plt=plt), lambda m=m: charts.line_figures(comp, m, plt=plt)]
    legends = 0
    for make in makers:
        for stem, fig in make():
            fig.canvas.draw()
            r = fig.canvas.get_renderer()
            keys = [ax for ax in fig.axes if ax.get_label() == "<colorbar>"]
            plot_areas = [ax.get_window_extent(r) for ax in fig.axes if ax.get_visible() and ax not in keys]
            boxes = [ax.get_legend().get_tightbbox(r) for ax in fig.axes if ax.get_legend() is not None]
            boxes += [ax.get_tightbbox(r) for ax in keys]  # a colour bar is the aggregated map's legend
            for box in boxes:
                legends += 1
                assert not any(_overlaps(box, area) for area in plot_areas), stem
            plt.close(fig)
    assert legends >= (1 if n_towns > charts.LEGEND_MAX else 3)
    written = charts.draw_charts(comp, tmp_path)
    pngs = [p for p in written if p.suffix == ".png"]
    assert (tmp_path / "completeness_heatmap.png") in pngs
    if n_towns == 40:  # 120 report rows: the heat map is one row per township, bars on one page
        assert (tmp_path / "line_population.total.png") in pngs  # small multiples, one page
        assert not (tmp_path / "line_population.total_p2.png").exists()
    for p in pngs:
        with Image.open(p) as im:
            w, h = im.size
        assert w * h < charts.MAX_PIXELS and max(w, h) < 6000, (p.name, w, h)
        assert min(w, h) > 300, (p.name, w, h)


def test_charts_heat_map_of_a_big_archive_is_paginated_and_bounded(tmp_path):
    """2,000 townships × 10 years (the size of issue 14's bench): pages of townships, each image
    far below PIL's limit, no more pages than asked for."""
    pytest.importorskip("matplotlib")
    from PIL import Image

    from report_miner.analysis import charts

    comp = _comparison(2000, years=2)
    paths = charts.completeness_heatmap(comp, tmp_path, {}, max_pages=3)
    pngs = sorted(p.name for p in paths if p.suffix == ".png")
    assert pngs == ["completeness_heatmap.png", "completeness_heatmap_p2.png", "completeness_heatmap_p3.png"]
    for p in paths:
        if p.suffix == ".png":
            with Image.open(p) as im:
                assert im.size[0] * im.size[1] < charts.MAX_PIXELS


# ---------------------------------------------------------------------------------------------
# sentence frames (families): passages that are the same once numbers, dates and place names
# are masked are compared as one; a frame filled in by many reports is boilerplate as a whole


def test_copies_frame_masks_numbers_dates_and_place_names():
    a = similarity.frame_of("东坡镇2021年在白沙村举办培训班12期,培训骨干300人次。", "东坡镇")
    b = similarity.frame_of("石桥乡2019年在青山村举办培训班三十期,培训骨干85人次。", "石桥乡")
    assert a == b and "□" in a and "培训班" in a


def test_copies_frame_masks_names_not_words_that_end_in_a_place_suffix():
    """Two characters before 村/镇/乡/组/社区 are a name only where the suffix does not end a
    common word with the character before it (农村, 乡镇, 全镇, 小组 …)."""
    kept = ["今年我们大力推进农村人居环境整治", "全面振兴乡村产业", "统筹城乡发展", "推进新型城镇化建设",
            "全县各乡镇", "今年全镇共有", "机关干部进村入户", "派驻村工作队", "成立领导小组",
            "下辖行政村", "下辖多个自然村", "组织法律进社区", "开展科技下乡活动", "深入各村委会",
            "推进乡镇综合改革", "建设新农村"]
    for text in kept:
        assert similarity.frame_of(text) == text, text
    named = {"在白沙村举办": "在□举办", "东坡镇今年": "□今年", "河西乡召开": "□召开",
             "石桥街道办": "□办", "和平社区组织": "□组织", "青山村委会": "□", "红星新村": "红□",
             "东坡村三组": "□三组"}
    for text, frame in named.items():
        assert similarity.frame_of(text) == frame, text


def _frame_archive(n: int = 50, copy: bool = False, closing: bool = False):
    """``n`` reports of invented townships: each its own text (random characters, so no two
    alike), one sentence of one frame with other numbers and village names, optionally a stock
    closing with the township's name, and (``copy``) two sentences of report 0 copied into report
    1 (one with its numbers changed)."""
    import random

    rng = random.Random(5)
    han = [chr(c) for c in range(0x4E00, 0x9FA5)]
    towns = [f"{''.join(rng.choice(han) for _ in range(2))}镇" for _ in range(n)]
    own = [["".join(rng.choice(han) for _ in range(40)) + f"共{rng.randint(100, 999)}人。" for _ in range(4)]
           for _ in range(n)]
    texts, rows = {}, []
    for k, town in enumerate(towns):
        village = "".join(rng.choice(han) for _ in range(2)) + "村"
        frame = (f"{town}今年在{village}举办培训班{rng.randint(2, 60)}期,培训骨干{rng.randint(50, 900)}人次,"
                 f"发放宣传资料{rng.randint(800, 30000)}份。")
        body = own[k][:2] + [frame] + own[k][2:]
        if copy and k == 1:
            body += [own[0][0], own[0][3].replace("共", "共1")]  # the second with another number
        if closing:
            body.append(f"以上是{town}今年的工作汇报,不妥之处敬请各位领导批评指正。")
        src = f"{town}.txt"
        texts[src] = f"{town}工作汇报\n" + "\n".join(body) + "\n"
        rows.append(dict(source=src, report=1, start=0, end=len(texts[src]), township=town))
    return pd.DataFrame(rows), texts


def test_copies_one_frame_in_many_reports_is_one_boilerplate_row():
    reports, texts = _frame_archive(50)
    cr = copies(reports, texts)
    assert len(cr.pairs) == 0
    frame_rows = cr.boilerplate[cr.boilerplate.text.str.contains("举办培训班")]
    assert len(frame_rows) == 1  # one family, not 50 rows nor 1,225 compared pairs
    assert frame_rows.iloc[0].reports == 50 and frame_rows.iloc[0].variants == 50
    assert cr.stats["families"] == cr.stats["texts"] - 49 and cr.stats["units"] == 1


def test_copies_genuine_copy_inside_a_frame_heavy_archive_is_found():
    reports, texts = _frame_archive(50, copy=True)
    cr = copies(reports, texts)
    assert len(cr.pairs) == 1
    p = cr.pairs.iloc[0]
    assert {p.source_a, p.source_b} == {reports.source[0], reports.source[1]} and p.shared_passages == 2
    assert not cr.passages.text_a.str.contains("举办培训班").any()  # the frame is not the copy


def test_copies_stock_closing_with_each_name_is_counted_as_boilerplate():
    reports, texts = _frame_archive(40, closing=True)
    cr = copies(reports, texts)
    assert len(cr.pairs) == 0
    rows = cr.boilerplate[cr.boilerplate.text.str.contains("敬请各位领导批评指正")]
    assert len(rows) == 1 and rows.iloc[0].reports == 40 and rows.iloc[0].variants == 40


def test_copies_pairs_name_their_townships_and_flag_a_township_copying_itself(tmp_path, capsys):
    """Each pair names both reports' townships; two reports of one township (its 2020 and 2021
    summaries sharing its own sentences) are flagged same_township, so an analyst looking for
    townships that copy each other can leave them out."""
    body = "\n".join(CD)
    for town, year in [("东坡镇", 2020), ("东坡镇", 2021), ("石桥乡", 2021)]:
        own = OWN["a"] if town == "东坡镇" else OWN["b"]
        (tmp_path / f"{town}{year}.txt").write_text(
            f"{town}{year}年计划生育协会工作总结\n{own[year % 2]}\n{body}\n", encoding="utf-8")
    reports, _f, _b, _s, texts, _files = load_inputs([tmp_path])
    pairs = copies(reports, texts).pairs
    assert len(pairs) == 3
    cols = list(pairs.columns)
    assert cols[cols.index("report_b") + 1:cols.index("report_b") + 4] == [
        "township_a", "township_b", "same_township"]
    flagged = {frozenset((a, b)): s for a, b, s in zip(pairs.township_a, pairs.township_b, pairs.same_township)}
    assert flagged == {frozenset({"东坡镇"}): True, frozenset({"东坡镇", "石桥乡"}): False}
    assert main(["compare", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.count("(same township 同一乡镇)") == 1


def test_find_copies_neighbours_is_deprecated_and_ignored(tmp_path):
    """``neighbours`` is still accepted (old callers) but warns and changes nothing."""
    import warnings

    _four_files(tmp_path)
    reports, _f, _b, _s, texts, _files = load_inputs([str(tmp_path)])
    passages = []
    for src, text in texts.items():
        reps = reports[reports["source"] == src]
        passages += similarity.passages_of(text, src, list(zip(reps["report"], reps["start"], reps["end"])))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no warning without it
        plain = similarity.find_copies(passages)
    with pytest.warns(DeprecationWarning, match="neighbours"):
        old = similarity.find_copies(passages, neighbours=5)
    pd.testing.assert_frame_equal(plain.pairs, old.pairs)
    assert len(plain.pairs) == 2


def test_passages_a_short_last_sentence_joins_the_one_before():
    """Short sentences are merged with the next one; a report's short last sentence has none,
    so it joins the one before (it was left out of copy detection)."""
    long1 = "镇协会为每个村配备了一名专职信息员负责流动人口信息的采集和报送。"
    long2 = "乡卫生院每季度派出医生到各村卫生室为育龄群众提供免费的孕前优生健康检查。"
    text = f"甲乡工作汇报\n{long1}{long2}请领导审阅。\n"
    got = similarity.passages_of(text, "a.txt", [(0, 0, len(text))])
    assert [p.text for p in got] == [f"甲乡工作汇报\n{long1}", f"{long2}请领导审阅。"]
    assert text[got[-1].start:got[-1].end] == f"{long2}请领导审阅。"
    # a report that ends in a long sentence (and white space) is cut as before
    text = f"甲乡工作汇报\n{long1}{long2}\n\n"
    assert [p.text for p in similarity.passages_of(text, "a.txt", [(0, 0, len(text))])] == \
        [f"甲乡工作汇报\n{long1}", long2]
    # a report of one short sentence is still no passage
    assert similarity.passages_of("请领导审阅。", "a.txt", [(0, 0, 6)]) == []


def test_find_copies_a_passage_in_each_of_three_townships_is_boilerplate():
    """In a folder of three townships (two years each), a closing paragraph that each of them
    filed once is stock text (as a passage in all their reports is), not three copies."""
    import random

    rng = random.Random(7)
    han = [chr(c) for c in range(0x4e00, 0x4e00 + 3000)]
    stock = ("以上汇报如有不妥之处敬请各位领导批评指正我们将在今后的工作中继续努力切实做好各项工作。"
             "今后我们将继续在上级党委政府的正确领导下进一步开拓创新扎实工作推动协会工作再上新台阶。")
    passages, names = [], {}
    for town in ("甲镇", "乙乡", "丙镇"):
        for year in (2020, 2021):
            src = f"{town}{year}.txt"
            own = "".join("".join(rng.choice(han) for _ in range(40)) + "。" for _ in range(6))
            text = town + own + (stock if year == 2021 else "")
            passages += similarity.passages_of(text, src, [(1, 0, len(text))])
            names[(src, 1)] = town
    res = similarity.find_copies(passages, townships=names)
    assert len(res.pairs) == 0
    assert len(res.boilerplate) >= 1


def test_passages_mend_a_split_number_with_the_rules_the_reports_were_mined_with(tmp_path):
    """A number a line break cut before a user's own unit (樘, window frames: no shipped unit)
    is one passage, as mining read it, when copy detection is given the user's rules."""
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "units.yaml").write_text(
        "units:\n  - {id: tang_frame, forms: [樘], unit: 樘, kind: count}\n", encoding="utf-8")
    split = ("东岭乡今年为全乡困难计生家庭更换了老旧门窗,共计安装塑钢窗框48\n\n樘,全部由协会会员义务施工完成。"
             "协会还组织志愿者逐户回访,登记住户意见二十余条并当场整改到位,群众满意。")
    whole = split.replace("48\n\n樘", "48樘").replace("东岭乡", "西岭乡")
    text = f"{split}\n"
    assert [p.text for p in similarity.passages_of(text, "a.txt", [(1, 0, len(text))])][0].endswith("48")
    mended = similarity.passages_of(text, "a.txt", [(1, 0, len(text))], str(rules))
    assert "48樘,全部由协会会员义务施工完成" in mended[0].text
    texts = {"a.txt": split, "b.txt": whole}
    reports = pd.DataFrame({"source": ["a.txt", "b.txt"], "report": [1, 1], "start": [0, 0],
                            "end": [len(split), len(whole)], "township": ["东岭乡", "西岭乡"]})
    got = copies(reports, dict(texts), rules_dir=str(rules)).passages
    assert any("48樘" in t for t in got["text_a"])
    assert (got["similarity"] > 0.9).all()


# a long distinctive sentence copied whole between two townships, beside stock sentences
LONG_COPIED = ("协会联合乡卫生院在每个行政村设立了孕前优生健康检查流动服务点,由两名医生和一名协会骨干组成服务小分队,"
               "每月逢五逢十上门为待孕夫妇提供免费检查、咨询和随访服务。")
SHORT_COPIED = "协会在集镇中心广场新建了一座婚育文化长廊,成为群众休闲的好去处。"
STOCK_OPENING = ("全乡上下坚持以科学发展观为统领,认真贯彻落实上级关于人口和计划生育工作的决策部署,"
                 "紧紧围绕稳定低生育水平、统筹解决人口问题的目标任务,扎实推进各项工作。")
STOCK_CLOSING = "以上汇报,如有不妥之处,恳请各位领导批评指正。"
TOWN_WORDS = {
    "东岭乡": ["东岭乡地处山区,林地面积大,全乡群众居住分散,交通条件较差,服务半径长。",
             "乡协会今年重点抓了留守儿童关爱,组织骨干逐户走访,送去书包文具等学习用品。"],
    "西岭乡": ["西岭乡紧邻高速公路出口,外出务工人员多,流动人口管理任务十分繁重。",
             "乡里在务工人员返乡高峰期设立服务窗口,集中办理证明材料,方便群众少跑腿。"],
    "南坪镇": ["南坪镇是全县的蔬菜主产区,大棚种植户多,群众收入水平在全县位居前列。",
             "镇协会依托蔬菜合作社开展生育关怀,为计生家庭优先提供种苗和技术指导。"],
    "北坪镇": ["北坪镇历史上是商贸重镇,老街保存完好,近年来大力发展乡村旅游产业。",
             "镇协会在旅游景区设立了宣传咨询台,向游客和商户发放婚育新风宣传资料。"],
    "河口乡": ["河口乡位于两江交汇处,水产养殖是当地主导产业,渔民群众居住在沿江一带。",
             "乡协会组织志愿者乘船进入渔村,把避孕药具和健康知识送到渔民家中。"],
    "石门镇": ["石门镇工业企业集中,外来务工青年多,镇协会把青春健康教育作为工作重点。",
             "镇里联合企业工会举办青春健康讲座,邀请专家为务工青年讲解生殖健康知识。"],
}


def _one_sentence_archive():
    """Six townships (one report each, 东岭乡 a second year): each opens with a long stock sentence
    every report has and closes with the stock closing; 东岭乡 and 西岭乡 share one long
    distinctive sentence (75 Han characters), 南坪镇 and 北坪镇 one short one (30)."""
    texts, rows = {}, []
    LATER = ["东岭乡今年新修了通村公路,群众出行条件明显改善,服务对象联系更加方便。",
             "乡协会组织骨干为高龄计生老人开展义诊,测量血压血糖,发放常用药品。"]
    POOL = ["春节前夕,协会班子成员带着米面油走访慰问了独生子女伤残死亡家庭,送上节日的问候。",
            "今年汛期雨水偏多,协会及时组织会员帮助受灾群众转移财物,抢修受损房屋。",
            "协会把每月十五日定为会员活动日,集中学习政策文件,交流工作经验和体会。",
            "为了丰富群众文化生活,协会组建了一支腰鼓队,在重大节日期间开展巡回演出。",
            "协会在中心小学开设了青春期健康课堂,由校医和女教师轮流为高年级学生授课。",
            "针对部分村账目不清的问题,协会配合纪检部门开展了专项清理,规范了财务管理。",
            "协会积极争取县级项目资金,为三个偏远村配备了健身器材和图书阅览设施。",
            "在秋收农忙季节,协会发动青年志愿者帮助缺少劳力的困难家庭抢收玉米和水稻。",
            "协会与县妇幼保健院签订了合作协议,每季度派专家到乡卫生院坐诊一次。",
            "协会通过微信群及时推送惠民政策和健康知识,关注人数比去年明显增加。",
            "今年协会首次评选了十佳文明家庭,并在乡政府大院张榜公布,引起热烈反响。",
            "协会对照年初目标逐项自查,发现宣传阵地更新不及时的问题,已经全部整改。",
            "协会协调民政部门把符合条件的计生特困家庭纳入低保,做到应保尽保。",
            "协会在集贸市场开展了优生优育咨询活动,现场解答群众提出的各类问题。",
            "协会组织会员参加了县里举办的业务知识竞赛,取得了团体第二名的好成绩。",
            "协会对流入人口建立了信息台账,做到底数清、情况明,服务管理及时到位。",
            "协会在重阳节期间举办了敬老爱老主题活动,为八十岁以上老人集体祝寿。",
            "协会发动会员参与人居环境整治,清理房前屋后的垃圾杂物,村容村貌焕然一新。",
            "协会利用农闲时间举办了家政服务技能培训,帮助一批妇女实现就近就业。",
            "协会把村规民约修订工作作为村民自治的抓手,广泛征求群众意见后张贴上墙。",
            "协会开展了出生缺陷干预宣传周活动,发放叶酸增补知识手册,覆盖所有待孕妇女。"]
    used = iter(POOL)
    def add(town, year, own, extra):
        mine = [next(used), next(used), next(used)]
        body = [f"{town}{year}年计生协会工作总结", own[0], STOCK_OPENING] + mine[:2] + extra + [mine[2], own[1], STOCK_CLOSING]
        text = "\n".join(body); src = f"{town}/{year}.txt"
        texts[src] = text
        rows.append(dict(source=src, report=1, start=0, end=len(text), township=town))
    for town, own in TOWN_WORDS.items():
        extra = [LONG_COPIED] if town in ("东岭乡", "西岭乡") else [SHORT_COPIED] if town in ("南坪镇", "北坪镇") else []
        add(town, 2020, own, extra)
    add("东岭乡", 2021, LATER, [LONG_COPIED])   # its own long sentence again, a year later
    return pd.DataFrame(rows), texts


def test_one_long_sentence_copied_whole_between_townships_is_a_pair():
    """Measured on this invented archive: with two shared passages required, the long copied
    sentence made no pair; now it does (both years of 东岭乡 with 西岭乡), while a short shared
    sentence, the long stock sentence (boilerplate) and 东岭乡 repeating its own sentence do not."""
    reports, texts = _one_sentence_archive()
    cr = copies(reports, texts)
    pairs = cr.pairs
    assert sorted(zip(pairs.township_a, pairs.township_b)) == [("东岭乡", "西岭乡"), ("东岭乡", "西岭乡")]
    assert (pairs.shared_passages == 1).all() and not pairs.same_township.any()
    assert set(cr.passages.text_a) == {LONG_COPIED}
    assert any(STOCK_OPENING in t for t in cr.boilerplate.text)
    # without the rule (LONG_PASSAGE = 0) a pair needs two shared passages: none here
    old = similarity.LONG_PASSAGE
    try:
        similarity.LONG_PASSAGE = 0
        assert copies(reports, texts).pairs.empty
    finally:
        similarity.LONG_PASSAGE = old
