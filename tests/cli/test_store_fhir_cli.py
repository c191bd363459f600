"""``recoveryplan store export --fhir``: a stored revision as a FHIR bundle with its Provenance."""

from __future__ import annotations

import json
from pathlib import Path

import recoveryplan as rp

from ..support.cli import recoveryplan_main as _recoveryplan
from ..support.cli import save_a_new_name


def test_a_revision_exports_as_fhir_with_its_provenance(
    tmp_path: Path, reference_path: Path, morag: rp.Plan
) -> None:
    saved = _recoveryplan(
        "store",
        "save",
        reference_path,
        "--store",
        "plans.db",
        "--by",
        "k.ross",
        "--why",
        "New",
        cwd=tmp_path,
    )
    assert (saved.returncode, saved.stderr) == (0, "")
    changed = save_a_new_name(tmp_path, morag)

    first = _recoveryplan(
        "store",
        "export",
        morag.id,
        "--store",
        "plans.db",
        "--revision",
        "1",
        "--fhir",
        cwd=tmp_path,
    )
    assert (first.returncode, first.stderr) == (0, "")
    bundle = json.loads(first.stdout)
    revision = rp.fhir_revision(bundle)
    assert revision is not None
    assert (revision.number, revision.by, revision.why) == (1, "k.ross", "New")
    assert rp.from_fhir(bundle) == (morag, [])

    written = _recoveryplan(
        "store",
        "export",
        morag.id,
        "--store",
        "plans.db",
        "--fhir",
        "-o",
        "latest.json",
        cwd=tmp_path,
    )
    assert (written.returncode, written.stdout, written.stderr) == (0, "", "")
    latest = json.loads((tmp_path / "latest.json").read_text(encoding="utf-8"))
    revision = rp.fhir_revision(latest)
    assert revision is not None
    assert (revision.number, revision.by, revision.why) == (2, "person", "My name")
    assert revision.fingerprint == rp.fingerprint(changed)
