"""Workers, teams and chiefs for a generated district, sized from the work the district needs."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass

import numpy as np

SURNAMES = (
    ("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"), ("黄", "Huang"),
    ("赵", "Zhao"), ("吴", "Wu"), ("周", "Zhou"), ("徐", "Xu"), ("孙", "Sun"), ("马", "Ma"), ("朱", "Zhu"),
    ("胡", "Hu"), ("郭", "Guo"), ("何", "He"), ("罗", "Luo"), ("高", "Gao"), ("林", "Lin"), ("谢", "Xie"),
    ("唐", "Tang"), ("冯", "Feng"), ("邓", "Deng"), ("曾", "Zeng"), ("彭", "Peng"), ("苏", "Su"), ("蒋", "Jiang"),
)
GIVEN = (
    ("伟", "Wei"), ("芳", "Fang"), ("敏", "Min"), ("静", "Jing"), ("丽", "Li"), ("强", "Qiang"), ("磊", "Lei"),
    ("军", "Jun"), ("洋", "Yang"), ("勇", "Yong"), ("艳", "Yan"), ("杰", "Jie"), ("娟", "Juan"), ("涛", "Tao"),
    ("明", "Ming"), ("超", "Chao"), ("秀英", "Xiuying"), ("霞", "Xia"), ("平", "Ping"), ("刚", "Gang"),
    ("桂英", "Guiying"), ("建华", "Jianhua"), ("德明", "Deming"), ("玉兰", "Yulan"), ("志强", "Zhiqiang"),
    ("海燕", "Haiyan"), ("红梅", "Hongmei"), ("国庆", "Guoqing"), ("文斌", "Wenbin"), ("春燕", "Chunyan"),
)


def person_name(rng: np.random.Generator) -> tuple[str, str]:
    s_zh, s_en = SURNAMES[int(rng.integers(len(SURNAMES)))]
    g_zh, g_en = GIVEN[int(rng.integers(len(GIVEN)))]
    return s_zh + g_zh, f"{s_en} {g_en}"


def headcount(posts_per_day: float, margin: float) -> int:
    """Workers needed so that posts are filled every day, with days off and absence."""
    return max(1, math.ceil(posts_per_day * margin))


@dataclass(frozen=True)
class WorkerGroup:
    """Workers to make alike: their ids' prefix, how many, skills, teams (in turn), regime, shifts, depots."""

    prefix: str
    count: int
    skills: list[str]
    teams: list[str]  # worker i joins teams[i % len(teams)]
    regime: str
    shift_pool: list[str]  # the shifts a worker may prefer or avoid
    depots: list[str | None]  # worker i's home depot: depots[i % len(depots)]


def make_workers(rng: np.random.Generator, group: WorkerGroup, start_date: dt.date) -> list[dict]:
    """count workers spread over teams, with a little leave and a few shift preferences."""
    prefix, count, skills, teams = group.prefix, group.count, group.skills, group.teams
    regime, shift_pool, depots = group.regime, group.shift_pool, group.depots
    workers = []
    for i in range(count):
        zh, en = person_name(rng)
        worker: dict = {
            "id": f"{prefix}{i + 1:04d}",
            "name_zh": zh,
            "name_en": en,
            "team": teams[i % len(teams)],
            "skills": list(skills),
            "regime": regime,
            "contract_hours_per_week": 40.0,
            "home_depot": depots[i % len(depots)],
        }
        if rng.random() < 0.04:
            first = start_date + dt.timedelta(days=int(rng.integers(0, 21)))
            worker["leave"] = [f"{first}..{first + dt.timedelta(days=int(rng.integers(2, 7)))}"]
        if rng.random() < 0.02:
            worker["unavailable_weekdays"] = [int(rng.integers(0, 7))]
        if shift_pool and rng.random() < 0.15:
            worker["preferred_shifts"] = [shift_pool[int(rng.integers(len(shift_pool)))]]
        if len(shift_pool) > 1 and rng.random() < 0.1:
            avoided = shift_pool[int(rng.integers(len(shift_pool)))]
            if avoided not in worker.get("preferred_shifts", []):
                worker["avoided_shifts"] = [avoided]
        workers.append(worker)
    return workers


def chief_level(classes: Counter) -> str:
    """Road chief (路长) for main roads, street chief (街长) for branches, lane chief (巷长) for alleys."""
    top = classes.most_common(1)[0][0]
    return {"arterial": "road", "secondary": "road", "branch": "street", "back_alley": "lane"}[top]
