"""Duty cards (岗位责任卡): one printable A4 PDF per post of a patrol plan (定人、定岗、定则) — its holder and
deputy, a map of its territory, its standing duties and its beat times."""

from reports.duty_cards.pdf import write_duty_cards

__all__ = ["write_duty_cards"]
