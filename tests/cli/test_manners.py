"""The command line's manners: the commands listed when none is given, shell completion written
from the parser, and a configuration file for the options a service gives every night."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from recoveryplan.cli import build_parser, command_lines
from recoveryplan.cli.completion import levels, script

from ..support.cli import recoveryplan, recoveryplan_main
from ..support.reference import BUNDLED

# -- no command ---------------------------------------------------------------------------------


def test_no_arguments_lists_every_command_and_exits_2(tmp_path: Path) -> None:
    result = recoveryplan(cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    listed = [line.split()[0] for line in lines if line.startswith("  ")]
    commands = [level.path[0] for level in levels(build_parser()) if len(level.path) == 1]
    assert listed == commands
    assert {"validate", "render", "completion", "config"} <= set(listed)
    assert "the following arguments are required" not in result.stderr
    assert lines[-1] == "Run 'recoveryplan COMMAND --help' for what a command does and its options."


def test_each_command_line_says_what_it_does() -> None:
    for line in command_lines(build_parser()):
        name, _, does = line.strip().partition(" ")
        assert name
        assert does.strip(), line


# -- completion ---------------------------------------------------------------------------------

BASH_PROBE = """
source "$1"
shift
COMP_WORDS=("$@")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
_recoveryplan
printf '%s\\n' "${COMPREPLY[@]}"
"""


def complete_in_bash(tmp_path: Path, *words: str) -> list[str]:
    """What bash offers after ``words`` (the last is the word being completed)."""
    completion = tmp_path / "recoveryplan.bash"
    completion.write_text(script(build_parser(), "bash"), encoding="utf-8")
    result = subprocess.run(
        ["bash", "-c", BASH_PROBE, "probe", str(completion), "recoveryplan", *words],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout.split()


@pytest.mark.parametrize(
    ("words", "offered"),
    [
        (["va"], ["validate"]),
        (["render", "plan.json", "--vi"], ["--view"]),
        (
            ["render", "plan.json", "--view", ""],
            ["plan", "review", "safety-plan", "crisis-card", "easy-read"],
        ),
        (["--debug", "store", "s"], ["save"]),
        (["store", "save", "--by", "james", "--w"], ["--why"]),
        (["completion", ""], ["bash", "zsh", "fish"]),
        (["validate", "--today", ""], []),  # a date: left to the shell
        (["store", "export", "--revision", "3", "-"], None),
    ],
)
def test_bash_completes_commands_options_and_choices(
    tmp_path: Path, words: list[str], offered: list[str] | None
) -> None:
    got = complete_in_bash(tmp_path, *words)
    if offered is None:  # every option of ``store export``, and nothing else
        (export,) = (level for level in levels(build_parser()) if level.path == ("store", "export"))
        assert got == [name for option in export.options for name in option.names]
    else:
        assert got == offered


def test_every_command_and_option_is_in_every_script() -> None:
    """Written from the parser: nothing the parser knows is missing from any shell's script."""
    parser = build_parser()
    found = list(levels(parser))
    assert len(found) > 16  # the commands, and store's, export's, fhir's and import's own
    for shell in ("bash", "zsh", "fish"):
        text = script(parser, shell)
        for level in found:
            for name, _ in level.commands:
                assert f"'{name}" in text or f" {name}" in text, (shell, name)
            for option in level.options:
                for spelling in option.names:
                    shown = spelling.lstrip("-") if shell == "fish" else spelling
                    assert shown in text, (shell, level.path, spelling)


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_script_is_valid_in_its_shell(tmp_path: Path, shell: str) -> None:
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed here")
    result = recoveryplan("completion", shell, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    path = tmp_path / f"completion.{shell}"
    path.write_text(result.stdout, encoding="utf-8")
    checked = subprocess.run([shell, "-n", str(path)], capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stderr


def test_an_unknown_shell_is_a_usage_mistake(tmp_path: Path) -> None:
    result = recoveryplan("completion", "powershell", cwd=tmp_path)
    assert result.returncode == 2
    assert "invalid choice: 'powershell'" in result.stderr
    assert "zsh" in result.stderr


# -- configuration ------------------------------------------------------------------------------


def test_the_configuration_file_gives_defaults_the_command_line_overrides(
    tmp_path: Path,
) -> None:
    """The reference plan checked as of its own day has no overdue goals; a year later it
    has. The day comes from recoveryplan.toml unless --today says otherwise. (What the command
    does, so run in this process: the process's own start-up is tested elsewhere.)"""
    (tmp_path / "recoveryplan.toml").write_text(
        "[defaults]\ntoday = 2027-06-02\njobs = 1\n", encoding="utf-8"
    )
    from_file = recoveryplan_main("validate", BUNDLED, cwd=tmp_path)
    typed = recoveryplan_main("validate", BUNDLED, "--today", "2026-06-02", cwd=tmp_path)
    assert from_file.stdout.count("[goal.overdue]") > typed.stdout.count("[goal.overdue]")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    named = recoveryplan_main(
        "validate", BUNDLED, "--config", tmp_path / "recoveryplan.toml", cwd=elsewhere
    )
    assert named.stdout == from_file.stdout


def test_config_shows_each_value_and_where_it_came_from(tmp_path: Path) -> None:
    (tmp_path / "keys").mkdir()
    (tmp_path / "recoveryplan.toml").write_text(
        '[defaults]\njobs = 3\nkey-file = "keys/report.key"\nstore = "plans.db"\n\n'
        '[plugins.riverside]\nframeworks = ["chime"]\nphone = "0141 496 0000"\n',
        encoding="utf-8",
    )
    result = recoveryplan("config", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "# configuration file: recoveryplan.toml"
    assert "jobs = 3  # from recoveryplan.toml" in lines
    assert 'key-file = "keys/report.key"  # from recoveryplan.toml' in lines
    assert 'store = "plans.db"  # from recoveryplan.toml' in lines
    assert any(line.startswith("# today (") and "not set" in line for line in lines)
    assert "[plugins.riverside]  # recoveryplan.toml" in lines
    assert "0141" not in result.stdout  # a plugin's own values may be secrets: named only
    assert "# and its own settings: phone" in lines


def test_the_environment_wins_over_the_file(tmp_path: Path) -> None:
    (tmp_path / "recoveryplan.toml").write_text(
        '[defaults]\nstore = "from-file.db"\n', encoding="utf-8"
    )
    result = subprocess.run(
        ["bash", "-c", 'RECOVERYPLAN_STORE=env.db "$@"', "run", *recoveryplan_argv("config")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert (
        "# store: from the environment variable RECOVERYPLAN_STORE, over recoveryplan.toml"
        in result.stdout.splitlines()
    )


def recoveryplan_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "recoveryplan", *args]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[defaults]\njbos = 2\n",
            "recoveryplan: recoveryplan.toml: defaults.jbos: is not a setting (did you mean "
            "jobs?); the settings are: today, jobs, quiet, key-file, store, plugins-dir, "
            "messages-language; correct the name or remove the line",
        ),
        (
            "[defaults]\njobs = 0\n",
            "recoveryplan: recoveryplan.toml: defaults.jobs: must be a number of processes, 1 "
            "or more, such as jobs = 2",
        ),
        (
            '[defaults]\ntoday = "June"\n',
            "recoveryplan: recoveryplan.toml: defaults.today: must be a date, such as today = "
            "2026-06-02",
        ),
        (
            "[colours]\nbar = 1\n",
            "recoveryplan: recoveryplan.toml: colours: is not a setting; the file holds "
            "[plugins.NAME] sections, one per plugin, and the command line's [defaults]",
        ),
        (
            "[defualts]\ntoday = 2026-06-02\n",
            "recoveryplan: recoveryplan.toml: defualts: is not a setting (did you mean "
            "[defaults]?); the file holds [plugins.NAME] sections, one per plugin, and the "
            "command line's [defaults]",
        ),
        (
            "[plugin.riverside]\nteam = 1\n",
            "recoveryplan: recoveryplan.toml: plugin: is not a setting (did you mean "
            "[plugins]?); the file holds [plugins.NAME] sections, one per plugin, and the "
            "command line's [defaults]",
        ),
        ("[defaults\n", "recoveryplan: recoveryplan.toml: is not valid TOML ("),
    ],
)
def test_a_configuration_that_cannot_be_used_says_where_and_how_to_fix_it(
    tmp_path: Path, text: str, message: str
) -> None:
    (tmp_path / "recoveryplan.toml").write_text(text, encoding="utf-8")
    result = recoveryplan("validate", BUNDLED, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(message)
    assert len(result.stderr.splitlines()) == 1
    assert recoveryplan("--help", cwd=tmp_path).returncode == 0  # help needs no configuration


def test_a_named_configuration_that_is_missing_is_refused(tmp_path: Path) -> None:
    result = recoveryplan("config", "--config", "nowhere.toml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "recoveryplan: nowhere.toml: no such file; give the path of a TOML file\n"
    )


def test_plugin_folders_in_the_file_are_read_from_its_folder(tmp_path: Path) -> None:
    plugins = tmp_path / "site" / "my-plugins"
    plugins.mkdir(parents=True)
    (plugins / "hello_plugin.py").write_text(
        "from recoveryplan import hookimpl\n\n\n@hookimpl\ndef register_frameworks():\n"
        "    return []\n",
        encoding="utf-8",
    )
    (tmp_path / "site" / "recoveryplan.toml").write_text(
        '[defaults]\nplugins-dir = ["my-plugins"]\n', encoding="utf-8"
    )
    result = recoveryplan("plugins", "--config", Path("site") / "recoveryplan.toml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "hello_plugin" in result.stdout


# -- one list of readers ------------------------------------------------------------------------


def test_no_audience_and_a_misspelt_one_list_the_same_readers(tmp_path: Path) -> None:
    none = recoveryplan("render", BUNDLED, cwd=tmp_path)
    misspelt = recoveryplan("render", BUNDLED, "--audience", "Eilid", cwd=tmp_path)
    assert (none.returncode, misspelt.returncode) == (2, 1)
    listed = [
        result.stderr.rstrip("\n").rpartition(": ")[2].split(", ") for result in (none, misspelt)
    ]
    assert listed[0] == listed[1] == ["person", "staff", "eilidh", "ali"]
    assert "(close: eilidh)" in misspelt.stderr


ZSH_PROBE = """
compdef() { :; }
source "$1"
shift
compadd() { [[ $1 == -- ]] && shift; print -l -- "$@"; }
_files() { print -- '<files>'; }
words=("$@")
CURRENT=${#words}
_recoveryplan
"""


def test_zsh_completes_commands_options_and_choices(tmp_path: Path) -> None:
    """compadd and _files stand in for zsh's completion system, which needs a terminal."""
    if shutil.which("zsh") is None:
        pytest.skip("zsh is not installed here")
    completion = tmp_path / "_recoveryplan"
    completion.write_text(script(build_parser(), "zsh"), encoding="utf-8")

    def offered(*words: str) -> list[str]:
        result = subprocess.run(
            ["zsh", "-f", "-c", ZSH_PROBE, "probe", str(completion), "recoveryplan", *words],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        return result.stdout.split()

    assert offered("store", "s") == ["save", "export", "plans", "disclosures"]
    assert offered("render", "x.json", "--view", "") == [
        "plan",
        "review",
        "safety-plan",
        "crisis-card",
        "easy-read",
    ]
    assert offered("validate", "") == ["<files>"]
    assert "--today" in offered("validate", "--t")


def test_fish_completes_commands_options_and_choices(tmp_path: Path) -> None:
    if shutil.which("fish") is None:
        pytest.skip("fish is not installed here")
    completion = tmp_path / "recoveryplan.fish"
    completion.write_text(script(build_parser(), "fish"), encoding="utf-8")

    def offered(line: str) -> list[str]:
        result = subprocess.run(
            ["fish", "--no-config", "-c", f"source {completion}; complete -C'{line}'"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        return [entry.split("\t")[0] for entry in result.stdout.splitlines()]

    assert offered("recoveryplan store s") == ["save"]
    assert offered("recoveryplan completion ") == ["bash", "fish", "zsh"]
    assert offered("recoveryplan render x.json --view ") == [
        "crisis-card",
        "easy-read",
        "plan",
        "review",
        "safety-plan",
    ]
    assert offered("recoveryplan va") == ["validate"]
