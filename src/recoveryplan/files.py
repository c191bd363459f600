"""Writing files safely: the old file or the new one, never half of either, and never exposed.

Plans and their renderings are special-category health data, so a file this library creates is
readable by its owner only, from its first byte; an existing file keeps the permissions its
owner gave it, but never more than its owner's read and write (a plan written over a
world-readable file makes it owner-only). The new content goes to a temporary file in the
target's folder, is flushed to disk, and is renamed over the target in one step. Only regular
files are ever replaced: a symbolic link is followed (the link stays and its target gets the
new content), and anything else (a device such as ``/dev/null``, a FIFO, a socket, a folder)
is refused before anything is written.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path
from typing import Literal, TypeAlias

from .errors import PlanWriteError
from .messages import N_
from .messages import gettext as _

__all__ = [
    "NEW_FILE_MODE",
    "FileKind",
    "file_kind",
    "name_part",
    "not_a_plan_file",
    "remove_unfinished",
    "write_atomically",
]

NEW_FILE_MODE = 0o600
"""The permissions of a file this library creates: read and write for its owner only."""

_SUFFIX = ".tmp"
_TOKEN_BYTES = 6


def write_atomically(
    path: str | os.PathLike[str], payload: bytes, *, hint: str = "", private: bool = True
) -> None:
    """Write ``payload`` to ``path`` in one step, or raise :class:`PlanWriteError` naming it.

    ``hint`` is said after the reason when the write fails (what the person might check).
    Nothing is left behind on any error Python can catch. A file that is replaced keeps its
    permissions, except that a ``private`` payload (the default: a plan, a rendered plan)
    never keeps more than its owner's read and write: a world-readable file given a plan
    becomes owner-only. ``private=False`` is for documents that hold no one's data.
    """
    shown = os.fspath(path)
    target = Path(os.path.realpath(path))  # a symlink's target is what gets replaced
    try:
        existing = os.stat(target)
    except FileNotFoundError:
        existing = None
    except OSError as error:
        raise _failed(shown, error, hint) from None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        raise PlanWriteError(_(_NOT_WRITTEN[file_kind(existing.st_mode)]) % {"file": shown})
    mode = NEW_FILE_MODE
    if existing is not None:
        mode = stat.S_IMODE(existing.st_mode) & (NEW_FILE_MODE if private else 0o7777)
    temporary = target.with_name(_temporary_name(target))
    _unfinished.add(temporary)
    try:
        try:
            descriptor = os.open(
                temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, NEW_FILE_MODE
            )
        except OSError as error:
            raise _failed(shown, error, hint) from None
        try:
            try:
                with os.fdopen(descriptor, "wb") as file:
                    file.write(payload)
                    file.flush()
                    os.fsync(file.fileno())
                    os.fchmod(file.fileno(), mode)
                os.replace(temporary, target)
            except BaseException:
                temporary.unlink(missing_ok=True)
                raise
        except OSError as error:
            raise _failed(shown, error, hint) from None
    finally:
        _unfinished.discard(temporary)
    _sync_folder(target.parent)


_unfinished: set[Path] = set()
"""The temporary files this process is writing at this moment."""


def remove_unfinished() -> None:
    """Remove the temporary files of the writes in progress, for a process about to be
    stopped from outside (a worker terminated because another died): what it was writing is
    abandoned, and nothing of it is left behind. Safe to call from a signal handler."""
    for temporary in list(_unfinished):
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _temporary_name(target: Path) -> str:
    """A hidden name beside the target that fits the file system's limit on name length."""
    token = secrets.token_hex(_TOKEN_BYTES)
    try:
        limit = os.pathconf(target.parent, "PC_NAME_MAX")
    except (OSError, ValueError):
        limit = 255
    room = max(limit - len(f"..{token}{_SUFFIX}"), 1)
    stem = os.fsencode(target.name)[:room]
    return f".{os.fsdecode(stem).rstrip(chr(0xFFFD))}.{token}{_SUFFIX}"


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; best effort, as not every file system allows it."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


FileKind: TypeAlias = Literal["folder", "pipe", "socket", "device", "other"]
"""What a path that is not a regular file is."""


def file_kind(mode: int) -> FileKind:
    """What a file that is not a regular file is (a message says it in a sentence of its
    own: see :func:`not_a_plan_file`)."""
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "other"  # pragma: no cover


# Translators: %(file)s is the path given, kept as it is; a FIFO is a named pipe, and .json
# and .yaml are kinds of file, kept as they are.
_NOT_A_PLAN: dict[FileKind, str] = {
    "folder": N_("%(file)s: is a folder, not a plan file; give the path of a .json or .yaml file"),
    "pipe": N_(
        "%(file)s: is a pipe (FIFO), not a plan file; give the path of a .json or .yaml file"
    ),
    "socket": N_("%(file)s: is a socket, not a plan file; give the path of a .json or .yaml file"),
    "device": N_("%(file)s: is a device, not a plan file; give the path of a .json or .yaml file"),
    "other": N_(
        "%(file)s: is something other than a file, not a plan file; give the path of a .json "
        "or .yaml file"
    ),
}
"""What is said of a path given as a plan that is not a file: one sentence for each kind, so
that a language says each the way its grammar wants."""

# Translators: %(file)s is the path given, kept as it is; a FIFO is a named pipe.
_NOT_WRITTEN: dict[FileKind, str] = {
    "folder": N_(
        "%(file)s: is a folder, not a regular file, so it was left as it is and nothing was "
        "written; write to a file instead"
    ),
    "pipe": N_(
        "%(file)s: is a pipe (FIFO), not a regular file, so it was left as it is and nothing "
        "was written; write to a file instead"
    ),
    "socket": N_(
        "%(file)s: is a socket, not a regular file, so it was left as it is and nothing was "
        "written; write to a file instead"
    ),
    "device": N_(
        "%(file)s: is a device, not a regular file, so it was left as it is and nothing was "
        "written; write to a file instead"
    ),
    "other": N_(
        "%(file)s: is something other than a file, not a regular file, so it was left as it "
        "is and nothing was written; write to a file instead"
    ),
}
"""What is said when a path to write to is not a regular file, one sentence for each kind."""


def not_a_plan_file(shown: str, mode: int) -> str:
    """Why the path ``shown``, which is not a regular file, cannot be read as a plan."""
    return _(_NOT_A_PLAN[file_kind(mode)]) % {"file": shown}


def _failed(shown: str, error: OSError, hint: str) -> PlanWriteError:
    # Translators: %(file)s is the path; %(reason)s is the operating system's reason, in its
    # own words; %(hint)s is what to check, a message of its own.
    reason = error.strerror or str(error)
    if hint:
        return PlanWriteError(
            _("%(file)s: cannot be written (%(reason)s); %(hint)s")
            % {"file": shown, "reason": reason, "hint": hint}
        )
    return PlanWriteError(
        _("%(file)s: cannot be written (%(reason)s)") % {"file": shown, "reason": reason}
    )


_KEPT_IN_NAMES = frozenset("-_")


def name_part(text: str) -> str:
    """``text`` made safe as one part of a file name: letters, digits, ``-`` and ``_`` as
    they are, every other character (a dot, a slash, a space, ``%`` itself, a control
    character) as ``%XX`` for each byte of its UTF-8. Different texts give different parts,
    and no part holds a dot, so a name made of parts joined by dots is read back one way."""
    return "".join(
        character
        if character.isalnum() or character in _KEPT_IN_NAMES
        else "".join(f"%{byte:02X}" for byte in character.encode("utf-8", "surrogatepass"))
        for character in text
    )
