"""The plugin surface: entry points, merging, conflicts and failures named by plugin."""

from __future__ import annotations

import inspect
import json
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable, Generator
from datetime import date
from pathlib import Path

import pytest

import recoveryplan as rp
from recoveryplan import hookspecs
from recoveryplan.plugins import AUTOLOAD_VARIABLE, get_plugins, hook_reference
from recoveryplan.testing import PluginsForTest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = Path(rp.__file__).parent / "examples" / "morag.json"


def run_python(
    code: str, *, autoload: bool, path: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run code in a fresh interpreter, as an embedding system would, with plugins autoloaded."""
    env = {k: v for k, v in os.environ.items() if k != AUTOLOAD_VARIABLE}
    if not autoload:
        env[AUTOLOAD_VARIABLE] = "1"
    if path is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(path), env.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )


def fake_distribution(tmp_path: Path, module: str, source: str, entry: str) -> Path:
    """An installed distribution made by hand: a module and a dist-info with one entry point."""
    (tmp_path / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    info = tmp_path / f"{module}-1.2.3.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {module}\nVersion: 1.2.3\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        f"[recoveryplan]\n{entry} = {module}\n", encoding="utf-8"
    )
    return tmp_path


def plugin_error(path: Path) -> subprocess.CompletedProcess[str]:
    """What loading the plugins says, in a fresh interpreter that also sees ``path``."""
    result = run_python(
        """
        import recoveryplan as rp
        try:
            rp.frameworks()
        except rp.PluginError as error:
            print(error)
        """,
        autoload=True,
        path=path,
    )
    assert result.returncode == 0, result.stderr
    return result


def test_an_installed_plugin_is_found_through_its_entry_point() -> None:
    result = run_python(
        """
        import json, recoveryplan as rp
        from recoveryplan.plugins import framework_owners
        plugins = {p.name: [p.distribution, p.version, list(p.hooks)] for p in rp.get_plugins()}
        print(json.dumps({"owners": framework_owners(), "plugins": plugins}))
        """,
        autoload=True,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["owners"]["riverside-life-areas"] == "riverside", (
        "the example organisation plugin is not installed; `make test` installs plugins/*"
    )
    assert found["owners"]["chime"] == "recoveryplan.builtin.frameworks"
    assert found["plugins"]["riverside"] == [
        "recoveryplan-riverside",
        "0.1.0",
        ["register_frameworks", "validate_plan"],
    ]


def test_the_example_plugin_finds_the_example_plans_cost_centre() -> None:
    """The reference plan is filed under Riverside's cost centre RSL-14: the plugin checks a
    plan's extensions as loaded (a read-only mapping), and warns only when one has none."""
    result = run_python(
        """
        import json, recoveryplan as rp
        from datetime import date
        from recoveryplan.demo import example_plan
        plan = example_plan()
        codes = lambda p: [f.code for f in rp.validate(p, today=date(2026, 6, 1))]
        bare = rp.loads(rp.dumps(plan).replace('"cost_centre": "RSL-14"', '"cost_centre": ""'))
        print(json.dumps([codes(plan), codes(bare)]))
        """,
        autoload=True,
    )
    assert result.returncode == 0, result.stderr
    filed, unfiled = json.loads(result.stdout)
    assert "riverside.cost-centre-missing" not in filed
    assert "riverside.cost-centre-missing" in unfiled


def test_autoloading_can_be_turned_off() -> None:
    result = run_python("import recoveryplan as rp; print(sorted(rp.frameworks()))", autoload=False)
    assert result.returncode == 0, result.stderr
    assert "riverside-life-areas" not in result.stdout
    assert "chime" in result.stdout


def test_a_plugin_that_fails_to_import_is_named(tmp_path: Path) -> None:
    path = fake_distribution(
        tmp_path, "broken_plugin", "raise ImportError('no module named x')", "broken"
    )
    result = plugin_error(path)
    assert (
        "plugin 'broken' (broken_plugin) could not be loaded: ImportError: no module named x"
        in result.stdout
    )


def test_a_misspelled_hook_is_an_error_not_silence(tmp_path: Path) -> None:
    source = """
        from recoveryplan import hookimpl

        @hookimpl
        def register_framework():
            return []
        """
    path = fake_distribution(tmp_path, "typo_plugin", source, "typo")
    result = plugin_error(path)
    assert result.stdout.startswith(
        "plugin 'typo' (typo_plugin 1.2.3) implements register_framework (did you mean "
        "register_frameworks?), which is not a hook; the hooks are: "
    )


def test_a_misspelled_hook_on_a_plugin_registered_in_process_is_an_error(
    register_plugin: Callable[..., object],
) -> None:
    class Typo:
        @rp.hookimpl
        def validate_plans(self) -> list[rp.Finding]:
            return []

    with pytest.raises(rp.PluginError) as caught:
        register_plugin(Typo(), name="typo")
    assert str(caught.value).startswith(
        "plugin 'typo' implements validate_plans (did you mean validate_plan?), which is not "
        "a hook; the hooks are: "
    )
    assert (caught.value.plugin, caught.value.hook) == ("typo", "validate_plans")
    assert "typo" not in {p.name for p in get_plugins()}


def test_an_optional_hook_of_another_version_may_be_implemented(
    register_plugin: Callable[..., object],
) -> None:
    class Newer:
        @rp.hookimpl(optionalhook=True)
        def a_hook_from_a_later_version(self) -> None:
            return None

    register_plugin(Newer(), name="newer")
    assert "newer" in {p.name for p in get_plugins()}


@pytest.mark.parametrize(
    ("returned", "problem"),
    [
        (
            rp.Framework("solo", "Solo", [rp.Domain("a", "A")]),
            "returned Framework Framework(",
        ),
        (["x"], "returned a list holding str 'x'; every item must be recoveryplan.Framework"),
        (None, None),
    ],
)
def test_register_frameworks_must_return_a_list_of_frameworks(
    register_plugin: Callable[..., object], returned: object, problem: str | None
) -> None:
    class Wrong:
        @rp.hookimpl
        def register_frameworks(self) -> object:
            return returned

    register_plugin(Wrong(), name="wrong")
    if problem is None:  # None is pluggy's "nothing to say"
        assert "chime" in rp.frameworks()
        return
    with pytest.raises(rp.PluginError) as caught:
        rp.frameworks()
    assert str(caught.value).startswith(f"plugin 'wrong', hook register_frameworks: {problem}")
    assert (caught.value.plugin, caught.value.hook) == ("wrong", "register_frameworks")


def test_a_hook_that_raises_names_the_plugin_and_the_hook(
    register_plugin: Callable[..., object],
) -> None:
    class Broken:
        @rp.hookimpl
        def register_frameworks(self) -> list[rp.Framework]:
            raise OSError("licence file missing")

    register_plugin(Broken(), name="broken")
    with pytest.raises(rp.PluginError) as caught:
        rp.frameworks()
    assert str(caught.value) == (
        "plugin 'broken', hook register_frameworks: raised OSError: licence file missing"
    )
    assert isinstance(caught.value.__cause__, OSError)


def test_hooks_go_through_pluggy_so_wrappers_and_monitoring_work(
    morag: rp.Plan, recoveryplan_plugins: PluginsForTest
) -> None:
    seen: list[str] = []

    class Wrapper:
        @rp.hookimpl(wrapper=True)
        def validate_plan(
            self,
        ) -> Generator[None, list[list[rp.Finding]], list[list[rp.Finding]]]:
            results = yield
            return [*results, [rp.Finding("info", "org.wrapped", "$", str(len(results)))]]

    class Check:
        @rp.hookimpl
        def validate_plan(self) -> list[rp.Finding]:
            return [rp.Finding("info", "org.checked", "$", "checked")]

    recoveryplan_plugins.register(Wrapper(), name="wrapper")
    recoveryplan_plugins.register(Check(), name="check")
    undo = recoveryplan_plugins.manager.add_hookcall_monitoring(
        lambda hook, impls, kwargs: seen.append(hook), lambda *_: None
    )
    try:
        findings = rp.validate(morag, today=date(2026, 6, 2))
    finally:
        undo()
    # The wrapper wraps the one call: the built-in checks' results and the organisation's.
    checks = [
        impl
        for impl in recoveryplan_plugins.manager.hook.validate_plan.get_hookimpls()
        if not impl.wrapper
    ]
    assert len(checks) >= 3
    wrapped = [finding for finding in findings if finding.code == "org.wrapped"]
    assert [finding.message for finding in wrapped] == [str(len(checks))]
    assert "org.checked" in codes_of(findings)
    assert seen.count("validate_plan") == 1
    assert "register_frameworks" in seen


def test_an_argument_the_hook_does_not_have_is_an_error(
    register_plugin: Callable[..., object],
) -> None:
    class Extra:
        @rp.hookimpl
        def validate_plan(self, plan: rp.Plan, caseload: object) -> list[rp.Finding]:
            return []

    with pytest.raises(rp.PluginError) as caught:
        register_plugin(Extra(), name="extra")
    assert str(caught.value).startswith("plugin 'extra': ")
    assert "caseload" in str(caught.value)
    assert "\n" not in str(caught.value)


def codes_of(findings: list[rp.Finding]) -> list[str]:
    return [finding.code for finding in findings]


def run_cli(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``recoveryplan ARGS`` in a fresh process that also finds the plugins under ``path``."""
    env = {k: v for k, v in os.environ.items() if k != AUTOLOAD_VARIABLE}
    env["PYTHONPATH"] = os.pathsep.join([str(path), env.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, "-m", "recoveryplan", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )


def test_a_failing_check_is_a_finding_on_the_command_line(tmp_path: Path) -> None:
    source = """
        from recoveryplan import hookimpl

        @hookimpl
        def validate_plan(plan):
            return plan.extensions["org.acme"]["cost_centre"]
        """
    path = fake_distribution(tmp_path, "acme_checks", source, "acme")
    result = run_cli(path, "validate", str(EXAMPLE), "--today", "2026-06-02")
    assert (result.returncode, result.stderr) == (1, "")
    assert (
        "error: $: the plan could not be fully checked: plugin 'acme' (acme_checks 1.2.3), "
        "hook validate_plan: raised KeyError: 'org.acme' [plugin.failed]\n"
    ) in result.stdout
    assert "[risk.overdue]" in result.stdout  # the other checks ran


def test_a_broken_plugin_template_is_one_line_on_the_command_line(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "plan.md.j2").write_text(
        '{% extends "default:plan.md.j2" %}\n{% block footer %}{{ office.phone }}{% endblock %}\n',
        encoding="utf-8",
    )
    source = f"""
        from recoveryplan import hookimpl

        @hookimpl
        def template_dirs():
            return [{str(templates)!r}]
        """
    path = fake_distribution(tmp_path, "acme_templates", source, "acme")
    result = run_cli(path, "render", str(EXAMPLE), "--audience", "person", "--format", "md")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "recoveryplan: plugin 'acme' (acme_templates 1.2.3), hook template_dirs: its template "
        "plan.md.j2 failed at line 2: UndefinedError: 'office' is undefined\n"
    )


def test_a_failing_plugin_is_one_line_on_the_command_line(tmp_path: Path) -> None:
    source = """
        from recoveryplan import hookimpl

        @hookimpl
        def register_frameworks():
            raise RuntimeError("cannot reach the licence server")
        """
    path = fake_distribution(tmp_path, "failing_plugin", source, "failing")
    message = (
        "plugin 'failing' (failing_plugin 1.2.3), hook register_frameworks: raised "
        "RuntimeError: cannot reach the licence server"
    )
    for command in (["frameworks"], ["validate", str(EXAMPLE)]):
        result = run_cli(path, *command)
        assert (result.returncode, result.stdout) == (1, ""), command
        assert result.stderr == f"recoveryplan: {message}\n", command
    # The listing is where one looks for a broken plugin: it lists it, with the problem.
    listed = run_cli(path, "plugins")
    assert (listed.returncode, listed.stderr) == (0, "")
    assert (
        f"failing 1.2.3 (failing_plugin)\n  hooks: register_frameworks\n  problem: {message}\n"
    ) in listed.stdout
    assert "recoveryplan.builtin.frameworks 0.1.0 (built in)\n" in listed.stdout


def test_two_frameworks_with_one_id_name_both_plugins(
    register_plugin: Callable[..., object],
) -> None:
    class Copycat:
        @rp.hookimpl
        def register_frameworks(self) -> list[rp.Framework]:
            return [rp.Framework("chime", "Another CHIME", [rp.Domain("x", "X")])]

    register_plugin(Copycat(), name="copycat")
    with pytest.raises(rp.FrameworkConflictError) as raised:
        rp.frameworks()
    message = str(raised.value)
    assert message == (
        "the framework id 'chime' is registered by both 'copycat' and "
        "'recoveryplan.builtin.frameworks' (built in)"
    )


def test_frameworks_from_plugins_are_merged_and_used_by_validation(register_plugin, morag) -> None:  # type: ignore[no-untyped-def]
    class Organisation:
        @rp.hookimpl
        def register_frameworks(self) -> list[rp.Framework]:
            return [
                rp.Framework(
                    "org-areas",
                    "Organisation areas",
                    [rp.Domain("home", "Home")],
                    rating_scale=rp.RatingScale(0, 3),
                )
            ]

        @rp.hookimpl
        def validate_plan(self, plan: rp.Plan) -> list[rp.Finding]:
            # Implementations may take any subset of a hook's arguments.
            return [rp.Finding("info", "org.seen", "$", f"checked {plan.id}")]

    register_plugin(Organisation(), name="organisation")
    assert {"chime", "talking-points", "shanarri", "org-areas"} <= set(rp.frameworks())
    findings = rp.validate(morag, today=date(2026, 6, 2))
    assert rp.Finding("info", "org.seen", "$", "checked plan-rsl-0142") in findings
    assert "organisation" in {p.name for p in get_plugins()}


def test_builtin_features_are_plugins_like_any_other() -> None:
    builtins = {p.name: p for p in get_plugins() if p.builtin}
    assert builtins["recoveryplan.builtin.frameworks"].hooks == ("register_frameworks",)
    assert "validate_plan" in builtins["recoveryplan.builtin.integrity"].hooks
    assert "validate_plan" in builtins["recoveryplan.builtin.practice"].hooks


def test_shipped_frameworks_carry_source_and_licence() -> None:
    frameworks = rp.frameworks()
    chime = frameworks["chime"]
    assert chime.domain_ids == ["connectedness", "hope", "identity", "meaning", "empowerment"]
    assert chime.rating_scale == rp.RatingScale(1, 10, chime.rating_scale.labels)  # type: ignore[union-attr]
    assert "Leamy" in (chime.source or "")
    assert frameworks["talking-points"].rating_scale is None
    assert len(frameworks["talking-points"].domains) == 15
    shanarri = "safe healthy achieving nurtured active respected responsible included"
    assert frameworks["shanarri"].domain_ids == shanarri.split()
    for framework in frameworks.values():
        assert framework.source, framework.id
        assert framework.licence, framework.id


def test_a_rating_scale_needs_a_range() -> None:
    with pytest.raises(ValueError, match=r"minimum < maximum, not 5\.\.5"):
        rp.RatingScale(5, 5)


HOOKS = sorted(
    name
    for name, value in inspect.getmembers(hookspecs, inspect.isfunction)
    if hasattr(value, "recoveryplan_spec")
)


def test_the_contract_hooks_exist() -> None:
    assert set(HOOKS) >= {
        "register_frameworks",
        "validate_plan",
        "template_dirs",
        "extra_template_vars",
        "prepare_jinja2_environment",
    }


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_is_documented_for_plugin_authors(hook: str) -> None:
    doc = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    assert re.search(rf"^### `{hook}\(", doc, re.MULTILINE), f"docs/plugins.md lacks `{hook}`"


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_has_a_test(hook: str) -> None:
    tests = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").rglob("test_*.py"))
    implemented = re.findall(r"def (\w+)\(", tests)
    assert implemented.count(hook) >= 1, f"no test implements the `{hook}` hook"


def test_the_hook_reference_is_written_from_the_hookspecs() -> None:
    doc = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    region = re.search(r"<!-- hooks:start -->\n(.*?)<!-- hooks:end -->", doc, re.DOTALL)
    assert region, "docs/plugins.md lacks its <!-- hooks:start --> region"
    assert region.group(1) == f"\n{hook_reference()}\n", (
        "the hook reference is out of date; run `python scripts/update_plugin_doc.py`"
    )
    for hook in HOOKS:
        signature = inspect.signature(getattr(hookspecs, hook))
        assert f"-> {signature.return_annotation}: ..." in region.group(1)


def test_frameworks_kept_for_the_plugins_follow_each_change_to_them(
    recoveryplan_plugins: PluginsForTest,
) -> None:
    # The frameworks are kept while the same plugins are registered; registering, blocking,
    # unblocking and removing one are each seen at the next call.
    class Extra:
        @rp.hookimpl
        def register_frameworks(self) -> list[rp.Framework]:
            return [rp.Framework("extra", "Extra", [rp.Domain("home", "Home")])]

    manager = recoveryplan_plugins.manager
    assert "extra" not in rp.frameworks()
    extra = Extra()
    recoveryplan_plugins.register(extra, name="extra")
    assert "extra" in rp.frameworks()
    manager.set_blocked("extra")
    assert "extra" not in rp.frameworks()
    manager.unblock("extra")
    manager.register(extra, name="extra")
    assert "extra" in rp.frameworks()
    manager.unregister(extra)
    assert "extra" not in rp.frameworks()
