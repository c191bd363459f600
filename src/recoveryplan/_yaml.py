"""The YAML reader behind :func:`recoveryplan._reading.parse_yaml`, in a module of its own so
that PyYAML is imported only when a YAML plan is read (``recoveryplan --help`` and JSON-only
work start without it). It marks what it cannot take with :mod:`recoveryplan._troubles`."""

from __future__ import annotations

import re
from typing import Any

import yaml

from ._troubles import Ambiguous, HugeNumber, too_deep
from ._values import MAX_DIGITS, describe
from .errors import PlanFormatError, Problem
from .messages import gettext as _

__all__ = ["read_yaml"]

_SAFE_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_SAFE_FLOAT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)\.[0-9]+(?:[eE][-+][0-9]+)?$")
_AMBIGUOUS = re.compile(
    r"""^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?
    |[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?0x[0-9a-fA-F_]+
    |[-+]?[0-9][0-9_]*
    |[-+]?(?:\.[0-9_]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$""",
    re.VERBOSE,
)
"""Every plain value that YAML 1.1 or YAML 1.2 reads as a number or a truth value; those that
:data:`_SAFE_INT` and :data:`_SAFE_FLOAT` do not take (they mean the same in both) are refused."""

_AMBIGUOUS_TAG = "tag:recoveryplan,2026:ambiguous"


class _PlanYamlLoader(yaml.SafeLoader):
    """YAML as plain data that means the same to every reader: dates stay text, only
    true/false are truth values, numbers only where YAML 1.1 and 1.2 agree, no aliases.

    PyYAML's defaults would read ``on:`` (a key this format uses) as ``True``, ``010`` as 8 and
    unquoted dates as date objects; aliases would let a tiny file expand into a huge plan.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.troubled = False

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise yaml.MarkedYAMLError(
                problem="aliases (*name) are not allowed in a plan", problem_mark=mark
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, Ambiguous):
                key = key.text  # a key is always text, so ``on:`` means "on" to every reader
            if type(key) is not str:
                # JSON keys are always text; ``1:``, ``null:`` or ``[a, b]:`` would otherwise
                # reach the model as numbers, None or lists and could not be written back.
                raise yaml.MarkedYAMLError(
                    problem=_("a key must be text, not %(found)s; put it in quotes")
                    % {"found": describe(key)},
                    problem_mark=key_node.start_mark,
                )
            if key in mapping:
                raise yaml.MarkedYAMLError(
                    problem=_("the key %(key)s appears more than once; keep one")
                    % {"key": repr(key)},
                    problem_mark=key_node.start_mark,
                )
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


def _construct_ambiguous(loader: _PlanYamlLoader, node: Any) -> Ambiguous:
    loader.troubled = True
    return Ambiguous(node.value)


def _construct_int(loader: _PlanYamlLoader, node: Any) -> int | HugeNumber:
    text: str = node.value
    if len(text) > MAX_DIGITS:
        loader.troubled = True
        return HugeNumber(len(text.lstrip("+-")))
    return int(text)


_PlanYamlLoader.yaml_implicit_resolvers = {
    first: [
        (tag, pattern)
        for tag, pattern in resolvers
        if tag
        not in (
            "tag:yaml.org,2002:timestamp",
            "tag:yaml.org,2002:bool",
            "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:float",
            "tag:yaml.org,2002:merge",
        )
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_PlanYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)
_PlanYamlLoader.add_implicit_resolver("tag:yaml.org,2002:int", _SAFE_INT, list("-+0123456789"))
_PlanYamlLoader.add_implicit_resolver("tag:yaml.org,2002:float", _SAFE_FLOAT, list("-+0123456789"))
_PlanYamlLoader.add_implicit_resolver(_AMBIGUOUS_TAG, _AMBIGUOUS, list("-+.0123456789yYnNoO"))
_PlanYamlLoader.add_constructor(_AMBIGUOUS_TAG, _construct_ambiguous)
_PlanYamlLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def read_yaml(text: str, source: str) -> tuple[Any, bool]:
    """The document in ``text``, and whether it holds values to report at their paths."""
    loader = _PlanYamlLoader(text)
    try:
        document = loader.get_single_data()
    except RecursionError:
        raise PlanFormatError([Problem(path="$", message=too_deep("read"))], source) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        what = getattr(error, "problem", None) or str(error)
        # PyYAML's own reasons (other than the two above) stay as PyYAML writes them.
        message = (
            _("not valid YAML: %(why)s (line %(line)s, column %(column)s)")
            % {"why": what, "line": mark.line + 1, "column": mark.column + 1}
            if mark
            else _("not valid YAML: %(why)s") % {"why": what}
        )
        raise PlanFormatError([Problem(path="$", message=message)], source) from None
    finally:
        loader.dispose()
    return document, loader.troubled
