"""The errors of the public Python API in the reader's language: under a pseudo-locale made
from ``recoveryplan-messages.pot``, every error an embedding system may show to staff (an
unknown id, a part put in the wrong place, a view the person has not agreed to share, a
folder given as a file, an extra not installed) is marked through and through, apart from
what is code or comes from the plan: ids and values in quotes, JSON paths, field, format and
class names, and the code a message tells a developer to write."""

from __future__ import annotations

import errno
import os
import re
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import attrs
import pytest

import recoveryplan as rp
from recoveryplan import messages, plugins, templating
from recoveryplan._converter import MODEL
from recoveryplan._values import describe
from recoveryplan.audience import KEYWORDS, VIEW_SECTIONS
from recoveryplan.batch import lost_message
from recoveryplan.caseload.report import _table_files, caseload_report
from recoveryplan.caseload.tables import Keys
from recoveryplan.demo import run_demo
from recoveryplan.errors import NEEDS, MissingExtraError, unexpected
from recoveryplan.files import not_a_plan_file, write_atomically
from recoveryplan.goals import Status
from recoveryplan.messages import speaking
from recoveryplan.newplugin import check_name, new_plugin
from recoveryplan.plugin_config import PluginConfig
from recoveryplan.plugin_setup import check_plugin_config, load_plugins_dir
from recoveryplan.plugins import build_plugin_manager, load_installed_plugin
from recoveryplan.render import FORMATS, save
from recoveryplan.store.connecting import EXAMPLE_FILE, EXAMPLE_URL, exact_json
from recoveryplan.store.schema import DISCLOSURES, REVISIONS, VERSION_TABLE
from recoveryplan.templating import TEMPLATE_FORMATS

from ..support.pseudo import catalogues_in, compile_pseudo, mark
from ..support.reference import BUNDLED, TODAY

PSEUDO = "ka"


@pytest.fixture(scope="module")
def pseudo_catalogues(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("api-messages")
    # A translation leaves out "her", "his" or "their" (English grammar), as its comment says.
    compile_pseudo(root, PSEUDO, messages.DOMAIN, marking=lambda message: mark(message, _no_their))
    return root


def _no_their(placeholder: str) -> str:
    return "%(name)s" if placeholder == "%(their)s" else placeholder


@pytest.fixture
def pseudo(pseudo_catalogues: Path) -> Iterator[None]:
    with catalogues_in(pseudo_catalogues):
        yield


def _code_words() -> set[str]:
    """Words that are code: the model's classes and fields, formats, views and statuses."""
    found = {cls.__name__ for cls in MODEL}
    found |= {field.name for cls in MODEL for field in attrs.fields(cls)}
    found |= {*FORMATS, *TEMPLATE_FORMATS, *VIEW_SECTIONS, *Status.values(), *KEYWORDS}
    return found


_CODE = re.compile(
    r"'[^'\n]*'|\"[^\"\n]*\"|\$[\w.\[\]\-]*"  # quoted values, JSON paths
    r"|\b[\w.]+\([^()]*\)"  # code to write: plan.add(...), plan.outcome('oc-kitchen')
    r"|\b\w+=|\{%[^%]*%\}|\b\w+\.(?:json|yaml|parquet|py)\b|\w+/"
    r"|\b[a-z]+(?:_[a-z]+)+\b"  # a field's or a hook's name: due_on, template_dirs
    r"|\bplugins\.[\w.\-]+"  # a key of the plugin configuration
)


def _escaped(text: str, *values: str) -> list[str]:
    """The English words left in ``text`` once the marked words, the code and ``values``
    (what the plan or the caller supplied) are taken out."""
    left = text
    for value in sorted(values, key=len, reverse=True):
        left = left.replace(value, " ")
    left = re.sub(r"pip install '[^']*'", " ", left)  # the command that installs an extra
    left = re.sub(r"(?<=x)'(?=x)", "x", left)  # an apostrophe in marked words ("xxxx'x")
    left = _CODE.sub(" ", left.replace("⟦", " ").replace("⟧", " "))
    code = _code_words()
    words = re.findall(r"[A-Za-z][A-Za-z_\-]+", left)
    return [w for w in words if w not in code and not re.fullmatch(r"[x_\-]+", w)]


def _morag() -> rp.Plan:
    return rp.load(BUNDLED)


def _goal(id: str, **more: Any) -> rp.Goal:
    return rp.Goal(id=id, statement="x", status="planned", **more)


def _cases(tmp_path: Path) -> dict[str, Callable[[], object]]:
    """Each error path, by name: a call that raises it."""
    plan = _morag()
    rating = plan.ratings[0]
    doubled = attrs.evolve(plan, ratings=(*plan.ratings, rating, attrs.evolve(rating, value=1)))
    (tmp_path / "a-file").write_text("x")
    manager = build_plugin_manager(autoload=False)
    builtin = plugins.DEFAULT_PLUGINS[0]
    broken, failing = tmp_path / "broken", tmp_path / "failing"
    broken.mkdir()
    (broken / "oops.py").write_text("def (:\n")
    failing.mkdir()
    (failing / "oops.py").write_text("raise ValueError('boom')\n")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    no_safety_plan = attrs.evolve(plan, safety_plan=None)
    return {
        # plan.py
        "find": lambda: plan.find("nothing"),
        "member": lambda: plan.member("nobody"),
        "evolve_item field": lambda: plan.evolve_item("g-bus-on-my-own", due=1),
        "evolve_item id": lambda: plan.evolve_item("nothing", statement="x"),
        "with_goal taken": lambda: plan.with_goal("oc-kitchen", _goal("g-bus-on-my-own")),
        "with_goal twice": lambda: plan.with_goal("oc-kitchen", _goal("g-a", goals=[_goal("g-a")])),
        "with_goal nowhere": lambda: plan.with_goal("nothing", _goal("g-new")),
        "status": lambda: plan.with_goal_status("g-bus-on-my-own", "done"),
        # editing.py
        "goal of another kind": lambda: plan.goal("oc-kitchen"),
        "goal not there": lambda: plan.goal("nothing"),
        "safeguard with no home": lambda: plan.add(
            rp.Safeguard(id="sg-x", action="x", by="person")
        ),  # type: ignore[call-overload]
        "goal under a risk plan": lambda: plan.add(_goal("g-x"), under="rp-bus"),
        "goal under nothing": lambda: plan.add(_goal("g-x"), under="nothing"),
        "rating under a part": lambda: plan.add(attrs.evolve(rating, value=1), under="oc-kitchen"),  # type: ignore[call-overload]
        "review not held": lambda: plan.review(date(2020, 1, 1)),
        "rating not given": lambda: plan.rating("hope", date(2020, 1, 1)),
        "no sharing entry": lambda: plan.sharing_with("nobody"),
        "review added twice": lambda: plan.add(plan.reviews[0]),
        "id twice in the new part": lambda: plan.add(
            _goal("g-a", goals=[_goal("g-a")]), under="oc-kitchen"
        ),
        "id taken": lambda: plan.add(_goal("g-bus-on-my-own"), under="oc-kitchen"),
        "safeguard by nobody": lambda: plan.add(
            rp.Safeguard(id="sg-x", action="x", by="tam"), under="rp-bus"
        ),
        "removing what is referred to": lambda: plan.remove("eilidh"),
        "removing nothing": lambda: plan.remove("nothing"),
        "removing a review never held": lambda: plan.remove(
            attrs.evolve(plan.reviews[0], on=date(2020, 1, 1))
        ),
        "which of two": lambda: doubled.replace(rating),
        # render.py, views.py, templating.py
        "format": lambda: rp.render(plan, "person", "docx"),
        "view": lambda: rp.render(plan, "person", view="poster"),
        "since for a view without it": lambda: rp.render(plan, "staff", view="plan", since=plan),
        "since of another plan": lambda: rp.render(
            plan, "staff", view="review", since=attrs.evolve(plan, id="plan-other")
        ),
        "reviews not shared": lambda: rp.render(plan, "ali", view="review"),
        "no safety plan": lambda: rp.render(no_safety_plan, "person", view="safety-plan"),
        "no crisis card": lambda: rp.render(no_safety_plan, "person", view="crisis-card"),
        "templates of no format": lambda: templating.environment("docx"),
        # audience.py
        "no reader of that name": lambda: rp.render(plan, "nobody"),
        "a reader close to one": lambda: rp.render(plan, "jame"),
        "nothing shared": lambda: rp.render(plan, "james"),
        "one id, two members": lambda: rp.render(
            attrs.evolve(plan, circle=(*plan.circle, attrs.evolve(plan.circle[0], name="Jo"))),
            "staff",
        ),
        **{f"a member called {keyword}": _called(plan, keyword) for keyword in KEYWORDS},
        # files.py, serialize.py
        "writing over a folder": lambda: write_atomically(tmp_path, b"x"),
        "writing to a device": lambda: write_atomically("/dev/null", b"x"),
        "writing to a pipe": lambda: write_atomically(fifo, b"x"),
        "writing where there is no folder": lambda: save("x", tmp_path / "no" / "x.html"),
        "reading a pipe": lambda: rp.load(fifo),
        "reading a device": lambda: rp.load("/dev/null"),
        "a part that is not an object": lambda: rp.from_data([1], rp.Safeguard),
        # _checks.py, reviews.py
        "a part of the wrong kind": lambda: _goal("g-x", support=["james"]),
        "a new date with no date": lambda: rp.ReviewDecision(about="g-x", decision="new-date"),
        # demo.py, newplugin.py
        "a demo folder inside a file": lambda: run_demo(tmp_path / "a-file" / "demo", TODAY),
        "a plugin's name": lambda: check_name("Not A Name"),
        "a plugin in a full folder": lambda: new_plugin("acme", tmp_path),
        # plugins.py, plugin_setup.py
        "a plugin not loaded": lambda: check_plugin_config(
            PluginConfig.from_dict({"plugins": {"nobody": {}}}), manager
        ),
        "a plugin nearly named": lambda: check_plugin_config(
            PluginConfig.from_dict({"plugins": {builtin[:-1]: {}}}), manager
        ),
        "plugins from a file": lambda: load_plugins_dir(manager, tmp_path / "a-file"),
        "a plugin that does not parse": lambda: load_plugins_dir(manager, broken),
        "a plugin that fails": lambda: load_plugins_dir(manager, failing),
        "a plugin not installed": lambda: load_installed_plugin(manager, "nobody"),
        "a hook that is not one": lambda: manager.register(_NotAHook(), name="typo"),
        # caseload/report.py
        "a period backwards": lambda: caseload_report(
            [], tmp_path / "report", key=b"k" * 32, today=TODAY, since=date(2027, 1, 1)
        ),
        "no table": lambda: _table_files(tmp_path, "plans"),
        "a report key too short": lambda: Keys(b"short"),
        "a report made with a short key": lambda: caseload_report(
            [], tmp_path / "report", key="short", today=TODAY
        ),
        **_store_cases(tmp_path, plan),
    }


def _store_cases(tmp_path: Path, plan: rp.Plan) -> dict[str, Callable[[], object]]:
    """Each error of the plan store: its address, its file, its database and what is asked
    of it (store/)."""
    store = rp.open_store(tmp_path / "plans.db")
    store.save(plan, by="staff-ali", why="first", base=None)
    store.save(plan, by="staff-ali", why="second", base=1)
    (tmp_path / "garbage.db").write_bytes(b"not a database at all, " * 64)
    for name, sql in {
        "newer.db": f"UPDATE {VERSION_TABLE} SET version_num = 'zzz-from-the-future'",
        "tableless.db": f"DROP TABLE {DISCLOSURES.name}",
        "unreadable.db": f"UPDATE {REVISIONS.name} SET document = '[1]'",
    }.items():
        rp.open_store(tmp_path / name).save(plan, by="staff-ali", why="first", base=None)
        with sqlite3.connect(tmp_path / name) as connection:
            connection.execute(sql)
    tableless = rp.open_store(tmp_path / "tableless.db")
    unreadable = rp.open_store(tmp_path / "unreadable.db")
    other = attrs.evolve(plan, id="plan-other")
    return {
        "a store address of no kind": lambda: rp.open_store("ftp://host/plans"),
        "a store in memory": lambda: rp.open_store("sqlite://"),
        "a store with no address": lambda: rp.open_store(""),
        "a PostgreSQL address that is not one": lambda: rp.open_store(
            "postgresql://user@host:port/plans"
        ),
        "a store that is a folder": lambda: rp.open_store(tmp_path),
        "a store not there": lambda: rp.open_store(tmp_path / "none.db", create=False),
        "a store that cannot be created": lambda: rp.open_store(tmp_path / "no" / "x.db"),
        "a store that is no database": lambda: rp.open_store(tmp_path / "garbage.db"),
        "a store from a newer version": lambda: rp.open_store(tmp_path / "newer.db"),
        "a store that cannot be used": lambda: tableless.disclosures(plan.id),
        "a stored plan that cannot be read": lambda: unreadable.latest(plan.id),
        "a number JSON cannot hold": lambda: exact_json(float("nan")),
        "saved by nobody": lambda: store.save(plan, by=" ", why="x", base=2),
        "saved on revision 0": lambda: store.save(plan, by="staff-ali", why="x", base=0),
        "saved as new but there": lambda: store.save(plan, by="staff-ali", why="x", base=None),
        "saved on a revision of nothing": lambda: store.save(
            other, by="staff-ali", why="x", base=1
        ),
        "saved on an old revision": lambda: store.save(plan, by="staff-ali", why="x", base=1),
        "a plan not in the store": lambda: store.latest("nothing"),
        "a revision not there": lambda: store.revision(plan.id, 9),
        "a day before the first": lambda: store.revision(plan.id, date(2000, 1, 1)),
        "a moment before the first": lambda: store.revision(
            plan.id, datetime(2000, 1, 1, tzinfo=UTC)
        ),
        "a moment with no zone": lambda: store.revision(plan.id, datetime(2000, 1, 1)),
        "since a revision for another view": lambda: store.render(
            plan.id, "staff", by="staff-ali", view="plan", since=1
        ),
        "a copy made by nobody": lambda: store.record_disclosure(
            plan.id, "staff", view="plan", by=""
        ),
    }


class _NotAHook:
    """A plugin whose hook's name is misspelt."""

    @rp.hookimpl
    def template_dir(self) -> list[str]:
        return []


def _called(plan: rp.Plan, keyword: str) -> Callable[[], object]:
    """Rendering a plan whose first circle member has a reader's keyword as their id."""
    member = attrs.evolve(plan.circle[0], id=keyword)
    return lambda: rp.render(attrs.evolve(plan, circle=(member,)), "staff")


def _refusal(name: str, case: Callable[[], object]) -> str:
    try:
        case()
    except (rp.PlanError, ValueError) as error:
        return str(error)
    pytest.fail(f"{name}: nothing was refused")


def _supplied(tmp_path: Path) -> list[str]:
    plan = _morag()
    found = [str(tmp_path / "a-file" / "demo"), str(tmp_path / "a-file")]
    found += [str(tmp_path / "no" / "x.html")]
    found += [str(tmp_path / "fifo"), str(tmp_path), os.strerror(errno.ENOTDIR)]
    found += ["/dev/null", plan.id, plan.person.called, *plugins.DEFAULT_PLUGINS, "boom"]
    found += ["invalid syntax", "ValueError", "SyntaxError", "typo", "template_dir"]
    found += [hook for hook in dir(rp.hookspecs) if not hook.startswith("_")]
    found.append(os.strerror(errno.ENOENT))  # the operating system's reason, in its words
    found += [part.id for _path, part in plan.identified()]
    found += [member.name for member in plan.circle] + ["Jo"]
    # The plan store's addresses and the database's own reasons, in its words.
    found += [EXAMPLE_FILE, EXAMPLE_URL, "ftp://host/plans", "sqlite://", "NaN", "plan-other"]
    found += ["postgresql://user@host:port/plans", "invalid literal for int() with base 10"]
    found += [str(tmp_path / name) for name in ("plans.db", "garbage.db", "newer.db")]
    found += [str(tmp_path / name) for name in ("none.db", "tableless.db", "unreadable.db")]
    found += [str(tmp_path / "no" / "x.db"), "file is not a database", "no such table"]
    found += [f"recoveryplan history {plan.id}", DISCLOSURES.name, "2000-01-01T00:00:00+00:00"]
    found += ["2000-01-01T00:00:00", "2000-01-01"]
    return found


def test_every_error_of_the_api_is_told_in_the_readers_language(
    pseudo: None, tmp_path: Path
) -> None:
    cases = _cases(tmp_path)
    told: dict[str, str] = {}
    for name, case in cases.items():
        with speaking(PSEUDO):
            told[name] = _refusal(name, case)
    supplied = _supplied(tmp_path)
    for name, text in told.items():
        assert "⟦" in text, (name, text)
        assert not _escaped(text, *supplied), (name, text, _escaped(text, *supplied))
    # And in English, as they always were: no mark.
    for name, case in cases.items():
        assert "⟦" not in _refusal(name, case), name


def test_what_the_api_says_beside_its_errors_is_told_in_the_readers_language(
    pseudo: None,
) -> None:
    """The missing extras, a lost plan, a plugin's failure, a file that is no plan, and the
    names of JSON's values: each a whole message (or a name) of its own."""
    builtin = plugins.DEFAULT_PLUGINS[0]
    with speaking(PSEUDO):
        told = [
            *(str(MissingExtraError.needing(need)) for need in NEEDS),
            *(lost_message(doing, "-9") for doing in ("reading", "rendering", "checking")),
            str(plugins.plugin_failure(builtin, "template_dirs", "⟦⟧")),
            unexpected(ValueError("boom")),
            *(not_a_plan_file("f", mode) for mode in (0o040000, 0o010000, 0o140000, 0o020000)),
            *(describe(value) for value in (None, True, False)),
        ]
    for text in told:
        text = text.replace("ValueError", " ").replace("boom", " ").replace(builtin, " ")
        assert "⟦" in text, text
        assert not _escaped(text, "f", "-9"), (text, _escaped(text, "f", "-9"))
    with speaking(None):
        assert describe(None) == "null"
        assert str(MissingExtraError.needing("pdf")).startswith("PDF output needs WeasyPrint")
