"""Working through a caseload: finding the plan files, sharing them out to processes, showing
progress, and rendering each plan for its readers into one folder.

A service checks and renders its whole caseload at night, so this is built for thousands of
plans: each plan is read, handled and let go by one worker process; the parent holds only the
list of paths and a bounded window of work in flight, so memory stays flat however many plans
there are. Results come back in the order the plans were found (folders are walked in sorted
order), so two runs print the same thing whatever the number of processes. One bad plan is a
result like any other: the rest are still handled.

The commands (``validate``, ``render --out-dir``, and any later command over a caseload) use
:func:`find_plans`, :func:`run_each` and :class:`Progress` from here.
"""

from __future__ import annotations

import contextlib
import os
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, Literal, TextIO, TypeAlias

import attrs

from .audience import ALL_READERS, check_audience, readers, resolve_audience
from .braille import copy_note, default_format
from .errors import PlanError, PlanFormatError, one_line, unexpected
from .files import name_part
from .messages import N_
from .messages import gettext as _
from .plan import Plan
from .plugins import PluginError
from .render import PdfUnavailableError, render, save
from .serialize import load
from .workers import default_jobs, run_each

__all__ = [
    "ALL_READERS",
    "PLAN_SUFFIXES",
    "Clash",
    "Found",
    "Progress",
    "RenderJob",
    "Rendered",
    "clashing_names",
    "default_jobs",
    "find_plans",
    "listed",
    "lost_message",
    "name_clashes",
    "name_key",
    "name_part",
    "output_name",
    "prepare_rendering",
    "readers",
    "run_each",
]

PLAN_SUFFIXES = (".json", ".yaml", ".yml")
"""The files a folder is searched for: plans in JSON, or in YAML of the same structure."""

# -- finding plans ---------------------------------------------------------------------------


@attrs.frozen
class Found:
    """A path given on the command line, or a plan file found inside a given folder.

    ``empty`` is set for a folder that holds no plan file at all: that is reported, as a
    nightly job pointed at the wrong folder should not look like success.
    """

    path: str
    empty: bool = False


def find_plans(paths: Iterable[str]) -> Iterator[Found]:
    """Every plan to handle, in a fixed order: the paths as given, each folder replaced by the
    plan files under it (recursively, sorted by their path within the folder).

    Files and folders whose names start with a dot are skipped inside a folder (editors' and
    version control's own files, and the temporary files of a write in progress); a file named
    on the command line is always taken, whatever its name or suffix.
    """
    for path in paths:
        if os.path.isdir(path):
            found = False
            for plan in _walk(path):
                found = True
                yield Found(plan)
            if not found:
                yield Found(path, empty=True)
        else:
            yield Found(path)


def _walk(folder: str) -> Iterator[str]:
    below: list[tuple[tuple[str, ...], str]] = []
    for root, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        relative = Path(root).relative_to(folder).parts
        below.extend(
            ((*relative, name), os.path.join(root, name))
            for name in files
            if not name.startswith(".") and name.lower().endswith(PLAN_SUFFIXES)
        )
    below.sort()
    for _parts, path in below:
        yield path


# -- progress --------------------------------------------------------------------------------


class Progress:
    """A one-line progress bar on a terminal, with the rate and the time left (tqdm's).

    It is drawn only when ``enabled`` (the command checks the stream is a terminal and that
    ``-q`` was not given); otherwise nothing is written and tqdm is not even imported. Call
    :meth:`clear` before printing anything else to the terminal, so that lines of output
    never mix with the bar; it is drawn again on the next step.
    """

    def __init__(self, total: int, noun: str, *, stream: TextIO, enabled: bool) -> None:
        self.total = total
        self.noun = noun
        self.stream = stream
        self.enabled = enabled and total > 0
        self.done = 0
        self._bar: Any = None
        if self.enabled:
            from tqdm import tqdm

            self._bar = tqdm(
                total=total,
                file=stream,
                unit=f" {noun}",
                leave=False,
                mininterval=0.1,
                ncols=_columns(stream),
                nrows=24,  # tqdm draws nothing on a terminal that says it has no rows
                bar_format="{percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt}"
                + f" {noun}"
                + " [{elapsed}<{remaining}, {rate_fmt}]",
            )

    def advance(self, count: int = 1) -> None:
        self.done += count
        if self._bar is not None:
            self._bar.update(count)
            if self.done >= self.total:
                self._bar.refresh()  # the last step is shown, however soon it came

    def clear(self) -> None:
        if self._bar is not None:
            self._bar.clear()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def _columns(stream: TextIO) -> int:
    """The terminal's width, at most 100; 80 when it does not say (a new pseudo-terminal
    says 0, where tqdm would draw nothing)."""
    try:
        columns = os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError, AttributeError):
        columns = 0
    return min(columns or 80, 100)


# -- rendering into a folder -----------------------------------------------------------------


def prepare_rendering(format: str) -> None:
    """Do once, before the workers start, what every plan would otherwise redo in each of them:
    compile the templates (forked workers inherit them) and, for PDF, load WeasyPrint, or say
    once that it is missing rather than once per plan."""
    from .pdf import pdf_available
    from .templating import TEMPLATE_FORMATS, environment

    if format == "pdf" and not pdf_available():
        raise PdfUnavailableError(
            _(
                "PDF output needs WeasyPrint, which is not installed or cannot be loaded; "
                "install it with %(command)s"
            )
            % {"command": "pip install 'recoveryplan[pdf]'"}
        )
    template_format = "html" if format == "pdf" else format
    if template_format in TEMPLATE_FORMATS:
        # A template that fails to compile is reported by each plan, naming the plugin.
        with contextlib.suppress(Exception):
            environment(template_format).get_template(f"plan.{template_format}.j2")


def output_name(path: str, reader: str, format: str) -> str:
    """The name a plan's copy for ``reader`` has in the output folder:
    ``<plan file stem>.<reader>.<format>``, the reader escaped by :func:`name_part`.

    The reader's part never holds a dot, so a name is read back from its right end into
    exactly one stem, reader and format: ``morag.x.staff.html`` is the staff copy of
    ``morag.x.json``, and the copy of ``morag.json`` for the circle id ``x.staff`` is
    ``morag.x%2Estaff.html``. Two copies share a name only when their plans share a stem.
    """
    return f"{Path(path).stem}.{name_part(reader)}.{format}"


def name_key(name: str) -> str:
    """What decides whether two file names are one file on some disk: the name with its
    accents composed one way (NFC) and its letter case folded.

    A folder of copies is often read on, or copied to, a disk that does not tell ``Morag``
    from ``morag``, or an accent typed as one character from the same accent typed as two
    (macOS and Windows by default, most USB sticks). Two copies whose names differ only so
    would there be one file, the second silently replacing the first, so they are taken to
    clash everywhere."""
    return unicodedata.normalize("NFC", name).casefold()


def clashing_names(paths: Iterable[str]) -> dict[str, list[str]]:
    """The plans whose file stems are one (:func:`name_key`), by that stem: only they can
    have copies of one name (:func:`output_name`), so only they are looked at more closely
    (:func:`name_clashes`)."""
    by_stem: dict[str, list[str]] = {}
    for path in paths:
        by_stem.setdefault(name_key(Path(path).stem), []).append(path)
    return {stem: found for stem, found in by_stem.items() if len(found) > 1}


@attrs.frozen
class Clash:
    """A copy that two plans would both write: ``name`` in the output folder, for ``path``
    and for ``other``."""

    path: str
    other: str
    name: str


def name_clashes(paths: Iterable[str], job: RenderJob) -> list[Clash]:
    """Every copy ``job`` would write for two of ``paths``, found before anything is written,
    in the order of ``paths`` (one entry for each plan of a pair, naming the other); names
    are compared by :func:`name_key`.

    Only plans that share a stem are read for it, here in this process; a plan that cannot
    be read writes nothing, so it clashes with nothing (its worker reports it). Two of one
    plan's own copies whose names are one are found by the worker rendering it
    (:meth:`RenderJob.__call__`), which then writes none of them."""
    clashes: list[Clash] = []
    for group in clashing_names(paths).values():
        names = {path: _by_key(job.names(path)) for path in group}
        for path in group:
            for other in group:
                if other != path:
                    shared = names[path].keys() & names[other].keys()
                    clashes.extend(
                        Clash(path, other, name)
                        for key in sorted(shared)
                        for name in names[path][key]
                    )
    return clashes


def _by_key(names: Iterable[str]) -> dict[str, list[str]]:
    """``names`` by their :func:`name_key`."""
    found: dict[str, list[str]] = {}
    for name in names:
        found.setdefault(name_key(name), []).append(name)
    return found


@attrs.frozen(kw_only=True)
class Rendered:
    """What rendering one plan into the output folder did: the files written, and one line
    per thing that went wrong (a plan that cannot be read, a reader it cannot be rendered
    for, a worker process lost while rendering it). Readers that could be rendered are
    written even when another could not."""

    path: str
    written: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    """What staff should know of a copy that was written (one made for a reader who reads
    braille in a format that is not ready for braille)."""

    @property
    def ok(self) -> bool:
        return not self.problems


@attrs.frozen(kw_only=True)
class RenderJob:
    """Render one plan file for ``audience`` (a reader, or :data:`ALL_READERS`) into
    ``out_dir``; an instance is the task :func:`run_each` sends to the workers."""

    out_dir: str
    audience: str
    format: str | None
    """The format of every copy; ``None`` is each reader's own (HTML, or plain text ready for
    braille for a reader who reads braille: :func:`recoveryplan.braille.default_format`)."""
    today: date
    large_print: bool | None = None
    view: str | None = None
    """The view to render; ``None`` is each reader's own default (easy read when they need it,
    else the whole plan), as in :func:`recoveryplan.render`."""
    full_history: bool = False
    language: str | None = None

    def wanted(self, plan: Plan) -> list[str]:
        """The readers this job renders ``plan`` for (raising as rendering would)."""
        if self.audience == ALL_READERS:
            return readers(plan, self.view)
        check_audience(plan, self.audience)
        return [resolve_audience(plan, self.audience)]

    def names(self, path: str) -> list[str]:
        """The names of the copies this job would write for the plan at ``path`` (none when
        it cannot be read or rendered at all)."""
        try:
            plan = load(path)
            wanted = self.wanted(plan)
        except Exception:
            return []
        return self.copy_names(path, plan, wanted)

    def copy_names(self, path: str, plan: Plan, readers: list[str]) -> list[str]:
        """The names of ``plan``'s copies for ``readers`` (its file is at ``path``)."""
        return [output_name(path, reader, self.format_for(plan, reader)) for reader in readers]

    def format_for(self, plan: Plan, reader: str) -> str:
        """The format of ``reader``'s copy of ``plan``."""
        return self.format if self.format is not None else default_format(plan, reader)

    def __call__(self, path: str) -> Rendered:
        try:
            plan = load(path)
            wanted = self.wanted(plan)
        except PlanFormatError as error:
            return Rendered(path=path, problems=tuple(error.lines()))
        except PluginError:
            raise  # not about this plan: the whole command stops, as it does for one plan
        except PlanError as error:
            return Rendered(path=path, problems=(_with_source(path, error),))
        except Exception as error:
            return Rendered(path=path, problems=(_unexpected(path, error),))
        one_name = [
            sorted(names)
            for names in _by_key(self.copy_names(path, plan, wanted)).values()
            if len(names) > 1
        ]
        if one_name:
            return Rendered(path=path, problems=(_one_name(path, one_name[0], self.out_dir),))
        # Every copy is made before any is written, so that a process lost while rendering
        # leaves none of this plan's copies half done.
        documents: list[tuple[str, str | bytes]] = []
        problems: list[str] = []
        notes: list[str] = []
        for reader in wanted:
            format = self.format_for(plan, reader)
            try:
                document = render(
                    plan,
                    reader,
                    format,
                    view=self.view,
                    today=self.today,
                    large_print=self.large_print,
                    full_history=self.full_history,
                    language=self.language,
                )
            except PluginError:
                raise
            except PlanError as error:
                problems.append(f"{path}: {reader}: {one_line(str(error))}")
                continue
            except Exception as error:
                problems.append(_unexpected(f"{path}: {reader}", error))
                continue
            name = output_name(path, reader, format)
            documents.append((os.path.join(self.out_dir, name), document))
            note = copy_note(plan, reader, format)
            if note is not None:
                notes.append(f"{path}: {reader}: {note}")
        written: list[str] = []
        for target, document in documents:
            try:
                save(document, target)
            except PlanError as error:
                problems.append(one_line(str(error)))
                continue
            written.append(target)
        return Rendered(
            path=path, written=tuple(written), problems=tuple(problems), notes=tuple(notes)
        )

    def lost(self, path: str, how: str) -> Rendered:
        """What is said of a plan whose worker process stopped while rendering it (run on
        its own, it stopped its process again): the other plans go on."""
        return Rendered(path=path, problems=(f"{path}: {lost_message('rendering', how)}",))


Doing: TypeAlias = Literal["reading", "rendering", "checking"]
"""What a worker process may be doing with a plan when it stops."""


def lost_message(doing: Doing, how: str) -> str:
    """What is said of a plan lost with its worker process, in ``validate`` and ``render``:
    one whole message for each thing the process may have been doing."""
    return _(_LOST[doing]) % {"how": how}


# Translators: %(how)s says how the worker process ended ("killed by signal 9"); keep the
# options --jobs 1 --debug as they are.
_LOST: dict[Doing, str] = {
    "reading": N_(
        "lost: the worker process stopped while reading this plan (%(how)s); the other plans "
        "went on; try this one alone with --jobs 1 --debug"
    ),
    "rendering": N_(
        "lost: the worker process stopped while rendering this plan (%(how)s); the other plans "
        "went on; try this one alone with --jobs 1 --debug"
    ),
    "checking": N_(
        "lost: the worker process stopped while checking this plan (%(how)s); the other plans "
        "went on; try this one alone with --jobs 1 --debug"
    ),
}


def _with_source(path: str, error: Exception) -> str:
    message = one_line(str(error))
    return message if message.startswith(f"{path}: ") else f"{path}: {message}"


def _one_name(path: str, names: list[str], out_dir: str) -> str:
    """The line for a plan two of whose readers' copies would be one file."""
    return _(
        "%(path)s: not rendered: %(names)s in %(folder)s would be one file on a disk that does "
        "not tell capitals or accents apart (as on macOS, Windows and most USB sticks), so "
        "none of its copies was written; give the circle members ids that differ in more "
        "than that, or render their copies one at a time with --audience"
    ) % {"path": path, "names": listed(names), "folder": out_dir}


def listed(items: list[str]) -> str:
    """Names in a sentence: ``a``, ``a and b``, ``a, b and c``."""
    if len(items) == 1:
        return items[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def _unexpected(where: str, error: Exception) -> str:
    return f"{where}: {unexpected(error)}"
