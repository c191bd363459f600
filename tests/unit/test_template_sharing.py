"""A wording module's macros and fixed words made once per environment, the plan's words once a
rendering (recoveryplan.template_sharing), and never one plan's words in another's copy."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from jinja2 import (
    DictLoader,
    Environment,
    StrictUndefined,
    TemplateSyntaxError,
    UndefinedError,
    meta,
)
from jinja2.compiler import CodeGenerator

import recoveryplan as rp
from recoveryplan.template_compiler import DirectCallContext, FastCodeGenerator
from recoveryplan.template_imports import ImportOnceTemplate, imports_made_once
from recoveryplan.template_sharing import split
from recoveryplan.templating import StackEnvironment, StackLoader, TemplateLayer, environment

WORDS = """\
{% set me = reader == "person" %}
{% set name = plan.name %}
{% set fixed = {"hello": made("fixed") ~ "hello", "mine": "my" if me else "their"} %}
{% set titled = {"title": fixed.mine ~ " plan for " ~ name} %}
{% macro greet() -%}{{ fixed.hello }} {{ name }}, {{ titled.title }} on {{ today }}{%- endmacro %}
{% macro nested() -%}{{ inner() }} then {{ name }}{%- endmacro %}
"""

PAGE = '{% import "words.j2" as words with context %}{{ words.greet() }}|{{ words.titled.title }}'


class _Plan:
    def __init__(self, name: str) -> None:
        self.name = name


class _Env(Environment):
    template_class = ImportOnceTemplate
    context_class = DirectCallContext
    code_generator_class = FastCodeGenerator


def _environment(templates: dict[str, str]) -> tuple[Environment, list[str]]:
    made: list[str] = []

    def make(what: str) -> str:
        made.append(what)
        return ""

    env = _Env(loader=DictLoader(templates), undefined=StrictUndefined)
    env.globals["made"] = make
    return env, made


def _render(env: Environment, name: str, context: dict[str, Any]) -> str:
    with imports_made_once(context):
        return env.get_template(name).render(context)


def test_the_top_level_is_split_by_what_it_reads() -> None:
    env, _ = _environment({"words.j2": WORDS})
    template = env.get_template("words.j2")
    parts = template.parts()  # type: ignore[attr-defined]
    assert parts is not None
    assert parts.kinds == ("reader",)
    assert "made" in parts.globals_read
    shared = env.parse(WORDS)
    found = split(template, shared)
    assert found is not None
    module = found.plans.make_module({"plan": _Plan("Ali"), "me": True, "fixed": {"mine": "my"}})
    assert module.name == "Ali"  # type: ignore[attr-defined]
    assert module.titled == {"title": "my plan for Ali"}  # type: ignore[attr-defined]
    assert not hasattr(module, "me")


@pytest.mark.parametrize(
    "source",
    [
        "{% set a = plan.name %}{{ a }}",  # writes something at the top level
        "{% if plan %}{% set a = 1 %}{% endif %}",
        "{% set a %}{{ plan.name }}{% endset %}",
        "{% set a = 1 %}{% set a = plan.name %}",  # bound twice
        "{% set a = b %}{% set b = 1 %}",  # read before it is bound
        "{% macro m() %}{{ plan.name }}{% endmacro %}{% set a = m() %}",  # calls its own macro
        "{% set a, b = plan.pair %}",
    ],
)
def test_a_template_that_is_not_words_and_macros_is_not_split(source: str) -> None:
    env, _ = _environment({"t.j2": source})
    assert env.get_template("t.j2").parts() is None  # type: ignore[attr-defined]


def test_the_shared_part_is_made_once_and_each_copy_has_its_own_words() -> None:
    env, made = _environment({"words.j2": WORDS, "page.j2": PAGE})
    pages = [
        _render(env, "page.j2", {"plan": _Plan(name), "reader": reader, "today": day})
        for name, reader, day in [
            ("Ali", "person", 1),
            ("Bea", "person", 2),
            ("Cal", "staff", 3),
            ("Dee", "staff", 4),
            ("Eve", "person", 5),
        ]
    ]
    assert pages == [
        "hello Ali, my plan for Ali on 1|my plan for Ali",
        "hello Bea, my plan for Bea on 2|my plan for Bea",
        "hello Cal, their plan for Cal on 3|their plan for Cal",
        "hello Dee, their plan for Dee on 4|their plan for Dee",
        "hello Eve, my plan for Eve on 5|my plan for Eve",
    ]
    assert made == ["fixed", "fixed"]  # once for each kind of reader


def test_a_macro_reads_the_rendering_under_way() -> None:
    """A rendering inside another (a helper that renders) has its own words, and the outer one
    reads its own again once the inner one is done."""
    page = '{% import "words.j2" as words with context %}{{ words.nested() }}'
    env, _ = _environment({"words.j2": WORDS, "page.j2": page, "inner.j2": PAGE})

    def inner() -> str:
        return _render(env, "inner.j2", {"plan": _Plan("Bea"), "reader": "person", "today": 2})

    env.globals["inner"] = inner
    outer = _render(env, "page.j2", {"plan": _Plan("Ali"), "reader": "person", "today": 1})
    assert outer == "hello Bea, my plan for Bea on 2|my plan for Bea then Ali"


def test_a_variable_named_like_a_global_it_reads_makes_the_module_as_jinja_does() -> None:
    env, made = _environment({"words.j2": WORDS, "page.j2": PAGE})
    context = {"plan": _Plan("Ali"), "reader": "person", "today": 1}
    _render(env, "page.j2", context)
    assert made == ["fixed"]

    def own(what: str) -> str:
        return "own "

    page = _render(env, "page.j2", {**context, "made": own})
    assert page == "own hello Ali, my plan for Ali on 1|my plan for Ali"
    assert made == ["fixed"]


def test_outside_a_rendering_an_import_is_made_as_jinja_makes_it() -> None:
    env, made = _environment({"words.j2": WORDS, "page.j2": PAGE})
    context = {"plan": _Plan("Ali"), "reader": "person", "today": 1}
    assert env.get_template("page.j2").render(context) == (
        "hello Ali, my plan for Ali on 1|my plan for Ali"
    )
    assert env.get_template("page.j2").render(context) == (
        "hello Ali, my plan for Ali on 1|my plan for Ali"
    )
    assert made == ["fixed", "fixed"]


def test_the_built_in_wording_modules_are_split() -> None:
    """The wording module and the HTML macros: if an edit makes either unsplittable, every page
    pays for making it again."""
    for format in ("html", "md", "txt"):
        assert environment(format).get_template("_words.j2").parts() is not None  # type: ignore[attr-defined]
    assert environment("html").get_template("_macros.html.j2").parts() is not None  # type: ignore[attr-defined]


def _meta_undeclared(env: Environment, source: str) -> frozenset[str]:
    return frozenset(meta.find_undeclared_variables(env.parse(source)))


def test_what_the_built_in_templates_read_is_noted_as_jinja_finds_it() -> None:
    """The variables each template reads from its context, which decide when an import may
    reuse a module, are noted while it is compiled: exactly what ``jinja2.meta`` finds by
    parsing and generating it again, for split templates as for the others."""
    checked = 0
    for format in ("html", "md", "txt"):
        env = environment(format)
        assert env.loader is not None
        for name in env.loader.list_templates():
            if format not in name.split(".") and name.count(".") > 1:
                continue  # another format's template
            template = env.get_template(name)
            assert isinstance(template, ImportOnceTemplate)
            source, _, _ = env.loader.get_source(env, name)
            assert template.__dict__.get("_undeclared") == _meta_undeclared(env, source), name
            checked += 1
    assert checked > 30


@pytest.mark.parametrize(
    "source",
    [
        WORDS,
        PAGE,
        "{% for x in items %}{{ x }}{{ y }}{% endfor %}{% set z = w %}{{ z }}",
        "{% macro m(a, b=c) %}{{ a }}{{ b }}{{ caller() }}{{ d }}{% endmacro %}"
        "{% call m(e) %}{{ f }}{% endcall %}",
        "{% set a = 1 %}{% macro m() %}{{ a }}{{ later }}{% endmacro %}{% set later = b %}",
    ],
)
def test_what_a_template_reads_is_noted_while_it_is_compiled(source: str, tmp_path: Path) -> None:
    env, _ = _stacked(tmp_path, {"t.j2": source, "words.j2": WORDS})
    template = env.get_template("t.j2")
    assert template.__dict__.get("_undeclared") == _meta_undeclared(env, source)
    assert template.undeclared() == _meta_undeclared(env, source)  # type: ignore[attr-defined]


def test_a_template_compiled_by_another_compiler_is_read_as_jinja_reads_it(
    tmp_path: Path,
) -> None:
    """A plugin may give its environment a code generator of its own: nothing is noted while
    it compiles, and the variables are found as ``jinja2.meta`` finds them."""

    class _Own(StackEnvironment):
        code_generator_class = CodeGenerator  # type: ignore[assignment]

    (tmp_path / "t.j2").write_text("{{ a }}{% set b = c %}{{ b }}", encoding="utf-8")
    loader = StackLoader([TemplateLayer(name="test", folders=(tmp_path,))])
    template = _Own(loader=loader).get_template("t.j2")
    assert isinstance(template, ImportOnceTemplate)
    assert "_undeclared" not in template.__dict__
    assert template.undeclared() == frozenset({"a", "c"})


def _stacked(folder: Path, templates: dict[str, str]) -> tuple[Environment, list[str]]:
    """An environment as the library makes them, over one layer of ``templates``."""
    for name, text in templates.items():
        (folder / name).write_text(text, encoding="utf-8")
    made: list[str] = []

    def make(what: str) -> str:
        made.append(what)
        return ""

    loader = StackLoader([TemplateLayer(name="test", folders=(folder,))])
    env = StackEnvironment(loader=loader, undefined=StrictUndefined)
    env.globals["made"] = make
    return env, made


def test_a_split_template_is_compiled_whole_only_when_the_whole_is_asked_for(
    tmp_path: Path,
) -> None:
    env, made = _stacked(tmp_path, {"words.j2": WORDS, "page.j2": PAGE})
    context = {"plan": _Plan("Ali"), "reader": "person", "today": 1}
    page = "hello Ali, my plan for Ali on 1|my plan for Ali"
    assert _render(env, "page.j2", context) == page
    words = env.get_template("words.j2")
    assert words.parts() is not None  # type: ignore[attr-defined]
    assert "root_render_func" not in vars(words)
    # outside a rendering the import is Jinja's own, which needs the whole
    assert env.get_template("page.j2").render(context) == page
    assert "root_render_func" in vars(words)
    assert made == ["fixed", "fixed"]
    assert _render(env, "page.j2", context) == page


def test_the_whole_of_a_split_template_is_what_jinja_would_make(tmp_path: Path) -> None:
    env, _ = _stacked(tmp_path, {"words.j2": WORDS})
    plain, _ = _environment({"words.j2": WORDS})
    context = {"plan": _Plan("Ali"), "reader": "staff", "today": 3}
    ours, theirs = env.get_template("words.j2"), plain.get_template("words.j2")
    assert ours.render(context) == theirs.render(context)
    assert sorted(ours.blocks) == sorted(theirs.blocks)
    assert ours.filename == str(tmp_path / "words.j2")


def test_a_template_that_cannot_be_split_is_compiled_when_it_is_loaded(tmp_path: Path) -> None:
    env, _ = _stacked(tmp_path, {"page.j2": PAGE, "words.j2": WORDS})
    page = env.get_template("page.j2")
    assert page.parts() is None  # type: ignore[attr-defined]
    assert "root_render_func" in vars(page)


def test_a_mistake_in_a_template_is_told_where_it_is(tmp_path: Path) -> None:
    env, _ = _stacked(tmp_path, {"broken.j2": "{% set a = 1 %}\n{% macro m() %}{{ a }\n"})
    with pytest.raises(TemplateSyntaxError) as raised:
        env.get_template("broken.j2")
    assert raised.value.lineno == 2
    assert raised.value.filename == str(tmp_path / "broken.j2")


def test_two_people_rendered_in_turn_keep_their_own_words(reference_path: Path) -> None:
    morag = rp.loads(reference_path.read_text(encoding="utf-8"))
    other = rp.loads(
        reference_path.read_text(encoding="utf-8").replace("Morag", "Siobhan"),
    )
    today = date(2026, 6, 2)
    first = {
        reader: rp.render(morag, reader, "html", today=today) for reader in ("person", "staff")
    }
    for reader in ("person", "staff"):
        theirs = rp.render(other, reader, "html", today=today)
        assert "Morag" not in theirs
        assert rp.render(morag, reader, "html", today=today) == first[reader]


def test_a_module_kept_past_its_rendering_keeps_no_plan_words() -> None:
    kept: list[Any] = []
    page = '{% import "words.j2" as words with context %}{{ keep(words) }}{{ words.greet() }}'
    env, _ = _environment({"words.j2": WORDS, "page.j2": page})

    def keep(module: Any) -> str:
        kept.append(module)
        return ""

    env.globals["keep"] = keep
    assert _render(env, "page.j2", {"plan": _Plan("Ali"), "reader": "person", "today": 1})
    with pytest.raises(UndefinedError):
        kept[0].greet()


def test_threads_rendering_at_once_each_read_their_own_plan() -> None:
    """Both threads' renderings are under way at once, with the same kind of reader, when each
    reads the person's name."""
    both = threading.Barrier(2, timeout=10)
    words = WORDS + (
        # both renderings under way before either reads the name, and neither ended before
        # both have read it
        "{% macro waiting() -%}{{ wait() }}{{ named() }}{{ wait() }}{%- endmacro %}"
        "{% macro named() -%}{{ name }}{%- endmacro %}"
    )
    page = '{% import "words.j2" as words with context %}{{ words.waiting() }}'
    env, _ = _environment({"words.j2": words, "page.j2": page})
    env.globals["wait"] = lambda: ""
    _render(env, "page.j2", {"plan": _Plan("Cal"), "reader": "person"})  # the shared part made
    env.globals["wait"] = lambda: (both.wait(), "")[1]
    pages: dict[str, str] = {}

    def render(name: str) -> None:
        pages[name] = _render(env, "page.j2", {"plan": _Plan(name), "reader": "person"})

    threads = [threading.Thread(target=render, args=(name,)) for name in ("Ali", "Bea")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert pages == {"Ali": "Ali", "Bea": "Bea"}


def test_an_import_without_context_sees_the_globals_its_importer_was_given() -> None:
    # The names of a context's globals are gathered only when such an import asks for them.
    env = _Env(
        loader=DictLoader(
            {
                "macros.j2": "{% macro told() %}{{ extra }}{% endmacro %}",
                "page.j2": "{% import 'macros.j2' as m %}{{ m.told() }}",
            }
        ),
        undefined=StrictUndefined,
    )
    page = env.get_template("page.j2", globals={"extra": "given to the page"})
    assert page.render() == "given to the page"
    with imports_made_once({}):
        assert page.render() == "given to the page"
    with pytest.raises(UndefinedError):
        env.from_string("{% import 'macros.j2' as m %}{{ m.told() }}").render()
