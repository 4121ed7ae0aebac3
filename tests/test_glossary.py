"""One wording per term (docs/GLOSSARY.md), and Chinese for every string a person reads."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("desktop", "optimizer", "simulation", "reports", "scenarios")
CJK = re.compile(r"[\u4e00-\u9fff]")
# English words that may stand in a Chinese text: units, ids, formats, product names
LATIN_ALLOWED = re.compile(r"^(?:\{[^}]*\}|[A-Z]{2,}|km|kg|t|h|min|s|m|CNY|OSM|PDF|CSV|Excel|iCalendar|Dask|CP-SAT|"
                           r"OR-Tools|PyVRP|SimPy|YAML|JSON|PNG|SVG|ID|KPI|[A-Z]?\d+\w*|&\w|[%./:×→—…\-–+]+)$")


def _glossary() -> list[dict[str, str]]:
    lines = (ROOT / "docs" / "GLOSSARY.md").read_text(encoding="utf-8").splitlines()
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in lines if line.startswith("|")]
    head, body = rows[0], [r for r in rows[2:] if len(r) == len(rows[0])]
    return [dict(zip(head, row, strict=True)) for row in body]


def _user_strings() -> list[tuple[str, int, str]]:
    """Every string literal of the packages that is not a docstring: (file, line, text)."""
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                          if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                          and node.body and isinstance(node.body[0], ast.Expr)
                          and isinstance(node.body[0].value, ast.Constant)}
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                    found.append((str(path.relative_to(ROOT)), node.lineno, node.value))
    return found


def test_the_glossary_lists_each_term_once_with_both_languages():
    terms = _glossary()
    assert len(terms) >= 20
    assert len({t["Term"] for t in terms}) == len(terms)
    assert all(CJK.search(t["中文"]) and t["English"] for t in terms)


def test_no_string_a_person_reads_uses_a_word_the_glossary_avoids():
    avoided = {word.strip(): term["中文"] for term in _glossary() for word in term["Avoid"].split("/") if word.strip()}
    offending = [f"{file}:{line}: '{word}' (say '{better}')" for file, line, text in _user_strings()
                 for word, better in avoided.items() if word in text]
    assert not offending, "\n".join(offending)


def latin_words(text: str) -> list[str]:
    # placeholders, HTML tags and entities, (&F) accelerators, file names
    text = re.sub(r"\{[^}]*\}|<[^>]+>|&\w+;?|[\w.-]+\.(?:csv|xlsx|json|yaml|pdf|png|svg|ics)\b", " ", text)
    return [w for w in re.findall(r"[A-Za-z][A-Za-z0-9_\-]*", text) if not LATIN_ALLOWED.match(w)]


def test_every_app_message_reads_in_chinese():
    """The Chinese of each catalogue entry is Chinese: no English word left but units, ids and names."""
    from desktop import i18n

    untranslated = [f"{key}: {zh!r}" for key, (en, zh) in i18n.MESSAGES.items()
                    if latin_words(en) and (not CJK.search(zh) or latin_words(zh))]
    assert not untranslated, "\n".join(untranslated)


@pytest.mark.parametrize("name", ["CATALOGUE", "REASONS", "SHORT_REASONS", "STATUS_NAMES", "RULE_NAMES", "VIOLATIONS"])
def test_every_roster_message_reads_in_chinese(name: str):
    from optimizer.roster import messages

    catalogue = getattr(messages, name)
    untranslated = [key for key, texts in catalogue.items()
                    if set(texts) != {"en", "zh"} or not CJK.search(texts["zh"]) or latin_words(texts["zh"])]
    assert not untranslated
