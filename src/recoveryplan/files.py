"""Writing files so that a crash leaves the old file or the new one, never half of either."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from .errors import PlanWriteError

__all__ = ["write_atomically"]


def write_atomically(path: str | os.PathLike[str], payload: bytes, *, hint: str = "") -> None:
    """Write ``payload`` to a temporary file beside ``path``, flush it to disk, rename it over.

    An existing file keeps its permissions. A failure removes the temporary file and raises
    :class:`PlanWriteError` naming ``path`` (with ``hint`` after the reason, when given).
    """
    target = Path(path)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    try:
        with open(temporary, "xb") as file:
            file.write(payload)
            file.flush()
            os.fsync(file.fileno())
        if target.exists():
            os.chmod(temporary, target.stat().st_mode & 0o7777)
        os.replace(temporary, target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        why = f"{path}: cannot be written ({error.strerror or error})"
        raise PlanWriteError(f"{why}; {hint}" if hint else why) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
