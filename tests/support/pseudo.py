"""The pseudo-locale the translation tests write in: every message's letters replaced and the
whole wrapped in ⟦ ⟧, its placeholders kept, so that any English word left in the output came
from somewhere that is not translated."""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from recoveryplan import messages

PLACEHOLDER = re.compile(r"%(?:\([a-z_]+\))?[sdr]|%%|\{[a-z_]+\}")
"""A placeholder a translation keeps: ``%(name)s``, ``%s``, ``%r``, ``%%``, ``{owner}``."""


def mark(message: str, holder: Callable[[str], str] = lambda placeholder: placeholder) -> str:
    """``message`` in the pseudo-locale: each ASCII letter an ``x``, each placeholder kept (or
    what ``holder`` makes of it)."""
    parts = PLACEHOLDER.split(message)
    holders = [holder(found) for found in PLACEHOLDER.findall(message)]
    out = [re.sub(r"[A-Za-z]", "x", parts[0])]
    for kept, part in zip(holders, parts[1:], strict=True):
        out += [kept, re.sub(r"[A-Za-z]", "x", part)]
    return "⟦" + "".join(out) + "⟧"


class Pseudo(gettext.NullTranslations):
    """Translations into the pseudo-locale."""

    def gettext(self, message: str) -> str:
        # argparse passes a subparsers' description of None through _() too.
        return mark(message) if message else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return mark(singular if n == 1 else plural)


def compile_pseudo(
    root: Path,
    language: str,
    domain: str,
    *,
    complete: bool = True,
    marking: Callable[[str], str] = mark,
) -> None:
    """Compile, under ``root``, a catalogue of ``domain`` in ``language`` translating every
    message of the library's ``<domain>.pot`` into the pseudo-locale (all but the first, when
    not ``complete``: a catalogue a translator is still filling)."""
    with messages.TEMPLATE.with_name(f"{domain}.pot").open("rb") as file:
        template = read_po(file)
    catalog = Catalog(locale=language, domain=domain)
    for number, message in enumerate(message for message in template if message.id):
        if not complete and number == 0:
            continue
        if isinstance(message.id, (list, tuple)):
            forms = tuple(marking(str(message.id[min(i, 1)])) for i in range(catalog.num_plurals))
            catalog.add(message.id, forms)
        else:
            catalog.add(message.id, marking(str(message.id)))
    folder = root / language / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"{domain}.mo").open("wb") as file:
        write_mo(file, catalog)


@contextmanager
def catalogues_in(root: Path) -> Iterator[None]:
    """Inside the block the library reads its catalogues of messages and pages from ``root``
    (those :func:`compile_pseudo` wrote there), what it had kept from the real ones forgotten
    on the way in and on the way out."""
    real = messages.CATALOGUES
    messages.CATALOGUES = root
    _forget()
    try:
        yield
    finally:
        messages.CATALOGUES = real
        _forget()


def _forget() -> None:
    messages._translations.cache_clear()
    messages.languages.cache_clear()
