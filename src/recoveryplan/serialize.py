"""The ``recoveryplan/1`` interchange format: loading and dumping plans.

Loading is the hot path of every batch job over a caseload, so it runs in two passes. The fast
pass uses a converter whose hooks are generated once per type and which stops at the first
problem. Only when it fails does the detailed pass run, with a second converter that collects
every problem in the document so that a person can fix them all at once.

Nothing is ever coerced: a number where text belongs, text where a number belongs, ``null`` for
a required field, an unknown key, an impossible date or an unknown word is a problem, because a
care plan that silently changed on the way in is worse than one that was refused.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from difflib import get_close_matches
from functools import cache
from pathlib import Path
from types import UnionType
from typing import Any, TypeVar, Union, get_args, get_origin

import attrs
import cattrs
import yaml
from cattrs.errors import (
    AttributeValidationNote,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.fns import identity
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from ._base import Enumeration
from .assessment import Assessment, AssessmentItem
from .errors import PlanFormatError, PlanReadError, Problem
from .files import write_atomically
from .goals import Goal, Outcome, SupportAction
from .people import CircleMember, Person, Service
from .plan import FORMAT, Plan
from .ratings import Rating
from .reviews import Review
from .risk import Capacity, Concern, Decision, Dissent, RiskPlan, Safeguard
from .safety import Distraction, Professional, SafetyPlan
from .sharing import SharingConsent

__all__ = [
    "MODEL",
    "RENAMES",
    "child_path",
    "dump",
    "dumps",
    "json_key",
    "load",
    "loads",
    "to_data",
]

T = TypeVar("T")

MODEL: tuple[type, ...] = (
    Person,
    Service,
    CircleMember,
    AssessmentItem,
    Assessment,
    SupportAction,
    Goal,
    Outcome,
    Rating,
    Concern,
    Capacity,
    Safeguard,
    Dissent,
    Decision,
    RiskPlan,
    Distraction,
    Professional,
    SafetyPlan,
    Review,
    SharingConsent,
    Plan,
)
"""Every class of the model, each one an object in the format."""

RENAMES: Mapping[type, Mapping[str, str]] = {
    Assessment: {"participants": "with"},
    Review: {"attendees": "with"},
    SharingConsent: {"member": "with"},
}
"""Attributes whose key in the format differs from their Python name (``with`` is a keyword)."""

_KEY_OF_ATTRIBUTE = {name: key for names in RENAMES.values() for name, key in names.items()}


def json_key(cls: type, attribute: str) -> str:
    """The key an attribute of a model class has in the format."""
    return RENAMES.get(cls, {}).get(attribute, attribute)


# -- messages ------------------------------------------------------------------------------


class _Invalid(ValueError):
    """A value that does not fit; its message is written for the person fixing the document."""


def _describe(value: object) -> str:
    """Name a JSON value the way a person reading the document would see it."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__  # pragma: no cover - JSON and our YAML loader give no others


def child_path(path: str, key: str | int) -> str:
    """The JSON path of a key or index under ``path``: ``.key``, ``["odd key"]`` or ``[0]``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    if key.isidentifier() and key.isascii():
        return f"{path}.{key}"
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"


# -- hooks for the values in a plan ----------------------------------------------------------


def _structure_str(value: Any, _: Any) -> str:
    if type(value) is str:
        return value
    hint = "; put it in quotes if it is meant as text" if isinstance(value, int | float) else ""
    raise _Invalid(f"expected text, not {_describe(value)}{hint}")


def _structure_optional_str(value: Any, _: Any) -> str | None:
    if value is None or type(value) is str:
        return value
    return _structure_str(value, _)


def _structure_int(value: Any, _: Any) -> int:
    if type(value) is int:
        return value
    raise _Invalid(f"expected a whole number, not {_describe(value)}")


def _structure_bool(value: Any, _: Any) -> bool:
    if type(value) is bool:
        return value
    raise _Invalid(f"expected true or false, not {_describe(value)}")


def _structure_date(value: Any, _: Any) -> date:
    if type(value) is str:
        if len(value) == 10 and value[4] == "-" and value[7] == "-" and value.isascii():
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise _Invalid(f"{value!r} is not a date; use YYYY-MM-DD, for example 2026-06-02")
    raise _Invalid(f"expected a date as text (YYYY-MM-DD), not {_describe(value)}")


def _enumeration_hook(cls: type[Enumeration]) -> Callable[[Any, Any], Enumeration]:
    members = {member.value: member for member in cls}
    allowed = ", ".join(members)

    def structure(value: Any, _: Any) -> Enumeration:
        if type(value) is str:
            member = members.get(value)
            if member is not None:
                return member
            close = get_close_matches(value, members, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise _Invalid(f"{value!r} is not allowed here{hint}; use one of: {allowed}")
        raise _Invalid(f"expected one of: {allowed}; not {_describe(value)}")

    return structure


def _structure_extensions(value: Any, _: Any) -> dict[str, Any]:
    if type(value) is not dict:
        raise _Invalid(f"expected an object keyed by namespace, not {_describe(value)}")
    _check_json_value(value, "extensions")
    return value


def _check_json_value(value: Any, where: str) -> None:
    """Extensions are opaque, but must survive a JSON round trip unchanged (YAML may not)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if type(key) is not str:
                raise _Invalid(f"keys inside {where} must be text, not {_describe(key)}")
            _check_json_value(item, where)
    elif isinstance(value, list):
        for item in value:
            _check_json_value(item, where)
    elif isinstance(value, float) and not math.isfinite(value):
        raise _Invalid(f"{where} cannot hold {value} (JSON has no such number)")
    elif value is not None and type(value) not in (str, int, float, bool):
        raise _Invalid(f"{where} can hold only JSON values, not {type(value).__name__}")


def _is_homogeneous_tuple(t: Any) -> bool:
    args = get_args(t)
    return get_origin(t) is tuple and len(args) == 2 and args[1] is Ellipsis


def _tuple_hook_factory(
    converter: cattrs.Converter, detailed: bool
) -> Callable[[Any], Callable[[Any, Any], tuple[Any, ...]]]:
    def factory(t: Any) -> Callable[[Any, Any], tuple[Any, ...]]:
        inner = get_args(t)[0]
        element = converter.get_structure_hook(inner)

        def fast(value: Any, _: Any) -> tuple[Any, ...]:
            if type(value) is not list:
                raise _Invalid(f"expected a list [...], not {_describe(value)}")
            return tuple([element(item, inner) for item in value])

        def collecting(value: Any, _: Any) -> tuple[Any, ...]:
            if type(value) is not list:
                raise _Invalid(f"expected a list [...], not {_describe(value)}")
            result, errors = [], []
            for index, item in enumerate(value):
                try:
                    result.append(element(item, inner))
                except Exception as error:
                    error.add_note(IterableValidationNote(f"@ index {index}", index, inner))
                    errors.append(error)
            if errors:
                raise IterableValidationError(f"While structuring {t!r}", errors, t)
            return tuple(result)

        return collecting if detailed else fast

    return factory


def _is_optional(t: Any) -> bool:
    args = get_args(t)
    return len(args) == 2 and type(None) in args and get_origin(t) in (Union, UnionType)


def _optional_hook_factory(
    converter: cattrs.Converter,
) -> Callable[[Any], Callable[[Any, Any], Any]]:
    """``X | None`` with the hook for ``X`` looked up once, not on every value as cattrs does."""

    def factory(t: Any) -> Callable[[Any, Any], Any]:
        (inner,) = (arg for arg in get_args(t) if arg is not type(None))
        hook = converter.get_structure_hook(inner)
        if hook is _structure_str:
            return _structure_optional_str  # the commonest optional field, one call fewer

        def structure(value: Any, _: Any) -> Any:
            return None if value is None else hook(value, inner)

        return structure

    return factory


def _unstructure_tuple_factory(
    converter: cattrs.Converter,
) -> Callable[[Any], Callable[[Any], list[Any]]]:
    """Tuples become lists, without a call per element when the element is already plain."""

    def factory(t: Any) -> Callable[[Any], list[Any]]:
        inner = get_args(t)[0]
        hook = converter.get_unstructure_hook(inner)
        if hook is identity:
            return list

        def unstructure(value: Any) -> list[Any]:
            return list(map(hook, value))  # no frame of its own, unlike a comprehension

        return unstructure

    return factory


def _unstructure_optional_factory(
    converter: cattrs.Converter,
) -> Callable[[Any], Callable[[Any], Any]]:
    def factory(t: Any) -> Callable[[Any], Any]:
        (inner,) = (arg for arg in get_args(t) if arg is not type(None))
        hook = converter.get_unstructure_hook(inner)
        if hook is identity:
            return identity  # which the generated code then leaves out altogether

        def unstructure(value: Any) -> Any:
            return None if value is None else hook(value)

        return unstructure

    return factory


def _object_hook(
    cls: type[T], generated: dict[type, Callable[[Any, Any], Any]]
) -> Callable[[Any, Any], T]:
    """Check that a JSON object is there before the generated hook reads its keys."""

    def structure(value: Any, t: Any) -> T:
        if type(value) is not dict:
            raise _Invalid(f"expected an object {{...}}, not {_describe(value)}")
        result: T = generated[cls](value, t)
        return result

    return structure


def _in_field_order(
    cls: type, unstructure: Callable[[Any], dict[str, Any]]
) -> Callable[[Any], dict[str, Any]]:
    """Keys in the order of the model (and the reference document), not cattrs' order.

    cattrs writes the fields without a default first and the rest after them, so a circle
    member would come out as ``id, name, role, relationship``. Only the classes where that
    changes the order pay for putting it back.
    """
    fields = attrs.fields(cls)
    required = [field.default is attrs.NOTHING for field in fields]
    if required == sorted(required, reverse=True):
        return unstructure
    keys = [json_key(cls, field.name) for field in fields]

    def in_order(instance: Any) -> dict[str, Any]:
        written = unstructure(instance)
        return {key: written[key] for key in keys if key in written}

    return in_order


def _placeholder(
    cls: type[T], generated: dict[type, Callable[[Any, Any], Any]]
) -> Callable[[Any, Any], T]:
    """Stands in for a class whose hook refers to itself (a goal's goals) until it exists."""

    def structure(value: Any, t: Any) -> T:
        result: T = generated[cls](value, t)
        return result

    return structure


@cache
def _converter(detailed: bool) -> cattrs.Converter:
    """The one fully configured converter (per pass), built once, in a fixed order.

    Order matters because generated hooks capture the hooks of their attributes' types when
    they are made: the primitive and collection hooks go first, then a placeholder for every
    model class (so that the recursive ``Goal`` finds itself), then the generated code.
    """
    converter = cattrs.Converter(
        forbid_extra_keys=True,
        detailed_validation=detailed,
        omit_if_default=True,
        unstruct_collection_overrides={Sequence: list, tuple: list},
    )
    # By class, not by predicate: cattrs answers ``str``, ``int`` and ``bool`` with its own
    # coercing hook before any predicate is asked, so ``"id": 12`` would become ``"12"``.
    # Each enumeration registers its own hook below, which wins over ``str`` as the more
    # specific class.
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(date, _structure_date)
    converter.register_unstructure_hook(date, _date_text)
    converter.register_structure_hook_func(_is_extensions, _structure_extensions)
    converter.register_unstructure_hook_func(_is_extensions, _keep)
    # One hook per enumeration class: a predicate hook would lose to the ``str`` hook above,
    # which cattrs dispatches by class and so would also catch every ``StrEnum``. The same
    # holds when unstructuring (cattrs passes every ``str`` through as it is), and ``to_data``
    # must give plain text, not enumeration members that only JSON happens to accept.
    for enumeration in Enumeration.__subclasses__():
        converter.register_structure_hook(enumeration, _enumeration_hook(enumeration))
        converter.register_unstructure_hook(enumeration, _enum_value)
    converter.register_structure_hook_factory(
        _is_homogeneous_tuple, _tuple_hook_factory(converter, detailed)
    )
    converter.register_structure_hook_factory(_is_optional, _optional_hook_factory(converter))
    converter.register_unstructure_hook_factory(
        _is_homogeneous_tuple, _unstructure_tuple_factory(converter)
    )
    converter.register_unstructure_hook_factory(
        _is_optional, _unstructure_optional_factory(converter)
    )

    # The detailed pass puts a check that an object is there in front of every class, for its
    # message. The fast pass needs no check: the generated code calls ``.keys()`` on what it is
    # given (to refuse unknown keys), which fails for every JSON value that is not an object,
    # and any failure sends the document to the detailed pass. So the fast pass registers the
    # generated code itself, leaves first (``MODEL`` is in that order), with a stand-in only
    # where a class holds itself.
    # Writing does the same: a stand-in for ``Goal`` costs fewer stack frames per level of
    # goals than cattrs' own way round recursion, so any plan deep enough to read can be written.
    generated: dict[type, Callable[[Any, Any], Any]] = {}
    written: dict[type, Callable[[Any], Any]] = {}
    for cls in MODEL:
        if detailed:
            converter.register_structure_hook(cls, _object_hook(cls, generated))
        elif cls is Goal:
            converter.register_structure_hook(cls, _placeholder(cls, generated))
    converter.register_unstructure_hook(Goal, lambda goal: written[Goal](goal))
    for cls in MODEL:
        renames = {name: override(rename=key) for name, key in RENAMES.get(cls, {}).items()}
        generated[cls] = make_dict_structure_fn(cls, converter, **renames)  # type: ignore[arg-type]
        if not detailed:
            converter.register_structure_hook(cls, generated[cls])
        written[cls] = _in_field_order(
            cls,
            make_dict_unstructure_fn(
                cls,
                converter,
                _cattrs_omit_if_default=True,
                **renames,  # type: ignore[arg-type]
            ),
        )
        converter.register_unstructure_hook(cls, written[cls])
    return converter


def _is_extensions(t: Any) -> bool:
    return bool(t == dict[str, Any])


def _keep(value: Any) -> Any:
    return value


# Writing passes on what is not a date or an enumeration member (a plan built in Python with
# ``status="done"``), so that the check in ``dump`` can say where it is instead of failing here.


def _date_text(value: date) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _enum_value(member: Enumeration) -> Any:
    return member.value if isinstance(member, Enumeration) else member


# -- from JSON values to problems ----------------------------------------------------------


def _problems(error: BaseException, path: str) -> Iterator[Problem]:
    """Flatten cattrs' tree of errors into one problem per leaf, each with its JSON path."""
    if isinstance(error, BaseExceptionGroup):
        for sub in error.exceptions:
            yield from _problems(sub, _note_path(sub, path))
    elif isinstance(error, ForbiddenExtraKeysError):
        allowed = [json_key(error.cl, a.name) for a in attrs.fields(error.cl)]
        for key in sorted(error.extra_fields, key=str):
            key = str(key)  # only a document built in Python can have keys that are not text
            close = get_close_matches(key, allowed, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            yield Problem(
                path=child_path(path, key),
                message=f"unknown key {key!r}; {hint}allowed here: {', '.join(allowed)}",
            )
    elif isinstance(error, KeyError):
        name = path.rsplit(".", 1)[-1]
        yield Problem(path=path, message=f"{name!r} is required here but is missing")
    elif isinstance(error, _Invalid):
        yield Problem(path=path, message=str(error))
    else:
        yield Problem(path=path, message=str(error) or type(error).__name__)


def _note_path(error: BaseException, path: str) -> str:
    for note in getattr(error, "__notes__", ()):
        if isinstance(note, AttributeValidationNote):
            return child_path(path, _KEY_OF_ATTRIBUTE.get(note.name, note.name))
        if isinstance(note, IterableValidationNote):
            return child_path(path, note.index)
    return path


# -- the document --------------------------------------------------------------------------


def from_data(document: Any, *, source: str | None = None) -> Plan:
    """Structure parsed JSON (or YAML) into a plan, or raise with every problem in it."""
    if type(document) is not dict:
        raise PlanFormatError(
            [
                Problem(
                    path="$", message=f"a plan is a JSON object {{...}}, not {_describe(document)}"
                )
            ],
            source,
        )
    body = dict(document)
    found = body.pop("format", None)
    if found == FORMAT:
        fast = _converter(False)
        try:
            plan: Plan = fast.structure(body, Plan)
            return plan
        except Exception:
            pass
        problems = []
    elif "format" not in document:
        problems = [
            Problem(path="$.format", message=f'\'format\' is missing; add "format": "{FORMAT}"')
        ]
    else:
        message = (
            f"unsupported format {found!r}; this library reads {FORMAT!r}"
            if type(found) is str
            else f"expected the text {FORMAT!r}, not {_describe(found)}"
        )
        raise PlanFormatError([Problem(path="$.format", message=message)], source)
    detailed = _converter(True)
    try:
        plan = detailed.structure(body, Plan)
    except RecursionError:
        raise PlanFormatError([Problem(path="$", message=_too_deep("read"))], source) from None
    except Exception as error:
        problems.extend(_problems(error, "$"))
        raise PlanFormatError(problems, source) from None
    if problems:
        raise PlanFormatError(problems, source)
    return plan  # pragma: no cover - the fast pass accepts whatever the detailed one does


def to_data(plan: Plan) -> dict[str, Any]:
    """A plan as JSON values, keys in the format's order, empty and absent fields left out."""
    try:
        body: dict[str, Any] = _converter(False).unstructure(plan, Plan)
    except RecursionError:
        raise PlanFormatError([Problem(path="$", message=_too_deep("write"))]) from None
    return {"format": FORMAT, **body}


def _too_deep(doing: str) -> str:
    """Goals may nest to any depth, but Python's stack has an end; say so, not crash."""
    return (
        f"the plan is nested too deeply to {doing} (hundreds of levels, such as goals inside "
        "goals); move some small goals up a level"
    )


def loads(data: str | bytes | bytearray, *, source: str | None = None) -> Plan:
    """Load a plan from JSON text (or UTF-8 bytes)."""
    return from_data(_parse_json(data, source), source=source)


def dumps(plan: Plan) -> str:
    """A plan as JSON text: two-space indents, keys in a stable order, a final newline."""
    return _json_text(to_data(plan))


def _json_text(data: dict[str, Any]) -> str:
    try:
        chunks: list[str] = []
        _write_json(data, chunks, "\n")
    except RecursionError:
        raise PlanFormatError([Problem(path="$", message=_too_deep("write"))]) from None
    except (TypeError, ValueError):
        # Only a plan built in Python can hold what JSON cannot; say where it is.
        from_data(data)
        raise  # pragma: no cover - from_data refuses every value that JSON cannot write
    chunks.append("\n")
    return "".join(chunks)


_quote = json.encoder.encode_basestring  # the C version when there is one


def _write_json(value: Any, chunks: list[str], newline: str) -> None:
    """Exactly ``json.dumps(value, ensure_ascii=False, indent=2)``, in a fraction of the time.

    The standard library writes indented JSON with nested generators in pure Python (its C
    encoder does only compact JSON), which made writing a plan cost more than reading one.
    Text, the commonest value, is written inline rather than through another call.
    """
    inner = newline + "  "
    if isinstance(value, dict):
        if not value:
            chunks.append("{}")
            return
        separator = "{" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise TypeError(f"keys must be text, not {type(key).__name__}")
            if type(item) is str:
                chunks.append(f"{separator}{_quote(key)}: {_quote(item)}")
            else:
                chunks.append(f"{separator}{_quote(key)}: ")
                _write_json(item, chunks, inner)
            separator = "," + inner
        chunks.append(newline + "}")
    elif isinstance(value, list):
        if not value:
            chunks.append("[]")
            return
        separator = "[" + inner
        for item in value:
            if type(item) is str:
                chunks.append(separator + _quote(item))
            else:
                chunks.append(separator)
                _write_json(item, chunks, inner)
            separator = "," + inner
        chunks.append(newline + "]")
    elif isinstance(value, str):
        chunks.append(_quote(value))
    elif value is None:
        chunks.append("null")
    elif value is True:
        chunks.append("true")
    elif value is False:
        chunks.append("false")
    elif isinstance(value, int):
        chunks.append(int.__repr__(value))
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value} is not a number JSON allows")
        chunks.append(float.__repr__(value))
    else:
        raise TypeError(f"{type(value).__name__} is not a JSON value")


def load(path: str | os.PathLike[str]) -> Plan:
    """Load a plan from a ``.json`` file, or a ``.yaml``/``.yml`` file of the same structure."""
    file = Path(path)
    source = str(path)
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise PlanReadError(f"{source}: no such file") from None
    except IsADirectoryError:
        raise PlanReadError(f"{source}: is a folder, not a plan file") from None
    except OSError as error:
        raise PlanReadError(f"{source}: cannot be read ({error.strerror or error})") from None
    if file.suffix.lower() in (".yaml", ".yml"):
        return from_data(_parse_yaml(data, source), source=source)
    return loads(data, source=source)


def dump(plan: Plan, path: str | os.PathLike[str]) -> None:
    """Write a plan as JSON, atomically: a crash leaves the old file or the new, never half.

    The text goes to a temporary file beside the target, is flushed to disk, and then renamed
    over it. The plan is checked first, so a plan that would not load again is never written.
    """
    data = to_data(plan)
    from_data(data, source=str(path))
    try:
        payload = _json_text(data).encode("utf-8")
    except UnicodeEncodeError:
        raise PlanFormatError(list(_unwritable_text(data, "$")), str(path)) from None
    write_atomically(path, payload)


def _unwritable_text(value: Any, path: str) -> Iterator[Problem]:
    """Text holding half of a character (a lone surrogate), which UTF-8 cannot write."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            yield Problem(
                path=path,
                message=f"the text holds half a character ({value[error.start]!r} at position "
                f"{error.start}), which a file cannot store; remove it or replace it",
            )
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _unwritable_text(key, path)
            yield from _unwritable_text(item, child_path(path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _unwritable_text(item, child_path(path, index))


# -- parsing -------------------------------------------------------------------------------


class _DuplicateKeys(dict[str, Any]):
    """A JSON object in which some key appeared more than once."""

    repeated: list[str]


class _NotANumber:
    """``NaN`` or ``Infinity`` where a number was written: kept until its path is known."""

    def __init__(self, name: str) -> None:
        self.name = name


class _Parsing:
    """The hooks of one JSON parse, which note whether anything needs a second look.

    Most documents are fine, so the walk that finds where a repeated key or a ``NaN`` is runs
    only when one was seen.
    """

    def __init__(self) -> None:
        self.troubled = False

    def pairs(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            self.troubled = True
            flagged = _DuplicateKeys(result)
            counts: dict[str, int] = {}
            for key, _ in pairs:
                counts[key] = counts.get(key, 0) + 1
            flagged.repeated = sorted(key for key, count in counts.items() if count > 1)
            return flagged
        return result

    def constant(self, name: str) -> _NotANumber:
        self.troubled = True
        return _NotANumber(name)


def _parse_json(data: str | bytes | bytearray, source: str | None) -> Any:
    if isinstance(data, bytes | bytearray):
        try:
            data = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise PlanFormatError(
                [Problem(path="$", message=f"not UTF-8 text (byte {error.start} cannot be read)")],
                source,
            ) from None
    if not isinstance(data, str):
        raise TypeError(f"loads() takes JSON text or bytes, not {type(data).__name__}")
    if data.startswith("\ufeff"):
        data = data[1:]  # a byte order mark left by a file read as plain UTF-8, not 'utf-8-sig'
    if not data.strip():
        raise PlanFormatError(
            [Problem(path="$", message="the document is empty; a plan is a JSON object {...}")],
            source,
        )
    parsing = _Parsing()
    try:
        document = json.loads(
            data, object_pairs_hook=parsing.pairs, parse_constant=parsing.constant
        )
    except RecursionError:
        raise PlanFormatError([Problem(path="$", message=_too_deep("read"))], source) from None
    except json.JSONDecodeError as error:
        why = _json_trouble(error, data)
        raise PlanFormatError(
            [
                Problem(
                    path="$",
                    message=f"not valid JSON: {why} (line {error.lineno}, column {error.colno})",
                )
            ],
            source,
        ) from None
    if parsing.troubled:
        raise PlanFormatError(list(_parse_troubles(document, "$")), source)
    return document


_JSON_TROUBLES = {
    "Expecting ',' delimiter": "a comma is missing between two entries",
    "Expecting ':' delimiter": "a colon is missing after a key",
    "Expecting property name enclosed in double quotes": (
        "expected a key in double quotes (is there a comma after the last entry?)"
    ),
    "Expecting value": "expected a value here (text must be in double quotes)",
    "Extra data": "there is more after the end of the plan; a file holds one plan {...}",
    "Invalid control character at": (
        "a line break or control character inside quoted text; write a line break as \\n"
    ),
    "Invalid \\escape": "a backslash that starts no escape; write a backslash as \\\\",
    "Invalid \\uXXXX escape": "a \\u escape needs four hexadecimal digits",
}
"""Python's JSON messages, said the way a person editing a plan by hand would understand."""


def _json_trouble(error: json.JSONDecodeError, data: str) -> str:
    # Text that is never closed, or a document that stops early, is a file cut short.
    if error.pos >= len(data.rstrip()) or error.msg.startswith("Unterminated string"):
        return "the document ends too early (is it truncated?)"
    return _JSON_TROUBLES.get(error.msg, error.msg)


def _parse_troubles(value: Any, path: str) -> Iterator[Problem]:
    """Where the keys that appear twice and the numbers JSON does not allow are."""
    if isinstance(value, dict):
        if isinstance(value, _DuplicateKeys):
            for key in value.repeated:
                yield Problem(
                    path=child_path(path, key),
                    message=f"the key {key!r} appears more than once; keep one",
                )
        for key, item in value.items():
            yield from _parse_troubles(item, child_path(path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _parse_troubles(item, child_path(path, index))
    elif isinstance(value, _NotANumber):
        yield Problem(
            path=path,
            message=f"{value.name} is not a number JSON allows; write a number, or leave it out",
        )


class _PlanYamlLoader(yaml.SafeLoader):
    """YAML as plain data: dates stay text, only true/false are booleans, no aliases.

    PyYAML's defaults would read ``on:`` (a key this format uses) as ``True`` and unquoted dates
    as date objects; aliases would let a tiny file expand into a huge plan.
    """

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise yaml.MarkedYAMLError(
                problem="aliases (*name) are not allowed in a plan", problem_mark=mark
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if type(key) is not str:
                # JSON keys are always text; ``1:``, ``null:`` or ``[a, b]:`` would otherwise
                # reach the model as numbers, None or lists and could not be written back.
                raise yaml.MarkedYAMLError(
                    problem=f"a key must be text, not {_describe(key)}; put it in quotes",
                    problem_mark=key_node.start_mark,
                )
            if key in seen:
                raise yaml.MarkedYAMLError(
                    problem=f"the key {key!r} appears more than once; keep one",
                    problem_mark=key_node.start_mark,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_PlanYamlLoader.yaml_implicit_resolvers = {
    first: [
        (tag, pattern)
        for tag, pattern in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_PlanYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def _parse_yaml(data: bytes, source: str) -> Any:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PlanFormatError(
            [Problem(path="$", message=f"not UTF-8 text (byte {error.start} cannot be read)")],
            source,
        ) from None
    if not text.strip():
        raise PlanFormatError(
            [Problem(path="$", message="the document is empty; a plan is a mapping of keys")],
            source,
        )
    try:
        return yaml.load(text, Loader=_PlanYamlLoader)
    except RecursionError:
        raise PlanFormatError([Problem(path="$", message=_too_deep("read"))], source) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        what = getattr(error, "problem", None) or str(error)
        raise PlanFormatError(
            [Problem(path="$", message=f"not valid YAML: {what}{where}")], source
        ) from None
