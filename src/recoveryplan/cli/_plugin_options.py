"""``--plugins-dir`` and ``--plugin-config``, for every command that uses plugins.

The plugins and their configuration are set up once, before the command runs, and put back
afterwards (so ``main()`` called twice in one program starts clean each time). Batch work on
several processes inherits them: the workers are forked from this one.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from ..messages import gettext as _
from ..plugin_config import CONFIG_FILE, PluginConfigError, plugin_config_in_force
from ..plugin_setup import check_plugin_config, manager_with_plugins_dir
from ..plugins import use_plugin_manager
from ._common import _UsageError
from ._config import Configuration, read_configuration

__all__ = ["PLUGIN_COMMANDS", "add_plugin_options", "plugins_set_up"]

PLUGIN_COMMANDS = frozenset({"validate", "render", "report", "plugins", "frameworks", "demo"})
"""The commands whose work calls plugins, which take the two options."""


def add_plugin_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(_("plugins"))
    group.add_argument(
        "--plugins-dir",
        action="append",
        default=[],
        # Translators: a placeholder in the usage line: one word in capitals.
        metavar=_("DIR"),
        help=_(
            "also load each .py file in %(dir)s as a plugin named after the file (for "
            "developing a plugin before it is a package); may be given more than once"
        )
        % {"dir": _("DIR")},
    )
    group.add_argument(
        "--plugin-config",
        metavar=_("FILE"),
        help=_(
            "the plugin configuration (TOML, [plugins.NAME] sections: which services, "
            "organisations or frameworks each plugin is for, and its settings); default: the "
            "configuration file's (--config, or %(file)s in the current folder)"
        )
        % {"file": CONFIG_FILE},
    )


@contextmanager
def plugins_set_up(args: argparse.Namespace) -> Iterator[None]:
    """Inside the block, the plugins of ``--plugins-dir`` are loaded and the configuration is
    in force. A configuration that cannot be used, or a folder that is not one, is a mistake
    in the command (exit status 2); a plugin file that fails is the plugin's (status 1)."""
    folders: list[str] | None = getattr(args, "plugins_dir", None)
    if folders is None:  # a command that takes no plugin options
        yield
        return
    with ExitStack() as stack:
        try:
            if folders:
                stack.enter_context(use_plugin_manager(manager_with_plugins_dir(*folders)))
            chosen: str | None = args.plugin_config
            configuration: Configuration = args.configuration
            if chosen is not None:
                configuration = read_configuration(chosen, named=True)
            if configuration.plugins is not None:
                config = check_plugin_config(configuration.plugins)
                stack.enter_context(plugin_config_in_force(config))
        except PluginConfigError as error:
            raise _UsageError(f"{error}") from error
        yield
