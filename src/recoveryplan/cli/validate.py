"""``recoveryplan validate``: check plans, one file or a whole caseload, and print every finding."""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Any

import attrs

from ..errors import (
    PlanError,
    PlanFormatError,
    PlanReadError,
    Problem,
    unexpected,
)
from ..findings import SEVERITIES, Finding, severity_word
from ..messages import gettext as _
from ..messages import ngettext, speaking, spoken
from ..plan import FORMAT
from ..validate import validate
from ._common import (
    _JSON_UNPRINTABLE,
    Subcommands,
    _jobs,
    _progress,
    _read,
    _today,
    add_batch_options,
    add_format_option,
    add_today_option,
    command,
    complain,
    no_plans,
    say,
)

if TYPE_CHECKING:
    from ..batch import Found
    from ..caseload.clashes import Clash

# -- validate ------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class PlanReport:
    """What checking one plan file found.

    ``unreadable`` is set when there was no document to check at all (a missing file);
    ``problems`` when there was one but it is not valid ``recoveryplan/1``; ``findings``
    when it loaded and was checked.
    """

    path: str
    findings: tuple[Finding, ...] = ()
    problems: tuple[Problem, ...] = ()
    unreadable: str | None = None
    plan_id: str | None = attrs.field(default=None, repr=False)
    """The plan's and the person's ids, when it loaded: to find two files that claim one
    plan, or one person in two plans, across a caseload. Not part of the JSON report."""
    person_id: str | None = attrs.field(default=None, repr=False)

    @property
    def loaded(self) -> bool:
        return self.unreadable is None and not self.problems

    @property
    def ok(self) -> bool:
        """Loaded, and without errors (warnings and notes are allowed)."""
        return self.loaded and not any(f.severity == "error" for f in self.findings)

    def counts(self) -> dict[str, int]:
        return {s: sum(1 for f in self.findings if f.severity == s) for s in SEVERITIES}

    def to_json(self) -> dict[str, Any]:
        problems = list(self.problems)
        if self.unreadable is not None:
            problems.insert(0, Problem(path="$", message=self.unreadable))
        return {
            "path": self.path,
            "ok": self.ok,
            "counts": self.counts(),
            "findings": [attrs.asdict(finding) for finding in self.findings],
            "problems": [attrs.asdict(problem) for problem in problems],
        }


def check(path: str, today: date) -> PlanReport:
    """Load and check one plan, turning every way it can be bad into a report; the findings
    are in the language the messages are spoken in."""
    try:
        plan = _read(path)
    except PlanFormatError as error:
        return PlanReport(path=path, problems=tuple(error.problems))
    except PlanReadError as error:
        message = str(error)
        prefix = f"{path}: "
        return PlanReport(
            path=path, unreadable=message[len(prefix) :] if message.startswith(prefix) else message
        )
    return PlanReport(
        path=path,
        findings=tuple(validate(plan, today=today, language=spoken())),
        plan_id=plan.id,
        person_id=plan.person.id,
    )


def _check_found(found: Found, today: date, language: str | None = None) -> PlanReport:
    """The worker's task in ``validate``: one plan checked, every failure a report, in the
    language of the command line's messages (a worker process chooses it anew)."""
    with speaking(language):
        return _check_one(found, today)


def _check_one(found: Found, today: date) -> PlanReport:
    if found.empty:
        return PlanReport(path=found.path, unreadable=no_plans())
    try:
        return check(found.path, today)
    except PlanError:
        raise  # not about this plan (a failing plugin): the whole command stops, as for one
    except Exception as error:
        return PlanReport(path=found.path, unreadable=unexpected(error))


def _lost(found: Found, how: str) -> PlanReport:
    """The report of a plan whose worker process stopped while checking it."""
    from ..batch import lost_message

    return PlanReport(path=found.path, unreadable=lost_message("checking", how))


SHOWN_PER_CODE = 3
"""How many findings of one code the text report shows for a plan before "and N more"."""


def report_text(report: PlanReport, every: bool = False) -> None:
    """One plan's findings as lines of text. Repeated findings of one code (604 overdue goals
    in a five-year plan) are shown a few at a time, then counted, unless ``every``; the JSON
    report always lists every finding."""
    if report.unreadable is not None:
        complain(f"{report.path}: {report.unreadable}")
        return
    if report.problems:
        for problem in report.problems:
            complain(f"{report.path}: {problem}")
        complain(
            ngettext(
                "%(path)s: %(count)d problem; this is not a valid %(format)s plan, so it was "
                "not checked",
                "%(path)s: %(count)d problems; this is not a valid %(format)s plan, so it was "
                "not checked",
                len(report.problems),
            )
            % {"path": report.path, "count": len(report.problems), "format": FORMAT}
        )
        return
    totals = Counter(finding.code for finding in report.findings)
    shown: Counter[str] = Counter()
    for finding in report.findings:
        shown[finding.code] += 1
        if every or shown[finding.code] <= SHOWN_PER_CODE:
            say(f"{report.path}: {finding.told()}")
        if not every and shown[finding.code] == SHOWN_PER_CODE < totals[finding.code]:
            more = totals[finding.code] - SHOWN_PER_CODE
            # Translators: %(severity)s is a finding's severity as written in the line above
            # (error, warning or info); %(code)s is its code.
            line = ngettext(
                "%(severity)s: and %(more)d more like this [%(code)s] (--all shows every one)",
                "%(severity)s: and %(more)d more like this [%(code)s] (--all shows every one)",
                more,
            )
            say(
                f"{report.path}: "
                + line
                % {"severity": severity_word(finding.severity), "more": more, "code": finding.code}
            )
    say(f"{report.path}: {_summary(report.counts())}")


def _summary(counts: dict[str, int]) -> str:
    errors, warnings, notes = counts["error"], counts["warning"], counts["info"]
    parts = [
        ngettext("%(count)d error", "%(count)d errors", errors) % {"count": errors},
        ngettext("%(count)d warning", "%(count)d warnings", warnings) % {"count": warnings},
    ]
    if not notes:
        # Translators: the counts of errors and of warnings, as the line ending a plan's
        # findings gives them ("0 errors, 1 warning").
        return _("%(errors)s, %(warnings)s") % {"errors": parts[0], "warnings": parts[1]}
    # Translators: the counts of errors, of warnings and of notes ("0 errors, 1 warning, 2 notes").
    return _("%(errors)s, %(warnings)s, %(notes)s") % {
        "errors": parts[0],
        "warnings": parts[1],
        "notes": ngettext("%(count)d note", "%(count)d notes", notes) % {"count": notes},
    }


def _run_validate(args: argparse.Namespace) -> int:
    """Check each plan, in the order found, on every core; print each plan's findings as its
    turn comes, so the output is the same with any number of processes and nothing but the
    counts is kept."""
    from ..batch import find_plans, run_each
    from ..caseload.clashes import ClashFinder

    today = _today(args)
    found = list(find_plans(args.paths))
    progress = _progress(args, len(found), "plans")
    checked = failed = unloaded = 0
    clashes = ClashFinder()
    clashed: list[Clash] = []
    clean = bytearray()  # for each file given to the finder: 1 when without errors
    if args.format == "json":
        _open_json_reports(today)
    reports = run_each(
        functools.partial(_check_found, today=today, language=args.messages_language),
        found,
        jobs=_jobs(args, found),
        lost=_lost,
    )
    try:
        for report in reports:
            progress.clear()
            if args.format == "json":
                _write_json_report(report, first=checked == 0)
            else:
                report_text(report, every=args.all)
            if report.plan_id is not None and report.person_id is not None:
                # The path held in `found`, not the report's copy of it: nothing more is kept.
                new = clashes.add(found[checked].path, report.plan_id, report.person_id)
                clean.append(report.ok)
                for clash in new or ():
                    complain(clash.sentence())
                    clashed.append(clash)
            checked += 1
            failed += report.loaded and not report.ok
            unloaded += not report.loaded
            progress.advance()
    finally:
        progress.close()
    ok = failed == unloaded == 0 and not clashed
    if args.format == "json":
        _close_json_reports(ok, clashed)
    elif len(found) > 1 or found[0].path not in args.paths:  # many, or found in a folder
        left_out = len(clashes.left_out)
        counted = checked - failed - unloaded - sum(clean[number] for number in clashes.left_out)
        said = {
            "count": checked,
            "counted": counted,
            "failed": failed,
            "unloaded": unloaded,
            "left_out": left_out,
        }
        if left_out:
            line = ngettext(
                "%(count)d plan checked: %(counted)d without errors, %(failed)d with errors, "
                "%(unloaded)d could not be loaded, %(left_out)d left out as two files for one "
                "plan or person",
                "%(count)d plans checked: %(counted)d without errors, %(failed)d with errors, "
                "%(unloaded)d could not be loaded, %(left_out)d left out as two files for one "
                "plan or person",
                checked,
            )
        else:
            line = ngettext(
                "%(count)d plan checked: %(counted)d without errors, %(failed)d with errors, "
                "%(unloaded)d could not be loaded",
                "%(count)d plans checked: %(counted)d without errors, %(failed)d with errors, "
                "%(unloaded)d could not be loaded",
                checked,
            )
        say(line % said)
    return 0 if ok else 1


def _open_json_reports(today: date) -> None:
    """The start of ``validate --format json``: the reports follow one by one as they come,
    so a caseload's report is never held whole in memory."""
    sys.stdout.write(f'{{\n  "today": "{today.isoformat()}",\n  "plans": [')


def _write_json_report(report: PlanReport, *, first: bool) -> None:
    text = json.dumps(report.to_json(), indent=2, ensure_ascii=False)
    text = _JSON_UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    indented = "\n".join("    " + line for line in text.split("\n"))
    sys.stdout.write(("\n" if first else ",\n") + indented)


def _close_json_reports(ok: bool, clashes: list[Clash]) -> None:
    found = json.dumps([clash.to_json() for clash in clashes], ensure_ascii=False)
    found = _JSON_UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", found)
    sys.stdout.write(f'\n  ],\n  "clashes": {found},\n  "ok": {"true" if ok else "false"}\n}}\n')


@command
def _validate_command(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "validate",
        help=_("check plans and print every finding"),
        description=_(
            "Load and check each plan (.json, or .yaml/.yml with the same structure; '-' "
            "reads JSON from standard input) and print every finding: errors, practice "
            "warnings and notes. Findings go to standard output; files that cannot be read "
            "or are not valid plans are reported on standard error."
        ),
        epilog=_(
            "exit status: 0 when no plan has errors (warnings are allowed), 1 when a plan "
            "has errors or cannot be read, 2 when the command itself is wrong"
        ),
    )
    parser.add_argument(
        "paths",
        nargs="+",
        metavar=_("PATH_OR_DIR"),
        help=_(
            "a plan file, or a folder: every .json, .yaml and .yml file in it and in the "
            "folders inside it, in order of their paths"
        ),
    )
    add_today_option(parser)
    add_format_option(
        parser,
        _("print the findings as readable lines (text, the default) or as one JSON document"),
    )
    add_batch_options(
        parser,
        _(
            "check plans on N processes at once (default: every core, %(cores)s here); 1 "
            "works in this process"
        ),
    )
    parser.add_argument(
        "--all",
        action="store_true",
        help=_(
            "in text, show every finding (by default, after %(shown)d of one kind in a plan, "
            "the rest are counted); JSON always has every one"
        )
        % {"shown": SHOWN_PER_CODE},
    )
    parser.set_defaults(run=_run_validate)
