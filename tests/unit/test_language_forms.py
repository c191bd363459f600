"""Word forms in language rules: ``@word`` matches every inflection, and the forms kept in
the package are the ones lemminflect gives."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import recoveryplan as rp
from recoveryplan.language import LanguageRule, check_rule_examples
from recoveryplan.language.inflect import expand, forms, lemminflect_forms, words_named

ROOT = Path(__file__).resolve().parents[2]


def test_a_word_stands_for_all_its_forms() -> None:
    assert forms("refuse") == ("refuse", "refused", "refuses", "refusing")
    assert words_named(r"\b@refuse\s+to\s+@waste\b") == ["refuse", "waste"]
    assert expand(r"\b@refuse\b") == r"\b(?:refusing|refused|refuses|refuse)\b"


def test_any_refusal_is_found_whatever_follows() -> None:
    for text in [
        "Callum refused to get out of bed.",
        "She refuses the bus.",
        "He keeps refusing his bath.",
        "Refuse to wash? Not today.",
    ]:
        assert [s.code for s in rp.check_language(text)] == ["language.refused"], text


def test_a_plugin_rule_may_name_a_word_the_package_does_not_keep() -> None:
    rule = LanguageRule(
        code="test.language.scold",
        patterns=(r"\b@scold\b",),
        why="Test rule.",
        alternatives=("talked with",),
        examples_match=("Staff scolded him.", "She scolds them."),
        examples_no_match=("Staff talked with him.",),
    )
    assert check_rule_examples(rule) == []


def test_the_kept_forms_are_lemminflects() -> None:
    path = ROOT / "scripts" / "update_language_inflections.py"
    spec = importlib.util.spec_from_file_location("update_language_inflections", path)
    assert spec is not None
    assert spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    kept = (ROOT / "src" / "recoveryplan" / "language" / "data" / "inflections.json").read_text()
    assert kept == script.table(), "run python scripts/update_language_inflections.py"
    for word, found in json.loads(kept).items():
        assert tuple(found) == lemminflect_forms(word)
