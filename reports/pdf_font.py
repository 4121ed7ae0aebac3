"""The Chinese font of every PDF the reports write: reportlab's built-in CID font, so no font file to ship or find."""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont

FONT = "STSong-Light"


def cid_font() -> str:
    """The font's name, registered with reportlab on first use."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT
