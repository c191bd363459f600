"""Plugins per organisation: a plugin's templates, variables and checks limited to plans of its
service, organisation or framework, its own settings, and the configuration's errors."""

from __future__ import annotations

import functools
import re
import tempfile
from collections.abc import Callable, Generator, Iterator
from pathlib import Path

import attrs
import pluggy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import recoveryplan as rp
from recoveryplan.plugin_config import PluginConfig, PluginConfigError
from recoveryplan.plugins import build_plugin_manager, use_plugin_manager
from recoveryplan.templating import environment
from recoveryplan.testing import isolated_plugins, plans

from ..support.reference import TODAY

ALPHA = rp.Service(name="Alpha Recovery Team", organisation="Alpha Care")
BETA = rp.Service(name="Beta Supported Living", organisation="Beta Housing")
GAMMA = rp.Service(name="Gamma Community Team", organisation="Gamma Trust")

FRAME = {
    "html": (
        '{% extends "default:plan.html.j2" %}'
        "{% block header %}<p>@@ header for {{ @@_who }}</p>{{ super() }}{% endblock %}"
        "{% block footer %}{{ super() }}<p>@@ footer</p>{% endblock %}"
    ),
    "md": (
        '{% extends "default:plan.md.j2" %}'
        "{% block header %}@@ header for {{ @@_who }}\n\n{{ super() }}{% endblock %}"
        "{% block footer %}{{ super() }}\n@@ footer\n{% endblock %}"
    ),
}


class Organisation:
    """An organisation's plugin: a frame (header and footer) for its plans, and a variable."""

    def __init__(self, name: str, folder: Path) -> None:
        self.name = name
        self.folder = folder / name
        self.folder.mkdir()
        for format, text in FRAME.items():
            (self.folder / f"plan.{format}.j2").write_text(text.replace("@@", name), "utf-8")

    @rp.hookimpl
    def template_dirs(self) -> list[Path]:
        return [self.folder]

    @rp.hookimpl
    def extra_template_vars(self, plan: rp.Plan) -> dict[str, str]:
        return {f"{self.name}_who": rp.plugin_config(self.name).get("who", plan.person.called)}

    @rp.hookimpl
    def validate_plan(self, plan: rp.Plan) -> list[rp.Finding]:
        return [rp.Finding("info", f"{self.name}.seen", "$", f"{self.name} checked this plan")]

    @rp.hookimpl
    def crisis_lines(self) -> list[rp.Professional]:
        return [rp.Professional(name=f"{self.name} out-of-hours line", contact="0800 000 000")]


def of(plan: rp.Plan, service: rp.Service, framework: str | None = None) -> rp.Plan:
    return attrs.evolve(plan, service=service, framework=framework or plan.framework)


SCOPED = {
    "plugins": {
        "alpha": {"services": ["Alpha Recovery Team"], "who": "the Alpha team"},
        "beta": {"organisations": ["beta  housing"]},  # case and spacing do not matter
    }
}


@pytest.fixture
def organisations(tmp_path: Path) -> Iterator[None]:
    plugins = [Organisation("alpha", tmp_path), Organisation("beta", tmp_path)]
    with isolated_plugins() as kit:
        for plugin in plugins:
            kit.register(plugin, name=plugin.name)
        with rp.use_plugin_config(SCOPED):
            yield


@pytest.mark.usefixtures("organisations")
@pytest.mark.parametrize("format", ["html", "md"])
def test_one_process_renders_each_organisations_plan_in_its_own_frame(
    morag: rp.Plan, format: str
) -> None:
    alpha = rp.render(of(morag, ALPHA), "person", format, today=TODAY)
    beta = rp.render(of(morag, BETA), "person", format, today=TODAY)
    gamma = rp.render(of(morag, GAMMA), "person", format, today=TODAY)
    again = rp.render(of(morag, ALPHA), "staff", format, today=TODAY)
    assert "alpha header for the Alpha team" in alpha
    assert "alpha footer" in alpha
    assert "beta header for Morag" in beta
    assert "beta footer" in beta
    assert "beta" not in alpha
    assert "alpha" not in beta
    assert "alpha" not in gamma
    assert "beta" not in gamma
    assert "alpha footer" in again
    assert "beta" not in again


def test_a_plan_no_plugin_is_for_gets_the_default_frame(
    morag: rp.Plan, organisations: None
) -> None:
    gamma = of(morag, GAMMA)
    framed = rp.render(gamma, "person", "html", today=TODAY)
    with isolated_plugins():
        plain = rp.render(gamma, "person", "html", today=TODAY)
    assert framed == plain


@pytest.mark.usefixtures("organisations")
def test_plans_of_one_organisation_share_one_environment(morag: rp.Plan) -> None:
    first = environment("html", of(morag, ALPHA))
    assert environment("html", of(attrs.evolve(morag, id="another"), ALPHA)) is first
    assert environment("html", of(morag, BETA)) is not first
    unlimited = environment("html")
    assert unlimited is environment("html", of(morag, GAMMA))
    assert unlimited.loader is not None
    assert not any("alpha" in name for name in unlimited.loader.list_templates())


@pytest.mark.usefixtures("organisations")
def test_checks_and_crisis_lines_are_limited_too(morag: rp.Plan) -> None:
    def codes(plan: rp.Plan) -> set[str]:
        return {f.code for f in rp.validate(plan, today=TODAY) if f.code.endswith(".seen")}

    assert codes(of(morag, ALPHA)) == {"alpha.seen"}
    assert codes(of(morag, BETA)) == {"beta.seen"}
    assert codes(of(morag, GAMMA)) == set()
    card = rp.render(of(morag, BETA), "person", "txt", view="crisis-card", today=TODAY)
    assert "beta out-of-hours line" in card
    assert "alpha out-of-hours line" not in card


class Wrapper:
    """A plugin that wraps the checks: it adds its own result (a list holding one finding) to
    the results the checks gave."""

    @rp.hookimpl(wrapper=True)
    def validate_plan(
        self,
    ) -> Generator[None, list[list[rp.Finding]], list[list[rp.Finding]]]:
        found = yield
        return [*found, [rp.Finding("info", "wrapper.wrapped", "$", "wrapped")]]


def test_a_wrapper_limited_to_other_plans_does_not_wrap(morag: rp.Plan) -> None:
    with isolated_plugins() as kit:
        kit.register(Wrapper(), name="wrapper")
        with rp.use_plugin_config({"plugins": {"wrapper": {"services": [ALPHA.name]}}}):
            alpha = {f.code for f in rp.validate(of(morag, ALPHA), today=TODAY)}
            gamma = {f.code for f in rp.validate(of(morag, GAMMA), today=TODAY)}
    assert "wrapper.wrapped" in alpha
    assert "wrapper.wrapped" not in gamma


def test_without_a_configuration_every_plugin_applies_to_every_plan(
    morag: rp.Plan, tmp_path: Path
) -> None:
    with isolated_plugins(Organisation("alpha", tmp_path)):
        page = rp.render(of(morag, GAMMA), "person", "html", today=TODAY)
    assert "alpha header for Morag" in page


def test_frameworks_and_services_together_must_both_match(morag: rp.Plan, tmp_path: Path) -> None:
    config = {"plugins": {"alpha": {"services": [ALPHA.name], "frameworks": ["chime"]}}}
    with isolated_plugins() as kit:
        kit.register(Organisation("alpha", tmp_path), name="alpha")
        with rp.use_plugin_config(config):
            on_chime = rp.render(of(morag, ALPHA, "chime"), "person", "md", today=TODAY)
            elsewhere = rp.render(of(morag, ALPHA, "shanarri"), "person", "md", today=TODAY)
    assert "alpha header" in on_chime
    assert "alpha header" not in elsewhere


def test_plugin_config_gives_a_plugin_its_values_and_nothing_else(tmp_path: Path) -> None:
    with isolated_plugins() as kit:
        kit.register(Organisation("alpha", tmp_path), name="alpha")
        assert rp.plugin_config("alpha") == {}
        with rp.use_plugin_config(SCOPED | {"plugins": {"alpha": SCOPED["plugins"]["alpha"]}}):
            assert rp.plugin_config("alpha") == {"who": "the Alpha team"}
            with pytest.raises(TypeError):
                rp.plugin_config("alpha")["who"] = "someone else"  # type: ignore[index]
        assert rp.plugin_config("alpha") == {}


def test_a_secret_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALPHA_KEY", "s3cret")
    config = PluginConfig.from_dict({"plugins": {"alpha": {"key": {"$env": "ALPHA_KEY"}}}})
    assert config.values("alpha") == {"key": "s3cret"}
    monkeypatch.delenv("ALPHA_KEY")
    with pytest.raises(PluginConfigError, match=r"plugins\.alpha\.key: .*ALPHA_KEY.*not set"):
        PluginConfig.from_dict({"plugins": {"alpha": {"key": {"$env": "ALPHA_KEY"}}}})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[plugins.alpha]\nservices = 'Alpha'\n", r"x\.toml: plugins\.alpha\.services: must be a"),
        ("[plugins.alpha]\nservices = []\n", r"plugins\.alpha\.services: must be a non-empty"),
        ("[plugins.alpha]\nframeworks = [3]\n", r"plugins\.alpha\.frameworks: must be a"),
        ("[plugins]\nalpha = 3\n", r"plugins\.alpha: must be a section"),
        ("[plugin.alpha]\n", r"x\.toml: plugin: is not a setting"),
        ("[plugins.alpha\n", r"x\.toml: is not valid TOML \(.*line 1"),
    ],
)
def test_a_configuration_that_cannot_be_used_says_where_and_how_to_fix_it(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "x.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(PluginConfigError, match=expected):
        PluginConfig.load(path)


def test_a_section_for_a_plugin_that_is_not_loaded_is_an_error(tmp_path: Path) -> None:
    with isolated_plugins() as kit:
        kit.register(Organisation("alpha", tmp_path), name="alpha")
        with (
            pytest.raises(PluginConfigError, match=r"plugins\.alpah: .*did you mean 'alpha'"),
            rp.use_plugin_config({"plugins": {"alpah": {}}}),
        ):
            pass  # pragma: no cover - refused on entry


# -- the command line --------------------------------------------------------------------------

PLUGIN_FILE = """
from pathlib import Path

from recoveryplan import hookimpl, plugin_config

@hookimpl
def template_dirs():
    return [Path(__file__).parent / "{name}_templates"]

@hookimpl
def extra_template_vars(plan):
    return {{"{name}_who": plugin_config("{name}").get("who", plan.person.called)}}
"""


def plugins_folder(tmp_path: Path) -> Path:
    """A folder of unpackaged plugins, as an author keeps one while developing."""
    folder = tmp_path / "plugins"
    folder.mkdir()
    for name in ("alpha", "beta"):
        (folder / f"{name}.py").write_text(PLUGIN_FILE.format(name=name), "utf-8")
        templates = folder / f"{name}_templates"
        templates.mkdir()
        for format, text in FRAME.items():
            (templates / f"plan.{format}.j2").write_text(text.replace("@@", name), "utf-8")
    (folder / "_helpers.py").write_text("raise RuntimeError('not a plugin')\n", "utf-8")
    return folder


def plugins_folder_of(tmp_path: Path) -> Path:
    return tmp_path / "plugins"


Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def run(*argv: str) -> tuple[int, str, str]:
        status = rp_main(list(argv))
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return run


def rp_main(argv: list[str]) -> int:
    from recoveryplan.cli import main

    return main(argv)


def plan_files(morag: rp.Plan, tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "caseload"
    folder.mkdir()
    paths = {}
    for name, service in (("alpha", ALPHA), ("beta", BETA), ("gamma", GAMMA)):
        paths[name] = folder / f"{name}.json"
        paths[name].write_text(rp.dumps(of(morag, service)), "utf-8")
    return paths


CONFIG = """
[plugins.alpha]
services = ["Alpha Recovery Team"]
who = "the Alpha team"

[plugins.beta]
organisations = ["Beta Housing"]
"""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_render_out_dir_frames_each_plan_as_its_organisation(
    morag: rp.Plan, tmp_path: Path, run: Run, jobs: str
) -> None:
    plans = plan_files(morag, tmp_path)
    config = tmp_path / "orgs.toml"
    config.write_text(CONFIG, "utf-8")
    out = tmp_path / "out"
    status, _, err = run(
        "render", str(plans["alpha"].parent), "--out-dir", str(out), "--audience", "person",
        "--today", TODAY.isoformat(), "--jobs", jobs, "-q",
        "--plugins-dir", str(plugins_folder(tmp_path)), "--plugin-config", str(config),
    )  # fmt: skip
    assert (status, err) == (0, "")
    alpha = (out / "alpha.person.html").read_text("utf-8")
    beta = (out / "beta.person.html").read_text("utf-8")
    gamma = (out / "gamma.person.html").read_text("utf-8")
    assert "alpha header for the Alpha team" in alpha
    assert "beta" not in alpha
    assert "beta header for Morag" in beta
    assert "alpha" not in beta
    assert "alpha" not in gamma
    assert "beta" not in gamma


def test_recoveryplan_toml_in_the_current_folder_is_read(
    morag: rp.Plan, tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    plans = plan_files(morag, tmp_path)
    folder = plugins_folder(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "recoveryplan.toml").write_text(CONFIG, "utf-8")
    status, out, _ = run(
        "render", str(plans["gamma"]), "--audience", "person", "--format", "md",
        "--plugins-dir", str(folder),
    )  # fmt: skip
    assert status == 0
    assert "alpha" not in out
    assert "beta" not in out
    (tmp_path / "recoveryplan.toml").unlink()
    status, out, _ = run(
        "render", str(plans["gamma"]), "--audience", "person", "--format", "md",
        "--plugins-dir", str(folder),
    )  # fmt: skip
    assert status == 0
    assert "alpha header for Morag" in out
    assert "beta header for Morag" in out


def test_plugins_lists_the_plugins_of_a_folder(tmp_path: Path, run: Run) -> None:
    status, out, _ = run("plugins", "--plugins-dir", str(plugins_folder(tmp_path)))
    assert status == 0
    assert "alpha" in out.split()
    assert "beta" in out.split()
    assert "_helpers" not in out
    assert "alpha_templates" in out
    assert f"alpha version unknown (from {plugins_folder_of(tmp_path) / 'alpha.py'})" in out


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ("[plugins.alpah]\n", r"orgs\.toml: plugins\.alpah: no plugin called 'alpah'"),
        ("[plugins.alpha]\nservices = 'x'\n", r"orgs\.toml: plugins\.alpha\.services: must be"),
        ("[plugins.alpha\n", r"orgs\.toml: is not valid TOML"),
    ],
)
def test_a_bad_configuration_is_a_usage_error_naming_file_and_key(
    tmp_path: Path, run: Run, config: str, expected: str
) -> None:
    path = tmp_path / "orgs.toml"
    path.write_text(config, "utf-8")
    folder = plugins_folder(tmp_path)
    status, _, err = run("plugins", "--plugins-dir", str(folder), "--plugin-config", str(path))
    assert status == 2
    assert err.startswith("recoveryplan plugins: ")
    assert len(err.splitlines()) == 1
    assert re.search(expected, err), err


def test_a_missing_configuration_file_or_folder_is_a_usage_error(tmp_path: Path, run: Run) -> None:
    status, _, err = run("validate", "x.json", "--plugin-config", str(tmp_path / "no.toml"))
    assert status == 2
    assert "no.toml: no such file" in err
    status, _, err = run("validate", "x.json", "--plugins-dir", str(tmp_path / "nowhere"))
    assert status == 2
    assert "nowhere: is not a folder" in err


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("def broken(:\n", r"broken\.py, line 1: plugin 'broken' could not be loaded: SyntaxError"),
        ("import no_such_module_here\n", r"broken\.py: plugin 'broken' could not be loaded: "),
        (
            "from recoveryplan import hookimpl\n@hookimpl\ndef template_dir():\n    return []\n",
            r"broken\.py: plugin 'broken' implements template_dir \(did you mean template_dirs",
        ),
    ],
)
def test_a_failing_plugin_file_is_named(
    morag: rp.Plan, tmp_path: Path, run: Run, source: str, expected: str
) -> None:
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "broken.py").write_text(source, "utf-8")
    plans = plan_files(morag, tmp_path)
    status, _, err = run("validate", str(plans["alpha"]), "--plugins-dir", str(folder))
    assert status == 1
    assert re.search(expected, err), err
    assert "Traceback" not in err


def test_plugins_of_a_folder_are_gone_when_the_command_ends(tmp_path: Path, run: Run) -> None:
    status, _, _ = run("plugins", "--plugins-dir", str(plugins_folder(tmp_path)))
    assert status == 0
    assert "alpha" not in {info.name for info in rp.get_plugins()}
    assert rp.plugin_config("alpha") == {}


# -- properties and the program's interface ----------------------------------------------------


@functools.cache
def managers() -> tuple[pluggy.PluginManager, pluggy.PluginManager]:
    """The built-in plugins alone, and with ``alpha``: made once, so that the property's
    examples reuse their Jinja environments instead of building them anew each time."""
    folder = Path(tempfile.mkdtemp(prefix="alpha-plugin-"))
    with_alpha = build_plugin_manager(autoload=False)
    with_alpha.register(Organisation("alpha", folder), name="alpha")
    return build_plugin_manager(autoload=False), with_alpha


@settings(max_examples=25, deadline=None)
@given(plans(max_depth=3, max_goals=6), st.sampled_from(["person", "staff"]))
def test_a_plugin_limited_to_other_plans_changes_nothing_in_a_rendering(
    plan: rp.Plan, reader: str
) -> None:
    """For any plan of another service, the rendering is the library's own, byte for byte; the
    same plan moved to the plugin's service is framed."""
    alone, with_alpha = managers()
    with use_plugin_manager(alone):
        plain = rp.render(plan, reader, "md", today=TODAY)
    with (
        use_plugin_manager(with_alpha),
        rp.use_plugin_config({"plugins": {"alpha": {"services": [ALPHA.name]}}}),
    ):
        if plan.service is None or plan.service.name != ALPHA.name:
            assert rp.render(plan, reader, "md", today=TODAY) == plain
        framed = rp.render(of(plan, ALPHA), reader, "md", today=TODAY)
    assert "alpha footer" in framed


def test_configure_plugins_sets_the_process_configuration_until_cleared(
    morag: rp.Plan, tmp_path: Path
) -> None:
    path = tmp_path / "recoveryplan.toml"
    path.write_text(CONFIG, "utf-8")
    with isolated_plugins() as kit:
        for name in ("alpha", "beta"):
            kit.register(Organisation(name, tmp_path), name=name)
        try:
            configured = rp.configure_plugins(path)
            assert configured.source == str(path)
            assert rp.plugin_config("alpha") == {"who": "the Alpha team"}
            assert "beta" not in rp.render(of(morag, ALPHA), "person", "md", today=TODAY)
        finally:
            rp.configure_plugins(None)
        assert rp.plugin_config("alpha") == {}
        assert "beta header" in rp.render(of(morag, ALPHA), "person", "md", today=TODAY)
        with pytest.raises(PluginConfigError, match=r"plugins\.nobody: no plugin called"):
            rp.configure_plugins(rp.PluginConfig.from_dict({"plugins": {"nobody": {}}}))
        assert rp.plugin_config("alpha") == {}
