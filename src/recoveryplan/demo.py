"""The demonstration: the example plan that ships with the library, checked and written out.

``recoveryplan demo`` is the first thing a new user runs, so it must work with nothing but the
installed package: the example comes from the package's own data, not from a path on disk. It
is checked and rendered as of the example's own day (:func:`example_day`), not the day the
demo happens to be run: a plan written in 2026 is not "overdue" for a newcomer in 2027, and the
output they see is the output the README shows.
"""

from __future__ import annotations

import importlib.resources
from datetime import date
from pathlib import Path

import attrs

from .audience import disclosures
from .errors import PlanWriteError
from .files import name_part
from .findings import Finding
from .messages import gettext
from .plan import Plan
from .render import FORMATS, pdf_available, render, save
from .serialize import dump, loads
from .validate import validate

__all__ = [
    "DEFAULT_DIRECTORY",
    "EXAMPLE",
    "DemoResult",
    "ReaderFiles",
    "demo_name",
    "example_day",
    "example_path",
    "example_plan",
    "render_demo",
    "run_demo",
]

EXAMPLE = "morag.json"
"""The file name of the bundled example plan (and of its copy in the demo folder)."""

DEFAULT_DIRECTORY = Path("recoveryplan-demo")
"""Where ``recoveryplan demo`` writes when no folder is given."""


@attrs.frozen(kw_only=True)
class ReaderFiles:
    """What the demo wrote for one reader: the views they may have, in which formats."""

    reader: str
    views: tuple[str, ...]
    formats: tuple[str, ...]
    files: tuple[Path, ...]


@attrs.frozen(kw_only=True)
class DemoResult:
    """What a demo run found and wrote, for the command line to report."""

    plan: Plan
    today: date
    findings: tuple[Finding, ...]
    written: tuple[Path, ...]
    readers: tuple[ReaderFiles, ...] = ()
    notes: tuple[str, ...] = ()


def example_path() -> Path:
    """Where the bundled example plan is on disk (in a clone of the project:
    ``src/recoveryplan/examples/morag.json``), to open, copy or load."""
    return Path(str(importlib.resources.files("recoveryplan") / "examples" / EXAMPLE))


def example_plan() -> Plan:
    """The bundled example plan, read from the installed package."""
    resource = importlib.resources.files("recoveryplan") / "examples" / EXAMPLE
    return loads(resource.read_bytes(), source=EXAMPLE)


def example_day(plan: Plan) -> date:
    """The day a plan speaks of: its last review, or the day it was made when it has had no
    review. The demo checks and renders the example as of this day."""
    held = [review.on for review in plan.reviews]
    if held:
        return max(held)
    return plan.created_on if plan.created_on is not None else date.today()


def run_demo(directory: Path, today: date | None = None) -> DemoResult:
    """Check the example plan as of ``today`` (default: :func:`example_day`) and write a
    copy of it, with every view for every reader in every format, into ``directory``.

    The copy is the plan every other file in the folder is made from, so that a person
    exploring the demo can open, edit and re-check it.
    """
    plan = example_plan()
    day = today if today is not None else example_day(plan)
    findings = tuple(validate(plan, today=day))
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        # Translators: %(folder)s is a path; %(reason)s is the operating system's own reason.
        raise PlanWriteError(
            gettext(
                "%(folder)s: the demo folder cannot be created (%(reason)s); choose another folder"
            )
            % {"folder": directory, "reason": error.strerror or error}
        ) from None
    copy = directory / EXAMPLE
    dump(plan, copy)
    readers, notes = render_demo(plan, directory, day)
    written = [file for reader in readers for file in reader.files]
    return DemoResult(
        plan=plan,
        today=day,
        findings=findings,
        written=(copy, *written),
        readers=tuple(readers),
        notes=notes,
    )


def demo_name(reader: str, view: str, format: str) -> str:
    """``person.html`` for the plan itself, ``person.crisis-card.pdf`` for another view."""
    part = name_part(reader)
    return f"{part}.{format}" if view == "plan" else f"{part}.{view}.{format}"


def render_demo(
    plan: Plan, directory: Path, today: date
) -> tuple[list[ReaderFiles], tuple[str, ...]]:
    """The plan rendered for the person, the staff and every member it is shared with: each
    view the reader may have (the plan, the review pack, the safety plan, the crisis card),
    in every format (PDF only when WeasyPrint is installed), named by :func:`demo_name`."""
    formats = tuple(f for f in FORMATS if f != "pdf" or pdf_available())
    notes = (
        ()
        if "pdf" in formats
        else ("PDFs were not made: install WeasyPrint with pip install 'recoveryplan[pdf]'",)
    )
    readers = []
    for disclosure in disclosures(plan):
        files = []
        for view in disclosure.views:
            for format in formats:
                path = directory / demo_name(disclosure.reader, view, format)
                save(render(plan, disclosure.reader, format, view=view, today=today), path)
                files.append(path)
        readers.append(
            ReaderFiles(
                reader=disclosure.reader,
                views=disclosure.views,
                formats=formats,
                files=tuple(files),
            )
        )
    return readers, notes
