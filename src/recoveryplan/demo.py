"""The demonstration: the example plan that ships with the library, checked and written out.

``recoveryplan demo`` is the first thing a new user runs, so it must work with nothing but the
installed package: the example comes from the package's own data, not from a path on disk.
"""

from __future__ import annotations

import importlib.resources
from datetime import date
from pathlib import Path

import attrs

from .audience import disclosures
from .errors import PlanWriteError
from .findings import Finding
from .plan import Plan
from .render import FORMATS, pdf_available, render, save
from .serialize import dump, loads
from .validate import validate

__all__ = ["DEFAULT_DIRECTORY", "EXAMPLE", "DemoResult", "example_plan", "render_demo", "run_demo"]

EXAMPLE = "morag.json"
"""The file name of the bundled example plan (and of its copy in the demo folder)."""

DEFAULT_DIRECTORY = Path("recoveryplan-demo")
"""Where ``recoveryplan demo`` writes when no folder is given."""


@attrs.frozen(kw_only=True)
class DemoResult:
    """What a demo run found and wrote, for the command line to report."""

    plan: Plan
    findings: tuple[Finding, ...]
    written: tuple[Path, ...]
    notes: tuple[str, ...] = ()


def example_plan() -> Plan:
    """The bundled example plan, read from the installed package."""
    resource = importlib.resources.files("recoveryplan") / "examples" / EXAMPLE
    return loads(resource.read_bytes(), source=EXAMPLE)


def run_demo(directory: Path, today: date) -> DemoResult:
    """Check the example plan as of ``today`` and write a copy of it into ``directory``.

    The copy is the plan every other file in the folder is made from, so that a person
    exploring the demo can open, edit and re-check it.
    """
    plan = example_plan()
    findings = tuple(validate(plan, today=today))
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise PlanWriteError(
            f"{directory}: the demo folder cannot be created ({error.strerror or error}); "
            "choose another folder"
        ) from None
    copy = directory / EXAMPLE
    dump(plan, copy)
    written, notes = render_demo(plan, directory, today)
    return DemoResult(plan=plan, findings=findings, written=(copy, *written), notes=notes)


def render_demo(plan: Plan, directory: Path, today: date) -> tuple[list[Path], tuple[str, ...]]:
    """The plan rendered for the person, the staff and every member it is shared with, in
    every format, as ``<audience>.<format>`` files (PDF only when WeasyPrint is installed)."""
    readers = [disclosure.reader for disclosure in disclosures(plan)]
    formats = [f for f in FORMATS if f != "pdf" or pdf_available()]
    notes = (
        ()
        if "pdf" in formats
        else ("PDFs were not made: install WeasyPrint with pip install 'recoveryplan[pdf]'",)
    )
    written = []
    for audience in readers:
        for format in formats:
            path = directory / f"{audience}.{format}"
            save(render(plan, audience, format, today=today), path)
            written.append(path)
    return written, notes
