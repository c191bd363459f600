"""``recoveryplan completion bash|zsh|fish``: shell completion, written from the parser itself.

The scripts are generated from the same :mod:`argparse` parser the command runs, at the moment
they are asked for, so a new command or option is completed as soon as it exists and the
scripts cannot drift from the command line. (shtab does this for bash and zsh but not fish,
and a third of the job by hand would be the part that drifts; the walk is short.)

Each script knows the commands at each level (``store`` → ``save``, ``export`` …), the options
of each, which options take a value and the choices of those that have them; anything else
(a plan file, a folder) is left to the shell's own file completion.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator

import attrs

from ..messages import gettext as _
from ._common import Subcommands, command

SHELLS = ("bash", "zsh", "fish")


@attrs.frozen
class Option:
    """One option of a command: its spellings, whether it takes a value, and its choices."""

    names: tuple[str, ...]
    takes_value: bool
    choices: tuple[str, ...]
    help: str


@attrs.frozen
class Level:
    """A command at some depth (``()`` is ``recoveryplan`` itself): its options and the
    commands below it, with what each does."""

    path: tuple[str, ...]
    options: tuple[Option, ...]
    commands: tuple[tuple[str, str], ...]
    words: tuple[str, ...] = ()
    """The choices of its arguments (``completion``'s shells), completed like commands."""


def levels(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[Level]:
    """Every command of ``parser``, depth first, in --help's order."""
    options: list[Option] = []
    words: list[str] = []
    below: list[tuple[str, str]] = []
    children: list[tuple[str, argparse.ArgumentParser]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            for name, child in action.choices.items():
                below.append((name, helps.get(name, "")))
                children.append((name, child))
        elif not action.option_strings:
            words.extend(str(choice) for choice in action.choices or ())
        elif action.help is not argparse.SUPPRESS:
            options.append(
                Option(
                    names=tuple(action.option_strings),
                    takes_value=action.nargs != 0,
                    choices=tuple(str(choice) for choice in action.choices or ()),
                    help=" ".join((action.help or "").split()),
                )
            )
    yield Level(path=path, options=tuple(options), commands=tuple(below), words=tuple(words))
    for name, child in children:
        yield from levels(child, (*path, name))


def script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script for ``shell`` (one of :data:`SHELLS`)."""
    found = list(levels(parser))
    if shell == "fish":
        return _fish(found)
    return _posix(found, zsh=shell == "zsh")


# -- bash and zsh --------------------------------------------------------------------------------


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def _tables(found: list[Level]) -> list[str]:
    """Shell functions both bash and zsh run: the commands and options at a level, whether an
    option takes a value, and its choices (each answers on standard output, or by status)."""
    lines = ["_recoveryplan_commands() {", '    case "$1" in']
    lines += [
        f"        {_quoted(' '.join(level.path))}) echo "
        + _quoted(" ".join([*(name for name, _ in level.commands), *level.words]))
        + " ;;"
        for level in found
        if level.commands or level.words
    ]
    lines += ["    esac", "}", "_recoveryplan_options() {", '    case "$1" in']
    lines += [
        f"        {_quoted(' '.join(level.path))}) echo "
        + _quoted(" ".join(name for option in level.options for name in option.names))
        + " ;;"
        for level in found
    ]
    lines += ["    esac", "}", "_recoveryplan_takes_value() {", '    case "$1|$2" in']
    valued = [
        f"{' '.join(level.path)}|{name}"
        for level in found
        for option in level.options
        if option.takes_value
        for name in option.names
    ]
    if valued:
        lines.append("        " + "|".join(_quoted(word) for word in valued) + ") return 0 ;;")
    lines += ["    esac", "    return 1", "}", "_recoveryplan_choices() {", '    case "$1|$2" in']
    lines += [
        f"        {_quoted(' '.join(level.path) + '|' + name)}) echo "
        f"{_quoted(' '.join(option.choices))} ;;"
        for level in found
        for option in level.options
        if option.choices
        for name in option.names
    ]
    lines += ["    esac", "}"]
    return lines


_WALK = """\
# The command so far: each word that names a command below the last one found, skipping the
# values of options that take one.
_recoveryplan_level() {
    local level="" skip="" word below
    for word in "$@"; do
        if [ -n "$skip" ]; then skip=""; continue; fi
        case "$word" in
            --*=*) continue ;;
            -*) if _recoveryplan_takes_value "$level" "$word"; then skip=1; fi; continue ;;
        esac
        for below in $(_recoveryplan_commands "$level"); do
            if [ "$below" = "$word" ]; then level="${level:+$level }$word"; break; fi
        done
    done
    echo "$level"
}
"""

_BASH = """\
_recoveryplan() {
    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" level choices
    level="$(_recoveryplan_level "${COMP_WORDS[@]:1:COMP_CWORD-1}")"
    COMPREPLY=()
    if [ "$COMP_CWORD" -gt 1 ] && _recoveryplan_takes_value "$level" "$prev"; then
        choices="$(_recoveryplan_choices "$level" "$prev")"
        if [ -n "$choices" ]; then COMPREPLY=($(compgen -W "$choices" -- "$cur")); fi
        return 0  # no choices: a file, a date, a name, left to the shell
    fi
    case "$cur" in
        -*) COMPREPLY=($(compgen -W "$(_recoveryplan_options "$level")" -- "$cur")) ;;
        *) COMPREPLY=($(compgen -W "$(_recoveryplan_commands "$level")" -- "$cur")) ;;
    esac
}
complete -o default -o bashdefault -F _recoveryplan recoveryplan
"""

_ZSH = """\
_recoveryplan() {
    local cur="${words[CURRENT]}" prev="${words[CURRENT-1]}" level choices
    level="$(_recoveryplan_level "${(@)words[2,CURRENT-1]}")"
    if (( CURRENT > 2 )) && _recoveryplan_takes_value "$level" "$prev"; then
        choices="$(_recoveryplan_choices "$level" "$prev")"
        if [[ -n "$choices" ]]; then compadd -- ${=choices}; else _files; fi
        return
    fi
    if [[ "$cur" == -* ]]; then
        compadd -- ${=$(_recoveryplan_options "$level")}
    else
        local below="$(_recoveryplan_commands "$level")"
        if [[ -n "$below" ]]; then compadd -- ${=below}; else _files; fi
    fi
}
compdef _recoveryplan recoveryplan
"""


def _posix(found: list[Level], *, zsh: bool) -> str:
    if zsh:
        head = "#compdef recoveryplan\n# recoveryplan completion for zsh: a file on $fpath\n"
    else:
        head = "# recoveryplan completion for bash: source it from ~/.bashrc\n"
    return head + "\n".join(_tables(found)) + "\n" + _WALK + (_ZSH if zsh else _BASH)


# -- fish ----------------------------------------------------------------------------------------


def _fish(found: list[Level]) -> str:
    lines = [
        "# recoveryplan completion for fish: save it as",
        "# ~/.config/fish/completions/recoveryplan.fish",
        "function __recoveryplan_level",
        "    set -l level recoveryplan",
        "    set -l skip 0",
        "    for word in (commandline -opc)[2..-1]",
        "        if test $skip = 1",
        "            set skip 0",
        "            continue",
        "        end",
        "        switch $word",
        "            case '--*=*'",
        "                continue",
        "            case '-*'",
        '                switch "$level|$word"',
    ]
    valued = [
        f"{_named(level.path)}|{name}"
        for level in found
        for option in level.options
        if option.takes_value
        for name in option.names
    ]
    if valued:
        lines += [
            "                    case " + " ".join(_quoted(w) for w in valued),
            "                        set skip 1",
        ]
    lines += [
        "                end",
        "                continue",
        "        end",
        '        switch "$level|$word"',
    ]
    for level in found:
        for name, _help in level.commands:
            lines += [
                f"            case {_quoted(_named(level.path) + '|' + name)}",
                f"                set level {_quoted(_named((*level.path, name)))}",
            ]
    lines += ["        end", "    end", '    echo "$level"', "end", ""]
    for level in found:
        condition = _quoted(f"test (__recoveryplan_level) = {_quoted(_named(level.path))}")
        for name, help in level.commands:
            lines.append(
                f"complete -c recoveryplan -f -n {condition} -a {_quoted(name)} -d {_quoted(help)}"
            )
        if level.words:
            words = _quoted(" ".join(level.words))
            lines.append(f"complete -c recoveryplan -f -n {condition} -a {words}")
        for option in level.options:
            parts = ["complete -c recoveryplan", f"-n {condition}"]
            for spelling in option.names:
                if spelling.startswith("--"):
                    parts.append(f"-l {_quoted(spelling[2:])}")
                else:
                    parts.append(f"-s {_quoted(spelling[1:])}")
            if option.choices:
                parts.append(f"-x -a {_quoted(' '.join(option.choices))}")
            elif option.takes_value:
                parts.append("-r")
            parts.append(f"-d {_quoted(option.help[:80])}")
            lines.append(" ".join(parts))
    return "\n".join(lines) + "\n"


def _named(path: tuple[str, ...]) -> str:
    """A level as fish's level function says it: never empty, so ``test`` can compare it."""
    return " ".join(("recoveryplan", *path))


def _run_completion(args: argparse.Namespace) -> int:
    from . import build_parser

    sys.stdout.write(script(build_parser(), args.shell))
    return 0


@command
def _completion_command(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "completion",
        help=_("print a shell completion script (bash, zsh or fish)"),
        description=_(
            "Print the script that teaches a shell to complete recoveryplan's commands, "
            'options and their choices. bash: add  eval "$(recoveryplan completion bash)"  '
            "to ~/.bashrc. zsh: recoveryplan completion zsh > ~/.zfunc/_recoveryplan, with "
            "~/.zfunc on $fpath before compinit. fish: recoveryplan completion fish > "
            "~/.config/fish/completions/recoveryplan.fish."
        ),
    )
    parser.add_argument("shell", choices=SHELLS, help=_("the shell to complete in"))
    parser.set_defaults(run=_run_completion)
