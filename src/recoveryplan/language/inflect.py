"""Word forms: a rule names a word once (``@refuse``) and matches every form of it.

A pattern that lists "refuse|refused|refuses|refusing" by hand misses the form its author
forgot, and a plugin author writing rules for their own service should not have to know
English morphology. So a pattern may write ``@word``, and it matches every inflection of that
word as ``lemminflect`` knows them: ``@refuse`` is ``refuse``, ``refused``, ``refuses`` and
``refusing``; ``@addict`` is ``addict`` and ``addicts``, and also ``addicted``. Every form is
also a trigger word of the rule.

Loading lemminflect's tables takes about a second, too long for every process that validates
a plan, so the forms of the words the built-in rules use are kept in ``data/inflections.json``
(``scripts/update_language_inflections.py`` writes it from lemminflect, and a test fails while
the two disagree). A word that is not in the file, from a plugin's rules, is looked up in
lemminflect itself the first time it is needed.
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources

__all__ = ["FORM", "expand", "forms", "lemminflect_forms", "words_named"]

FORM = re.compile(r"@([a-z]+)")
"""``@word`` in a pattern: every form of ``word``."""


@functools.cache
def _kept() -> dict[str, tuple[str, ...]]:
    text = resources.files(__package__).joinpath("data", "inflections.json").read_text("utf-8")
    return {word: tuple(found) for word, found in json.loads(text).items()}


def lemminflect_forms(word: str) -> tuple[str, ...]:
    """Every inflection of ``word`` lemminflect knows, ``word`` itself first, the rest sorted.

    A word lemminflect does not know gets the regular forms it would give a noun and a verb.
    """
    import lemminflect

    found: set[str] = set()
    for lemma in {
        word,
        *(lemma for lemmas in lemminflect.getAllLemmas(word).values() for lemma in lemmas),
    }:
        for group in lemminflect.getAllInflections(lemma).values():
            found.update(group)
    if not found:
        for upos in ("NOUN", "VERB"):
            for group in lemminflect.getAllInflectionsOOV(word, upos).values():
                found.update(group)
    found.discard(word)
    return (word, *sorted(form.lower() for form in found if form.isalpha()))


@functools.cache
def forms(word: str) -> tuple[str, ...]:
    """Every form of ``word``: kept in the package for the built-in rules' words."""
    kept = _kept().get(word)
    return kept if kept is not None else lemminflect_forms(word)


def words_named(pattern: str) -> list[str]:
    """The words a pattern names with ``@word``, in order."""
    return FORM.findall(pattern)


def expand(pattern: str) -> str:
    """``pattern`` with each ``@word`` replaced by a group matching every form of the word."""

    def alternatives(match: re.Match[str]) -> str:
        found = sorted(forms(match.group(1)), key=len, reverse=True)
        return "(?:" + "|".join(found) + ")"

    return FORM.sub(alternatives, pattern)
