"""``recoveryplan store``: put plan files into a store, take revisions out, list what it holds
and who was given copies."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from ..files import write_atomically
from ..messages import gettext as _
from ..serialize import dump, dumps
from ._common import (
    _JSON_UNPRINTABLE,
    Subcommands,
    _read,
    _write_json,
    add_format_option,
    command,
    parse_date,
    say,
)
from ._stores import add_store_option, opened


def _run_save(args: argparse.Namespace) -> int:
    plan = _read(args.plan)
    with opened(args, create=True) as store:
        saved = store.save(plan, by=args.by, why=args.why, base=args.base)
    say(
        _("%(plan)s: saved revision %(number)s (fingerprint %(fingerprint)s)")
        % {"plan": plan.id, "number": saved.number, "fingerprint": saved.fingerprint}
    )
    return 0


def _run_export(args: argparse.Namespace) -> int:
    with opened(args) as store:
        if args.revision is not None:
            plan, saved = store.revision(args.plan_id, args.revision)
        elif args.date is not None:
            plan, saved = store.revision(args.plan_id, args.date)
        else:
            plan, saved = store.latest(args.plan_id)
        if args.fhir:
            # Recorded in the disclosure log like any copy, before it is written out.
            bundle = store.to_fhir(args.plan_id, saved.number, by=args.by or getpass.getuser())
    if args.fhir:
        if args.output is None:
            _write_json(bundle)
        else:
            text = json.dumps(bundle, indent=2, ensure_ascii=False) + "\n"
            write_atomically(args.output, text.encode("utf-8"))
        return 0
    if args.output is not None:
        dump(plan, args.output)
    else:
        text = dumps(plan)
        sys.stdout.write(_JSON_UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))
    return 0


def _run_plans(args: argparse.Namespace) -> int:
    with opened(args) as store:
        found = store.plans()
    if args.format == "json":
        _write_json(found)
    for plan_id in found if args.format == "text" else ():
        say(plan_id)
    return 0


def _run_disclosures(args: argparse.Namespace) -> int:
    with opened(args) as store:
        records = store.disclosures(args.plan_id, reader=args.reader)
    if args.format == "json":
        _write_json(
            [
                {
                    "revision": r.revision,
                    "reader": r.reader,
                    "sections": [section.value for section in r.sections],
                    "view": r.view,
                    "at": r.at.isoformat(),
                    "by": r.by,
                }
                for r in records
            ]
        )
        return 0
    for r in records:
        sections = ", ".join(section.value for section in r.sections)
        said = {
            "by": r.by,
            "reader": r.reader,
            "view": r.view,
            "revision": r.revision,
            "sections": sections,
        }
        if r.view == "fhir":
            line = _(
                "%(by)s gave %(reader)s the FHIR bundle (revision %(revision)s; sections: "
                "%(sections)s)"
            )
        else:
            # Translators: %(view)s is the name of the copy's view, as the --view option spells it.
            line = _(
                "%(by)s gave %(reader)s the %(view)s (revision %(revision)s; sections: "
                "%(sections)s)"
            )
        say(f"{r.at.strftime('%Y-%m-%d %H:%M UTC')}  " + line % said)
    return 0


def _revision_number(text: str) -> int:
    if text.isdigit() and int(text) >= 1:
        return int(text)
    raise argparse.ArgumentTypeError(
        _("%(text)s is not a revision number (1 or more)") % {"text": repr(text)}
    )


@command
def _store_command(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "store",
        help=_("put plans into a plan store and take revisions out"),
        description=_(
            "Work with a plan store (SQLite file or PostgreSQL), which keeps every "
            "revision of every plan: save a plan file as a new revision, export a revision, list "
            "the plans, and show the log of copies given to readers."
        ),
    )
    actions = parser.add_subparsers(title=_("actions"), dest="action", metavar=_("ACTION"))
    actions.required = True

    save = actions.add_parser(
        "save",
        help=_("save a plan file as the plan's next revision"),
        description=_(
            "Save a plan file as the next revision of its plan (by its id). Without "
            "--base the plan must be new to the store; with --base N, revision N must still be "
            "the latest, or nothing is saved (someone else saved since: export the latest, merge, "
            "and save again)."
        ),
        epilog=_(
            "exit status: 0 when saved, 1 when the plan cannot be read or the base is not "
            "the latest"
        ),
    )
    save.add_argument("plan", metavar=_("PLAN_FILE"), help=_("a plan file ('-' reads stdin)"))
    add_store_option(save)
    save.add_argument("--by", required=True, metavar=_("WHO"), help=_("who is saving (an id)"))
    save.add_argument(
        "--why", required=True, metavar=_("TEXT"), help=_("the reason for the change")
    )
    save.add_argument(
        "--base",
        type=_revision_number,
        metavar=_("N"),
        help=_("the revision the change was made from (leave out for a new plan)"),
    )
    save.set_defaults(run=_run_save)

    export = actions.add_parser(
        "export",
        help=_("print (or write) a revision of a plan"),
        description=_(
            "Print a plan from the store as JSON: the latest revision, revision N, "
            "or the plan as it stood at the end of a day (UTC)."
        ),
        epilog=_("exit status: 0 when the plan was written, 1 when it is not in the store"),
    )
    export.add_argument("plan_id", metavar=_("PLAN_ID"), help=_("the plan's id"))
    add_store_option(export)
    which = export.add_mutually_exclusive_group()
    which.add_argument("--revision", type=_revision_number, metavar=_("N"), help=_("revision N"))
    which.add_argument(
        "--date",
        type=parse_date,
        metavar=_("YYYY-MM-DD"),
        help=_("as it stood at the end of that day"),
    )
    export.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar=_("PLAN"),
        help=_("write the plan to this file (replaced in one step) instead of standard output"),
    )
    export.add_argument(
        "--fhir",
        action="store_true",
        help=_(
            "a FHIR R4 bundle instead, every resource versioned and a Provenance saying who "
            "saved the revision, when and why"
        ),
    )
    export.add_argument(
        "--by",
        metavar=_("WHO"),
        help=_(
            "who is exporting (an id), for the disclosure log a FHIR export is recorded in "
            "(default: the name of the account running the command)"
        ),
    )
    export.set_defaults(run=_run_export)

    plans = actions.add_parser(
        "plans",
        help=_("list the plans in a store"),
        description=_("List every plan id in a store."),
    )
    add_store_option(plans)
    add_format_option(
        plans,
        _("print the plan ids as readable lines (text, the default) or as one JSON document"),
    )
    plans.set_defaults(run=_run_plans)

    log = actions.add_parser(
        "disclosures",
        help=_("list the copies of a plan given to readers"),
        description=_(
            "List every copy of a plan made from the store (Store.render or "
            "Store.record_disclosure): when, by whom, for which reader, which view and which "
            "sections it could show."
        ),
    )
    log.add_argument("plan_id", metavar=_("PLAN_ID"), help=_("the plan's id"))
    add_store_option(log)
    log.add_argument("--reader", metavar=_("READER"), help=_("only the copies for this reader"))
    add_format_option(
        log,
        _("print the copies as readable lines (text, the default) or as one JSON document"),
    )
    log.set_defaults(run=_run_disclosures)
