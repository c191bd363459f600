"""How the templates are compiled: the same output as Jinja's own compiler, for less work.

A plan's page is thousands of small pieces of output and hundreds of calls, and Jinja's
general-purpose code spent more time passing them along than the templates spent making them.
The changes, none of which a template or a plugin can see in what is written:

- every ``{{ value }}`` is finalized and escaped by one function made for the format
  (:class:`Output`) instead of two general ones, as long as the environment still has the
  ``finalize`` that function was made for (a plugin that replaces it gets Jinja's own code);
- an ``{% include %}`` joins the included template's output and hands it on as one piece,
  instead of passing each piece up through every template it is nested in;
- a call to a macro, or to a function, is made directly (:class:`DirectCallContext`),
  without Jinja looking again for what it would pass;
- ``part.attribute`` is read in place, and ``dictionary.key`` reads a plain dictionary's key
  at once instead of after Jinja's attribute look-up has failed with an exception;
- Jinja's built-in filters that have an asynchronous twin are used in their synchronous form
  (:func:`use_synchronous_filters`), without the wrapper that chooses one at every call, and
  the ones that pick parts of a plan in a form that looks their test up once
  (:mod:`recoveryplan.template_filters`).

While it compiles, the generator also notes the variables the template reads from its context
(:func:`noting_undeclared`), as ``jinja2.meta.find_undeclared_variables`` finds them by
generating the code a second time: that second pass, after parsing the source again, was a
quarter of the time a command took to render one plan.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Callable, Iterator, MutableMapping
from contextlib import contextmanager
from contextvars import ContextVar
from types import BuiltinFunctionType, FunctionType, MethodType
from typing import Any

import attrs
from jinja2 import Environment, filters, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.ext import _gettext_alias
from jinja2.runtime import Context, Macro
from jinja2.utils import _PassArg, internalcode, missing
from markupsafe import Markup

from .template_filters import FAST_FILTERS
from .template_sentences import (
    Sentences,
    is_filled_sentence,
    is_fixed_sentence,
    sentences_of,
)

__all__ = [
    "DirectCallContext",
    "FastCodeGenerator",
    "Output",
    "noting_undeclared",
    "use_synchronous_filters",
]

_WRITER = "recoveryplan_write_"
"""The start of the names compiled templates give the environment's :class:`Output` writers."""
_SAID = "recoveryplan_said_"
"""The start of the names compiled templates give their fixed sentences' translations."""


@attrs.frozen
class Output:
    """What a ``{{ value }}`` outputs, in one call: ``write(value)`` must equal Jinja's
    ``escape(finalize(value))`` (``str(finalize(value))`` where nothing is escaped) for every
    value, and is used only while the environment's ``finalize`` is ``finalize``."""

    finalize: Callable[[Any], Any]
    write: Callable[[Any], str]
    escaped: bool


class FastCodeGenerator(CodeGenerator):
    """Jinja's code generator with output written by :class:`Output` and includes joined.

    The environment names its :class:`Output`\\ s in ``outputs``; an environment without them
    compiles exactly as Jinja does.
    """

    def _outputs(self) -> dict[str, Output]:
        if self.defer_init:  # compiled to be loaded later: no environment to read them from
            return {}
        found: dict[str, Output] = getattr(self.environment, "outputs", {})
        return found

    def enter_frame(self, frame: Frame) -> None:
        super().enter_frame(frame)
        noted = _undeclared.get()
        if noted is not None:  # as jinja2.meta's TrackingCodeGenerator notes them
            known = self.environment.globals
            noted.update(
                param
                for action, param in frame.symbols.loads.values()
                if action == "resolve" and param not in known
            )

    _fixed: tuple[str, ...] = ()
    """The template's fixed sentences, translated when it is loaded (``template_sentences``)."""
    _filled = False
    """Whether the template's sentences with values call the trusted ``gettext`` at once."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        # Each writer is looked up once, when the template is loaded, not at every output.
        for name in self._outputs():
            self.writeline(f"{_WRITER}{name} = environment.outputs[{name!r}].write")
        sentences = self._sentences(node)
        self._fixed = sentences.fixed
        self._filled = sentences.filled
        if self._fixed or self._filled:
            self.writeline(
                "from recoveryplan.template_sentences import translate_once as "
                f"{_SAID}translate_once"
            )
            self.writeline(f"from jinja2.ext import _gettext_alias as {_SAID}alias")
            self.writeline(
                f"{_SAID}gettext, {_SAID}words = {_SAID}translate_once(environment, "
                f"{self._fixed!r})"
            )
        super().visit_Template(node, frame)

    def _sentences(self, node: nodes.Template) -> Sentences:
        environment = self.environment
        if self.defer_init or environment.is_async or environment.sandboxed:
            return Sentences(own_meaning=False, fixed=(), filled=False)
        return sentences_of(node)

    def visit_Call(self, node: nodes.Call, frame: Frame, forward_caller: bool = False) -> None:
        if not forward_caller and self._fixed and is_fixed_sentence(node):
            # ``_("...")``: the translation made when the template was loaded, while ``_``
            # and ``gettext`` are still the ones it was made with; the call Jinja makes
            # otherwise.
            sentence = node.args[0].value  # type: ignore[attr-defined]
            self.write(f"({_SAID}words[{sentence!r}] if ")
            self._said_alike(node, frame)
            super().visit_Call(node, frame)
            self.write(")")
        elif not forward_caller and self._filled and is_filled_sentence(node):
            # ``_("...", name=...)``: the same ``gettext`` called at once, under the same test
            sentence = node.args[0].value  # type: ignore[attr-defined]
            self.write(f"({_SAID}gettext({sentence!r}")
            for keyword in node.kwargs:
                self.write(f", {keyword.key}=")
                self.visit(keyword.value, frame)
            self.write(") if ")
            self._said_alike(node, frame)
            super().visit_Call(node, frame)
            self.write(")")
        else:
            super().visit_Call(node, frame, forward_caller=forward_caller)

    def _said_alike(self, node: nodes.Call, frame: Frame) -> None:
        """The test that ``_`` is Jinja's alias and ``gettext``, as the context resolves it
        (its own variables, such as a child template's ``{% set %}``, then what it was made
        with), the one the template's sentences were translated with; then ``else``."""
        self.visit(node.node, frame)
        self.write(
            f" is {_SAID}alias and context.vars.get('gettext', context.parent.get('gettext'))"
            f" is {_SAID}gettext else "
        )

    def _writer(self, frame: Frame) -> str | None:
        """The name of the function that writes output in ``frame``, if there is one."""
        if frame.eval_ctx.volatile:
            return None
        escaped = bool(frame.eval_ctx.autoescape)
        for name, output in self._outputs().items():
            if output.escaped == escaped and output.finalize is self.environment.finalize:
                return _WRITER + name
        return None

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        writer = self._writer(frame)
        if writer is None:
            super()._output_child_pre(node, frame, finalize)
        else:
            self.write(f"{writer}(")

    def _output_child_post(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if self._writer(frame) is None:
            super()._output_child_post(node, frame, finalize)
        else:
            self.write(")")

    def visit_Getattr(self, node: nodes.Getattr, frame: Frame) -> None:
        # ``goal.statement``, a thousand a page: the attribute read in place, without a call
        # of Jinja's ``getattr``; and ``words.labels.overdue``, where a dictionary has no
        # attribute of that name and Jinja's ``getattr`` fails to find one, with an exception,
        # before it reads the key: a plain dictionary that has the key is read at once.
        # Anything else (no such attribute, no such key) goes to Jinja's ``getattr``.
        environment = self.environment
        if (
            environment.is_async
            or environment.sandboxed
            or type(environment).getattr is not Environment.getattr
        ):
            super().visit_Getattr(node, frame)
            return
        held, found = self.temporary_identifier(), self.temporary_identifier()
        key = repr(node.attr)
        self.write(f"({found} if ({found} := getattr(({held} := ")
        self.visit(node.node, frame)
        self.write(f"), {key}, missing)) is not missing else ")
        if not hasattr(dict, node.attr):
            self.write(f"{held}[{key}] if type({held}) is dict and {key} in {held} else ")
        self.write(f"environment.getattr({held}, {key}))")

    def visit_Include(self, node: nodes.Include, frame: Frame) -> None:
        if node.ignore_missing or not node.with_context or self.environment.is_async:
            super().visit_Include(node, frame)
            return
        function = "get_or_select_template"
        if isinstance(node.template, nodes.Const):
            if isinstance(node.template.value, str):
                function = "get_template"
            elif isinstance(node.template.value, tuple | list):
                function = "select_template"
        elif isinstance(node.template, nodes.Tuple | nodes.List):
            function = "select_template"
        self.writeline(f"template = environment.{function}(", node)
        self.visit(node.template, frame)
        self.write(f", {self.name!r})")
        self.writeline(
            "gen = template.root_render_func(template.new_context(context.get_all(), True,"
            f" {self.dump_local_context(frame)}))"
        )
        self.writeline("try:")
        self.indent()
        self.simple_write("environment.concat(gen)", frame)
        self.outdent()
        self.writeline("finally: gen.close()")


_PLAIN_CALLABLES = (FunctionType, BuiltinFunctionType, MethodType)


_undeclared: ContextVar[set[str] | None] = ContextVar("recoveryplan_undeclared", default=None)


@contextmanager
def noting_undeclared(environment: Environment) -> Iterator[set[str] | None]:
    """Within this block, the variables every template ``environment`` compiles reads from
    its context are added to the set given, exactly those ``jinja2.meta`` would find; the set
    is ``None`` when the environment's templates are not compiled by :class:`FastCodeGenerator`
    (a plugin's own compiler), so that nothing is taken for them."""
    if not issubclass(environment.code_generator_class, FastCodeGenerator):
        yield None
        return
    noted: set[str] = set()
    token = _undeclared.set(noted)
    try:
        yield noted
    finally:
        _undeclared.reset(token)


class DirectCallContext(Context):
    """A context that calls a macro, a plain function, or one with ``pass_context`` (given
    this context, when no loop or block has variables it must see) directly; anything else is
    called as Jinja calls it.

    A macro called with its arguments in order, no more of them than it has, with a ``caller``
    only if it uses one and without extra arguments to gather (nearly every call the templates
    make, ``{% call %}`` blocks included) runs its body at once: Jinja's general argument
    handling is what the missing ones would get (``missing``, so that their defaults apply),
    and the result is marked safe as Jinja marks it, by the calling context's autoescaping."""

    def __init__(
        self,
        environment: Environment,
        parent: dict[str, Any],
        name: str | None,
        blocks: dict[str, Callable[[Context], Iterator[str]]],
        globals: MutableMapping[str, Any] | None = None,
    ) -> None:
        super().__init__(environment, parent, name, blocks)
        if globals is not None:
            # The names of the template's globals are gathered when first asked for (by an
            # import without context), not for every context: one is made for every include
            # and every import, forty a page, and hardly any is asked.
            self.__dict__.pop("_globals_keys", None)
            self._globals = globals

    _globals: MutableMapping[str, Any] | None = None

    @property
    def globals_keys(self) -> set[str]:
        """The names of the template's globals: a chain of the template's own and the
        environment's, gathered in one set union rather than through the chain's iteration,
        which copies every dictionary in it."""
        keys: set[str] | None = self.__dict__.get("_globals_keys")
        if keys is None:
            globals = self._globals
            if globals is None:
                keys = set()
            elif type(globals) is ChainMap:
                keys = set().union(*globals.maps)
            else:
                keys = set(globals)
            self.__dict__["_globals_keys"] = keys
        return keys

    @globals_keys.setter
    def globals_keys(self, keys: set[str]) -> None:
        self.__dict__["_globals_keys"] = keys

    def resolve_or_missing(self, key: str) -> Any:
        """Jinja's look-up of a name a template reads (its own variables, then what it was
        made with), a get from each rather than a test and a read: a template's every name
        is looked up so, a thousand a page."""
        found = self.vars.get(key, missing)
        if found is missing:
            return self.parent.get(key, missing)
        return found

    @internalcode
    def call(__self, __obj: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if __obj is _gettext_alias:
            # ``_("...")``: every sentence of the templates, two hundred a page. Jinja's alias
            # looks up ``gettext`` and calls it through the context again; when that is a plain
            # function (as templating installs it), it is called at once.
            if kwargs:
                if kwargs.get("_loop_vars") or kwargs.get("_block_vars"):
                    return super().call(__obj, *args, **kwargs)  # seen through the loop's names
                kwargs.pop("_block_vars", None)
                kwargs.pop("_loop_vars", None)
            gettext = __self.resolve_or_missing("gettext")
            if type(gettext) is FunctionType and getattr(gettext, "jinja_pass_arg", None) is None:
                try:
                    return gettext(*args, **kwargs)
                except StopIteration:
                    return __self.environment.undefined(_STOPPED)
            return __self.call(__self.resolve("gettext"), *args, **kwargs)
        kind = type(__obj)
        if type(__obj) is Macro:
            if kwargs:
                kwargs.pop("_block_vars", None)
                kwargs.pop("_loop_vars", None)
            try:
                # the body takes the arguments, then the caller if it uses one
                called = kwargs.get("caller", missing) if len(kwargs) == 1 else missing
                if (kwargs and called is missing) or (called is not missing and not __obj.caller):
                    return __obj(__self.eval_ctx, *args, **kwargs)  # as Jinja's call would
                if called is missing and __obj.caller:
                    # one that may take a caller (``{% if caller is defined %}``) without one
                    called = __self.environment.undefined("No caller defined", name="caller")
                count: int | None = getattr(__obj, _ARGUMENTS, None)
                if count is None:
                    count = _plain_arguments(__obj)
                    setattr(__obj, _ARGUMENTS, count)
                if len(args) > count:
                    return __obj(__self.eval_ctx, *args, **kwargs)
                if len(args) < count:
                    args = (*args, *(missing,) * (count - len(args)))
                made = __obj._func(*args) if called is missing else __obj._func(*args, called)
                # ``Markup(made)``, for the string a macro's body always returns, without the
                # look for an ``__html__`` that a plain string has not got
                return _MARKUP(Markup, made) if __self.eval_ctx.autoescape else made
            except StopIteration:
                return __self.environment.undefined(_STOPPED)
        if kind in _PLAIN_CALLABLES:
            passed = getattr(__obj, "jinja_pass_arg", None)
            if passed is _PassArg.context:
                # ``who(ref)`` and the other helpers that read the context: given this one,
                # unless a loop or block has variables of its own that they must see
                if kwargs:
                    if kwargs.get("_loop_vars") or kwargs.get("_block_vars"):
                        return super().call(__obj, *args, **kwargs)
                    kwargs.pop("_block_vars", None)
                    kwargs.pop("_loop_vars", None)
                args = (__self, *args)
            elif passed is not None:
                return super().call(__obj, *args, **kwargs)
            elif kwargs:
                kwargs.pop("_block_vars", None)
                kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return __self.environment.undefined(_STOPPED)
        return super().call(__obj, *args, **kwargs)


_MARKUP = str.__new__
"""How a macro's output is marked safe (see :meth:`DirectCallContext.call`)."""

_STOPPED = "value was undefined because a callable raised a StopIteration exception"


_ARGUMENTS = "_recoveryplan_arguments"
"""The attribute a macro keeps :func:`_plain_arguments` in after its first call."""


def _plain_arguments(macro: Macro) -> int:
    """How many arguments a macro may be given for Jinja's ``Macro.__call__`` to do no more
    than fill the rest with ``missing`` and call the macro's body (-1: none, it does more).
    What decides it is fixed when the macro is made, so it is worked out once a macro."""
    if (
        macro.explicit_caller
        or macro.catch_kwargs
        or macro.catch_varargs
        or macro._environment.is_async
        or not hasattr(macro, "_func")
    ):
        return -1
    count: int = getattr(macro, "_argument_count", -1)
    return count


_TWINNED_FILTERS = (
    "first",
    "groupby",
    "join",
    "list",
    "map",
    "reject",
    "rejectattr",
    "select",
    "selectattr",
    "slice",
    "sum",
    "unique",
)
"""Jinja's built-in filters that choose between a synchronous and an asynchronous form."""


def use_synchronous_filters(environment: Environment) -> None:
    """Give a synchronous environment Jinja's synchronous built-in filters themselves, where
    it still has the built-in ones (a filter a plugin put in their place is left alone)."""
    if environment.is_async:
        return
    for name in _TWINNED_FILTERS:
        synchronous = FAST_FILTERS.get(name) or getattr(filters, f"sync_do_{name}", None)
        if synchronous is not None and environment.filters.get(name) is filters.FILTERS[name]:
            environment.filters[name] = synchronous
