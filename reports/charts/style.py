"""Chart styling shared by the app and the reports: fonts that render Chinese, a quiet house style.

Qt-free: the app embeds the same figures with FigureCanvasQTAgg, the reports save them to files.
"""

from __future__ import annotations

# First available wins; DejaVu Sans last so Latin text always renders.
CJK_SANS_SERIF = [
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
    "DejaVu Sans",
]

# A colour-blind-friendly cycle (Okabe-Ito), used for variants and vehicles alike.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]


def apply_chart_style() -> None:
    """Set matplotlib's fonts (Chinese-capable), minus sign and a light grid style, once per process."""
    import matplotlib as mpl
    from cycler import cycler

    mpl.rcParams["font.family"] = "sans-serif"
    mpl.rcParams["font.sans-serif"] = CJK_SANS_SERIF + [
        f for f in mpl.rcParams["font.sans-serif"] if f not in CJK_SANS_SERIF
    ]
    mpl.rcParams["axes.unicode_minus"] = False  # CJK fonts often lack U+2212
    mpl.rcParams["axes.spines.top"] = False
    mpl.rcParams["axes.spines.right"] = False
    mpl.rcParams["axes.grid"] = True
    mpl.rcParams["grid.alpha"] = 0.3
    mpl.rcParams["axes.prop_cycle"] = cycler(color=PALETTE)
    mpl.rcParams["figure.dpi"] = 100
    mpl.rcParams["savefig.bbox"] = "tight"
