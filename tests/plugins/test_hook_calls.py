"""How hooks are called: once, through pluggy's own call loop, each plugin contained and named.

Everything here is done as a plugin author would do it, through
:func:`recoveryplan.testing.isolated_plugins`.
"""

from __future__ import annotations

import re
import types
from collections.abc import Generator
from datetime import date
from pathlib import Path
from typing import Any

import pluggy
import pytest

import recoveryplan as rp
from recoveryplan import hookspecs
from recoveryplan.plugins import call_hooks, organisation_crisis_lines
from recoveryplan.testing import isolated_plugins

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 6, 2)

Findings = list[list[rp.Finding]]


def finding(code: str, severity: str = "info") -> rp.Finding:
    return rp.Finding(severity, code, "$", code)  # type: ignore[arg-type]


def codes(findings: list[rp.Finding]) -> list[str]:
    return [found.code for found in findings]


def builtin_codes(plan: rp.Plan) -> list[str]:
    with isolated_plugins():
        return codes(rp.validate(plan, today=TODAY))


class TwoChecks:
    """One plugin with two implementations of validate_plan, as pluggy allows."""

    @rp.hookimpl(specname="validate_plan")
    def check_goals(self, plan: rp.Plan) -> list[rp.Finding]:
        return [finding("org.goals")]

    @rp.hookimpl(specname="validate_plan")
    def check_reviews(self, today: date) -> list[rp.Finding]:
        return [finding("org.reviews")]


def two_checks_module() -> types.ModuleType:
    """The same as :class:`TwoChecks`, as a module of functions (how plugins usually are)."""
    module = types.ModuleType("org_checks")

    @rp.hookimpl(specname="validate_plan")
    def check_goals(plan: rp.Plan) -> list[rp.Finding]:
        return [finding("org.goals")]

    @rp.hookimpl(specname="validate_plan")
    def check_reviews(plan: rp.Plan, today: date) -> list[rp.Finding]:
        return [finding("org.reviews")]

    module.check_goals = check_goals  # type: ignore[attr-defined]
    module.check_reviews = check_reviews  # type: ignore[attr-defined]
    return module


# -- several implementations in one plugin -------------------------------------------------


@pytest.mark.parametrize("plugin", [TwoChecks(), two_checks_module()], ids=["class", "module"])
def test_two_implementations_in_one_plugin_report_each_finding_once(
    morag: rp.Plan, plugin: object
) -> None:
    builtin = builtin_codes(morag)
    with isolated_plugins(plugin):
        found = codes(rp.validate(morag, today=TODAY))
    assert found.count("org.goals") == 1
    assert found.count("org.reviews") == 1
    assert sorted(found) == sorted([*builtin, "org.goals", "org.reviews"])


def test_each_implementation_runs_once_per_call(morag: rp.Plan) -> None:
    calls: list[str] = []

    class Counting:
        @rp.hookimpl(specname="validate_plan")
        def first(self) -> list[rp.Finding]:
            calls.append("first")
            return []

        @rp.hookimpl(specname="validate_plan")
        def second(self) -> list[rp.Finding]:
            calls.append("second")
            return []

    with isolated_plugins(Counting()):
        rp.validate(morag, today=TODAY)
    assert sorted(calls) == ["first", "second"]


# -- wrappers see every plugin's results in one call ---------------------------------------


class Filtering:
    """A wrapper that sees every plugin's findings, drops one kind and adds its own."""

    def __init__(self) -> None:
        self.seen: list[Findings] = []

    @rp.hookimpl(wrapper=True)
    def validate_plan(self) -> Generator[None, Findings, Findings]:
        results = yield
        self.seen.append(results)
        kept = [[f for f in found if f.code != "goal.overdue"] for found in results]
        return [*kept, [finding("org.wrapped")]]


def test_a_wrapper_sees_every_plugins_findings_in_one_call(morag: rp.Plan) -> None:
    builtin = builtin_codes(morag)
    assert "goal.overdue" in builtin  # the reference plan has overdue goals to drop
    wrapper = Filtering()
    with isolated_plugins(wrapper, TwoChecks()):
        found = codes(rp.validate(morag, today=TODAY))
    assert len(wrapper.seen) == 1
    seen = sorted(f.code for results in wrapper.seen[0] for f in results)
    assert seen == sorted([*builtin, "org.goals", "org.reviews"])
    assert "goal.overdue" not in found
    assert found.count("org.wrapped") == 1
    assert sorted(found) == sorted(
        [*(c for c in builtin if c != "goal.overdue"), "org.goals", "org.reviews", "org.wrapped"]
    )


def test_a_wrapper_sees_each_implementation_as_one_result(morag: rp.Plan) -> None:
    wrapper = Filtering()
    with isolated_plugins(wrapper, TwoChecks()) as plugins:
        rp.validate(morag, today=TODAY)
        impls = plugins.manager.hook.validate_plan.get_hookimpls()
    answered = [impl for impl in impls if not impl.wrapper]
    assert len(wrapper.seen[0]) == len(answered)


def test_hook_call_monitoring_sees_one_call(morag: rp.Plan) -> None:
    seen: list[tuple[str, int]] = []
    with isolated_plugins(Filtering(), TwoChecks()) as plugins:
        undo = plugins.manager.add_hookcall_monitoring(
            lambda hook, impls, kwargs: seen.append((hook, len(impls))), lambda *_: None
        )
        try:
            rp.validate(morag, today=TODAY)
        finally:
            undo()
    validating = [count for hook, count in seen if hook == "validate_plan"]
    assert len(validating) == 1
    assert validating[0] >= 5  # three built-in checks, two of the plugin's and the wrapper


def test_what_a_wrapper_adds_is_its_own_in_a_conflict() -> None:
    class Adding:
        @rp.hookimpl(wrapper=True)
        def register_frameworks(self) -> Generator[None, list[Any], list[Any]]:
            results = yield
            return [*results, [rp.Framework("chime", "Again", [rp.Domain("a", "A")])]]

    with isolated_plugins() as plugins:
        plugins.register(Adding(), name="adding")
        with pytest.raises(rp.FrameworkConflictError) as caught:
            rp.frameworks()
    assert "'adding'" in str(caught.value)
    assert "'recoveryplan.builtin.frameworks' (built in)" in str(caught.value)


# -- a failing plugin is named and contained -----------------------------------------------


class Raising:
    @rp.hookimpl
    def validate_plan(self, plan: rp.Plan) -> list[rp.Finding]:
        raise KeyError("org.acme")


class WrongType:
    @rp.hookimpl
    def validate_plan(self) -> object:
        return {"code": "org.oops"}


@pytest.mark.parametrize(
    ("plugin", "problem"),
    [
        (Raising(), "raised KeyError: 'org.acme'"),
        (WrongType(), "returned dict {'code': 'org.oops'}; return a list of recoveryplan.Finding"),
    ],
    ids=["raises", "wrong-type"],
)
def test_a_failing_check_is_named_and_the_others_still_count(
    morag: rp.Plan, plugin: object, problem: str
) -> None:
    builtin = builtin_codes(morag)
    wrapper = Filtering()
    with isolated_plugins(TwoChecks(), wrapper) as plugins:
        plugins.register(plugin, name="acme")
        findings = rp.validate(morag, today=TODAY)
    failed = [f for f in findings if f.code == "plugin.failed"]
    assert len(failed) == 1
    assert failed[0].message.startswith(
        f"the plan could not be fully checked: plugin 'acme', hook validate_plan: {problem}"
    )
    assert failed[0].severity == "error"
    # Every other check ran, and the wrapper saw all of them but never the failing one.
    expected = [*(c for c in builtin if c != "goal.overdue"), "org.goals", "org.reviews"]
    assert sorted(codes(findings)) == sorted([*expected, "org.wrapped", "plugin.failed"])
    assert len(wrapper.seen) == 1
    seen = sorted(f.code for found in wrapper.seen[0] for f in found)
    assert seen == sorted([*builtin, "org.goals", "org.reviews"])


def test_a_failing_hook_is_raised_after_every_plugin_ran() -> None:
    ran: list[str] = []

    class Broken:
        @rp.hookimpl(tryfirst=True)
        def register_frameworks(self) -> list[rp.Framework]:
            ran.append("broken")
            raise OSError("licence file missing")

    class Fine:
        @rp.hookimpl(trylast=True)
        def register_frameworks(self) -> list[rp.Framework]:
            ran.append("fine")
            return []

    with isolated_plugins() as plugins:
        plugins.register(Broken(), name="broken")
        plugins.register(Fine(), name="fine")
        with pytest.raises(rp.PluginError) as caught:
            rp.frameworks()
        listed = {info.name: info for info in rp.get_plugins()}
    assert str(caught.value) == (
        "plugin 'broken', hook register_frameworks: raised OSError: licence file missing"
    )
    assert (caught.value.plugin, caught.value.hook) == ("broken", "register_frameworks")
    assert isinstance(caught.value.__cause__, OSError)
    assert ran[:2] == ["broken", "fine"]
    # The listing goes on past it, and shows the problem under the plugin at fault.
    assert listed["broken"].problems == (str(caught.value),)
    assert listed["fine"].problems == ()
    assert "chime" in listed["recoveryplan.builtin.frameworks"].frameworks


@pytest.mark.parametrize(
    ("wrapper", "problem"),
    [
        ("raises-before", "raised RuntimeError: before"),
        ("raises-after", "raised RuntimeError: after"),
        ("wrong-type", "returned int 3 from a wrapper; return the list of results"),
        ("wrong-item", "returned a list holding str 'x'; every item must be a recoveryplan"),
    ],
)
def test_a_failing_wrapper_is_named_and_the_results_are_kept(
    morag: rp.Plan, wrapper: str, problem: str
) -> None:
    class Wrapper:
        @rp.hookimpl(wrapper=True)
        def validate_plan(self) -> Generator[None, Findings, object]:
            if wrapper == "raises-before":
                raise RuntimeError("before")
            results = yield
            if wrapper == "raises-after":
                raise RuntimeError("after")
            if wrapper == "wrong-type":
                return 3
            return [*results, ["x"]]

    builtin = builtin_codes(morag)
    with isolated_plugins(TwoChecks()) as plugins:
        plugins.register(Wrapper(), name="wrapping")
        findings = rp.validate(morag, today=TODAY)
    failed = [f.message for f in findings if f.code == "plugin.failed"]
    assert len(failed) == 1
    assert failed[0].startswith(
        f"the plan could not be fully checked: plugin 'wrapping', hook validate_plan: {problem}"
    )
    assert sorted(codes(findings)) == sorted(
        [*builtin, "org.goals", "org.reviews", "plugin.failed"]
    )


def test_a_direct_pluggy_call_is_not_contained(morag: rp.Plan) -> None:
    """Calling through pluggy yourself runs the implementations exactly as they are written."""
    with isolated_plugins(Raising()) as plugins, pytest.raises(KeyError, match=r"org\.acme"):
        plugins.manager.hook.validate_plan(plan=morag, framework=None, today=TODAY)


def test_a_plugin_registered_twice_under_two_managers_is_wrapped_once(morag: rp.Plan) -> None:
    plugin = TwoChecks()
    with isolated_plugins(plugin):
        pass
    with isolated_plugins(plugin):
        found = codes(rp.validate(morag, today=TODAY))
    assert found.count("org.goals") == 1


# -- order -----------------------------------------------------------------------------------


def test_tryfirst_and_trylast_are_respected(morag: rp.Plan) -> None:
    class Last:
        @rp.hookimpl(trylast=True)
        def validate_plan(self) -> list[rp.Finding]:
            return [finding("org.last")]

    class First:
        @rp.hookimpl(tryfirst=True)
        def validate_plan(self) -> list[rp.Finding]:
            return [finding("org.first")]

    class Plain:
        @rp.hookimpl
        def validate_plan(self) -> list[rp.Finding]:
            return [finding("org.plain")]

    # Registered so that load order alone would put them the other way round.
    with isolated_plugins(First(), Plain(), Last()):
        answer = call_hooks("validate_plan", plan=morag, framework=None, today=TODAY)
    order = [f.code for f in answer.combined() if f.code.startswith("org.")]
    assert order == ["org.first", "org.plain", "org.last"]


# -- firstresult hooks ---------------------------------------------------------------------


class PickSpec:
    @hookspecs.hookspec(firstresult=True)
    def pick_greeting(self, plan: rp.Plan) -> str:  # type: ignore[empty-body]
        """A greeting: the first plugin's that has one."""


@pytest.fixture
def firstresult_hook(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(
        hookspecs.RESULTS,
        "pick_greeting",
        hookspecs.HookResult(
            check=lambda value: None if isinstance(value, str) else "return text",
            combine="collect",
            summary="the first plugin's greeting",
        ),
    )


@pytest.mark.usefixtures("firstresult_hook")
def test_a_firstresult_hook_takes_the_first_answer_past_a_failing_plugin(
    morag: rp.Plan,
) -> None:
    asked: list[str] = []

    class Failing:
        @rp.hookimpl(tryfirst=True)
        def pick_greeting(self) -> str:
            asked.append("failing")
            raise ValueError("no greeting")

    class Silent:
        @rp.hookimpl
        def pick_greeting(self) -> None:
            asked.append("silent")

    class Hello:
        @rp.hookimpl(trylast=True)
        def pick_greeting(self, plan: rp.Plan) -> str:
            asked.append("hello")
            return f"Hello {plan.person.name}"

    class Never:
        @rp.hookimpl(trylast=True)
        def pick_greeting(self) -> str:
            asked.append("never")
            return "never asked"

    with isolated_plugins() as plugins:
        plugins.manager.add_hookspecs(PickSpec)
        # Of two trylast implementations, the one registered later is called later.
        for plugin, name in ((Hello(), "hello"), (Never(), "never")):
            plugins.register(plugin, name=name)
        plugins.register(Silent(), name="silent")
        plugins.register(Failing(), name="failing")
        answer = call_hooks("pick_greeting", plan=morag)
    assert answer.results == (("hello", f"Hello {morag.person.name}"),)
    assert asked == ["failing", "silent", "hello"]
    assert [str(error) for error in answer.failures] == [
        "plugin 'failing', hook pick_greeting: raised ValueError: no greeting"
    ]


# -- the table of results ------------------------------------------------------------------


def hook_names() -> list[str]:
    return [
        name
        for name, value in vars(hookspecs).items()
        if callable(value) and hasattr(value, "recoveryplan_spec")
    ]


def test_every_hook_has_one_entry_in_the_results_table() -> None:
    assert sorted(hookspecs.RESULTS) == sorted(hook_names())


def test_every_hook_is_in_the_docs_with_how_its_results_combine() -> None:
    doc = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    for name in hook_names():
        section = re.search(rf"### `{name}\(.*?(?=\n### |<!-- hooks:end -->)", doc, re.DOTALL)
        assert section is not None, f"docs/plugins.md has no reference for {name}"
        summary = " ".join(hookspecs.RESULTS[name].summary.split())
        assert f"Results: {summary}." in " ".join(section.group(0).split())


def test_the_docs_say_how_hooks_are_called() -> None:
    doc = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    assert "### How hooks are called" in doc
    assert 'specname="validate_plan"' in doc
    assert "wrapper=True" in doc


@pytest.mark.parametrize(
    ("hook", "good", "bad"),
    [
        ("register_frameworks", [], [1]),
        ("validate_plan", [rp.Finding("info", "x", "$", "m")], [rp.Finding("odd", "x", "$", "m")]),  # type: ignore[arg-type]
        ("template_dirs", [ROOT], [ROOT / "no-such-folder"]),
        ("extra_template_vars", {"phone": "1"}, {"not a name": "1"}),
        ("prepare_jinja2_environment", None, "env"),
        ("register_language_rules", [], "rules"),
        ("crisis_lines", [], ["999"]),
    ],
)
def test_each_hooks_check_tells_good_from_bad(hook: str, good: object, bad: object) -> None:
    check = hookspecs.RESULTS[hook].check
    if good is not None:
        assert check(good) is None
    problem = check(bad)
    assert problem is not None
    assert problem.startswith(("returned", "the template folder"))


def test_a_plugins_findings_that_a_plugin_raised_name_the_plugin_at_fault(
    morag: rp.Plan,
) -> None:
    """A check that calls another hook, whose plugin fails, is reported under the plugin at
    fault, not the check that happened to call it."""

    class Lines:
        @rp.hookimpl
        def crisis_lines(self) -> object:
            return "999"

    class Reachable:
        @rp.hookimpl
        def validate_plan(self, plan: rp.Plan) -> list[rp.Finding]:
            lines = organisation_crisis_lines(plan)
            return [finding(f"org.lines-{len(lines)}")]

    with isolated_plugins() as plugins:
        plugins.register(Lines(), name="lines")
        plugins.register(Reachable(), name="reachable")
        findings = rp.validate(morag, today=TODAY)
    failed = [f.message for f in findings if f.code == "plugin.failed"]
    assert failed == [
        "the plan could not be fully checked: plugin 'lines', hook crisis_lines: returned str "
        "'999'; return a list of recoveryplan.Professional (a name and how to reach it)"
    ]


def test_pluggy_still_sees_the_functions_plugins_wrote() -> None:
    with isolated_plugins(TwoChecks()) as plugins:
        impls = plugins.manager.hook.validate_plan.get_hookimpls()
    names = {impl.function.__name__ for impl in impls}
    assert {"check_goals", "check_reviews"} <= names
    assert all(isinstance(impl, pluggy.HookImpl) for impl in impls)


def test_a_wrapper_that_changes_a_plugins_list_in_place_is_checked_too(morag: rp.Plan) -> None:
    class InPlace:
        @rp.hookimpl(wrapper=True)
        def validate_plan(self) -> Generator[None, list[list[object]], list[list[object]]]:
            results = yield
            results[0].append("not a finding")
            return results

    with isolated_plugins(TwoChecks()) as plugins:
        plugins.register(InPlace(), name="in-place")
        findings = rp.validate(morag, today=TODAY)
    failed = [f.message for f in findings if f.code == "plugin.failed"]
    assert len(failed) == 1
    assert "plugin 'in-place', hook validate_plan: returned a list holding str" in failed[0]
    assert set(builtin_codes(morag)) <= set(codes(findings))  # the spoilt list alone is left out


class _Failing:
    @rp.hookimpl
    def validate_plan(self, plan: rp.Plan) -> list[rp.Finding]:
        raise RuntimeError("boom")


def test_a_plugin_object_registered_without_a_name_is_named_by_its_class(morag: rp.Plan) -> None:
    with isolated_plugins(_Failing(), _Failing()) as plugins:
        names = {plugins.manager.get_name(p) for p in plugins.manager.get_plugins()}
        found = rp.validate(morag, today=TODAY)
    here = f"{__name__}._Failing"
    assert {here, f"{here}#2"} <= names
    failed = [f.message for f in found if f.code == "plugin.failed"]
    assert len(failed) == 2
    assert all(f"plugin '{here}" in message for message in failed)
