"""The package ``new-plugin`` writes and the plugin guide follow one rule for a plugin's name,
and import the test kit from one place."""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

import pytest

import recoveryplan as rp
from recoveryplan.newplugin import PluginNames, new_plugin
from recoveryplan.testing import isolated_plugins

from ..support.reference import ROOT, TODAY

GUIDE = ROOT / "docs" / "plugins.md"
SKELETON = ROOT / "src" / "recoveryplan" / "skeleton"


def test_a_hyphenated_name_makes_one_plugin_name_for_entry_point_codes_and_variables(
    tmp_path: Path,
) -> None:
    names = PluginNames("meadow-care")
    assert (names.plugin, names.code_prefix) == ("meadow_care", "meadow_care.")
    new_plugin("meadow-care", tmp_path / "made")
    hooks = (tmp_path / "made" / "src" / "recoveryplan_meadow_care" / "__init__.py").read_text()
    pyproject = (tmp_path / "made" / "pyproject.toml").read_text()
    assert '"meadow_care.outcome-no-area"' in hooks
    assert 'plugin_config("meadow_care")' in hooks
    assert '"meadow_care_contact"' in hooks
    assert '\nmeadow_care = "recoveryplan_meadow_care"\n' in pyproject


def test_the_written_plugin_reads_its_contact_from_the_plugin_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new_plugin("meadow-care", tmp_path / "made")
    monkeypatch.syspath_prepend(str(tmp_path / "made" / "src"))
    module = importlib.import_module("recoveryplan_meadow_care")
    plan = rp.Plan(id="p", framework="chime", person=rp.Person(id="x", name="Alex Doe"))
    try:
        with isolated_plugins() as kit:
            kit.register(module, name="meadow_care")
            unset = rp.render(plan, "person", "txt", today=TODAY)
            with rp.use_plugin_config({"plugins": {"meadow_care": {"phone": "0141 496 0999"}}}):
                configured = rp.render(plan, "person", "txt", today=TODAY)
    finally:
        sys.modules.pop("recoveryplan_meadow_care", None)
    assert "0141\u00a0496\u00a00000" in unset
    assert "0141\u00a0496\u00a00999" in configured


def test_the_guide_states_the_rule_the_scaffold_follows() -> None:
    guide = " ".join(GUIDE.read_text(encoding="utf-8").split())
    assert (
        f"codes that start with the plugin's name and a dot: `{PluginNames('acme').code_prefix}`"
        in guide
    )
    hyphenated = PluginNames("acme-care")
    assert f"(`acme-care` makes `{hyphenated.plugin}`)" in guide
    assert f"(`{hyphenated.code_prefix}outcome-no-area`)" in guide
    assert f"`[plugins.{hyphenated.plugin}]`" in guide


def _imports_of_plans(text: str) -> set[str]:
    """The modules ``plans`` is imported from in a file's text."""
    found = set()
    for match in re.finditer(r"^from (\S+) import ([^\n]+)$", text, re.M):
        if "plans" in [name.strip() for name in match[2].split(",")]:
            found.add(match[1])
    return found


def test_the_guide_and_the_scaffold_import_plans_from_the_public_test_kit() -> None:
    scaffold = _imports_of_plans((SKELETON / "tests" / "test_plugin.py.tmpl").read_text("utf-8"))
    docs = set().union(
        *(_imports_of_plans(path.read_text("utf-8")) for path in (ROOT / "docs").glob("*.md"))
    )
    assert scaffold == {"recoveryplan.testing"}
    assert docs == {"recoveryplan.testing"}
