"""What a plugin author or integrator meets in the published package: links that work on the
package index, Project-URLs, the schema as a file and in Python, and an sdist whose tests run."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import recoveryplan as rp
from recoveryplan.schema import SCHEMA_FILE, SCHEMA_ID

ROOT = Path(__file__).resolve().parents[2]
PROJECT = "https://github.com/recoveryplan/recoveryplan"


def pyproject() -> dict[str, object]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)


def test_the_readme_links_work_in_the_clone_and_on_the_package_index() -> None:
    """In the clone every link is relative and leads to a file there; the package index shows
    the README away from the repository, so the build makes each one absolute (the README
    hatch-fancy-pypi-readme writes from pyproject.toml is the one the index shows)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)]+)\)", readme)
    assert links, "the README has no links to check"
    relative = [link for link in links if not re.match(r"https?://|#|mailto:", link)]
    assert relative, "the README's links should be relative, so that they work in a clone"
    for link in relative:
        assert (ROOT / link.partition("#")[0]).exists(), link
    shown = subprocess.run(
        [sys.executable, "-m", "hatch_fancy_pypi_readme", str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    published = re.findall(r"\]\(([^)]+)\)", shown)
    assert published == [
        f"{PROJECT}/blob/main/{link}" if link in relative else link for link in links
    ]


def test_project_urls_point_at_the_project() -> None:
    project = pyproject()["project"]
    assert isinstance(project, dict)
    urls = project["urls"]
    assert {"Homepage", "Source", "Issues", "Documentation"} <= set(urls)
    assert all(url.startswith(PROJECT) for url in urls.values())


def test_the_schema_has_an_id_and_is_exported() -> None:
    schema = rp.json_schema()
    assert schema["$id"] == SCHEMA_ID
    assert SCHEMA_ID.endswith(SCHEMA_FILE.name)


def test_the_shipped_schema_file_is_the_schema() -> None:
    shipped = SCHEMA_FILE.read_text(encoding="utf-8")
    assert json.loads(shipped) == rp.json_schema(), (
        f"{SCHEMA_FILE.name} is out of date; run "
        f"`python -m recoveryplan schema > src/recoveryplan/{SCHEMA_FILE.name}` and commit it"
    )


def test_the_sdist_holds_everything_the_tests_read() -> None:
    """The sdist's own tests must run: every top-level path the tests or the Makefile read is
    included (scripts/ was once missing)."""
    build = pyproject()["tool"]
    assert isinstance(build, dict)
    included = set(build["hatch"]["build"]["targets"]["sdist"]["include"])
    tests = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").rglob("*.py"))
    read = set(re.findall(r'(?:ROOT|parents\[1\]) / "([\w.-]+)"', tests))
    assert read, "found no paths the tests read; the pattern above is stale"
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.split()
    # In a checkout, what git tracks (node_modules is installed, not shipped); in an unpacked
    # sdist, what is there.
    top = {path.split("/")[0] for path in tracked} or {p.name for p in ROOT.iterdir()}
    always = {"pyproject.toml", "README.md"}  # hatchling puts these in every sdist
    missing = sorted(p for p in read - {".."} if p in top and p not in included | always)
    assert missing == []
    assert {"scripts", "src", "templates", "tests", "docs", "plugins", "Makefile"} <= included
