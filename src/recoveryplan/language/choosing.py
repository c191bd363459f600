"""Which patterns of which rules are worth running on a text, decided from its words.

A rule runs on a text holding one of its trigger words (or on every text, when it has none):
that is what a rule means, and the straightforward check (:func:`patterns_to_run` with
``plain=True``) runs every pattern of every such rule. Running a pattern that cannot match
finds nothing, so the check skips those: a pattern whose anchors (the whole words it cannot
match without, read from the pattern by :mod:`.anchors`) are missing from the text, and then
one whose screen (literal text it needs, :mod:`.screen`) is missing. Anchors are whole words,
and a pattern's words are often not whole (``panic\\w*``, or a word just before a look-ahead),
so what anchors let through is screened too: the screen finds ``panic`` in "panicky", and a
text holding "the" but none of the words before ``as\\s+usual`` is spared the pattern.

The anchors are read from a rule's patterns the first time a text triggers the rule, and kept
in an index from each pattern's most telling set of words to the pattern: a text's words find
the few patterns keyed by one of them, and of those, the ones whose every need the text holds.

Whether a text holds a word of each set a pattern needs is one operation on integers, not a
set intersection per set: each set a pattern needs (its rule's triggers, each of its anchors)
is given a bit, each word the bits of the sets holding it, and a text the bits of its words
together. A pattern is worth running on a text whose bits include all of its own. Common words
are in hundreds of sets, and intersecting those sets with a text's words, pattern by pattern and
text by text, was most of the cost of checking a plan with nothing to suggest.
"""

from __future__ import annotations

import functools
import json
import operator
import re
import sys
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib import resources

import attrs

from .anchors import Anchors, kept_anchors, known_anchors, pattern_key, words
from .lowered import lowered_regex
from .rules import LanguageRule, compiled_regex
from .screen import screen_texts

__all__ = ["Chooser", "CompiledRule", "Pattern", "Screen", "passes"]

_FLAGS = re.IGNORECASE
_LETTERS = re.compile("[a-z]+")

Screen = tuple[str | tuple[str, ...], ...]
"""What a text must hold for a pattern to be worth running on it: each a text, or several of
which it must hold one (empty: always run it)."""


@attrs.frozen(eq=False)
class Pattern:
    """One pattern of a rule, with what a text needs for it to be worth running."""

    rule: int  # the rule's place among the chooser's rules
    place: int  # the pattern's place among its rule's patterns
    source: str  # the pattern, its @word forms expanded
    anchors: Anchors
    screen: Screen
    key: frozenset[str]  # the words it is indexed by: a text holds one when it can match
    triggers: frozenset[str]  # its rule's (empty: the rule runs on every text)
    needs: int  # the bits of its rule's triggers (if any) and of its anchors (see the module)
    order: int  # its place among all the chooser's patterns, by rule and then by place

    @property
    def regex(self) -> re.Pattern[str]:
        """The pattern compiled, the first time it is about to run."""
        return compiled_regex(self.source)

    @property
    def lowered(self) -> re.Pattern[str] | None:
        """The pattern as it runs on lower-cased ASCII text (:mod:`.lowered`), compiled the
        first time it is about to; ``None`` when only :attr:`regex` is exact."""
        return lowered_regex(self.source)


@attrs.frozen
class CompiledRule:
    """A rule as the check reads it: its trigger words with every form of its ``@word``
    words, its patterns with those forms expanded, and its context patterns each joined into
    one expression. Nothing is compiled until it is about to run (``rules.compiled_regex``):
    a pattern when a text passes its anchors and screen, the context when the rule finds a
    phrase."""

    rule: LanguageRule
    triggers: frozenset[str]
    patterns: tuple[str, ...]
    not_before: str | None
    not_after: str | None


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
        # The same as masks of rules, one bit a rule, for deciding which rules a plan triggers
        # with one operation on integers per trigger word it holds (:meth:`ready`).
        self.rules_by_trigger = {
            word: functools.reduce(operator.or_, (1 << rule for rule in rules), 0)
            for word, rules in self.by_trigger.items()
        }
        self.untriggered_rules = functools.reduce(
            operator.or_, (1 << rule for rule in self.untriggered), 0
        )
        self.read_rules = 0  # the rules read so far
        self.unanchored_rules = 0  # the rules read so far with a pattern without anchors
        # How often each word is in the rules' own example sentences: "the" and "her" are
        # in most, as in most text, so a pattern is indexed by the set of words least often
        # there. Read from the rules, so a new rule's words count too.
        self.common: dict[str, int] = {}
        self.rarities: dict[frozenset[str], tuple[int, int]] = {}  # see _rarity
        for compiled in self.rules:
            for sentence in (*compiled.rule.examples_match, *compiled.rule.examples_no_match):
                for word in words(sentence):
                    self.common[word] = self.common.get(word, 0) + 1
        # Read as rules are first triggered, possibly by several threads at once: one reads
        # at a time, and the index is replaced, never changed, so a reader sees a whole one.
        self.read: dict[int, tuple[Pattern, ...]] = {}
        self.index: _Index = ({}, frozenset(), {}, {})
        self.unanchored: tuple[Pattern, ...] = ()
        self.reading = threading.Lock()
        self.bit: dict[frozenset[str], int] = {}  # each set of words a pattern needs

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
            if rule not in self.read:
                self._read([rule])
            return self.read[rule]

    def _read(self, rules: Iterable[int]) -> None:
        """Read and index the patterns of ``rules`` (none read yet), publishing the index once
        for all of them: a plan triggers some seventy rules at once, and copying the index
        for each in turn was a third of the time of the first check in a process."""
        by_anchor = dict(self.index[0])
        bits = dict(self.index[2])
        needing = dict(self.index[3])
        unanchored = list(self.unanchored)
        read: dict[int, tuple[Pattern, ...]] = {}
        for rule in rules:
            compiled = self.rules[rule]
            found = []
            for place, source in enumerate(compiled.patterns):
                needs, screen = _needs(source)
                sets = [*needs, compiled.triggers] if compiled.triggers else needs
                key = min(sets, key=self._rarity) if sets else frozenset()
                pattern = Pattern(
                    rule,
                    place,
                    source,
                    needs,
                    screen,
                    key,
                    compiled.triggers,
                    functools.reduce(operator.or_, (self._bit(words, bits) for words in sets), 0),
                    rule << _PLACES | place,
                )
                found.append(pattern)
                if key:
                    for word in key:
                        by_anchor[word] = (*by_anchor.get(word, ()), pattern)
                        needing[word] = (*needing.get(word, ()), (pattern.needs, pattern))
                else:
                    unanchored.append(pattern)
            read[rule] = tuple(found)
        self.index = by_anchor, frozenset(by_anchor), bits, needing
        self.unanchored = tuple(unanchored)
        for rule, found_here in read.items():
            if any(not pattern.key for pattern in found_here):
                self.unanchored_rules |= 1 << rule
            self.read[rule] = found_here
            self.read_rules |= 1 << rule

    def _bit(self, words: frozenset[str], bits: dict[str, int]) -> int:
        """The bit of a set of words a pattern needs, given to each of its words in ``bits``
        the first time the set is met."""
        bit = self.bit.get(words)
        if bit is None:
            bit = self.bit[words] = 1 << len(self.bit)
            for word in words:
                bits[word] = bits.get(word, 0) | bit
        return bit

    def _rarity(self, words: frozenset[str]) -> tuple[int, int]:
        # A rule's triggers are a set of every pattern of the rule, and often large: worked
        # out once each, it was a third of the first check's time.
        known = self.rarities.get(words)
        if known is None:
            common = self.common
            known = self.rarities[words] = (
                sum(common.get(word, 0) + 1 for word in words),
                len(words),
            )
        return known

    def ready(self, words: frozenset[str]) -> bool:
        """Read the patterns of the rules a plan with these words triggers, before its texts
        are looked at one by one (:meth:`for_texts`); whether a pattern without anchors, of a
        rule without triggers, is among them, so that every text must be checked in full."""
        triggered = self.untriggered_rules
        by_trigger = self.rules_by_trigger
        for word in self.triggers.intersection(words):
            triggered |= by_trigger[word]
        if triggered & ~self.read_rules:
            with self.reading:
                unread = triggered & ~self.read_rules  # what another thread has not read
                rules = []
                while unread:
                    lowest = unread & -unread
                    rules.append(lowest.bit_length() - 1)
                    unread ^= lowest
                if rules:
                    self._read(rules)
        return bool(triggered & self.unanchored_rules)

    def for_texts(
        self, folded: Sequence[str], split: Callable[[str], list[str]], screen: bool = True
    ) -> list[list[Pattern]]:
        """For ASCII texts lower-cased (``folded``, of a plan :meth:`ready` has seen), the
        patterns worth running on each, in order: those keyed by one of the words ``split``
        finds in it whose every need it holds, and (unless not ``screen``) whose screen it
        passes. One loop for both, as a plan's texts are many and most are spared every
        pattern."""
        _, anchor_words, bits, needing = self.index
        chosen: list[list[Pattern]] = []
        for text in folded:
            held = split(text)
            keys = anchor_words.intersection(held)
            if not keys:
                chosen.append([])
                continue
            have = _bits(held, bits)
            # Each key word's patterns with their needs beside them: most fail the test, and
            # reading the needs from the pair is cheaper than from the pattern.
            found = [
                pattern
                for word in keys
                for needs, pattern in needing[word]
                if needs & have == needs and (not screen or passes(pattern.screen, text))
            ]
            if len(found) > 1:
                # A pattern keyed by several of the text's words is found once for each.
                unique = {pattern.order: pattern for pattern in found}
                found = [unique[order] for order in sorted(unique)]
            chosen.append(found)
        return chosen

    def for_text(self, words: frozenset[str], folded: str) -> list[Pattern]:
        """The patterns worth running on a text with these words (case folded and
        lower-cased, as ``anchors.words`` and the trigger check split it, once :meth:`ready`
        has seen them), whose text is ``folded``: in the order of the rules and of their
        patterns."""
        by_anchor, _, bits, _ = self.index
        have = _bits(words, bits)
        chosen = {
            p.order: p
            for word in words
            if word in by_anchor
            for p in by_anchor[word]
            if p.needs & have == p.needs and (not p.screen or passes(p.screen, folded))
        }
        return [chosen[order] for order in sorted(chosen)]

    def plain(self, triggered: frozenset[int]) -> list[Pattern]:
        """Every pattern of the ``triggered`` rules: the straightforward check."""
        return sorted(
            (pattern for rule in triggered for pattern in self.patterns(rule)), key=_order
        )


_PLACES = 16
"""Bits of a pattern's ``order`` for its place among its rule's patterns."""

_Index = tuple[
    dict[str, tuple[Pattern, ...]],
    frozenset[str],
    dict[str, int],
    dict[str, tuple[tuple[int, Pattern], ...]],
]
"""The patterns by their key words, those words, each word's bits (see the module), and the
patterns by their key words again, each with its needs beside it."""


def _order(pattern: Pattern) -> tuple[int, int]:
    return pattern.rule, pattern.place


def _needs(source: str) -> tuple[Anchors, Screen]:
    """The anchors and the screen of a pattern (with its ``@word`` forms expanded): for the
    built-in rules' patterns, as kept in the data files, without compiling it; for others (a
    plugin's, or a rule changed since the files were written), read from it compiled.

    What the files hold is what the compiled pattern gives when it has the usual flags, so a
    pattern that could set others (``(?x)`` at its start) is compiled first, as the files'
    entries are only used when its flags turn out to be the usual ones."""
    if not _GLOBAL_FLAGS.search(source):
        key = pattern_key(source)
        anchors = known_anchors(key)
        screen = _kept_screens().get(key)
        if anchors is not None and screen is not None:
            return anchors, screen
    regex = compiled_regex(source)
    return kept_anchors(regex), _screen(regex)


_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")
"""Flags for the whole pattern, such as ``(?x)`` (or, to be safe, text that looks like them)."""


def _screen(pattern: re.Pattern[str]) -> Screen:
    """The tests a text must pass for ``pattern`` to be worth running: every match of it holds
    one text of each set :func:`~recoveryplan.language.screen.screen_texts` finds. For the
    built-in rules' patterns they are kept in ``data/screens.json`` (reading them all takes
    about a second), written beside the anchors by ``scripts/update_language_anchors.py``;
    others' are read here."""
    if pattern.flags == _COMPILED_FLAGS:
        known = _kept_screens().get(pattern_key(pattern.pattern))
        if known is not None:
            return known
    return _tests(sorted(texts) for texts in screen_texts(pattern.pattern, _FLAGS))


_COMPILED_FLAGS = re.compile("", _FLAGS).flags


@functools.cache
def _kept_screens() -> dict[str, Screen]:
    text = resources.files(__package__).joinpath("data", "screens.json").read_text("utf-8")
    return {pattern: _tests(sets) for pattern, sets in json.loads(text).items()}


def _tests(sets: Iterable[list[str]]) -> Screen:
    """A screen from sets of texts: a text alone, or several in a tuple (held for every
    pattern of the rules, so small: a tuple is a third of the size of a set, and the texts
    are shared)."""
    return tuple(
        sys.intern(texts[0]) if len(texts) == 1 else tuple(map(sys.intern, texts)) for texts in sets
    )


def passes(screen: Screen, folded: str) -> bool:
    """Whether ``folded`` (the text as :func:`~.screen.fold` gives it) passes ``screen``."""
    for test in screen:
        if type(test) is str:
            if test not in folded:
                return False
            continue
        for text in test:  # a loop of its own, cheaper than any() over a generator
            if text in folded:
                break
        else:
            return False
    return True


def _bits(words: Iterable[str], bits: Mapping[str, int]) -> int:
    """The word sets a text holds a word of, one bit each: a pattern can match only when the
    text holds a word of every set it needs (``pattern.needs & have == pattern.needs``)."""
    have = 0
    for word in words:
        if word in bits:
            have |= bits[word]
    return have
