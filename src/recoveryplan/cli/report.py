"""``recoveryplan report``: a caseload's SRI 2 evidence, as pseudonymous tables and one page."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from ..messages import gettext as _
from ..messages import ngettext
from ._common import (
    Subcommands,
    _today,
    _UsageError,
    add_today_option,
    command,
    complain,
    parse_date,
    say,
)


def _report_key(args: argparse.Namespace) -> bytes:
    """The service's secret for the pseudonymous keys: from --key-file, else the environment.

    It is read, used in memory and never written or shown.
    """
    from ..caseload import KEY_VARIABLE

    if args.key_file is not None:
        try:
            secret = Path(args.key_file).read_bytes().strip()
        except OSError as error:
            raise _UsageError(
                _("cannot read the key file %(file)s: %(error)s")
                % {"file": args.key_file, "error": error.strerror or error}
            ) from None
        short = _("the key in the key file %(file)s is too short: use at least 16 characters")
        short %= {"file": args.key_file}
    else:
        secret = os.environ.get(KEY_VARIABLE, "").strip().encode("utf-8")
        short = _("the key in %(variable)s is too short: use at least 16 characters")
        short %= {"variable": KEY_VARIABLE}
        if not secret:
            raise _UsageError(
                _(
                    "the report needs the service's secret key to pseudonymise people and "
                    "plans: give --key-file %(file)s or set %(variable)s (the same key every "
                    "month, so that months join; at least 16 characters)"
                )
                % {"file": _("FILE"), "variable": KEY_VARIABLE}
            )
    if len(secret) < 16:
        raise _UsageError(short)
    return secret


def _run_report(args: argparse.Namespace) -> int:
    from ..caseload import caseload_report

    if args.jobs is not None and args.jobs < 1:
        raise _UsageError(_("--jobs must be 1 or more"))
    today = _today(args)
    if args.since is not None and args.since > today:
        raise _UsageError(
            _("--since %(since)s is after --today %(today)s")
            % {"since": args.since, "today": today}
        )
    summary = caseload_report(
        args.paths,
        args.out_dir,
        key=_report_key(args),
        today=today,
        since=args.since,
        jobs=args.jobs,
        quiet=args.quiet,
        # The manager's page in the language of the command line's messages (configuration
        # or environment), once the pages' catalogue is complete for it.
        language=getattr(args, "messages_language", None),
    )
    for path, reason in summary.failed:
        complain(_("%(path)s: %(reason)s; skipped") % {"path": path, "reason": reason})
    for path, reason in summary.left_out:
        complain(_("%(path)s: %(reason)s; left out") % {"path": path, "reason": reason})
    for clash in summary.clashes:
        complain(clash.sentence())
    if not args.quiet:
        say(
            ngettext(
                "%(count)d plan in the report, %(left_out)d left out: %(file)s",
                "%(count)d plans in the report, %(left_out)d left out: %(file)s",
                summary.plans,
            )
            % {
                "count": summary.plans,
                "left_out": summary.plans_left_out,
                "file": Path(args.out_dir) / "report.html",
            }
        )
    return 0 if summary.ok else 1


@command
def _report_command(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "report",
        help=_("the SRI 2 caseload evidence: pseudonymous tables and one page for the manager"),
        description=_(
            "Read a caseload (plan files, and folders searched recursively) and write the "
            "Scottish Recovery Indicator 2 evidence the plans hold: OUT/report.html, "
            "OUT/report.json and Parquet tables in OUT/tables/. The tables carry no names, "
            "contacts or words from the plans; people and plans are known by a keyed hash "
            "made with the service's secret key, which is never written."
        ),
        epilog=_(
            "Only plans that validate without errors are counted; two files with one plan id, "
            "or one person in two plans, are both left out and named. "
            "exit status: 0 when every plan was counted, 1 when a plan was left out (it is "
            "named and the report is written for the rest), 2 when the command itself is wrong"
        ),
    )
    parser.add_argument(
        "paths", nargs="+", metavar=_("PATH_OR_DIR"), help=_("a plan file or folder")
    )
    parser.add_argument(
        "--out-dir",
        required=True,
        metavar=_("OUT"),
        help=_(
            "the folder to write to, taken as it is written (no patterns); made readable by "
            "its owner only"
        ),
    )
    add_today_option(parser)
    parser.add_argument(
        "--since",
        type=parse_date,
        metavar=_("YYYY-MM-DD"),
        help=_("the first day of the period (default: a year before --today)"),
    )
    parser.add_argument(
        "--jobs",
        type=int,
        metavar=_("N"),
        help=_("processes to read plans with (default: every core)"),
    )
    parser.add_argument(
        "--key-file",
        metavar=_("FILE"),
        help=_(
            "the file holding the service's secret key (default: the environment variable "
            "RECOVERYPLAN_REPORT_KEY)"
        ),
    )
    parser.add_argument("-q", "--quiet", action="store_true", help=_("no progress or summary line"))
    parser.set_defaults(run=_run_report)
