"""Model assumptions that are not in the scenario file: a frozen, self-checking parameter set.

Defaults are documented assumptions (A in DOMAIN.md terms). Setting every ``*_cv`` to 0 (see
``SimParams.deterministic()``) removes the model's own noise, so with a scenario whose random
inputs are also switched off (spread_cv 0, no rain, no absences, no breakdowns, no incidents) a
run can be checked by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

# Litter build-up, items per 1,000 m2 per hour, by street class (A: a street swept at its grade's
# frequency stays mostly within its limit; an unswept one exceeds it within about a day).
LITTER_PER_HOUR = {"arterial": 0.5, "secondary": 0.45, "branch": 0.35, "back_alley": 0.45}
# Minutes to clean a toilet, by toilet grade (A).
TOILET_CLEAN_MIN = {1: 20.0, 2: 15.0, 3: 12.0}


@dataclass(frozen=True)
class SimParams:
    """Assumed distributions and factors of the simulation model."""

    travel_cv: float = 0.15
    service_cv: float = 0.25
    litter_cv: float = 0.3
    toilet_use_cv: float = 0.2
    rain_waste_factor: float = 1.05
    featured_litter_factor: float = 1.3
    walk_kmh: float = 4.5
    cleaner_kmh: float = 12.0
    officer_kmh: float = 20.0
    detour_factor: float = 1.3
    manual_strip_m: float = 3.0
    handover_min: float = 10.0
    hotspot_min: float = 10.0
    refill_min: float = 15.0
    spare_worker_share: float = 6 / 7
    short_crew_slowdown: float = 1.5
    reload_threshold: float = 0.98
    # Vendor zone violations grow by this share of the just-checked rate per hour without a check (A:
    # stalls drift past their lines and litter piles up once vendors see nobody has come by). No
    # figure is published; 0.5 is chosen so that a check matters without dominating: an evening zone
    # of 5 hours never checked has 2.25 times the violations of one checked all the time, and two
    # checks spread evenly over it avoid about 37 % of them. 0: checks find violations, prevent none.
    vendor_growth_per_hour: float = 0.5

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if value < 0:
                raise ValueError(f"SimParams.{f.name} must be >= 0 (got {value})")
        for name in ("manual_strip_m", "walk_kmh", "cleaner_kmh", "officer_kmh", "detour_factor", "rain_waste_factor"):
            if getattr(self, name) <= 0:
                raise ValueError(f"SimParams.{name} must be > 0 (got {getattr(self, name)})")
        if not 0 < self.reload_threshold <= 1:
            raise ValueError(f"SimParams.reload_threshold must be in (0, 1] (got {self.reload_threshold})")

    def deterministic(self) -> SimParams:
        """The same assumptions without the model's own noise."""
        return replace(self, travel_cv=0.0, service_cv=0.0, litter_cv=0.0, toilet_use_cv=0.0)
