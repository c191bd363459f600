"""The faster template compiling and filters write exactly what Jinja's own would.

:mod:`recoveryplan.template_compiler` and :mod:`recoveryplan.template_filters` change how the
templates run, never what they write: each property renders one template source in an
environment built as :func:`recoveryplan.environment` builds one and in the same environment
with Jinja's own compiler, context and filters, over the same generated values, and the two
must be equal to the byte.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from recoveryplan.template_compiler import (
    DirectCallContext,
    FastCodeGenerator,
    Output,
    use_synchronous_filters,
)
from recoveryplan.template_sentences import said_alike
from recoveryplan.textformats import (
    Sentence,
    finalize_html,
    finalize_markdown,
    finalize_text,
    write_html,
    write_markdown,
    write_text,
)

FORMATS = {
    "html": (True, finalize_html, write_html),
    "md": (True, finalize_markdown, write_markdown),
    "txt": (False, finalize_text, write_text),
}


I18N = "jinja2.ext.i18n"


class _Fast(jinja2.Environment):
    code_generator_class = FastCodeGenerator
    context_class = DirectCallContext


def _gettext(text: str, **named: Any) -> str:
    return f"«{text % named if named else text}»"


def environments(format: str, fixed: bool = False) -> tuple[jinja2.Environment, jinja2.Environment]:
    """(ours, Jinja's) for ``format``, with the same filters and finalize; with ``fixed``, a
    ``gettext`` marked as the library marks its own, so that ours translates fixed sentences
    when a template is loaded."""
    escaped, finalize, write = FORMATS[format]
    ours = _Fast(autoescape=escaped, finalize=finalize, extensions=[I18N])
    ours.outputs = {format: Output(finalize, write, escaped=escaped)}  # type: ignore[attr-defined]
    use_synchronous_filters(ours)
    jinjas = jinja2.Environment(autoescape=escaped, finalize=finalize, extensions=[I18N])
    for env in (ours, jinjas):
        gettext = _gettext
        if fixed:  # a function of its own, marked: the plain one stays unmarked
            gettext = said_alike(lambda text, **named: _gettext(text, **named))
        env.install_gettext_callables(  # type: ignore[attr-defined]
            gettext,
            lambda one, many, n: one if n == 1 else many,
            newstyle=False,
        )
        env.filters["shout"] = lambda text, mark="!": f"{text}{mark}"
        env.filters["whose"] = jinja2.pass_context(
            lambda context, ref: context.get("names", {}).get(ref, ref)
        )
        env.globals["called"] = jinja2.pass_context(lambda context: context.get("who", "someone"))
        env.globals["plain"] = lambda text: f"<{text}>"
        env.globals["plain_said"] = lambda text, **named: f"<{text} {sorted(named.items())}>"
    return ours, jinjas


@attrs.frozen
class Part:
    voice: str
    note: str | None
    status: Any
    by: str


@attrs.frozen
class Status:
    is_open: bool


VOICES = st.sampled_from(["person", "supporter", "service", "ali"])
TEXT = st.text(
    alphabet=st.sampled_from(list("ab <>&'\"\n\t  \u202e\u05d0\u2068é—*_#")), max_size=12
)
VALUES = st.one_of(
    TEXT,
    TEXT.map(Markup),
    TEXT.map(Sentence),
    st.integers(-5, 5),
    st.none(),
    st.booleans(),
    st.dates(date(2020, 1, 1), date(2030, 1, 1)),
    st.lists(TEXT, max_size=2),
    st.dictionaries(st.sampled_from(["a", "b", "items"]), TEXT, max_size=2),
)
PARTS = st.lists(
    st.builds(
        Part,
        voice=VOICES,
        note=st.one_of(st.none(), TEXT),
        status=st.builds(Status, st.booleans()),
        by=VOICES,
    ),
    max_size=5,
)

TEMPLATE = """\
{% macro line(part, tail="") -%}
<b>{{ part.voice }}</b>{{ part.note }}{{ tail }}{{ caller() if caller else "" }}
{%- endmacro %}
{{ value }}|{{ value | shout }}|{{ plain(value) }}|{{ called() }}
{% for part in parts | selectattr("voice", "equalto", "person") %}{{ line(part) }}{% endfor %}
{% for part in parts | rejectattr("voice", "equalto", "person") | list %}{{ line(part, value) }}
{% endfor %}
{{ parts | selectattr("note") | map(attribute="voice") | join(",") }}
{{ parts | rejectattr("status.is_open") | map(attribute="by") | map("whose") | list }}
{{ parts | map(attribute="voice") | select("in", ["person", "ali"]) | list }}
{{ parts | map(attribute="by") | reject("equalto", "person") | map("shout", "?") | first }}
{{ parts | selectattr("voice", "in", ["supporter"]) | list | length }}
{% for part in parts %}{% call line(part) %}[{{ loop.index }}{{ value }}]{% endcall %}{% endfor %}
{% set block %}{{ value }}<i>{{ parts | length }}</i>{% endset %}{{ block }}
{% autoescape false %}{{ value }}{{ line(parts[0]) if parts else "" }}{% endautoescape %}
{% macro gather() %}{{ varargs | join("/") }}{{ kwargs | dictsort | join }}{% endmacro %}
{{ gather(value, who, mark=value) }}{{ line(part=parts[-1], tail=who) if parts else "" }}
{% macro defaults(a, b=value, c="<c>") %}{{ a }}{{ b }}{{ c }}{% endmacro %}
{{ defaults(who) }}{{ defaults(who, none) }}{{ defaults(who, 1, value) }}
{% macro item(text=none) %}{{ caller() if caller is defined else text }}{% endmacro %}
{{ item(value) }}{{ item() }}{% call item() %}<{{ who }}>{% endcall %}
{% call item(1) %}{% endcall %}
{{ (defaults(who) ~ value) | length }}{{ defaults(who) | upper }}{{ defaults(who) | e }}
{% include "part.j2" %}
{{ _("said %(who)s", who=value) }}{{ _("plain <b>") }}
{% for part in parts %}{{ _(part.voice) }}{% endfor %}
{% trans n=parts | length %}one{% pluralize %}{{ n }} parts{% endtrans %}
{{ value.a }}|{{ value.b is defined }}|{{ names.ali }}|{{ names.nobody is defined }}
{{ names.items is defined }}|{{ value.real }}|{{ (parts | first).status.is_open if parts }}
{% for part in parts %}{{ called() }}{% set who = part.voice %}{{ called() }}{% endfor %}
"""

INCLUDED = "{% for part in parts %}{{ part.voice }}{{ value }}{% endfor %}{{ value | shout }}"


@pytest.mark.parametrize("fixed", [False, True], ids=["gettext", "fixed-sentences"])
@pytest.mark.parametrize("format", list(FORMATS))
@settings(max_examples=40, deadline=None)
@given(value=VALUES, parts=PARTS, who=TEXT)
def test_same_output_as_jinja(
    format: str, fixed: bool, value: Any, parts: list[Part], who: str
) -> None:
    written = []
    for env in environments(format, fixed):
        env.loader = jinja2.DictLoader({"page.j2": TEMPLATE, "part.j2": INCLUDED})
        template = env.get_template("page.j2")
        written.append(template.render(value=value, parts=parts, who=who, names={"ali": "Ali <A>"}))
    assert written[0] == written[1]


@pytest.mark.parametrize("format", list(FORMATS))
def test_a_replaced_finalize_is_used(format: str) -> None:
    """A plugin that replaces the environment's finalize gets its own, not the format's."""
    ours, _ = environments(format)
    ours.finalize = lambda value: "[" + str(value) + "]"
    assert ours.from_string("{{ 'a' ~ x }}").render(x=1) == "[a1]"


def test_the_fast_code_is_what_runs() -> None:
    """The writer and the joined include are in the compiled code (else the properties above
    would compare Jinja with itself)."""
    ours, _ = environments("html")
    source = ours.compile('{{ x }}{% include "a" %}', raw=True)
    assert "recoveryplan_write_html(x)" in source.replace("l_0_", "").replace(
        "(undefined(name='x') if x is missing else x)", "x"
    )
    assert "environment.concat(gen)" in source


SENTENCES = st.text(alphabet=st.sampled_from(list("ab <>&'\"%\n\u202e\u05d0é")), max_size=10)
OWN_MEANINGS = [
    # the template's own ``_`` or ``gettext``: nothing is translated when it is loaded
    '{% set _ = plain %}{{ _("{s}") }}',
    '{% for gettext in [plain] %}{{ _("{s}") }}{% endfor %}{{ _("{s}") }}',
    '{% macro m(_) %}{{ _("{s}") }}{% endmacro %}{{ m(plain) }}{{ _("{s}") }}',
    '{% with gettext = plain %}{{ _("{s}") }}{% endwith %}{{ _("{s}") }}',
    # the template's own fixed sentences, in and out of macros, loops and blocks
    '{{ _("{s}") }}{% macro m() %}{{ _("{s}") ~ _("{s}") }}{% endmacro %}{{ m() }}',
    '{% for x in [1, 2] %}{{ _("{s}") }}{{ loop.index }}{% endfor %}',
    '{% set said = _("{s}") %}{{ said }}{{ said | length }}',
    '{% block b %}{{ _("{s}") }}{% endblock %}{% if true %}{{ _("{s}") | upper }}{% endif %}',
    # sentences with values put in, called at once under the same test
    '{{ _("{s} %(n)s", n=1) }}'
    '{% macro m(v) %}{{ _("%(v)s {s}", v=v) }}{% endmacro %}{{ m("<x>") }}',
    '{% for x in ["a", 2] %}{{ _("{s}%(x)s%(i)s", x=x, i=loop.index) }}{% endfor %}',
    '{% set _ = plain_said %}{{ _("{s} %(n)s", n=1) }}',
    '{% for gettext in [plain_said] %}{{ _("{s} %(n)s", n=1) }}{% endfor %}{{ _("%(n)s", n=2) }}',
]


@pytest.mark.parametrize("source", OWN_MEANINGS)
@pytest.mark.parametrize("format", list(FORMATS))
@settings(max_examples=15, deadline=None)
@given(sentence=SENTENCES, own=st.booleans())
def test_fixed_sentences_as_jinja_says_them(
    source: str, format: str, sentence: str, own: bool
) -> None:
    """A fixed sentence says what Jinja's ``_`` would: the translation made when the template
    was loaded only while ``_`` and ``gettext`` are the environment's, the caller's own
    ``gettext`` (``own``) or the template's own names otherwise."""
    # (a sentence with values has its own percent signs doubled, as a catalogue's are)
    said = sentence.replace("%", "%%") if "%(" in source else sentence
    text = source.replace("{s}", said.replace("\\", "\\\\").replace('"', '\\"'))
    values: dict[str, Any] = {"gettext": lambda text, **named: f"<own {text}>"} if own else {}
    written = [env.from_string(text).render(values) for env in environments(format, True)]
    assert written[0] == written[1]


@pytest.mark.parametrize("own", [False, True])
def test_a_child_templates_gettext_reaches_its_parents_fixed_sentences(own: bool) -> None:
    """A template that extends another and sets ``gettext`` at its top level gives the parent's
    ``_("...")`` its own ``gettext``, as in Jinja."""
    templates = {
        "parent.j2": '{{ _("kept") }}{% block b %}{{ _("in block") }}{% endblock %}',
        "child.j2": (
            '{% extends "parent.j2" %}'
            + ("{% set gettext = plain %}" if own else "")
            + '{% block b %}{{ _("child") }}{{ super() }}{% endblock %}'
        ),
    }
    written = []
    for env in environments("html", True):
        env.loader = jinja2.DictLoader(templates)
        written.append(env.get_template("child.j2").render())
    assert written[0] == written[1]
    assert ("&lt;kept&gt;" in written[0]) is own  # plain() wrote it, escaped


def test_fixed_sentences_are_translated_when_the_template_is_loaded() -> None:
    """Rendering a loaded template asks ``gettext`` nothing for a sentence with no values."""
    asked: list[str] = []

    @said_alike
    def gettext(text: str, **named: Any) -> str:
        asked.append(text)
        return text.upper()

    ours, _ = environments("html")
    ours.install_gettext_callables(gettext, lambda one, many, n: one, newstyle=False)  # type: ignore[attr-defined]
    template = ours.from_string('{{ _("done") }}{% for x in "ab" %}{{ _("yes") }}{% endfor %}')
    assert sorted(asked) == ["done", "yes"]
    assert template.render() == "DONEYESYES"
    assert template.render() == "DONEYESYES"
    assert sorted(asked) == ["done", "yes"]
