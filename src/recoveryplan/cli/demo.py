"""``recoveryplan demo``: the bundled example plan, checked and written out, and a short
summary of what was written where, so that a newcomer knows what to open first."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from ..audience import PERSON, STAFF
from ..demo import DEFAULT_DIRECTORY, EXAMPLE, DemoResult, ReaderFiles, run_demo
from ..messages import gettext as _
from ..messages import messages_language, ngettext
from ..plan import FORMAT
from ._common import (
    Subcommands,
    add_today_option,
    command,
    say,
)


def _run_demo(args: argparse.Namespace) -> int:
    result = run_demo(args.directory, args.today)
    language = messages_language(getattr(args, "messages_language", None)) or "en"
    for line in summary(result, args.directory, language=language):
        say(line)
    return 0 if not any(f.severity == "error" for f in result.findings) else 1


def summary(result: DemoResult, directory: Path, *, language: str = "en") -> list[str]:
    """What the demo says: where it wrote what, for whom, and what the checks found; the
    day in ``language``'s way (the messages' own language: a catalogue's, or ``en``)."""
    from babel.dates import format_date  # Babel's locale data, for this summary only

    plan = result.plan
    called = plan.person.called
    day = format_date(result.today, "d MMMM y", locale=language)
    written = len(result.written)
    lines = [
        ngettext(
            "%(name)s's example plan, as of %(day)s, written to %(folder)s (%(count)d file):",
            "%(name)s's example plan, as of %(day)s, written to %(folder)s (%(count)d files):",
            written,
        )
        % {"name": called, "day": day, "folder": f"{directory}/", "count": written},
        f"  {EXAMPLE:<10} "
        + _("the plan itself, in %(format)s: open it, change it, check it again")
        % {"format": FORMAT},
    ]
    for reader in result.readers:
        views = ", ".join(reader.views)
        lines.append(f"  {reader.reader + '.*':<10} {_whose(result, reader)}: {views}")
    if result.readers:
        formats = result.readers[0].formats
        lines.append(
            _("each in %(formats)s: %(plan)s is the plan, %(card)s the crisis card")
            % {
                "formats": _and(formats),
                "plan": "person.html",
                "card": f"person.crisis-card.{formats[-1]}",
            }
        )
    lines.append(
        _("Start with %(file)s: %(name)s's own plan.")
        % {"file": directory / "person.html", "name": called}
    )
    counts: Counter[str] = Counter(finding.severity for finding in result.findings)
    errors, warnings, notes = counts["error"], counts["warning"], counts["info"]
    if errors:
        lines.append(
            ngettext(
                "The example plan has %(count)d error; please report it.",
                "The example plan has %(count)d errors; please report it.",
                errors,
            )
            % {"count": errors}
        )
    elif warnings or notes:
        found: list[str] = []
        if warnings:
            found.append(
                ngettext("%(count)d suggestion", "%(count)d suggestions", warnings)
                % {"count": warnings}
            )
        if notes:
            found.append(ngettext("%(count)d note", "%(count)d notes", notes) % {"count": notes})
        lines.append(
            _(
                "The plan is valid. The practice checks have %(found)s for %(name)s's team, as "
                "a real plan would;"
            )
            % {"found": _and(tuple(found)), "name": called}
        )
        lines.append(
            _("the staff copies show them, and %(command)s lists them.")
            % {
                "command": f"recoveryplan validate {directory / EXAMPLE} "
                f"--today {result.today.isoformat()}"
            }
        )
    else:
        lines.append(_("The plan is valid, and the practice checks have nothing to suggest."))
    lines.extend(result.notes)
    return lines


def _whose(result: DemoResult, reader: ReaderFiles) -> str:
    called = result.plan.person.called
    if reader.reader == PERSON:
        return _("%(name)s's own") % {"name": called}
    if reader.reader == STAFF:
        return _("the staff team's, with the checks")
    member = result.plan.member(reader.reader)
    return _("%(member)s's, only what %(name)s shares") % {"member": member.name, "name": called}


def _and(items: tuple[str, ...]) -> str:
    if len(items) == 1:
        return items[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


@command
def _demo_command(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "demo",
        help=_("try the library on the example plan that comes with it"),
        description=_(
            "Check the bundled example plan (Morag's) and write it, with every view for every "
            "reader in every format, into a folder: the plan itself as DIR/morag.json, "
            "DIR/<reader>.<format> for the whole plan and DIR/<reader>.<view>.<format> for "
            "the review pack, the safety plan and the crisis card."
        ),
    )
    parser.add_argument(
        "directory",
        nargs="?",
        type=Path,
        default=DEFAULT_DIRECTORY,
        metavar=_("DIR"),
        help=_("the folder to write into (default: %(dir)s)") % {"dir": DEFAULT_DIRECTORY},
    )
    add_today_option(parser)
    parser.set_defaults(run=_run_demo)
