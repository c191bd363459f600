"""Write the FHIR mapping tables, the extension definitions and the example into docs/fhir.md.

Each goes between its pair of marker comments (``<!-- fhir-NAME:start -->`` and
``<!-- fhir-NAME:end -->``), made from ``recoveryplan.fhir.codes`` and from exporting the
bundled reference plan, so the page says what the code does. Run after changing the mapping
(``python scripts/update_fhir_doc.py``); the test suite fails while they disagree. ``--check``
only reports whether they do.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import docregions

from recoveryplan._fields import json_key
from recoveryplan.demo import example_plan
from recoveryplan.fhir import to_fhir
from recoveryplan.fhir.codes import (
    EXTENSIONS,
    PROFESSIONAL_ROLES,
    RELATIONSHIP_CODES,
    RISK,
    STATUS,
    activity_status,
    extension_url,
)
from recoveryplan.fhir.fields import field_extensions
from recoveryplan.fhir.mapping import TABLES
from recoveryplan.goals import Status
from recoveryplan.people import Role

DOC = Path(__file__).resolve().parents[1] / "docs" / "fhir.md"


def status_table() -> str:
    rows = [
        "| `status` | Goal `lifecycleStatus` | Goal `achievementStatus` | activity `status` |",
        "| --- | --- | --- | --- |",
    ]
    for status in Status:
        lifecycle, achievement = STATUS[status]
        shown = f"`{achievement}`" if achievement else "(none)"
        rows.append(f"| `{status.value}` | `{lifecycle}` | {shown} | `{activity_status(status)}` |")
    return "\n".join(rows)


def risk_table() -> str:
    rows = ["| likelihood × severity score | `qualitativeRisk` |", "| --- | --- |"]
    low = 1
    for bound, code in RISK:
        rows.append(f"| {low}–{bound} | `{code}` |")
        low = bound + 1
    return "\n".join(rows)


def role_table() -> str:
    rows = [
        "| circle `role` | resource | standard relationship code (besides ours) |",
        "| --- | --- | --- |",
    ]
    for role in Role:
        resource = "Practitioner" if role in PROFESSIONAL_ROLES else "RelatedPerson"
        standard = RELATIONSHIP_CODES.get(role)
        code = f"`{standard[1]}` ({standard[0].rsplit('/', 1)[-1]})" if standard else "(none)"
        rows.append(f"| `{role.value}` | {resource} | {code} |")
    return "\n".join(rows)


def field_table() -> str:
    """Every row of the mapping tables: the one place each field is mapped, both ways."""
    rows = [
        "Field by field, from the tables in `recoveryplan/fhir/mapping.py` (the export writes "
        "each row and the import reads it back; `[]` is the first of a list):",
        "",
        "| part | field | resource | element | as |",
        "| --- | --- | --- | --- | --- |",
    ]
    for table in TABLES:
        for row in table.rows:
            field = f"`{json_key(table.cls, row.field)}`"
            part = f"`{table.cls.__name__}`"
            if row.codec is None:
                (found,) = field_extensions(table.cls, [row.field], top=True)
                name = found.url.rsplit("/", 1)[-1]
                element, shown = "`extension`", f"[`{name}`](#extensions)"
            else:
                element, shown = f"`{row.element}`", row.codec.shown
                if row.also is not None:
                    shown += f", and also in `{row.also}`"
            rows.append(f"| {part} | {field} | {table.resource} | {element} | {shown} |")
    return "\n".join(rows)


def mapping() -> str:
    return "\n\n".join([status_table(), risk_table(), role_table(), field_table()])


def extensions() -> str:
    rows = [f"Every URL below starts with `{extension_url('')}`.", ""]
    rows += ["| extension | on | value | meaning |", "| --- | --- | --- | --- |"]
    for name, (where, value, meaning) in EXTENSIONS.items():
        rows.append(f"| `{name}` | {where} | {value} | {meaning} |")
    return "\n".join(rows)


def example() -> str:
    bundle = json.dumps(to_fhir(example_plan()), indent=2, ensure_ascii=False)
    return f"```json\n{bundle}\n```"


REGIONS: dict[str, Callable[[], str]] = {
    "mapping": mapping,
    "extensions": extensions,
    "example": example,
}


def updated(text: str) -> str:
    """The document with every generated region replaced by what the code says now."""
    regions = {f"fhir-{name}": _with_blank_line(make) for name, make in REGIONS.items()}
    return docregions.filled(DOC, text, regions)


def _with_blank_line(make: Callable[[], str]) -> Callable[[], str]:
    return lambda: make() + "\n"


def main(argv: list[str] | None = None) -> int:
    regions = {f"fhir-{name}": _with_blank_line(make) for name, make in REGIONS.items()}
    return docregions.main(DOC, regions, "the FHIR page is", argv, __doc__)


if __name__ == "__main__":
    raise SystemExit(main())
