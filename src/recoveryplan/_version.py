"""The library's version, in a module of its own.

Modules inside the package (the command line's ``--version``, the plugin scaffold, the plugin
listing) read it from here rather than from the package root, which imports them: importing
upwards would make every one of them part of an import cycle.
"""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
