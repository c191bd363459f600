"""Plugin configuration: which plans each plugin is for, and the values it is configured with.

An integrator serving several organisations installs each organisation's plugin in one process.
Without a configuration every plugin applies to every plan, so one organisation's header would
frame another's plan. A configuration (a ``recoveryplan.toml`` file, or a mapping in a program)
has a section per plugin, ``[plugins.NAME]``, that may limit the plugin to plans of some
services, organisations or frameworks, and that holds any other values the plugin reads with
:func:`plugin_config` (datasette's plugin configuration is the model).

The scope is applied where hooks are called: a hook called with a ``plan`` skips the plugins
whose scope leaves that plan out, and the Jinja environment of a plan is built inside
:func:`plugins_for`, so it holds only the templates and filters of the plugins that apply to
it. Hooks about the process rather than a plan (``register_frameworks``,
``register_language_rules``) are never limited: a plan of any service may use any framework.

This module knows nothing of the plugin manager, so the manager can consult it; checking that
a configuration names loaded plugins is :mod:`recoveryplan.plugin_setup`'s work.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from types import MappingProxyType
from typing import Any

import attrs

from ._values import describe
from .errors import PlanError, one_line
from .messages import gettext as _
from .plan import Plan

__all__ = [
    "CONFIG_FILE",
    "DEFAULTS_TABLE",
    "SCOPE_KEYS",
    "UNLIMITED_HOOKS",
    "PluginConfig",
    "PluginConfigError",
    "PluginScope",
    "PluginSettings",
    "active_plugin_config",
    "excluded_plugins",
    "plugin_config",
    "plugins_for",
    "read_toml",
]

CONFIG_FILE = "recoveryplan.toml"
"""The file the command line reads from the current folder when ``--plugin-config`` is not given."""

DEFAULTS_TABLE = "defaults"
"""The table of the same file that holds the command line's defaults (``today``, ``jobs`` …),
which :mod:`recoveryplan.cli` reads and a plugin configuration leaves alone."""

SCOPE_KEYS: tuple[str, ...] = ("services", "organisations", "frameworks")
"""The keys of a plugin's section that limit it; every other key is the plugin's own value."""

_EXAMPLES = {
    "services": '["Riverside Supported Living"]',
    "organisations": '["Riverside Housing & Support"]',
    "frameworks": '["chime"]',
}


class PluginConfigError(PlanError):
    """A plugin configuration that cannot be used: unreadable, of the wrong shape, or naming a
    plugin that is not loaded. ``source`` is the file (or ``None`` for a mapping given in a
    program) and ``key`` the dotted key at fault, such as ``plugins.riverside.services``."""

    def __init__(self, message: str, *, source: str | None = None, key: str | None = None):
        where = ": ".join(part for part in (source, key) if part)
        super().__init__(f"{where}: {message}" if where else message)
        self.source = source
        self.key = key


def _folded(text: str) -> str:
    """Names as people type them: case and runs of spaces do not matter."""
    return re.sub(r"\s+", " ", text).strip().casefold()


@attrs.frozen(kw_only=True)
class PluginScope:
    """The plans a plugin applies to. ``None`` for a key means "not limited by it"; when more
    than one key is given, a plan must match each (``services`` and ``frameworks``).

    Services match ``plan.service.name`` and organisations ``plan.service.organisation``,
    whatever their case and spacing; frameworks match ``plan.framework`` exactly (it is an id).
    """

    services: frozenset[str] | None = None
    organisations: frozenset[str] | None = None
    frameworks: frozenset[str] | None = None

    @property
    def limited(self) -> bool:
        return any(value is not None for value in attrs.astuple(self))

    def applies_to(self, plan: Plan) -> bool:
        service = plan.service
        if self.services is not None and (
            service is None or _folded(service.name) not in self.services
        ):
            return False
        if self.organisations is not None and (
            service is None
            or service.organisation is None
            or _folded(service.organisation) not in self.organisations
        ):
            return False
        return self.frameworks is None or plan.framework in self.frameworks


@attrs.frozen(kw_only=True)
class PluginSettings:
    """One plugin's section: its scope and its own values."""

    name: str
    scope: PluginScope = PluginScope()
    values: Mapping[str, Any] = attrs.field(factory=lambda: MappingProxyType({}))


@attrs.frozen(kw_only=True)
class PluginConfig:
    """Every plugin's section, and where they were read from (for messages)."""

    plugins: Mapping[str, PluginSettings] = attrs.field(factory=lambda: MappingProxyType({}))
    source: str | None = None

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> PluginConfig:
        """The configuration in the TOML file at ``path``."""
        source = os.fspath(path)
        data = read_toml(
            source, missing=_("give the path of a TOML file with [plugins.NAME] sections")
        )
        return cls.from_dict(data, source=source)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str | None = None) -> PluginConfig:
        """The configuration a mapping holds, shaped as the file is: ``{"plugins": {NAME:
        {...}}}``. ``{"$env": "VARIABLE"}`` as a value is read from the environment now."""
        if not isinstance(data, Mapping):
            raise PluginConfigError(
                # Translators: 'plugins' is the file's key, kept as it is; %(found)s says
                # what was given instead ("a list", "the number 3").
                _("must be a mapping with a 'plugins' key, not %(found)s")
                % {"found": describe(data)},
                source=source,
            )
        extra = sorted(str(key) for key in data if key not in ("plugins", DEFAULTS_TABLE))
        if extra:
            close = difflib.get_close_matches(extra[0], ["plugins", DEFAULTS_TABLE], n=1)
            raise PluginConfigError(
                _(
                    "is not a setting (did you mean [%(close)s]?); the file holds "
                    "[plugins.NAME] sections, one per plugin, and the command line's "
                    "[%(defaults)s]"
                )
                % {"close": close[0], "defaults": DEFAULTS_TABLE}
                if close
                else _(
                    "is not a setting; the file holds [plugins.NAME] sections, one per plugin, "
                    "and the command line's [%(defaults)s]"
                )
                % {"defaults": DEFAULTS_TABLE},
                source=source,
                key=extra[0],
            )
        sections = data.get("plugins", {})
        if not isinstance(sections, Mapping):
            raise PluginConfigError(
                _("must be a table of [plugins.NAME] sections"), source=source, key="plugins"
            )
        plugins: dict[str, PluginSettings] = {}
        for name, section in sections.items():
            key = f"plugins.{name}"
            if not isinstance(section, Mapping):
                raise PluginConfigError(
                    # Translators: %(found)s says what was given instead ("the number 3").
                    _("must be a section ([%(key)s]) of settings, not %(found)s")
                    % {"key": key, "found": describe(section)},
                    source=source,
                    key=key,
                )
            plugins[str(name)] = _settings(str(name), section, source)
        return cls(plugins=MappingProxyType(plugins), source=source)

    @property
    def limited(self) -> bool:
        """Whether any plugin is limited to some plans."""
        return any(settings.scope.limited for settings in self.plugins.values())

    def values(self, name: str) -> Mapping[str, Any]:
        """The plugin's own values (empty when it has no section)."""
        settings = self.plugins.get(name)
        return settings.values if settings is not None else MappingProxyType({})

    def applies(self, name: str, plan: Plan | None) -> bool:
        """Whether the plugin called ``name`` applies to ``plan``; with no plan, whether it
        applies to every plan (it is not limited)."""
        settings = self.plugins.get(name)
        if settings is None or not settings.scope.limited:
            return True
        return plan is not None and settings.scope.applies_to(plan)

    def excluded(self, plan: Plan | None) -> frozenset[str]:
        """The plugins whose scope leaves ``plan`` out (with no plan: every limited one)."""
        return frozenset(name for name in self.plugins if not self.applies(name, plan))


def _settings(name: str, section: Mapping[str, Any], source: str | None) -> PluginSettings:
    scope: dict[str, frozenset[str]] = {}
    values: dict[str, Any] = {}
    for key, value in section.items():
        where = f"plugins.{name}.{key}"
        if key in SCOPE_KEYS:
            if (
                not isinstance(value, list)
                or not value
                or not all(isinstance(item, str) and item.strip() for item in value)
            ):
                raise PluginConfigError(
                    _(
                        "must be a non-empty list of names (text), such as %(key)s = "
                        "%(example)s; leave it out to apply the plugin to every plan"
                    )
                    % {"key": key, "example": _EXAMPLES[key]},
                    source=source,
                    key=where,
                )
            scope[key] = frozenset(item if key == "frameworks" else _folded(item) for item in value)
        else:
            values[str(key)] = _resolved(value, source, where)
    return PluginSettings(name=name, scope=PluginScope(**scope), values=MappingProxyType(values))


def _resolved(value: Any, source: str | None, where: str) -> Any:
    """A value, with ``{"$env": "NAME"}`` replaced by that environment variable's value, so
    secrets (an API key) need not be written in the file."""
    if isinstance(value, Mapping) and "$env" in value:
        variable = value["$env"]
        if len(value) != 1 or not isinstance(variable, str):
            raise PluginConfigError(
                _('must be { "$env" = "VARIABLE" } alone, naming an environment variable'),
                source=source,
                key=where,
            )
        found = os.environ.get(variable)
        if found is None:
            raise PluginConfigError(
                _(
                    "reads the environment variable %(variable)s, which is not set; set it, or "
                    "write the value in the file"
                )
                % {"variable": variable},
                source=source,
                key=where,
            )
        return found
    return value


# -- the configuration in use ------------------------------------------------------------------

EMPTY = PluginConfig()

_configured: list[PluginConfig] = [EMPTY]
"""The process's configuration, last one in force (a stack, so ``with`` blocks nest)."""

_scope: ContextVar[frozenset[str] | None] = ContextVar("recoveryplan_plugin_scope", default=None)


def active_plugin_config() -> PluginConfig:
    """The configuration in force in this process (empty unless one was set)."""
    return _configured[-1]


def set_plugin_config(config: PluginConfig) -> None:
    """Make ``config`` the process's configuration (unchecked; see
    :func:`recoveryplan.plugin_setup.configure_plugins`)."""
    _configured[0] = config


@contextmanager
def plugin_config_in_force(config: PluginConfig) -> Iterator[PluginConfig]:
    """``config`` in force inside the ``with`` block, for the whole process (unchecked)."""
    _configured.append(config)
    try:
        yield config
    finally:
        _configured.remove(config)


def plugin_config(name: str) -> Mapping[str, Any]:
    """The values configured for the plugin called ``name`` (its ``[plugins.NAME]`` section
    without the scope keys), read-only; empty when it has none.

    A plugin reads its settings with this, in any hook::

        from recoveryplan import plugin_config

        @hookimpl
        def extra_template_vars():
            return {"riverside_phone": plugin_config("riverside").get("phone", "0141 496 0000")}
    """
    return active_plugin_config().values(name)


@contextmanager
def plugins_for(plan: Plan | None) -> Iterator[frozenset[str]]:
    """Inside the block, hooks called without a plan skip the plugins that do not apply to
    ``plan`` (with ``None``: every plugin limited to some plans). Yields the names skipped."""
    skipped = active_plugin_config().excluded(plan)
    token = _scope.set(skipped)
    try:
        yield skipped
    finally:
        _scope.reset(token)


UNLIMITED_HOOKS = frozenset({"register_frameworks", "register_language_rules"})
"""Hooks about the process rather than a plan, which every plugin answers whatever its scope."""


def excluded_plugins(hook: str, kwargs: Mapping[str, Any]) -> frozenset[str]:
    """The plugins a call of ``hook`` with ``kwargs`` skips: by the ``plan`` it is given, or
    else by the plan of the :func:`plugins_for` block it is called in. Nothing when no plugin
    is limited, which is the common case and costs one look."""
    config = active_plugin_config()
    if not config.limited or hook in UNLIMITED_HOOKS:
        return frozenset()
    plan = kwargs.get("plan")
    if isinstance(plan, Plan):
        return config.excluded(plan)
    return _scope.get() or frozenset()


def read_toml(source: str, *, missing: str) -> dict[str, Any]:
    """The TOML file at ``source`` as a table; a file that cannot be read is a
    :class:`PluginConfigError` saying where it is and what to do (``missing``: what to do when
    there is no such file)."""
    try:
        with open(source, "rb") as file:
            return tomllib.load(file)
    except FileNotFoundError:
        # Translators: %(fix)s is what to do about it, a message of its own.
        raise PluginConfigError(
            _("no such file; %(fix)s") % {"fix": missing}, source=source
        ) from None
    except OSError as error:
        raise PluginConfigError(
            _("cannot be read (%(reason)s)") % {"reason": error.strerror or error}, source=source
        ) from None
    except tomllib.TOMLDecodeError as error:
        raise PluginConfigError(
            _("is not valid TOML (%(reason)s); fix it there") % {"reason": one_line(str(error))},
            source=source,
        ) from None
    except UnicodeDecodeError:
        raise PluginConfigError(_("is not UTF-8 text; save it as UTF-8"), source=source) from None
