"""The template context's names: ``reader`` is the kind of reader, ``view`` the document.

A plugin template written for the last minor version, which tested ``view == "person"`` and
read ``document``, still renders the same, with a DeprecationWarning that says what to write.
"""

from __future__ import annotations

import pickle
import warnings
from pathlib import Path

import pytest

import recoveryplan as rp
from recoveryplan.context import template_context
from recoveryplan.testing import isolated_plugins
from recoveryplan.viewname import ViewName

from ..support.reference import TODAY


class Templates:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @rp.hookimpl
    def template_dirs(self) -> list[Path]:
        return [self.folder]


@pytest.mark.parametrize(
    ("audience", "view", "reader"),
    [
        ("person", "plan", "person"),
        ("staff", "review", "staff"),
        ("eilidh", "plan", "member"),
        ("person", "crisis-card", "person"),
    ],
)
def test_the_context_names_the_reader_reader_and_the_document_view(
    morag: rp.Plan, audience: str, view: str, reader: str
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the new names never warn
        context = template_context(morag, audience, "html", today=TODAY, view=view)
        assert context["reader"] == reader
        assert context["view"] == view
        assert str(context["view"]) == view
        assert context["document"] == view
        assert {view: 1}[context["view"]] == 1  # usable as a key, as a string is


def test_comparing_view_with_a_kind_of_reader_answers_for_the_reader_and_warns() -> None:
    view = ViewName("review", "staff")
    with pytest.warns(DeprecationWarning, match=r"write reader == 'staff'"):
        assert view == "staff"
    with pytest.warns(DeprecationWarning, match="write reader == 'person'"):
        assert view != "person"
    with pytest.warns(DeprecationWarning, match="write reader == 'member'"):
        assert "member" != view  # noqa: SIM300 (the string on the left is the point)
    with pytest.warns(DeprecationWarning, match="write reader == 'staff'"):
        assert view in ("staff",)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert view == "review"
        assert view != "plan"
        assert f"document-{view}" == "document-review"
    assert pickle.loads(pickle.dumps(view)).reader == "staff"


OLD_TEMPLATE = """{% extends "default:plan.md.j2" %}
{% block footer %}{{ super() }}
{% if view == "person" %}Old: the person's own copy.
{%- elif view == "staff" %}Old: the team's copy.
{%- else %}Old: a circle copy.{% endif %}
Old document: {{ document }}.
{% endblock %}
"""


@pytest.mark.parametrize(
    ("audience", "expected"),
    [("person", "the person's own copy"), ("staff", "the team's copy"), ("eilidh", "a circle")],
)
def test_an_old_plugin_template_still_renders_with_a_warning(
    morag: rp.Plan, tmp_path: Path, audience: str, expected: str
) -> None:
    (tmp_path / "plan.md.j2").write_text(OLD_TEMPLATE, encoding="utf-8")
    with (
        isolated_plugins(Templates(tmp_path)),
        pytest.warns(DeprecationWarning, match="'view' is now the document"),
    ):
        text = rp.render(morag, audience, "md", view="plan", today=TODAY)
    assert f"Old: {expected}" in text
    assert "Old document: plan." in text


def test_the_built_in_templates_render_without_the_old_names(morag: rp.Plan) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        for audience in ("person", "staff", "eilidh"):
            for format in ("html", "md", "txt"):
                assert rp.render(morag, audience, format, today=TODAY)
        for view in ("review", "safety-plan", "crisis-card"):
            assert rp.render(morag, "staff", "html", view=view, today=TODAY)


def test_a_plugin_variable_may_not_be_called_reader(morag: rp.Plan) -> None:
    class Variables:
        @rp.hookimpl
        def extra_template_vars(self, plan: rp.Plan, audience: str, format: str) -> dict[str, str]:
            return {"reader": "someone"}

    with isolated_plugins(Variables()), pytest.raises(rp.PluginError, match="'reader'"):
        rp.render(morag, "person", "md", today=TODAY)
