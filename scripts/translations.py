"""Extract, update and compile the translation catalogues (``make translations``).

Extracts every translatable word (babel.cfg: ``templates/_words.j2`` and the template
functions) into ``src/recoveryplan/locale/recoveryplan.pot``, brings each language's
``<lang>/LC_MESSAGES/recoveryplan.po`` up to date with it (a new message is left empty for a
translator), and compiles each into the ``.mo`` the package ships. ``--check`` changes nothing
and fails when the template is out of date, a catalogue is incomplete or fuzzy, or a ``.mo``
is missing or older than its ``.po``. From the repository root::

    .venv/bin/python scripts/translations.py
    .venv/bin/python scripts/translations.py --check
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "src" / "recoveryplan" / "locale"
TEMPLATE = LOCALE / "recoveryplan.pot"
DOMAIN = "recoveryplan"


def extracted() -> Catalog:
    """Every message the sources hold now."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "messages.pot"
        CommandLineInterface().run(
            [
                "pybabel", "--quiet", "extract", "-F", str(ROOT / "babel.cfg"),
                "--no-location", "--sort-output", "--project", "recoveryplan",
                "--copyright-holder", "The recoveryplan contributors",
                "-o", str(out), str(ROOT),
            ]
        )  # fmt: skip
        with out.open("rb") as file:
            return read_po(file)


def catalogues() -> dict[str, Path]:
    """Each language's ``.po`` file."""
    return {po.parent.parent.name: po for po in sorted(LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))}


def problems() -> list[str]:
    """What ``--check`` reports: empty if the catalogues are complete and compiled."""
    found: list[str] = []
    wanted = {m.id for m in extracted() if m.id}
    if not TEMPLATE.is_file():
        return [f"{TEMPLATE} is missing; run scripts/translations.py"]
    with TEMPLATE.open("rb") as file:
        have = {m.id for m in read_po(file) if m.id}
    if have != wanted:
        found.append(f"{TEMPLATE.name} is out of date; run scripts/translations.py")
    for language, po in catalogues().items():
        with po.open("rb") as file:
            catalog = read_po(file)
        ids = {m.id for m in catalog if m.id}
        if ids != wanted:
            found.append(f"{language}: messages differ from the template; run the script")
        for message in catalog:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if not all(strings):
                found.append(f"{language}: {message.id!r} is not translated")
            elif message.fuzzy:
                found.append(f"{language}: {message.id!r} is marked fuzzy; check it")
        mo = po.with_suffix(".mo")
        if not mo.is_file():
            found.append(f"{language}: {mo.name} is missing; run scripts/translations.py")
            continue
        with mo.open("rb") as file:
            compiled = read_mo(file)
        if {m.id: m.string for m in compiled if m.id} != {m.id: m.string for m in catalog if m.id}:
            found.append(f"{language}: {mo.name} is not compiled from {po.name}; run the script")
    return found


def update() -> None:
    template = extracted()
    if TEMPLATE.is_file():
        with TEMPLATE.open("rb") as file:
            before = read_po(file)
        if {m.id for m in before if m.id} == {m.id for m in template if m.id}:
            # Nothing new to translate: keep the date, so an unchanged catalogue stays
            # byte for byte the same (and a merge has nothing to resolve).
            template.creation_date = before.creation_date
    with TEMPLATE.open("wb") as file:
        write_po(file, template, omit_header=False, sort_output=True, no_location=True)
    for language, po in catalogues().items():
        with po.open("rb") as file:
            catalog = read_po(file, locale=language)
        catalog.update(template, no_fuzzy_matching=True)
        buffer = io.BytesIO()
        write_po(buffer, catalog, sort_output=True, no_location=True, ignore_obsolete=True)
        po.write_bytes(buffer.getvalue())
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
        return 1 if found else 0
    update()
    return 0


if __name__ == "__main__":
    sys.exit(main())
