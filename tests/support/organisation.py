"""An organisation's plugin that brings nothing but a template folder, for the tests of how an
organisation dresses the printed plan and the web app."""

from __future__ import annotations

from pathlib import Path

import recoveryplan as rp


class Organisation:
    """A plugin whose ``template_dirs`` is one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @rp.hookimpl
    def template_dirs(self) -> list[Path]:
        return [self.folder]
