"""The ``recoveryplan`` command (also ``python -m recoveryplan``).

Staff run it on plans they have written and integrators run it in batch jobs, so bad input is
never a traceback: each problem is one line saying which file, where in it and what to do;
the exit status is 0 when all is well, 1 when a plan has errors or cannot be read, and 2 for
a mistake in the command itself.

Each command is one function decorated with :func:`command`: it adds its parser and names
the function that runs it. Adding a command is adding one such function.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys
import traceback
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TypeAlias

import attrs

from . import __version__
from .audience import audiences, shared_sections
from .demo import DEFAULT_DIRECTORY, EXAMPLE, run_demo
from .errors import PlanError, PlanFormatError, PlanReadError, PlanValueError, Problem
from .findings import SEVERITIES, Finding
from .newplugin import check_name, new_plugin
from .plan import FORMAT, Plan
from .plugins import framework_owners, frameworks, get_plugins
from .render import FORMATS, render, save
from .schema import json_schema
from .serialize import MAX_PLAN_BYTES, load, loads
from .validate import validate

__all__ = [
    "PlanReport",
    "add_format_option",
    "add_today_option",
    "build_parser",
    "check",
    "command",
    "complain",
    "main",
    "parse_date",
    "say",
]

Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
AddCommand: TypeAlias = Callable[[Subcommands], None]

_COMMANDS: list[AddCommand] = []

STDIN = "-"
"""The path that means "read the plan from standard input"."""


def command(add: AddCommand) -> AddCommand:
    """Register a command: ``add`` builds its parser and sets ``run`` to its handler.

    The handler takes the parsed arguments and returns the exit status.
    """
    _COMMANDS.append(add)
    return add


# -- output --------------------------------------------------------------------------------


_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\ud800-\udfff]")
"""What a terminal would act on rather than show (``ESC [2J`` clears it, an OSC sequence sets
its title), what would reverse the rest of a line (a right-to-left override), and halves of
characters; each is printed as its escape (``\\x1b``) instead."""


def printable(text: str) -> str:
    """Text safe to print on a terminal: every unprintable character shown as its escape."""
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def say(line: str = "") -> None:
    """One line of the command's output, on standard output."""
    sys.stdout.write(printable(line) + "\n")


def complain(line: str) -> None:
    """One line about something wrong, on standard error.

    Standard output is flushed first so that, when both go to one terminal or file, each
    problem appears where it happened rather than wherever buffering put it.
    """
    sys.stdout.flush()
    sys.stderr.write(printable(line) + "\n")
    sys.stderr.flush()


def _one_line(text: str) -> str:
    """A message as one line, however many lines its author gave it."""
    return "; ".join(part.strip() for part in text.splitlines() if part.strip())


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


# -- options shared by commands ------------------------------------------------------------


def parse_date(text: str) -> date:
    """An ISO date given on the command line, or a usage error that says how to write one."""
    try:
        if len(text) == 10 and text.isascii():
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(
        f"{text!r} is not a date; write it as YYYY-MM-DD, for example 2026-06-02"
    )


def add_today_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--today",
        type=parse_date,
        metavar="YYYY-MM-DD",
        help="the day to check the plan as of (what is overdue); default: the current date",
    )


def add_format_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help=f"print {what} as readable lines (text, the default) or as one JSON document",
    )


def _today(args: argparse.Namespace) -> date:
    chosen: date | None = args.today
    return chosen if chosen is not None else date.today()


_JSON_UNPRINTABLE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _write_json(document: Any) -> None:
    """JSON for scripts: readable Unicode, but nothing a terminal would act on (JSON itself
    escapes the C0 controls; these are the rest, escaped the JSON way, inside strings)."""
    text = json.dumps(document, indent=2, ensure_ascii=False)
    sys.stdout.write(_JSON_UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


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


def _read(path: str) -> Plan:
    if path == STDIN:
        data = sys.stdin.buffer.read(MAX_PLAN_BYTES + 1)
        if len(data) > MAX_PLAN_BYTES:
            raise PlanReadError(
                f"{path}: standard input holds more than {MAX_PLAN_BYTES // (1024 * 1024)} MiB, "
                "the most a plan file may be; it is not a plan"
            )
        return loads(data, source=path)
    return load(path)


def check(path: str, today: date) -> PlanReport:
    """Load and check one plan, turning every way it can be bad into a report."""
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
    return PlanReport(path=path, findings=tuple(validate(plan, today=today)))


def _report_text(report: PlanReport) -> None:
    if report.unreadable is not None:
        complain(f"{report.path}: {report.unreadable}")
        return
    if report.problems:
        for problem in report.problems:
            complain(f"{report.path}: {problem}")
        complain(
            f"{report.path}: {_count(len(report.problems), 'problem')}; "
            f"this is not a valid {FORMAT} plan, so it was not checked"
        )
        return
    for finding in report.findings:
        say(f"{report.path}: {finding}")
    say(f"{report.path}: {_summary(report.counts())}")


def _summary(counts: dict[str, int]) -> str:
    parts = [_count(counts["error"], "error"), _count(counts["warning"], "warning")]
    if counts["info"]:
        parts.append(_count(counts["info"], "note"))
    return ", ".join(parts)


def _run_validate(args: argparse.Namespace) -> int:
    today = _today(args)
    reports: list[PlanReport] = []
    for path in args.paths:
        report = check(path, today)
        reports.append(report)
        if args.format == "text":
            _report_text(report)
    if args.format == "json":
        _write_json(
            {
                "today": today.isoformat(),
                "ok": all(report.ok for report in reports),
                "plans": [report.to_json() for report in reports],
            }
        )
    elif len(reports) > 1:
        failed = sum(1 for report in reports if report.loaded and not report.ok)
        unloaded = sum(1 for report in reports if not report.loaded)
        say(
            f"{_count(len(reports), 'plan')} checked: {len(reports) - failed - unloaded} "
            f"without errors, {failed} with errors, {unloaded} could not be loaded"
        )
    return 0 if all(report.ok for report in reports) else 1


@command
def _validate_command(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "validate",
        help="check plans and print every finding",
        description=(
            "Load and check each plan (.json, or .yaml/.yml with the same structure; '-' "
            "reads JSON from standard input) and print every finding: errors, practice "
            "warnings and notes. Findings go to standard output; files that cannot be read "
            "or are not valid plans are reported on standard error."
        ),
        epilog=(
            "exit status: 0 when no plan has errors (warnings are allowed), 1 when a plan "
            "has errors or cannot be read, 2 when the command itself is wrong"
        ),
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="a plan file")
    add_today_option(parser)
    add_format_option(parser, "the findings")
    parser.set_defaults(run=_run_validate)


# -- render ------------------------------------------------------------------------------


SUFFIX_FORMATS = {
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".markdown": "md",
    ".txt": "txt",
    ".text": "txt",
    ".pdf": "pdf",
}
"""The format ``render -o OUT`` writes when ``--format`` is not given, by OUT's suffix."""


def _render_format(chosen: str | None, output: str | None) -> str:
    """The format to render in: ``--format``, else the output file's suffix, else HTML."""
    if output is None:
        return chosen or "html"
    suffix = Path(output).suffix.lower()
    implied = SUFFIX_FORMATS.get(suffix)
    if chosen is None:
        if implied is None:
            raise _UsageError(
                f"cannot tell the format from the file name {output!r}; add --format "
                f"({', '.join(FORMATS)}) or end the name with one of " + ", ".join(SUFFIX_FORMATS)
            )
        return implied
    if implied is not None and implied != chosen:
        raise _UsageError(
            f"--format {chosen} does not match the file name {output!r}, which is {implied}; "
            "drop --format or change the name"
        )
    return chosen


class _UsageError(Exception):
    """A mistake in the command itself: one line, exit status 2."""


def _readers(plan: Plan) -> list[str]:
    return [
        reader
        for reader in audiences(plan)
        if reader in ("person", "staff") or shared_sections(plan, reader)
    ]


def _run_render(args: argparse.Namespace) -> int:
    output: str | None = None if args.output in (None, STDIN) else args.output
    format = _render_format(args.format, output)
    if format == "pdf" and output is None and sys.stdout.isatty():
        raise _UsageError("a PDF cannot be shown here; write it to a file with -o")
    plan = _read(args.path)
    if args.audience is None:
        raise _UsageError(
            "say who the plan is for with --audience; this plan can be rendered for: "
            + ", ".join(_readers(plan))
        )
    document = render(plan, args.audience, format, today=_today(args), large_print=args.large_print)
    if output is not None:
        save(document, output)
    else:
        sys.stdout.flush()
        payload = document if isinstance(document, bytes) else document.encode("utf-8")
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
    return 0


@command
def _render_command(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "render",
        help="write a plan for the person, the staff or someone in the circle",
        description=(
            "Render a plan for a reader: 'person' (the person-held plan), 'staff' (the whole "
            "plan with the practice checks) or a circle member, by id or name (only the parts "
            "the person agreed to share with them). There is no default reader: say who it is "
            "for with --audience."
        ),
        epilog=(
            "exit status: 0 when the plan was written, 1 when the plan cannot be read or the "
            "reader is unknown or has no consent, 2 when the command itself is wrong"
        ),
    )
    parser.add_argument("path", metavar="PATH", help="a plan file ('-' reads JSON from stdin)")
    parser.add_argument(
        "--audience",
        metavar="A",
        help="who the plan is for: person, staff, or a circle member's id or name (required)",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        help="html (one accessible page), md, txt or pdf; by default the format OUT's suffix "
        "names (.html, .md, .txt, .pdf), or html on standard output",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write to this file (replaced in one step; a new file is readable by you only) "
        "instead of standard output; '-' means standard output",
    )
    add_today_option(parser)
    parser.add_argument(
        "--large-print",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="large print on (or off with --no-large-print); by default the person-held plan "
        "is in large print when the person's communication needs ask for it",
    )
    parser.set_defaults(run=_run_render)


# -- export and import ---------------------------------------------------------------------


def _run_export_fhir(args: argparse.Namespace) -> int:
    from .fhir import to_fhir

    _write_json(to_fhir(_read(args.path)))
    return 0


def _read_bundle(path: str) -> Any:
    """A FHIR bundle's JSON, read with the limits a plan file has; the FHIR checks themselves
    are ``from_fhir``'s."""
    from .serialize import read_plan_bytes

    if path == STDIN:
        data = sys.stdin.buffer.read(MAX_PLAN_BYTES + 1)
        if len(data) > MAX_PLAN_BYTES:
            raise PlanReadError(
                f"{path}: standard input holds more than {MAX_PLAN_BYTES // (1024 * 1024)} MiB, "
                "the most a bundle may be"
            )
    else:
        data = read_plan_bytes(path)
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        message = f"not UTF-8 text (byte {error.start} cannot be read)"
    except RecursionError:
        message = "nested too deeply to read"
    except json.JSONDecodeError as error:
        message = f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
    raise PlanFormatError([Problem(path="$", message=message)], path)


def _run_import_fhir(args: argparse.Namespace) -> int:
    from .fhir import from_fhir
    from .serialize import dump, dumps

    plan, findings = from_fhir(_read_bundle(args.bundle), source=args.bundle)
    for finding in findings:
        complain(f"{args.bundle}: {finding}")
    if args.output is not None:
        dump(plan, args.output)
    else:
        # The plan's JSON, with what a terminal would act on escaped the JSON way (as
        # _write_json does), so it still reads back as the same plan.
        text = dumps(plan)
        sys.stdout.write(_JSON_UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))
    return 0


@command
def _export_command(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "export",
        help="write a plan in another standard (FHIR R4)",
        description=f"Write a plan in another standard for systems that do not read {FORMAT}.",
    )
    kinds = parser.add_subparsers(title="standards", dest="standard", metavar="STANDARD")
    kinds.required = True
    fhir = kinds.add_parser(
        "fhir",
        help="print the plan as a FHIR R4 Bundle (JSON)",
        description="Print the plan as a FHIR R4 Bundle of type collection: Patient, the "
        "circle, CareTeam, CarePlans, Goals, RiskAssessments, Observations and Consents. "
        "What FHIR has no element for travels in recoveryplan extensions (docs/fhir.md).",
        epilog="exit status: 0 when the bundle was printed, 1 when the plan cannot be read",
    )
    fhir.add_argument("path", metavar="PATH", help="a plan file ('-' reads JSON from stdin)")
    fhir.set_defaults(run=_run_export_fhir)


@command
def _import_command(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "import",
        help="read a plan from another standard (FHIR R4)",
        description=f"Read a plan from another standard into {FORMAT}.",
    )
    kinds = parser.add_subparsers(title="standards", dest="standard", metavar="STANDARD")
    kinds.required = True
    fhir = kinds.add_parser(
        "fhir",
        help="read a FHIR R4 Bundle into a plan",
        description="Read a FHIR R4 Bundle into a plan. A bundle written by 'export fhir' "
        "comes back exactly; from other systems, whatever a plan can hold, with a line on "
        "standard error for each thing that could not be mapped or had to be assumed.",
        epilog="exit status: 0 when the plan was read, 1 when the bundle cannot be read",
    )
    fhir.add_argument(
        "bundle", metavar="BUNDLE", help="a FHIR bundle (.json; '-' reads standard input)"
    )
    fhir.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="PLAN",
        help="write the plan to this file (replaced in one step) instead of standard output",
    )
    fhir.set_defaults(run=_run_import_fhir)


# -- report --------------------------------------------------------------------------------


def _report_key(args: argparse.Namespace) -> bytes:
    """The service's secret for the pseudonymous keys: from --key-file, else the environment.

    It is read, used in memory and never written or shown.
    """
    from .caseload import KEY_VARIABLE

    if args.key_file is not None:
        try:
            secret = Path(args.key_file).read_bytes().strip()
        except OSError as error:
            raise _UsageError(
                f"cannot read the key file {args.key_file}: {error.strerror or error}"
            ) from None
        where = f"the key file {args.key_file}"
    else:
        secret = os.environ.get(KEY_VARIABLE, "").strip().encode("utf-8")
        where = KEY_VARIABLE
        if not secret:
            raise _UsageError(
                "the report needs the service's secret key to pseudonymise people and plans: "
                f"give --key-file FILE or set {KEY_VARIABLE} (the same key every month, so "
                "that months join; at least 16 characters)"
            )
    if len(secret) < 16:
        raise _UsageError(f"the key in {where} is too short: use at least 16 characters")
    return secret


def _run_report(args: argparse.Namespace) -> int:
    from .caseload import caseload_report

    if args.jobs is not None and args.jobs < 1:
        raise _UsageError("--jobs must be 1 or more")
    today = _today(args)
    if args.since is not None and args.since > today:
        raise _UsageError(f"--since {args.since} is after --today {today}")
    summary = caseload_report(
        args.paths,
        args.out_dir,
        key=_report_key(args),
        today=today,
        since=args.since,
        jobs=args.jobs,
        quiet=args.quiet,
    )
    for path, reason in summary.failed:
        complain(f"{path}: {reason}; skipped")
    if not args.quiet:
        say(
            f"{_count(summary.plans, 'plan')} in the report, {len(summary.failed)} skipped: "
            f"{Path(args.out_dir) / 'report.html'}"
        )
    return 0 if summary.ok else 1


@command
def _report_command(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "report",
        help="the SRI 2 caseload evidence: pseudonymous tables and one page for the manager",
        description=(
            "Read a caseload (plan files, and folders searched recursively) and write the "
            "Scottish Recovery Indicator 2 evidence the plans hold: OUT/report.html, "
            "OUT/report.json and Parquet tables in OUT/tables/. The tables carry no names, "
            "contacts or words from the plans; people and plans are known by a keyed hash "
            "made with the service's secret key, which is never written."
        ),
        epilog=(
            "exit status: 0 when every plan was read, 1 when a plan could not be read (it is "
            "skipped and the report is written for the rest), 2 when the command itself is wrong"
        ),
    )
    parser.add_argument("paths", nargs="+", metavar="PATH_OR_DIR", help="a plan file or folder")
    parser.add_argument("--out-dir", required=True, metavar="OUT", help="where to write")
    add_today_option(parser)
    parser.add_argument(
        "--since",
        type=parse_date,
        metavar="YYYY-MM-DD",
        help="the first day of the period (default: a year before --today)",
    )
    parser.add_argument(
        "--jobs", type=int, metavar="N", help="processes to read plans with (default: every core)"
    )
    parser.add_argument(
        "--key-file",
        metavar="FILE",
        help="the file holding the service's secret key (default: the environment variable "
        "RECOVERYPLAN_REPORT_KEY)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress or summary line")
    parser.set_defaults(run=_run_report)


# -- schema --------------------------------------------------------------------------------


def _run_schema(args: argparse.Namespace) -> int:
    _write_json(json_schema())
    return 0


@command
def _schema_command(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "schema",
        help=f"print the JSON Schema of {FORMAT}",
        description=(
            f"Print the JSON Schema (draft 2020-12) of the {FORMAT} format. It checks keys, "
            "types and allowed words; 'recoveryplan validate' also checks ids, references "
            "and the practice."
        ),
    )
    parser.set_defaults(run=_run_schema)


# -- frameworks ----------------------------------------------------------------------------


def _run_frameworks(args: argparse.Namespace) -> int:
    registered = frameworks()
    owners = framework_owners()
    if args.format == "json":
        _write_json(
            [
                {**attrs.asdict(framework), "plugin": owners.get(framework.id)}
                for framework in registered.values()
            ]
        )
        return 0
    for framework in registered.values():
        say(f"{framework.id}: {framework.name}")
        say(f"  domains: {', '.join(framework.domain_ids)}")
        scale = framework.rating_scale
        if scale is not None:
            say(f"  rating scale: {scale.minimum} to {scale.maximum}")
        if framework.version:
            say(f"  version: {framework.version}")
        say(f"  source: {_one_line(framework.source or 'not given')}")
        say(f"  licence: {_one_line(framework.licence or 'not given')}")
        say(f"  from: {owners.get(framework.id, 'unknown')}")
    return 0


@command
def _frameworks_command(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "frameworks",
        help="list the outcomes frameworks plans can use",
        description=(
            "List every registered outcomes framework: its id (what a plan's 'framework' "
            "says), name, domains, rating scale, source, licence and the plugin that "
            "provides it."
        ),
    )
    add_format_option(parser, "the frameworks")
    parser.set_defaults(run=_run_frameworks)


# -- plugins -------------------------------------------------------------------------------


def _run_plugins(args: argparse.Namespace) -> int:
    plugins = get_plugins()
    if args.format == "json":
        _write_json([attrs.asdict(plugin) for plugin in plugins])
        return 0
    for plugin in plugins:
        version = plugin.version or "version unknown"
        if plugin.builtin:
            origin = "built in"
        else:
            origin = plugin.distribution or "registered in the program, not installed"
        say(f"{plugin.name} {version} ({origin})")
        say(f"  hooks: {', '.join(plugin.hooks) or 'none'}")
        if plugin.frameworks:
            say(f"  frameworks: {', '.join(plugin.frameworks)}")
        for folder in plugin.template_dirs:
            say(f"  templates: {folder}")
        for problem in plugin.problems:
            say(f"  problem: {_one_line(problem)}")
    return 0


@command
def _plugins_command(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "plugins",
        help="list the loaded plugins and the hooks they implement",
        description=(
            "List every loaded plugin, built-in and installed, with its distribution and "
            "version, the hooks it implements, the frameworks it registers and its template "
            "folders. A plugin whose hooks fail is listed with the problem (the listing is "
            "where one looks for it, so the exit status stays 0)."
        ),
    )
    add_format_option(parser, "the plugins")
    parser.set_defaults(run=_run_plugins)


# -- new-plugin ----------------------------------------------------------------------------


def _plugin_name(text: str) -> str:
    """A usable plugin name, or a usage error saying what one looks like."""
    try:
        check_name(text)
    except PlanValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return text


def _run_new_plugin(args: argparse.Namespace) -> int:
    written = new_plugin(args.name, args.directory)
    names = check_name(args.name)
    folder = args.directory if args.directory is not None else Path(names.distribution)
    say(f"wrote {names.distribution} into {folder} ({_count(len(written), 'file')})")
    say(f"next: pip install -e '{folder}[test]' && pytest {folder}")
    return 0


@command
def _new_plugin_command(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "new-plugin",
        help="write a ready-to-install plugin package to start your organisation's own",
        description=(
            "Write a plugin package: pyproject with its entry point, a framework with domains "
            "and a rating scale, a practice check, templates that extend the built-in ones in "
            "every format, a template variable and a filter, a README and tests. It installs "
            "and its tests pass as it is; change it to make it yours."
        ),
    )
    parser.add_argument(
        "name",
        type=_plugin_name,
        metavar="NAME",
        help="the plugin's short name, such as 'acme' (the package is recoveryplan-acme)",
    )
    parser.add_argument(
        "directory",
        nargs="?",
        type=Path,
        metavar="DIR",
        help="an empty or new folder to write into (default: ./recoveryplan-NAME)",
    )
    parser.set_defaults(run=_run_new_plugin)


# -- demo ----------------------------------------------------------------------------------


def _run_demo(args: argparse.Namespace) -> int:
    result = run_demo(args.directory, _today(args))
    report = PlanReport(path=EXAMPLE, findings=result.findings)
    _report_text(report)
    for path in result.written:
        say(f"wrote {path}")
    for note in result.notes:
        say(note)
    return 0 if report.ok else 1


@command
def _demo_command(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "demo",
        help="try the library on the example plan that comes with it",
        description=(
            "Check the bundled example plan (Morag's) and write it, with everything made "
            "from it, into a folder."
        ),
    )
    parser.add_argument(
        "directory",
        nargs="?",
        type=Path,
        default=DEFAULT_DIRECTORY,
        metavar="DIR",
        help=f"the folder to write into (default: {DEFAULT_DIRECTORY})",
    )
    add_today_option(parser)
    parser.set_defaults(run=_run_demo)


# -- the program ---------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser with every registered command."""
    parser = argparse.ArgumentParser(
        prog="recoveryplan",
        description=(
            "Person-centred recovery plans: check them, write them out for the person, the "
            "staff and the circle, and describe their format."
        ),
        epilog="Run 'recoveryplan COMMAND --help' for what a command does and its options.",
        allow_abbrev=False,
    )
    parser.add_argument("--version", action="version", version=f"recoveryplan {__version__}")
    parser.add_argument(
        "--debug",
        action="store_true",
        help=f"show the traceback behind an error (or set {DEBUG_VARIABLE}=1)",
    )
    commands = parser.add_subparsers(title="commands", dest="command", metavar="COMMAND")
    commands.required = True
    for add in _COMMANDS:
        add(commands)
    for choice in commands.choices.values():
        choice.allow_abbrev = False
    return parser


DEBUG_VARIABLE = "RECOVERYPLAN_DEBUG"
"""Set to a non-empty value (or pass ``--debug``) to see the traceback behind an error."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status instead of exiting."""
    _speak_utf8()
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv) if argv is not None else None)
    except SystemExit as stop:
        return _exit_status(stop.code)
    debug = bool(args.debug or os.environ.get(DEBUG_VARIABLE))
    try:
        status: int = args.run(args)
        sys.stdout.flush()
    except _UsageError as error:
        complain(f"recoveryplan {args.command}: {error}")
        return 2
    except PlanError as error:
        for line in _error_lines(error):
            complain(line)
        _traceback(debug)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        _discard_stdout()
        return 1
    except Exception as error:
        complain(
            f"recoveryplan {args.command}: an unexpected error ({type(error).__name__}: "
            f"{_one_line(str(error))}); run with --debug to see where, and please report it"
        )
        _traceback(debug)
        return 1
    return status


def _traceback(debug: bool) -> None:
    if debug:
        sys.stderr.write(traceback.format_exc())
        sys.stderr.flush()


def _speak_utf8() -> None:
    """Write UTF-8 whatever the locale says: a name in Gaelic or Arabic must not be an error.

    Halves of characters, which UTF-8 cannot write, are written as escapes.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):  # a stream already written to
                reconfigure(encoding="utf-8", errors="backslashreplace")


def _error_lines(error: PlanError) -> Iterable[str]:
    if isinstance(error, PlanFormatError):
        return error.lines()
    return [f"recoveryplan: {_one_line(str(error))}"]


def _exit_status(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    complain(str(code))  # pragma: no cover - argparse exits with numbers
    return 2  # pragma: no cover


def _discard_stdout() -> None:
    """After a reader such as ``head`` stopped reading, make later writes go nowhere.

    Without this, Python's own flush at exit fails again and prints a traceback.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
