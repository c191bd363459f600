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
from recoveryplan.language import LanguageRule, builtin_rules, check_language

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "checks.md"
CORPUS = ROOT / "tests" / "data" / "language-corpus.txt"
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


def section() -> str:
    """The generated part of the recovery-language section: scores, then one entry per rule."""
    scores = score()
    lines = [
        "**How well it does.** On the labelled corpus in the tests "
        f"(`tests/data/language-corpus.txt`: {scores.deficit} sentences in deficit language, "
        f"{scores.recovery} in recovery language), the built-in rules find something in "
        f"{scores.found} of the {scores.deficit} deficit sentences and in "
        f"{scores.false_alarms} of the {scores.recovery} recovery sentences: "
        f"**precision {scores.precision:.2f}, recall {scores.recall:.2f}** (by sentence). "
        "The test suite requires at least 0.90 and 0.80.",
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
