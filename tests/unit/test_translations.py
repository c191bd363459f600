"""Copies in the reader's language: catalogues complete and compiled, tags that fall back,
right-to-left Arabic, and a pseudo-locale proving no word of a translated view escapes."""

from __future__ import annotations

import gettext
import io
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType

import attrs
import pypdf
import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

import recoveryplan as rp
from recoveryplan import context, templating, translations
from recoveryplan.batch import readers
from recoveryplan.goals import Outcome, Status
from recoveryplan.testing.strategies import plans
from recoveryplan.views import has_safety_plan

from ..support.cli import recoveryplan
from ..support.html import Page
from ..support.pseudo import Pseudo
from ..support.reference import ROOT, TODAY
from ..support.scripts import script


def _script() -> ModuleType:
    return script("scripts/translations.py")


def test_the_catalogues_are_up_to_date_and_compiled() -> None:
    script = _script()
    assert script.problems() == []
    # A language is written only once its catalogue is complete; until then, English.
    complete = {language for language in ("cy", "pl", "ar") if not translations.missing(language)}
    assert complete == set(translations.languages()) & {"cy", "pl", "ar"}


# -- catalogues a translator has finished ------------------------------------------------------


def _fill(root: Path, language: str, domain: str, translate: Callable[[str], str]) -> None:
    """A catalogue in ``root`` that translates, with ``translate``, every message of the
    library's that its own catalogue for ``language`` leaves empty."""
    left = set(translations.missing(language))
    catalog = Catalog(locale=language, domain=domain)
    for message in translations.messages():
        if isinstance(message, tuple):
            if message[0] in left:
                forms = (translate(message[0]),) + (translate(message[1]),) * (
                    catalog.num_plurals - 1
                )
                catalog.add(message, forms)
        elif message in left:
            catalog.add(message, translate(message))
    folder = root / language / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / f"{domain}.mo").open("wb") as file:
        write_mo(file, catalog)


@pytest.fixture
def finished(register_plugin: Callable[..., object], tmp_path: Path) -> tuple[Path, ...]:
    """The Welsh, Polish and Arabic catalogues as a translator leaves them once every message
    has its translation (the messages still empty here stand in as themselves), so that what
    a finished catalogue does can be tested while the real ones are being filled."""
    root = tmp_path / "finished"
    for language in ("cy", "pl", "ar"):
        _fill(root, language, "finished", lambda message: message)

    class Finished:
        @rp.hookimpl
        def translation_dirs(self) -> list[Path]:
            return [root]

    register_plugin(Finished(), name="finished-catalogues")
    return (root,)


def test_the_wheel_ships_the_compiled_catalogues(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for language in ("cy", "pl", "ar"):
        assert f"recoveryplan/locale/{language}/LC_MESSAGES/recoveryplan.mo" in names


@pytest.mark.parametrize(
    ("requested", "tag", "catalogue", "direction"),
    [
        (None, "en-GB", None, "ltr"),
        ("en-GB", "en-GB", None, "ltr"),
        ("cy", "cy", "cy", "ltr"),
        ("cy-GB", "cy", "cy", "ltr"),
        ("pl-PL", "pl", "pl", "ltr"),
        ("ar", "ar", "ar", "rtl"),
        ("gd-GB", "en-GB", None, "ltr"),
        ("xx-nonsense-tag", "en-GB", None, "ltr"),
    ],
)
def test_a_language_falls_back_to_its_catalogue_or_english(
    finished: tuple[Path, ...],
    requested: str | None,
    tag: str,
    catalogue: str | None,
    direction: str,
) -> None:
    assert translations.copy_language(requested, finished) == translations.CopyLanguage(
        tag, catalogue, direction
    )


def _lang(document: str) -> dict[str, str | None]:
    return Page(document).tags("html")[0]


@pytest.mark.parametrize(
    ("language", "heading", "lang"),
    [
        ("cy-GB", "Fy ngherdyn argyfwng", "cy"),
        ("pl", "Moja karta kryzysowa", "pl"),
        ("ar", "بطاقة الأزمات الخاصة بي", "ar"),
        ("gd-GB", "My crisis card", "en-GB"),
    ],
)
def test_the_crisis_card_in_the_language_asked_for(
    finished: tuple[Path, ...], morag: rp.Plan, language: str, heading: str, lang: str
) -> None:
    page = rp.render(morag, "person", "html", view="crisis-card", today=TODAY, language=language)
    assert _lang(page)["lang"] == lang
    # (Text in a right-to-left script is isolated, as the plan's own words are.)
    assert f"<h1>{heading}</h1>" in page.replace("\u2068", "").replace("\u2069", "")
    assert ("dir" in _lang(page)) == (lang == "ar")
    # The person's own words stay as they wrote them.
    assert "I stop answering the phone." in page


def test_the_readers_own_language_by_default(finished: tuple[Path, ...], morag: rp.Plan) -> None:
    welsh = attrs.evolve(morag, person=attrs.evolve(morag.person, language="cy-GB"))
    card = rp.render(welsh, "person", "txt", view="crisis-card", today=TODAY)
    assert card.startswith("Fy ngherdyn argyfwng")
    assert "Argraffwyd ar 2 Mehefin 2026." in card  # the date as Welsh writes it
    # Staff copies are in English; a member's follows the member's own language.
    assert rp.render(welsh, "staff", "txt", view="crisis-card", today=TODAY).startswith(
        "Morag's crisis card"
    )
    ali = attrs.evolve(morag.circle[3], language="pl")
    polish = attrs.evolve(morag, circle=(*morag.circle[:3], ali))
    theirs = rp.render(polish, "ali", "txt", view="crisis-card", today=TODAY)
    assert theirs.startswith("Karta kryzysowa: Morag")
    assert "Wydrukowano 2 czerwca 2026." in theirs


def test_a_catalogue_still_being_filled_gives_a_wholly_english_copy(
    morag: rp.Plan, register_plugin: Callable[..., object], tmp_path: Path
) -> None:
    _catalogue(tmp_path, "gd", {"My crisis card": "Mo chairt èiginn", "Skip to the plan": "Leum"})

    class Half:
        @rp.hookimpl
        def translation_dirs(self) -> list[Path]:
            return [tmp_path]

    register_plugin(Half(), name="half-words")
    for view in ("plan", "crisis-card"):
        page = rp.render(morag, "person", "html", view=view, today=TODAY, language="gd")
        assert _lang(page)["lang"] == "en-GB"
        assert "Mo chairt" not in page
        assert "Leum" not in page
    assert "gd" not in translations.languages((tmp_path,))


def test_every_view_is_written_in_a_finished_language(
    finished: tuple[Path, ...], morag: rp.Plan
) -> None:
    for view in ("plan", "review", "safety-plan", "easy-read", "crisis-card"):
        page = rp.render(morag, "person", "html", view=view, today=TODAY, language="cy")
        assert _lang(page)["lang"] == "cy"


@pytest.mark.parametrize("language", ["ar", "cy", "pl"])
def test_the_translated_card_is_one_tagged_pdf_ua_page_in_its_language(
    finished: tuple[Path, ...], morag: rp.Plan, tmp_path: Path, language: str
) -> None:
    pytest.importorskip("weasyprint")
    pdfua = pytest.importorskip("pdfua")
    document = rp.render(morag, "person", "pdf", view="crisis-card", today=TODAY, language=language)
    reader = pypdf.PdfReader(io.BytesIO(document))
    assert str(reader.root_object["/Lang"]) == language
    assert len(reader.pages) == 1
    target = tmp_path / "card.pdf"
    target.write_bytes(document)
    report = pdfua.validate(str(target))
    errors = [f.rule_id for f in report.findings if f.severity >= pdfua.Severity.ERROR]
    assert errors == []


def test_render_language_on_the_command_line(reference_path: Path, tmp_path: Path) -> None:
    done = recoveryplan(
        "render", reference_path, "--audience", "person", "--view", "crisis-card",
        "--format", "txt", "--language", "pl-PL", "--today", "2026-06-02", cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    if translations.missing("pl"):
        # Until the Polish catalogue is finished, the card is wholly in English.
        assert done.stdout.startswith("My crisis card")
    else:
        assert done.stdout.startswith("Moja karta kryzysowa")


# -- the pseudo-locale -------------------------------------------------------------------------


@pytest.fixture
def pseudo(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    real = translations.translations

    def pseudo_or_real(
        catalogue: str | None, plugins: tuple[Path, ...] = ()
    ) -> gettext.NullTranslations:
        return Pseudo() if catalogue == "ka" else real(catalogue, plugins)

    def with_pseudo(plugins: tuple[Path, ...] = ()) -> frozenset[str]:
        return frozenset({"ka", "cy", "pl", "ar"})

    monkeypatch.setattr(templating, "translations", pseudo_or_real)
    monkeypatch.setattr(context, "translations", pseudo_or_real)

    def marked_findings(plan: rp.Plan, today: date, catalogue: str | None) -> list[rp.Finding]:
        # The checks write their findings' words themselves, not the templates: each finding
        # is shown with the marker for its words, so the words around it are what is tested.
        return [
            attrs.evolve(finding, code=MARK, path=MARK, message=MARK)
            for finding in real_findings(plan, today, catalogue)
        ]

    real_findings = context._findings
    monkeypatch.setattr(context, "_findings", marked_findings)
    monkeypatch.setattr(translations, "languages", with_pseudo)
    templating._environments.clear()
    yield
    templating._environments.clear()


MARK = "qqq"


_PROPER_NAMES = re.compile(r"\b(?:NHS|CHIME|BSL|OpenMoji|CC BY-SA|Samaritans|recoveryplan)\b")
"""The names the issue lets stay in English in every language."""


def _what_a_reader_meets(document: str, format: str) -> str:
    if format != "html":
        return document
    page = Page(document)
    # The words, the page's title and every attribute a reader hears or sees.
    attributes = [
        value or ""
        for tag in ("a", "img", "section", "svg", "figure", "nav", "span", "abbr", "table")
        for t in page.tags(tag)
        for key, value in t.items()
        if key in ("aria-label", "alt", "title")
    ]
    return " ".join([page.text, *attributes])


def _escaped(document: str, format: str) -> str:
    """What is left of a copy once the pseudo-translated words, the plan's own words (the
    marker) and the proper names are taken out: nothing a reader could read as English."""
    left = _what_a_reader_meets(document, format)
    while re.search(r"⟦[^⟦⟧]*⟧", left):  # a sentence within a sentence: innermost first
        left = re.sub(r"⟦[^⟦⟧]*⟧", " ", left)
    left = re.sub(MARK, " ", left, flags=re.IGNORECASE)
    return _PROPER_NAMES.sub(" ", left)


VIEWS = ("plan", "review", "safety-plan", "easy-read", "crisis-card")

FEW_DRAWN_PLANS = settings(
    max_examples=3,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
"""Few examples and no shrinking: each example renders many copies, one for every reader."""


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("format", ["html", "md", "txt"])
@FEW_DRAWN_PLANS
@given(plan=plans(text=st.just(MARK), consent="everything", max_goals=6))
def test_no_word_of_any_view_escapes_translation(
    pseudo: None, plan: rp.Plan, view: str, format: str
) -> None:
    """Every view, for the person, the staff and each member, in every text format."""
    assume(view not in ("crisis-card", "safety-plan") or has_safety_plan(plan))
    for reader in readers(plan, view):
        document = rp.render(plan, reader, format, view=view, today=TODAY, language="ka")
        assert isinstance(document, str)
        left = _escaped(document, format)
        assert not re.search(r"[A-Za-z]{2,}", left), (
            view,
            reader,
            format,
            re.findall(r".{0,30}[A-Za-z]{2,}.{0,30}", left),
        )


def _earlier(plan: rp.Plan) -> rp.Plan:
    """A version of ``plan`` from before its last review: its last outcome and last rating not
    yet there, the first outcome's goals at another status (none achieved yet) and with a due
    date a day later, so the review pack has something of each common kind to say changed,
    a field by its name included."""
    first, *rest = plan.outcomes or (None,)
    outcomes: list[Outcome] = []
    if first is not None:
        goals = tuple(
            attrs.evolve(
                goal,
                status=Status.PLANNED if goal.status is not Status.PLANNED else Status.ACTIVE,
                achieved_on=None,
                due_on=goal.due_on + timedelta(days=1) if goal.due_on else TODAY,
            )
            for goal in first.goals
        )
        outcomes = [attrs.evolve(first, goals=goals), *rest[:-1]]
    return attrs.evolve(plan, outcomes=tuple(outcomes), ratings=plan.ratings[:-1])


def _escaped_anywhere(document: str, format: str) -> str:
    """Like :func:`_escaped`, but an English word inside a translated sentence (a part's name
    or a value put in its placeholder) is caught too: only the pseudo-translated letters
    (all ``x``), the marker, the proper names and what a sentence quotes from the plan
    (“…”) are taken out."""
    left = re.sub(r"“[^”]*”", " ", _what_a_reader_meets(document, format))
    left = re.sub(MARK, " ", left, flags=re.IGNORECASE)
    left = _PROPER_NAMES.sub(" ", left)
    return re.sub(r"\bx+\b", " ", re.sub(r"[⟦⟧]", " ", left))


@pytest.mark.parametrize("format", ["html", "md", "txt"])
@FEW_DRAWN_PLANS
@given(plan=plans(text=st.just(MARK), consent="everything", max_goals=6))
def test_no_word_of_what_changed_escapes_translation(
    pseudo: None, plan: rp.Plan, format: str
) -> None:
    """The review pack with changes since an earlier version, for every reader: the
    sentences that say what changed are the copy's language too."""
    earlier = _earlier(plan)
    assume(rp.diff(earlier, plan))
    for reader in readers(plan, "review"):
        document = rp.render(
            plan, reader, format, view="review", today=TODAY, language="ka", since=earlier
        )
        assert isinstance(document, str)
        left = _escaped_anywhere(document, format)
        assert not re.search(r"[A-Za-z]{2,}", left), (
            reader,
            format,
            re.findall(r".{0,30}[A-Za-z]{2,}.{0,30}", left),
        )


# -- a plugin's own catalogues -----------------------------------------------------------------


def _catalogue(
    root: Path, language: str, messages: dict[str, str], domain: str = "riverside"
) -> None:
    catalog = Catalog(locale=language, domain=domain)
    for message, translated in messages.items():
        catalog.add(message, translated)
    folder = root / language / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"{domain}.mo").open("wb") as file:
        write_mo(file, catalog)


def test_a_plugin_brings_its_own_catalogues(
    finished: tuple[Path, ...],
    morag: rp.Plan,
    register_plugin: Callable[..., object],
    tmp_path: Path,
) -> None:
    # A language the library has no catalogue for, complete in the plugin's.
    _fill(tmp_path, "gd", "riverside", lambda message: message)
    _catalogue(tmp_path, "gd", {"My crisis card": "Mo chairt èiginn"}, domain="words")
    _catalogue(tmp_path, "cy", {"Who to call": "Pwy i alw"})

    class Catalogues:
        @rp.hookimpl
        def translation_dirs(self) -> list[Path]:
            return [tmp_path]

    register_plugin(Catalogues(), name="riverside-words")
    gaelic = rp.render(morag, "person", "html", view="crisis-card", today=TODAY, language="gd")
    assert _lang(gaelic)["lang"] == "gd"
    assert "<h1>Mo chairt èiginn</h1>" in gaelic
    welsh = rp.render(morag, "person", "txt", view="crisis-card", today=TODAY, language="cy")
    assert "Pwy i alw" in welsh  # the plugin's word wins
    assert welsh.startswith("Fy ngherdyn argyfwng")  # and the library's stay


def test_a_catalogue_folder_that_is_not_there_is_the_plugins_failure(
    morag: rp.Plan, register_plugin: Callable[..., object], tmp_path: Path
) -> None:
    class Missing:
        @rp.hookimpl
        def translation_dirs(self) -> list[Path]:
            return [tmp_path / "nowhere"]

    register_plugin(Missing(), name="missing-words")
    with pytest.raises(rp.PluginError, match=r"missing-words.*translation_dirs.*does not exist"):
        rp.render(morag, "person", "txt", view="crisis-card", today=TODAY, language="cy")


def test_the_persons_own_words_keep_their_direction_in_a_right_to_left_card(
    finished: tuple[Path, ...], morag: rp.Plan
) -> None:
    assert morag.safety_plan is not None
    safety = attrs.evolve(morag.safety_plan, warning_signs=["أتوقف عن الرد على الهاتف."])
    plan = attrs.evolve(morag, safety_plan=safety)
    page = rp.render(plan, "person", "html", view="crisis-card", today=TODAY, language="ar")
    assert '<li dir="rtl">' in page  # her own Arabic words
    assert '<li dir="ltr">Go down to the allotment.</li>' in page  # her English ones
    english = rp.render(plan, "person", "html", view="crisis-card", today=TODAY)
    assert "<li dir=" not in english  # a left-to-right copy needs no marking


# -- the store ---------------------------------------------------------------------------------


def test_a_copy_from_the_store_is_in_the_language_asked_for_or_the_readers_own(
    finished: tuple[Path, ...], morag: rp.Plan, tmp_path: Path
) -> None:
    ali = attrs.evolve(morag.circle[3], language="pl")
    plan = attrs.evolve(morag, circle=(*morag.circle[:3], ali))
    with rp.open_store(str(tmp_path / "plans.db")) as store:
        store.save(plan, by="james", why="first", base=None)
        asked = store.render(
            plan.id, "person", "txt", by="james", view="crisis-card", today=TODAY, language="cy"
        )
        assert asked.startswith("Fy ngherdyn argyfwng")
        assert asked == rp.render(
            plan, "person", "txt", view="crisis-card", today=TODAY, language="cy"
        )
        # A member whose language is recorded gets their copy in it with no language given.
        theirs = store.render(plan.id, "ali", "txt", by="james", view="crisis-card", today=TODAY)
        assert theirs.startswith("Karta kryzysowa: Morag")
        page = store.render(plan.id, "ali", "html", by="james", today=TODAY)
        assert _lang(page)["lang"] == "pl"
        assert [record.reader for record in store.disclosures(plan.id)] == ["person", "ali", "ali"]


# -- the frameworks' words ---------------------------------------------------------------------


def test_a_frameworks_words_are_translated_when_the_copy_is_written(
    morag: rp.Plan, register_plugin: Callable[..., object], tmp_path: Path
) -> None:
    welsh_words = {"Connectedness": "Cysylltiad", "Exactly where I want to be": "Yn union"}
    _fill(tmp_path, "cy", "words", lambda message: welsh_words.get(message, message))

    class Words:
        @rp.hookimpl
        def translation_dirs(self) -> list[Path]:
            return [tmp_path]

    register_plugin(Words(), name="framework-words")
    # (Words as the reader sees them, wherever the plain-text copy wraps its lines.)
    welsh = " ".join(rp.render(morag, "person", "txt", today=TODAY, language="cy").split())
    assert "Cysylltiad" in welsh
    assert "Yn union" in welsh
    # Translated for that copy only: the framework itself, and the English copy, are as written.
    assert rp.frameworks()["chime"].domain("connectedness").name == "Connectedness"  # type: ignore[union-attr]
    english = rp.render(morag, "person", "txt", today=TODAY)
    assert "Cysylltiad" not in english
    assert "Connectedness" in english


def test_a_number_is_written_the_locale_way() -> None:
    from recoveryplan.translations import local_number

    number = local_number("pl")
    assert callable(number)
    assert number(4.7) == "4,7"
    assert number(12) == "12"
    assert number("4.7") == "4.7"  # not a number: left as written
