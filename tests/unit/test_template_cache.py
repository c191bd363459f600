"""Compiled templates kept on disk: a later process reads them instead of compiling, writes the
same pages, and never reads a file it should not trust."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from jinja2 import Environment, StrictUndefined

from recoveryplan.template_cache import (
    CACHE_VARIABLE,
    cache_folder,
    compiled_before,
    fingerprint,
)
from recoveryplan.templating import StackEnvironment, StackLoader, TemplateLayer

WORDS = """\
{% set me = reader == "person" %}
{% set name = plan.name %}
{% set titled = {"title": ("my" if me else "their") ~ " plan for " ~ name} %}
{% macro greet() -%}hello {{ name }}, {{ titled.title }}{%- endmacro %}
"""

PAGE = '{% import "words.j2" as words with context %}{{ words.greet() }}|{{ words.titled.title }}'

CONTEXT = {"plan": {"name": "Ali"}, "reader": "person"}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of this test's own, and a count of the templates compiled."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_VARIABLE, str(folder))
    return folder / "templates"


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates (and parts of templates) compiled from here on."""
    names: list[str] = []
    original = Environment.compile

    def counting(self: Environment, source: object, name: str | None = None, *a: object) -> object:
        names.append(str(name))
        return original(self, source, name, *a)  # type: ignore[call-overload]

    monkeypatch.setattr(Environment, "compile", counting)
    return names


def _environment(folder: Path) -> Environment:
    """A fresh environment as the library makes them, over the templates in ``folder``."""
    loader = StackLoader([TemplateLayer(name="test", folders=(folder,))])
    return StackEnvironment(loader=loader, undefined=StrictUndefined)


def _templates(tmp_path: Path, **templates: str) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    for name, text in templates.items():
        (folder / f"{name}.j2").write_text(text, encoding="utf-8")
    return folder


def _render(folder: Path, name: str = "page.j2") -> str:
    from recoveryplan.template_imports import imports_made_once

    with imports_made_once(CONTEXT):
        return _environment(folder).get_template(name).render(CONTEXT)


def test_a_template_is_compiled_once_and_read_after(
    tmp_path: Path, cache: Path, compiled: list[str]
) -> None:
    folder = _templates(tmp_path, words=WORDS, page=PAGE)
    first = _render(folder)
    assert first == "hello Ali, my plan for Ali|my plan for Ali"
    assert sorted(set(compiled)) == ["page.j2", "words.j2"]  # the page, and the words' parts
    files = sorted(cache.iterdir())
    assert len(files) == 2
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(file.stat().st_mode) == 0o600 for file in files)
    compiled.clear()
    assert _render(folder) == first  # a new environment: read, not compiled
    assert compiled == []
    # what a template reads is kept with it
    environment = _environment(folder)
    words = environment.get_template("words.j2")
    assert words.undeclared() == frozenset({"plan", "reader"})  # type: ignore[attr-defined]
    assert words.parts() is not None  # type: ignore[attr-defined]


def test_an_edited_template_is_compiled_again(
    tmp_path: Path, cache: Path, compiled: list[str]
) -> None:
    folder = _templates(tmp_path, words=WORDS, page=PAGE)
    _render(folder)
    before = {path.name for path in cache.iterdir()}
    _templates(tmp_path, page=PAGE.replace("|", " / "))
    compiled.clear()
    assert _render(folder) == "hello Ali, my plan for Ali / my plan for Ali"
    assert compiled == ["page.j2"]
    # the page's earlier code is let go: one file a template and environment
    after = {path.name for path in cache.iterdir()}
    assert len(after) == len(before) == 2
    assert len(after & before) == 1  # the words' file, unchanged


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not a template at all",
        b"recoveryplan compiled template 1\n\x00\x01garbage",
        b"recoveryplan compiled template 1\n" + b"\xe9\x03\x00\x00\x00abc",  # a tuple, cut short
    ],
)
def test_a_damaged_file_is_compiled_again_and_replaced(
    tmp_path: Path, cache: Path, compiled: list[str], damage: bytes
) -> None:
    folder = _templates(tmp_path, words=WORDS, page=PAGE)
    first = _render(folder)
    for file in cache.iterdir():
        file.write_bytes(damage)
    compiled.clear()
    assert _render(folder) == first
    assert sorted(set(compiled)) == ["page.j2", "words.j2"]
    compiled.clear()
    assert _render(folder) == first  # replaced by good ones
    assert compiled == []


def test_a_file_of_the_wrong_shape_is_not_used(
    tmp_path: Path, cache: Path, compiled: list[str]
) -> None:
    import marshal

    folder = _templates(tmp_path, page="{{ plan.name }}")
    first = _render(folder)
    (file,) = cache.iterdir()
    file.write_bytes(
        b"recoveryplan compiled template 1\n" + marshal.dumps(("whole", "no code", ()))
    )
    compiled.clear()
    assert _render(folder) == first
    assert compiled == ["page.j2"]


@pytest.mark.parametrize("what", ["folder", "file"])
def test_what_another_user_could_have_written_is_not_read(
    tmp_path: Path, cache: Path, compiled: list[str], what: str
) -> None:
    folder = _templates(tmp_path, page="{{ plan.name }}")
    _render(folder)
    (file,) = cache.iterdir()
    (cache if what == "folder" else file).chmod(0o777 if what == "folder" else 0o666)
    compiled.clear()
    assert _render(folder) == "Ali"
    assert compiled == ["page.j2"]


def test_off_keeps_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compiled: list[str]
) -> None:
    monkeypatch.setenv(CACHE_VARIABLE, "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_folder() is None
    folder = _templates(tmp_path, page="{{ plan.name }}")
    _render(folder)
    _render(folder)
    assert compiled == ["page.j2", "page.j2"]
    assert not (tmp_path / "xdg").exists()
    assert not (tmp_path / "home").exists()


def test_the_folder_is_the_user_s_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CACHE_VARIABLE, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_folder() == tmp_path / "xdg" / "recoveryplan" / "templates"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_folder() == tmp_path / "home" / ".cache" / "recoveryplan" / "templates"
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path / "mine"))
    assert cache_folder() == tmp_path / "mine" / "templates"


def test_a_user_with_no_home_keeps_nothing_and_renders_all_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compiled: list[str]
) -> None:
    """A service's own user may have no home folder at all (no ``HOME``, and no entry of its
    own in the user database): rendering goes on, compiling each time."""
    monkeypatch.delenv(CACHE_VARIABLE, raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert cache_folder() is None
    folder = _templates(tmp_path, page="{{ plan.name }}")
    assert _render(folder) == "Ali"
    assert compiled == ["page.j2"]


def _own_filter(value: str) -> str:
    return value.upper()


def test_an_environment_with_a_plugin_s_filter_is_compiled_every_time(
    tmp_path: Path, cache: Path, compiled: list[str]
) -> None:
    """A filter from outside the library could change its behaviour with no change the
    fingerprint sees, and Jinja calls filters on constants while compiling."""
    folder = _templates(tmp_path, page="{{ 'ali' | shout }}")
    environment = _environment(folder)
    environment.filters["shout"] = _own_filter
    assert fingerprint(environment) is None
    assert environment.get_template("page.j2").render() == "ALI"
    assert not cache.exists()
    assert compiled_before(environment, "page.j2", None, "{{ 'ali' | shout }}") is None


def test_the_fingerprint_tells_environments_apart(tmp_path: Path) -> None:
    folder = _templates(tmp_path, page="x")
    same = [fingerprint(_environment(folder)) for _ in range(2)]
    assert same[0] is not None
    assert same[0] == same[1]
    trimmed = _environment(folder)
    trimmed.trim_blocks = True
    assert fingerprint(trimmed) not in same
    other_global = _environment(folder)
    other_global.globals["extra"] = 1
    assert fingerprint(other_global) not in same
    # changed after its fingerprint was first asked for, as a plugin's code might
    changed = _environment(folder)
    assert fingerprint(changed) == same[0]
    changed.filters["shout"] = _own_filter
    assert fingerprint(changed) is None
    changed.filters["shout"] = str.upper
    assert fingerprint(changed) not in (None, same[0])


SCRIPT = """
import hashlib, json, sys
from datetime import date
import jinja2
import recoveryplan as rp
from recoveryplan.audience import readers

count = []
original = jinja2.Environment.compile
def counting(self, *args, **kwargs):
    count.append(1)
    return original(self, *args, **kwargs)
jinja2.Environment.compile = counting

plan = rp.load(sys.argv[1])
digest = hashlib.sha256()
for language in (None, "cy", "ar"):
    for format in ("html", "md", "txt"):
        for reader in readers(plan):
            for view in ("plan", "review", "safety", "crisis-card"):
                try:
                    page = rp.render(plan, reader, format, view=view, today=date(2026, 6, 2),
                                     language=language)
                except rp.PlanError:
                    continue
                digest.update(page.encode())
print(json.dumps({"pages": digest.hexdigest(), "compiled": len(count)}))
"""


def test_pages_are_the_same_compiled_or_read(tmp_path: Path, reference_path: Path) -> None:
    """Every view of the reference plan, for every reader, in every format and language: the
    same written by a process that compiles its templates, one that keeps them, one that reads
    them, and one that keeps none."""

    def run(cache: str) -> dict[str, object]:
        result = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(reference_path)],
            capture_output=True,
            text=True,
            env={**os.environ, CACHE_VARIABLE: cache},
            check=True,
            timeout=300,
        )
        found: dict[str, object] = json.loads(result.stdout)
        return found

    folder = str(tmp_path / "cache")
    off, kept, read = run("off"), run(folder), run(folder)
    assert off["pages"] == kept["pages"] == read["pages"]
    assert off["compiled"] == kept["compiled"]
    assert isinstance(off["compiled"], int)
    assert off["compiled"] > 50
    assert read["compiled"] == 0
