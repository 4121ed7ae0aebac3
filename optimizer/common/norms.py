"""Working norms of street sweeping, toilet rounds and patrols that the scenario format does not carry.

Plain numbers (no code) read by the planners and, independently, by the plan checkers in
``optimizer.checks``. Each is an assumption, stated with where it comes from.
"""

from __future__ import annotations

#: Litter a sweeper picks up per pass, kg per m² of swept kerb lane. Assumed: about 5 g/m² a pass on
#: busy streets (a 200 m x 4 m lane gives 4 kg), so a 3 t hopper rarely fills but long shifts still reload.
LITTER_KG_PER_M2 = 0.005

#: Water a sweeper sprays to keep the dust down, litres per km swept. Assumed: 400 l/km, so a 6,000 l
#: tank lasts 15 km of kerb, about three hours of sweeping at 5 km/h.
WATER_L_PER_KM_SWEPT = 400.0

#: Minutes to empty the hopper and refill the water tank at a depot or transfer station (assumed).
REFILL_MIN = 15.0

#: Manual sweeping rate of one worker with broom and cart, m² per hour (assumed: the grade's
#: manual_m2_per_shift of 3,000–10,000 m² is then swept within one sweep window of 2–6 hours).
MANUAL_SWEEP_M2_PER_H = 2000.0

#: Minutes of a shift kept free for the detour to a service station (驿站) for the break; the
#: solvers plan work within the shift minus break minus this reserve, the break is inserted after.
BREAK_DETOUR_RESERVE_MIN = 15.0

#: Minutes one cleaning visit of a public toilet takes (assumed: sweep, mop, restock, check).
TOILET_CLEANING_MIN = 12.0

#: Daily hours in which toilets are cleaned on rounds; 24-hour toilets have a night attendant
#: (值守人员) on site outside these hours, so they need no round then.
TOILET_ROUND_HOURS_MIN = (6 * 60, 23 * 60)

#: Minutes a patrol spends at a hotspot on each pass (assumed: look, talk to vendors, note).
HOTSPOT_STOP_MIN = 5.0

#: Width of the kerb lane a crew on foot sweeps on each swept side, m (assumed: gutter and pavement
#: edge; the carriageway itself is the sweepers' work).
MANUAL_STRIP_M = 3.0
