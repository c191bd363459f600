"""``recoveryplan render``: a plan for one reader, or a caseload into a folder."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..audience import ALL_READERS, readers
from ..braille import copy_note, default_format
from ..errors import (
    PlanWriteError,
)
from ..messages import gettext as _
from ..messages import ngettext
from ..render import FORMATS, VIEWS, render
from ._common import (
    STDIN,
    Subcommands,
    _jobs,
    _progress,
    _read,
    _today,
    _UsageError,
    add_batch_options,
    add_today_option,
    command,
    complain,
    no_plans,
    say,
)
from .render_stored import deliver, render_stored

if TYPE_CHECKING:
    from ..batch import Clash, Rendered

# -- render ------------------------------------------------------------------------------


SUFFIX_FORMATS = {
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".markdown": "md",
    ".txt": "txt",
    ".text": "txt",
    ".pdf": "pdf",
}
"""The format ``render -o OUT`` writes when ``--format`` is not given, by OUT's suffix."""


def _render_format(chosen: str | None, output: str | None) -> str | None:
    """The format to render in: ``--format``, else the output file's suffix, else the
    reader's own (``None``: HTML, or plain text ready for braille for a reader who reads
    braille)."""
    if output is None:
        return chosen
    suffix = Path(output).suffix.lower()
    implied = SUFFIX_FORMATS.get(suffix)
    if chosen is None:
        if implied is None:
            raise _UsageError(
                _(
                    "cannot tell the format from the file name %(file)s; add --format "
                    "(%(formats)s) or end the name with one of %(suffixes)s"
                )
                % {
                    "file": repr(output),
                    "formats": ", ".join(FORMATS),
                    "suffixes": ", ".join(SUFFIX_FORMATS),
                }
            )
        return implied
    if implied is not None and implied != chosen:
        raise _UsageError(
            _(
                "--format %(chosen)s does not match the file name %(file)s, which is "
                "%(implied)s; drop --format or change the name"
            )
            % {"chosen": chosen, "file": repr(output), "implied": implied}
        )
    return chosen


def _run_render(args: argparse.Namespace) -> int:
    if args.out_dir is not None:
        return _run_render_batch(args)
    path = _single_path(args)
    _check_since(args, path)
    output: str | None = None if args.output in (None, STDIN) else args.output
    format = _render_format(args.format, output)
    if format == "pdf" and output is None and sys.stdout.isatty():
        raise _UsageError(_("a PDF cannot be shown here; write it to a file with -o"))
    if args.store is not None:
        return render_stored(args, path, format, output)
    plan = _read(path)
    since = None if args.since is None else _read(args.since)
    if args.audience is None:
        raise _UsageError(
            _("say who the plan is for with --audience; this plan can be rendered for: %(readers)s")
            % {"readers": ", ".join(readers(plan))}
        )
    document = render(
        plan,
        args.audience,
        format,
        view=args.view,
        today=_today(args),
        large_print=args.large_print,
        full_history=args.full_history,
        since=since,
        language=args.language,
    )
    note = copy_note(plan, args.audience, format or default_format(plan, args.audience))
    if note is not None:
        complain(note)
    return deliver(document, output)


def _check_since(args: argparse.Namespace, path: str) -> None:
    """``--since OLD`` is for the review pack of one plan, read from a file or stdin once."""
    if args.since is None:
        return
    if args.view != "review":
        raise _UsageError(
            _(
                "--since says what changed since the last review, which only the review pack "
                "shows; add --view review, or leave --since out for --view %(view)s"
            )
            % {"view": args.view or "plan"}
        )
    if args.store is not None:
        return  # a revision number or a day, read by render_stored
    if args.since == STDIN and path == STDIN:
        raise _UsageError(_("the plan and --since cannot both be read from standard input ('-')"))


def _single_path(args: argparse.Namespace) -> str:
    """The one plan ``render`` without ``--out-dir`` writes."""
    paths: list[str] = args.paths
    if len(paths) > 1:
        raise _UsageError(
            _("to render more than one plan, give a folder to write into: --out-dir DIR")
        )
    if os.path.isdir(paths[0]):
        raise _UsageError(
            _(
                "%(folder)s is a folder; to render every plan in it, give a folder to write "
                "into: --out-dir DIR"
            )
            % {"folder": paths[0]}
        )
    return paths[0]


def _run_render_batch(args: argparse.Namespace) -> int:
    """Render a caseload into a folder, one file per plan per reader, on every core.

    Plans whose copies would have the same names (the same file stem in two folders, and a
    reader in common) are not rendered at all and are reported before anything is written,
    so that no copy silently replaces another and the count of files written is the count
    of files there.
    """
    if args.output is not None:
        raise _UsageError(_("give either -o OUT (one plan) or --out-dir DIR (many), not both"))
    if args.store is not None:
        raise _UsageError(_("--store renders one stored plan by its id; leave out --out-dir"))
    if args.since is not None:
        raise _UsageError(
            _(
                "--since compares one plan with an older version of it; render that plan on its "
                "own (without --out-dir)"
            )
        )
    if args.audience is None:
        raise _UsageError(
            _(
                "say who the copies are for with --audience: person, staff, a circle member's "
                "id, or %(all)s for every reader each plan has"
            )
            % {"all": ALL_READERS}
        )
    if STDIN in args.paths:
        raise _UsageError(_("--out-dir renders plan files; '-' (standard input) has no file name"))
    format: str | None = args.format  # None: each reader's own
    out_dir: str = args.out_dir
    if os.path.exists(out_dir) and not os.path.isdir(out_dir):
        raise PlanWriteError(
            _("%(folder)s: is not a folder; give a folder to write the copies into")
            % {"folder": out_dir}
        )
    try:
        os.makedirs(out_dir, mode=0o700, exist_ok=True)
    except OSError as error:
        raise PlanWriteError(
            _("%(folder)s: cannot be made into a folder to write into (%(error)s)")
            % {"folder": out_dir, "error": error.strerror or error}
        ) from None
    from ..batch import RenderJob, find_plans, name_clashes, prepare_rendering, run_each

    prepare_rendering(format or "html")
    found = list(find_plans(args.paths))
    job = RenderJob(
        out_dir=out_dir,
        audience=args.audience,
        format=format,
        today=_today(args),
        large_print=args.large_print,
        view=args.view,
        full_history=args.full_history,
        language=args.language,
    )
    clashes = name_clashes((item.path for item in found if not item.empty), job)
    refused = dict.fromkeys(clash.path for clash in clashes)  # in the plans' order
    work = [item.path for item in found if not item.empty and item.path not in refused]
    failed = files = 0
    for item in found:
        if item.empty:
            complain(f"{item.path}: {no_plans()}")
            failed += 1
    for path in refused:
        complain(_refusal(path, [clash for clash in clashes if clash.path == path], out_dir))
    failed += len(refused)
    progress = _progress(args, len(work), "plans")
    try:
        for result in run_each(job, work, jobs=_jobs(args, found), lost=job.lost):
            progress.clear()
            _report_rendered(result)
            failed += not result.ok
            files += len(result.written)
            progress.advance()
    finally:
        progress.close()
    total = len(found)
    plans = ngettext(
        "%(count)d plan: %(rendered)d rendered, %(failed)d failed",
        "%(count)d plans: %(rendered)d rendered, %(failed)d failed",
        total,
    ) % {"count": total, "rendered": total - failed, "failed": failed}
    written = ngettext(
        "%(count)d file written to %(folder)s", "%(count)d files written to %(folder)s", files
    ) % {"count": files, "folder": out_dir}
    say(f"{plans}; {written}")
    return 0 if failed == 0 else 1


def _refusal(path: str, clashes: list[Clash], out_dir: str) -> str:
    """One line for a plan not rendered because another would write a copy of the same name."""
    from ..batch import listed

    others = sorted({clash.other for clash in clashes})
    names = sorted({clash.name for clash in clashes})
    return _(
        "%(path)s: not rendered: %(names)s in %(folder)s would also be written for "
        "%(others)s, so neither was rendered; rename one of the files, or render them into "
        "different folders"
    ) % {"path": path, "names": listed(names), "folder": out_dir, "others": listed(others)}


def _report_rendered(result: Rendered) -> None:
    for problem in result.problems:
        complain(problem)
    for note in result.notes:
        complain(note)


@command
def _render_command(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "render",
        help=_("write a plan for the person, the staff or someone in the circle"),
        description=_(
            "Render a plan for a reader: 'person' (the person-held plan), 'staff' (the whole "
            "plan with the practice checks) or a circle member, by id or name (only the parts "
            "the person agreed to share with them). There is no default reader: say who it is "
            "for with --audience. With --out-dir, render many plans (files, or folders "
            "searched for .json, .yaml and .yml) into one folder, as "
            "DIR/<plan file stem>.<reader>.<format>; --audience all writes a copy for every "
            "reader each plan has (the person, the staff, each member something is shared with)."
        ),
        epilog=_(
            "exit status: 0 when the plan was written, 1 when the plan cannot be read or the "
            "reader is unknown or has no consent (with --out-dir: when any plan failed; the "
            "others are still written), 2 when the command itself is wrong"
        ),
    )
    parser.add_argument(
        "paths",
        nargs="+",
        metavar=_("PATH"),
        help=_("a plan file ('-' reads JSON from stdin); with --out-dir, plan files and folders"),
    )
    parser.add_argument(
        "--audience",
        metavar=_("AUDIENCE"),
        help=_(
            "who the plan is for: person, staff, or a circle member's id or name (required); "
            "with --out-dir also %(all)s"
        )
        % {"all": ALL_READERS},
    )
    parser.add_argument(
        "--view",
        choices=VIEWS,
        default=None,
        help=_(
            "what to print: the whole plan, the review pack for the next review meeting, the "
            "safety plan on its own, a foldable pocket crisis card, or an easy-read copy; by "
            "default the easy-read copy for a reader who needs easy read, else the whole plan"
        ),
    )
    parser.add_argument(
        "--since",
        metavar=_("OLD"),
        help=_(
            "with --view review: an older version of the plan (the one at the last review, "
            "say); the pack then says what changed since it, as the reader may see it; with "
            "--store, a revision number or a day (by default the day of the last review)"
        ),
    )
    parser.add_argument(
        "--store",
        metavar=_("URL"),
        help=_(
            "render the plan whose id PATH is from this plan store (a SQLite file or "
            "postgresql://...), recorded in its disclosure log; a review pack then says by itself "
            "what changed since the last review and who wrote each change"
        ),
    )
    parser.add_argument(
        "--by",
        metavar=_("WHO"),
        help=_(
            "with --store: who is making the copy, for the disclosure log (default: the name "
            "of the account running the command)"
        ),
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        help=_(
            "html (one accessible page), md, txt or pdf; by default the format OUT's suffix "
            "names (.html, .md, .txt, .pdf), or on standard output html (txt ready for braille "
            "transcription for a reader who reads braille)"
        ),
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar=_("OUT"),
        help=_(
            "write to this file (replaced in one step; a new file is readable by you only) "
            "instead of standard output; '-' means standard output"
        ),
    )
    parser.add_argument(
        "--out-dir",
        metavar=_("DIR"),
        help=_(
            "render every plan given into this folder (made if missing, readable by you only) "
            "as <plan file stem>.<reader>.<format>, html unless --format says otherwise (txt "
            "ready for braille transcription for a reader who reads braille)"
        ),
    )
    add_batch_options(
        parser,
        _(
            "render plans on N processes at once (default: every core, %(cores)s here); 1 "
            "works in this process"
        ),
    )
    add_today_option(parser)
    parser.add_argument(
        "--large-print",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=_(
            "large print on (or off with --no-large-print); by default the person-held plan "
            "is in large print when the person's communication needs ask for it"
        ),
    )
    parser.add_argument(
        "--language",
        metavar=_("TAG"),
        default=None,
        help=_(
            "the language of the words the library writes (a tag such as cy, pl or ar); by "
            "default the reader's own, and English where there is no translation"
        ),
    )
    parser.add_argument(
        "--full-history",
        action="store_true",
        help=_(
            "the person-held plan with everything since it started (by default it shows the "
            "current period: open goals, what was achieved since the review before last, the last "
            "two reviews and every rating)"
        ),
    )
    parser.set_defaults(run=_run_render)
