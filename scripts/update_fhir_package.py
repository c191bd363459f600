"""Write the FHIR package the wheel ships into src/recoveryplan/fhir/package/.

The package (extensions, code systems, capabilities) is made from the mapping tables by
``recoveryplan.fhir.conformance``; run this after changing the mapping
(``python scripts/update_fhir_package.py``) and commit the files. The test suite fails while
the shipped files differ from what the code makes. ``--check`` only reports whether they do.
"""

from __future__ import annotations

import argparse
import sys

from recoveryplan.fhir.conformance import SHIPPED, package, text_of


def stale() -> list[str]:
    """The names of the shipped files that differ from what the code makes, or are extra."""
    made = {name: text_of(resource) for name, resource in package().items()}
    shipped = {path.name: path for path in SHIPPED.glob("*.json")} if SHIPPED.is_dir() else {}
    found = [name for name, text in made.items() if name not in shipped]
    found += [
        name
        for name, path in shipped.items()
        if name not in made or path.read_text(encoding="utf-8") != made[name]
    ]
    return sorted(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="only report stale files")
    args = parser.parse_args(argv)
    differing = stale()
    if args.check:
        for name in differing:
            print(f"{SHIPPED / name} is out of date", file=sys.stderr)
        return 1 if differing else 0
    made = package()
    SHIPPED.mkdir(parents=True, exist_ok=True)
    for path in SHIPPED.glob("*.json"):
        if path.name not in made:
            path.unlink()
    for name, resource in made.items():
        (SHIPPED / name).write_text(text_of(resource), encoding="utf-8")
    print(f"the FHIR package in {SHIPPED} is up to date ({len(made)} files)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
