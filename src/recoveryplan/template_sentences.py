"""Sentences without values translated once per template, not once per rendering.

Most of the words a page prints are fixed sentences, ``_("What I'm good at")``: two hundred of
them a page, each a call through the context to the copy's ``gettext``, although the answer is
the same for every plan rendered with the same environment (its catalogue is fixed when it is
built). So a template's fixed sentences are translated when the template is loaded, by the
``gettext`` its environment installed, and a compiled ``_("...")`` uses that translation when,
at that moment, ``_`` is still Jinja's alias and ``gettext``, as the context resolves it, is
the very function the sentence was translated with; otherwise it calls as Jinja would. Only
``gettext`` functions made by :func:`recoveryplan.sentences.gettext_callables`
(:func:`said_alike`: the same words for the same sentence) are trusted with this; a template
that names anything ``_`` or ``gettext`` itself, or a plugin's own ``gettext``, is compiled as
before.

A sentence with the plan's words put in, ``_("What %(name)s needs", name=name)``, cannot be
translated before a plan is at hand, but under the same test it calls that ``gettext`` itself
rather than through the context's general call.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from jinja2 import Environment, nodes

__all__ = [
    "NOT_FOLDED",
    "Sentences",
    "is_filled_sentence",
    "is_fixed_sentence",
    "said_alike",
    "sentences_of",
    "translate_once",
]

_ALIKE = "recoveryplan_said_alike"
"""The attribute that marks a ``gettext`` whose answer depends on the sentence alone."""

_NAMES = frozenset({"_", "gettext"})


class _NotFolded:
    """The ``gettext`` of a template whose sentences were not translated at load: no context's
    ``gettext`` is ever this."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NOT_FOLDED"


NOT_FOLDED = _NotFolded()


def said_alike(function: Callable[..., str]) -> Callable[..., str]:
    """Mark ``function`` (a template ``gettext``) as giving the same words every time it is
    called with the same sentence and no values."""
    setattr(function, _ALIKE, True)
    return function


def _one_literal_sentence(node: nodes.Call) -> bool:
    """Whether ``node`` calls ``_`` with one literal sentence and no ``*args`` or
    ``**kwargs``: what a fixed and a filled sentence share."""
    return (
        isinstance(node.node, nodes.Name)
        and node.node.name == "_"
        and node.node.ctx == "load"
        and len(node.args) == 1
        and isinstance(node.args[0], nodes.Const)
        and type(node.args[0].value) is str
        and node.dyn_args is None
        and node.dyn_kwargs is None
    )


def is_fixed_sentence(node: nodes.Call) -> bool:
    """Whether ``node`` is ``_("...")``: one literal sentence, nothing put in."""
    return _one_literal_sentence(node) and not node.kwargs


def is_filled_sentence(node: nodes.Call) -> bool:
    """Whether ``node`` is ``_("...", name=...)``: one literal sentence with named values."""
    return (
        _one_literal_sentence(node)
        and bool(node.kwargs)
        and all(keyword.key not in ("_loop_vars", "_block_vars") for keyword in node.kwargs)
    )


class Sentences(NamedTuple):
    """What a template's sentences allow: its fixed sentences in a stable order, and whether
    it has a sentence with values; neither when it gives ``_`` or ``gettext`` a meaning of its
    own (a variable, a macro, an import, a parameter)."""

    own_meaning: bool
    fixed: tuple[str, ...]
    filled: bool


_SEEN = (nodes.Name, nodes.Macro, nodes.Import, nodes.FromImport, nodes.Call)


def sentences_of(template: nodes.Template) -> Sentences:
    """The template's :class:`Sentences`, found in one walk of its tree.

    The wording module's tree has some thirty thousand nodes, and walking it once for each
    question (a name, a macro, an import, a call) was nearly half of compiling it, which every
    environment does for every template it loads."""
    fixed: dict[str, None] = {}
    filled = False
    for node in template.find_all(_SEEN):
        if isinstance(node, nodes.Call):
            if is_fixed_sentence(node):
                fixed[node.args[0].value] = None  # type: ignore[attr-defined]
            elif is_filled_sentence(node):
                filled = True
        elif _gives_meaning(node):
            return Sentences(own_meaning=True, fixed=(), filled=False)
    return Sentences(own_meaning=False, fixed=tuple(fixed), filled=filled)


def _gives_meaning(node: nodes.Node) -> bool:
    """Whether ``node`` gives ``_`` or ``gettext`` a meaning of its own."""
    if isinstance(node, nodes.Name):
        return node.name in _NAMES and node.ctx != "load"
    if isinstance(node, nodes.Macro):
        return node.name in _NAMES
    if isinstance(node, nodes.Import):
        return node.target in _NAMES
    if isinstance(node, nodes.FromImport):
        return any(
            (entry if isinstance(entry, str) else entry[-1]) in _NAMES for entry in node.names
        )
    return False


def translate_once(
    environment: Environment, sentences: tuple[str, ...]
) -> tuple[Any, dict[str, str]]:
    """The environment's ``gettext`` and each sentence as it translates it; ``NOT_FOLDED``
    and nothing when that ``gettext`` is not one :func:`said_alike` marked."""
    gettext = environment.globals.get("gettext")
    if not callable(gettext) or not getattr(gettext, _ALIKE, False):
        return NOT_FOLDED, {}
    return gettext, {sentence: gettext(sentence) for sentence in sentences}
