"""What loading and dumping make of many documents, written to a file or compared with one.

Speed work on the format must not change a byte of what ``dumps`` writes, which plans
``loads`` accepts, or a word of what it says about the ones it refuses: run this with
``--write`` on the commit before the change and with ``--check`` after it. The documents are the
reference plan, the five-year plan, a few hundred varied caseload plans, every JSON and YAML file
in ``tests/``, ``docs/`` and the bundled examples, each plan spoilt in many small ways (a key
written twice, an unknown key, a value of the wrong type, a bad date or word, text cut short,
a control character...), and, with ``--recorded``, every document the tests hand to the loader
(recorded by ``--record``: a pytest run with the loader's entry points wrapped).

    python benchmarks/format_outputs.py --record /tmp/in.pickle   # runs the loading tests
    python benchmarks/format_outputs.py --write /tmp/before.json --recorded /tmp/in.pickle
    python benchmarks/format_outputs.py --check /tmp/before.json --recorded /tmp/in.pickle
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import pickle
import random
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import recoveryplan as rp
from recoveryplan import serialize

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from caseload import REFERENCE, make_plan, write_caseload  # noqa: E402

# -- the documents ----------------------------------------------------------------------------


def plan_texts() -> Iterator[tuple[str, str | bytes]]:
    yield "reference", REFERENCE.read_text(encoding="utf-8")
    yield "five-year", json.dumps(make_plan(0, goals=300, reviews=60), ensure_ascii=False)
    with tempfile.TemporaryDirectory() as folder:
        write_caseload(Path(folder), 300, vary=True, seed=7)
        for path in sorted(Path(folder).rglob("*.json")):
            yield f"caseload/{path.relative_to(folder)}", path.read_bytes()
    for top in ("tests", "docs", "src/recoveryplan/examples"):
        for path in sorted((ROOT / top).rglob("*")):
            if path.suffix in (".json", ".yaml", ".yml") and path.is_file():
                yield str(path.relative_to(ROOT)), path.read_bytes()


def spoilt(name: str, text: str | bytes, chance: random.Random) -> Iterator[tuple[str, str]]:
    """The document spoilt in small ways, each alone, at places chosen by ``chance``."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    try:
        document = json.loads(text)
    except ValueError:
        return
    if not isinstance(document, dict):
        return
    places = list(_places(document, "$"))
    if not places:
        return
    bad_values: list[Any] = [
        None, 12, -3, 2**60, 1.5, True, "", "x\x1bq", "x\ud800", "2026-02-30", "2026-6-2",
        "person", "not-a-word", [], {}, ["x"], [{}], {"id": "x"}, "achieved", "2026-06-02",
    ]  # fmt: skip
    for number in range(40):
        mutated = copy.deepcopy(document)
        path, _ = chance.choice(places)
        parent, key = _resolve(mutated, path)
        how = number % 5
        if how == 0:
            parent[key] = chance.choice(bad_values)
            label = f"{name}!value{number}"
        elif how == 1 and isinstance(parent[key], dict):
            parent[key][chance.choice(["extra", "colour", "statment", "by", "ids"])] = "x"
            label = f"{name}!unknown{number}"
        elif how == 2 and isinstance(parent, dict):
            del parent[key]
            label = f"{name}!missing{number}"
        elif how == 3 and isinstance(parent[key], list) and parent[key]:
            parent[key].append(copy.deepcopy(parent[key][0]))
            label = f"{name}!repeated{number}"
        else:
            parent[key] = chance.choice(bad_values)
            label = f"{name}!other{number}"
        yield label, json.dumps(mutated, indent=chance.choice([None, 2]), ensure_ascii=False)
    # text-level spoiling: a key written twice, a cut, a stray character
    for number in range(12):
        at = chance.randrange(len(text))
        quote = text.find('"', at)
        colon = text.find('":', quote + 1)
        if number % 3 == 0 and quote >= 0 and colon > quote:
            key = text[quote : colon + 2]
            yield f"{name}!twice{number}", text[:quote] + key + ' "x", ' + text[quote:]
        elif number % 3 == 1:
            yield f"{name}!cut{number}", text[:at]
        else:
            stray = chance.choice([",", "}", "]", ":", "NaN", "\x00", "\\u003a", "1e999"])
            yield f"{name}!stray{number}", text[:at] + stray + text[at:]


def _places(value: Any, path: str) -> Iterator[tuple[tuple[Any, ...], str]]:
    def walk(item: Any, at: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
        if isinstance(item, dict):
            for key, child in item.items():
                yield (*at, key), type(child).__name__
                yield from walk(child, (*at, key))
        elif isinstance(item, list):
            for index, child in enumerate(item):
                yield (*at, index), type(child).__name__
                yield from walk(child, (*at, index))

    yield from walk(value, ())


def _resolve(document: Any, path: tuple[Any, ...]) -> tuple[Any, Any]:
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    return parent, path[-1]


# -- what the library makes of them ------------------------------------------------------------


def outcome(call: Any) -> str:
    try:
        result = call()
    except rp.PlanFormatError as error:
        return "refused: " + json.dumps(
            [str(error), [(p.path, p.message) for p in error.problems]], ensure_ascii=False
        )
    except Exception as error:  # its type and words are what is compared
        return f"raised {type(error).__name__}: {error}"
    if isinstance(result, rp.Plan):
        return "plan: " + rp.dumps(result) + "\n" + repr(result)
    return "value: " + repr(result)


def outcomes(recorded: Path | None) -> Iterator[tuple[str, str]]:
    chance = random.Random(19)
    for name, text in plan_texts():
        if name.endswith((".yaml", ".yml")):
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / Path(name).name
                path.write_bytes(text if isinstance(text, bytes) else text.encode())
                yield name, outcome(lambda: rp.load(path))  # noqa: B023
            continue
        yield name, outcome(lambda: rp.loads(text))  # noqa: B023
        yield name + "!dict", outcome(lambda: rp.from_data(json.loads(text)))  # noqa: B023
        if name.startswith("caseload/") and not name.endswith(("0.json", "3.json", "6.json")):
            continue  # a third of the caseload spoilt is plenty
        for label, bad in spoilt(name, text, chance):
            yield label, outcome(lambda: rp.loads(bad))  # noqa: B023
    if recorded is not None:
        with recorded.open("rb") as file:
            calls = pickle.load(file)
        for number, (function, arguments, keywords) in enumerate(calls):
            target = getattr(serialize, function)
            yield (
                f"recorded/{number}/{function}",
                outcome(lambda: target(*arguments, **keywords)),  # noqa: B023
            )


# -- recording what the tests load -------------------------------------------------------------

PLUGIN = """
import pickle, sys, copy
import recoveryplan.serialize as serialize

CALLS = []
SEEN = set()
NAMES = ("loads", "from_data", "dumps", "to_data")
ORIGINAL = {name: getattr(serialize, name) for name in NAMES}


def wrapper(name):
    original = ORIGINAL[name]

    def wrapped(*arguments, **keywords):
        try:
            record = pickle.dumps((name, copy.deepcopy(arguments), keywords))
        except Exception:
            record = None
        if record is not None and record not in SEEN:
            SEEN.add(record)
            CALLS.append(record)
        return original(*arguments, **keywords)

    return wrapped


WRAPPED = {id(ORIGINAL[name]): wrapper(name) for name in NAMES}


def swap():
    for module in list(sys.modules.values()):
        space = getattr(module, "__dict__", None)
        if not isinstance(space, dict):
            continue
        for key, value in list(space.items()):
            replacement = WRAPPED.get(id(value))
            if replacement is not None:
                space[key] = replacement


def pytest_configure(config):
    swap()


def pytest_collection_finish(session):
    swap()


def pytest_runtest_setup(item):
    swap()


def pytest_unconfigure(config):
    with open(OUT, "wb") as file:
        pickle.dump([pickle.loads(record) for record in CALLS], file)
"""


LOADING_TESTS = [
    *(f"tests/unit/test_{name}.py" for name in ("format", "format_errors", "fast_paths", "model")),
    *(f"tests/unit/test_{name}.py" for name in ("model_checks", "messages_format_pseudo")),
    "tests/unit/test_reference.py",
    *(f"tests/property/test_{name}.py" for name in ("building", "fast_reading", "properties")),
    *(f"tests/property/test_{name}.py" for name in ("versions", "generated_fields")),
]
"""The tests that hand documents to the loader (about ten minutes on a busy machine)."""


def record(out: Path, tests: list[str]) -> int:
    with tempfile.TemporaryDirectory() as folder:
        plugin = Path(folder) / "record_loading.py"
        plugin.write_text(f"OUT = {str(out)!r}\n" + PLUGIN)
        return subprocess.call(
            [sys.executable, "-m", "pytest", "-q", "-p", "record_loading", "-p", "no:xdist",
             "-p", "no:randomly", *tests],
            cwd=ROOT,
            env={**__import__("os").environ, "PYTHONPATH": folder},
        )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, help="write the outcomes to this file")
    group.add_argument("--check", type=Path, help="compare the outcomes with this file")
    group.add_argument("--record", type=Path, help="record what the tests load, to this file")
    parser.add_argument("--recorded", type=Path, help="documents recorded by --record")
    parser.add_argument("tests", nargs="*", default=LOADING_TESTS, help="for --record")
    options = parser.parse_args(argv)
    if options.record:
        return record(options.record, options.tests)
    found = dict(outcomes(options.recorded))
    if options.write:
        options.write.write_text(json.dumps(found, ensure_ascii=False, indent=0))
        digest = hashlib.sha256(options.write.read_bytes()).hexdigest()[:12]
        refused = sum(v.startswith(("refused", "raised")) for v in found.values())
        print(f"{len(found)} outcomes ({refused} refusals) written, sha256 {digest}")
        return 0
    before = json.loads(options.check.read_text())
    differ = sorted(k for k in before.keys() | found.keys() if before.get(k) != found.get(k))
    for key in differ[:20]:
        print(f"{key}:\n  before: {before.get(key, '-')[:400]!r}")
        print(f"  after:  {found.get(key, '-')[:400]!r}")
    print(f"{len(found)} outcomes, {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
