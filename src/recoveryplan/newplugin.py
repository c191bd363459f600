"""``recoveryplan new-plugin``: a ready-to-install plugin package to start an organisation's own.

The package is written from the skeleton shipped in ``recoveryplan/skeleton`` (files ending in
``.tmpl``, with ``@@NAME@@``-style placeholders rather than Jinja, because the skeleton holds
Jinja templates of its own). It installs as it is, its tests pass as they are, and it shows
every hook in use, so an author starts from something that works and changes it.
"""

from __future__ import annotations

import re
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from ._version import __version__
from .errors import PlanValueError, PlanWriteError
from .messages import gettext

__all__ = ["NAME_PATTERN", "PluginNames", "check_name", "new_plugin"]

NAME_PATTERN = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
"""A plugin's short name: lowercase letters and digits, words joined by single hyphens."""


class PluginNames:
    """Every name the package is known by, derived from the short name (``acme-care``)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.distribution = f"recoveryplan-{name}"
        self.plugin = name.replace("-", "_")
        """The plugin's name: its entry point, its ``[plugins.NAME]`` section, and the start of
        its check codes, variables and filters. One rule for all of them (``docs/plugins.md``
        says it): the short name with underscores for hyphens, so that it is also a Python
        identifier for the variables."""
        self.module = f"recoveryplan_{self.plugin}"
        self.title = " ".join(word.capitalize() for word in name.split("-"))
        self.framework_id = f"{name}-areas"

    @property
    def code_prefix(self) -> str:
        """How the plugin's check codes start: ``acme_care.`` for ``acme-care``."""
        return f"{self.plugin}."

    def placeholders(self) -> dict[str, str]:
        return {
            "@@NAME@@": self.plugin,
            "@@DIST@@": self.distribution,
            "@@MODULE@@": self.module,
            "@@TITLE@@": self.title,
            "@@FRAMEWORK_ID@@": self.framework_id,
            "@@RP_VERSION@@": __version__,
        }


def check_name(name: str) -> PluginNames:
    """The names for ``name``, or a :class:`PlanValueError` saying what a name may be.

    ``recoveryplan-acme`` is taken to mean ``acme``: the distribution's prefix is added anyway.
    """
    short = name.removeprefix("recoveryplan-")
    if not NAME_PATTERN.fullmatch(short) or len(short) > 40:
        # Translators: %(name)s is the name given, quoted; 'acme' and 'acme-care' are example
        # names, kept as they are.
        raise PlanValueError(
            gettext(
                "%(name)s cannot name a plugin; use lowercase letters and digits, words joined "
                "by hyphens, starting with a letter (for example 'acme' or 'acme-care')"
            )
            % {"name": repr(name)}
        )
    return PluginNames(short)


def new_plugin(name: str, directory: str | Path | None = None) -> list[Path]:
    """Write the plugin package for ``name`` into ``directory`` (default:
    ``./recoveryplan-NAME``), which must be empty or not exist; returns the files written."""
    names = check_name(name)
    target = Path(directory) if directory is not None else Path(names.distribution)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        # Translators: %(folder)s is a path; new-plugin is a command, kept as it is.
        raise PlanWriteError(
            gettext(
                "%(folder)s is not an empty folder; new-plugin only writes into a new or empty "
                "folder, so nothing of yours is overwritten"
            )
            % {"folder": target}
        )
    replacements = names.placeholders()
    written: list[Path] = []
    skeleton = files("recoveryplan") / "skeleton"
    try:
        for source, relative in _walk(skeleton, ""):
            path = target / _fill(relative.removesuffix(".tmpl"), replacements)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_fill(source.read_text(encoding="utf-8"), replacements), "utf-8")
            written.append(path)
    except OSError as error:
        # Translators: %(folder)s is a path; %(reason)s is the operating system's own reason.
        raise PlanWriteError(
            gettext("%(folder)s: could not write the plugin: %(reason)s")
            % {"folder": target, "reason": error.strerror}
        ) from error
    return written


def _walk(folder: Traversable, prefix: str) -> list[tuple[Traversable, str]]:
    found: list[tuple[Traversable, str]] = []
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        relative = f"{prefix}{entry.name}"
        if entry.is_dir():
            if entry.name != "__pycache__":
                found += _walk(entry, relative + "/")
        elif entry.name.endswith(".tmpl"):
            found.append((entry, relative))
    return found


def _fill(text: str, replacements: dict[str, str]) -> str:
    for placeholder, value in replacements.items():
        text = text.replace(placeholder, value)
    return text
