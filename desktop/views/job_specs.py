"""Which job function a menu command runs, with which arguments, from the window's current state."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..i18n import current_language, tr
from ..jobs import tasks


def default_time_limit_s(scenario: Any) -> float:
    """The planners' own default: the time a district needs to be served (optimizer.common.request; the user
    can cancel at any time and keep the best plan so far)."""
    from optimizer.common.request import default_time_limit_s as needed

    return needed(scenario)


def job_call(window: Any, kind: str, **options: Any) -> tuple[Any, tuple, dict]:
    """(function, positional args, keyword args) for a job of `kind`; ValueError with a readable message when it cannot run."""
    document = window.document
    scenario = document.current
    settings = getattr(window, "job_settings", {})
    time_limit_s = float(options.get("time_limit_s", settings.get("time_limit_s", default_time_limit_s(scenario))))
    seed = int(options.get("seed", scenario.simulation.seed))
    plan = window.results.get("routes")
    if kind == "routes":
        patrol_days = int(options.get("patrol_days", settings.get("patrol_days", 1)))
        roster_file = options.get("patrol_roster", settings.get("patrol_roster"))
        if roster_file and not Path(roster_file).is_file():
            raise ValueError(tr("job.roster_missing", path=roster_file))
        return tasks.plan_routes, (document.blob(), options.get("what", settings.get("what", "all")), time_limit_s, seed,
                                   _pickled(window, options.get("previous")), tuple(options.get("locked", ())),
                                   patrol_days, str(roster_file) if roster_file else None), {}
    if kind == "roster":
        weeks = int(options.get("weeks", settings.get("weeks", 4)))
        return tasks.make_roster, (document.blob(), _pickled(window, plan), weeks, time_limit_s, seed, current_language(),
                                   options.get("pinned"), options.get("previous"), options.get("max_changes")), {}
    if kind == "simulate":
        days = int(options.get("days", settings.get("days", min(scenario.simulation.horizon_days, 7))))
        replications = int(options.get("replications", settings.get("replications", scenario.simulation.replications)))
        # The roster made in the app (if any) says who works each day.
        roster = window.results.get("roster")
        return tasks.simulate, (document.blob(), _pickled(window, plan), days, replications, seed,
                                _pickled(window, roster)), {}
    if kind == "study":
        from .study_jobs import study_call

        return study_call(window, **options)
    if kind == "sweep":
        from .study_jobs import sweep_call

        return sweep_call(window, **options)
    if kind == "sheets":
        if plan is None:
            raise ValueError(tr("job.needs_plan"))
        return tasks.write_sheets_job, (document.blob(), _pickled(window, plan), str(options["folder"])), {}
    if kind == "cards":
        if plan is None or "patrols" not in plan.parts or not plan.parts["patrols"].posts:
            raise ValueError(tr("job.needs_posts"))
        return tasks.write_duty_cards_job, (document.blob(), _patrols_blob(window, plan), str(options["folder"]),
                                            current_language()), {}
    if kind == "size":
        # Each count is simulated for at most 2 days × 3 replications (a curve of several counts), fewer when the
        # jobs bar asks for fewer.
        days = min(2, int(options.get("days", settings.get("days", 2))))
        replications = min(3, int(options.get("replications", settings.get("replications", 3))))
        return tasks.size_district_job, (document.blob(), options.get("what", "toilet-crews"), time_limit_s, seed,
                                         days, replications), {}
    raise ValueError(tr("error.job", job=kind, message="unknown job"))


CARD_DATES = 7  # a duty card shows at most a week of a post's beat dates (reports.duty_cards), counting the rest


def _patrols_blob(window: Any, plan: Any) -> bytes:
    """The plan as its job sent it (free), else its patrol part with only the beats the cards show in full: pickling
    a month of a district's beats in the window would freeze it for a second."""
    cached = window.runner.cached(plan)
    if cached is not None:
        return cached
    part = plan.parts["patrols"]
    dates: dict[str, set[str]] = {}
    for route in part.routes:
        for post in route.posts:
            if route.date:
                dates.setdefault(post, set()).add(route.date)
    shown = {post: set(sorted(found)[:CARD_DATES]) for post, found in dates.items()}
    # A beat no card shows keeps its date and posts (a card counts the dates left off) but not its stops (built
    # without validation: its fields come from a valid route).
    routes = [r if r.date is None or any(r.date in shown.get(post, ()) for post in r.posts)
              else type(r).model_construct(id=r.id, kind=r.kind, crew=r.crew, shift=r.shift, stops=[], date=r.date,
                                           posts=r.posts) for r in part.routes]
    return window.runner.pickled(part.model_copy(update={"routes": routes}))


def _pickled(window: Any, value: Any) -> bytes | None:
    return None if value is None else window.runner.pickled(value)
