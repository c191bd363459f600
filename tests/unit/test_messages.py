"""The library's own messages: which language they are written in, and where it comes from."""

from __future__ import annotations

import threading

import pytest

import recoveryplan as rp
from recoveryplan import messages
from recoveryplan.messages import environment_language, messages_language, speaking

from ..support.reference import BUNDLED, TODAY


def _complete() -> list[str]:
    return sorted(messages.languages())


def test_english_is_the_default_and_an_unknown_language_falls_back_to_it() -> None:
    assert messages_language(None) is None
    assert messages_language("  ") is None
    assert messages_language("en-GB") is None
    assert messages_language("xx-not-a-tag!") is None
    assert messages_language("gd-GB") is None  # no catalogue
    with speaking("gd") as catalogue:
        assert catalogue is None
        assert messages.gettext("a message nobody translated") == "a message nobody translated"


@pytest.mark.parametrize("tag", ["cy", "cy-GB", "cy_GB.UTF-8"])
def test_a_region_or_encoding_falls_back_to_its_language(tag: str) -> None:
    expected = "cy" if "cy" in _complete() else None
    assert messages_language(tag) == expected


def test_the_language_chosen_holds_only_inside_its_block() -> None:
    language = next(iter(_complete()), None)
    with speaking(language) as catalogue:
        assert catalogue == language
        inner = messages._current.get()
    assert messages._current.get() is not inner or language is None
    assert messages._current.get() is messages._ENGLISH


def test_each_thread_keeps_its_own_language() -> None:
    """A server rendering a Welsh copy in one thread and an English one in another must not
    mix them: the language is a context variable, not a global."""
    language = next(iter(_complete()), None)
    seen: dict[str, object] = {}
    inside = threading.Event()
    done = threading.Event()

    def welsh() -> None:
        with speaking(language):
            seen["welsh"] = messages._current.get()
            inside.set()
            done.wait(5)

    thread = threading.Thread(target=welsh)
    thread.start()
    inside.wait(5)
    seen["here"] = messages._current.get()
    done.set()
    thread.join()
    assert seen["here"] is messages._ENGLISH


def test_the_environment_is_read_the_way_gettext_programs_read_it() -> None:
    language = next(iter(_complete()), None)
    if language is None:
        pytest.skip("no catalogue of messages is complete yet")
    assert environment_language({}) is None
    assert environment_language({"LANG": "C"}) is None
    assert environment_language({"LANG": f"{language}_GB.UTF-8"}) == language
    # LANGUAGE is a list, tried in order; LC_ALL wins over LANG.
    assert environment_language({"LANGUAGE": f"gd:{language}", "LANG": "en_GB.UTF-8"}) == language
    assert environment_language({"LC_ALL": "en_GB.UTF-8", "LANG": f"{language}_GB"}) is None


def test_validate_takes_a_language_and_refuses_a_wrong_type() -> None:
    plan = rp.load(BUNDLED)
    english = rp.validate(plan, today=TODAY)
    assert rp.validate(plan, today=TODAY, language="gd") == english
    with pytest.raises(TypeError, match="language tag"):
        rp.validate(plan, today=TODAY, language=7)  # type: ignore[arg-type]
    for language in _complete():
        found = rp.validate(plan, today=TODAY, language=language)
        assert [(f.severity, f.code, f.path) for f in found] == [
            (f.severity, f.code, f.path) for f in english
        ]
