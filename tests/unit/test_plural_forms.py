"""One plural rule a language: every catalogue shipped for a language (the copies', the
messages', the pages') counts by the same ``Plural-Forms``, Babel's CLDR rule, so a counted
message has the same forms in the same order wherever it is written, and each form is the one
the language's grammar wants for the count."""

from __future__ import annotations

import gettext
from pathlib import Path
from types import ModuleType

import pytest
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from recoveryplan import messages

from ..support.scripts import script

LANGUAGES = sorted(
    folder.name for folder in messages.CATALOGUES.iterdir() if (folder / "LC_MESSAGES").is_dir()
)
COUNTS = (0, 1, 2, 3, 5, 6, 11, 12, 22, 25, 101, 111)
"""Counts whose forms differ in one of the languages (Polish 1, 2, 5, 12, 22, 25, 101; Welsh
3 and 6; Arabic 0, 11 and 101)."""
TAGS = ("zero", "one", "two", "few", "many", "other")


def _script() -> ModuleType:
    return script("scripts/translations.py")


def _headers(language: str) -> dict[str, str]:
    """Each catalogue file of ``language`` (``.po`` and the ``.mo`` shipped) and its rule."""
    found: dict[str, str] = {}
    for path in sorted((messages.CATALOGUES / language / "LC_MESSAGES").iterdir()):
        if path.suffix not in (".po", ".mo"):
            continue
        with path.open("rb") as file:
            catalog = read_po(file) if path.suffix == ".po" else read_mo(file)
        found[path.name] = catalog.plural_forms.rstrip(";")
    return found


def test_the_languages_were_found() -> None:
    assert {"cy", "pl", "ar"} <= set(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_catalogue_of_a_language_has_the_same_plural_forms(language: str) -> None:
    headers = _headers(language)
    assert len(headers) == 6  # three catalogues, each written and compiled
    wanted = _script().plural_forms(language)
    assert headers == dict.fromkeys(headers, wanted)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_count_takes_the_form_its_cldr_category_names(language: str) -> None:
    """The rule the catalogues are compiled with puts each count where Babel's CLDR rule
    does: a form for each category, in the order zero, one, two, few, many, other."""
    rule = Locale.parse(language).plural_form
    tags = [tag for tag in TAGS if tag in rule.tags or tag == "other"]
    for name in ("recoveryplan", "recoveryplan-messages", "recoveryplan-pages"):
        with (messages.CATALOGUES / language / "LC_MESSAGES" / f"{name}.mo").open("rb") as file:
            compiled = gettext.GNUTranslations(file)
        plural = compiled.plural  # type: ignore[attr-defined]
        assert {n: tags[plural(n)] for n in COUNTS} == {n: rule(n) for n in COUNTS}, name


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_counted_message_has_every_form(language: str) -> None:
    """No form left empty, in any catalogue: one a rule added (Polish's fourth, for a
    fraction) is written too, so the language's catalogues stay complete."""
    count = len(Locale.parse(language).plural_form.tags | {"other"})
    for name in ("recoveryplan", "recoveryplan-messages", "recoveryplan-pages"):
        with (messages.CATALOGUES / language / "LC_MESSAGES" / f"{name}.po").open("rb") as file:
            catalog = read_po(file)
        for message in catalog:
            if isinstance(message.id, (list, tuple)):
                assert isinstance(message.string, tuple), (name, message.id[0])
                assert len(message.string) == count, (name, message.id[0])
                assert all(message.string), (name, message.id[0])


def test_polish_counts_read_right() -> None:
    """Polish: 1 plan, 2/22 plany, 5/12/25/101 planów, in the copies', the messages' and the
    pages' catalogues alike."""
    expected = {1: "plan", 2: "plany", 5: "planów", 12: "planów", 22: "plany", 25: "planów"}
    expected[101] = "planów"
    folder = messages.CATALOGUES / "pl" / "LC_MESSAGES"
    singular, plural = (
        "%(count)d plan: %(rendered)d rendered, %(failed)d failed",
        ("%(count)d plans: %(rendered)d rendered, %(failed)d failed"),
    )
    with (folder / "recoveryplan-messages.mo").open("rb") as file:
        said = gettext.GNUTranslations(file)
    for n, word in expected.items():
        assert said.ngettext(singular, plural, n).startswith(f"%(count)d {word}:"), n
    with (folder / "recoveryplan-pages.mo").open("rb") as file:
        pages = gettext.GNUTranslations(file)
    files = {1: "plik", 2: "pliki", 5: "plików", 12: "plików", 22: "pliki", 25: "plików"}
    files[101] = "plików"
    for n, word in files.items():
        found = pages.ngettext("%(count)s plan file", "%(count)s plan files", n)
        assert found.startswith(f"%(count)s {word} "), n
    with (folder / "recoveryplan.mo").open("rb") as file:
        copies = gettext.GNUTranslations(file)
    outcomes = {1: "cel", 2: "cele", 5: "celów", 12: "celów", 22: "cele", 25: "celów", 101: "celów"}
    for n, word in outcomes.items():
        assert copies.ngettext("%(num)d outcome", "%(num)d outcomes", n) == f"%(num)d {word}", n


def test_a_catalogue_with_another_rule_is_migrated_without_losing_a_form(tmp_path: Path) -> None:
    """A catalogue made by ``pybabel init`` (gettext's three Polish forms) is given the CLDR
    rule on update: each form moves to where the rule puts its counts, and the form no whole
    number takes is reported, empty, for a translator."""
    script = _script()
    catalog = Catalog(locale="pl")
    assert catalog.num_plurals == 3
    catalog.add(("%(num)d step", "%(num)d steps"), ("%(num)d krok", "%(num)d kroki", "kroków"))
    left = script.migrated(catalog, "pl")
    assert catalog.plural_forms.rstrip(";") == script.plural_forms("pl")
    assert catalog["%(num)d step"].string == ("%(num)d krok", "%(num)d kroki", "kroków", "")
    assert left == ["pl: '%(num)d step' needs a plural form the new rule adds"]
    assert script.migrated(catalog, "pl") == []
