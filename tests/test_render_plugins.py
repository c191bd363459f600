"""What a plugin can do to rendered plans: templates, variables and filters."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import pytest

import recoveryplan as rp

from .conftest import TODAY
from .test_render import Page

Register = Callable[..., object]


def template_folder(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


class Templates:
    """A plugin that only adds a folder of templates."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @rp.hookimpl
    def template_dirs(self) -> list[Path]:
        return [self.folder]


def test_a_plugin_template_extends_the_built_in_one_and_overrides_a_block(
    morag: rp.Plan, register_plugin: Register, tmp_path: Path
) -> None:
    folder = template_folder(
        tmp_path,
        {
            "plan.html.j2": (
                '{% extends "default:plan.html.j2" %}'
                "{% block footer %}<p>Riverside keeps this plan for {{ plan.person.called }}."
                "</p>{% endblock %}"
            )
        },
    )
    register_plugin(Templates(folder), name="riverside-footer")
    page = Page(rp.render(morag, "person", "html", today=TODAY))
    assert "Riverside keeps this plan for Morag." in page.text
    assert "This plan belongs to Morag." not in page.text
    assert "My next small steps" in [text for _, text in page.headings]


def test_a_plugin_can_replace_one_section_for_every_plan_template(
    morag: rp.Plan, register_plugin: Register, tmp_path: Path
) -> None:
    folder = template_folder(
        tmp_path, {"_circle.html.j2": "<section id='circle'><h2>Our people</h2></section>"}
    )
    register_plugin(Templates(folder), name="our-people")
    page = Page(rp.render(morag, "person", "html", today=TODAY))
    headings = [text for _, text in page.headings]
    assert "Our people" in headings
    assert "People who support me" not in headings
    assert "Friend from the allotment · friend" not in page.text


def test_a_plugin_markdown_template_extends_the_built_in_one(
    morag: rp.Plan, register_plugin: Register, tmp_path: Path
) -> None:
    folder = template_folder(
        tmp_path,
        {"plan.md.j2": '{% include "default:plan.md.j2" %}\nFrom the Riverside record.\n'},
    )
    register_plugin(Templates(folder), name="riverside-md")
    output = rp.render(morag, "eilidh", "md", today=TODAY)
    assert output.startswith("# Morag's plan, shared with Eilidh Sinclair")
    assert output.endswith("From the Riverside record.\n")


def test_plugin_variables_and_filters_reach_the_templates(
    morag: rp.Plan, register_plugin: Register, tmp_path: Path
) -> None:
    seen: list[tuple[rp.Plan, str, str]] = []

    class Branding:
        @rp.hookimpl
        def extra_template_vars(self, plan: rp.Plan, audience: str, format: str) -> dict[str, Any]:
            seen.append((plan, audience, format))
            return {"organisation_phone": "0141 496 0000"}

        @rp.hookimpl
        def prepare_jinja2_environment(self, env: jinja2.Environment, format: str) -> None:
            env.filters["shout"] = lambda text: f"{text.upper()}!"

    folder = template_folder(
        tmp_path,
        {
            "plan.html.j2": (
                '{% extends "default:plan.html.j2" %}{% block footer %}'
                "<p>{{ plan.person.called | shout }} Call {{ organisation_phone }}.</p>"
                "{% endblock %}"
            )
        },
    )
    register_plugin(Branding(), name="branding")
    register_plugin(Templates(folder), name="branding-templates")
    page = Page(rp.render(morag, "eilidh", "html", today=TODAY))
    assert "MORAG! Call 0141 496 0000." in page.text
    plan, audience, format = seen[-1]
    assert (audience, format) == ("eilidh", "html")
    assert plan.assessment is None  # the plugin gets the plan as Eilidh may see it
    assert plan.extensions == {}
    assert plan.person.date_of_birth is None


def test_a_template_that_uses_a_missing_variable_fails_loudly(
    morag: rp.Plan, register_plugin: Register, tmp_path: Path
) -> None:
    folder = template_folder(
        tmp_path,
        {
            "plan.txt.j2": '{% include "default:plan.txt.j2" %}{{ no_such_thing }}',
            "plan.html.j2": (
                '{% extends "default:plan.html.j2" %}{% block title %}'
                "{{ plan.person.no_such_field }}{% endblock %}"
            ),
        },
    )
    register_plugin(Templates(folder), name="broken-templates")
    with pytest.raises(jinja2.UndefinedError, match="no_such_thing"):
        rp.render(morag, "person", "txt", today=TODAY)
    with pytest.raises(jinja2.UndefinedError, match="no_such_field"):
        rp.render(morag, "person", "html", today=TODAY)


def test_a_missing_template_folder_names_the_plugin(
    morag: rp.Plan, register_plugin: Register, tmp_path: Path
) -> None:
    register_plugin(Templates(tmp_path / "nowhere"), name="lost-folder")
    with pytest.raises(rp.PluginError) as caught:
        rp.render(morag, "person", today=TODAY)
    assert str(caught.value) == (
        f"plugin 'lost-folder': the template folder '{tmp_path / 'nowhere'}' does not exist; "
        "template_dirs must return existing folders"
    )


def test_a_plugin_may_not_replace_what_the_renderer_provides(
    morag: rp.Plan, register_plugin: Register
) -> None:
    class Sneaky:
        @rp.hookimpl
        def extra_template_vars(self) -> dict[str, Any]:
            return {"plan": morag}

    register_plugin(Sneaky(), name="sneaky")
    with pytest.raises(rp.PluginError) as caught:
        rp.render(morag, "eilidh", today=TODAY)
    assert str(caught.value) == (
        "plugin 'sneaky': extra_template_vars returns 'plan', which the renderer already "
        "provides; give the variable another name"
    )


def test_two_plugins_with_one_variable_name_are_both_named(
    morag: rp.Plan, register_plugin: Register
) -> None:
    class One:
        @rp.hookimpl
        def extra_template_vars(self) -> dict[str, Any]:
            return {"logo": "one"}

    class Two:
        @rp.hookimpl
        def extra_template_vars(self) -> dict[str, Any]:
            return {"logo": "two"}

    register_plugin(One(), name="one")
    register_plugin(Two(), name="two")
    with pytest.raises(rp.PluginError, match="plugins 'one' and 'two' both provide the template"):
        rp.render(morag, "person", today=TODAY)


def test_template_variables_must_be_a_dict(morag: rp.Plan, register_plugin: Register) -> None:
    class Wrong:
        @rp.hookimpl
        def extra_template_vars(self) -> list[str]:
            return ["logo"]

    register_plugin(Wrong(), name="wrong")
    with pytest.raises(rp.PluginError) as caught:
        rp.render(morag, "person", today=TODAY)
    assert str(caught.value) == (
        "plugin 'wrong': extra_template_vars must return a dict of template variables, not list"
    )
