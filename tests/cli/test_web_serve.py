"""``recoveryplan serve``: the address and token it prints, where it keeps the plan, what it
refuses, and stopping with Ctrl-C."""

from __future__ import annotations

import http.client
import shutil
import socket
from pathlib import Path

import pytest

import recoveryplan as rp

from ..support.cli import recoveryplan
from ..support.reference import BUNDLED
from ..support.serving import serving

pytest.importorskip("uvicorn", reason="the web extra is not installed")


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return Path(shutil.copy(BUNDLED, tmp_path / "morag.json"))


def _get(port: int, path: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    return connection.getresponse()


def test_serve_prints_the_address_signs_in_with_the_token_and_stops_on_ctrl_c(
    plan: Path,
) -> None:
    with serving(plan) as server:
        assert len(server.token) >= 22
        assert _get(server.port, "/").status == 401
        assert _get(server.port, "/static/web.css").status == 401
        signed = _get(server.port, f"/?token={server.token}")
        assert signed.status == 303
        cookie = signed.getheader("set-cookie") or ""
        assert "httponly" in cookie.lower()
        assert "samesite=strict" in cookie.lower()
        # the store beside the plan, opened by another process while serve runs
        store = rp.open_store(plan.with_suffix(".db"), create=False)
        assert [r.by for r in store.history("plan-rsl-0142")] == ["service"]
        assert store.latest("plan-rsl-0142")[0] == rp.load(plan)
        store.close()
        assert server.stop() == 0
    assert plan.with_suffix(".db").stat().st_mode & 0o077 == 0


def test_a_second_start_keeps_the_stored_revisions(plan: Path) -> None:
    with serving(plan) as server:
        server.stop()
    with serving(plan) as server:
        store = rp.open_store(plan.with_suffix(".db"), create=False)
        assert len(store.history("plan-rsl-0142")) == 1
        store.close()
        assert server.stop() == 0


def test_a_host_other_computers_reach_is_refused_without_allow_remote(plan: Path) -> None:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    done = recoveryplan("serve", plan, "--host", "0.0.0.0", "--port", str(port), cwd=plan.parent)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert "--allow-remote" in done.stderr
    assert not plan.with_suffix(".db").exists()
    with (
        pytest.raises(ConnectionRefusedError),
        socket.create_connection(("127.0.0.1", port), timeout=2),
    ):
        pass
