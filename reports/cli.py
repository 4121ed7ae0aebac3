"""Command-line subcommands of the reports layer: `study`, `compare` (scenario files) and `roster`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from scenarios.errors import DataError
from scenarios.jobs import TerminalProgress, ctrl_c_stops
from scenarios.language import default_lang

if TYPE_CHECKING:
    from .study import StudySpec


def _add_sheets_to_plan(sub: argparse._SubParsersAction) -> None:
    """`plan … --sheets DIR` and `--duty-cards DIR`: the plan command (from the simulation layer) also writes
    route sheets and the posts' duty cards."""
    plan = sub.choices.get("plan")
    if plan is None:
        return
    plan.add_argument("--sheets", type=Path, default=None, metavar="DIR",
                      help="also write a route sheet (路线作业单, A4 PDF in Chinese) per vehicle and crew to DIR")
    plan.add_argument("--duty-cards", type=Path, default=None, metavar="DIR",
                      help="patrols: also write a duty card (岗位责任卡, A4 PDF) per post to DIR: territory map, "
                           "duties, beat times")
    run_plan = plan.get_default("run")

    def run_plan_then_sheets(args: argparse.Namespace) -> int:
        status = run_plan(args)
        if args.sheets is not None and (args.out / "plan.json").exists():
            _write_sheets(args.scenario, args.out, args.sheets)
        if args.duty_cards is not None and (args.out / "plan.json").exists():
            _write_duty_cards(args.scenario, args.out, args.duty_cards)
        return status

    plan.set_defaults(run=run_plan_then_sheets)


def _write_sheets(scenario_path: Path, plan_folder: Path, folder: Path) -> None:
    from optimizer.common.plan import load_plan
    from scenarios import load_scenario

    from .route_sheets import write_route_sheets

    scenario, plan = load_scenario(scenario_path), load_plan(plan_folder)
    bar = TerminalProgress("route sheets")
    with ctrl_c_stops() as stop:
        try:
            written = write_route_sheets(scenario, plan, folder, progress=bar, stop=stop)
        except OSError as exc:  # a folder that cannot be made or written: say which, no traceback
            raise DataError(f"{folder}: cannot write route sheets there ({exc.strerror or exc})") from None
    bar.close()
    total = sum(len(part.routes) for part in plan.parts.values())
    print(f"wrote {len(written)} route sheets (路线作业单) to {folder}"
          + (f" (stopped: {total - len(written)} not written)" if len(written) < total else ""))


def _write_duty_cards(scenario_path: Path, plan_folder: Path, folder: Path) -> None:
    from optimizer.common.plan import load_plan
    from scenarios import load_scenario

    from .duty_cards import write_duty_cards

    scenario, plan = load_scenario(scenario_path), load_plan(plan_folder)
    part = plan.part("patrols")
    if part is None or not part.posts:
        raise DataError(f"{plan_folder}: the plan has no patrol posts (plan with --what patrols or all for duty cards)")
    try:
        written = write_duty_cards(scenario, part, folder, lang=default_lang())
    except OSError as exc:
        raise DataError(f"{folder}: cannot write duty cards there ({exc.strerror or exc})") from None
    print(f"wrote {len(written)} duty cards (岗位责任卡) to {folder}")


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--cluster", metavar="ADDR", help="Dask scheduler, e.g. tcp://HOST:8786 (default: DASK_SCHEDULER_ADDRESS, else local processes)")
    p.add_argument("--workers", type=int, default=None, help="local worker processes (default: all cores)")
    p.add_argument("--replications", type=int, default=None, help="replications per variant (overrides the study file)")
    p.add_argument("--days", type=int, default=None, help="days simulated per replication (overrides the study file)")
    p.add_argument("--seed", type=int, default=None, help="seed of replication streams (overrides the study file)")
    p.add_argument("--time-limit", type=float, default=None,
                   help="route planning time limit per re-planned variant, s (plans against the wall clock: runs differ)")
    p.add_argument("--iterations", type=int, default=None,
                   help="plan each re-planned variant by this many solver iterations instead (runs give the same plans)")
    p.add_argument("--kpis", default=None, metavar="A,B,…",
                   help="KPIs to compare, comma-separated, or 'all' (default: the study's list; compare: headline KPIs)")
    p.add_argument("--formats", default="png,svg,pdf", help="chart file formats, comma-separated (default png,svg,pdf)")
    p.add_argument("--lang", choices=["zh", "en"], default=default_lang(), help="language of charts and report")
    p.add_argument("--out", type=Path, required=True, help="folder for study.sqlite, comparison.csv, charts/ and report.pdf")


def add_commands(sub: argparse._SubParsersAction) -> None:
    _add_sheets_to_plan(sub)
    p = sub.add_parser("study", help="run a what-if study file: plan, simulate with common random numbers, compare")
    p.add_argument("study", type=Path, help="study file (YAML), e.g. scenarios/studies/training.yaml")
    _common(p)
    p.set_defaults(run=_study)

    p = sub.add_parser("compare", help="quick comparison of scenario files (the first is the base), or of saved "
                                       "plans against today's way")
    p.add_argument("scenarios", type=Path, nargs="+", help="scenario files; the first is the base")
    p.add_argument("--plan", type=Path, action="append", default=[], metavar="DIR",
                   help="a saved plan (main.py plan … --out DIR) to compare with today's way on the one scenario "
                        "given (repeatable)")
    p.add_argument("--reuse-plan", action="store_true", help="simulate every scenario with the first one's plan")
    p.add_argument("--tradeoff", action="append", default=[], metavar="X,Y", help="KPI pair for a tradeoff chart (repeatable)")
    _common(p)
    p.set_defaults(run=_compare)

    p = sub.add_parser("size", help="the smallest fleet or crew count whose plan meets the bureau's targets")
    p.add_argument("scenario", type=Path)
    p.add_argument("--what", required=True, choices=["trucks", "sweepers", "sweeping-crews", "toilet-crews", "patrols"])
    p.add_argument("--counts", default=None, metavar="A,B,…",
                   help="counts to try (default: 60 %% to 140 %% of the scenario's own, five steps)")
    p.add_argument("--target", action="append", default=[], metavar="KPI=VALUE",
                   help="an extra target (at least for KPIs where more is better, at most otherwise; repeatable); "
                        "the scenario's assessment targets always apply")
    p.add_argument("--time-limit", type=float, default=None, help="planning seconds per count (default: by size)")
    p.add_argument("--days", type=int, default=3)
    p.add_argument("--replications", type=int, default=5)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--lang", choices=["zh", "en"], default=default_lang())
    p.add_argument("--out", type=Path, required=True, help="folder for sizing.csv and sizing.png/.svg")
    p.set_defaults(run=_size)

    from .roster_cli import add_roster_command

    add_roster_command(sub, default_lang())


# What `compare` charts unless told otherwise: the assessment KPIs (考核), plus hours and cost.
HEADLINE_KPIS = ("collection_compliance_pct", "dirty_segment_hours_pct", "morning_sweep_pct", "toilet_rounds_on_time_pct",
                 "response_within_target_pct", "routes_within_shift_pct", "working_hours", "overtime_hours", "cost")


def _kpi_list(text: str) -> list[str]:
    """'a,b' → ['a', 'b']; 'all' → [] (every KPI the simulation reports)."""
    return [] if text.strip() == "all" else [k.strip() for k in text.split(",") if k.strip()]


def _positive(args: argparse.Namespace) -> None:
    for name in ("replications", "days", "workers", "time_limit", "iterations"):
        value = getattr(args, name)
        if value is not None and value <= 0:
            raise DataError(f"--{name.replace('_', '-')} must be > 0 (got {value})")


def _study(args: argparse.Namespace) -> int:
    from .study import load_study

    _positive(args)
    spec = load_study(args.study)
    if args.seed is not None:
        spec = spec.model_copy(update={"seed": args.seed})
    if args.time_limit is not None:
        spec = spec.model_copy(update={"route_time_limit_s": args.time_limit, "route_iterations": None})
    if args.iterations is not None:
        spec = spec.model_copy(update={"route_iterations": args.iterations})
    if args.kpis:
        spec = spec.model_copy(update={"kpis": _kpi_list(args.kpis)})
    return _run(spec, args)


def _compare(args: argparse.Namespace) -> int:
    from .study import StudySpec

    _positive(args)
    if args.plan and len(args.scenarios) != 1:
        raise DataError("compare --plan needs exactly one scenario file: the plans are compared with today's way on it")
    if not args.plan and len(args.scenarios) < 2:
        raise DataError("compare needs at least two scenario files (the first is the base), or one and --plan DIR")
    names: list[str] = []
    variants = []
    for path in args.scenarios[1:]:
        name = path.stem if path.stem not in names and path.stem != "base" else f"{path.stem}_{len(names) + 1}"
        names.append(name)
        variants.append({"name": name, "scenario": str(path.resolve())})
    for folder in args.plan:
        stem = folder.resolve().name or "plan"
        name = stem if stem not in names and stem != "base" else f"{stem}_{len(names) + 1}"
        names.append(name)
        variants.append({"name": name, "plan": str(folder.resolve()), "label_zh": f"方案 {stem}",
                         "label_en": f"plan {stem}"})
    tradeoffs = []
    for text in args.tradeoff:
        pair = [t.strip() for t in text.split(",")]
        if len(pair) != 2:
            raise DataError(f"--tradeoff must be two KPI names separated by a comma (got {text!r})")
        tradeoffs.append(pair)
    spec = StudySpec.model_validate({
        "name_en": "Comparison of " + ", ".join(p.name for p in args.scenarios),
        "name_zh": "场景比较：" + "、".join(p.name for p in args.scenarios),
        "base": str(args.scenarios[0].resolve()), "variants": variants,
        "replan": not args.reuse_plan and not args.plan,
        "route_time_limit_s": args.time_limit or 5.0, "route_iterations": args.iterations,
        "seed": args.seed if args.seed is not None else 2017,
        "replications": args.replications or 5, "days": args.days or 1, "tradeoffs": tradeoffs,
        "kpis": _kpi_list(args.kpis) if args.kpis else list(HEADLINE_KPIS),
        "folder": Path.cwd(), "source": "compare",
        **({"base_label_zh": "今日做法", "base_label_en": "today's way"} if args.plan else {}),
    })
    return _run(spec, args)


def _size(args: argparse.Namespace) -> int:
    from optimizer.common.request import default_time_limit_s
    from scenarios import load_scenario

    from .sizing_cli import run_sizing

    scenario = load_scenario(args.scenario)
    for name in ("days", "replications"):
        if getattr(args, name) < 1:
            raise DataError(f"--{name} must be >= 1 (got {getattr(args, name)})")
    time_limit = args.time_limit if args.time_limit is not None else default_time_limit_s(scenario)
    if time_limit <= 0:
        raise DataError(f"--time-limit must be > 0 (got {time_limit})")
    return run_sizing(scenario, args, time_limit)


def _run(spec: StudySpec, args: argparse.Namespace) -> int:
    from .study import make_executor, run_study
    from .study.outputs import write_study_outputs

    out: Path = args.out
    formats = tuple(f.strip().lower() for f in args.formats.split(",") if f.strip())
    unknown = [f for f in formats if f not in ("png", "svg", "pdf")]
    if unknown:
        raise DataError(f"--formats must list png, svg or pdf (got {', '.join(unknown)})")
    if "png" not in formats:
        formats = ("png", *formats)  # the PDF report embeds the PNGs
    out.mkdir(parents=True, exist_ok=True)
    executor = make_executor(args.cluster, args.workers, out / "plans")
    bar = TerminalProgress(f"study ({executor.name})")
    with ctrl_c_stops() as stop:
        try:
            outcome = run_study(spec, out, executor, replications=args.replications, days=args.days,
                                stop=stop, progress=bar)
            executor.close()
        except BaseException:
            # A second Ctrl-C (or an error): the finished runs are in study.sqlite already; nothing is waited for.
            executor.abort()
            raise
        finally:
            bar.close()
        # Inside the block: a Ctrl-C while the outputs are written only stops what is already done.
        files = write_study_outputs(outcome, out, lang=args.lang, formats=formats)
    state = "stopped early; finished runs are kept — run the same command again to resume" if outcome.stopped else "done"
    print(f"{state}: {outcome.computed} runs computed, {outcome.reused} reused from {out / 'study.sqlite'} "
          f"in {outcome.seconds:.1f} s on {outcome.executor}")
    print(f"wrote {files.csv}, {len(files.charts)} chart files in {out / 'charts'}, {files.pdf}")
    from .study.outputs import assessment_lines, conclusions, kpi_catalogue

    labels = {v.name: v.label(args.lang) for v in outcome.variants}
    for line in conclusions(files.rows, kpi_catalogue(spec.kpis), labels, args.lang):
        print("  " + line)
    for line in assessment_lines(outcome, args.lang):
        print("  " + line)
    return 130 if outcome.stopped else 0


__all__ = ["add_commands"]
