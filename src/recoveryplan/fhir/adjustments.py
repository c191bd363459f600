"""Communication needs in FHIR the way other systems read them.

A plan's needs travel losslessly in this project's ``communication`` extension, which only
``recoveryplan`` reads. So that any FHIR system sees them too, the export also writes them in
the standard places, and never says anything there that the extension does not:

- the person's language is ``Patient.communication`` (BCP 47, ``preferred: true``); an
  interpreter need sets HL7's ``patient-interpreterRequired`` extension and puts the language
  to interpret into in ``Patient.communication`` too (``preferred: false`` when it is not the
  person's own language);
- for a service in England (``service.country`` ``GB-ENG``), each need is a ``Flag`` of the
  NHS England National Reasonable Adjustment Flag (the pattern of the Patient Flag
  implementation guide's ``England-Flag-PatientFlag-Adjustment`` profile): category
  ``national-reasonable-adjustment-flag`` and the adjustment's category, and the adjustment as
  a SNOMED CT concept of the Accessible Information Standard where one says exactly what the
  need says (``Flag.code.text`` always says it in words).

:func:`standard_view` is what these elements say about a list of needs, as one comparable value,
so that the import can tell when the extension and the standard elements disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any, Final

import attrs
from babel import Locale, UnknownLocaleError

from ..communication import DEFAULT_LARGE_PRINT, Country, Need, NeedKind, need_words
from ..messages import gettext as _
from .codecs import text_concept
from .vocabulary import BASE, SNOMED

__all__ = [
    "ADJUSTMENT_CATEGORIES",
    "ADJUSTMENT_CATEGORY_SYSTEM",
    "FLAG_CATEGORY_SYSTEM",
    "INTERPRETER_REQUIRED",
    "NEED_KINDS",
    "NEED_KIND_SYSTEM",
    "NRAF",
    "NRAF_PROFILE",
    "SNOMED_NEEDS",
    "Adjustment",
    "StandardView",
    "adjustment",
    "concept_map",
    "flag_categories",
    "flag_code",
    "in_order",
    "interpreter_languages",
    "language_name",
    "needs_flags",
    "standard_view",
]

JSON = dict[str, Any]

INTERPRETER_REQUIRED: Final = "http://hl7.org/fhir/StructureDefinition/patient-interpreterRequired"
"""HL7's standard extension on Patient: whether the person needs an interpreter."""

FLAG_CATEGORY_SYSTEM: Final = "https://fhir.nhs.uk/England/CodeSystem/England-FlagCategoryPatient"
NRAF: Final = ("national-reasonable-adjustment-flag", "National Reasonable Adjustments Flag")
"""The category that makes a Flag part of the National Reasonable Adjustment Flag."""
ADJUSTMENT_CATEGORY_SYSTEM: Final = "https://fhir.nhs.uk/England/CodeSystem/England-FlagCategoryRA"
NRAF_PROFILE: Final = (
    "https://fhir.nhs.uk/England/StructureDefinition/England-Flag-PatientFlag-Adjustment"
)
"""The NHS England profile whose pattern the Flags follow (documented, not claimed: it is a
draft the export is not validated against)."""

ADJUSTMENT_CATEGORIES: Final = {
    "communication-support": "Communication support",
    "requires-communication-professional": "Requires communication professional",
    "requires-specific-information-format": "Requires specific information format",
    "community-language-support": "Community Language Support",
    "bespoke-reasonable-adjustments": "Bespoke Reasonable adjustments",
}
"""The adjustment categories of NHS England's code system that the export writes."""

_FORMAT: Final = "requires-specific-information-format"

NEED_KIND_SYSTEM: Final = f"{BASE}/CodeSystem/communication-need"
"""The kinds of communication need (the ``kind`` of a coded need in our ``communication``
extension), as a code system of the package, so that the ConceptMap can say what each is in
NHS England's and SNOMED CT's terms."""

NEED_KINDS: Final = {
    NeedKind.EASY_READ: ("Easy read", "Information in easy read: short sentences and pictures."),
    NeedKind.LARGE_PRINT: (
        "Large print",
        "Written information in large print, at the size the need gives (16 point when it "
        "gives none).",
    ),
    NeedKind.BRAILLE: ("Braille", "Written information in braille."),
    NeedKind.AUDIO: ("Audio or screen reader", "Information as audio, or read by a screen reader."),
    NeedKind.INTERPRETER: (
        "An interpreter",
        "A spoken-language interpreter into the language the need gives.",
    ),
    NeedKind.BSL: ("A BSL interpreter", "A British Sign Language interpreter."),
    NeedKind.OTHER: ("Other", "Another need, in the person's words."),
}
"""Each kind's display and definition in the code system."""

SNOMED_NEEDS: Final[dict[str, tuple[NeedKind, int | None, str]]] = {
    "796161000000101": (NeedKind.EASY_READ, None, "Requires information in Easyread"),
    "957331000000109": (
        NeedKind.LARGE_PRINT,
        20,
        "Requires written information in at least 20 point sans serif font",
    ),
    "957351000000102": (
        NeedKind.LARGE_PRINT,
        24,
        "Requires written information in at least 24 point sans serif font",
    ),
    "957371000000106": (
        NeedKind.LARGE_PRINT,
        28,
        "Requires written information in at least 28 point sans serif font",
    ),
    "936601000000105": (
        NeedKind.AUDIO,
        None,
        "Requires information in electronic audio format",
    ),
    "204331000000107": (NeedKind.BSL, None, "British Sign Language interpreter needed"),
    "936661000000109": (
        NeedKind.BRAILLE,
        None,
        "Requires information in contracted (Grade 2) Braille",
    ),
    "936681000000100": (
        NeedKind.BRAILLE,
        None,
        "Requires information in uncontracted (Grade 1) Braille",
    ),
}
"""The SNOMED CT concepts of the Accessible Information Standard a need is read from (UK
edition), with the need each is and its display. The export writes a concept only when it says
exactly what the need says: a large-print size of 20, 24 or 28 points, easy read, audio, BSL;
braille without a grade and other sizes go in words (``Flag.code.text``)."""

_WRITTEN: Final = {
    (kind, size): code
    for code, (kind, size, _) in SNOMED_NEEDS.items()
    if kind is not NeedKind.BRAILLE
}

_CATEGORY_OF: Final = {
    NeedKind.EASY_READ: _FORMAT,
    NeedKind.LARGE_PRINT: _FORMAT,
    NeedKind.BRAILLE: _FORMAT,
    NeedKind.AUDIO: _FORMAT,
    NeedKind.BSL: "requires-communication-professional",
    NeedKind.INTERPRETER: "community-language-support",
    NeedKind.OTHER: "bespoke-reasonable-adjustments",
}


@attrs.frozen
class Adjustment:
    """One need as a reasonable adjustment: its category, its SNOMED CT concept when one says
    exactly the need, and the need in words."""

    category: str
    code: str | None
    text: str


@cache
def language_name(tag: str) -> str:
    """A language tag in English words for staff in other systems ("Polish (pl)"); the tag
    alone when Babel does not know it."""
    try:
        name = Locale.parse(tag.replace("-", "_")).get_display_name("en")
    except (UnknownLocaleError, ValueError, TypeError):
        return tag
    return f"{name} ({tag})" if name else tag


def adjustment(need: str | Need) -> Adjustment:
    """The reasonable adjustment a need is (free text is a bespoke adjustment, in its words)."""
    if isinstance(need, str):
        return Adjustment("bespoke-reasonable-adjustments", None, need)
    category = _CATEGORY_OF[need.kind]
    if need.kind is NeedKind.LARGE_PRINT:
        size = need.size or DEFAULT_LARGE_PRINT
        code = _WRITTEN.get((need.kind, size))
        text = f"Requires written information in at least {size} point sans serif font"
    elif need.kind is NeedKind.INTERPRETER:
        code = None
        text = f"Interpreter needed: {language_name(need.language or '')}"
    elif need.kind is NeedKind.BRAILLE:
        code = None
        text = "Requires information in braille"
    elif need.kind is NeedKind.OTHER:
        code = None
        text = need.text or need_words(need)
    else:
        code = _WRITTEN[(need.kind, None)]
        text = SNOMED_NEEDS[code][2]
    if need.text and need.kind is not NeedKind.OTHER:
        text = f"{text}: {need.text}"
    return Adjustment(category, code, text)


def in_order(adjustments: Iterable[Adjustment]) -> tuple[Adjustment, ...]:
    """Adjustments in one order whatever order they came in, so that two lists compare."""
    return tuple(sorted(adjustments, key=lambda a: (a.category, a.code or "", a.text)))


def interpreter_languages(needs: Iterable[str | Need]) -> list[str]:
    """The languages to interpret into, each once, in the order the needs give them."""
    found: list[str] = []
    for need in needs:
        language = need.language if isinstance(need, Need) and _is_interpreter(need) else None
        if language and language not in found:
            found.append(language)
    return found


def flag_categories(adjusted: Adjustment) -> list[JSON]:
    """A Flag's two categories: the national flag, and the adjustment's own category."""
    code, display = NRAF
    return [
        {"coding": [{"system": FLAG_CATEGORY_SYSTEM, "code": code, "display": display}]},
        {
            "coding": [
                {
                    "system": ADJUSTMENT_CATEGORY_SYSTEM,
                    "code": adjusted.category,
                    "display": ADJUSTMENT_CATEGORIES[adjusted.category],
                }
            ]
        },
    ]


def flag_code(adjusted: Adjustment) -> JSON:
    """A Flag's code: the SNOMED CT concept when there is one, and always the words."""
    concept: JSON = {}
    if adjusted.code is not None:
        display = SNOMED_NEEDS[adjusted.code][2]
        concept["coding"] = [{"system": SNOMED, "code": adjusted.code, "display": display}]
    concept.update(text_concept(adjusted.text))
    return concept


def needs_flags(needs: Sequence[str | Need], country: Country | None) -> list[Adjustment]:
    """The adjustments the export writes as Flags: one per need, for a service in England
    only (the flag is NHS England's)."""
    if country is not Country.ENGLAND:
        return []
    return [adjustment(need) for need in needs]


@attrs.frozen
class StandardView:
    """What the standard elements say about a person's needs, comparable as a whole."""

    interpreter: bool
    languages: frozenset[str]
    flags: tuple[Adjustment, ...]

    def differences(self, other: StandardView) -> list[str]:
        """How ``other`` (what the bundle's standard elements say) differs, in words."""
        found = []
        url = {"url": INTERPRETER_REQUIRED}
        if self.interpreter != other.interpreter and other.interpreter:
            # Translators: %(url)s is the FHIR extension's URL.
            found.append(_("%(url)s says an interpreter is required") % url)
        elif self.interpreter != other.interpreter:
            # Translators: %(url)s is the FHIR extension's URL.
            found.append(_("%(url)s says an interpreter is not required") % url)
        missing = sorted(self.languages - other.languages)
        if missing:
            # Translators: %(languages)s lists language codes (pl, cy).
            found.append(
                _("Patient.communication does not name %(languages)s")
                % {"languages": ", ".join(missing)}
            )
        if self.flags != other.flags:
            extra = sorted({f.text for f in other.flags} - {f.text for f in self.flags})
            lacking = sorted({f.text for f in self.flags} - {f.text for f in other.flags})
            # Translators: %(text)s is what a reasonable adjustment Flag says, quoted.
            flags = [_("a Flag says %(text)s") % {"text": repr(text)} for text in extra]
            # Translators: %(text)s is what a reasonable adjustment Flag says, quoted.
            flags += [_("no Flag says %(text)s") % {"text": repr(text)} for text in lacking]
            found.append(_("the Flags say the needs in another way"))
            if flags:
                found[-1:] = flags
        return found


def standard_view(
    needs: Sequence[str | Need], country: Country | None, *, flags_given: bool
) -> StandardView:
    """What the export writes in the standard elements for these needs. ``flags_given``: the
    bundle has reasonable adjustment flags, so they are compared whatever the country."""
    languages = interpreter_languages(needs)
    expected_flags = needs_flags(needs, Country.ENGLAND if flags_given else country)
    return StandardView(
        interpreter=bool(languages) or any(_is_interpreter(n) for n in needs),
        languages=frozenset(languages),
        flags=in_order(expected_flags),
    )


def _is_interpreter(need: str | Need) -> bool:
    return isinstance(need, Need) and need.kind is NeedKind.INTERPRETER


def concept_map(version: str, published: str, publisher: str) -> JSON:
    """The ConceptMap from our kinds of need to the reasonable adjustment each is: its NHS
    England adjustment category (always wider than the kind), and the SNOMED CT concepts of
    the Accessible Information Standard that say it, with when each applies."""
    categories = []
    concepts = []
    for kind, category in _CATEGORY_OF.items():
        display = ADJUSTMENT_CATEGORIES[category]
        target = {"code": category, "display": display, "equivalence": "wider"}
        categories.append({"code": kind.value, "target": [target]})
        targets = []
        for code, (coded, size, words) in SNOMED_NEEDS.items():
            if coded is not kind:
                continue
            found: JSON = {"code": code, "display": words}
            if size is not None:
                found["equivalence"] = "narrower"
                found["comment"] = f"When the need's size is {size} points."
            elif kind is NeedKind.BRAILLE:
                found["equivalence"] = "narrower"
                found["comment"] = "When the reader reads braille of this grade."
            elif kind is NeedKind.AUDIO:
                found["equivalence"] = "narrower"
                found["comment"] = "The need also covers a screen reader."
            else:
                found["equivalence"] = "equivalent"
            targets.append(found)
        if targets:
            concepts.append({"code": kind.value, "target": targets})
    return {
        "resourceType": "ConceptMap",
        "id": "communication-need-adjustment",
        "url": f"{BASE}/ConceptMap/communication-need-adjustment",
        "version": version,
        "name": "CommunicationNeedAdjustment",
        "title": "Communication needs as NHS England reasonable adjustments",
        "status": "active",
        "date": published,
        "publisher": publisher,
        "description": "What each kind of communication need a plan records is as a National "
        "Reasonable Adjustment Flag: the adjustment category, and the SNOMED CT concept the "
        "export writes as the Flag's code where one says exactly what the need says.",
        "sourceUri": f"{BASE}/ValueSet/communication-need",
        "group": [
            {
                "source": NEED_KIND_SYSTEM,
                "target": ADJUSTMENT_CATEGORY_SYSTEM,
                "element": categories,
            },
            {"source": NEED_KIND_SYSTEM, "target": SNOMED, "element": concepts},
        ],
    }
