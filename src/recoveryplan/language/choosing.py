"""Which patterns of which rules are worth running on a text, decided from its words.

A rule runs on a text holding one of its trigger words (or on every text, when it has none):
that is what a rule means, and the straightforward check (:func:`patterns_to_run` with
``plain=True``) runs every pattern of every such rule. Running a pattern that cannot match
finds nothing, so the check skips those: a pattern whose anchors (the whole words it cannot
match without, read from the pattern by :mod:`.anchors`) are missing from the text, or, for a
pattern without anchors, whose screen (literal text it needs, :mod:`.screen`) is missing.

The anchors are read from a rule's patterns the first time a text triggers the rule, and kept
in an index from each pattern's most telling set of words to the pattern; the words of a whole
plan then find its few candidate patterns with one set intersection, before any text is
looked at one by one.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence

import attrs

from .anchors import Anchors, kept_anchors, words
from .rules import LanguageRule
from .screen import required_texts

__all__ = ["Chooser", "CompiledRule", "Pattern", "PlanChoice", "Screen", "passes"]

_FLAGS = re.IGNORECASE
_LETTERS = re.compile("[a-z]+")

Screen = tuple[str | re.Pattern[str], ...]
"""What a text must hold for a pattern to be worth running on it: each a word, or an
expression finding any of several (empty: always run it)."""

_SCREEN_SHORTEST = 3
"""Screens of three letters ("not", "off", "let") are worth their test: a search in C costs a
twentieth of running a pattern, and each one the text lacks spares running it."""

_SCREENS = 3
"""The most tests a pattern's screen makes, the fewest and longest texts first."""


@attrs.frozen(eq=False)
class Pattern:
    """One pattern of a rule, with what a text needs for it to be worth running."""

    rule: int  # the rule's place among the chooser's rules
    place: int  # the pattern's place among its rule's patterns
    regex: re.Pattern[str]
    anchors: Anchors
    screen: Screen
    key: frozenset[str]  # the words it is indexed by: a text holds one when it can match
    triggers: frozenset[str]  # its rule's (empty: the rule runs on every text)
    needs: tuple[frozenset[str], ...]  # its rule's triggers (if any) and its anchors
    rest: tuple[frozenset[str], ...]  # its needs but its key, the least common words first


@attrs.frozen
class CompiledRule:
    rule: LanguageRule
    triggers: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]
    not_before: re.Pattern[str] | None
    not_after: re.Pattern[str] | None


@attrs.frozen
class PlanChoice:
    """The patterns worth running on any text of a plan, indexed by their key words.

    ``everywhere`` says a pattern with no key (no anchors, of a rule without triggers) is
    among them, so every text must be checked in full."""

    triggered: frozenset[int]
    patterns: tuple[Pattern, ...]
    index: dict[str, tuple[Pattern, ...]]
    everywhere: bool

    def for_texts(self, words: Sequence[frozenset[str]]) -> list[list[Pattern]]:
        """For texts with these words (ASCII texts, lower-cased), the patterns worth running
        on each, in order: which texts hold each of a pattern's needs is worked out from one
        index of the texts by word, rather than text by text."""
        holding: dict[str, set[int]] = {}
        for place, held in enumerate(words):
            for word in held:
                if word in holding:
                    holding[word].add(place)
                else:
                    holding[word] = {place}
        present = frozenset(holding)
        chosen: list[list[Pattern]] = [[] for _ in words]
        for pattern in self.patterns:
            places: set[int] | None = None
            for needed in pattern.needs:
                either: set[int] = set()
                for word in needed & present:
                    either |= holding[word]
                places = either if places is None else places & either
                if not places:
                    break
            for place in places or ():
                chosen[place].append(pattern)
        return chosen

    def for_text(self, words: frozenset[str], folded: str) -> list[Pattern]:
        """Of the plan's patterns, those worth running on a text with these words (case
        folded and lower-cased, as ``anchors.words`` and the trigger check split it), whose
        text is ``folded``: in the order of the rules and of their patterns."""
        index = self.index
        chosen = {id(p): p for word in words if word in index for p in index[word]}
        return sorted(
            (
                p
                for p in chosen.values()
                if (not p.triggers or not p.triggers.isdisjoint(words))
                and all(not needed.isdisjoint(words) for needed in p.anchors)
                and (p.anchors or not p.screen or passes(p.screen, folded))
            ),
            key=_order,
        )


class Chooser:
    """The patterns of some rules, indexed by their anchors as their rules are first needed."""

    def __init__(self, rules: Sequence[CompiledRule]) -> None:
        self.rules = tuple(rules)
        self.untriggered = frozenset(i for i, c in enumerate(self.rules) if not c.triggers)
        self.by_trigger: dict[str, list[int]] = {}
        for i, compiled in enumerate(self.rules):
            for word in compiled.triggers:
                self.by_trigger.setdefault(word, []).append(i)
        self.triggers = frozenset(self.by_trigger)
        # How often each word is in the rules' own example sentences: "the" and "her" are
        # in most, as in most text, so a pattern is indexed by the set of words least often
        # there. Read from the rules, so a new rule's words count too.
        self.common: dict[str, int] = {}
        for compiled in self.rules:
            for sentence in (*compiled.rule.examples_match, *compiled.rule.examples_no_match):
                for word in words(sentence):
                    self.common[word] = self.common.get(word, 0) + 1
        # Read as rules are first triggered, possibly by several threads at once: one reads
        # at a time, and the index is replaced, never changed, so a reader sees a whole one.
        self.read: dict[int, tuple[Pattern, ...]] = {}
        self.index: tuple[dict[str, tuple[Pattern, ...]], frozenset[str]] = ({}, frozenset())
        self.unanchored: tuple[Pattern, ...] = ()
        self.reading = threading.Lock()

    def triggered(self, words: Iterable[str]) -> frozenset[int]:
        """The rules a text with these (lower-case) words triggers."""
        found = set(self.untriggered)
        for word in self.triggers.intersection(words):
            found.update(self.by_trigger[word])
        return frozenset(found)

    def patterns(self, rule: int) -> tuple[Pattern, ...]:
        """The rule's patterns, read for anchors and screens (and indexed) the first time."""
        known = self.read.get(rule)
        if known is not None:
            return known
        with self.reading:
            return self.read.get(rule) or self._read(rule)

    def _read(self, rule: int) -> tuple[Pattern, ...]:
        compiled = self.rules[rule]
        by_anchor = dict(self.index[0])
        unanchored = list(self.unanchored)
        found = []
        for place, regex in enumerate(compiled.patterns):
            needs = kept_anchors(regex)
            sets = [*needs, compiled.triggers] if compiled.triggers else needs
            key = min(sets, key=self._rarity) if sets else frozenset()
            screen = () if needs else _screen(regex)
            pattern = Pattern(
                rule,
                place,
                regex,
                needs,
                screen,
                key,
                compiled.triggers,
                tuple(sets),
                tuple(sorted((n for n in sets if n is not key), key=self._rarity)),
            )
            found.append(pattern)
            if key:
                for word in key:
                    by_anchor[word] = (*by_anchor.get(word, ()), pattern)
            else:
                unanchored.append(pattern)
        self.index = by_anchor, frozenset(by_anchor)
        self.unanchored = tuple(unanchored)
        self.read[rule] = tuple(found)
        return self.read[rule]

    def _rarity(self, words: frozenset[str]) -> tuple[int, int]:
        return sum(self.common.get(word, 0) + 1 for word in words), len(words)

    def for_plan(self, words: frozenset[str]) -> PlanChoice:
        """The patterns worth running on some text with words among ``words`` (lower-cased
        and case folded): of the rules they trigger, those with all their anchors among them."""
        triggered = self.triggered(words)
        for rule in triggered:
            if rule not in self.read:
                self.patterns(rule)
        lacks = words.isdisjoint
        by_anchor, anchor_words = self.index
        found = {
            id(pattern): pattern
            for word in anchor_words.intersection(words)
            for pattern in by_anchor[word]
            if pattern.rule in triggered and not any(map(lacks, pattern.rest))
        }
        patterns = sorted(found.values(), key=_order)
        index: dict[str, list[Pattern]] = {}
        for pattern in patterns:
            for word in pattern.key.intersection(words):
                index.setdefault(word, []).append(pattern)
        everywhere = any(p.rule in triggered for p in self.unanchored)
        return PlanChoice(
            triggered,
            tuple(patterns),
            {word: tuple(found) for word, found in index.items()},
            everywhere,
        )

    def plain(self, triggered: frozenset[int]) -> list[Pattern]:
        """Every pattern of the ``triggered`` rules: the straightforward check."""
        return sorted(
            (pattern for rule in triggered for pattern in self.patterns(rule)), key=_order
        )


def _order(pattern: Pattern) -> tuple[int, int]:
    return pattern.rule, pattern.place


def _screen(pattern: re.Pattern[str]) -> Screen:
    """The tests a text must pass for ``pattern`` to be worth running: every match of it holds
    one text of each set :func:`~recoveryplan.language.screen.required_texts` finds."""
    found = sorted(
        set(required_texts(pattern.pattern, _FLAGS, _SCREEN_SHORTEST)),
        key=lambda texts: (len(texts), -min(len(text) for text in texts), sorted(texts)),
    )
    return tuple(
        next(iter(texts))
        if len(texts) == 1
        else re.compile("|".join(re.escape(text) for text in sorted(texts)))
        for texts in found[:_SCREENS]
    )


def passes(screen: Screen, folded: str) -> bool:
    """Whether ``folded`` (the text as :func:`~.screen.fold` gives it) passes ``screen``."""
    for test in screen:
        if type(test) is str:
            if test not in folded:
                return False
        elif test.search(folded) is None:  # type: ignore[union-attr]
            return False
    return True
