"""The sizing curve: count → cost (bars) and the assessment KPIs against their targets (lines)."""

from __future__ import annotations

from typing import Any

from matplotlib.axes import Axes

from .style import PALETTE

_WORDS = {
    "zh": {"cost": "成本（元）", "pct": "考核指标（%）", "smallest": "达标最小值", "count": "数量", "none": "无数据"},
    "en": {"cost": "cost (CNY)", "pct": "assessment KPI (%)", "smallest": "smallest meeting targets", "count": "count",
           "none": "no data"},
}
WHAT_LABELS = {
    "zh": {"trucks": "压缩车", "sweepers": "扫路车", "sweeping-crews": "清扫人员", "toilet-crews": "公厕保洁员",
           "patrols": "执法队员"},
    "en": {"trucks": "compactor trucks", "sweepers": "road sweepers", "sweeping-crews": "sweeping crews",
           "toilet-crews": "toilet cleaners", "patrols": "enforcement officers"},
}
_PCT_KPIS = ("collection_compliance_pct", "toilet_rounds_on_time_pct", "dirty_segment_hours_pct", "morning_sweep_pct",
             "response_within_target_pct", "routes_within_shift_pct")


def draw_sizing(ax: Axes, result: Any, lang: str = "en") -> None:
    """Cost per count on ``ax`` and the KPI shares on a twin axis, targets dashed, the answer marked."""
    from simulation.kpis import kpi_info

    w = _WORDS[lang]
    points = sorted(result.points, key=lambda p: p.count)
    if not points:
        ax.text(0.5, 0.5, w["none"], ha="center", va="center", transform=ax.transAxes)
        return
    counts = [p.count for p in points]
    ax.bar(counts, [p.kpis.get("cost", 0.0) for p in points], width=max(0.6, 0.5 * min(
        (b - a for a, b in zip(counts, counts[1:], strict=False)), default=1)), color="#D9D9D9", label=w["cost"])
    ax.set_xlabel(f"{WHAT_LABELS[lang].get(result.what, result.what)} ({w['count']})")
    ax.set_xticks(counts)
    ax.set_ylabel(w["cost"])
    twin = ax.twinx()
    for colour, key in zip(PALETTE, _PCT_KPIS, strict=False):
        values = [p.kpis.get(key, float("nan")) for p in points]
        info = kpi_info(key)
        twin.plot(counts, values, marker="o", color=colour, label=info.label_zh if lang == "zh" else info.label_en)
        target = next((v.target for p in points for v in p.verdicts if v.kpi == key), None)
        if target is not None:
            twin.axhline(target, color=colour, linestyle="--", linewidth=0.8)
    twin.set_ylabel(w["pct"])
    twin.set_ylim(0, 105)
    best = result.smallest
    if best is not None:
        ax.axvline(best.count, color="#000000", linewidth=1.2)
        ax.annotate(f" {w['smallest']}: {best.count}", (best.count, ax.get_ylim()[1] * 0.5), ha="left", fontsize=8,
                    bbox={"boxstyle": "round", "facecolor": "white", "alpha": 0.8})
    handles, labels = twin.get_legend_handles_labels()
    twin.legend(handles, labels, fontsize=7, loc="lower right")
