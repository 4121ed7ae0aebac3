"""Simulation speed: a whole district for N days vs. plain SimPy's rate for bare timeouts.

Two rates are reported, both over the whole replication's wall time:

- SimPy events per second: events the environment processed (``env.step()`` calls). Stops that
  are applied ahead of the clock (simulation/batching.py) share one SimPy event, and the shifts of
  crews on foot that start at the same minute run as one batch (simulation/crew_batch.py), so this
  counts far fewer events than the model simulates.
- model events per second: rows of the replication's event log, i.e. every simulated event the
  model records (stop visits, skips, unloads, station queues, route starts and ends, breakdowns,
  swaps, bin overflows, incident reports and responses); the same count with or without look-ahead.

Each is divided by plain SimPy's rate for bare timeouts measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import tempfile
import time
from pathlib import Path

import simpy


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scenario", type=Path, default=Path("scenarios/shuangliu.yaml"))
    parser.add_argument("--days", type=int, nargs="+", default=[7], help="horizons to time (e.g. 7 365)")
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--bare-events", type=int, default=1_000_000, help="timeouts in the bare SimPy run")
    parser.add_argument("--json", action="store_true")


def bare_simpy_rate(events: int) -> float:
    """Timeouts per second of plain SimPy: 100 processes each yielding env.timeout(1) in a loop."""
    env = simpy.Environment()
    per_process = max(events // 100, 1)

    def ticker(env: simpy.Environment):
        for _ in range(per_process):
            yield env.timeout(1.0)

    for _ in range(100):
        env.process(ticker(env))
    started = time.perf_counter()
    env.run()
    return per_process * 100 / (time.perf_counter() - started)


def run(args: argparse.Namespace) -> int:
    from scenarios import load_scenario
    from simulation import baseline_plan, run_replication
    from simulation.eventlog import Refs, merge_logs
    from simulation.params import SimParams
    from simulation.replication import compiled

    t0 = time.perf_counter()
    scenario = load_scenario(args.scenario)
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    plan = baseline_plan(scenario)
    plan_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    world, _ = compiled(scenario, plan, SimParams())
    compile_s = time.perf_counter() - t0
    rows = []
    for days in args.days:
        bare_before = bare_simpy_rate(args.bare_events)
        t0 = time.perf_counter()
        result = run_replication(scenario, plan, days=days, seed=args.seed, replication=0, log_events=True)
        sim_s = time.perf_counter() - t0
        bare_after = bare_simpy_rate(args.bare_events)
        bare = (bare_before + bare_after) / 2
        rate = result.events_processed / sim_s
        loop_rate = result.events_processed / result.event_loop_s
        model_events = len(result.log_events) if result.log_events is not None else 0
        model_rate = model_events / sim_s
        with tempfile.TemporaryDirectory() as tmp:
            log = merge_logs(world, Refs(world), [(result.log_events, result.log_actors)])
            path = log.save(Path(tmp) / "events.npz")
            log_mb = path.stat().st_size / 1e6
            log_rows = len(log)
        rows.append({
            "days": days, "sim_s": round(sim_s, 2), "events": result.events_processed, "events_per_s": round(rate),
            "loop_s": round(result.event_loop_s, 2), "loop_events_per_s": round(loop_rate),
            "bare_simpy_per_s": round(bare), "ratio": round(rate / bare, 3), "loop_ratio": round(loop_rate / bare, 3),
            "model_events": model_events, "model_events_per_s": round(model_rate), "model_ratio": round(model_rate / bare, 3),
            "log_rows": log_rows,
            "log_mb": round(log_mb, 1), "compliance_pct": round(result.kpis["collection_compliance_pct"], 1),
        })
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    info = {"scenario": str(args.scenario), "machine": f"{platform.processor() or platform.machine()}, {platform.python_version()}",
            "load_s": round(load_s, 2), "baseline_plan_s": round(plan_s, 2), "compile_s": round(compile_s, 2),
            "peak_rss_mb": round(peak_mb), "runs": rows}
    if args.json:
        print(json.dumps(info, indent=2))
        return 0
    print(f"scenario {args.scenario}: load {load_s:.2f} s, baseline plan {plan_s:.2f} s, compile (travel tables) {compile_s:.2f} s")
    for r in rows:
        print(f"{r['days']:>4} days: {r['sim_s']:7.2f} s; bare SimPy {r['bare_simpy_per_s']:,} timeouts/s; "
              f"model events {r['model_events']:,}, {r['model_events_per_s']:,}/s, ratio {r['model_ratio']:.1%}; "
              f"SimPy events {r['events']:,}, {r['events_per_s']:,}/s, ratio {r['ratio']:.1%} "
              f"(event loop alone {r['loop_s']:.2f} s, {r['loop_events_per_s']:,}/s, {r['loop_ratio']:.1%}); "
              f"log {r['log_rows']:,} rows, {r['log_mb']} MB; compliance {r['compliance_pct']}%")
    print(f"peak memory {peak_mb:.0f} MB")
    return 0
