"""The language of command-line output: Chinese when the environment's locale is Chinese, else English."""

from __future__ import annotations

import locale
import os


def default_lang() -> str:
    """'zh' or 'en' from LANG (or the process locale)."""
    lang = os.environ.get("LANG") or (locale.getlocale()[0] or "")
    return "zh" if lang.lower().startswith("zh") else "en"
