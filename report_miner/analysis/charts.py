"""Charts for the comparison: bars per metric, lines over years, a completeness heat map.

PNG and SVG (text drawn as outlines in SVG, so no font is needed to view it). Chinese labels
need a CJK font: a CJK font known to the system (Noto Sans CJK, Source Han Sans, WenQuanYi …)
is used when there is one; otherwise the Noto Sans CJK font shipped by the
``cvttf-notosanscjk-regular`` package, which the ``charts`` extra installs.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

_SYSTEM_CJK = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
               "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Microsoft YaHei", "SimHei",
               "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK TC", "Noto Sans CJK JP")
STATUS_CODE = {"absent": 0, "blank": 1, "stated": 2}


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
    for ext in ("png", "svg"):
        p = out / f"{stem}.{ext}"
        fig.savefig(p, dpi=130, bbox_inches="tight")
        paths.append(p)
    return paths


def draw_charts(comparison, out_dir: str | Path, labels: dict[str, str] | None = None) -> list[Path]:
    """Write the charts of a :class:`report_miner.analysis.compare.Comparison` into ``out_dir``.

    Per metric with values: ``bar_<metric>`` (townships side by side, latest year of each) and,
    where a township reports several years, ``line_<metric>``; plus ``completeness_heatmap``
    (township × core metric: stated / blank / absent). Returns the files written.
    """
    plt = _setup()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    labels = labels or {}
    table = comparison.table
    written: list[Path] = []
    if not len(table):
        return written
    latest = table.sort_values("year", na_position="first").groupby("township").tail(1)
    for m in comparison.metrics:
        if m not in table or table[m].notna().sum() == 0:
            continue
        data = latest[["township", m]].dropna().sort_values(m, ascending=False)
        if len(data):
            fig, ax = plt.subplots(figsize=(max(5, 0.7 * len(data) + 2), 4))
            ax.bar(data["township"], data[m], color="#3b6ea8")
            ax.set_title(f"{labels.get(m, m)}  ({m})")
            ax.set_ylabel(labels.get(m, m))
            ax.tick_params(axis="x", rotation=45)
            for lbl in ax.get_xticklabels():
                lbl.set_ha("right")
            ax.grid(axis="y", alpha=0.3)
            written += _save(fig, out, f"bar_{m}")
            plt.close(fig)
        multi = table.dropna(subset=[m, "year"]).groupby("township").filter(lambda g: g["year"].nunique() > 1)
        if len(multi):
            fig, ax = plt.subplots(figsize=(6, 4))
            for town, g in multi.groupby("township"):
                g = g.sort_values("year")
                ax.plot(g["year"].astype(int), g[m], marker="o", label=town)
            ax.set_title(f"{labels.get(m, m)} 逐年变化 by year")
            ax.set_xlabel("年份 year")
            ax.legend(fontsize=8)
            ax.grid(alpha=0.3)
            ax.xaxis.get_major_locator().set_params(integer=True)
            written += _save(fig, out, f"line_{m}")
            plt.close(fig)
    written += completeness_heatmap(comparison, out, labels, plt)
    return written


def completeness_heatmap(comparison, out: Path, labels: dict[str, str], plt=None) -> list[Path]:
    """Township × metric grid: green stated, red blank (left unfilled), grey absent."""
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    plt = plt or _setup()
    st = comparison.status
    metrics = [m for m in comparison.core if m in st]
    rows = st.assign(label=[f"{t} {'' if pd.isna(y) else int(y)}".strip() for t, y in zip(st["township"], st["year"])])
    grid = rows[metrics].apply(lambda col: col.map(STATUS_CODE)).to_numpy(dtype=float)
    fig, ax = plt.subplots(figsize=(1.0 * len(metrics) + 3, 0.45 * len(rows) + 2))
    cmap = ListedColormap(["#d9d9d9", "#e0614f", "#4caf6a"])
    ax.imshow(grid, cmap=cmap, vmin=0, vmax=2, aspect="auto")
    ax.set_xticks(range(len(metrics)))
    ax.set_xticklabels([labels.get(m, m) for m in metrics], rotation=45, ha="right")
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(rows["label"])
    ax.set_title("填报完整度 completeness: 乡镇 × 指标")
    ax.legend(handles=[Patch(color="#4caf6a", label="已填 stated"), Patch(color="#e0614f", label="空缺 blank"),
                       Patch(color="#d9d9d9", label="未提及 absent")],
              loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    paths = _save(fig, out, "completeness_heatmap")
    plt.close(fig)
    return paths
