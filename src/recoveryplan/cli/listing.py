"""``recoveryplan schema``, ``frameworks`` and ``plugins``: the format, and what is installed."""

from __future__ import annotations

import argparse

import attrs

from ..errors import one_line
from ..messages import gettext as _
from ..plan import FORMAT
from ..plugin_setup import plugin_file
from ..plugins import framework_owners, frameworks, get_plugins
from ..schema import json_schema
from ._common import (
    Subcommands,
    _write_json,
    add_format_option,
    command,
    say,
)

# -- schema --------------------------------------------------------------------------------


def _run_schema(args: argparse.Namespace) -> int:
    _write_json(json_schema())
    return 0


@command
def _schema_command(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "schema",
        help=_("print the JSON Schema of %(format)s") % {"format": FORMAT},
        description=_(
            "Print the JSON Schema (draft 2020-12) of the %(format)s format. It checks keys, "
            "types and allowed words; 'recoveryplan validate' also checks ids, references "
            "and the practice."
        )
        % {"format": FORMAT},
    )
    parser.set_defaults(run=_run_schema)


# -- frameworks ----------------------------------------------------------------------------


def _run_frameworks(args: argparse.Namespace) -> int:
    registered = frameworks()
    owners = framework_owners()
    if args.format == "json":
        _write_json(
            [
                {**attrs.asdict(framework), "plugin": owners.get(framework.id)}
                for framework in registered.values()
            ]
        )
        return 0
    for framework in registered.values():
        say(f"{framework.id}: {framework.name}")
        say("  " + _("domains: %(ids)s") % {"ids": ", ".join(framework.domain_ids)})
        scale = framework.rating_scale
        if scale is not None:
            say(
                "  "
                + _("rating scale: %(lowest)s to %(highest)s")
                % {"lowest": scale.minimum, "highest": scale.maximum}
            )
        if framework.version:
            say("  " + _("version: %(version)s") % {"version": framework.version})
        not_given = _("not given")
        say("  " + _("source: %(source)s") % {"source": one_line(framework.source or not_given)})
        say(
            "  " + _("licence: %(licence)s") % {"licence": one_line(framework.licence or not_given)}
        )
        say("  " + _("from: %(plugin)s") % {"plugin": owners.get(framework.id, _("unknown"))})
    return 0


@command
def _frameworks_command(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "frameworks",
        help=_("list the outcomes frameworks plans can use"),
        description=_(
            "List every registered outcomes framework: its id (what a plan's 'framework' "
            "says), name, domains, rating scale, source, licence and the plugin that "
            "provides it."
        ),
    )
    add_format_option(
        parser,
        _("print the frameworks as readable lines (text, the default) or as one JSON document"),
    )
    parser.set_defaults(run=_run_frameworks)


# -- plugins -------------------------------------------------------------------------------


def _run_plugins(args: argparse.Namespace) -> int:
    plugins = get_plugins()
    if args.format == "json":
        _write_json([attrs.asdict(plugin) for plugin in plugins])
        return 0
    for plugin in plugins:
        version = plugin.version or _("version unknown")
        if plugin.builtin:
            origin = _("built in")
        else:
            file = plugin_file(plugin.name)
            origin = plugin.distribution or (
                _("from %(file)s") % {"file": file}
                if file
                else _("registered in the program, not installed")
            )
        say(f"{plugin.name} {version} ({origin})")
        say("  " + _("hooks: %(hooks)s") % {"hooks": ", ".join(plugin.hooks) or _("none")})
        if plugin.frameworks:
            say("  " + _("frameworks: %(ids)s") % {"ids": ", ".join(plugin.frameworks)})
        for folder in plugin.template_dirs:
            say("  " + _("templates: %(folder)s") % {"folder": folder})
        for problem in plugin.problems:
            say("  " + _("problem: %(problem)s") % {"problem": one_line(problem)})
    return 0


@command
def _plugins_command(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "plugins",
        help=_("list the loaded plugins and the hooks they implement"),
        description=_(
            "List every loaded plugin, built-in and installed, with its distribution and "
            "version, the hooks it implements, the frameworks it registers and its template "
            "folders. A plugin whose hooks fail is listed with the problem (the listing is "
            "where one looks for it, so the exit status stays 0)."
        ),
    )
    add_format_option(
        parser,
        _("print the plugins as readable lines (text, the default) or as one JSON document"),
    )
    parser.set_defaults(run=_run_plugins)
