"""Service standards, shifts, labour rules, calendar, incidents and costs (from DOMAIN.md's figures)."""

from __future__ import annotations

CLEANING_GRADES = [
    # CJJ/T 126-2008 grades as adopted locally (DOMAIN.md §2): full sweeps a day, windows, the hours a
    # street is assessed (its first sweep done by their start: "first sweep by 7:00, patrol 7-22 h"), the
    # longest time between two passes (A: at the class's litter rate a street stays within about 80 % of
    # its limit) and the litter alarm.
    {"grade": 1, "sweeps_per_day": 3, "mechanical_sweeps_per_day": 2, "sweep_windows": ["04:30-07:00", "13:00-16:00", "20:00-22:00"],
     "patrol_window": "07:00-22:00", "method": "mechanical", "litter_limit_per_1000m2": 4, "manual_m2_per_shift": 3000,
     "max_gap_min": 420},
    {"grade": 2, "sweeps_per_day": 2, "mechanical_sweeps_per_day": 1, "sweep_windows": ["04:30-07:00", "13:00-16:00"],
     "patrol_window": "07:00-22:00", "method": "mechanical", "litter_limit_per_1000m2": 6, "manual_m2_per_shift": 4000,
     "max_gap_min": 600},
    # Grades 3-4 (A): the second full sweep follows in the late morning, so one crew keeps a beat all day.
    {"grade": 3, "sweeps_per_day": 2, "mechanical_sweeps_per_day": 0, "sweep_windows": ["05:00-08:00", "08:30-12:00"],
     "patrol_window": "08:00-20:30", "method": "manual", "litter_limit_per_1000m2": 9, "manual_m2_per_shift": 8000},
    {"grade": 4, "sweeps_per_day": 1, "mechanical_sweeps_per_day": 0, "sweep_windows": ["05:00-09:00"],
     "patrol_window": "09:00-19:00", "method": "manual", "litter_limit_per_1000m2": 12, "manual_m2_per_shift": 10000},
]

TOILET_GRADES = [
    # Longest interval between two cleanings by class (DOMAIN.md §3; class 1 is attended) and minutes a cleaning takes (A).
    {"grade": 1, "cleaning_interval_min": 60, "cleaning_min": 20},
    {"grade": 2, "cleaning_interval_min": 120, "cleaning_min": 15},
    {"grade": 3, "cleaning_interval_min": 360, "cleaning_min": 12},
]

SHIFTS = [
    {"id": "collection", "name_zh": "清运班", "name_en": "Collection", "start": "05:00", "duration_min": 480,
     "break_min": 30, "skills": ["driver", "loader"]},
    {"id": "restaurant", "name_zh": "餐厨夜班", "name_en": "Restaurant evening", "start": "17:00",
     "duration_min": 420, "break_min": 30, "night": True, "skills": ["driver", "loader"]},
    {"id": "early", "name_zh": "早班", "name_en": "Early", "start": "04:30", "duration_min": 450, "break_min": 30,
     "skills": ["manual_sweeper", "sweeper_operator"]},
    {"id": "late", "name_zh": "晚班", "name_en": "Late", "start": "13:30", "duration_min": 450, "break_min": 30,
     "skills": ["manual_sweeper", "sweeper_operator"]},
    # Toilet rounds run 06:00-23:00 (a night attendant covers 24-hour toilets): a day and an evening shift, and a
    # middle shift over the hand-over, so a toilet cleaned every hour is never left between two shifts.
    {"id": "toilet_day", "name_zh": "公厕白班", "name_en": "Toilet day", "start": "06:00", "duration_min": 480,
     "break_min": 30, "skills": ["toilet_cleaner"]},
    {"id": "toilet_mid", "name_zh": "公厕中班", "name_en": "Toilet middle", "start": "10:30", "duration_min": 480,
     "break_min": 30, "skills": ["toilet_cleaner"]},
    {"id": "toilet_evening", "name_zh": "公厕晚班", "name_en": "Toilet evening", "start": "15:00", "duration_min": 480,
     "break_min": 30, "skills": ["toilet_cleaner"]},
    {"id": "night", "name_zh": "夜班冲洗", "name_en": "Night washing", "start": "22:00", "duration_min": 420,
     "break_min": 0, "night": True, "skills": ["driver", "sweeper_operator"]},
    # Enforcement officers also start early, for the breakfast vendor zones (06:30-09:00).
    {"id": "patrol_early", "name_zh": "巡查早班", "name_en": "Patrol early", "start": "06:00", "duration_min": 480,
     "break_min": 30, "skills": ["enforcement_officer"]},
    {"id": "patrol_day", "name_zh": "巡查白班", "name_en": "Patrol day", "start": "08:00", "duration_min": 480,
     "break_min": 60, "skills": ["enforcement_officer", "chief"]},
    {"id": "patrol_late", "name_zh": "巡查晚班", "name_en": "Patrol late", "start": "14:00", "duration_min": 480,
     "break_min": 30, "skills": ["enforcement_officer"]},
]

LABOUR_RULES = {
    "max_hours_per_day": 8,
    "max_overtime_hours_per_day": 3,
    "max_overtime_hours_per_month": 36,
    "standard_hours_per_week": 40,
    "comprehensive_period_days": 28,
    "comprehensive_hours_per_period": 160,
    "min_rest_between_shifts_h": 11,
    "max_consecutive_days": 6,
    "min_days_off_per_week": 1,
    "max_nights_per_week": 4,
    "forbidden_successions": [["late", "early"], ["restaurant", "collection"], ["night", "collection"],
                              ["night", "early"], ["patrol_late", "early"], ["toilet_evening", "toilet_day"]],
}

# 2017 and 2018 public holidays and make-up working days (调休), DOMAIN.md §5.
HOLIDAYS = [
    "2017-01-01", "2017-01-02", "2017-01-27", "2017-01-28", "2017-01-29", "2017-01-30", "2017-01-31",
    "2017-02-01", "2017-02-02", "2017-04-02", "2017-04-03", "2017-04-04", "2017-05-01", "2017-05-28",
    "2017-05-29", "2017-05-30", "2017-10-01", "2017-10-02", "2017-10-03", "2017-10-04", "2017-10-05",
    "2017-10-06", "2017-10-07", "2017-10-08",
    "2018-01-01", "2018-02-15", "2018-02-16", "2018-02-17", "2018-02-18", "2018-02-19", "2018-02-20",
    "2018-02-21", "2018-04-05", "2018-04-06", "2018-04-07", "2018-04-29", "2018-04-30", "2018-05-01",
    "2018-06-18", "2018-09-24", "2018-10-01", "2018-10-02", "2018-10-03", "2018-10-04", "2018-10-05",
    "2018-10-06", "2018-10-07",
]
MAKEUP_WORKDAYS = [
    "2017-01-22", "2017-02-04", "2017-04-01", "2017-05-27", "2017-09-30",
    "2018-02-11", "2018-02-24", "2018-04-08", "2018-04-28", "2018-09-29", "2018-09-30",
]

INCIDENT_TYPES = [  # DOMAIN.md §6: the mix after Huzhou and Jiangmen, closing limits after CJ/T 315 and Fuzhou
    {"id": "exposed_garbage", "name_zh": "暴露垃圾", "name_en": "Exposed garbage", "share": 0.24, "priority": 2,
     "handling_min": 30, "response_target_min": 60, "closing_target_min": 240, "public_report_mean_min": 45},
    {"id": "illegal_parking", "name_zh": "乱停乱放", "name_en": "Illegal parking", "share": 0.24, "priority": 2,
     "handling_min": 20, "response_target_min": 45, "closing_target_min": 60, "public_report_mean_min": 20},
    {"id": "street_vending", "name_zh": "占道经营", "name_en": "Illegal street vending", "share": 0.20,
     "priority": 1, "handling_min": 25, "response_target_min": 30, "closing_target_min": 60,
     "public_report_mean_min": 20},
    {"id": "stacked_goods", "name_zh": "乱堆乱放", "name_en": "Stacked goods", "share": 0.12, "priority": 3,
     "handling_min": 30, "response_target_min": 120, "closing_target_min": 480, "public_report_mean_min": 120},
    {"id": "illegal_ads", "name_zh": "违规广告", "name_en": "Illegal advertising", "share": 0.10, "priority": 3,
     "handling_min": 20, "response_target_min": 120, "closing_target_min": 480, "public_report_mean_min": 240},
    {"id": "dust", "name_zh": "环保投诉（扬尘）", "name_en": "Environmental complaint (dust)", "share": 0.05,
     "priority": 1, "handling_min": 45, "response_target_min": 30, "closing_target_min": 240,
     "public_report_mean_min": 30},
    {"id": "noise", "name_zh": "环保投诉（噪音）", "name_en": "Environmental complaint (noise)", "share": 0.03,
     "priority": 1, "handling_min": 30, "response_target_min": 30, "closing_target_min": 240,
     "public_report_mean_min": 15},
    {"id": "mixing_plant", "name_zh": "违规搅拌站", "name_en": "Illegal concrete mixing site", "share": 0.02,
     "priority": 1, "handling_min": 60, "response_target_min": 60, "closing_target_min": 480,
     "public_report_mean_min": 180},
]

HOURLY_INCIDENT_PROFILE = [0.2, 0.1, 0.1, 0.1, 0.1, 0.3, 0.6, 1.0, 1.3, 1.4, 1.4, 1.5,
                           1.4, 1.2, 1.2, 1.3, 1.4, 1.6, 1.8, 1.8, 1.6, 1.2, 0.7, 0.4]

WAGES = [
    {"skill": "driver", "cost_per_hour": 32}, {"skill": "loader", "cost_per_hour": 25},
    {"skill": "sweeper_operator", "cost_per_hour": 30}, {"skill": "manual_sweeper", "cost_per_hour": 22},
    {"skill": "toilet_cleaner", "cost_per_hour": 22}, {"skill": "enforcement_officer", "cost_per_hour": 40},
    {"skill": "chief", "cost_per_hour": 45},
]


def vehicle_types() -> list[dict]:
    """Vehicle types with speeds by street class (0 = not allowed), costs and crews (DOMAIN.md §4)."""
    def speeds(a: float, s: float, b: float, alley: float) -> dict:
        return {"arterial": a, "secondary": s, "branch": b, "back_alley": alley}

    return [
        {"id": "compactor_8t", "name_zh": "8吨压缩车", "name_en": "8 t compactor", "kind": "compactor",
         "capacity_kg": 8000, "speed_kmh": speeds(30, 25, 18, 0), "cost_per_km": 4.5, "cost_per_hour": 20,
         "fixed_cost_per_day": 300, "co2_kg_per_km": 0.9, "crew": [{"skill": "driver", "count": 1}, {"skill": "loader", "count": 2}]},
        {"id": "compactor_5t", "name_zh": "5吨压缩车", "name_en": "5 t compactor", "kind": "compactor",
         "capacity_kg": 5000, "speed_kmh": speeds(30, 25, 20, 0), "cost_per_km": 3.5, "cost_per_hour": 16,
         "fixed_cost_per_day": 220, "co2_kg_per_km": 0.7, "crew": [{"skill": "driver", "count": 1}, {"skill": "loader", "count": 2}]},
        {"id": "bucket_2t", "name_zh": "2吨桶装车", "name_en": "2 t bin truck", "kind": "compactor",
         "capacity_kg": 2000, "speed_kmh": speeds(25, 22, 18, 12), "cost_per_km": 2.0, "cost_per_hour": 10,
         "fixed_cost_per_day": 120, "co2_kg_per_km": 0.35, "crew": [{"skill": "driver", "count": 1}, {"skill": "loader", "count": 1}]},
        {"id": "kitchen_5t", "name_zh": "5吨餐厨车", "name_en": "5 t kitchen-waste truck", "kind": "kitchen_waste",
         "capacity_kg": 5000, "speed_kmh": speeds(30, 25, 20, 0), "cost_per_km": 3.8, "cost_per_hour": 18,
         "fixed_cost_per_day": 250, "co2_kg_per_km": 0.75, "crew": [{"skill": "driver", "count": 1}, {"skill": "loader", "count": 1}]},
        {"id": "sweeper", "name_zh": "扫路车", "name_en": "Road sweeper", "kind": "sweeper", "capacity_kg": 3000,
         "water_l": 6000, "speed_kmh": speeds(35, 30, 20, 0), "work_speed_kmh": 5, "cost_per_km": 5.0,
         "cost_per_hour": 30, "fixed_cost_per_day": 350, "co2_kg_per_km": 1.1, "crew": [{"skill": "sweeper_operator", "count": 1}]},
        {"id": "washer", "name_zh": "洗扫车", "name_en": "Street washer", "kind": "washer", "capacity_kg": 10000,
         "water_l": 10000, "speed_kmh": speeds(35, 30, 20, 0), "work_speed_kmh": 12, "cost_per_km": 5.5,
         "cost_per_hour": 30, "fixed_cost_per_day": 380, "co2_kg_per_km": 1.2, "crew": [{"skill": "driver", "count": 1}]},
        {"id": "patrol_car", "name_zh": "巡逻车", "name_en": "Patrol car", "kind": "patrol_car", "capacity_kg": 300,
         "speed_kmh": speeds(35, 30, 20, 0), "cost_per_km": 1.2, "cost_per_hour": 5, "fixed_cost_per_day": 60,
         "co2_kg_per_km": 0.18},
        {"id": "ebike", "name_zh": "电动巡查车", "name_en": "E-bike", "kind": "ebike", "capacity_kg": 60,
         "speed_kmh": speeds(20, 20, 18, 12), "cost_per_km": 0.1, "cost_per_hour": 1, "fixed_cost_per_day": 5,
         "co2_kg_per_km": 0.02},
    ]


BREAKDOWNS = [
    {"vehicle_type": "compactor_8t", "mean_hours_between": 300, "mean_repair_min": 180},
    {"vehicle_type": "compactor_5t", "mean_hours_between": 320, "mean_repair_min": 150},
    {"vehicle_type": "bucket_2t", "mean_hours_between": 400, "mean_repair_min": 120},
    {"vehicle_type": "kitchen_5t", "mean_hours_between": 300, "mean_repair_min": 180},
    {"vehicle_type": "sweeper", "mean_hours_between": 250, "mean_repair_min": 240},
    {"vehicle_type": "ebike", "mean_hours_between": 800, "mean_repair_min": 60},
]
