"""docs/fhir.md says what the code does: its tables, extensions and example are current."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings

import recoveryplan as rp
from recoveryplan.demo import example_plan
from recoveryplan.fhir.codes import EXTENSIONS, STRUCTURE_DEFINITION
from recoveryplan.fhir.importing import CODES
from recoveryplan.testing.strategies import plans

from ..support.scripts import script

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "fhir.md"


def _updater() -> ModuleType:
    return script("scripts/update_fhir_doc.py")


def test_the_page_is_up_to_date() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert _updater().updated(text) == text, (
        "docs/fhir.md differs from the code; run `python scripts/update_fhir_doc.py` and commit"
    )


def test_the_example_in_the_page_is_what_the_reference_plan_exports_now() -> None:
    text = DOC.read_text(encoding="utf-8")
    found = re.search(r"<!-- fhir-example:start -->\n\n```json\n(.*?)\n```", text, re.DOTALL)
    assert found, "docs/fhir.md has lost its example"
    assert json.loads(found[1]) == rp.to_fhir(example_plan())


def test_the_updater_fills_only_the_marked_regions() -> None:
    updater = _updater()
    page = "".join(
        f"Before {name}.\n<!-- fhir-{name}:start -->\nstale\n<!-- fhir-{name}:end -->\n"
        for name in ("mapping", "extensions", "example")
    )
    filled = updater.updated(page)
    assert "stale" not in filled
    assert filled.startswith("Before mapping.\n<!-- fhir-mapping:start -->\n\n| `status` |")
    assert updater.updated(filled) == filled
    with pytest.raises(SystemExit, match="fhir-example:start"):
        updater.updated(page.split("Before example.")[0])


def test_every_finding_code_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for code, severity in CODES.items():
        assert f"| `{code}` | {severity} |" in text


def _our_extension_urls(value: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        url = value.get("url")
        if isinstance(url, str) and url.startswith(STRUCTURE_DEFINITION):
            found.add(url)
        for item in value.values():
            found |= _our_extension_urls(item)
    elif isinstance(value, list):
        for item in value:
            found |= _our_extension_urls(item)
    return found


@settings(max_examples=30)
@given(plans(max_items=2, max_goals=6, max_depth=3))
def test_every_extension_the_export_writes_is_defined(plan: rp.Plan) -> None:
    for url in _our_extension_urls(rp.to_fhir(plan)):
        assert url.removeprefix(STRUCTURE_DEFINITION) in EXTENSIONS, url


def test_the_reference_plan_uses_almost_every_extension() -> None:
    """Guards the test above: it must see the extensions, not pass on finding none."""
    used = {
        url.removeprefix(STRUCTURE_DEFINITION)
        for url in _our_extension_urls(rp.to_fhir(example_plan()))
    }
    # The reference plan's text all fits FHIR; it records no service country, no member's
    # language, Eilidh has no support plan of her own yet, and the plan has not been agreed in
    # the web app.
    assert set(EXTENSIONS) - used == {"text", "country", "language", "support-plan", "agreements"}
