"""recoveryplan.testing, as a plugin author's test suite uses it.

The plugin guide's test file is run as written, its property test (twenty generated plans,
each checked and rendered) only with ``RECOVERYPLAN_SLOW_TESTS=1`` (``make slow-test``, which CI
runs): it takes most of a minute.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import recoveryplan as rp
from recoveryplan.plugins import AUTOLOAD_VARIABLE, plugin_manager, reset_plugin_manager
from recoveryplan.testing import PluginsForTest, isolated_plugins, strategies

GUIDE_TIMEOUT = 300
"""Seconds a nested pytest run may take: under a minute alone, several times that when the
suite shares two cores with other work."""

SLOW = bool(os.environ.get("RECOVERYPLAN_SLOW_TESTS"))

TODAY = date(2026, 6, 2)

AREAS = rp.Framework(
    "org-areas",
    "Our areas",
    [rp.Domain("home", "Home"), rp.Domain("work", "Work")],
    rating_scale=rp.RatingScale(0, 3),
)


class Areas:
    @rp.hookimpl
    def register_frameworks(self) -> list[rp.Framework]:
        return [AREAS]


def test_isolated_plugins_holds_the_builtins_and_what_it_names() -> None:
    before = plugin_manager()
    with isolated_plugins(Areas()) as plugins:
        assert plugin_manager() is plugins.manager
        assert "org-areas" in rp.frameworks()
        assert {"chime", "talking-points", "shanarri"} <= set(rp.frameworks())
    assert plugin_manager() is before
    assert "org-areas" not in rp.frameworks()


def test_an_installed_plugin_is_loaded_by_its_entry_point_name() -> None:
    """The riverside example is installed by `make test`; only a test that names it sees it."""
    assert "riverside-life-areas" not in rp.frameworks()
    with isolated_plugins("riverside"):
        assert "riverside-life-areas" in rp.frameworks()
        listed = {info.name: info for info in rp.get_plugins()}
        assert (listed["riverside"].distribution, listed["riverside"].version) == (
            "recoveryplan-riverside",
            "0.1.0",
        )


def test_an_unknown_plugin_name_is_a_plugin_error() -> None:
    with (
        pytest.raises(rp.PluginError, match="no installed plugin is called 'nowhere'"),
        isolated_plugins("nowhere"),
    ):
        pass  # pragma: no cover


def test_the_fixture_gives_each_test_its_own_manager(
    recoveryplan_plugins: PluginsForTest, morag: rp.Plan
) -> None:
    recoveryplan_plugins.register("riverside")
    codes = {finding.code for finding in rp.validate(morag, today=TODAY)}
    assert "framework.unknown" not in codes
    assert plugin_manager() is recoveryplan_plugins.manager


def test_setting_the_autoload_variable_in_a_running_program_takes_effect(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(AUTOLOAD_VARIABLE)
    assert "riverside-life-areas" in rp.frameworks()
    monkeypatch.setenv(AUTOLOAD_VARIABLE, "1")
    assert "riverside-life-areas" not in rp.frameworks()
    reset_plugin_manager()
    assert "riverside-life-areas" not in rp.frameworks()


def test_the_fixture_reaches_any_test_suite_through_its_entry_point(tmp_path: Path) -> None:
    """A plugin author's suite, with no conftest, gets the fixture from the pytest11 entry point."""
    (tmp_path / "test_mine.py").write_text(
        textwrap.dedent(
            """
            import recoveryplan as rp

            def test_mine(recoveryplan_plugins):
                recoveryplan_plugins.register("riverside")
                assert "riverside-life-areas" in rp.frameworks()

            def test_nothing_leaks_into_the_next_test(recoveryplan_plugins):
                assert "riverside-life-areas" not in rp.frameworks()
            """
        ),
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if k != AUTOLOAD_VARIABLE}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=GUIDE_TIMEOUT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout


def test_the_plugin_guides_test_file_runs_as_written_with_the_installed_plugin(
    tmp_path: Path,
) -> None:
    guide = (Path(__file__).resolve().parents[2] / "docs" / "plugins.md").read_text("utf-8")
    block = re.search(r"<!-- file: test_riverside.py -->\n```python\n(.*?)^```", guide, re.M | re.S)
    assert block, "docs/plugins.md no longer has its test_riverside.py example"
    (tmp_path / "test_riverside.py").write_text(block.group(1), encoding="utf-8")
    chosen = () if SLOW else ("-k", "not test_any_plan_on_the_life_areas_checks_and_renders")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            *chosen,
            "test_riverside.py",
        ],
        cwd=tmp_path,
        env={k: v for k, v in os.environ.items() if k != AUTOLOAD_VARIABLE},
        capture_output=True,
        text=True,
        check=False,
        timeout=GUIDE_TIMEOUT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert ("3 passed" if SLOW else "2 passed, 1 deselected") in result.stdout


# -- the strategies ----------------------------------------------------------------------------


@settings(max_examples=30)
@given(strategies.plans(framework=AREAS, max_depth=2))
def test_plans_for_a_given_framework_are_valid_on_it(plan: rp.Plan) -> None:
    with isolated_plugins(Areas()):
        errors = [f for f in rp.validate(plan, today=TODAY) if f.severity == "error"]
    assert errors == []
    assert plan.framework == "org-areas"
    assert {rating.domain for rating in plan.ratings} <= {"home", "work"}
    assert all(0 <= rating.value <= 3 for rating in plan.ratings)


@settings(max_examples=30)
@given(strategies.plans(sections=["outcomes"], max_depth=2))
def test_sections_leaves_the_others_empty(plan: rp.Plan) -> None:
    assert (plan.circle, plan.ratings, plan.risk_plans, plan.reviews, plan.sharing) == (
        (),
        (),
        (),
        (),
        (),
    )
    assert (plan.assessment, plan.safety_plan, plan.service, plan.extensions) == (
        None,
        None,
        None,
        {},
    )


@settings(max_examples=30)
@given(strategies.plans(consent="everything", sections=["circle", "sharing"]))
def test_consent_everything_shares_every_section_with_every_member(plan: rp.Plan) -> None:
    assert [consent.member for consent in plan.sharing] == [m.id for m in plan.circle]
    assert all(set(consent.sections) == set(rp.Section) for consent in plan.sharing)


@settings(max_examples=30)
@given(strategies.plans(consent="none"))
def test_consent_none_shares_nothing(plan: rp.Plan) -> None:
    assert plan.sharing == ()


TALKING_POINTS = rp.frameworks()["talking-points"]


def test_a_framework_without_a_scale_has_no_rating_strategy() -> None:
    with pytest.raises(ValueError, match="no rating scale"):
        strategies.ratings(framework=TALKING_POINTS)


@settings(max_examples=20)
@given(strategies.plans(framework=TALKING_POINTS, sections=["ratings", "outcomes"]))
def test_a_framework_without_a_scale_gets_plans_without_ratings(plan: rp.Plan) -> None:
    assert plan.ratings == ()
    assert plan.framework == "talking-points"


def test_unknown_sections_are_refused() -> None:
    with pytest.raises(ValueError, match="no such sections: outcome"):
        strategies.plans(sections=["outcome"])


@settings(max_examples=20)
@given(
    st.tuples(
        strategies.people(),
        strategies.circle_members(),
        strategies.assessments(framework=AREAS),
        strategies.outcomes(framework=AREAS),
        strategies.ratings(framework=AREAS),
        strategies.risk_plans(),
        strategies.safety_plans(),
        strategies.reviews(),
    )
)
def test_each_part_has_a_strategy_that_makes_a_valid_plan_part(parts: tuple[object, ...]) -> None:
    person, member, assessment, outcome, rating, risk, safety, review = parts
    assert isinstance(person, rp.Person)
    plan = rp.Plan(
        id="plan-x",
        framework="org-areas",
        person=rp.Person(id="person-x", name="X"),
        circle=(member,),  # type: ignore[arg-type]
        assessment=assessment,  # type: ignore[arg-type]
        outcomes=(outcome,),  # type: ignore[arg-type]
        ratings=(rating,),  # type: ignore[arg-type]
        risk_plans=(risk,),  # type: ignore[arg-type]
        safety_plan=safety,  # type: ignore[arg-type]
        reviews=(review,),  # type: ignore[arg-type]
    )
    with isolated_plugins(Areas()):
        errors = [f for f in rp.validate(plan, today=TODAY) if f.severity == "error"]
    assert [f.code for f in errors if f.code != "ids.duplicate"] == []
