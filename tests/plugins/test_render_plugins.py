"""What a plugin can do to rendered plans: templates, variables and filters."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import pytest

import recoveryplan as rp

from ..support.html import Page
from ..support.reference import TODAY

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
    # The plugin gets the plan as Eilidh may see it: of the assessment, only what she raised.
    assert plan.assessment is not None
    assert [item.raised_by for item in plan.assessment.items] == ["eilidh"]
    assert plan.assessment.participants == ()
    assert plan.extensions == {}
    assert plan.person.date_of_birth is None


def test_a_template_that_uses_a_missing_variable_names_the_plugin(
    morag: rp.Plan, register_plugin: Register, tmp_path: Path
) -> None:
    folder = template_folder(
        tmp_path,
        {
            "plan.txt.j2": '{% extends "default:plan.txt.j2" %}\n{% block footer %}\n'
            "{{ no_such_thing }}{% endblock %}",
            "plan.html.j2": (
                '{% extends "default:plan.html.j2" %}{% block title %}'
                "{{ plan.person.no_such_field }}{% endblock %}"
            ),
        },
    )
    register_plugin(Templates(folder), name="broken-templates")
    with pytest.raises(rp.PluginError) as caught:
        rp.render(morag, "person", "txt", today=TODAY)
    assert str(caught.value) == (
        "plugin 'broken-templates', hook template_dirs: its template plan.txt.j2 failed at "
        "line 3: UndefinedError: 'no_such_thing' is undefined"
    )
    assert (caught.value.plugin, caught.value.hook) == ("broken-templates", "template_dirs")
    assert isinstance(caught.value.__cause__, jinja2.UndefinedError)
    with pytest.raises(rp.PluginError, match=r"plan\.html\.j2 failed at line 1: .*no_such_field"):
        rp.render(morag, "person", "html", today=TODAY)


def test_a_syntax_error_in_a_plugin_template_names_the_plugin(
    morag: rp.Plan, register_plugin: Register, tmp_path: Path
) -> None:
    folder = template_folder(
        tmp_path, {"plan.md.j2": '{% extends "default:plan.md.j2" %}\n{% block footer %}'}
    )
    register_plugin(Templates(folder), name="unfinished")
    with pytest.raises(rp.PluginError) as caught:
        rp.render(morag, "person", "md", today=TODAY)
    message = str(caught.value)
    assert message.startswith(
        "plugin 'unfinished', hook template_dirs: its template plan.md.j2 failed at line 2: "
    )
    assert "endblock" in message


def test_a_failing_filter_names_the_plugin_that_added_it(
    morag: rp.Plan, register_plugin: Register, tmp_path: Path
) -> None:
    from tests.plugins import failing_filter

    folder = template_folder(
        tmp_path,
        {
            "plan.txt.j2": '{% extends "default:plan.txt.j2" %}{% block footer %}'
            "{{ plan.person.called | explode }}{% endblock %}"
        },
    )
    register_plugin(failing_filter, name="failing-filter")
    register_plugin(Templates(folder), name="uses-filter")
    with pytest.raises(rp.PluginError) as caught:
        rp.render(morag, "person", "txt", today=TODAY)
    assert str(caught.value) == (
        "plugin 'failing-filter', hook prepare_jinja2_environment: what it added to the "
        "templates failed: ZeroDivisionError: integer division or modulo by zero"
    )


def test_a_missing_template_folder_names_the_plugin(
    morag: rp.Plan, register_plugin: Register, tmp_path: Path
) -> None:
    register_plugin(Templates(tmp_path / "nowhere"), name="lost-folder")
    with pytest.raises(rp.PluginError) as caught:
        rp.render(morag, "person", today=TODAY)
    assert str(caught.value) == (
        f"plugin 'lost-folder', hook template_dirs: the template folder "
        f"'{tmp_path / 'nowhere'}' does not exist; return existing folders"
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
        "plugin 'sneaky', hook extra_template_vars: returned 'plan', which the renderer "
        "already provides; give the variable another name"
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


@pytest.mark.parametrize(
    ("returned", "shown"),
    [(["logo"], "list ['logo']"), ({1: "x"}, "dict {1: 'x'}"), ({"a-b": 1}, "dict {'a-b': 1}")],
)
def test_template_variables_must_be_a_dict_of_names(
    morag: rp.Plan, register_plugin: Register, returned: object, shown: str
) -> None:
    class Wrong:
        @rp.hookimpl
        def extra_template_vars(self) -> object:
            return returned

    register_plugin(Wrong(), name="wrong")
    with pytest.raises(rp.PluginError) as caught:
        rp.render(morag, "person", today=TODAY)
    assert str(caught.value) == (
        f"plugin 'wrong', hook extra_template_vars: returned {shown}; return a dict whose keys "
        "are template variable names (text such as 'organisation_phone')"
    )


@pytest.mark.parametrize(
    ("returned", "problem"),
    [
        (5, "returned int 5; return a list of folders (pathlib.Path)"),
        ([5], "returned a list holding int 5; every item must be folders (pathlib.Path)"),
    ],
)
def test_template_folders_must_be_a_list_of_folders(
    morag: rp.Plan, register_plugin: Register, returned: object, problem: str
) -> None:
    class Wrong:
        @rp.hookimpl
        def template_dirs(self) -> object:
            return returned

    register_plugin(Wrong(), name="wrong-folders")
    with pytest.raises(rp.PluginError) as caught:
        rp.render(morag, "person", "md", today=TODAY)
    assert str(caught.value) == f"plugin 'wrong-folders', hook template_dirs: {problem}"
    assert caught.value.hook == "template_dirs"


@pytest.mark.parametrize("hook", ["extra_template_vars", "prepare_jinja2_environment"])
def test_a_rendering_hook_that_raises_names_the_plugin(
    morag: rp.Plan, register_plugin: Register, hook: str
) -> None:
    def fail(**_: object) -> None:
        raise RuntimeError("the brand server is down")

    plugin = type("Failing", (), {hook: staticmethod(rp.hookimpl(fail))})()
    register_plugin(plugin, name="failing")
    with pytest.raises(rp.PluginError) as caught:
        rp.render(morag, "person", "txt", today=TODAY)
    assert str(caught.value) == (
        f"plugin 'failing', hook {hook}: raised RuntimeError: the brand server is down"
    )
    assert (caught.value.plugin, caught.value.hook) == ("failing", hook)


# -- templates that stack --------------------------------------------------------------------


def layered(tmp_path: Path, name: str, files: dict[str, str]) -> Templates:
    folder = tmp_path / name
    folder.mkdir()
    for file, text in files.items():
        (folder / file).write_text(text, encoding="utf-8")
    return Templates(folder)


@pytest.mark.parametrize("format", ["html", "md", "txt"])
def test_two_plugins_overriding_one_template_both_show(
    morag: rp.Plan, register_plugin: Register, tmp_path: Path, format: str
) -> None:
    name = f"plan.{format}.j2"
    for plugin, words in [("zeta-brand", "Zeta footer"), ("alpha-brand", "Alpha footer")]:
        override = (
            f'{{% extends "default:{name}" %}}{{% block footer %}}{{{{ super() }}}}\n'
            f"{words}\n{{% endblock %}}"
        )
        register_plugin(layered(tmp_path, plugin, {name: override}), name=plugin)
    output = rp.render(morag, "person", format, today=TODAY)
    assert isinstance(output, str)
    # Stacked in the plugins' name order: alpha's extends zeta's, which extends the built-in.
    assert output.index("Printed on") < output.index("Zeta footer")
    assert output.index("Zeta footer") < output.index("Alpha footer")


def test_a_plugin_template_that_hides_another_plugins_is_reported(
    morag: rp.Plan, register_plugin: Register, tmp_path: Path
) -> None:
    register_plugin(layered(tmp_path, "a", {"plan.md.j2": "# Only mine\n"}), name="first")
    register_plugin(
        layered(tmp_path, "b", {"plan.md.j2": '{% extends "default:plan.md.j2" %}'}),
        name="second",
    )
    with pytest.raises(rp.PluginError) as caught:
        rp.render(morag, "person", "md", today=TODAY)
    assert str(caught.value) == (
        "plugins 'first' and 'second' both provide the template plan.md.j2, and 'first''s "
        'does not build on the next one (with {% extends "default:plan.md.j2" %}), so the '
        "other would never be used; extend it, or remove one of them"
    )


@pytest.mark.parametrize("format", ["md", "txt"])
def test_an_organisation_header_in_markdown_and_plain_text(
    morag: rp.Plan, register_plugin: Register, tmp_path: Path, format: str
) -> None:
    folder = template_folder(
        tmp_path,
        {
            f"plan.{format}.j2": (
                f'{{% extends "default:plan.{format}.j2" %}}\n'
                "{% block header %}\nRiverside Support, 0141 496 0000\n\n{{ super() }}"
                "{% endblock %}\n"
                "{% block title %}{{ super() }}(printed by Riverside)\n{% endblock %}\n"
            )
        },
    )
    register_plugin(Templates(folder), name="riverside-header")
    output = rp.render(morag, "staff", format, today=TODAY)
    assert isinstance(output, str)
    assert output.startswith("Riverside Support, 0141 496 0000\n\n")
    heading, rest = output.removeprefix("Riverside Support, 0141 496 0000\n\n").split("\n", 1)
    assert heading.startswith("# ") == (format == "md")
    assert heading.endswith(": recovery plan, for the team")
    assert rest.startswith("(printed by Riverside)\n" if format == "md" else "=")
    assert "(printed by Riverside)" in rest
    # The rest of the plan is still there.
    assert "Prepared for the team on" in output


def test_preparing_the_environment_returns_nothing(
    morag: rp.Plan, register_plugin: Register
) -> None:
    class Replacing:
        @rp.hookimpl
        def prepare_jinja2_environment(self) -> object:
            return jinja2.Environment()

    register_plugin(Replacing(), name="replacing")
    with pytest.raises(rp.PluginError) as caught:
        rp.render(morag, "person", "txt", today=TODAY)
    assert str(caught.value).startswith(
        "plugin 'replacing', hook prepare_jinja2_environment: returned Environment "
    )
    assert str(caught.value).endswith(
        "change the environment it is given (env.filters, env.tests, env.globals) and return "
        "nothing"
    )
