"""Study charts draw on the caller's Axes, in Chinese or English, and save as PNG, SVG and PDF."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reports.charts.study_charts import (
    draw_kpi_means,
    draw_paired_differences,
    draw_tradeoff,
    new_figure,
    save_figure,
)
from reports.compare import compare_runs, mean_ci, pareto_front
from reports.pdf_report import ReportContent, ReportTable, write_report_pdf


@dataclass
class _Run:
    replication: int
    kpis: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class _Info:
    label_zh: str
    label_en: str
    unit: str
    higher_is_better: bool


INFO = _Info("总成本", "Total cost", "元", False)
RUNS = {
    "base": [_Run(r, {"cost": 100.0 + r}) for r in range(4)],
    "trucks_3": [_Run(r, {"cost": 130.0 + r * 1.2}) for r in range(4)],
    "trucks_1": [_Run(r, {"cost": 100.0 + (r % 2) * 3 - 1.5}) for r in range(4)],
}


def test_charts_use_chinese_labels_and_one_mark_per_variant(tmp_path: Path):
    """Means: one bar per variant; differences: one point per non-base variant; labels in Chinese."""
    rows = compare_runs(RUNS, ["cost"], higher_is_better={"cost": False})
    labels = {"base": "基准方案", "trucks_3": "压缩车3辆", "trucks_1": "压缩车1辆"}
    fig = new_figure()
    top, bottom = fig.subplots(2, 1)
    draw_kpi_means(top, rows, "cost", INFO, labels, "zh")
    draw_paired_differences(bottom, rows, "cost", INFO, labels, "zh")
    assert len(top.patches) == 3
    assert [t.get_text() for t in top.get_xticklabels()] == ["基准方案", "压缩车3辆", "压缩车1辆"]
    assert top.get_ylabel() == "总成本 (元)"
    assert [t.get_text() for t in bottom.get_yticklabels()] == ["压缩车3辆", "压缩车1辆"]
    assert "与基准之差" in bottom.get_xlabel()
    written = save_figure(fig, tmp_path / "cost")
    assert [p.suffix for p in written] == [".png", ".svg", ".pdf"]
    assert all(p.stat().st_size > 1000 for p in written)


def test_tradeoff_chart_joins_the_front_in_english():
    """The Pareto front is drawn as one line through its points, with English axis labels."""
    names = ["base", "a", "b"]
    xs = [mean_ci([1, 2]), mean_ci([2, 3]), mean_ci([3, 4])]
    ys = [mean_ci([5, 6]), mean_ci([1, 2]), mean_ci([7, 8])]
    front = pareto_front([(x.mean, y.mean) for x, y in zip(xs, ys, strict=True)], (False, True))
    ax = new_figure().subplots()
    draw_tradeoff(ax, names, xs, ys, front, "Total cost (CNY)", "Same-day compliance (%)", "en")
    (line,) = ax.get_lines()[-1:]
    assert front == [0, 2]
    assert list(line.get_xdata()) == [1.5, 3.5]
    assert ax.get_xlabel() == "Total cost (CNY)"


def test_pdf_report_with_chinese_text(tmp_path: Path):
    """The report PDF is written with the built-in STSong-Light font for Chinese text."""
    content = ReportContent("车队规模研究", [("重复次数", "5")],
                            ReportTable("比较的方案", ["方案", "改动"], [["trucks_3", "set_count fleet.vehicles = 3"]]),
                            conclusions=["压缩车3辆：总成本 +30 [28, 32]（更差）"])
    path = write_report_pdf(tmp_path / "r.pdf", content)
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and b"STSong-Light" in data
