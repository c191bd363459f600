"""Extract, update and compile the translation catalogues (``make translations``).

Three catalogues, each with its own list of sources: ``recoveryplan`` holds every word a copy
of a plan is written in (babel.cfg: ``templates/_words.j2`` and the template functions);
``recoveryplan-messages`` holds the library's own messages, what the checks find and what the
command line says (babel-messages.cfg); ``recoveryplan-pages`` holds the words of the
library's own pages, the web app and the caseload report (babel-pages.cfg). For each, the
script extracts the messages into ``src/recoveryplan/locale/<domain>.pot``, brings each
language's ``<lang>/LC_MESSAGES/<domain>.po`` up to date with it (a new message is left empty
for a translator; a language with a catalogue of copies gets one of messages too, and every
catalogue of a language the same plural rule, :func:`plural_forms`), and compiles each into
the ``.mo`` the package ships. ``--check`` changes nothing and fails when the template is out
of date, a catalogue's messages differ from it or are fuzzy, its plural rule is not the
language's, or a ``.mo`` is missing or not compiled from its ``.po``; it counts the messages
each language still leaves empty (a copy is written in a language only once none are). From the
repository root::

    .venv/bin/python scripts/translations.py
    .venv/bin/python scripts/translations.py --check
"""

from __future__ import annotations

import argparse
import gettext
import io
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po
from babel.plural import to_gettext

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "src" / "recoveryplan" / "locale"
DOMAINS = {
    "recoveryplan": "babel.cfg",
    "recoveryplan-messages": "babel-messages.cfg",
    "recoveryplan-pages": "babel-pages.cfg",
}
"""Each catalogue, with the file that lists where its messages are written."""
DOMAIN = "recoveryplan"
TEMPLATE = LOCALE / f"{DOMAIN}.pot"


def plural_forms(language: str) -> str:
    """The ``Plural-Forms`` of every catalogue of ``language``: Babel's CLDR rule (Welsh and
    Arabic six forms, Polish four), the one the issue fixed, so a counted message has the same
    forms, in the same order, whichever catalogue holds it. Every catalogue is given it on
    update (:func:`migrated`), whatever made it (``pybabel init`` writes gettext's own)."""
    return to_gettext(Locale.parse(language).plural_form).rstrip(";")


def _rule(forms: str) -> tuple[int, Callable[[int], int]]:
    """A ``Plural-Forms`` value's number of forms and its rule, as gettext evaluates it."""
    params = dict(
        part.strip().split("=", 1) for part in forms.strip().rstrip(";").split(";") if part.strip()
    )
    return int(params["nplurals"]), gettext.c2py(params["plural"])


SAMPLES = range(0, 1001)
"""The counts a form is matched by when a catalogue changes its rule."""


def migrated(catalog: Catalog, language: str) -> list[str]:
    """Give ``catalog`` :func:`plural_forms`, each counted message's forms moved to where the
    new rule puts them: a form takes the old form of the first count (of :data:`SAMPLES`)
    the new rule gives it, so no translation is lost. A form no whole number takes (Polish
    has one, for fractions) is left empty for a translator. Says which messages need one."""
    wanted = plural_forms(language)
    have = catalog.plural_forms.rstrip(";")
    if have == wanted:
        return []
    (_, old), (count, new) = _rule(have), _rule(wanted)
    picks = [next((n for n in SAMPLES if new(n) == form), None) for form in range(count)]
    left: list[str] = []
    for message in catalog:
        if not message.id or not isinstance(message.id, (list, tuple)):
            continue
        strings = message.string if isinstance(message.string, (list, tuple)) else ()
        if not any(strings):
            message.string = ("",) * count
            continue
        moved = tuple(
            strings[old(n)] if n is not None and old(n) < len(strings) else "" for n in picks
        )
        message.string = moved
        if not all(moved):
            left.append(f"{language}: {message.id[0]!r} needs a plural form the new rule adds")
    catalog.mime_headers = [("Plural-Forms", wanted + ";")]
    return left


def _template(domain: str) -> Path:
    return LOCALE / f"{domain}.pot"


def extracted(domain: str = DOMAIN) -> Catalog:
    """Every message of ``domain`` the sources hold now."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "messages.pot"
        CommandLineInterface().run(
            [
                "pybabel", "--quiet", "extract", "-F", str(ROOT / DOMAINS[domain]),
                "-c", "Translators:",
                "--no-location", "--sort-output", "--project", "recoveryplan",
                "--copyright-holder", "The recoveryplan contributors",
                "-o", str(out), str(ROOT),
            ]
        )  # fmt: skip
        with out.open("rb") as file:
            return read_po(file)


def catalogues(domain: str = DOMAIN) -> dict[str, Path]:
    """Each language's ``.po`` file of ``domain``: every language that has a catalogue of
    copies has one of each domain (a missing one is made, empty, by :func:`update`)."""
    return {
        po.parent.parent.name: po.with_name(f"{domain}.po")
        for po in sorted(LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    }


def _translated(catalog: Catalog) -> dict[object, tuple[str, ...]]:
    """A catalogue's translated messages (a ``.mo`` holds only those), comparable."""
    table: dict[object, tuple[str, ...]] = {}
    for message in catalog:
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        if message.id and all(strings):
            key = tuple(message.id) if isinstance(message.id, (list, tuple)) else message.id
            table[key] = tuple(strings)
    return table


def _translated_ids(catalog: Catalog) -> set[object]:
    return {
        message.id
        for message in catalog
        if message.id
        and all(message.string if isinstance(message.string, (list, tuple)) else (message.string,))
    }


def problems() -> list[str]:
    """What ``--check`` reports: empty if the catalogues are complete and compiled."""
    return [problem for domain in DOMAINS for problem in _problems(domain)]


def _problems(domain: str) -> list[str]:
    found: list[str] = []
    wanted = {m.id for m in extracted(domain) if m.id}
    template = _template(domain)
    if not template.is_file():
        return [f"{template} is missing; run scripts/translations.py"]
    with template.open("rb") as file:
        have = {m.id for m in read_po(file) if m.id}
    if have != wanted:
        found.append(f"{template.name} is out of date; run scripts/translations.py")
    for language, po in catalogues(domain).items():
        if not po.is_file():
            found.append(f"{language}: {po.name} is missing; run scripts/translations.py")
            continue
        with po.open("rb") as file:
            catalog = read_po(file)
        if catalog.plural_forms.rstrip(";") != plural_forms(language):
            found.append(f"{language}: {po.name} has other plural forms; run the script")
        ids = {m.id for m in catalog if m.id}
        if ids != wanted:
            found.append(f"{language}: messages differ from the template; run the script")
        for message in catalog:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if all(strings) and message.fuzzy:
                found.append(f"{language}: {message.id!r} is marked fuzzy; check it")
        mo = po.with_suffix(".mo")
        if not mo.is_file():
            found.append(f"{language}: {mo.name} is missing; run scripts/translations.py")
            continue
        with mo.open("rb") as file:
            compiled = read_mo(file)
        if _translated(compiled) != _translated(catalog):
            found.append(f"{language}: {mo.name} is not compiled from {po.name}; run the script")
    return found


def untranslated(domain: str = DOMAIN) -> dict[str, int]:
    """How many messages each language's catalogue of ``domain`` still leaves empty. A
    catalogue being filled is not a problem: the library writes in a language only once its
    catalogue is complete, and in English until then."""
    left: dict[str, int] = {}
    for language, po in catalogues(domain).items():
        if not po.is_file():
            continue
        with po.open("rb") as file:
            catalog = read_po(file)
        left[language] = sum(
            1
            for message in catalog
            if message.id
            and not all(message.string if isinstance(message.string, tuple) else (message.string,))
        )
    return left


def update() -> None:
    for domain in DOMAINS:
        _update(domain)


def _update(domain: str) -> None:
    template = extracted(domain)
    path = _template(domain)
    if path.is_file():
        with path.open("rb") as file:
            before = read_po(file)
        if {m.id for m in before if m.id} == {m.id for m in template if m.id}:
            # Nothing new to translate: keep the date, so an unchanged catalogue stays
            # byte for byte the same (and a merge has nothing to resolve).
            template.creation_date = before.creation_date
    with path.open("wb") as file:
        write_po(file, template, omit_header=False, sort_output=True, no_location=True)
    for language, po in catalogues(domain).items():
        if po.is_file():
            with po.open("rb") as file:
                catalog = read_po(file, locale=language)
        else:
            catalog = Catalog(locale=language, domain=domain, project="recoveryplan")
            catalog.creation_date = template.creation_date
        for note in migrated(catalog, language):
            print(note)
        catalog.update(template, no_fuzzy_matching=True)
        buffer = io.BytesIO()
        write_po(buffer, catalog, sort_output=True, no_location=True, ignore_obsolete=True)
        po.write_bytes(buffer.getvalue())
        # Babel would fill an untranslated plural with the English; leaving it out keeps the
        # catalogue incomplete, so the library goes on writing that language's copies in English.
        for message in list(catalog):
            if message.id and message.id not in _translated_ids(catalog):
                del catalog[message.id]
        with po.with_suffix(".mo").open("wb") as file:
            write_mo(file, catalog, use_fuzzy=False)
        print(f"updated and compiled {po.relative_to(ROOT)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; report problems")
    args = parser.parse_args(argv)
    if args.check:
        found = problems()
        for problem in found:
            print(problem, file=sys.stderr)
        for domain in DOMAINS:
            for language, left in untranslated(domain).items():
                if left:
                    print(
                        f"{language}: {left} messages of {domain} still to translate; "
                        "they stay in English until then"
                    )
        return 1 if found else 0
    update()
    return 0


if __name__ == "__main__":
    sys.exit(main())
