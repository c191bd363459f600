"""The ``recoveryplan/1`` interchange format: loading and dumping plans.

Loading is the hot path of every batch job over a caseload, so it runs in two passes. The fast
pass maps the document onto the model, whose classes check their own fields, and stops at the
first problem. Only when it fails does the detailed pass run, with a converter that checks every
value with the same checks and collects every problem, so that a person can fix them all at once
(:mod:`recoveryplan._converter`). Reading the text itself, JSON or YAML, is
:mod:`recoveryplan._reading`; writing it is :mod:`recoveryplan._writing`.

Nothing is ever coerced: a number where text belongs, text where a number belongs, ``null`` for
a required field, an unknown key, an impossible date or an unknown word is a problem, because a
care plan that silently changed on the way in is worse than one that was refused. And because
the model checks itself, whatever :func:`dumps` writes, :func:`loads` reads back equal.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar, overload

from . import _converter
from ._building import build
from ._converter import MODEL
from ._fast_reading import read_plan
from ._fast_writing import write_fast
from ._fields import child_path, json_key
from ._reading import MAX_PLAN_BYTES, parse_json, parse_yaml, too_deep
from ._typed_reading import read_typed
from ._values import describe
from ._writing import json_text
from .errors import PlanFormatError, PlanReadError, Problem
from .files import not_a_plan_file, write_atomically
from .messages import gettext as _
from .part_names import a_part
from .plan import FORMAT, Plan

__all__ = [
    "MAX_PLAN_BYTES",
    "MODEL",
    "RENAMES",
    "child_path",
    "dump",
    "dumps",
    "from_data",
    "json_key",
    "load",
    "loads",
    "read_plan_bytes",
    "to_data",
]

T = TypeVar("T")

RENAMES: Mapping[type, Mapping[str, str]] = {
    cls: names for cls in MODEL if (names := _converter.renames(cls))
}
"""Attributes whose key in the format differs from their Python name (``with`` is a keyword),
read from the fields' metadata."""


# -- the document --------------------------------------------------------------------------


@overload
def from_data(document: Any, *, source: str | None = None) -> Plan: ...


@overload
def from_data(document: Any, kind: type[T], *, source: str | None = None) -> T: ...


def from_data(document: Any, kind: type[Any] = Plan, *, source: str | None = None) -> Any:
    """A plan from parsed JSON values (a ``dict``, such as a database JSON column holds), or
    with ``kind`` one part of a plan (``rp.from_data(posted, rp.Goal)``: a goal a form sent).

    It is checked exactly as :func:`loads` checks a document, and raises
    :class:`~recoveryplan.PlanFormatError` with every problem in it, at JSON paths from ``$``
    (the part itself, for a part).
    """
    if kind is not Plan:
        return _part_from_data(document, kind, source)
    if not isinstance(document, dict):
        raise PlanFormatError(
            [
                Problem(
                    path="$",
                    message=_("a plan is a JSON object {...}, not %(found)s")
                    % {"found": describe(document)},
                )
            ],
            source,
        )
    body = dict(document)
    found = body.pop("format", None)
    if found == FORMAT:
        built: Plan | None = build(body, Plan, plain_text=False)
        if built is not None:
            return built
        try:
            plan: Plan = _converter.converter(False).structure(body, Plan)
            return plan
        except Exception:
            pass
        problems = []
    elif "format" not in document:
        problems = [
            Problem(
                path="$.format",
                message=_('\'format\' is missing; add "format": "%(format)s"') % {"format": FORMAT},
            )
        ]
    else:
        message = (
            _("unsupported format %(found)s; this library reads %(format)s")
            % {"found": repr(found), "format": repr(FORMAT)}
            if type(found) is str
            else _("expected the text %(format)s, not %(found)s")
            % {"format": repr(FORMAT), "found": describe(found)}
        )
        raise PlanFormatError([Problem(path="$.format", message=message)], source)
    try:
        plan = _converter.converter(True).structure(body, Plan)
    except RecursionError:
        raise PlanFormatError([Problem(path="$", message=too_deep("read"))], source) from None
    except Exception as error:
        problems.extend(_converter.problems(error, "$"))
        raise PlanFormatError(problems, source) from None
    if problems:
        raise PlanFormatError(problems, source)
    return plan  # pragma: no cover - the fast pass accepts whatever the detailed one does


def _part_from_data(document: Any, kind: type[T], source: str | None) -> T:
    if kind not in MODEL:
        names = ", ".join(sorted(cls.__name__ for cls in MODEL))
        raise TypeError(f"from_data() reads a Plan or a part of one ({names}), not {kind!r}")
    if not isinstance(document, dict):
        # Translators: %(part)s names a kind of part ("a small goal"); %(kind)s is its name in
        # the Python code (Goal), kept as it is.
        message = _("%(part)s (%(kind)s) is a JSON object {...}, not %(found)s") % {
            "part": a_part(kind),
            "kind": kind.__name__,
            "found": describe(document),
        }
        raise PlanFormatError([Problem(path="$", message=message)], source)
    built: T | None = build(document, kind, plain_text=False)
    if built is not None:
        return built
    try:
        part: T = _converter.converter(False).structure(document, kind)
        return part
    except Exception:
        pass
    try:
        _converter.converter(True).structure(document, kind)
    except RecursionError:
        raise PlanFormatError([Problem(path="$", message=too_deep("read"))], source) from None
    except Exception as error:
        raise PlanFormatError(list(_converter.problems(error, "$")), source) from None
    raise AssertionError("the fast pass refused what the detailed one accepts")  # pragma: no cover


def to_data(plan: Plan) -> dict[str, Any]:
    """A plan as plain JSON values (``dict``, ``list``, text, numbers), keys in the format's
    order, empty and absent fields left out: what a database JSON column stores."""
    if not isinstance(plan, Plan):
        raise TypeError(f"to_data() takes a Plan, not {type(plan).__name__}")
    body: dict[str, Any] = _converter.converter(False).unstructure(plan, Plan)
    return {"format": FORMAT, **body}


def loads(data: str | bytes | bytearray, *, source: str | None = None) -> Plan:
    """Load a plan from JSON text (or UTF-8 bytes)."""
    plan = _fast_loads(data)
    if plan is not None:
        return plan
    return from_data(parse_json(data, source), source=source)


def _fast_loads(data: str | bytes | bytearray) -> Plan | None:
    """The plan, when a valid document is read by msgspec (:mod:`recoveryplan._fast_reading`)
    and the fast pass alone; ``None`` on anything else, so that the careful reader and both
    passes read it again from the start and say what is wrong exactly as they always have.

    msgspec reading into the model's shape (:mod:`recoveryplan._typed_reading`) is tried
    first; a document it is not certain of (text that may hold a control character, say) is
    read into plain values and built from them."""
    typed = read_typed(data)
    if typed is not None:
        return typed
    read = read_plan(data)
    if read is None or read.document.get("format") != FORMAT:
        return None
    body = dict(read.document)
    del body["format"]
    built: Plan | None = build(body, Plan, plain_text=read.plain_text)
    if built is not None:
        return built
    try:
        plan: Plan = _converter.converter(False).structure(body, Plan)
    except Exception:
        return None
    return plan


def dumps(plan: Plan) -> str:
    """A plan as JSON text: two-space indents, keys in a stable order, a final newline."""
    if isinstance(plan, Plan):
        text = write_fast(plan)  # the same bytes, written by msgspec when it can
        if text is not None:
            return text
    return json_text(to_data(plan))


def load(path: str | os.PathLike[str]) -> Plan:
    """Load a plan from a ``.json`` file, or a ``.yaml``/``.yml`` file of the same structure."""
    source = str(path)
    data = read_plan_bytes(path)
    if Path(path).suffix.lower() in (".yaml", ".yml"):
        return from_data(parse_yaml(data, source), source=source)
    return loads(data, source=source)


def read_plan_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a plan file, refusing what is not a regular file or is too large.

    A device such as ``/dev/zero`` would be read until memory runs out and a FIFO would wait
    for ever, so only regular files are read (opened without waiting), and at most
    :data:`MAX_PLAN_BYTES` of them.
    """
    source = str(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise PlanReadError(_("%(file)s: no such file") % {"file": source}) from None
    except IsADirectoryError:
        raise PlanReadError(_folder(source)) from None
    except OSError as error:
        raise PlanReadError(_unreadable(source, error)) from None
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise PlanReadError(_folder(source))
        if not stat.S_ISREG(mode):
            raise PlanReadError(not_a_plan_file(source, mode))
        with os.fdopen(descriptor, "rb", closefd=False) as file:
            data = file.read(MAX_PLAN_BYTES + 1)
    except OSError as error:
        if isinstance(error, PlanReadError):
            raise
        raise PlanReadError(_unreadable(source, error)) from None
    finally:
        os.close(descriptor)
    if len(data) > MAX_PLAN_BYTES:
        raise PlanReadError(
            _(
                "%(file)s: is larger than %(size)s MiB, the most a plan file may be; it is "
                "not a plan"
            )
            % {"file": source, "size": MAX_PLAN_BYTES // (1024 * 1024)}
        )
    return data


def _folder(source: str) -> str:
    return _("%(file)s: is a folder, not a plan file") % {"file": source}


def _unreadable(source: str, error: OSError) -> str:
    # The operating system's reason is in its own language (the C library's locale).
    return _("%(file)s: cannot be read (%(reason)s)") % {
        "file": source,
        "reason": error.strerror or error,
    }


def dump(plan: Plan, path: str | os.PathLike[str]) -> None:
    """Write a plan as JSON, atomically: a crash leaves the old file or the new, never half.

    A new file is created readable by its owner only (a plan is health data); an existing
    one keeps its permissions. See :func:`recoveryplan.files.write_atomically`.
    """
    write_atomically(path, dumps(plan).encode("utf-8"))
