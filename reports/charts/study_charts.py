"""Charts of a study's comparison; each draws on a matplotlib Axes the caller owns (app or report)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from reports.compare import ComparisonRow, Interval

from .style import PALETTE, apply_chart_style

TEXT = {
    "zh": {"base": "基准", "diff": "与基准之差", "mean": "均值与95%置信区间", "sig": "显著", "ns": "不显著",
           "front": "帕累托前沿", "variants": "方案"},
    "en": {"base": "base", "diff": "difference to base", "mean": "mean and 95% CI", "sig": "significant",
           "ns": "not significant", "front": "Pareto front", "variants": "variants"},
}


def kpi_label(kpi: str, info: Any, lang: str = "en") -> str:
    """'日产日清率 (%)' / 'Same-day compliance (%)' from a KpiInfo-like object, or the KPI name."""
    text = (getattr(info, "label_zh", "") if lang == "zh" else getattr(info, "label_en", "")) or kpi
    unit = getattr(info, "unit", "")
    return f"{text} ({unit})" if unit else text


def _err(ci: Interval) -> float:
    return 0.0 if math.isnan(ci.low) else ci.mean - ci.low


def draw_kpi_means(ax: Axes, rows: Sequence[ComparisonRow], kpi: str, info: Any = None,
                   labels: Mapping[str, str] | None = None, lang: str = "en") -> None:
    """Mean of one KPI per variant with its 95% CI as an error bar; the base in grey."""
    mine = [r for r in rows if r.kpi == kpi]
    names = [(labels or {}).get(r.variant, r.variant) for r in mine]
    colours = ["#999999" if r.difference is None else PALETTE[0] for r in mine]
    xs = range(len(mine))
    ax.bar(xs, [r.estimate.mean for r in mine], yerr=[_err(r.estimate) for r in mine], color=colours, capsize=3)
    ax.set_xticks(list(xs), names, rotation=30 if len(mine) > 4 else 0, ha="right" if len(mine) > 4 else "center")
    ax.set_ylabel(kpi_label(kpi, info, lang))
    ax.set_title(f"{kpi_label(kpi, info, lang)} — {TEXT[lang]['mean']}", fontsize=10)


def draw_paired_differences(ax: Axes, rows: Sequence[ComparisonRow], kpi: str, info: Any = None,
                            labels: Mapping[str, str] | None = None, lang: str = "en") -> None:
    """Forest plot: each variant's paired difference to the base with its CI; filled = significant."""
    mine = [r for r in rows if r.kpi == kpi and r.difference is not None]
    t = TEXT[lang]
    for i, r in enumerate(mine):
        d = r.difference
        assert d is not None
        colour = {"better": PALETTE[2], "worse": PALETTE[3]}.get(r.verdict, PALETTE[0])
        ax.errorbar([d.mean], [i], xerr=[[_err(d)], [_err(d)]], fmt="o", color=colour, capsize=3,
                    markerfacecolor=colour if d.significant else "white")
    ax.axvline(0, color="#555555", linewidth=1)
    ax.set_yticks(range(len(mine)), [(labels or {}).get(r.variant, r.variant) for r in mine])
    ax.invert_yaxis()
    ax.set_xlabel(f"{kpi_label(kpi, info, lang)}: {t['diff']}")
    ax.set_title(f"{kpi_label(kpi, info, lang)} — {t['diff']} (● {t['sig']}, ○ {t['ns']})", fontsize=10)


# Eight parameters: a chart function; its arguments are the series and labels it draws, like matplotlib's own.
def draw_tradeoff(ax: Axes, names: Sequence[str], xs: Sequence[Interval], ys: Sequence[Interval],
                  front: Sequence[int], x_label: str, y_label: str, lang: str = "en") -> None:
    """Each variant at its two KPI means (with CI whiskers); the Pareto front joined by a line."""
    at: dict[tuple[float, float], list[str]] = {}  # variants with equal means share one label
    for i, name in enumerate(names):
        on_front = i in front
        ax.errorbar([xs[i].mean], [ys[i].mean], xerr=[[_err(xs[i])], [_err(xs[i])]], yerr=[[_err(ys[i])], [_err(ys[i])]],
                    fmt="o", color=PALETTE[3] if on_front else "#888888", capsize=2, markersize=6 if on_front else 4)
        at.setdefault((xs[i].mean, ys[i].mean), []).append(name)
    # Labels of points close together on the chart are stacked, not printed over each other.
    span_x = (max(i.mean for i in xs) - min(i.mean for i in xs)) or 1.0
    span_y = (max(i.mean for i in ys) - min(i.mean for i in ys)) or 1.0
    placed: list[tuple[float, float]] = []
    for (x, y), group in sorted(at.items()):
        near = sum(1 for px, py in placed if abs(px - x) < 0.06 * span_x and abs(py - y) < 0.06 * span_y)
        ax.annotate(" = ".join(group), (x, y), textcoords="offset points", xytext=(4, 4 + 11 * near), fontsize=8)
        placed.append((x, y))
    if front:
        ax.plot([xs[i].mean for i in front], [ys[i].mean for i in front], "-", color=PALETTE[3], alpha=0.6,
                label=TEXT[lang]["front"])
        ax.legend(loc="best", fontsize=8)
    ax.set_xlabel(x_label)
    ax.set_ylabel(y_label)


def new_figure(width_in: float = 7.0, height_in: float = 4.0) -> Figure:
    """A figure not tied to pyplot (safe in worker threads and the app)."""
    apply_chart_style()
    return Figure(figsize=(width_in, height_in), layout="constrained")


def save_figure(fig: Figure, stem: Path, formats: Sequence[str] = ("png", "svg", "pdf")) -> list[Path]:
    """Write the figure as stem.png, stem.svg, stem.pdf (fonts embedded as needed by matplotlib)."""
    paths = []
    for fmt in formats:
        path = stem.with_suffix(f".{fmt}")
        fig.savefig(path, dpi=150 if fmt == "png" else None)
        paths.append(path)
    return paths
