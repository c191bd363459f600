"""Write the recovery-language rules and their scores into docs/checks.md, between its markers.

The rules are data (``src/recoveryplan/language/data/en.toml``) and the scores come from the
labelled corpus in ``tests/data/language-corpus.txt``; run this after changing either
(``python scripts/update_language_doc.py``). The test suite fails while the document and the
data disagree. ``--check`` only reports whether they do.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import attrs
import docregions

from recoveryplan.builtin.language import SEVERITY
from recoveryplan.language import RULES_VERSION, LanguageRule, builtin_rules, check_language

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "checks.md"
CORPUS = ROOT / "tests" / "data" / "language-corpus.txt"
DEV = ROOT / "tests" / "data" / "language-dev.tsv"
HELDOUT = ROOT / "tests" / "data" / "language-heldout.tsv"
MORE_DEV = (
    ROOT / "tests" / "data" / "language-dev-2.tsv",
    ROOT / "tests" / "data" / "language-dev-3.tsv",
    ROOT / "tests" / "data" / "language-dev-4.tsv",
    ROOT / "tests" / "data" / "language-dev-5.tsv",
    ROOT / "tests" / "data" / "language-dev-6.tsv",
    ROOT / "tests" / "data" / "language-dev-7.tsv",
    ROOT / "tests" / "data" / "language-dev-8.tsv",
    ROOT / "tests" / "data" / "language-dev-9.tsv",
    ROOT / "tests" / "data" / "language-dev-10.tsv",
    ROOT / "tests" / "data" / "language-dev-11.tsv",
)
"""Development sets written after version 4, each scored before it was tuned on (the figures
before are in each file's header), then tuned on for version 5."""
LABELS = ("deficit", "recovery")


@attrs.frozen(kw_only=True)
class Scores:
    """How the built-in rules do on the corpus, counted by sentence."""

    deficit: int
    recovery: int
    found: int  # deficit sentences with at least one suggestion (true positives)
    false_alarms: int  # recovery sentences with a suggestion (false positives)
    missed: tuple[str, ...]
    alarmed: tuple[str, ...]

    @property
    def precision(self) -> float:
        flagged = self.found + self.false_alarms
        return self.found / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.deficit if self.deficit else 1.0


def corpus(path: Path = CORPUS) -> dict[str, list[str]]:
    """The corpus's sentences by label: ``[deficit]`` and ``[recovery]`` sections, ``#`` notes."""
    found: dict[str, list[str]] = {label: [] for label in LABELS}
    section: str | None = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        if text.startswith("[") and text.endswith("]"):
            section = text[1:-1]
            if section not in found:
                raise SystemExit(f"{path}:{number}: unknown section [{section}]")
            continue
        if section is None:
            raise SystemExit(f"{path}:{number}: a sentence before any [section]")
        found[section].append(text)
    return found


def score(rules: tuple[LanguageRule, ...] | None = None, path: Path = CORPUS) -> Scores:
    """Score ``rules`` (the built-in ones by default) on the corpus at ``path``."""
    chosen = builtin_rules() if rules is None else rules
    sentences = corpus(path)
    missed = tuple(s for s in sentences["deficit"] if not check_language(s, chosen))
    alarmed = tuple(s for s in sentences["recovery"] if check_language(s, chosen))
    return Scores(
        deficit=len(sentences["deficit"]),
        recovery=len(sentences["recovery"]),
        found=len(sentences["deficit"]) - len(missed),
        false_alarms=len(alarmed),
        missed=missed,
        alarmed=alarmed,
    )


@attrs.frozen(kw_only=True)
class Labelled:
    """One sentence of an evaluation set: whether it should be flagged, and its kind."""

    flagged: bool
    kind: str
    style: str
    sentence: str


def labelled(path: Path) -> list[Labelled]:
    """The sentences of a tab-separated evaluation set: ``label, kind, style, sentence`` with
    the labels ``flagged`` and ``clean`` (the sets written beside the rules), or ``label, kind,
    sentence`` with ``flag`` and ``ok`` (the unseen batches, kept as they were written)."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("label\t"):
            continue
        fields = line.split("\t")
        if len(fields) == 4 and fields[0] in ("flagged", "clean"):
            label, kind, style, sentence = fields
        elif len(fields) == 3 and fields[0] in ("flag", "ok"):
            (label, kind, sentence), style = fields, ""
        else:
            raise SystemExit(
                f"{path}:{number}: want label (flagged or clean), kind, style and sentence, "
                "or label (flag or ok), kind and sentence"
            )
        found.append(
            Labelled(
                flagged=label in ("flagged", "flag"), kind=kind, style=style, sentence=sentence
            )
        )
    return found


@attrs.frozen(kw_only=True)
class SetScores:
    """How the rules do on an evaluation set, by sentence, and by kind of wording."""

    flagged: int
    clean: int
    found: int  # flagged sentences with a suggestion
    false_alarms: int  # clean sentences with a suggestion
    by_kind: tuple[tuple[str, bool, int, int], ...]  # kind, flagged?, right, of how many
    missed: tuple[str, ...]
    alarmed: tuple[str, ...]

    @property
    def precision(self) -> float:
        flagged = self.found + self.false_alarms
        return self.found / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.flagged if self.flagged else 1.0


def score_set(path: Path, rules: tuple[LanguageRule, ...] | None = None) -> SetScores:
    """Score ``rules`` (the built-in ones by default) on the evaluation set at ``path``."""
    chosen = builtin_rules() if rules is None else rules
    sentences = labelled(path)
    hit = {s.sentence: bool(check_language(s.sentence, chosen)) for s in sentences}
    kinds: dict[tuple[str, bool], list[int]] = {}
    for s in sentences:
        tally = kinds.setdefault((s.kind, s.flagged), [0, 0])
        tally[0] += hit[s.sentence] == s.flagged
        tally[1] += 1
    return SetScores(
        flagged=sum(s.flagged for s in sentences),
        clean=sum(not s.flagged for s in sentences),
        found=sum(s.flagged and hit[s.sentence] for s in sentences),
        false_alarms=sum(not s.flagged and hit[s.sentence] for s in sentences),
        by_kind=tuple((kind, flagged, right, of) for (kind, flagged), (right, of) in kinds.items()),
        missed=tuple(s.sentence for s in sentences if s.flagged and not hit[s.sentence]),
        alarmed=tuple(s.sentence for s in sentences if not s.flagged and hit[s.sentence]),
    )


def evaluation() -> list[str]:
    """The figures on the held-out and development sets, for the document."""
    held, dev = score_set(HELDOUT), score_set(DEV)
    lines = [
        f"**How well it does (rules version {RULES_VERSION}).** On the held-out test set "
        f"(`tests/data/language-heldout.tsv`: {held.flagged} staff sentences worth "
        f"rethinking and {held.clean} that are fine, written before the rules were tuned; its "
        "wordings were never tuned on, though the rules of version 5 were checked against its "
        "fine sentences for false alarms), the rules find something in "
        f"{held.found} of the {held.flagged} and "
        f"in {held.false_alarms} of the {held.clean}: **precision {held.precision:.2f}, "
        f"recall {held.recall:.2f}**. On the development set the rules were tuned against "
        f"(`tests/data/language-dev.tsv`, {dev.flagged} and {dev.clean}): precision "
        f"{dev.precision:.2f}, recall {dev.recall:.2f}. The test suite requires at least 0.90 "
        "and 0.80 on both.",
        "",
        *more_dev(),
        *fresh(),
        *newest_by_kind(),
        "On the held-out set, by kind of wording:",
        "",
        "| kind of wording | should be | right |",
        "| --- | --- | --- |",
    ]
    for kind, flagged, right, of in sorted(held.by_kind, key=lambda k: (not k[1], k[0])):
        lines.append(f"| {kind} | {'flagged' if flagged else 'left alone'} | {right}/{of} |")
    lines.append("")
    if held.missed:
        lines.append(
            "Held-out sentences the rules miss (left as they are: the set is not tuned on):"
        )
        lines.append("")
        lines.extend(f"- {sentence}" for sentence in held.missed)
        lines.append("")
    if held.alarmed:
        lines.append("Held-out sentences the rules wrongly find something in:")
        lines.append("")
        lines.extend(f"- {sentence}" for sentence in held.alarmed)
        lines.append("")
    return lines


@attrs.frozen(kw_only=True)
class Before:
    """What the rules found in a later development set when it was first scored, before any
    rule was changed for it: version 4, and the draft of version 5 built on the sets before
    it (recorded when the set was added, in its header and its commit)."""

    version_4: tuple[int, int]  # sentences worth rethinking found, fine sentences flagged
    draft: tuple[int, int] | None  # the same for the draft of version 5; None before any


BEFORE = {
    "language-dev-2.tsv": Before(version_4=(66, 2), draft=None),
    "language-dev-3.tsv": Before(version_4=(37, 1), draft=(51, 2)),
    "language-dev-4.tsv": Before(version_4=(39, 1), draft=(57, 3)),
    "language-dev-5.tsv": Before(version_4=(32, 2), draft=(44, 2)),
    "language-dev-6.tsv": Before(version_4=(35, 2), draft=(48, 2)),
    "language-dev-7.tsv": Before(version_4=(51, 0), draft=(60, 1)),
    "language-dev-8.tsv": Before(version_4=(25, 1), draft=(37, 1)),
    "language-dev-9.tsv": Before(version_4=(53, 0), draft=(57, 0)),
    "language-dev-10.tsv": Before(version_4=(26, 2), draft=(37, 1)),
    "language-dev-11.tsv": Before(version_4=(22, 1), draft=(32, 1)),
}
"""The figures before tuning of each later development set, by file name."""


def _figures(found: int, alarms: int, flagged: int) -> str:
    precision = found / (found + alarms) if found + alarms else 1.0
    return f"{precision:.2f} | {found / flagged:.2f}"


def more_dev() -> list[str]:
    """The later development sets: what version 4 and the draft of version 5 found in each
    before it was tuned on (a cross-validated figure: the draft was built on the sets above
    it only), and what version 5 finds now (a tuned figure)."""
    lines = [
        "Version 5 was built one development set at a time: each set was written after the "
        "draft built on the sets above it, scored by that draft and by version 4 before any "
        "rule was changed for it, and only then tuned on. The figures before are the fair "
        "guide to text nobody wrote the rules for; the figures now are tuned.",
        "",
        "| set | worth rethinking / fine | version 4: precision | recall "
        "| draft of 5, before tuning: precision | recall "
        f"| now (version {RULES_VERSION}): precision | recall |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    totals = [0, 0, 0, 0, 0]  # flagged, version 4 found and alarms, draft found and alarms
    for path in MORE_DEV:
        now = score_set(path)
        before = BEFORE[path.name]
        draft = "— | —"
        if before.draft is not None:
            draft = _figures(*before.draft, now.flagged)
            totals = [
                totals[0] + now.flagged,
                totals[1] + before.version_4[0],
                totals[2] + before.version_4[1],
                totals[3] + before.draft[0],
                totals[4] + before.draft[1],
            ]
        lines.append(
            f"| `tests/data/{path.name}` | {now.flagged} / {now.clean} "
            f"| {_figures(*before.version_4, now.flagged)} | {draft} "
            f"| {now.precision:.2f} | {now.recall:.2f} |"
        )
    flagged, v4_found, v4_alarms, found, alarms = totals
    lines.extend(
        [
            f"| the sets a draft scored, together | {flagged} / … "
            f"| {_figures(v4_found, v4_alarms, flagged)} | {_figures(found, alarms, flagged)} "
            "| | |",
            "",
        ]
    )
    return lines


@attrs.frozen(kw_only=True)
class Fresh:
    """A batch written after a version of the rules, and what that version found in it before
    any rule was changed for it (recorded when the batch was added, in its commit)."""

    path: Path
    version: str
    found: int  # sentences worth rethinking that the version found
    false_alarms: int  # fine sentences it flagged


FRESH = (
    Fresh(
        path=ROOT / "tests" / "data" / "language-fresh-3.tsv", version="2", found=62, false_alarms=3
    ),
    Fresh(
        path=ROOT / "tests" / "data" / "language-fresh-4.tsv",
        version="3, before batch 4",
        found=37,
        false_alarms=3,
    ),
    Fresh(
        path=ROOT / "tests" / "data" / "language-fresh-5.tsv", version="3", found=44, false_alarms=3
    ),
    Fresh(
        path=ROOT / "tests" / "data" / "language-fresh-6.tsv", version="4", found=66, false_alarms=0
    ),
)
"""The fresh batches, oldest first. The figure before on batch 4 was taken with version 3 as it
stood after batch 3, before the rules were broadened for batch 4's misses; batch 5's with
version 3 as merged, before version 4; batch 6's with version 4, and it was kept out of the
tuning of version 5 (its figures now are the unseen-text figures for version 5)."""


def fresh() -> list[str]:
    """The figures on the fresh batches: before the rules were changed for each, and now."""
    lines = [
        "Fresh batches show what unseen text looks like: each was written after a version of "
        "the rules and scored before any rule was changed for it; the rules were then "
        "broadened for the kinds of wording it missed, so its figures now are tuned figures "
        "like the development set's, and the figure before is the better guide to new text. "
        f"The newest, batch 6, was kept out of the tuning of version {RULES_VERSION} and "
        "scored again only when the version was built: its figure now is a figure on unseen "
        "text, though written by the same hand as the development sets, and seven of its "
        "sentences had been used as rule examples (and replaced) while the rules were written.",
        "",
        "| batch | worth rethinking / fine | before: version | precision | recall "
        f"| now (version {RULES_VERSION}): precision | recall |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for batch in FRESH:
        now = score_set(batch.path)
        flagged = batch.found + batch.false_alarms
        before_precision = batch.found / flagged if flagged else 1.0
        lines.append(
            f"| `tests/data/{batch.path.name}` | {now.flagged} / {now.clean} | {batch.version} "
            f"| {before_precision:.2f} | {batch.found / now.flagged:.2f} "
            f"| {now.precision:.2f} | {now.recall:.2f} |"
        )
    lines.append("")
    return lines


def newest_by_kind() -> list[str]:
    """Per kind of wording, how the rules do on the newest fresh batch, which was kept out of
    their tuning: the per-kind figures on unseen text."""
    newest = FRESH[-1]
    now = score_set(newest.path)
    lines = [
        f"On the newest fresh batch (`tests/data/{newest.path.name}`, kept out of the tuning "
        f"of version {RULES_VERSION}), by kind of wording:",
        "",
        "| kind of wording | should be | right |",
        "| --- | --- | --- |",
    ]
    for kind, flagged, right, of in sorted(now.by_kind, key=lambda k: (not k[1], k[0])):
        lines.append(f"| {kind} | {'flagged' if flagged else 'left alone'} | {right}/{of} |")
    lines.append("")
    if now.missed:
        lines.extend(["Sentences of that batch the rules miss:", ""])
        lines.extend(f"- {sentence}" for sentence in now.missed)
        lines.append("")
    return lines


UNSEEN = tuple(ROOT / "tests" / "data" / f"language-unseen-{batch}.tsv" for batch in "abc")
"""Three batches written on 6 December 2026 from the issue alone, without reading the rules,
their data or any other set, each in a different setting (a: community and supported living;
b: wards, crisis, forensic and drug and alcohol services; c: learning disability, autism,
dementia, housing and adult social work). Scored by versions 4 and 5 before any rule was
changed for them, then used as development sets for version 6."""

UNSEEN_BEFORE = {
    "4": {"a": (53, 3), "b": (42, 1), "c": (45, 0)},
    "5": {"a": (66, 3), "b": (52, 1), "c": (54, 0)},
}
"""What versions 4 and 5 found in each unseen batch before any rule was changed for it:
sentences worth rethinking found, fine sentences flagged. Recorded when the batches were
added; they stay as they are, whatever later versions find."""

UNSEEN_LATER = tuple(ROOT / "tests" / "data" / f"language-unseen-{batch}.tsv" for batch in "def")
"""Three more batches, written the same way by another hand while version 6 was being made
(d: crisis lines, A&E liaison, perinatal, eating disorders, young adults; e: prisons,
homelessness, day centres, employment, peer-led services; f: care homes, home care, early
intervention in psychosis, autism in adult social care, Welsh and Scottish services), avoiding
the phrases the issue names. Scored by versions 5 and 6 once version 6 was finished, before
any rule was changed for them; version 7 was then tuned on them."""

UNSEEN_LATER_BEFORE = {
    "5": {"d": (50, 3), "e": (41, 3), "f": (50, 1)},
    "6": {"d": (55, 3), "e": (44, 2), "f": (56, 1)},
}
"""What versions 5 and 6 found in each later unseen batch before any rule was changed for it."""

UNSEEN_NEWEST = tuple(ROOT / "tests" / "data" / f"language-unseen-{batch}.tsv" for batch in "ghi")
"""Three batches by a third hand, written while version 7 was being made, from the issue and a
description of each kind of wording only (no example phrases), six sentences of each of the
thirteen kinds per batch (g: community teams, care co-ordination, acute and intensive care
wards, home treatment; h: learning-disability supported living, Shared Lives, short breaks,
positive behaviour support, residential rehab, outreach; i: older adults and dementia, adult
safeguarding, student wellbeing, veterans, Deaf and sensory services, refugee support, Northern
Irish and Scottish services). Scored by version 6 before version 7 was merged and by version 7
once it was finished, before any rule was changed for them."""

UNSEEN_NEWEST_BEFORE = {
    "6": {"g": (50, 0), "h": (40, 2), "i": (37, 3)},
    "7": {"g": (63, 1), "h": (53, 0), "i": (47, 1)},
}
"""What versions 6 and 7 found in each newest unseen batch before any rule was changed for it."""

UNSEEN_FOURTH = tuple(ROOT / "tests" / "data" / f"language-unseen-{batch}.tsv" for batch in "jkl")
"""Three batches by a fourth hand, written the same way while version 8 was being made (j:
forensic and secure hospitals, probation, court diversion, police custody, approved premises;
k: young people moving to adult services, perinatal, family support, care leavers, youth
homelessness; l: GP practices and social prescribing, talking therapies, tenancy support,
carers' assessments, day opportunities, Irish and Gaelic-speaking areas). Scored by version 7
before version 8 was merged and by version 8 once it was finished, before any rule was changed
for them; version 9 was then tuned on them."""

UNSEEN_FOURTH_BEFORE = {
    "7": {"j": (67, 0), "k": (49, 1), "l": (50, 0)},
    "8": {"j": (68, 0), "k": (49, 1), "l": (56, 0)},
}
"""What versions 7 and 8 found in each fourth unseen batch before any rule was changed for it."""


UNSEEN_FIFTH = tuple(ROOT / "tests" / "data" / f"language-unseen-{batch}.tsv" for batch in "mno")
"""Three batches by a fifth hand, written the same way while version 9 was being made (m:
crisis and home treatment teams, acute wards, psychiatric liaison in A&E, section 136 suites,
early intervention in psychosis; n: learning-disability and autism supported living, care homes
for older adults and people with dementia, home care, day services, brain-injury
rehabilitation; o: drug and alcohol services, hostels and outreach, peer support, employment
and benefits support, community teams in Scotland and Northern Ireland). The writer had read
the issue, which names some phrasings an earlier version missed. Scored by version 8 before
version 9 was merged and by version 9 once it was finished, before any rule was changed for
them."""

UNSEEN_FIFTH_BEFORE = {
    "8": {"m": (69, 5), "n": (65, 1), "o": (63, 3)},
    "9": {"m": (69, 5), "n": (67, 1), "o": (64, 3)},
}
"""What versions 8 and 9 found in each fifth unseen batch before any rule was changed for it."""


UNSEEN_SIXTH = tuple(ROOT / "tests" / "data" / f"language-unseen-{batch}.tsv" for batch in "pqr")
"""Three batches by a sixth hand, written the same way while version 10 was being made, with
no phrase the issue quotes (p: community teams in Wales and rural England, GP practices,
perinatal and parent-infant services, eating disorders, gender and LGBTQ+ support; q: supported
housing and floating support, recovery colleges, Shared Lives, carers and family support,
personality-disorder pathways, veterans; r: secure and rehabilitation wards, older adults'
community teams, Care Act assessments, safeguarding enquiries, refugee and asylum support,
prison in-reach). Scored by versions 8 and 9 and by version 10 once it was finished, before any
rule was changed for them."""

UNSEEN_SIXTH_BEFORE = {
    "8": {"p": (63, 1), "q": (56, 4), "r": (50, 3)},
    "9": {"p": (64, 1), "q": (59, 4), "r": (57, 3)},
    "10": {"p": (66, 1), "q": (60, 4), "r": (57, 3)},
}
"""What versions 8, 9 and 10 found in each sixth unseen batch before any rule was changed for
it."""


UNSEEN_SEVENTH = tuple(ROOT / "tests" / "data" / f"language-unseen-{batch}.tsv" for batch in "stu")
"""Three batches by a seventh hand, written the same way while version 11 was being made, with
no phrase the issue quotes (s: occupational therapy and physical health care for people with
severe mental illness, general-hospital liaison and discharge teams, intermediate care and
reablement, hoarding and self-neglect, community teams in the English Midlands and North East;
t: culturally specific and faith-based services, Gypsy, Roma and Traveller outreach,
domestic-abuse and sexual-violence services, sexual health and HIV support, community
rehabilitation teams, student mental health; u: learning-disability and autism inpatient units
and discharge from them, independent advocacy, direct payments and personal assistants, the
Deprivation of Liberty Safeguards and the Court of Protection, continuing healthcare and
nursing homes, forensic community teams). Scored by version 10 as soon as they were written and
by version 11 once it was finished, before any rule was changed for them."""

UNSEEN_SEVENTH_BEFORE = {
    "10": {"s": (58, 5), "t": (59, 5), "u": (64, 3)},
    "11": {"s": (58, 4), "t": (64, 4), "u": (65, 2)},
}
"""What versions 10 and 11 found in each seventh unseen batch before any rule was changed for
it."""


UNSEEN_EIGHTH = tuple(ROOT / "tests" / "data" / f"language-unseen-{batch}.tsv" for batch in "vwx")
"""Three batches by an eighth hand, written the same way once version 11 was finished, with no
phrase the issue quotes (v: perinatal and mother-and-baby units, children's social care with
parents who have a mental illness, bereavement and suicide prevention, crisis cafés and
sanctuaries, services in Cornwall, Devon and the Channel Islands; w: low-secure and locked
rehabilitation, eating-disorder day programmes, gambling harm, homeless health and street
outreach, depression with long-term conditions in primary care, services in Yorkshire and
Cumbria; x: supported employment and Access to Work, Deaf mental-health services, older
people's wards and memory clinics, extra-care housing, adult ADHD and autism assessment,
services in Glasgow and the Highlands). Scored by version 11 as soon as they were written and
by version 12 once it was finished, before any rule was changed for them."""

UNSEEN_EIGHTH_BEFORE = {
    "11": {"v": (61, 2), "w": (66, 8), "x": (63, 3)},
    "12": {"v": (62, 1), "w": (69, 4), "x": (66, 3)},
}
"""What versions 11 and 12 found in each eighth unseen batch before any rule was changed for
it (version 12 was made without them, tuned on the seventh set)."""


def _before(record: dict[str, dict[str, tuple[int, int]]], version: str, flagged: int) -> str:
    found = sum(f for f, _ in record[version].values())
    alarms = sum(a for _, a in record[version].values())
    precision, recall = _figures(found, alarms, flagged).split(" | ")
    return f"version {version}: precision {precision}, recall {recall}"


def _unseen_table(
    paths: tuple[Path, ...], record: dict[str, dict[str, tuple[int, int]]]
) -> tuple[int, int, list[str]]:
    now = {path.stem[-1]: score_set(path) for path in paths}
    versions = tuple(record)
    lines = [
        "| batch | worth rethinking / fine | "
        + " | ".join(f"version {v}, before: precision | recall" for v in versions)
        + f" | now (version {RULES_VERSION}): precision | recall |",
        "| --- | --- | " + " | ".join("--- | ---" for _ in versions) + " | --- | --- |",
    ]
    for batch, scores in now.items():
        before = " | ".join(_figures(*record[v][batch], scores.flagged) for v in versions)
        lines.append(
            f"| `tests/data/language-unseen-{batch}.tsv` | {scores.flagged} / {scores.clean} "
            f"| {before} | {scores.precision:.2f} | {scores.recall:.2f} |"
        )
    lines.append("")
    flagged = sum(s.flagged for s in now.values())
    return flagged, sum(s.clean for s in now.values()), lines


def unseen() -> list[str]:
    """The unseen batches: the figures before tuning (the honest figures on text nobody wrote
    the rules for) and the figures now (tuned on, so no longer a guide to new text)."""
    flagged, clean, table = _unseen_table(UNSEEN, UNSEEN_BEFORE)
    later_flagged, later_clean, later_table = _unseen_table(UNSEEN_LATER, UNSEEN_LATER_BEFORE)
    newest_flagged, newest_clean, newest_table = _unseen_table(UNSEEN_NEWEST, UNSEEN_NEWEST_BEFORE)
    fourth_flagged, fourth_clean, fourth_table = _unseen_table(UNSEEN_FOURTH, UNSEEN_FOURTH_BEFORE)
    fifth_flagged, fifth_clean, fifth_table = _unseen_table(UNSEEN_FIFTH, UNSEEN_FIFTH_BEFORE)
    sixth_flagged, sixth_clean, sixth_table = _unseen_table(UNSEEN_SIXTH, UNSEEN_SIXTH_BEFORE)
    seventh_flagged, seventh_clean, seventh_table = _unseen_table(
        UNSEEN_SEVENTH, UNSEEN_SEVENTH_BEFORE
    )
    seventh_found = sum(found for found, _ in UNSEEN_SEVENTH_BEFORE["11"].values())
    eighth_flagged, eighth_clean, eighth_table = _unseen_table(UNSEEN_EIGHTH, UNSEEN_EIGHTH_BEFORE)
    eighth_found = sum(found for found, _ in UNSEEN_EIGHTH_BEFORE["11"].values())
    eighth_found_12 = sum(found for found, _ in UNSEEN_EIGHTH_BEFORE["12"].values())
    alarms = sum(
        a
        for record in (UNSEEN_SEVENTH_BEFORE, UNSEEN_EIGHTH_BEFORE)
        for _, a in record["11"].values()
    )
    precision, recall = _figures(
        seventh_found + eighth_found, alarms, seventh_flagged + eighth_flagged
    ).split(" | ")
    both = f"precision {precision}, recall {recall}"
    return [
        "Three unseen batches (`tests/data/language-unseen-a.tsv`, `-b.tsv` and `-c.tsv`: "
        f"{flagged} sentences worth rethinking and {clean} that "
        "are fine, each from a different setting) were written from the issue alone, by a "
        "hand that had read no rule, no data and no other set, and scored before any rule was "
        "changed for them. Those figures are the honest figures on text nobody wrote the rules "
        f"for: **{_before(UNSEEN_BEFORE, '4', flagged)}; "
        f"{_before(UNSEEN_BEFORE, '5', flagged)}**. Version 6 was then "
        "tuned on them, by kind of wording, so its figures on them are tuned figures.",
        "",
        *table,
        "Three later unseen batches (`tests/data/language-unseen-d.tsv`, `-e.tsv` and `-f.tsv`: "
        f"{later_flagged} worth rethinking and {later_clean} fine), written the same way by "
        "another hand while version 6 was made, avoiding the phrases the issue names, and "
        "scored only when version 6 was finished, give the figures to expect on new text: "
        f"**{_before(UNSEEN_LATER_BEFORE, '5', later_flagged)}; "
        f"{_before(UNSEEN_LATER_BEFORE, '6', later_flagged)}**. Version 7 was then tuned on "
        "them, by kind of wording.",
        "",
        *later_table,
        "Three newest unseen batches (`tests/data/language-unseen-g.tsv`, `-h.tsv` and "
        f"`-i.tsv`: {newest_flagged} worth rethinking and {newest_clean} fine), written by a "
        "third hand from a description of each kind of wording with no example phrases, six "
        "sentences of every kind in each batch, and scored before any rule was changed for "
        "them, give the figures to expect on new text: "
        f"**{_before(UNSEEN_NEWEST_BEFORE, '6', newest_flagged)}; "
        f"{_before(UNSEEN_NEWEST_BEFORE, '7', newest_flagged)}**. Version 8 was then tuned on "
        "them, by kind of wording.",
        "",
        *newest_table,
        "A fourth set of unseen batches (`tests/data/language-unseen-j.tsv`, `-k.tsv` and "
        f"`-l.tsv`: {fourth_flagged} worth rethinking and {fourth_clean} fine), written the "
        "same way by a fourth hand while version 8 was made, and scored before any rule was "
        "changed for them, give the figures to expect on new text: "
        f"**{_before(UNSEEN_FOURTH_BEFORE, '7', fourth_flagged)}; "
        f"{_before(UNSEEN_FOURTH_BEFORE, '8', fourth_flagged)}**. That was short of the "
        "recall of 0.8 the check aims at: hand-written rules found about three in four of "
        "the ways staff write deficit language when nobody wrote the rules for that text, "
        "fewer in some settings than others (a forensic batch 0.87, a young people's batch "
        "0.63), and very rarely flag a sentence that is fine. Version 9 was then tuned on "
        "them, by kind of wording, so its figures on them are tuned figures.",
        "",
        *fourth_table,
        "A fifth set (`tests/data/language-unseen-m.tsv`, `-n.tsv` and `-o.tsv`: "
        f"{fifth_flagged} worth rethinking and {fifth_clean} fine), written the same way by a "
        "fifth hand while version 9 was made and scored before any rule was changed for them, "
        "gives the figures to expect on new text: "
        f"**{_before(UNSEEN_FIFTH_BEFORE, '8', fifth_flagged)}; "
        f"{_before(UNSEEN_FIFTH_BEFORE, '9', fifth_flagged)}**. Version 9's gains on the "
        "batches it was tuned on (j to l) carried over only a little to these, a reminder that "
        "rules tuned on a batch learn its wordings more than the ways of writing behind them. "
        "Version 10 was then tuned on them, by kind of wording, so its figures on them are "
        "tuned figures.",
        "",
        *fifth_table,
        "A sixth set (`tests/data/language-unseen-p.tsv`, `-q.tsv` and `-r.tsv`: "
        f"{sixth_flagged} worth rethinking and {sixth_clean} fine), written by a sixth hand "
        "while version 10 was made, avoiding every phrase the issue quotes, and scored "
        "before any rule was changed for them, gives the honest figures for version 10: "
        f"**{_before(UNSEEN_SIXTH_BEFORE, '8', sixth_flagged)}; "
        f"{_before(UNSEEN_SIXTH_BEFORE, '9', sixth_flagged)}; "
        f"{_before(UNSEEN_SIXTH_BEFORE, '10', sixth_flagged)}**. Precision is well above the "
        "0.9 the check aims at; recall is just short of 0.8, weakest on control and permission "
        "(10 of 18), risk (10 of 18) and dismissive wording (10 of 18), where staff have the "
        "most ways of saying the same thing. Each round of rules found nearly everything in the "
        "batches it was tuned on and a few more of the next batch: expect about four in five "
        "deficit sentences to be caught in new text, fewer in settings unlike any here. "
        "Version 11 was then tuned on them, by kind of wording, after its families of "
        "wording were first tried on sentences from other settings, so its figures on them "
        "are tuned figures.",
        "",
        *sixth_table,
        "A seventh set (`tests/data/language-unseen-s.tsv`, `-t.tsv` and `-u.tsv`: "
        f"{seventh_flagged} worth rethinking and {seventh_clean} fine), written by a seventh "
        "hand in settings none of the others covers while version 11 was made, and never "
        "tuned on, is the honest figure for the rules as they are: "
        f"**{_before(UNSEEN_SEVENTH_BEFORE, '10', seventh_flagged)}; "
        f"{_before(UNSEEN_SEVENTH_BEFORE, '11', seventh_flagged)}**. Version 11 found every "
        "sentence of the sixth set it was tuned on and six more of these than version 10, "
        f"with fewer false alarms: {seventh_found} of the {seventh_flagged} worth rethinking, "
        f"a recall of {seventh_found / seventh_flagged:.3f}, one sentence short of the 0.8 "
        "the check aims at (the rounded figure above hides that). The kinds it finds least "
        "in new text are dismissive wording, "
        "control and permission, labels, blame, risk and doing for (10 to 12 of 18 each); "
        "mocking words, suffering, infantilising talk, refusal and capability are found "
        "almost always (17 or 18 of 18). "
        "Version 12 was then tuned on them, after its families of wording were first tried "
        "on sentences from other settings (`tests/data/language-probe-12-framings2*.tsv` for "
        "the kinds about what people do, each scored before the rules were widened for it: 88 "
        "of 125 found; `tests/data/language-probe-12-words2.tsv` for labels, jargon and "
        "dismissive wording), so its figures on them are tuned figures.",
        "",
        *seventh_table,
        "An eighth set (`tests/data/language-unseen-v.tsv`, `-w.tsv` and `-x.tsv`: "
        f"{eighth_flagged} worth rethinking and {eighth_clean} fine), written by an eighth "
        "hand in yet other settings once version 11 was finished, and scored before any rule "
        "was changed for them, gives version 11's figures on new text a second time: "
        f"**{_before(UNSEEN_EIGHTH_BEFORE, '11', eighth_flagged)}** ({eighth_found} of "
        f"{eighth_flagged}). Over both sets version 11 found "
        f"{seventh_found + eighth_found} of {seventh_flagged + eighth_flagged} sentences worth "
        f"rethinking ({both}): about four in five, as the target asks, and "
        "no better than that. By batch it ranged from 0.74 to 0.85, so expect a new setting's "
        "figure to land anywhere in that range. Version 12, tuned on the seventh set and "
        "finished without anyone who wrote its rules reading these, found more of them and "
        f"raised fewer false alarms: **{_before(UNSEEN_EIGHTH_BEFORE, '12', eighth_flagged)}** "
        f"({eighth_found_12} of {eighth_flagged}), the figures to expect from the rules as they "
        "are.",
        "",
        *eighth_table,
    ]


def section() -> str:
    """The generated part of the recovery-language section: scores, then one entry per rule."""
    scores = score()
    lines = [
        *evaluation(),
        *unseen(),
        "On the older corpus written beside the first rules "
        f"(`tests/data/language-corpus.txt`: {scores.deficit} sentences in deficit language, "
        f"{scores.recovery} in recovery language), the built-in rules find something in "
        f"{scores.found} of the {scores.deficit} deficit sentences and in "
        f"{scores.false_alarms} of the {scores.recovery} recovery sentences: "
        f"**precision {scores.precision:.2f}, recall {scores.recall:.2f}** (by sentence). "
        "The test suite requires at least 0.90 and 0.80 there too.",
        "",
    ]
    if scores.missed:
        lines.append("Deficit sentences the rules do not catch (no rule covers them yet):")
        lines.append("")
        lines.extend(f"- {sentence}" for sentence in scores.missed)
        lines.append("")
    if scores.alarmed:
        lines.append("Recovery sentences the rules wrongly find something in:")
        lines.append("")
        lines.extend(f"- {sentence}" for sentence in scores.alarmed)
        lines.append("")
    for rule in builtin_rules():
        lines.extend(
            [
                f"### `{rule.code}`",
                "",
                f"**Severity:** {SEVERITY}",
                "",
                rule.why,
                "",
                f"- **Source:** {rule.source}",
                "- **Found in:** " + "; ".join(f"“{s}”" for s in rule.examples_match),
                "- **Left alone:** " + "; ".join(f"“{s}”" for s in rule.examples_no_match),
                "- **Try instead:** " + "; or ".join(rule.alternatives),
                "",
            ]
        )
    return "\n".join(lines)


REGIONS = {"language": section}


def updated(text: str) -> str:
    """The document with its generated region replaced by what the code says now."""
    return docregions.filled(DOC, text, REGIONS)


def main(argv: list[str] | None = None) -> int:
    return docregions.main(
        DOC, REGIONS, "the language rules are", argv, (__doc__ or "").splitlines()[0]
    )


if __name__ == "__main__":
    raise SystemExit(main())
