"""A plugin whose template filter fails when it is used."""

from __future__ import annotations

import jinja2

from recoveryplan import hookimpl


def explode(text: str) -> str:
    return f"{text}{1 // 0}"


@hookimpl
def prepare_jinja2_environment(env: jinja2.Environment) -> None:
    env.filters["explode"] = explode
