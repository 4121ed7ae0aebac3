"""Write synthetic instances in the Curtois & Qu text format, sized like the set's larger members.

The public set's instances 13-24 (up to 364 days, 150 staff, 32 shift types) are not in
`../shared`; these stand in for them when checking that the rostering harness copes with their
size: a roster (or a clear answer) within the time limit, the model's objective equal to the
instance's own. They have no best-known values. Every worker is checked to have a legal schedule
of their own (priced exactly), so an instance without a roster is the solver's failure, not the
generator's.

    uv run python -m benchmarks curtois_synthetic --days 56 --staff 32 --shifts 4 --seed 1 --out DIR

(The check prices each worker: seconds for 56 days, about 4.5 minutes at 364 x 150 x 32.)
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

SHIFT_MIN = 480
START_HOURS = (6, 8, 10, 14, 16, 22)


def instance_text(days: int, staff: int, n_shifts: int, rng: random.Random) -> str:
    """One instance: each worker can work every shift type but some (their limits 0 or a few),
    about five shifts a week at most and four at least, requests on about one day a week each."""
    shifts = [f"s{k}" for k in range(n_shifts)]
    starts = sorted(rng.choice(START_HOURS) for _ in shifts)
    lines = ["SECTION_HORIZON", str(days), "", "SECTION_SHIFTS"]
    for k, shift in enumerate(shifts):  # an earlier-starting shift may not follow a later one
        earlier = [other for j, other in enumerate(shifts) if starts[j] < starts[k] - 4]
        lines.append(f"{shift},{SHIFT_MIN},{'|'.join(earlier)}")
    ids = [f"E{k}" for k in range(staff)]
    lines += ["", "SECTION_STAFF"]
    for worker in ids:
        full = set(rng.sample(shifts, max(2, n_shifts // 2)))
        limits = "|".join(f"{s}={days if s in full or rng.random() < 0.5 else rng.choice([0, days // 7])}" for s in shifts)
        most, least = int(days / 7 * 5 * SHIFT_MIN * 1.05), int(days / 7 * 4 * SHIFT_MIN * 0.85)
        lines.append(f"{worker},{limits},{most},{least},{rng.choice([5, 6])},2,{rng.choice([1, 2])},{max(1, days // 14)}")
    lines += ["", "SECTION_DAYS_OFF"]
    for worker in ids:
        lines.append(",".join([worker] + [str(d) for d in sorted(rng.sample(range(days), max(1, days // 28)))]))
    for section in ("SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS"):
        lines += ["", section]
        for worker in ids:
            for _ in range(days // 7):
                first, shift, weight = rng.randrange(days - 3), rng.choice(shifts), rng.randint(1, 3)
                lines += [f"{worker},{d},{shift},{weight}" for d in range(first, first + rng.randint(1, 3))]
    lines += ["", "SECTION_COVER"]
    per_shift = max(1, round(staff * 5 / 7 / n_shifts))
    lines += [f"{d},{s},{max(0, per_shift + rng.randint(-1, 1))},100,1" for d in range(days) for s in shifts]
    return "\n".join(lines) + "\n"


def workers_without_schedule(path: Path) -> list[str]:
    """Ids of the instance's workers whose own rules leave no legal schedule."""
    from benchmarks.readers.curtois_qu import read_instance, to_problem
    from optimizer.roster.explain_worker import worker_conflict

    problem = to_problem(read_instance(path))
    return [worker.id for w, worker in enumerate(problem.workers) if worker_conflict(problem, w, {}) is not None]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--days", type=int, required=True, help="horizon in days (a multiple of 7)")
    parser.add_argument("--staff", type=int, required=True)
    parser.add_argument("--shifts", type=int, required=True, help="shift types")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="folder; the file is Synthetic_D<days>_S<staff>_T<shifts>.txt")


def run(args: argparse.Namespace) -> int:
    if args.days < 7 or args.days % 7 or args.staff < 1 or args.shifts < 2:
        raise SystemExit(f"--days must be a positive multiple of 7 (got {args.days}), --staff >= 1 "
                         f"(got {args.staff}), --shifts >= 2 (got {args.shifts})")
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"Synthetic_D{args.days}_S{args.staff}_T{args.shifts}.txt"
    rng = random.Random(args.seed)
    for _ in range(20):  # redraw until every worker has a legal schedule of their own
        path.write_text(instance_text(args.days, args.staff, args.shifts, rng), encoding="utf-8")
        stuck = workers_without_schedule(path)
        if not stuck:
            print(path)
            return 0
    raise SystemExit(f"{path}: workers {', '.join(stuck)} have no legal schedule in 20 draws; try another --seed")
