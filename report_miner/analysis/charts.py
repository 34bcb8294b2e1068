"""Charts for the comparison: bars per metric, lines over years, a completeness heat map.

Readable however many townships an archive holds (issue 14: 40+ townships made a line chart
whose legend covered the plot and a 157-megapixel heat map):

- bars are horizontal, one row per township, at most :data:`BARS_PER_PAGE` per image
  (``bar_<metric>.png``, then ``bar_<metric>_p2.png`` …);
- lines over the years: up to :data:`LEGEND_MAX` townships share one plot with the legend
  outside it, on the right; more become small multiples (one small panel per township,
  :data:`PANELS_PER_PAGE` per image);
- the completeness heat map has one row per report up to :data:`HEATMAP_ROWS` rows; beyond,
  it is aggregated to one row per township (the share of its reports that state each metric),
  paginated by :data:`HEATMAP_ROWS` townships;
- every image stays far below PIL's decompression-bomb limit (:data:`MAX_PIXELS`), and no
  chart writes more than ``max_pages`` pages (the tables hold every value).

PNG and SVG (text drawn as outlines in SVG, so no font is needed to view it). Chinese labels
need a CJK font: a CJK font known to the system (Noto Sans CJK, Source Han Sans, WenQuanYi …)
is used when there is one; otherwise the Noto Sans CJK font shipped by the
``cvttf-notosanscjk-regular`` package, which the ``charts`` extra installs.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from itertools import chain
from pathlib import Path

import pandas as pd

from .township_order import sort_key as township_sort_key
from .township_order import township_key

_SYSTEM_CJK = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
               "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Microsoft YaHei", "SimHei",
               "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK TC", "Noto Sans CJK JP")
STATUS_CODE = {"absent": 0, "blank": 1, "stated": 2}
BARS_PER_PAGE = 50
LEGEND_MAX = 10
PANELS_PER_PAGE = 40
PANEL_COLUMNS = 8
HEATMAP_ROWS = 80
MAX_PAGES = 20
DPI = 130
MAX_PIXELS = 40_000_000
"""Largest image written (pixels); PIL refuses to open images above about 89 million."""


@lru_cache(maxsize=1)
def cjk_font() -> str:
    """Register and return the name of a font that draws Chinese; raise if there is none."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    for name in _SYSTEM_CJK:
        if name in names:
            return name
    try:
        import cvttf_NotoSansCJK_Regular as shipped
    except ImportError as exc:  # pragma: no cover - the charts extra installs it
        raise RuntimeError("no CJK font found; install the charts extra: "
                           "pip install 'report_miner[charts]' / 没有中文字体") from exc
    path = shipped.get_TTF_path()
    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()


def _setup():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["font.family"] = [cjk_font(), "DejaVu Sans"]
    plt.rcParams["axes.unicode_minus"] = False
    plt.rcParams["svg.fonttype"] = "path"
    return plt


def _save(fig, out: Path, stem: str) -> list[Path]:
    paths = []
    w, h = fig.get_size_inches()
    dpi = min(DPI, int((MAX_PIXELS / max(w * h, 1e-9)) ** 0.5))  # never past MAX_PIXELS
    for ext in ("png", "svg"):
        p = out / f"{stem}.{ext}"
        fig.savefig(p, dpi=dpi, bbox_inches="tight")
        paths.append(p)
    return paths


def _pages(items: Sequence, size: int, max_pages: int) -> list[Sequence]:
    """``items`` (a list or an array) cut into pages of ``size``, the first ``max_pages``."""
    return [items[i:i + size] for i in range(0, min(len(items), size * max_pages), size)]


def _stem(base: str, page: int) -> str:
    return base if page == 1 else f"{base}_p{page}"


def column_unit(comparison, column: str) -> str:
    """The unit the values of ``column`` are in (the most frequent unit of the figures that fill
    it, from the ``choices`` table: 元 for money, whatever the report wrote, 万元 included);
    "" when unknown."""
    ch = getattr(comparison, "choices", None)
    if ch is None or not len(ch) or "unit" not in ch or "column" not in ch:
        return ""
    units = ch.loc[(ch["column"] == column) & ch["value"].notna(), "unit"].dropna()
    units = units[units.astype(str) != ""]
    return str(units.mode().iloc[0]) if len(units) else ""


def chart_rows(comparison, metric: str) -> pd.DataFrame:
    """The rows of ``comparison.table`` that state ``metric``, at most one per township and
    year, chosen as compare's cells choose: with ``per="report"`` the report of a township's
    year that compare prefers (``comparison.report_rank``: results before other reports before
    plans, full-year before part-year), the first in the table's order among equals; rows
    without a year are all kept; one row per township and year already is kept as it is.
    The one choice :func:`bar_figures` and :func:`line_figures` both draw."""
    stated = comparison.table.dropna(subset=[metric])
    if getattr(comparison, "per", "") != "report" or not len(stated) or "report" not in stated:
        return stated
    ranks = getattr(comparison, "report_rank", None) or {}
    rank = [ranks.get((str(s), int(r)), 2) for s, r in zip(stated["source"], stated["report"])]
    ranked = stated.assign(_rank=rank, _pos=range(len(stated)))
    dated = ranked[ranked["year"].notna()].sort_values(["_rank", "_pos"], kind="stable")
    dated = dated.drop_duplicates(subset=["township", "year"], keep="first")
    kept = pd.concat([dated, ranked[ranked["year"].isna()]]).sort_values("_pos", kind="stable")
    return kept.drop(columns=["_rank", "_pos"])


def bar_figures(comparison, metric: str, labels: dict[str, str] | None = None, plt=None,
                max_pages: int = MAX_PAGES):
    """(stem, figure) per page of the bar chart of ``metric``: each township's latest value
    (of the latest year that states it: a year left blank does not hide the township), largest
    first, horizontal bars, :data:`BARS_PER_PAGE` townships a page. The year is in the title
    when all bars share one, else beside each township's name; the unit is on the axis."""
    plt = plt or _setup()
    labels = labels or {}
    stated = chart_rows(comparison, metric)  # --per report: the report compare's cells prefer
    latest = stated.sort_values("year", na_position="first", kind="stable").groupby("township").tail(1)
    # largest first; equal values in pinyin order of the townships (白沙镇, 青山乡, 石桥镇)
    data = latest[["township", metric, "year"]].sort_values([metric, "township"], ascending=[False, True],
                                                             key=township_sort_key)
    years = {int(y) for y in data["year"].dropna()}
    one_year = len(years) == 1 and data["year"].notna().all()

    def name(town, year) -> str:
        return str(town) if one_year or pd.isna(year) else f"{town} ({int(year)})"

    rows = [(name(t, y), v) for t, v, y in data.itertuples(index=False, name=None)]
    unit = column_unit(comparison, metric)
    pages = _pages(rows, BARS_PER_PAGE, max_pages)
    for n, page in enumerate(pages, start=1):
        fig, ax = plt.subplots(figsize=(8, 0.28 * len(page) + 1.6))
        names = [str(t) for t, _ in page][::-1]
        ax.barh(names, [v for _, v in page][::-1], color="#3b6ea8")
        title = f"{labels.get(metric, metric)}  ({metric})"
        title += f"  {min(years)}年 year" if one_year else "  各乡镇最新年份 latest year of each"
        if len(rows) > BARS_PER_PAGE:
            first = (n - 1) * BARS_PER_PAGE + 1
            title += f"\n{first}-{first + len(page) - 1} / {len(rows)} 个乡镇 townships"
        ax.set_title(title)
        ax.set_xlabel(labels.get(metric, metric) + (f" ({unit})" if unit else ""))
        ax.tick_params(axis="y", labelsize=8)
        ax.margins(y=0.01)
        ax.grid(axis="x", alpha=0.3)
        yield _stem(f"bar_{metric}", n), fig


def line_figures(comparison, metric: str, labels: dict[str, str] | None = None, plt=None,
                 max_pages: int = MAX_PAGES):
    """(stem, figure) per page of ``metric`` over the years, for townships with two years or more:
    one plot with the legend outside on the right up to :data:`LEGEND_MAX` townships, else
    small multiples (one panel per township, shared axes)."""
    plt = plt or _setup()
    labels = labels or {}
    # --per report: each year's report compare's cells prefer (full-year summary first)
    multi = chart_rows(comparison, metric).dropna(subset=["year"]).groupby("township").filter(lambda g: g["year"].nunique() > 1)
    if not len(multi):
        return
    # every year from a township's first to its last: a year without a value (left blank, or no
    # report) is a gap in its line, never bridged as if the value went straight across
    groups = []
    for town, g in multi.groupby("township"):
        s = g.assign(year=g["year"].astype(int)).groupby("year")[metric].first()
        s = s.reindex(range(int(s.index.min()), int(s.index.max()) + 1))
        groups.append((town, pd.DataFrame({"year": s.index, metric: s.to_numpy(dtype=float)})))
    groups.sort(key=lambda tg: township_key(tg[0]))  # legend and panels in pinyin order
    unit = column_unit(comparison, metric)
    title = f"{labels.get(metric, metric)}{f' ({unit})' if unit else ''} 逐年变化 by year"
    if len(groups) <= LEGEND_MAX:
        fig, ax = plt.subplots(figsize=(7, 4))
        for town, g in groups:
            ax.plot(g["year"].astype(int), g[metric], marker="o", label=town)
        ax.set_title(title)
        ax.set_xlabel("年份 year")
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.02, 1), borderaxespad=0)
        ax.grid(alpha=0.3)
        ax.xaxis.get_major_locator().set_params(integer=True)
        yield f"line_{metric}", fig
        return
    years = multi["year"].astype(int)
    y_max = float(multi[metric].max())
    pages = _pages(groups, PANELS_PER_PAGE, max_pages)
    for n, page in enumerate(pages, start=1):
        rows = -(-len(page) // PANEL_COLUMNS)
        fig, axes = plt.subplots(rows, PANEL_COLUMNS, figsize=(2.0 * PANEL_COLUMNS, 1.6 * rows + 0.8),
                                 sharex=True, sharey=True, squeeze=False)
        for ax, (town, g) in zip(axes.flat, page):
            ax.plot(g["year"].astype(int), g[metric], marker="o", markersize=3, color="#3b6ea8")
            ax.set_title(str(town), fontsize=8)
            ax.grid(alpha=0.3)
            ax.tick_params(labelsize=7)
        for ax in list(axes.flat)[len(page):]:
            ax.set_visible(False)
        axes.flat[0].set_xlim(years.min() - 0.5, years.max() + 0.5)
        axes.flat[0].set_ylim(0, y_max * 1.1 if y_max > 0 else 1)
        axes.flat[0].xaxis.get_major_locator().set_params(integer=True)
        pages_note = f"  ({n}/{len(pages)})" if len(pages) > 1 else ""
        fig.suptitle(f"{title}: {len(groups)} 个乡镇 townships{pages_note}")
        fig.tight_layout()
        yield _stem(f"line_{metric}", n), fig


def draw_charts(comparison, out_dir: str | Path, labels: dict[str, str] | None = None,
                max_pages: int = MAX_PAGES) -> list[Path]:
    """Write the charts of a :class:`report_miner.analysis.compare.Comparison` into ``out_dir``.

    Per metric with values: ``bar_<metric>`` (townships side by side, latest year of each) and,
    where a township reports several years, ``line_<metric>``; plus ``completeness_heatmap``
    (township × core metric: stated / blank / absent). Large archives get more pages
    (``bar_<metric>_p2`` …, at most ``max_pages`` each), small multiples instead of one
    crowded line chart, and an aggregated heat map (see the module docstring). Returns the
    files written.
    """
    plt = _setup()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    labels = labels or {}
    table = comparison.table
    written: list[Path] = []
    if not len(table):
        return written
    for m in comparison.metrics:
        if m not in table or table[m].notna().sum() == 0:
            continue
        for stem, fig in chain(bar_figures(comparison, m, labels, plt, max_pages),
                               line_figures(comparison, m, labels, plt, max_pages)):
            written += _save(fig, out, stem)
            plt.close(fig)
    written += completeness_heatmap(comparison, out, labels, plt, max_pages)
    return written


def heatmap_figures(comparison, labels: dict[str, str] | None = None, plt=None, max_pages: int = MAX_PAGES):
    """(stem, figure) per page of the completeness heat map (see :func:`completeness_heatmap`)."""
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    plt = plt or _setup()
    labels = labels or {}
    st = comparison.status
    metrics = [m for m in comparison.core if m in st]
    if not len(st) or not metrics:
        return
    codes = st[metrics].apply(lambda col: col.map(STATUS_CODE)).astype(float)
    if len(st) <= HEATMAP_ROWS:
        row_labels = [f"{t} {'' if pd.isna(y) else int(y)}".strip() for t, y in zip(st["township"], st["year"])]
        grids = [(row_labels, codes.to_numpy())]
        aggregated = False
    else:  # one row per township: the share of its reports that state each metric
        stated = (codes == STATUS_CODE["stated"]).groupby(st["township"]).mean()
        stated = stated.loc[sorted(stated.index, key=township_key)]  # rows in pinyin order
        row_labels = [str(t) for t in stated.index]
        grids = list(zip(_pages(row_labels, HEATMAP_ROWS, max_pages),
                         _pages(stated.to_numpy(), HEATMAP_ROWS, max_pages)))
        aggregated = True
    total = len(grids)
    for n, (rlabels, grid) in enumerate(grids, start=1):
        fig, ax = plt.subplots(figsize=(0.6 * len(metrics) + 3.5, 0.22 * len(rlabels) + 2.2))
        if aggregated:
            im = ax.imshow(grid, cmap="RdYlGn", vmin=0, vmax=1, aspect="auto", interpolation="nearest")
            bar = fig.colorbar(im, ax=ax, fraction=0.04, pad=0.02)
            bar.set_label("已填报的比例 share of reports stating it")
            title = f"填报完整度 completeness: 乡镇 × 指标 ({len(row_labels)} 个乡镇 townships"
            title += f", {n}/{total})" if total > 1 else ")"
        else:
            cmap = ListedColormap(["#d9d9d9", "#e0614f", "#4caf6a"])
            ax.imshow(grid, cmap=cmap, vmin=0, vmax=2, aspect="auto", interpolation="nearest")
            ax.legend(handles=[Patch(color="#4caf6a", label="已填 stated"), Patch(color="#e0614f", label="空缺 blank"),
                               Patch(color="#d9d9d9", label="未提及 absent")],
                      loc="upper left", bbox_to_anchor=(1.02, 1), borderaxespad=0, fontsize=8)
            title = "填报完整度 completeness: 乡镇 × 指标"
        ax.set_xticks(range(len(metrics)))
        ax.set_xticklabels([labels.get(m, m) for m in metrics], rotation=45, ha="right", fontsize=8)
        ax.set_yticks(range(len(rlabels)))
        ax.set_yticklabels(rlabels, fontsize=8)
        ax.set_title(title)
        yield _stem("completeness_heatmap", n), fig


def completeness_heatmap(comparison, out: Path, labels: dict[str, str], plt=None,
                         max_pages: int = MAX_PAGES) -> list[Path]:
    """Township × metric grid: green stated, red blank (left unfilled), grey absent; one row per
    report up to :data:`HEATMAP_ROWS` rows, else one row per township coloured by the share of
    its reports that state the metric, :data:`HEATMAP_ROWS` townships a page."""
    plt = plt or _setup()
    paths: list[Path] = []
    for stem, fig in heatmap_figures(comparison, labels, plt, max_pages):
        paths += _save(fig, Path(out), stem)
        plt.close(fig)
    return paths
