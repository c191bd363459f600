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

import concurrent.futures
import contextlib
import multiprocessing
import os
import re
import shutil
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TextIO, TypeVar

import attrs

from .audience import check_audience, disclosures, resolve_audience
from .errors import PlanError, PlanFormatError, one_line, unexpected
from .plan import Plan
from .plugins import PluginError
from .render import TEMPLATE_FORMATS, PdfUnavailableError, environment, pdf_available, render, save
from .serialize import load

__all__ = [
    "ALL_READERS",
    "PLAN_SUFFIXES",
    "Found",
    "Progress",
    "RenderJob",
    "Rendered",
    "clashing_names",
    "default_jobs",
    "find_plans",
    "output_name",
    "prepare_rendering",
    "readers",
    "run_each",
]

T = TypeVar("T")
R = TypeVar("R")

PLAN_SUFFIXES = (".json", ".yaml", ".yml")
"""The files a folder is searched for: plans in JSON, or in YAML of the same structure."""

ALL_READERS = "all"
"""``--audience all``: every reader a plan has (the person, the staff, each member who has
been shared something)."""


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
    for _, path in below:
        yield path


# -- the pool --------------------------------------------------------------------------------


def default_jobs() -> int:
    """The cores this process may use (``--jobs`` when it is not given)."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # pragma: no cover - not on Linux
        return max(os.cpu_count() or 1, 1)


def run_each(
    task: Callable[[T], R], items: Sequence[T], *, jobs: int, chunk: int | None = None
) -> Iterator[R]:
    """``task(item)`` for each item, in the items' order, on up to ``jobs`` processes.

    With one job (or one item) everything runs in this process, which is also what a debugger
    or ``--debug`` needs. Otherwise items go out in chunks, and only a few chunks per process
    are in flight at once, so a caseload of any size takes the same memory. ``task`` must be
    picklable (a module-level function, or an instance of a module-level class) and should
    turn every failure of one item into a result, not an exception.
    """
    if jobs <= 1 or len(items) <= 1:
        for item in items:
            yield task(item)
        return
    jobs = min(jobs, len(items))
    if chunk is None:
        chunk = max(1, min(16, len(items) // (jobs * 8)))
    chunks = (items[start : start + chunk] for start in range(0, len(items), chunk))
    with concurrent.futures.ProcessPoolExecutor(
        max_workers=jobs, mp_context=_context(), initializer=_ignore_interrupts
    ) as pool:
        waiting: deque[concurrent.futures.Future[list[R]]] = deque()
        try:
            for part in chunks:
                waiting.append(pool.submit(_run_chunk, task, part))
                if len(waiting) >= jobs * 3:
                    yield from _result(waiting.popleft())
            while waiting:
                yield from _result(waiting.popleft())
        except BaseException:
            for future in waiting:
                future.cancel()
            raise


def _context() -> multiprocessing.context.BaseContext:
    """Forked workers on Linux start at once with the plugins the parent loaded (the same
    entry points, under the same ``RECOVERYPLAN_DISABLE_PLUGIN_AUTOLOAD``); elsewhere the
    platform's default, where each worker loads them the same way when it first needs them."""
    if sys.platform == "linux":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()  # pragma: no cover - not on Linux


def _ignore_interrupts() -> None:
    """Ctrl-C is the parent's to handle: workers would otherwise each print a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run_chunk(task: Callable[[T], R], items: Sequence[T]) -> list[R]:
    return [task(item) for item in items]


def _result(future: concurrent.futures.Future[list[R]]) -> list[R]:
    try:
        return future.result()
    except concurrent.futures.process.BrokenProcessPool:
        raise PlanError(
            "a worker process stopped without finishing (was it out of memory?); "
            "run again with fewer --jobs"
        ) from None


# -- progress --------------------------------------------------------------------------------


class Progress:
    """A one-line progress bar on a terminal, redrawn at most ten times a second.

    It is drawn only when ``enabled`` (the command checks the stream is a terminal and that
    ``-q`` was not given). Call :meth:`clear` before printing anything else to the terminal,
    so that lines of output never mix with the bar; it is drawn again on the next step.
    """

    def __init__(self, total: int, noun: str, *, stream: TextIO, enabled: bool) -> None:
        self.total = total
        self.noun = noun
        self.stream = stream
        self.enabled = enabled and total > 0
        self.done = 0
        self._started = time.monotonic()
        self._drawn_at = 0.0
        self._shown = False

    def advance(self, count: int = 1) -> None:
        self.done += count
        if not self.enabled:
            return
        now = time.monotonic()
        if not self._shown or now - self._drawn_at >= 0.1 or self.done >= self.total:
            self._draw(now)

    def clear(self) -> None:
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False

    def close(self) -> None:
        self.clear()

    def _draw(self, now: float) -> None:
        elapsed = int(now - self._started)
        counts = f" {self.done}/{self.total} {self.noun} {elapsed // 60}:{elapsed % 60:02d}"
        width = min(shutil.get_terminal_size((80, 24)).columns - 1, 100)
        room = max(width - len(counts) - 2, 10)
        filled = room * self.done // self.total
        self.stream.write(f"\r[{'#' * filled}{'.' * (room - filled)}]{counts}")
        self.stream.flush()
        self._drawn_at = now
        self._shown = True


# -- rendering into a folder -----------------------------------------------------------------


def prepare_rendering(format: str) -> None:
    """Do once, before the workers start, what every plan would otherwise redo in each of them:
    compile the templates (forked workers inherit them) and, for PDF, load WeasyPrint, or say
    once that it is missing rather than once per plan."""
    if format == "pdf" and not pdf_available():
        raise PdfUnavailableError(
            "PDF output needs WeasyPrint, which is not installed or cannot be loaded; install it "
            "with pip install 'recoveryplan[pdf]'"
        )
    template_format = "html" if format == "pdf" else format
    if template_format in TEMPLATE_FORMATS:
        # A template that fails to compile is reported by each plan, naming the plugin.
        with contextlib.suppress(Exception):
            environment(template_format).get_template(f"plan.{template_format}.j2")


def output_name(path: str, reader: str, format: str) -> str:
    """The name a plan's copy for ``reader`` has in the output folder:
    ``<plan file stem>.<reader>.<format>``."""
    return f"{Path(path).stem}.{reader}.{format}"


def clashing_names(paths: Iterable[str]) -> dict[str, list[str]]:
    """Plans whose copies would have the same names: the plans by shared file stem.

    ``a/morag.json`` and ``b/morag.yaml`` would both be written as ``morag.person.html``; rather
    than one silently replacing the other, neither is rendered and both are reported.
    """
    by_stem: dict[str, list[str]] = {}
    for path in paths:
        by_stem.setdefault(Path(path).stem, []).append(path)
    return {stem: found for stem, found in by_stem.items() if len(found) > 1}


def readers(plan: Plan, view: str | None = None) -> list[str]:
    """Everyone ``--audience all`` renders a plan for: the person, the staff, and each circle
    member the person has agreed to share something with, in the plan's order; given a
    ``view``, only those it suits (a member not given the section it is made from is skipped,
    not failed). Read from each reader's :class:`~recoveryplan.audience.Disclosure`."""
    return [
        disclosure.reader
        for disclosure in disclosures(plan)
        if view is None or view in disclosure.views
    ]


_UNSAFE_IN_NAME = re.compile(r"[/\\\x00-\x1f\x7f]")


@attrs.frozen(kw_only=True)
class Rendered:
    """What rendering one plan into the output folder did: the files written, and one line
    per thing that went wrong (a plan that cannot be read, a reader it cannot be rendered
    for). Readers that could be rendered are written even when another could not."""

    path: str
    written: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


@attrs.frozen(kw_only=True)
class RenderJob:
    """Render one plan file for ``audience`` (a reader, or :data:`ALL_READERS`) into
    ``out_dir``; an instance is the task :func:`run_each` sends to the workers."""

    out_dir: str
    audience: str
    format: str
    today: date
    large_print: bool | None = None
    view: str = "plan"
    full_history: bool = False
    language: str | None = None

    def __call__(self, path: str) -> Rendered:
        try:
            plan = load(path)
            if self.audience == ALL_READERS:
                wanted = readers(plan, self.view)
            else:
                check_audience(plan, self.audience)
                wanted = [resolve_audience(plan, self.audience)]
        except PlanFormatError as error:
            return Rendered(path=path, problems=tuple(error.lines()))
        except PluginError:
            raise  # not about this plan: the whole command stops, as it does for one plan
        except PlanError as error:
            return Rendered(path=path, problems=(_with_source(path, error),))
        except Exception as error:
            return Rendered(path=path, problems=(_unexpected(path, error),))
        written: list[str] = []
        problems: list[str] = []
        for reader in wanted:
            if _UNSAFE_IN_NAME.search(reader):
                problems.append(
                    f"{path}: the circle id {reader!r} cannot be part of a file name, so the "
                    f"copy for them was not written; render it with --audience {reader!r} -o OUT"
                )
                continue
            target = os.path.join(self.out_dir, output_name(path, reader, self.format))
            try:
                document = render(
                    plan,
                    reader,
                    self.format,
                    view=self.view,
                    today=self.today,
                    large_print=self.large_print,
                    full_history=self.full_history,
                    language=self.language,
                )
                save(document, target)
            except PluginError:
                raise
            except PlanError as error:
                problems.append(f"{path}: {reader}: {one_line(str(error))}")
                continue
            except Exception as error:
                problems.append(_unexpected(f"{path}: {reader}", error))
                continue
            written.append(target)
        return Rendered(path=path, written=tuple(written), problems=tuple(problems))


def _with_source(path: str, error: Exception) -> str:
    message = one_line(str(error))
    return message if message.startswith(f"{path}: ") else f"{path}: {message}"


def _unexpected(where: str, error: Exception) -> str:
    return f"{where}: {unexpected(error)}"
