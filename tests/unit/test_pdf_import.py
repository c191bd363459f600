"""WeasyPrint is imported without asking ``ctypes.util.find_library`` about its libraries on
Linux, and loads the very same ones; a WeasyPrint that could not be imported so is imported
again as it would be alone."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("weasyprint")
pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the libraries are found this way on Linux only"
)

LOADED = """
import ctypes.util, json, sys
asked = []
original = ctypes.util.find_library
def counting(name):
    asked.append(name)
    return original(name)
ctypes.util.find_library = counting
if sys.argv[1] == "ours":
    from recoveryplan.pdf import _import_weasyprint
    weasyprint = _import_weasyprint()
else:
    import weasyprint
pdf = weasyprint.HTML(string="<p lang=en>Morag</p>").write_pdf()
with open("/proc/self/maps") as maps:
    libraries = sorted({
        line.split()[-1] for line in maps
        if any(name in line for name in ("gobject", "pango", "harfbuzz", "fontconfig"))
    })
print(json.dumps({"asked": len(asked), "libraries": libraries, "pdf": pdf[:5].decode()}))
"""


def _run(how: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", LOADED, how], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    found: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return found


def test_the_same_libraries_are_loaded_without_asking_for_them() -> None:
    ours, alone = _run("ours"), _run("alone")
    assert ours["libraries"] == alone["libraries"]
    assert ours["libraries"]
    assert ours["pdf"] == alone["pdf"] == "%PDF-"
    assert ours["asked"] == 0
    assert isinstance(alone["asked"], int)
    assert alone["asked"] > 0  # WeasyPrint alone does ask, so the count can fail


FALLBACK = """
import sys
sys.path.insert(0, sys.argv[1])
from recoveryplan.pdf import _import_weasyprint
module = _import_weasyprint()
import builtins
print(module.FOUND, builtins.PART_RUNS, module.part is sys.modules["weasyprint.part"])
"""

NEEDS_FIND_LIBRARY = """
import ctypes.util
from . import part
FOUND = ctypes.util.find_library("c")
if FOUND is None:
    raise OSError("cannot load library 'c'")
"""


def test_a_weasyprint_that_needs_find_library_is_imported_as_alone(tmp_path: Path) -> None:
    """A WeasyPrint that names a library only as ``find_library`` finds it fails the quick
    import; its half-imported modules are let go and it is imported again, as alone."""
    package = tmp_path / "weasyprint"
    package.mkdir()
    (package / "__init__.py").write_text(NEEDS_FIND_LIBRARY, encoding="utf-8")
    (package / "part.py").write_text(
        "import builtins\nbuiltins.PART_RUNS = getattr(builtins, 'PART_RUNS', 0) + 1\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-c", FALLBACK, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    found, runs, same = done.stdout.split()
    assert found.startswith("libc")
    assert runs == "2"  # its first, half-done import was let go and made again
    assert same == "True"
