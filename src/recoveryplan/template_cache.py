"""Compiled templates kept on disk, so that a command compiles the templates once, not each run.

A command that renders one plan spent most of its time compiling the forty templates of the
page (parsing them, generating their Python and compiling that): each run, and each worker
process of a batch, did it again. What compiling gives depends only on the template's source
and on the environment it is compiled for, so it is kept in a folder of the user's own
(``$RECOVERYPLAN_CACHE_DIR``, else ``$XDG_CACHE_HOME/recoveryplan``, else
``~/.cache/recoveryplan``; ``RECOVERYPLAN_CACHE_DIR=off`` keeps nothing), one file per
template and environment, named by a digest of each.

Jinja's own ``BytecodeCache`` keeps a template's code by its name and source alone and leaves
it to its user to empty the cache when the environment changes. Here the environment is part
of the name (:func:`fingerprint`): the versions of Python, Jinja, MarkupSafe, Babel and this
library, the source of the modules that generate the code, the environment's options and the
language of its copies, and every filter, test and global by name and kind (and, for a
function made for a language, what it was made with), as they decide how a template is split
and compiled and what Jinja may work out while compiling. An environment with a filter, test
or global from outside this library, Jinja, MarkupSafe, Babel and the standard library (a
plugin's) is compiled as before, every time: its code is not this library's to vouch for.

The folder holds no plan and no personal data: only the templates' compiled code. As that
code is run when it is read, the folder is made readable by its owner only, and a folder or
file that another user could have written is not read at all. A file that cannot be read, or
holds anything but what this module wrote, is compiled again and replaced; a folder that
cannot be written is simply not used.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
import os
import stat
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from types import CodeType
from typing import Any

from jinja2 import Environment

from ._version import __version__

__all__ = [
    "CACHE_VARIABLE",
    "LANGUAGE_KEY",
    "Compiled",
    "cache_folder",
    "compiled_before",
    "fingerprint",
    "keep",
]

CACHE_VARIABLE = "RECOVERYPLAN_CACHE_DIR"
"""The folder compiled templates are kept in; ``off`` (or empty) keeps none."""

LANGUAGE_KEY = "_recoveryplan_language"
"""Where an environment made by :mod:`recoveryplan.templating` notes the language of its
copies, which is part of its fingerprint."""

_OFF = frozenset({"", "0", "off", "no", "none", "false"})

_MAGIC = b"recoveryplan compiled template 1\n"
"""What every file starts with: anything else is not read."""

_TRUSTED_MODULES = frozenset(
    {
        "recoveryplan",
        "jinja2",
        "markupsafe",
        "babel",
        "builtins",
        "gettext",
        "functools",
        "operator",
        "_operator",
    }
)
"""Where every filter, test and global of an environment whose templates are kept comes from."""

_COMPILER_MODULES = (
    "template_cache.py",
    "template_compiler.py",
    "template_filters.py",
    "template_imports.py",
    "template_sentences.py",
    "template_sharing.py",
    "templating.py",
)
"""This library's modules that decide what a template compiles to: their source is in every
fingerprint, so an edited checkout never reads code its old modules made."""

Compiled = tuple[Any, ...]
"""What is kept for one template: ``("whole", code, undeclared)``, or ``("split", shared code,
plan's code, kinds, globals read, bound, undeclared, the whole's code or None)``
(:mod:`recoveryplan.template_sharing`): a split template is compiled whole only when something
asks for the whole, and its file is then written again with the whole beside the parts."""


def cache_folder() -> Path | None:
    """The folder compiled templates are kept in, or ``None`` when none is to be kept (asked
    for, or no folder of the user's own to keep them in)."""
    value = os.environ.get(CACHE_VARIABLE)
    if value is not None:
        if value.strip().lower() in _OFF:
            return None
        return Path(value) / "templates"
    base = os.environ.get("XDG_CACHE_HOME")
    if base:
        root = Path(base)
    else:
        try:
            root = Path.home() / ".cache"
        except (RuntimeError, KeyError):  # no home (a service's user with no entry of its own)
            return None
    return root / "recoveryplan" / "templates"


def fingerprint(environment: Environment) -> str | None:
    """What an environment's compiled templates depend on, as a digest; ``None`` when its
    templates are not to be kept (see the module).

    Worked out again only when something it is made from has been replaced since (a filter
    added after the first template was loaded, say): telling that is a fortieth of the time
    of working it out, which every template loaded would otherwise pay."""
    now = _snapshot(environment)
    kept: tuple[tuple[object, ...], str | None] | None = environment.__dict__.get(_PRINT)
    if kept is not None and kept[0] == now:
        return kept[1]
    found = _fingerprint(environment)
    environment.__dict__[_PRINT] = (now, found)
    return found


_PRINT = "_recoveryplan_fingerprint"


def _snapshot(environment: Environment) -> tuple[object, ...]:
    """What :func:`_fingerprint` reads, by identity: equal while nothing in it was replaced."""
    return (
        id(environment),
        *_classes(environment),
        *(getattr(environment, option, None) for option in _OPTIONS),
        environment.autoescape,
        environment.finalize,
        environment.__dict__.get(LANGUAGE_KEY),
        tuple(environment.extensions),
        *(
            tuple(zip(table, map(id, table.values()), strict=True))
            for table in (
                environment.filters,
                environment.tests,
                environment.globals,
                environment.policies,
                getattr(environment, "outputs", {}),
            )
        ),
    )


def _classes(environment: Environment) -> tuple[type, ...]:
    """The classes that parse, compile and run an environment's templates."""
    return (
        type(environment),
        environment.code_generator_class,
        environment.context_class,
        environment.template_class,
        environment.undefined,
    )


_OPTIONS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "is_async",
    "sandboxed",
)
"""The environment's settings that change what its templates compile to."""


def _fingerprint(environment: Environment) -> str | None:
    parts: list[object] = [
        _MAGIC,
        sys.implementation.cache_tag,
        sys.version,
        _versions(),
        __version__,
        _compiler_source(),
    ]
    parts.extend(f"{cls.__module__}.{cls.__qualname__}" for cls in _classes(environment))
    parts.extend((option, getattr(environment, option, None)) for option in _OPTIONS)
    callables: dict[str, Any] = {
        "autoescape": environment.autoescape,
        "finalize": environment.finalize,
        "getattr": type(environment).getattr,
        "getitem": type(environment).getitem,
    }
    outputs = getattr(environment, "outputs", {})
    for name, output in sorted(outputs.items()):
        parts.append(("output", name, output.escaped))
        callables[f"output {name} finalize"] = output.finalize
        callables[f"output {name} write"] = output.write
    for kind, table in (
        ("filter", environment.filters),
        ("test", environment.tests),
        ("global", environment.globals),
    ):
        for name, value in sorted(table.items()):
            if callable(value):
                callables[f"{kind} {name}"] = value
            else:
                parts.append((kind, name, type(value).__qualname__))
    for name, value in sorted(callables.items()):
        where = _made_in(value)
        if where is None:
            return None
        parts.append((name, where, str(getattr(value, "jinja_pass_arg", None))))
    parts.append(("language", environment.__dict__.get(LANGUAGE_KEY)))
    parts.append(sorted(environment.extensions))
    parts.append(sorted((key, _plain(value)) for key, value in environment.policies.items()))
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def _made_in(value: Any) -> str | None:
    """Where a callable comes from (``module.name``), when that is a module whose code decides
    nothing a kept template could get wrong; ``None`` otherwise."""
    if isinstance(value, bool | None):
        return repr(value)
    while isinstance(value, functools.partial):
        value = value.func
    function = getattr(value, "__func__", value)  # a bound method: its function
    module = getattr(function, "__module__", None) or type(function).__module__
    if not isinstance(module, str) or module.partition(".")[0] not in _TRUSTED_MODULES:
        return None
    name = getattr(function, "__qualname__", None) or type(function).__qualname__
    # A function made for a language (a date filter) differs from its twins by what it
    # closes over: Jinja may call a filter on a constant while it compiles.
    cells = getattr(function, "__closure__", None) or ()
    held = [_cell(cell) for cell in cells]
    return f"{module}.{name}{held if held else ''}"


def _cell(cell: Any) -> str:
    try:
        value = cell.cell_contents
    except ValueError:  # a cell not filled yet
        return "-"
    if value is None or isinstance(value, str | int | float | bool):
        return repr(value)
    if callable(value):
        return _made_in(value) or "?"
    return type(value).__qualname__


def _plain(value: Any) -> str:
    """A policy's value as text that is the same in every process (a function by its name,
    not its address)."""
    if callable(value):
        return _made_in(value) or "?"
    return repr(value)


@functools.cache
def _versions() -> tuple[str, ...]:
    """The versions of what compiles a template or may run while it does: Jinja, and the
    escaping and the locale data Jinja may call on a constant as it compiles."""
    found = []
    for name in ("jinja2", "markupsafe", "babel"):
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} -")
    return tuple(found)


@functools.cache
def _compiler_source() -> str:
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in _COMPILER_MODULES:
        with contextlib.suppress(OSError):
            digest.update((here / name).read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _file(environment: Environment, name: str, filename: str | None, source: str) -> Path | None:
    """The file one template's compiled code is kept in, or ``None`` when it is not kept: named
    by the template and its environment, then by its source, so that the code of an earlier
    source of the same template can be told and let go (:func:`keep`)."""
    printed = fingerprint(environment)
    if printed is None:
        return None
    folder = cache_folder()
    if folder is None:
        return None
    which = hashlib.sha256()
    for part in (printed, name, filename or ""):
        which.update(part.encode("utf-8", "surrogatepass"))
        which.update(b"\0")
    what = hashlib.sha256(source.encode("utf-8", "surrogatepass"))
    return folder / f"{which.hexdigest()[:32]}-{what.hexdigest()[:32]}.bin"


def compiled_before(
    environment: Environment, name: str, filename: str | None, source: str
) -> Compiled | None:
    """What compiling the template gave when it was last compiled for this environment, or
    ``None`` (not kept, not to be kept, or a file that is not to be trusted)."""
    path = _file(environment, name, filename, source)
    if path is None:
        return None
    try:
        with open(path, "rb") as file:
            if not _trusted(os.fstat(file.fileno())) or not _trusted(os.stat(path.parent)):
                return None
            data = file.read()
    except OSError:
        return None
    if not data.startswith(_MAGIC):
        return None
    try:
        found = marshal.loads(data[len(_MAGIC) :])
    except (EOFError, ValueError, TypeError):
        return None
    return found if _well_formed(found) else None


def keep(
    environment: Environment,
    name: str,
    filename: str | None,
    source: str,
    compiled: Compiled,
) -> None:
    """Keep what compiling the template gave, for the next process that compiles it for an
    environment like this one; nothing when it is not to be kept or cannot be written."""
    path = _file(environment, name, filename, source)
    if path is None:
        return
    try:
        data = _MAGIC + marshal.dumps(compiled)
    except ValueError:  # something marshal cannot write: compiled again next time
        return
    with contextlib.suppress(OSError):
        _make_folder(path.parent)
        if not _trusted(os.stat(path.parent)):
            return
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        # The same template's code from an earlier source (a template edited while a plugin
        # is written, say) is of no more use: one file a template and environment is kept.
        template, _, _ = path.name.partition("-")
        for earlier in path.parent.glob(f"{template}-*.bin"):
            if earlier != path:
                with contextlib.suppress(OSError):
                    earlier.unlink()


def _make_folder(folder: Path) -> None:
    """The folder and those above it that are missing, each readable by its owner only."""
    missing: list[Path] = []
    for above in (folder, *folder.parents):
        if above.exists():
            break
        missing.append(above)
    for each in reversed(missing):
        with contextlib.suppress(FileExistsError):
            each.mkdir(mode=0o700)


def _trusted(status: os.stat_result) -> bool:
    """Whether a file or folder could only have been written by this user."""
    if status.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    getuid = getattr(os, "getuid", None)
    return getuid is None or status.st_uid == getuid()


def _well_formed(found: object) -> bool:
    if not isinstance(found, tuple) or not found:
        return False
    if found[0] == "whole" and len(found) == 3:
        return isinstance(found[1], CodeType) and _names(found[2])
    if found[0] == "split" and len(found) == 8:
        return (
            isinstance(found[1], CodeType)
            and isinstance(found[2], CodeType)
            and all(_names(each) for each in found[3:7])
            and (found[7] is None or isinstance(found[7], CodeType))
        )
    return False


def _names(value: object) -> bool:
    return isinstance(value, tuple) and all(isinstance(each, str) for each in value)
