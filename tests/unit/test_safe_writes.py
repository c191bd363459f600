"""Writing a plan or a rendering never destroys or exposes what is there.

Only regular files are replaced; a symlink is followed; anything else is refused with nothing
written. A new file is owner-only from its first byte; an existing one keeps its mode. These run
on the real file system, through ``rp.dump`` and the command line as users meet them.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import recoveryplan as rp
from recoveryplan.files import write_atomically


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RECOVERYPLAN_DISABLE_PLUGIN_AUTOLOAD": "1"}
    return subprocess.run(
        [sys.executable, "-m", "recoveryplan", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=cwd,
        timeout=120,
    )


@pytest.fixture
def umask_022() -> Iterator[None]:
    """A usual umask, under which an unguarded file would be created world-readable."""
    old = os.umask(0o022)
    yield
    os.umask(old)


# -- permissions ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("umask_022")
def test_a_new_plan_is_readable_by_its_owner_only(tmp_path: Path, morag: rp.Plan) -> None:
    target = tmp_path / "plan.json"
    rp.dump(morag, target)
    assert mode(target) == 0o600
    assert rp.load(target) == morag


@pytest.mark.usefixtures("umask_022")
@pytest.mark.parametrize(("before", "after"), [(0o640, 0o600), (0o666, 0o600), (0o400, 0o400)])
def test_an_existing_file_keeps_its_mode_but_never_more_than_owner_only(
    tmp_path: Path, morag: rp.Plan, before: int, after: int
) -> None:
    """A plan is health data: written over a file others may read, it is for its owner only;
    a file its owner made narrower stays so."""
    target = tmp_path / "plan.json"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, before)
    rp.dump(morag, target)
    assert mode(target) == after


def test_a_document_without_anyones_data_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "schema.json"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o644)
    write_atomically(target, b"{}", private=False)
    assert (mode(target), target.read_bytes()) == (0o644, b"{}")


@pytest.mark.usefixtures("umask_022")
def test_the_temporary_file_is_owner_only_from_its_first_byte(
    tmp_path: Path, morag: rp.Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Looked at while it is being written: before it is flushed, the temporary file beside
    the target is already 0600 even though the plan it replaces is world-readable."""
    target = tmp_path / "plan.json"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o644)
    seen: list[tuple[str, int]] = []
    real_fsync = os.fsync

    def looking_fsync(descriptor: int) -> None:
        for entry in tmp_path.iterdir():
            if entry.name != "plan.json":
                seen.append((entry.name, mode(entry)))
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", looking_fsync)
    rp.dump(morag, target)
    assert seen, "the temporary file was never seen"
    assert all(name.startswith(".plan.json.") for name, _ in seen)
    assert {m for _, m in seen} == {0o600}
    assert mode(target) == 0o600
    assert leftovers(tmp_path) == ["plan.json"]


@pytest.mark.usefixtures("umask_022")
def test_a_new_rendering_from_the_command_line_is_owner_only(
    tmp_path: Path, reference_path: Path
) -> None:
    target = tmp_path / "eilidh.md"
    done = cli("render", str(reference_path), "--audience", "eilidh", "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert mode(target) == 0o600


# -- what is not a regular file -----------------------------------------------------------------


def test_a_symlink_is_followed_and_stays_a_link(tmp_path: Path, morag: rp.Plan) -> None:
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    rp.dump(morag, link)
    assert link.is_symlink()
    assert rp.load(real) == morag
    assert leftovers(tmp_path) == ["link.json", "real.json"]


def test_a_fifo_is_refused_and_left_as_it_is(tmp_path: Path, morag: rp.Plan) -> None:
    fifo = tmp_path / "plan.json"
    os.mkfifo(fifo)
    with pytest.raises(rp.PlanWriteError) as caught:
        rp.dump(morag, fifo)
    assert str(caught.value) == (
        f"{fifo}: is a pipe (FIFO), not a regular file, so it was left as it is and nothing "
        "was written; write to a file instead"
    )
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert leftovers(tmp_path) == ["plan.json"]


def test_a_socket_is_refused(tmp_path: Path, morag: rp.Plan) -> None:
    path = tmp_path / "s.json"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        with pytest.raises(rp.PlanWriteError, match="is a socket, not a regular file"):
            rp.dump(morag, path)
        assert stat.S_ISSOCK(os.lstat(path).st_mode)
    finally:
        server.close()


def test_a_folder_is_refused(tmp_path: Path, morag: rp.Plan) -> None:
    with pytest.raises(rp.PlanWriteError, match="is a folder, not a regular file"):
        rp.dump(morag, tmp_path)


def test_a_device_node_is_refused_and_left_as_it_is(tmp_path: Path, morag: rp.Plan) -> None:
    """``rp.dump(plan, "/dev/null")`` once replaced the machine's /dev/null. Here on a device
    node of the test's own: a copy of /dev/null (character device 1, 3)."""
    device = tmp_path / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root (CAP_MKNOD), which this run does not have")
    with pytest.raises(rp.PlanWriteError, match="is a device, not a regular file"):
        rp.dump(morag, device)
    assert stat.S_ISCHR(os.lstat(device).st_mode)
    assert leftovers(tmp_path) == ["null"]


def test_the_command_line_refuses_to_render_onto_a_fifo(
    tmp_path: Path, reference_path: Path
) -> None:
    fifo = tmp_path / "out.html"
    os.mkfifo(fifo)
    done = cli("render", str(reference_path), "--audience", "person", "-o", str(fifo))
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"recoveryplan: {fifo}: is a pipe (FIFO), not a regular file, so it was left as it is "
        "and nothing was written; write to a file instead"
    ]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_dash_means_standard_output(tmp_path: Path, reference_path: Path) -> None:
    done = cli("render", str(reference_path), "--audience", "person", "--format", "txt", "-o", "-")
    assert done.returncode == 0, done.stderr
    assert "Morag" in done.stdout
    assert not (tmp_path / "-").exists()


# -- names ---------------------------------------------------------------------------------------


def test_a_long_file_name_still_gets_a_temporary_file_that_fits(
    tmp_path: Path, morag: rp.Plan
) -> None:
    target = tmp_path / ("m" * 245 + ".json")
    rp.dump(morag, target)
    assert rp.load(target) == morag
    assert leftovers(tmp_path) == [target.name]


def test_a_file_name_too_long_for_the_file_system_is_one_clear_error(
    tmp_path: Path, morag: rp.Plan
) -> None:
    target = tmp_path / ("m" * 300 + ".json")
    with pytest.raises(rp.PlanWriteError, match=r"cannot be written \(File name too long\)"):
        rp.dump(morag, target)
    assert leftovers(tmp_path) == []


def test_nothing_is_left_behind_when_writing_is_interrupted(
    tmp_path: Path, morag: rp.Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "plan.json"
    target.write_text("the old plan", encoding="utf-8")

    def interrupted(descriptor: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        rp.dump(morag, target)
    assert target.read_text(encoding="utf-8") == "the old plan"
    assert leftovers(tmp_path) == ["plan.json"]
