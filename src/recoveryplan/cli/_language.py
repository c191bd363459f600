"""The language the command line speaks: its own messages, its help and argparse's words.

A person reads the command line in the language their environment names (``LANGUAGE``,
``LC_ALL``, ``LC_MESSAGES``, ``LANG``, as every gettext program reads it), unless the
configuration file's ``messages-language`` names one: a service that sets it wants its staff
to read every command in it, whatever each machine's locale says. ``render --language`` is
another thing: the language of the copy written, not of what the command says about it.

argparse writes its own words ("usage:", "the following arguments are required") through
its module globals ``_`` and ``ngettext``; inside :func:`speaking_to_a_person` they are
pointed at :mod:`recoveryplan.messages`, and put back afterwards, so a program that imports
the library and uses argparse itself is not changed. argparse's messages are listed here with
``N_`` so that they are extracted into the messages' catalogue and translated with the rest.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from ..messages import N_, environment_language, gettext, ngettext, speaking
from ._config import Configuration

__all__ = ["ARGPARSE_MESSAGES", "chosen_language", "speaking_to_a_person"]

LANGUAGE_KEY = "messages-language"
"""The configuration file's key for the language of the command line's messages."""

ARGPARSE_MESSAGES: tuple[str, ...] = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
)
"""What argparse itself writes to a person (not its errors for programmers), as argparse
spells each message: its ``_()`` looks them up by exactly these words."""


def _argparse_plurals(n: int) -> str:
    # argparse counts the arguments an option expects; listed so the plural is extracted.
    return ngettext("expected %s argument", "expected %s arguments", n)


def chosen_language(configuration: Configuration) -> str | None:
    """The language of the command line's messages: the configuration file's
    ``messages-language`` when it gives one, else the environment's (``None``: English)."""
    named = configuration.values.get(LANGUAGE_KEY)
    if isinstance(named, str) and named.strip():
        return named
    return environment_language()


@contextmanager
def speaking_to_a_person(language: str | None) -> Iterator[str | None]:
    """Inside the block, the command line's messages and argparse's words are in
    ``language`` (English when its catalogue is missing or not complete); yields the
    catalogue used."""
    saved = (argparse._, argparse.ngettext)  # type: ignore[attr-defined]
    argparse._ = gettext  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
    try:
        with speaking(language) as catalogue:
            yield catalogue
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]
