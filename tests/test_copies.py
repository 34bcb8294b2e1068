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
    assert listed == {tuple(sorted(p)) for p in planted}  # nothing else is paired by the closings
    whole = set(cr.pairs[cr.pairs.share_a < 0.9].pair)  # pairs that copied a few sentences
    shared = cr.passages[cr.passages.pair.isin(whole)].text_a
    assert not any(c in t for c in closings for t in shared)


def test_copies_lsh_bands_grow_as_the_threshold_falls():
    bands = [similarity._lsh_bands(t) for t in (0.9, 0.8, 0.6, 0.4)]
    assert bands == sorted(bands) and bands[0] >= 8 and bands[-1] <= 200
