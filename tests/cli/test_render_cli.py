"""``recoveryplan render`` and the rendered files ``recoveryplan demo`` writes."""

from __future__ import annotations

from pathlib import Path

import pytest

import recoveryplan as rp
from recoveryplan import demo
from recoveryplan.audience import disclosures
from recoveryplan.cli import main

from ..support.reference import TODAY


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_render_writes_the_person_held_plan_to_standard_output(
    reference_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(
        capsys, "render", str(reference_path), "--audience", "person", "--today", "2026-06-02"
    )
    assert status == 0
    assert err == ""
    assert out == rp.render(rp.load(reference_path), "person", today=TODAY)


def test_render_for_a_member_in_markdown_to_a_file(
    reference_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "eilidh.md"
    target.write_text("an older copy", encoding="utf-8")
    status, out, _ = run(
        capsys, "render", str(reference_path), "--audience", "eilidh", "--format", "md",
        "-o", str(target), "--today", "2026-06-02",
    )  # fmt: skip
    assert (status, out) == (0, "")
    plan = rp.load(reference_path)
    assert target.read_text(encoding="utf-8") == rp.render(plan, "eilidh", "md", today=TODAY)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["eilidh.md"]  # no temporary left


def test_render_a_pdf_to_a_file(
    reference_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "plan.pdf"
    status, _, _ = run(
        capsys, "render", str(reference_path), "--audience", "person", "-o", str(target)
    )
    assert status == 0
    assert target.read_bytes().startswith(b"%PDF")


def test_large_print_can_be_turned_on_and_off(
    reference_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, staff, _ = run(capsys, "render", str(reference_path), "--audience", "staff")
    _, large, _ = run(capsys, "render", str(reference_path), "--audience", "staff", "--large-print")
    _, person, _ = run(
        capsys, "render", str(reference_path), "--audience", "person", "--no-large-print"
    )
    assert 'class="large-print"' not in staff
    assert 'class="large-print"' in large
    assert 'class="large-print"' not in person


@pytest.mark.parametrize(
    ("audience", "message"),
    [
        (
            "bob",
            "recoveryplan: 'bob' is not one of the readers of this plan; the readers are: "
            "person, staff, ",
        ),
        ("james", "recoveryplan: Morag has not agreed to share any part of her plan with James"),
    ],
)
def test_an_unknown_or_unconsented_reader_is_one_line_and_exit_1(
    reference_path: Path, capsys: pytest.CaptureFixture[str], audience: str, message: str
) -> None:
    status, out, err = run(capsys, "render", str(reference_path), "--audience", audience)
    assert status == 1
    assert out == ""
    assert err.startswith(message)
    assert err.count("\n") == 1


def test_a_plan_that_cannot_be_read_is_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "recoveryplan/1"}', encoding="utf-8")
    status, out, err = run(capsys, "render", str(bad), "--audience", "person")
    assert status == 1
    assert out == ""
    assert "$.id" in err


def test_a_folder_that_does_not_exist_is_exit_1(
    reference_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "missing" / "plan.html"
    status, _, err = run(
        capsys, "render", str(reference_path), "--audience", "person", "-o", str(target)
    )
    assert status == 1
    assert err.startswith(f"recoveryplan: {target}: cannot be written")


def test_an_unknown_format_is_a_usage_error(
    reference_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, "render", str(reference_path), "--format", "docx")
    assert status == 2
    assert "invalid choice: 'docx' (choose from 'html', 'md', 'txt', 'pdf')" in err


def test_demo_renders_every_view_for_every_reader_in_every_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "demo", str(tmp_path), "--today", "2026-06-02")
    assert status == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    plan = rp.load(tmp_path / "morag.json")
    views = {disclosure.reader: disclosure.views for disclosure in disclosures(plan)}
    assert set(views) == {"person", "staff", "eilidh", "ali"}
    assert "review" in views["person"]
    expected = sorted(
        demo.demo_name(reader, view, format)
        for reader, shown in views.items()
        for view in shown
        for format in ("html", "md", "txt", "pdf")
    )
    assert {"person.crisis-card.pdf", "staff.review.html", "eilidh.safety-plan.txt"} <= set(
        expected
    )
    assert names == sorted([*expected, "morag.json"])
    assert f"({len(names)} files)" in out.splitlines()[0]
    assert (
        (tmp_path / "ali.txt")
        .read_text(encoding="utf-8")
        .startswith("Morag's plan, shared with Ali\n")
    )


def test_demo_says_when_it_cannot_make_pdfs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo, "pdf_available", lambda: False)
    status, out, _ = run(capsys, "demo", str(tmp_path))
    assert status == 0
    assert not list(tmp_path.glob("*.pdf"))
    assert (tmp_path / "person.html").exists()
    assert "PDFs were not made: install WeasyPrint with pip install 'recoveryplan[pdf]'" in out
