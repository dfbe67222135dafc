"""``check --cluster``: a real Dask scheduler and workers, each its own process on 127.0.0.1.

They are started with Dask's own command-line tools (``dask scheduler``, ``dask
worker``), as a user would start them. The drafts cite pages of the fixture
server (tests/server.py), so the workers really fetch them; every report is
compared byte for byte with a serial run (``--jobs 1``) of the same drafts.
Faults are real: a worker killed with SIGKILL while it holds tasks, a scheduler
killed mid-run, a port nobody listens on.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from benchmarks.perf_corpus import make_draft
from tests.server import FixtureServer

ROOT = Path(__file__).resolve().parent.parent
DASK = Path(sys.executable).parent / "dask"
START_TIMEOUT = 120.0
"""Seconds for a scheduler or worker to come up; generous for a loaded 2-core machine."""
RUN_TIMEOUT = 300.0
DRAFTS = 8


def _wait(predicate: Any, what: str, timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=30)


@dataclass
class Cluster:
    """A scheduler and its workers, each a separate process; a client to watch them."""

    folder: Path
    scheduler: subprocess.Popen[bytes] | None = None
    address: str = ""
    workers: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    client: Any = None

    def start(self, workers: int) -> Cluster:
        from distributed import Client

        info = self.folder / "scheduler.json"
        self.scheduler = self._spawn("scheduler", "scheduler", "--host", "127.0.0.1",
                                     "--port", "0", "--no-dashboard", "--scheduler-file",
                                     str(info))
        _wait(lambda: info.is_file() and info.stat().st_size > 0, "the scheduler")
        self.address = json.loads(info.read_text())["address"]
        self.client = Client(self.address, timeout=START_TIMEOUT, set_as_default=False)
        for i in range(workers):
            self.add_worker(f"w{i}")
        return self

    def add_worker(self, name: str) -> None:
        # No nanny: the process killed by a test is the worker itself, not restarted.
        self.workers[name] = self._spawn(name, "worker", self.address, "--name", name,
                                         "--nthreads", "1", "--no-nanny", "--no-dashboard",
                                         "--host", "127.0.0.1")
        self.client.wait_for_workers(len(self.workers), timeout=START_TIMEOUT)

    def worker_address(self, name: str) -> str:
        info = self.client.scheduler_info()["workers"]
        return next(addr for addr, w in info.items() if w.get("name") == name)

    def _spawn(self, log: str, *args: str) -> subprocess.Popen[bytes]:
        with (self.folder / f"{log}.log").open("wb") as out:
            return subprocess.Popen([str(DASK), *args], stdout=out, stderr=subprocess.STDOUT,
                                    cwd=self.folder)

    def stop(self) -> None:
        if self.client is not None:
            self.client.close(timeout=10)
        for proc in self.workers.values():
            _stop(proc)
        if self.scheduler is not None:
            _stop(self.scheduler)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    running = Cluster(tmp_path_factory.mktemp("dask"))
    try:
        yield running.start(workers=2)
    finally:
        running.stop()


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory, fixture_server: FixtureServer) -> Path:
    """Drafts over overlapping generated pages, one with a dead and a plain source."""
    folder = tmp_path_factory.mktemp("drafts")
    base = fixture_server.url("")
    for k in range(DRAFTS):
        (folder / f"d{k:02d}.md").write_text(
            make_draft(50 + k, 8, 5, base, first_source=3 * k), encoding="utf-8")
    (folder / "dead.md").write_text(
        "Source 7 says the ferry line opened on Monday and carries 120 passengers [1]. "
        "The ferry line closed in 1990 [2].\n\n## References\n\n"
        f"[1] Bench — {fixture_server.url('/bench/7')}\n"
        f"[2] Gone — {fixture_server.url('/status/404')}\n", encoding="utf-8")
    return folder


def _check(*args: str) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTCHECK_")}
    env["NO_COLOR"] = "1"
    return subprocess.Popen([sys.executable, "-m", "factcheck", "check", *args], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _reports(batch: Path, out: Path, *engine: str) -> tuple[int, str]:
    """Run the batch with a fresh cache; JSON and JSON Lines reports land in ``out``."""
    proc = _check(str(batch), "--allow-private", "--cache-dir", str(out / "cache"),
                  "-f", "json", "-o", str(out / "report.json"),
                  "-f", "jsonl", "-o", str(out / "report.jsonl"), *engine)
    _, err = proc.communicate(timeout=RUN_TIMEOUT)
    return proc.returncode, err.decode()


@pytest.fixture(scope="module")
def serial(batch: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("serial")
    code, err = _reports(batch, out, "--jobs", "1")
    assert code == 1, err  # the batch holds failing claims and a dead source
    return out


def _cited(batch: Path) -> set[str]:
    """The paths of every URL in the drafts' References lists."""
    return {urlsplit(line.rsplit(" ", 1)[-1]).path
            for draft in batch.glob("*.md") for line in draft.read_text().splitlines()
            if line.startswith("[") and "http://" in line}


def _stable(path: Path) -> bytes:
    """The report's bytes with each source's fetch time blanked: when a page was downloaded
    is the one field two runs that both fetch cannot share."""
    return re.sub(rb'"fetched_at":\s*"[^"]*"', b'"fetched_at": "-"', path.read_bytes())


def test_cluster_report_is_byte_identical_to_serial(
    cluster: Cluster, batch: Path, serial: Path, tmp_path: Path, fixture_server: FixtureServer
) -> None:
    paths = _cited(batch)
    before = {p: fixture_server.count(p) for p in paths}
    code, err = _reports(batch, tmp_path, "--cluster", cluster.address)
    assert code == 1, err
    assert _stable(tmp_path / "report.json") == _stable(serial / "report.json")
    assert _stable(tmp_path / "report.jsonl") == _stable(serial / "report.jsonl")
    # Each distinct URL fetched once for the whole batch, by the workers.
    assert {p: fixture_server.count(p) - before[p] for p in paths} == dict.fromkeys(paths, 1)
    report = json.loads((serial / "report.json").read_text())
    verdicts = {c["verdict"] for d in report["drafts"] for c in d["claims"]}
    assert {"supported", "not_supported", "source_unavailable"} <= verdicts
    assert report["summary"]["drafts"] == DRAFTS + 1


def test_a_worker_killed_mid_run_loses_nothing(
    cluster: Cluster, batch: Path, serial: Path, tmp_path: Path
) -> None:
    cluster.add_worker("victim")
    victim = cluster.worker_address("victim")
    proc = _check(str(batch), "--allow-private", "--cache-dir", str(tmp_path / "cache"),
                  "-f", "json", "-o", str(tmp_path / "report.json"),
                  "--cluster", cluster.address)
    try:
        # Kill it while the scheduler has given it work: those tasks must run elsewhere.
        _wait(lambda: bool(cluster.client.processing().get(victim)) or proc.poll() is not None,
              "the victim worker to receive tasks", timeout=RUN_TIMEOUT)
        assert proc.poll() is None, "the run ended before the victim got any task"
        cluster.workers.pop("victim").send_signal(signal.SIGKILL)
        _, err = proc.communicate(timeout=RUN_TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 1, err.decode()
    assert _stable(tmp_path / "report.json") == _stable(serial / "report.json")
    assert victim not in cluster.client.scheduler_info()["workers"]


def test_unreachable_scheduler_is_one_line_and_exit_2(batch: Path) -> None:
    with socket.socket() as sock:  # a port that was free a moment ago: nobody listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = _check(str(batch), "--allow-private", "--cluster", f"tcp://127.0.0.1:{port}")
    out, err = proc.communicate(timeout=RUN_TIMEOUT)
    lines = err.decode().strip().splitlines()
    assert proc.returncode == 2 and out == b""
    assert len(lines) == 1 and f"127.0.0.1:{port}" in lines[0] and "Traceback" not in lines[0]


def test_scheduler_lost_mid_run_keeps_the_finished_drafts(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    # Many small drafts: after the first report is out, most of the run is still to do.
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    for k in range(24):
        (drafts / f"s{k:02d}.md").write_text(
            make_draft(90 + k, 4, 3, fixture_server.url(""), first_source=k), encoding="utf-8")
    own = Cluster(tmp_path).start(workers=1)
    try:
        proc = _check(str(drafts), "--allow-private", "--cache-dir", str(tmp_path / "cache"),
                      "-f", "jsonl", "--cluster", own.address)
        assert proc.stdout is not None
        first = proc.stdout.readline()  # one draft is done: now the scheduler goes away
        assert own.scheduler is not None
        own.scheduler.send_signal(signal.SIGKILL)
        # Read on from the same buffered reader (communicate() would skip what it holds);
        # a run that hangs instead of exiting is killed, and fails the test below.
        watchdog = threading.Timer(RUN_TIMEOUT, proc.kill)
        watchdog.start()
        rest = proc.stdout.read()
        assert proc.stderr is not None
        err = proc.stderr.read()
        proc.wait(timeout=RUN_TIMEOUT)
        watchdog.cancel()
    finally:
        own.client.close(timeout=2)  # its scheduler is gone: do not wait to reconnect
        own.client = None
        own.stop()
    lines = (first + rest).decode().splitlines()
    errors = err.decode().strip().splitlines()
    assert proc.returncode == 2, err.decode()
    assert len(errors) == 1 and "scheduler" in errors[0], err.decode()
    # Every line written is a finished draft's whole report, in draft order; the closing
    # totals are missing, so the output cannot pass for a complete run.
    records = [json.loads(line) for line in lines]
    assert 1 <= len(records) < 24
    assert [r["draft"] for r in records] == [str(drafts / f"s{k:02d}.md")
                                             for k in range(len(records))]
    assert all(r["summary"]["claims"] == len(r["claims"]) == 4 for r in records)


def test_help_imports_nothing_of_dask() -> None:
    for args in (["--help"], ["check", "--help"]):
        proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "factcheck", *args],
                              cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0
        modules = {line.rsplit("|", 1)[-1].strip().split(".")[0]
                   for line in proc.stderr.splitlines() if line.startswith("import time:")}
        assert "typer" in modules  # the import log is real
        assert not modules & {"dask", "distributed", "tornado", "cloudpickle"}
        assert "--cluster" in proc.stdout or args == ["--help"]


def test_a_connection_closed_while_the_client_still_reads_running_is_a_lost_scheduler() -> None:
    """The race behind an exit 3 seen in CI: the scheduler's connection closes before the
    client's status changes. A unit with a stand-in client; the real kill is above."""
    from distributed.comm.core import CommClosedError

    from factcheck.cluster import DaskEngine
    from factcheck.errors import ClusterError

    class Client:
        status = "running"

        def gather(self, futures: list[Any]) -> Any:
            raise CommClosedError("in <TCP (closed) ConnectionPool.gather>: Stream is closed")

    engine = DaskEngine.__new__(DaskEngine)
    engine.client, engine.address = Client(), "tcp://127.0.0.1:1"
    with pytest.raises(ClusterError, match="lost the Dask scheduler"):
        engine._gather([])

    class Broken(Client):
        def gather(self, futures: list[Any]) -> Any:
            raise PermissionError("a bug, not a lost scheduler")

    engine.client = Broken()
    with pytest.raises(PermissionError):
        engine._gather([])
