"""How a person needs information given to them, in the NHS Accessible Information Standard's
categories, so that the copies a plan's readers get can meet those needs without anyone having
to read free text and guess.

A need is recorded either as free text (as plans always have) or as a coded :class:`Need`;
both are kept exactly as given. A coded need is what the renderer acts on (large print at the
person's size, easy read, a plain-text copy for braille transcription) and what tells staff,
through a finding, that something has to be arranged by a person (an interpreter, BSL).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

from ._checks import Checked
from ._fields import Enumeration, meaning
from ._typed import Word
from .errors import PlanValueError
from .messages import gettext as _

__all__ = [
    "ARRANGED_BY_STAFF",
    "DEFAULT_LARGE_PRINT",
    "Country",
    "Need",
    "NeedKind",
    "large_print_size",
    "need_words",
    "needs_of_kind",
]


class NeedKind(Enumeration):
    """The categories of information and communication need in the Accessible Information
    Standard (DAPB1605)."""

    EASY_READ = "easy-read"
    LARGE_PRINT = "large-print"
    BRAILLE = "braille"
    AUDIO = "audio"
    INTERPRETER = "interpreter"
    BSL = "bsl"
    OTHER = "other"


class Country(Enumeration):
    """Where in the United Kingdom a service is (ISO 3166-2), which decides the emergency and
    urgent-care numbers a crisis card gives."""

    SCOTLAND = "GB-SCT"
    ENGLAND = "GB-ENG"
    WALES = "GB-WLS"
    NORTHERN_IRELAND = "GB-NIR"


ARRANGED_BY_STAFF = frozenset({NeedKind.INTERPRETER, NeedKind.BSL})
"""Needs no copy of the plan can meet: a person has to be booked (an interpreter, a BSL
interpreter), so staff are told to arrange it."""

DEFAULT_LARGE_PRINT = 16
"""The print size, in points, of a large-print copy when the need gives no size: the lower
bound the Standard's guidance and RNIB give for large print."""

SMALLEST_LARGE_PRINT = 14
LARGEST_PRINT = 72


@attrs.frozen(kw_only=True)
class Need(Checked):
    """One coded information or communication need: what kind it is, and the one detail some
    kinds carry (a print size, an interpreter's language, a description)."""

    kind: NeedKind = attrs.field(
        converter=Word[NeedKind], metadata=meaning("Which kind of need it is.")
    )
    size: int | None = attrs.field(
        default=None,
        metadata=meaning(
            f"For `large-print`: the smallest print size the person can read, in points "
            f"({SMALLEST_LARGE_PRINT} to {LARGEST_PRINT}); {DEFAULT_LARGE_PRINT} when left out."
        ),
    )
    language: str | None = attrs.field(
        default=None,
        metadata=meaning(
            "For `interpreter`: the language to interpret into, as a language tag "
            "(BCP 47, for example `pl` or `ar`)."
        ),
    )
    text: str | None = attrs.field(
        default=None,
        metadata=meaning(
            "For `other`: the need in the person's words (required); for any other kind, "
            "anything more the person wants known.",
            voice="person",
        ),
    )

    def __check__(self) -> None:
        if self.size is not None:
            if self.kind is not NeedKind.LARGE_PRINT:
                raise PlanValueError(
                    "Need.size: "
                    # Translators: %(kind)s is the need's kind as the file writes it ('bsl',
                    # 'braille'): a code word, kept as it is.
                    + _(
                        "only a large-print need has a print size, and this need's kind is "
                        "%(kind)s; "
                        "remove `size` or make the kind `large-print`"
                    )
                    % {"kind": repr(self.kind.value)}
                )
            if not SMALLEST_LARGE_PRINT <= self.size <= LARGEST_PRINT:
                raise PlanValueError(
                    "Need.size: "
                    + _(
                        "a print size of %(size)s points is too small or too large for large "
                        "print; give the smallest size the person reads, from %(smallest)s to "
                        "%(largest)s"
                    )
                    % {
                        "size": self.size,
                        "smallest": SMALLEST_LARGE_PRINT,
                        "largest": LARGEST_PRINT,
                    }
                )
        if self.language is not None and self.kind is not NeedKind.INTERPRETER:
            raise PlanValueError(
                "Need.language: "
                # Translators: %(kind)s is the need's kind as the file writes it ('bsl',
                # 'braille'): a code word, kept as it is.
                + _(
                    "only an interpreter need has a language, and this need's kind is "
                    "%(kind)s; remove "
                    "`language` (a reader's own language is the `language` of the person or "
                    "circle member)"
                )
                % {"kind": repr(self.kind.value)}
            )
        if self.kind is NeedKind.INTERPRETER and not self.language:
            raise PlanValueError(
                "Need.language: "
                + _(
                    "an interpreter need says which language to interpret into; "
                    'add `"language"` with its tag (for example `"pl"`)'
                )
            )
        if self.kind is NeedKind.OTHER and self.text is None:
            raise PlanValueError(
                "Need.text: "
                + _('an `other` need says what the need is; add `"text"` in the person\'s words')
            )


_LARGE_PRINT_TEXT = re.compile(r"large[\s-]*print", re.IGNORECASE)
_POINTS = re.compile(r"(\d{2})\s*(?:pt|point)", re.IGNORECASE)


def needs_of_kind(needs: Iterable[str | Need], kind: NeedKind) -> list[Need]:
    """The coded needs of one kind; free text is not guessed at here."""
    return [need for need in needs if isinstance(need, Need) and need.kind is kind]


def large_print_size(needs: Iterable[str | Need]) -> int | None:
    """The print size a reader's needs ask for, in points, or ``None`` when they ask for no
    large print. A coded need decides; free text that says "large print" (as plans written
    before the needs were coded do) counts too, at the size it names when it names one
    ("16 point or bigger"), so a plan that asked for large print keeps getting it."""
    sizes: list[int] = []
    for need in needs:
        if isinstance(need, Need):
            if need.kind is NeedKind.LARGE_PRINT:
                sizes.append(need.size or DEFAULT_LARGE_PRINT)
        elif _LARGE_PRINT_TEXT.search(need):
            named = [int(m) for m in _POINTS.findall(need)]
            fitting = [n for n in named if SMALLEST_LARGE_PRINT <= n <= LARGEST_PRINT]
            sizes.append(max(fitting, default=DEFAULT_LARGE_PRINT))
    return max(sizes, default=None)


_KIND_WORDS = {
    NeedKind.EASY_READ: "Easy read",
    NeedKind.LARGE_PRINT: "Large print",
    NeedKind.BRAILLE: "Braille",
    NeedKind.AUDIO: "Audio or screen reader",
    NeedKind.INTERPRETER: "An interpreter",
    NeedKind.BSL: "A BSL interpreter",
    NeedKind.OTHER: "Other",
}


def need_words(need: str | Need) -> str:
    """A need as one line for people (a FHIR narrative, a staff summary): free text as it
    was written, a coded need as its kind with its detail and the person's words."""
    if isinstance(need, str):
        return need
    words = _KIND_WORDS[need.kind]
    if need.size is not None:
        words += f" ({need.size} pt)"
    if need.language is not None:
        words += f" ({need.language})"
    if need.text:
        words = need.text if need.kind is NeedKind.OTHER else f"{words}: {need.text}"
    return words
