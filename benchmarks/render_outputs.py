"""Every rendering of a set of plans, written to a folder or compared with one written earlier.

Speed work on rendering must not change a byte of what is written: run this with ``--write``
on the commit before the change and with ``--check`` after it. The plans are the reference plan,
the five-year plan, a dozen caseload plans growing in size and fifty varied ones as a caseload
has them (``write_caseload(..., vary=True)``); each is rendered for every reader, view and
template format, and the review pack with ``since`` the plan before its last review. The
reference plan is rendered in large print and not, with the full history and not, and in every
language asked for; the varied plans in the person's own language too (``person.language`` set
to each, the person's copy only: the others are not in the person's language). A refusal (a
view a reader was not given) is kept as its error, so a change in what is refused shows too.

    .venv/bin/python benchmarks/render_outputs.py --write /tmp/before
    .venv/bin/python benchmarks/render_outputs.py --check /tmp/before
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import attrs

import recoveryplan as rp
from recoveryplan.views import VIEWS

sys.path.insert(0, str(Path(__file__).resolve().parent))
from caseload import make_plan, write_caseload

TODAY = date(2026, 6, 2)
REFERENCE = Path(rp.__file__).parent / "examples" / "morag.json"
LANGUAGES = (None, "cy", "pl", "ar")
VARIED = 50
"""Varied caseload plans, each rendered also with ``person.language`` set to each language."""


def plans() -> Iterator[tuple[str, rp.Plan]]:
    yield "reference", rp.loads(REFERENCE.read_text(encoding="utf-8"))
    yield "five-year", rp.loads(json.dumps(make_plan(0, goals=300, reviews=60)))
    for number in range(1, 13):
        document = make_plan(number, goals=1 + number * 3, reviews=number % 5)
        yield f"caseload-{number}", rp.loads(json.dumps(document))
    with tempfile.TemporaryDirectory() as folder:
        paths = write_caseload(Path(folder), VARIED, vary=True)
        texts = [path.read_text(encoding="utf-8") for path in paths]
    for number, text in enumerate(texts):
        plan = rp.loads(text)
        yield f"varied-{number}", plan
        for language in LANGUAGES[1:]:
            person = attrs.evolve(plan.person, language=language)
            yield f"varied-{number}-{language}", attrs.evolve(plan, person=person)


def earlier(plan: rp.Plan) -> rp.Plan | None:
    """The plan as it was before its last review, for the review pack's "what changed"."""
    if len(plan.reviews) < 2:
        return None
    return attrs.evolve(plan, reviews=plan.reviews[:-1])


def renderings() -> Iterator[tuple[str, str]]:
    for name, plan in plans():
        readers = ["person", "staff", *(member.id for member in plan.circle)]
        if name.startswith("varied-") and name.count("-") == 2:
            readers = ["person"]  # the person's language is only the person's copy's
        before = earlier(plan)
        for reader in readers:
            for view in VIEWS:
                for format in ("html", "md", "txt"):
                    for large in (None, True):
                        for full in (False, True):
                            for language in LANGUAGES:
                                if name != "reference" and (large or full or language):
                                    continue
                                key = f"{name}/{reader}/{view}/{format}/{large}/{full}/{language}"
                                text = _render(plan, reader, view, format, large, full, language)
                                yield key, text
                    if view == "review" and before is not None:
                        key = f"{name}/{reader}/{view}/{format}/since"
                        yield key, _render(plan, reader, view, format, None, False, None, before)


def _render(
    plan: rp.Plan,
    reader: str,
    view: str,
    format: str,
    large: bool | None,
    full: bool,
    language: str | None,
    since: rp.Plan | None = None,
) -> str:
    try:
        text = rp.render(
            plan,
            reader,
            format,
            view=view,
            today=TODAY,
            large_print=large,
            full_history=full,
            language=language,
            since=since,
        )
    except rp.PlanError as error:
        return f"refused: {type(error).__name__}: {error}"
    assert isinstance(text, str)
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, metavar="FOLDER")
    group.add_argument("--check", type=Path, metavar="FOLDER")
    options = parser.parse_args(argv)
    folder: Path = options.write or options.check
    differ = 0
    count = 0
    for key, text in renderings():
        count += 1
        path = folder / (hashlib.sha256(key.encode()).hexdigest()[:20] + ".txt")
        if options.write:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(key + "\n" + text, encoding="utf-8")
        elif not path.is_file() or path.read_text(encoding="utf-8") != key + "\n" + text:
            differ += 1
            print(f"differs: {key}")
    print(f"{count} renderings, {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
