"""A plugin's own messages, and its corrections of the library's, come from its catalogue:
``<language>/LC_MESSAGES/*.mo`` in its ``translation_dirs``, merged on top of the library's."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from recoveryplan import messages
from recoveryplan.messages import gettext, speaking

OWN = "the service's own check found no key worker"


def _catalogue(root: Path, language: str, table: dict[str, str]) -> Path:
    catalog = Catalog(locale=language, domain="my-plugin")
    for message, translated in table.items():
        catalog.add(message, translated)
    folder = root / language / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "my-plugin.mo").open("wb") as file:
        write_mo(file, catalog)
    return root


def test_a_plugins_message_is_found_beside_the_librarys(tmp_path: Path) -> None:
    root = _catalogue(tmp_path, "cy", {OWN: "ni chanfu gwiriad y gwasanaeth weithiwr allweddol"})
    merged = messages._translations("cy", (root,))
    assert merged is not None
    assert merged.gettext(OWN) == "ni chanfu gwiriad y gwasanaeth weithiwr allweddol"
    alone = messages._translations("cy")
    assert alone is None or alone.gettext(OWN) == OWN


def test_a_language_only_a_plugin_completes_is_spoken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every message the library writes, and the plugin's own, in a language the library has
    no catalogue for: the command line and the checks then speak it."""
    template = messages._messages()
    table = {message: f"«{message}»" for message in template} | {OWN: "«own»"}
    root = _catalogue(tmp_path, "gd", table)
    assert "gd" in messages.languages((root,))
    assert "gd" not in messages.languages()
    monkeypatch.setattr(messages, "_plugin_dirs", lambda: (root,))
    with speaking("gd-GB") as catalogue:
        assert catalogue == "gd"
        assert gettext(OWN) == "«own»"
    assert gettext(OWN) == OWN


def test_an_incomplete_plugin_catalogue_leaves_the_messages_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _catalogue(tmp_path, "gd", {OWN: "«own»"})
    monkeypatch.setattr(messages, "_plugin_dirs", lambda: (root,))
    with speaking("gd") as catalogue:
        assert catalogue is None
        assert gettext(OWN) == OWN
