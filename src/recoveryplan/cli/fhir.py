"""``recoveryplan export fhir`` and ``import fhir``: plans to and from FHIR R4 bundles."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .._reading import _Parsing
from .._troubles import troubles
from ..errors import PlanFormatError, Problem
from ..messages import gettext as _
from ..messages import ngettext
from ..plan import FORMAT
from ._common import (
    _JSON_UNPRINTABLE,
    Subcommands,
    _read,
    _read_bytes,
    _write_json,
    command,
    complain,
)

# -- export and import ---------------------------------------------------------------------


def _run_export_fhir(args: argparse.Namespace) -> int:
    from ..fhir import to_fhir

    _write_json(to_fhir(_read(args.path), profile=args.profile))
    return 0


def _run_fhir_definitions(args: argparse.Namespace) -> int:
    from ..fhir.conformance import write_package

    written = write_package(args.out_dir)
    print(
        ngettext(
            "wrote %(count)d file of the FHIR package to %(folder)s",
            "wrote %(count)d files of the FHIR package to %(folder)s",
            len(written),
        )
        % {"count": len(written), "folder": args.out_dir / "package"}
    )
    return 0


def _read_bundle(path: str) -> Any:
    """A FHIR bundle's JSON, read with the limits a plan file has (its size, numbers a plan
    can hold, no repeated keys or ``NaN``: each refused at its path); the FHIR checks
    themselves are ``from_fhir``'s."""
    data = _read_bytes(path, bundle=True)
    parsing = _Parsing()
    try:
        bundle = json.loads(
            data.decode("utf-8-sig"),
            object_pairs_hook=parsing.pairs,
            parse_constant=parsing.constant,
            parse_int=parsing.integer,
        )
    except UnicodeDecodeError as error:
        message = _("not UTF-8 text (byte %(byte)d cannot be read)") % {"byte": error.start}
    except RecursionError:
        message = _("nested too deeply to read")
    except json.JSONDecodeError as error:
        message = _("not valid JSON: %(error)s (line %(line)d, column %(column)d)") % {
            "error": error.msg,
            "line": error.lineno,
            "column": error.colno,
        }
    else:
        if parsing.troubled:
            raise PlanFormatError(list(troubles(bundle, "$")), path)
        return bundle
    raise PlanFormatError([Problem(path="$", message=message)], path)


def _run_import_fhir(args: argparse.Namespace) -> int:
    from ..fhir import from_fhir
    from ..serialize import dump, dumps

    plan, findings = from_fhir(_read_bundle(args.bundle), source=args.bundle)
    for finding in findings:
        complain(f"{args.bundle}: {finding.told()}")
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
        help=_("write a plan in another standard (FHIR R4)"),
        description=_("Write a plan in another standard for systems that do not read %(format)s.")
        % {"format": FORMAT},
    )
    kinds = parser.add_subparsers(title=_("standards"), dest="standard", metavar=_("STANDARD"))
    kinds.required = True
    fhir = kinds.add_parser(
        "fhir",
        help=_("print the plan as a FHIR R4 Bundle (JSON)"),
        description=_(
            "Print the plan as a FHIR R4 Bundle of type collection: Patient, the "
            "circle, CareTeam, CarePlans, Goals, RiskAssessments, Observations and Consents. "
            "What FHIR has no element for travels in recoveryplan extensions (docs/fhir.md)."
        ),
        epilog=_("exit status: 0 when the bundle was printed, 1 when the plan cannot be read"),
    )
    fhir.add_argument("path", metavar=_("PATH"), help=_("a plan file ('-' reads JSON from stdin)"))
    fhir.add_argument(
        "--profile",
        choices=["uk-core"],
        help=_(
            "also claim a set of profiles: 'uk-core' adds meta.profile (UK Core) and the "
            "NHS number (docs/fhir.md)"
        ),
    )
    fhir.set_defaults(run=_run_export_fhir)


@command
def _fhir_command(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "fhir",
        help=_("FHIR conformance resources: the package that defines what the export uses"),
        description=_("Work with the FHIR R4 definitions of recoveryplan's export."),
    )
    kinds = parser.add_subparsers(title=_("commands"), dest="fhir_command", metavar=_("COMMAND"))
    kinds.required = True
    definitions = kinds.add_parser(
        "definitions",
        help=_("write the FHIR package: extensions, code systems, capabilities"),
        description=_(
            "Write a FHIR package (DIR/package/package.json and one JSON file per "
            "resource): a StructureDefinition for every extension the export uses, a CodeSystem "
            "and a ValueSet for every code system of its own, a NamingSystem for its identifiers, "
            "and a CapabilityStatement. The same files ship inside the installed package."
        ),
        epilog=_("exit status: 0 when the package was written, 1 when it could not be"),
    )
    definitions.add_argument(
        "--out-dir",
        type=Path,
        required=True,
        metavar=_("DIR"),
        help=_("the folder to write the package into (as DIR/package/)"),
    )
    definitions.set_defaults(run=_run_fhir_definitions)


@command
def _import_command(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "import",
        help=_("read a plan from another standard (FHIR R4)"),
        description=_("Read a plan from another standard into %(format)s.") % {"format": FORMAT},
    )
    kinds = parser.add_subparsers(title=_("standards"), dest="standard", metavar=_("STANDARD"))
    kinds.required = True
    fhir = kinds.add_parser(
        "fhir",
        help=_("read a FHIR R4 Bundle into a plan"),
        description=_(
            "Read a FHIR R4 Bundle into a plan. A bundle written by 'export fhir' "
            "comes back exactly; from other systems, whatever a plan can hold, with a line on "
            "standard error for each thing that could not be mapped or had to be assumed."
        ),
        epilog=_("exit status: 0 when the plan was read, 1 when the bundle cannot be read"),
    )
    fhir.add_argument(
        "bundle", metavar=_("BUNDLE"), help=_("a FHIR bundle (.json; '-' reads standard input)")
    )
    fhir.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar=_("PLAN"),
        help=_("write the plan to this file (replaced in one step) instead of standard output"),
    )
    fhir.set_defaults(run=_run_import_fhir)
