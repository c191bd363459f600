"""The recovery-language rules' words, for the messages catalogue.

A rule's ``why`` and ``alternatives`` are what staff read in a finding, so they are
translated like every other message; they are written in TOML, not Python, so Babel needs
this extractor to find them (``babel-messages.cfg`` names it). Whatever rules the file holds
are extracted, each sentence with a comment naming its rule, so a translator sees what it
belongs to. The patterns, examples and ``source`` citations are not messages: the patterns
match English text, and a citation names what was published as it was published.
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

__all__ = ["extract_places", "extract_rules"]


def extract_rules(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel's extraction method for a rules file: ``(line, None, message, comments)`` for
    every rule's ``why`` and each of its ``alternatives``, at the line the key is on."""
    text = fileobj.read().decode("utf-8")
    rules = tomllib.loads(text).get("rule", [])
    lines = text.splitlines()
    starts = [n for n, line in enumerate(lines, start=1) if line.strip() == "[[rule]]"]
    for rule, start in zip(rules, starts, strict=True):
        code = rule.get("code", "")
        why = rule.get("why")
        if isinstance(why, str):
            yield (
                _line_of(lines, start, "why"),
                None,
                why,
                [f"Translators: why the rule {code} suggests rethinking a phrase (one sentence)"],
            )
        for alternative in rule.get("alternatives", []):
            yield (
                _line_of(lines, start, "alternatives"),
                None,
                alternative,
                [
                    f"Translators: for the rule {code}, what staff could write instead; it "
                    "follows 'Try instead:' and may use '…' for what the writer fills in"
                ],
            )


def extract_places(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel's extraction method for where a finding says a phrase is: every model field's
    ``where`` (``recoveryplan._fields``, the file this is applied to, makes them), as the
    language check uses them, so a field added to the model is extracted with no more work."""
    from ..builtin.language import TEXT_VOICES

    labels = sorted({label for _whose, label in TEXT_VOICES.values() if label})
    for label in labels:
        yield (
            1,
            None,
            label,
            [
                "Translators: where in a plan a phrase was found; keep {owner}, which names the "
                'part holding the text ("outcome o-walk", "the review on 2 June 2026")'
            ],
        )


def _line_of(lines: list[str], start: int, key: str) -> int:
    """The line where ``key`` is given in the rule starting at line ``start``."""
    for number in range(start, len(lines) + 1):
        text = lines[number - 1].lstrip()
        if text.startswith(key) and text[len(key) :].lstrip().startswith("="):
            return number
        if number > start and text == "[[rule]]":
            break
    return start
