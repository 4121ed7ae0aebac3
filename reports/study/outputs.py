"""A finished study's files: comparison.csv, the charts (PNG, SVG, PDF) and report.pdf."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reports.charts.study_charts import (
    draw_kpi_means,
    draw_paired_differences,
    draw_tradeoff,
    kpi_label,
    new_figure,
    save_figure,
)
from reports.compare import (
    ComparisonRow,
    compare_runs,
    kpi_values,
    mean_ci,
    pareto_front,
    write_comparison_csv,
)
from reports.pdf_report import ReportContent, ReportTable, write_report_pdf

from .pipeline import StudyOutcome
from .spec import BASE_NAME

WORDS = {
    "zh": {"variants": "比较的方案", "changes": "改动", "name": "方案", "label": "名称", "base_scenario": "基准场景",
           "reps": "重复次数", "days": "模拟天数", "seed": "随机种子", "where": "运行于", "plans": "方案计划",
           "table": "KPI 比较（均值、95%置信区间、与基准的配对差）", "mean": "均值 [95% CI]", "diff": "与基准之差 [95% CI]",
           "verdict": "结论", "conclusions": "结论（数字）", "charts": "图表", "stopped": "注意：研究被中断，结果不完整",
           "better": "更好", "worse": "更差", "n.s.": "不显著", "higher": "更高", "lower": "更低",
           "none": "没有方案与基准有显著差异", "front": "权衡前沿", "vs": "与基准相比"},
    "en": {"variants": "Variants compared", "changes": "changes", "name": "variant", "label": "label",
           "base_scenario": "base scenario", "reps": "replications", "days": "days simulated", "seed": "seed",
           "where": "ran on", "plans": "plans", "table": "KPI comparison (mean, 95% CI, paired difference to the base)",
           "mean": "mean [95% CI]", "diff": "difference to base [95% CI]", "verdict": "verdict",
           "conclusions": "Conclusions (in numbers)", "charts": "Charts",
           "stopped": "Note: the study was interrupted; results are incomplete", "better": "better", "worse": "worse",
           "n.s.": "not significant", "higher": "higher", "lower": "lower",
           "none": "no variant differs significantly from the base", "front": "tradeoff front", "vs": "vs base"},
}


@dataclass
class StudyFiles:
    """Paths of what write_study_outputs wrote."""

    csv: Path
    charts: list[Path] = field(default_factory=list)
    pdf: Path | None = None
    rows: list[ComparisonRow] = field(default_factory=list)


def kpi_catalogue(extra: list[str] | tuple[str, ...] = ()) -> dict[str, Any]:
    """KPI labels, units and directions from the simulation's catalogue (per-type keys included)."""
    from simulation.kpis import KPIS, kpi_info

    info: dict[str, Any] = dict(KPIS)
    for key in extra:
        try:
            info[key] = kpi_info(key)
        except KeyError:
            pass
    return info


def study_kpis(outcome: StudyOutcome, info: dict[str, Any]) -> list[str]:
    """The study's KPIs of interest, else every catalogue KPI the runs report (not the per-type ones)."""
    if outcome.spec.kpis:
        return list(outcome.spec.kpis)
    seen = {k for runs in outcome.runs.values() for r in runs for k in r.kpis}
    return [k for k in info if k in seen and ":" not in k]


def _file_name(kpi: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", kpi)


def fmt(x: float, scale: float | None = None) -> str:
    """A number with about four significant digits, thousands separated; `scale` fixes the decimals."""
    if x is None or math.isnan(x):
        return "–"
    size = abs(x) if scale is None else scale
    decimals = 0 if size >= 1000 else max(0, 3 - int(math.floor(math.log10(size)))) if size > 0 else 3
    return f"{x:,.{decimals}f}"


def fmt_ci(ci: Any, signed: bool = False) -> str:
    """'+12.3 [10.1, 14.5]': the mean and its CI with the same number of decimals."""
    sign = "+" if signed and ci.mean > 0 else ""
    if math.isnan(ci.low):
        return f"{sign}{fmt(ci.mean)}"
    scale = max(abs(ci.mean), abs(ci.low), abs(ci.high))
    return f"{sign}{fmt(ci.mean, scale)} [{fmt(ci.low, scale)}, {fmt(ci.high, scale)}]"


def conclusions(rows: list[ComparisonRow], info: dict[str, Any], labels: dict[str, str], lang: str) -> list[str]:
    """One sentence per significant difference, with the numbers, best first per KPI."""
    w = WORDS[lang]
    out = []
    for row in rows:
        d = row.difference
        if d is None or not d.significant:
            continue
        base_mean = next((r.estimate.mean for r in rows if r.kpi == row.kpi and r.difference is None), math.nan)
        rel = f", {d.mean / base_mean:+.1%}" if base_mean and not math.isnan(base_mean) else ""
        out.append(f"{labels.get(row.variant, row.variant)}: {kpi_label(row.kpi, info.get(row.kpi), lang)} "
                   f"{fmt_ci(d, signed=True)}{rel} {w['vs']} ({w[row.verdict]})")
    return out or [w["none"]]


def assessment_lines(outcome: StudyOutcome, lang: str) -> list[str]:
    """Each variant's mean on every assessment KPI (考核) against the base scenario's targets, met or not."""
    from scenarios import load_scenario
    from scenarios.assessment import assess, assessed_kpis

    base = next(iter(outcome.variants), None)
    if base is None:
        return []
    scenario = load_scenario(Path(base.scenario_path))
    info = kpi_catalogue([])
    w = {"zh": ("考核", "达标", "未达标", "目标"), "en": ("assessment", "met", "NOT met", "target")}[lang]
    out = []
    for v in outcome.variants:
        runs = outcome.runs.get(v.name, [])
        means = {}
        for kpi in assessed_kpis(scenario):
            values = [x for x in kpi_values(runs, kpi).values() if not math.isnan(x)]
            if values:
                means[kpi] = sum(values) / len(values)
        verdicts = assess(scenario, means)
        if not verdicts:
            continue
        parts = [f"{kpi_label(x.kpi, info.get(x.kpi), lang)} {x.value:.1f} ({w[3]} {'≤' if x.at_most else '≥'} {x.target:g}: "
                 f"{w[1] if x.met else w[2]})" for x in verdicts]
        out.append(f"{w[0]} {v.label(lang)}: " + "; ".join(parts))
    return out


def write_study_outputs(outcome: StudyOutcome, out_dir: Path, lang: str = "en",
                        formats: tuple[str, ...] = ("png", "svg", "pdf")) -> StudyFiles:
    """Write comparison.csv, charts/<kpi>.*, charts/tradeoff_*.* and report.pdf into out_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    info = kpi_catalogue([*outcome.spec.kpis, *(k for pair in outcome.spec.tradeoffs for k in pair)])
    kpis = study_kpis(outcome, info)
    direction = {k: bool(getattr(info.get(k), "higher_is_better", True)) for k in kpis}
    rows = compare_runs(outcome.runs, kpis, base=BASE_NAME, higher_is_better=direction)
    files = StudyFiles(write_comparison_csv(rows, out_dir / "comparison.csv", info), rows=rows)
    labels = {v.name: v.label(lang) for v in outcome.variants}
    chart_dir = out_dir / "charts"
    chart_dir.mkdir(exist_ok=True)
    pngs: list[tuple[str, Path]] = []
    for kpi in kpis:
        fig = new_figure(7.5, 6.5)
        top, bottom = fig.subplots(2, 1)
        draw_kpi_means(top, rows, kpi, info.get(kpi), labels, lang)
        draw_paired_differences(bottom, rows, kpi, info.get(kpi), labels, lang)
        files.charts += save_figure(fig, chart_dir / _file_name(kpi), formats)
        pngs.append((kpi_label(kpi, info.get(kpi), lang), chart_dir / f"{_file_name(kpi)}.png"))
    for x_kpi, y_kpi in outcome.spec.tradeoffs:
        names = [labels[v.name] for v in outcome.variants]
        xs = [mean_ci(list(kpi_values(outcome.runs[v.name], x_kpi).values())) for v in outcome.variants]
        ys = [mean_ci(list(kpi_values(outcome.runs[v.name], y_kpi).values())) for v in outcome.variants]
        front = pareto_front([(x.mean, y.mean) for x, y in zip(xs, ys, strict=True)], (direction.get(x_kpi, True), direction.get(y_kpi, True)))
        fig = new_figure(7.0, 5.0)
        ax = fig.subplots()
        draw_tradeoff(ax, names, xs, ys, front, kpi_label(x_kpi, info.get(x_kpi), lang), kpi_label(y_kpi, info.get(y_kpi), lang), lang)
        stem = chart_dir / _file_name(f"tradeoff_{x_kpi}__{y_kpi}")
        files.charts += save_figure(fig, stem, formats)
        pngs.append((f"{WORDS[lang]['front']}: {kpi_label(x_kpi, info.get(x_kpi), lang)} / {kpi_label(y_kpi, info.get(y_kpi), lang)}", stem.with_suffix(".png")))
    content = _report_content(outcome, rows, info, labels, lang, pngs)
    files.pdf = write_report_pdf(out_dir / "report.pdf", content)
    return files


def _report_content(outcome: StudyOutcome, rows: list[ComparisonRow], info: dict[str, Any], labels: dict[str, str],
                    lang: str, pngs: list[tuple[str, Path]]) -> ReportContent:
    w = WORDS[lang]
    spec = outcome.spec
    title = (spec.name_zh if lang == "zh" else spec.name_en) or spec.title
    engines = sorted(set(outcome.plan_engines.values()))
    facts = [
        (w["base_scenario"], spec.base), (w["reps"], str(outcome.replications)), (w["days"], str(outcome.days)),
        (w["seed"], str(outcome.seed)), (w["where"], outcome.executor), (w["plans"], ", ".join(engines) or "–"),
    ]
    if outcome.stopped or not outcome.complete:
        facts.insert(0, ("!", w["stopped"]))
    def changes(v: Any) -> str:
        runs = outcome.runs.get(v.name) or []
        plan_notes = runs[0].notes if runs else []  # the same plan for every replication of a variant
        return "; ".join([*v.describe(), *plan_notes]) or "–"

    variants = ReportTable(w["variants"], [w["name"], w["label"], w["changes"]],
                           [[v.name, labels[v.name], changes(v)] for v in outcome.variants])
    table = ReportTable(w["table"], ["KPI", w["name"], "n", w["mean"], w["diff"], w["verdict"]], [
        [kpi_label(r.kpi, info.get(r.kpi), lang), labels.get(r.variant, r.variant), str(r.estimate.n), fmt_ci(r.estimate),
         fmt_ci(r.difference, signed=True) if r.difference else "", w.get(r.verdict, r.verdict)]
        for r in rows
    ])
    return ReportContent(title, facts, variants, [table], pngs, conclusions(rows, info, labels, lang),
                         {"conclusions": w["conclusions"], "charts": w["charts"]})
