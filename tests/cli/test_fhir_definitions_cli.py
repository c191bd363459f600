"""``recoveryplan fhir definitions`` and ``export fhir --profile``, run the way users meet them."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import recoveryplan as rp
from recoveryplan.cli import build_parser
from recoveryplan.fhir.conformance import SHIPPED
from recoveryplan.fhir.profiles import PROFILES

from ..support.cli import recoveryplan_main as _recoveryplan


def test_definitions_writes_the_package(tmp_path: Path) -> None:
    result = _recoveryplan("fhir", "definitions", "--out-dir", "out", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    folder = tmp_path / "out" / "package"
    manifest = json.loads((folder / "package.json").read_text(encoding="utf-8"))
    assert manifest["fhirVersions"] == ["4.0.1"]
    written = sorted(path.name for path in folder.iterdir())
    assert written == sorted(path.name for path in SHIPPED.glob("*.json"))
    for name in written:
        shipped = (SHIPPED / name).read_text(encoding="utf-8")
        assert (folder / name).read_text(encoding="utf-8") == shipped
    assert f"wrote {len(written)} files" in result.stdout


def test_definitions_into_a_folder_it_cannot_write_fails_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    result = _recoveryplan("fhir", "definitions", "--out-dir", "file", cwd=tmp_path)
    assert result.returncode == 1
    assert "unexpected" not in result.stderr
    assert result.stderr.splitlines() == [
        "recoveryplan: file/package: cannot be made (Not a directory); give --out-dir a folder "
        "that can be written to"
    ]


def test_export_with_the_uk_core_profile(tmp_path: Path, reference_path: Path) -> None:
    result = _recoveryplan("export", "fhir", "--profile", "uk-core", reference_path, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    plan = rp.load(reference_path)
    assert json.loads(result.stdout) == rp.to_fhir(plan, profile="uk-core")


def _subcommand(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and name in action.choices:
            found = action.choices[name]
            assert isinstance(found, argparse.ArgumentParser)
            return found
    raise AssertionError(f"no subcommand {name!r}")


def test_the_profile_option_offers_every_profile() -> None:
    fhir = _subcommand(_subcommand(build_parser(), "export"), "fhir")
    (option,) = [action for action in fhir._actions if action.dest == "profile"]
    assert option.choices is not None
    assert list(option.choices) == list(PROFILES)
