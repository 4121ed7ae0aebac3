"""The kinds of work a plan holds, with their names in Chinese and English (no planner imported here)."""

from __future__ import annotations

from optimizer.common.plan import WorkKind

KINDS: tuple[WorkKind, ...] = ("garbage", "sweeping", "toilets", "patrols")
KIND_LABELS: dict[str, dict[str, str]] = {
    "zh": {"garbage": "垃圾清运", "sweeping": "清扫保洁", "toilets": "公厕保洁", "patrols": "巡查"},
    "en": {"garbage": "garbage collection", "sweeping": "street sweeping", "toilets": "toilet rounds",
           "patrols": "patrols"},
}


def kind_label(kind: str, lang: str = "zh") -> str:
    """A kind's name in the language asked ('zh' or 'en'); the id itself when unknown."""
    return KIND_LABELS.get(lang, KIND_LABELS["en"]).get(kind, kind)


def kinds_of(what: str) -> tuple[WorkKind, ...]:
    """The kinds of work ``what`` names ('all' or one kind)."""
    if what == "all":
        return KINDS
    if what not in KINDS:
        raise ValueError(f"unknown kind of work {what!r}; expected one of all, {', '.join(KINDS)}")
    return (what,)  # type: ignore[return-value]
