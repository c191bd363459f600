"""``python -m recoveryplan``: the same command as ``recoveryplan``."""

from __future__ import annotations

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
