"""`main.py size …`: run the sizing, print the curve, write sizing.csv and the chart."""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

from scenarios.errors import DataError
from scenarios.files.atomic import atomic_write_text
from scenarios.jobs import TerminalProgress, ctrl_c_stops
from scenarios.model import Scenario

from .sizing import SIZING_KPIS, WHAT, SizingRequest, SizingResult, default_counts, size_district


def _counts(text: str | None, scenario: Scenario, what: str) -> list[int]:
    if text is None:
        return default_counts(scenario, what)
    try:
        counts = sorted({int(x) for x in text.split(",") if x.strip()})
    except ValueError:
        raise DataError(f"--counts must be whole numbers separated by commas (got {text!r})") from None
    if not counts or counts[0] < 0:
        raise DataError(f"--counts must list counts >= 0 (got {text!r})")
    return counts


def _targets(items: list[str]) -> dict[str, float]:
    from simulation.kpis import KPIS

    out = {}
    for item in items:
        key, _, value = item.partition("=")
        if key.strip() not in KPIS:
            raise DataError(f"--target {item!r}: unknown KPI {key.strip()!r} (expected one of {', '.join(KPIS)})")
        try:
            out[key.strip()] = float(value)
        except ValueError:
            raise DataError(f"--target {item!r}: the value must be a number (got {value!r})") from None
    return out


def run_sizing(scenario: Scenario, args: argparse.Namespace, time_limit_s: float) -> int:
    counts = _counts(args.counts, scenario, args.what)
    targets = _targets(args.target)
    bar = TerminalProgress(f"size {args.what}")
    with ctrl_c_stops() as stop:
        request = SizingRequest(args.what, tuple(counts), time_limit_s, args.days, args.replications, args.seed,
                                extra_targets=targets)
        result = size_district(scenario, request, stop=stop, progress=bar)
    bar.close()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    atomic_write_text(out / "sizing.csv", _csv(result))
    charts = _chart(result, out, args.lang)
    for line in sizing_lines(result, args.lang):
        print(line)
    print(f"wrote {out / 'sizing.csv'}, " + ", ".join(str(p) for p in charts))
    return 130 if result.stopped else 0


def sizing_lines(result: SizingResult, lang: str) -> list[str]:
    """The curve as a table and the answer, in the language asked."""
    zh = lang == "zh"
    head = ["数量" if zh else "count", *SIZING_KPIS, "未完成作业" if zh else "unserved", "达标" if zh else "meets targets"]
    lines = ["  ".join(head)]
    for p in sorted(result.points, key=lambda p: p.count):
        values = [f"{p.kpis.get(k, float('nan')):,.1f}" for k in SIZING_KPIS]
        lines.append("  ".join([str(p.count), *values, str(p.unserved), ("是" if zh else "yes") if p.meets else
                                ("否" if zh else "no")]))
    best = result.smallest
    what = WHAT[result.what]
    if best is None:
        lines.append(f"没有一个数量达到全部考核目标：{what}" if zh else f"no count tried meets every target: {what}")
    else:
        lines.append(f"达到全部考核目标的最小数量：{best.count}（{what}）" if zh else
                     f"smallest count meeting every target: {best.count} ({what})")
    return lines


def _csv(result: SizingResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["count", *SIZING_KPIS, "unserved", "meets_targets", "failed_targets"])
    for p in sorted(result.points, key=lambda p: p.count):
        failed = ";".join(v.kpi for v in p.verdicts if not v.met)
        writer.writerow([p.count, *(round(p.kpis.get(k, float("nan")), 4) for k in SIZING_KPIS), p.unserved,
                         "yes" if p.meets else "no", failed])
    return buffer.getvalue()


def _chart(result: SizingResult, out: Path, lang: str) -> list[Path]:
    from .charts.sizing_chart import draw_sizing
    from .charts.study_charts import new_figure, save_figure

    fig = new_figure(8.0, 4.5)
    draw_sizing(fig.subplots(), result, lang)
    return save_figure(fig, out / "sizing", ("png", "svg"))
