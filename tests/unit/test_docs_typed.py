"""Every Python example in README.md and docs/*.md passes ``mypy --strict``.

An integrator copies the examples into code their own checks type-check, so an example that
runs but fails strict mypy (an enumeration's word where the model's type names the member, a
seven-way union where one kind was meant) is a promise the library does not keep. The blocks
of each document run in one namespace (tests/unit/test_docs_examples.py), so each document
becomes one module, its runnable ``python`` blocks in order; one mypy run checks them all, as
each run costs seconds. A canary module with one known error is checked in the same run, so
the test cannot pass because mypy checked nothing.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from .test_docs_examples import DOCUMENTS, ROOT, blocks

CANARY = 'import recoveryplan as rp\n\nrp.Goal(id="g", statement="s", status=3)\n'
"""A goal whose status is a number: strict mypy must refuse it."""

ERROR = re.compile(r"^(?P<file>[^:]+\.py):(?P<line>\d+): (?P<rest>error: .*)$")


def modules(folder: Path) -> dict[Path, list[tuple[int, str]]]:
    """One module per document with runnable Python, and for each of its lines the line of
    the document it came from (0 for the lines the module adds)."""
    found: dict[Path, list[tuple[int, str]]] = {}
    for document in DOCUMENTS:
        lines: list[tuple[int, str]] = []
        for block in blocks((ROOT / document).read_text(encoding="utf-8")):
            if block.language != "python" or block.not_run or block.file is not None:
                continue
            lines.append((0, f"# {document}:{block.line}"))
            lines += [(block.line + 1 + n, text) for n, text in enumerate(block.body.split("\n"))]
        if lines:
            path = folder / f"{re.sub(r'[^0-9a-zA-Z]', '_', document)}.py"
            path.write_text("\n".join(text for _, text in lines) + "\n", encoding="utf-8")
            found[path] = [(line, document) for line, _ in lines]
    return found


def test_every_python_example_in_the_docs_passes_strict_mypy(tmp_path: Path) -> None:
    found = modules(tmp_path)
    assert len(found) >= 5, "the docs' Python examples were not found"
    canary = tmp_path / "canary.py"
    canary.write_text(CANARY, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", *map(str, found), canary],
        cwd=ROOT,  # the project's settings and cache
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors: list[str] = []
    canary_errors = []
    for line in result.stdout.splitlines():
        match = ERROR.match(line)
        if match is None:
            continue
        # By name: mypy may replay an unchanged module's errors from its cache with the path
        # it had then, in an earlier run's temporary folder.
        path = tmp_path / Path(match["file"]).name
        if path == canary:
            canary_errors.append(line)
            continue
        origin = found.get(path)
        number = int(match["line"])
        if origin is None or not 0 < number <= len(origin):
            errors.append(line)
            continue
        document_line, document = origin[number - 1][0], origin[number - 1][1]
        errors.append(f"{document}:{document_line}: {match['rest']}")
    assert len(canary_errors) == 1, f"mypy did not check the examples:\n{result.stdout}"
    assert errors == [], "\n".join(errors)
    assert result.returncode == 1, result.stdout + result.stderr  # the canary's error only
