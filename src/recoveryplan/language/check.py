"""Finding the phrases worth rethinking in one piece of text.

Precision comes before recall: a false alarm teaches staff to ignore the check. So a phrase is
only suggested when a rule's pattern matches it, neither of the rule's context patterns
(``not_before``, ``not_after``) says it is used well there, and it is not inside quotation
marks: a plan that quotes what someone said, or names a phrase in order to talk about it, is
not using it.
"""

from __future__ import annotations

import contextlib
import functools
import re
import weakref
from collections.abc import Iterable, Sequence

import attrs

from ..messages import N_
from .anchors import words as folded_words
from .choosing import Chooser, CompiledRule, Pattern
from .inflect import expand, forms, words_named
from .quotes import QuotedSpans, quoted_spans
from .rules import CONTEXT_WIDTH, LanguageRule, compiled_regex, context_source, language_rules
from .screen import fold

__all__ = [
    "MAX_CHARACTERS",
    "MAX_SUGGESTIONS",
    "NOT_CHECKED",
    "LanguageSuggestion",
    "check_language",
    "check_rule_examples",
    "check_texts",
    "forget_texts",
]


@attrs.frozen(kw_only=True)
class LanguageSuggestion:
    """One phrase in a text, why it is worth rethinking, and what could be written instead.

    ``span`` is ``(start, end)`` into the text that was checked, so ``text[start:end]`` is
    ``phrase``; ``code`` is the rule's stable code (``language.refused``).
    """

    span: tuple[int, int]
    phrase: str
    code: str
    why: str
    alternatives: tuple[str, ...]

    @property
    def start(self) -> int:
        return self.span[0]

    @property
    def end(self) -> int:
        return self.span[1]


def check_language(
    text: str, rules: Iterable[LanguageRule] | None = None
) -> list[LanguageSuggestion]:
    """Every phrase in ``text`` worth rethinking, in the order they appear; empty if none.

    ``rules`` defaults to every registered rule (the built-in ones and any plugin's); pass
    your own to try rules out.
    """
    chosen = tuple(rules) if rules is not None else language_rules()
    return _matcher(chosen).suggestions(text)


def check_texts(
    texts: Sequence[str],
    rules: Iterable[LanguageRule] | None = None,
    *,
    words: frozenset[str] | None = None,
) -> list[list[LanguageSuggestion]]:
    """The suggestions for each of ``texts``, as :func:`check_language` gives them.

    Checking a whole plan this way costs little more than splitting its text into words once
    when, as in most plans, there is nothing to suggest; ``words`` is that split
    (:func:`words_of`), when the caller has kept it from an earlier check of the same texts.
    """
    chosen = tuple(rules) if rules is not None else language_rules()
    matcher = _matcher(chosen)
    if not texts:
        return []
    if words is None:
        words = words_of(texts)
    chooser = matcher.chooser
    kept = matcher.kept
    found: list[list[LanguageSuggestion] | None] = [
        None if (known := kept.get(text)) is None else list(known) for text in texts
    ]
    if all(each is not None for each in found):
        return [each or [] for each in found]
    # The patterns of the rules the plan's words trigger are read first; then each text is
    # split into words (in C), and only the patterns whose every need its words hold (usually
    # none) are run on it.
    everywhere = chooser.ready(words)
    simple: dict[str, list[int]] = {}  # each text to check here, and where it is in texts
    for place, text in enumerate(texts):
        if found[place] is not None:
            continue
        if everywhere or len(text) > MAX_CHARACTERS or not text.isascii():
            found[place] = matcher.suggestions(text)
        else:
            simple.setdefault(text, []).append(place)
    # ASCII texts, lower-cased: folded as the screens compare them, and as the patterns run
    # on them (see ``_found``).
    folded = [text.lower() for text in simple]
    for (text, places), lowered, running in zip(
        simple.items(), folded, chooser.for_texts(folded, _split), strict=True
    ):
        result = _found(chooser, running, text, text, lowered) if running else []
        matcher.remember(text, result)
        if result:  # a text with nothing found is given its own empty list below
            for place in places:
                found[place] = list(result)
    return [each or [] for each in found]


def check_rule_examples(rule: LanguageRule) -> list[str]:
    """What is wrong with a rule's own examples: empty when every example behaves.

    Each of ``examples_match`` must give at least one suggestion with the rule's code, and no
    ``examples_no_match`` may give one. Plugin authors run this in their tests::

        assert check_rule_examples(rule) == []
    """
    problems = []
    for sentence in rule.examples_match:
        if not any(s.code == rule.code for s in check_language(sentence, [rule])):
            problems.append(f"{rule.code}: finds nothing in {sentence!r}, which it must match")
    for sentence in rule.examples_no_match:
        found = [s.phrase for s in check_language(sentence, [rule]) if s.code == rule.code]
        if found:
            problems.append(
                f"{rule.code}: finds {found[0]!r} in {sentence!r}, which it must not match"
            )
    return problems


# -- matching ------------------------------------------------------------------------------

_FLAGS = re.IGNORECASE


class _Matcher:
    """Rules indexed by their trigger words and their patterns' anchors, each pattern compiled
    when it is first about to run.

    Most text in a plan has nothing to suggest. Splitting it into words is one pass in C, and
    set intersections with the rules' triggers and the patterns' anchors (see ``choosing``)
    say which patterns (usually none) are worth trying; only those are run.

    What a text was found to hold is kept for the :data:`REMEMBERED` texts checked last, as
    the rules cannot change under a matcher: a plan is validated again after every edit, and
    each edit changes a text or two of dozens, so only those are checked again (and a plan
    validated twice, by a staff view and then a batch job, is checked once).
    """

    def __init__(self, rules: tuple[LanguageRule, ...]) -> None:
        self.kept: dict[str, tuple[LanguageSuggestion, ...]] = {}
        _MATCHERS.add(self)
        self.chooser = Chooser([_compile(rule) for rule in rules])

    def suggestions(self, text: str) -> list[LanguageSuggestion]:
        kept = self.kept.get(text)
        if kept is not None:
            return list(kept)
        found = self._suggestions(text)
        self.remember(text, found)
        return found

    def remember(self, text: str, found: list[LanguageSuggestion]) -> None:
        """Keep what ``text`` was found to hold, forgetting the text kept longest ago when
        :data:`REMEMBERED` are kept."""
        if len(text) > _REMEMBERED_LONGEST:
            return
        if len(self.kept) >= REMEMBERED:
            # Another thread may make room at the same moment: then there is room.
            with contextlib.suppress(KeyError, RuntimeError, StopIteration):
                del self.kept[next(iter(self.kept))]
        self.kept[text] = tuple(found)

    def _suggestions(self, text: str, plain: bool = False) -> list[LanguageSuggestion]:
        """What ``text`` holds; with ``plain``, found by running every pattern of every rule
        the text triggers (the straightforward check, which tests compare with)."""
        lower = _words(text)
        triggered = self.chooser.triggered(lower)
        if not triggered:
            return []
        checked = text[:MAX_CHARACTERS]
        if plain:
            chosen = self.chooser.plain(triggered)
        else:
            # The anchors are compared with the text's words case folded, the triggers with
            # them lower-cased (as a rule's triggers mean): with both, and then only the
            # patterns of the rules the lower-cased words trigger.
            both = frozenset(lower) if text.isascii() else folded_words(text).union(lower)
            self.chooser.ready(both)
            chosen = [
                pattern
                for pattern in self.chooser.for_text(both, fold(checked))
                if pattern.rule in triggered
            ]
        # The straightforward check runs the patterns as written, on the text as written.
        lowered = checked.lower() if not plain and checked.isascii() else None
        return _found(self.chooser, chosen, text, checked, lowered)


def _found(
    chooser: Chooser,
    chosen: list[Pattern],
    text: str,
    checked: str,
    lowered: str | None = None,
) -> list[LanguageSuggestion]:
    """The suggestions the ``chosen`` patterns make in ``checked`` (``text`` up to the cap).

    ``lowered`` is ``checked`` lower-cased, when it is ASCII: a pattern that can be is run on
    it case-sensitively (``lowered.lowered_regex``), finding the same spans faster."""
    quoted: QuotedSpans | None = None
    found: dict[tuple[int, int, str], LanguageSuggestion] = {}
    for pattern in chosen:
        compiled = chooser.rules[pattern.rule]
        rule = compiled.rule
        fast = pattern.lowered if lowered is not None else None
        if fast is not None and lowered is not None:
            matches = fast.finditer(lowered)
        else:
            matches = pattern.regex.finditer(checked)
        # A pattern's phrases come in order of where they start, so once it has found
        # MAX_SUGGESTIONS, none of its later ones can be among the first MAX_SUGGESTIONS of
        # the text: the search stops there.
        kept = 0
        for match in matches:
            start, end = _span(match)
            key = (start, end, rule.code)
            if start == end or key in found:
                continue
            if quoted is None:
                # Where the text quotes someone is only worked out once a phrase is found:
                # most texts that patterns run on hold none.
                quoted = QuotedSpans(quoted_spans(checked))
            if quoted.holds(start, end) or _used_well(compiled, checked, start, end):
                continue
            found[key] = LanguageSuggestion(
                span=(start, end),
                phrase=checked[start:end],
                code=rule.code,
                why=rule.why,
                alternatives=rule.alternatives,
            )
            kept += 1
            if kept == MAX_SUGGESTIONS + 1:
                break
    if not found and len(text) <= MAX_CHARACTERS:
        return []
    suggestions = sorted(_outermost(found.values()), key=lambda s: (s.start, s.end, s.code))
    if len(suggestions) > MAX_SUGGESTIONS:
        return [
            *suggestions[:MAX_SUGGESTIONS],
            _not_checked(suggestions[MAX_SUGGESTIONS].start),
        ]
    if len(text) > MAX_CHARACTERS:
        suggestions.append(_not_checked(MAX_CHARACTERS))
    return suggestions


_MATCHERS: weakref.WeakSet[_Matcher] = weakref.WeakSet()


def forget_texts() -> None:
    """Forget every text the check has kept what it found in.

    The texts are staff-written parts of plans, held only in this process's memory; a service
    that wants none kept once a piece of work is done (or a benchmark that measures a plan
    seen for the first time) calls this. Checking afterwards gives the same suggestions."""
    for matcher in list(_MATCHERS):
        matcher.kept.clear()


REMEMBERED = 4096
"""How many texts a matcher keeps what it found in: the staff-written texts of a hundred
plans, or of one plan through a day of edits."""

_REMEMBERED_LONGEST = 2000
"""Texts longer than this (a few paragraphs) are checked again each time rather than kept."""

MAX_CHARACTERS = 100_000
"""How much of one text is checked: about 15,000 words, far more than anyone writes in one
field of a plan. The cap keeps validation of a plan of any size, written by anyone, in
seconds; what lies beyond it gets a ``language.not-checked`` suggestion instead."""

MAX_SUGGESTIONS = 50
"""How many suggestions one text gets: past fifty, more of them help nobody, and the rest of
the text gets a ``language.not-checked`` suggestion instead."""

NOT_CHECKED = "language.not-checked"
"""The code of the suggestion saying where the check stopped in a text, and why."""

# Translators: %(chars)s and %(count)s are numbers.
STOPPED_WHY = N_(
    "The recovery-language check stops after %(chars)s characters or %(count)s suggestions in "
    "one piece of text, so the rest of it was not checked."
)
"""Why a long text was not checked to its end (a message, translated when a finding is made)."""

STOPPED_ALTERNATIVES = (
    N_("rework the suggestions found so far and check again"),
    N_("split a very long text into the parts of the plan it belongs to"),
)
"""What to do about it, in the same way."""


def _not_checked(at: int) -> LanguageSuggestion:
    """Where the check stopped: an empty phrase at the first character not checked."""
    return LanguageSuggestion(
        span=(at, at),
        phrase="",
        code=NOT_CHECKED,
        why=STOPPED_WHY % {"chars": f"{MAX_CHARACTERS:,}", "count": MAX_SUGGESTIONS},
        alternatives=STOPPED_ALTERNATIVES,
    )


_ASCII_WORDS = bytes(
    (c + 32 if 65 <= c <= 90 else c) if chr(c).isascii() and chr(c).isalnum() else 32
    for c in range(256)
)
"""Upper-case ASCII letters to lower case, letters and digits kept, everything else a space."""

_WORD = re.compile(r"[^\W_]+")


def words_of(texts: Sequence[str]) -> frozenset[str]:
    """Every lower-case word of ``texts``, and each case folded: what decides whether any
    rule could find anything."""
    joined = " ".join(texts)
    if joined.isascii():
        return frozenset(_words(joined))
    # One text with an accent must not send the whole plan through the slow split: the ASCII
    # texts are split as above (their case-folded words are the same), the others with both.
    plain = " ".join(text for text in texts if text.isascii())
    other = " ".join(text for text in texts if not text.isascii())
    return frozenset(_words(plain)).union(_words(other), folded_words(other))


def _split(text: str) -> list[str]:
    """The lower-case words of an ASCII text."""
    return text.encode("ascii").translate(_ASCII_WORDS).decode("ascii").split()


def _words(text: str) -> list[str]:
    """The lower-case words of ``text``, fast for the ASCII text most plans are written in."""
    if text.isascii():
        return _split(text)
    return _WORD.findall(text.lower())


_last: tuple[tuple[LanguageRule, ...], _Matcher] | None = None


def _matcher(rules: tuple[LanguageRule, ...]) -> _Matcher:
    """The compiled rules: the same tuple of rules as last time (as validation passes them
    for plan after plan) is recognised without hashing it; other sets are kept in a cache."""
    global _last
    if _last is not None and _last[0] is rules:
        return _last[1]
    matcher = _cached_matcher(rules)
    _last = (rules, matcher)
    return matcher


@functools.lru_cache(maxsize=16)
def _cached_matcher(rules: tuple[LanguageRule, ...]) -> _Matcher:
    return _Matcher(rules)


def _compile(rule: LanguageRule) -> CompiledRule:
    """A rule as the check reads it: nothing is compiled here (see ``CompiledRule``)."""
    named = {word for pattern in rule.patterns for word in words_named(pattern)}
    return CompiledRule(
        rule=rule,
        triggers=frozenset(rule.triggers).union(*(forms(word) for word in named)),
        patterns=tuple(expand(pattern) for pattern in rule.patterns),
        not_before=context_source(rule.not_before, after=False),
        not_after=context_source(rule.not_after, after=True),
    )


def _span(match: re.Match[str]) -> tuple[int, int]:
    if "phrase" in match.re.groupindex and match.group("phrase") is not None:
        return match.span("phrase")
    return match.span()


def _outermost(suggestions: Iterable[LanguageSuggestion]) -> list[LanguageSuggestion]:
    """Drop a phrase found inside a longer one by the same rule ("compliant" in
    "non-compliant"): one suggestion for one phrase.

    One sort and one sweep: in order of start, longest first, a phrase lies inside an
    earlier one of its rule exactly when one of those ends at or after its end (no two of a
    rule's phrases share a span)."""
    kept = []
    reach: dict[str, int] = {}
    for s in sorted(suggestions, key=lambda s: (s.start, -s.end)):
        if reach.get(s.code, -1) >= s.end:
            continue
        reach[s.code] = s.end
        kept.append(s)
    return kept


def _used_well(compiled: CompiledRule, text: str, start: int, end: int) -> bool:
    before = text[max(0, start - CONTEXT_WIDTH) : start]
    after = text[end : end + CONTEXT_WIDTH]
    return bool(
        (compiled.not_before is not None and compiled_regex(compiled.not_before).search(before))
        or (compiled.not_after is not None and compiled_regex(compiled.not_after).match(after))
    )
