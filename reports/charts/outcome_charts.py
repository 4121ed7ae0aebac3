"""Charts of one simulation Outcome, each drawn on a given matplotlib Axes (Qt-free; the app embeds them).

Labels come from simulation.kpis.KPIS in the requested language; statistics come from the Outcome
(its per-day rows, replication KPIs, utilization and event log) without being recomputed here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes

from optimizer.common.kinds import KINDS, kind_label

from .style import PALETTE

TEXT = {
    "zh": {"day": "天", "replication_mean": "各次重复的均值", "response": "响应时间（分钟）", "count": "事件数",
           "util": "利用率（%）", "vehicles": "车辆/班组", "planned": "方案成本（按作业，每天）", "simulated": "仿真成本/天",
           "no_data": "无数据", "target": "目标", "reps_shown": "第 {reps} 次重复的 {n} 个事件"},
    "en": {"day": "day", "replication_mean": "mean over replications", "response": "response time (min)",
           "count": "incidents", "util": "utilization (%)", "vehicles": "vehicles / crews",
           "planned": "planned cost by work, per day", "simulated": "simulated cost per day", "no_data": "no data",
           "target": "target", "reps_shown": "{n} incidents of replication {reps}"},
}


def _label(kpi: str, lang: str) -> str:
    from simulation.kpis import kpi_info

    info = kpi_info(kpi)
    text = info.label_zh if lang == "zh" else info.label_en
    return f"{text} ({info.unit})" if info.unit else text


def _no_data(ax: Axes, lang: str) -> None:
    ax.text(0.5, 0.5, TEXT[lang]["no_data"], ha="center", va="center", transform=ax.transAxes, color="#888888")


def draw_kpis_per_day(ax: Axes, outcome: Any, kpis: Sequence[str], lang: str = "en") -> None:
    """Each KPI's daily value, averaged over replications, with the replications' range shaded."""
    days = outcome.days
    drawn = False
    for i, kpi in enumerate(kpis):
        table = np.full((len(outcome.replications), days), np.nan)
        for r, rep in enumerate(outcome.replications):
            for row in rep.daily:
                if kpi in row and row[kpi] is not None and int(row["day"]) < days:
                    table[r, int(row["day"])] = row[kpi]
        if np.all(np.isnan(table)):
            continue
        has = ~np.all(np.isnan(table), axis=0)  # days a stopped run did not reach stay out
        x = np.arange(1, days + 1)[has]
        kept = table[:, has]
        colour = PALETTE[i % len(PALETTE)]
        ax.plot(x, np.nanmean(kept, axis=0), marker="o", color=colour, label=_label(kpi, lang))
        if kept.shape[0] > 1:
            ax.fill_between(x, np.nanmin(kept, axis=0), np.nanmax(kept, axis=0), color=colour, alpha=0.15)
        drawn = True
    if not drawn:
        _no_data(ax, lang)
        return
    ax.set_xlabel(TEXT[lang]["day"])
    ax.set_xticks(np.arange(1, days + 1))
    ax.legend(fontsize=8, loc="best")
    ax.set_title(TEXT[lang]["replication_mean"], fontsize=10)


def draw_cost_breakdown(ax: Axes, outcome: Any, plan: Any | None, lang: str = "en") -> None:
    """Planned route cost per kind of work when a plan is given, else the simulated cost of each day."""
    t = TEXT[lang]
    if plan is not None and plan.parts:
        kinds = [k for k in KINDS if k in plan.parts]
        names = [kind_label(k, lang) for k in kinds]
        values = [plan.parts[k].cost for k in kinds]
        colours = [PALETTE[i] for i in range(len(kinds))]
        title = t["planned"]
    else:
        days = sorted({int(row["day"]) for rep in outcome.replications for row in rep.daily if "cost" in row})
        names = [str(d + 1) for d in days]
        values = [float(np.mean([row["cost"] for rep in outcome.replications for row in rep.daily
                                 if int(row["day"]) == d and "cost" in row])) for d in days]
        colours = [PALETTE[0]] * len(values)
        title = t["simulated"]
        ax.set_xlabel(t["day"])
    if not values:
        _no_data(ax, lang)
        return
    bars = ax.bar(range(len(values)), values, color=colours)
    ax.bar_label(bars, labels=[f"{v:,.0f}" for v in values], fontsize=7)
    ax.set_xticks(range(len(values)), names)
    ax.set_ylabel(_label("cost", lang))
    ax.set_title(title, fontsize=10)


def response_times_min(outcome: Any) -> np.ndarray:
    """Response times (minutes) of every answered incident in the outcome's event log."""
    from simulation.eventlog import RESPONSE

    log = outcome.event_log
    if log is None or not len(log):
        return np.zeros(0)
    rows = log.events[log.events["event"] == RESPONSE]
    return rows["value"].astype(float)


def draw_response_times(ax: Axes, outcome: Any, lang: str = "en", target_min: float | None = None) -> None:
    """Histogram of incident response times, with the mean and (optionally) the target marked."""
    from simulation.eventlog import RESPONSE

    t = TEXT[lang]
    values = response_times_min(outcome)
    if not len(values):
        _no_data(ax, lang)
        return
    # A few very late answers would squeeze the rest into one bar: bin up to the 98th percentile.
    upper = float(np.percentile(values, 98)) if len(values) > 20 else float(values.max())
    ax.hist(values, bins=min(30, max(5, len(values) // 3)), range=(0.0, max(upper, 1.0)), color=PALETTE[0],
            alpha=0.85)
    # The event log may hold only some replications (the first, by default): the line is the mean of the
    # incidents drawn, and says so, while the KPI card averages every replication.
    events = outcome.event_log.events
    reps = sorted({int(r) + 1 for r in events["rep"][events["event"] == RESPONSE]})
    shown = t["reps_shown"].format(reps="、".join(map(str, reps)) if lang == "zh" else ", ".join(map(str, reps)),
                                   n=len(values))
    ax.axvline(float(values.mean()), color=PALETTE[3], linewidth=1.5, label=f"{_label('response_mean_min', lang)} "
               f"({shown}): {values.mean():.0f}")
    if target_min is not None:
        ax.axvline(target_min, color="#333333", linestyle="--", linewidth=1, label=f"{t['target']}: {target_min:g}")
    ax.set_xlabel(t["response"])
    ax.set_ylabel(t["count"])
    ax.legend(fontsize=8)


def draw_utilization(ax: Axes, outcome: Any, lang: str = "en", bars_up_to: int = 24) -> None:
    """Utilization of each vehicle or crew (first replication): one bar each when few, else a histogram."""
    t = TEXT[lang]
    util = outcome.replications[0].utilization if outcome.replications else {}
    if not util:
        _no_data(ax, lang)
        return
    if len(util) <= bars_up_to:
        items = sorted(util.items(), key=lambda kv: -kv[1])
        ax.barh(range(len(items)), [v for _, v in items], color=PALETTE[2])
        ax.set_yticks(range(len(items)), [k for k, _ in items], fontsize=7)
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.set_xlabel(t["util"])
    else:
        values = np.array(list(util.values()), dtype=float)
        ax.hist(values, bins=20, range=(0, 100), color=PALETTE[2])
        ax.axvline(float(values.mean()), color=PALETTE[3], linewidth=1.5, label=f"{values.mean():.0f} %")
        ax.legend(fontsize=8)
        ax.set_xlabel(t["util"])
        ax.set_ylabel(t["vehicles"])
    ax.set_title(f"{t['vehicles']} ({len(util)})", fontsize=10)
