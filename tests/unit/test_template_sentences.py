"""What a template's sentences allow, found in one walk of its tree (``sentences_of``)."""

from __future__ import annotations

import jinja2
import pytest

from recoveryplan.template_sentences import Sentences, sentences_of

ENVIRONMENT = jinja2.Environment(extensions=["jinja2.ext.i18n"])


def of(source: str) -> Sentences:
    return sentences_of(ENVIRONMENT.parse(source))


def test_fixed_sentences_come_once_each_in_the_order_they_are_first_written() -> None:
    found = of(
        '{{ _("Hello") }}{% if x %}{{ f(_("Inner"), _("Hello")) }}{% endif %}'
        '{% macro m() %}{{ _("In a macro") }}{% endmacro %}'
    )
    assert found == Sentences(
        own_meaning=False, fixed=("Hello", "Inner", "In a macro"), filled=False
    )


def test_a_sentence_with_values_is_filled_and_not_fixed() -> None:
    found = of('{{ _("What %(name)s needs", name=name) }}{{ _(variable) }}')
    assert found == Sentences(own_meaning=False, fixed=(), filled=True)


def test_nothing_to_translate_says_so() -> None:
    assert of("{{ name }} {{ gettext }}") == Sentences(own_meaning=False, fixed=(), filled=False)


@pytest.mark.parametrize(
    "meaning",
    [
        "{% set _ = f %}",
        "{% set gettext = f %}",
        "{% for _ in items %}{% endfor %}",
        "{% macro _() %}{% endmacro %}",
        "{% macro m(gettext) %}{% endmacro %}",
        '{% import "words" as _ %}',
        '{% from "words" import gettext %}',
        '{% from "words" import f as _ %}',
    ],
)
def test_a_template_that_gives_underscore_or_gettext_its_own_meaning_has_no_sentences(
    meaning: str,
) -> None:
    """Wherever the meaning is given, before or after the sentences, none are taken."""
    sentences = '{{ _("Hello") }}{{ _("Hi %(n)s", n=n) }}'
    for source in (meaning + sentences, sentences + meaning):
        assert of(source) == Sentences(own_meaning=True, fixed=(), filled=False)
