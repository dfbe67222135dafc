"""Speed and memory of whole checks: start-up, a 1,000-claim draft, scaling, big pages, batches.

Run from the repository root:

    PYTHONPATH=. python benchmarks/perf_bench.py [--repeat 3] [--latency 0.05] [--quick]

Drafts and pages come from ``benchmarks/perf_corpus.py`` (seeded, so every run
checks the same text). The pages are served by a minimal asyncio HTTP/1.1
server on 127.0.0.1..127.0.0.10 (ten "sites", as a real draft cites many)
started here in its own process, which adds ``--latency`` seconds to every
response. Whole checks run the real CLI in a child process; the figures are the
median wall time of ``--repeat`` runs and the peak memory of the process tree
(the CLI and its pool workers, sampled every 20 ms). Scaling and break-even
figures are measured in-process around the pipeline, so interpreter start-up
and spaCy loading do not flatter the ratios. Prints figures; never asserts them.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.perf_corpus import (  # noqa: E402
    big_page,
    depot_draft,
    long_report,
    make_draft,
    make_page,
)

HOSTS = 10
PAGE_SEED = 1


# --------------------------------------------------------------------------- server


def _serve(latency: float, ports: multiprocessing.Queue[list[str]]) -> None:
    """Generated pages on 127.0.0.1..HOSTS, keep-alive, ``latency`` added to each response.

    ``/news/<n>-...`` is page ``n``; ``/big/<mb>.html`` a page of that many MB;
    ``/_stats`` the number of requests per path so far (as JSON).
    """
    import asyncio
    from collections import Counter

    counts: Counter[str] = Counter()
    bodies: dict[str, bytes] = {}

    def body(path: str) -> bytes | None:
        if path not in bodies:
            if path.startswith("/news/"):
                bodies[path] = make_page(PAGE_SEED, int(path[6:11])).html.encode()
            elif path.startswith("/big/"):
                bodies[path] = big_page(PAGE_SEED, float(path[5:-5])).html.encode()
            elif path == "/_stats":
                return json.dumps(counts).encode()
            else:
                return None
        return bodies[path]

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                path = head.split(b" ", 2)[1].decode()
                if path != "/_stats":
                    counts[path] += 1
                    await asyncio.sleep(latency)
                data = body(path)
                status = b"200 OK" if data is not None else b"404 Not Found"
                data = data if data is not None else b"not found"
                kind = b"application/json" if path == "/_stats" else b"text/html; charset=utf-8"
                writer.write(b"HTTP/1.1 " + status + b"\r\nContent-Type: " + kind
                             + f"\r\nContent-Length: {len(data)}\r\n\r\n".encode() + data)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    async def run() -> None:
        servers = [await asyncio.start_server(handle, f"127.0.0.{i + 1}", 0)
                   for i in range(HOSTS)]
        ports.put([f"http://127.0.0.{i + 1}:{s.sockets[0].getsockname()[1]}"
                   for i, s in enumerate(servers)])
        await asyncio.Event().wait()

    asyncio.run(run())


def _stats(bases: Sequence[str]) -> dict[str, int]:
    """Requests per path; one server process counts for all hosts, so ask one."""
    import urllib.request

    with urllib.request.urlopen(bases[0] + "/_stats") as response:
        counts: dict[str, int] = json.loads(response.read())
    return counts


# --------------------------------------------------------------------------- measuring


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants, in KB (Linux /proc)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines()
                              if line.startswith("VmRSS:")))
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue
    return total


def run_cli(args: Sequence[str]) -> tuple[float, float, int, float]:
    """Wall seconds, peak MB of the process tree, exit code, CPU seconds of one CLI run.

    CPU seconds (user + system of the CLI and its pool workers) are reported
    next to wall time because they do not depend on what else the machine runs.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTCHECK_")}
    env.update({"PYTHONPATH": str(ROOT), "NO_COLOR": "1"})
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "factcheck", *args], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=err)
        peak = 0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, _tree_rss_kb(proc.pid))
                done.wait(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        # wait4 gives the child's CPU time including the pool workers it waited for.
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        sampler.join()
        if proc.returncode not in (0, 1):
            err.seek(0)
            raise SystemExit(f"factcheck {' '.join(args)} failed: {err.read().decode()[-500:]}")
    return seconds, peak / 1024, proc.returncode, usage.ru_utime + usage.ru_stime


def median_cli(args: Sequence[str], repeat: int) -> tuple[float, float, float]:
    """Median wall seconds, highest peak MB, median CPU seconds of ``repeat`` runs."""
    runs = [run_cli(args) for _ in range(repeat)]
    return (statistics.median(r[0] for r in runs), max(r[1] for r in runs),
            statistics.median(r[3] for r in runs))


def median(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def line(label: str, value: str, target: str = "") -> None:
    print(f"  {label:<52} {value:>26}  {target}")


def _fig(seconds: float, peak_mb: float, cpu: float) -> str:
    return f"{seconds:.2f} s {peak_mb:.0f} MB cpu {cpu:.1f} s"


# --------------------------------------------------------------------------- scenarios


def startup(repeat: int) -> None:
    print("start-up (median of", max(repeat, 5), "runs)")
    for args in (["--version"], ["--help"], ["check", "--help"]):
        seconds, peak, _ = median_cli(args, max(repeat, 5))
        line(f"factcheck {' '.join(args)}", f"{seconds:.3f} s {peak:.0f} MB", "target < 0.25 s")


def one_big_draft(work: Path, bases: Sequence[str], repeat: int, claims: int,
                  sources: int) -> None:
    draft = work / "big.md"
    draft.write_text(make_draft(7, claims, sources, bases, page_seed=PAGE_SEED),
                     encoding="utf-8")
    cache = work / "cache-big"
    common = ["check", str(draft), "--allow-private", "--cache-dir", str(cache),
              "-f", "json", "-o", str(work / "big.json")]
    print(f"one draft: {claims} claims citing {sources} distinct sources")
    seconds, peak, _, cpu = run_cli(common)
    line("cold: fetched from the server, empty cache", _fig(seconds, peak, cpu), "target <= 10 s")
    cold1, peak, _, cpu = run_cli([*common[:4], str(work / "cache-big-1"), *common[5:],
                                   "--jobs", "1"])
    line("cold, --jobs 1 (no process pool)", _fig(cold1, peak, cpu))
    # Most of the draft restates its pages word for word, which needs no parse.
    reworded = work / "big-reworded.md"
    reworded.write_text(make_draft(7, claims, sources, bases, page_seed=PAGE_SEED,
                                   reworded=True), encoding="utf-8")
    seconds, peak, _, cpu = run_cli([common[0], str(reworded), *common[2:4],
                                     str(work / "cache-big-2"), *common[5:]])
    line("cold, no claim word for word (every claim parsed)", _fig(seconds, peak, cpu))
    seconds, peak, cpu = median_cli(common, repeat)
    line("warm: all sources cached", _fig(seconds, peak, cpu), "target <= 4 s, < 600 MB")
    seconds, peak, cpu = median_cli([*common, "--jobs", "1"], repeat)
    line("warm, --jobs 1 (no process pool)", _fig(seconds, peak, cpu))
    snapshot = work / "snap-big"
    subprocess.run([sys.executable, "-m", "factcheck", "fetch", str(draft), "--snapshot",
                    str(snapshot), "--allow-private", "--cache-dir", str(cache)],
                   cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True,
                   capture_output=True)
    seconds, peak, cpu = median_cli(["check", str(draft), "--snapshot", str(snapshot), "-f",
                                     "json", "-o", str(work / "big-snap.json")], repeat)
    line("from a snapshot (no cache: every page extracted)", _fig(seconds, peak, cpu),
         "target < 10 s, < 600 MB")
    summary = json.loads((work / "big.json").read_text())["summary"]
    print("  verdicts:", ", ".join(f"{k} {v}" for k, v in summary.items() if k != "passed"))


def parse_and_extract(repeat: int, quick: bool) -> None:
    """The two stages a long input could make quadratic, alone and in-process: a draft
    parsed into claims, a page extracted to text. (The tests count their work; the
    seconds are here.)"""
    from factcheck.draft import parse_draft
    from factcheck.extract import extract
    from factcheck.models import Fetched

    parse_draft(depot_draft(5), "warm.md")  # lazy imports, not the parse
    print("parsing and extraction (in-process, median of", repeat, "runs)")
    seconds: list[float] = []
    for paragraphs in (250, 1000):
        text = depot_draft(paragraphs)
        seconds.append(median(lambda text=text: parse_draft(text, "d.md"), repeat))
        line(f"draft of {paragraphs * 4:,} claims ({len(text) / 1000:.0f} KB) into claims",
             f"{seconds[-1]:.2f} s")
    line("4x the draft", f"{seconds[1] / seconds[0]:.1f}x", "linear: about 4x")
    seconds = []
    for paragraphs in (5_000, 20_000) if not quick else (2_500, 10_000):
        body = long_report(paragraphs)
        page = Fetched(url="https://long.example/r", final_url="https://long.example/r",
                       http_status=200, content_type="text/html; charset=utf-8", body=body)
        seconds.append(median(lambda page=page: extract(page), repeat))
        line(f"page of {paragraphs:,} paragraphs ({len(body) / 1e6:.1f} MB) to text",
             f"{seconds[-1]:.2f} s")
    line("4x the page", f"{seconds[1] / seconds[0]:.1f}x", "linear: about 4x")


def _snapshot_of(pages: Sequence[Any], base: str, folder: Path) -> Path:
    from factcheck.fetch import save_snapshot
    from factcheck.models import Fetched

    fetched = {base + p.path: Fetched(url=base + p.path, final_url=base + p.path,
                                      http_status=200, content_type="text/html; charset=utf-8",
                                      body=p.html.encode()) for p in pages}
    save_snapshot(fetched, folder)
    return folder


def _pipeline_seconds(draft: Path, config: Any, workers: int | None,
                      repeat: int) -> tuple[float, float]:
    """Median wall and CPU seconds of parse + fetch (snapshot) + extract + match, in-process.

    The first run also loads the matcher's spaCy pipeline; a median of three or more
    leaves that out. CPU counts this process and its pool
    workers (reaped when the pool closes), so it holds steady on a busy machine.
    """
    from factcheck import pipeline

    tools = pipeline.Collaborators(workers=workers)
    walls, cpus = [], []
    for _ in range(repeat):
        before, start = os.times(), time.perf_counter()
        pipeline.run(draft, config, tools)
        walls.append(time.perf_counter() - start)
        after = os.times()
        cpus.append(sum(after[:4]) - sum(before[:4]))
    return statistics.median(walls), statistics.median(cpus)


def scaling(work: Path, repeat: int, quick: bool) -> None:
    from factcheck.config import Config

    base = "https://scale.example.org"
    print("linear scaling (in-process pipeline, snapshot, median of", repeat, "runs)")
    # Small drafts run partly from the CPU's caches, which flatters them; the full
    # run therefore compares 300 with 3,000 claims.
    cases = [(100, 30), (1000, 300)] if quick else [(300, 90), (3000, 900), (300, 100),
                                                     (3000, 100)]
    times: dict[tuple[int, int, int | None], tuple[float, float]] = {}
    for claims, sources in cases:
        draft = work / f"scale-{claims}-{sources}.md"
        draft.write_text(make_draft(11, claims, sources, base, page_seed=PAGE_SEED))
        # Each case gets a snapshot of only its own pages: a snapshot is read whole.
        pages = [make_page(PAGE_SEED, i) for i in range(sources)]
        snapshot = _snapshot_of(pages, base, work / f"snap-scale-{claims}-{sources}")
        config = Config(snapshot=snapshot)
        for workers in (1, None):
            times[(claims, sources, workers)] = wall, cpu = _pipeline_seconds(
                draft, config, workers, repeat)
            label = "serial" if workers == 1 else "auto pool"
            line(f"{claims} claims, {sources} sources, {label}",
                 f"{wall:.2f} s cpu {cpu:.2f} s")
    pairs = ([((100, 30), (1000, 300))] if quick
             else [((300, 90), (3000, 900)), ((300, 100), (3000, 100))])
    for small, big in pairs:
        for workers, kind in ((1, 1), (1, 0), (None, 0)):
            ratio = times[(*big, workers)][kind] / times[(*small, workers)][kind]
            label = ("serial" if workers == 1 else "auto pool") + (", cpu" if kind else ", wall")
            line(f"10x claims ({small[0]}->{big[0]}, {small[1]}->{big[1]} sources), {label}",
                 f"{ratio:.1f}x", "target <= 11x")


def big_source(work: Path, repeat: int, quick: bool) -> None:
    from factcheck.config import Config

    print("one big source (in-process: extract, index, 20 claims against it)")
    base = "https://big.example.org"
    sizes = (0.5, 5.0) if not quick else (0.5, 2.0)
    per_mb: list[float] = []
    for mb in sizes:
        page = big_page(PAGE_SEED, mb)
        config = Config(snapshot=_snapshot_of([page], base, work / f"snap-big-{mb}"))
        draft = work / f"big-{mb}.md"
        claims = [s.rstrip(".") + " [1]." for s in page.sentences[:: max(1, len(page.sentences)
                                                                       // 20)][:20]]
        draft.write_text(" ".join(claims) + f"\n\n## References\n\n[1] {page.title} — "
                         f"{base}{page.path}\n", encoding="utf-8")
        wall, cpu = _pipeline_seconds(draft, config, 1, repeat)
        per_mb.append(cpu / (len(page.html) / 1e6))
        line(f"{len(page.html) / 1e6:.1f} MB page", f"{wall:.2f} s cpu {cpu:.2f} s",
             f"{per_mb[-1]:.2f} cpu s/MB")
    line(f"CPU per MB, {sizes[1]:g} MB vs {sizes[0]:g} MB page", f"{per_mb[1] / per_mb[0]:.2f}x",
         "linear: about 1x")


def big_cached(work: Path, bases: Sequence[str], repeat: int, quick: bool) -> None:
    """A 20-claim draft citing one big page, through the CLI: the first run fetches,
    extracts and indexes it; later runs read all three from the cache."""
    mb = 2.0 if quick else 5.0
    page = big_page(PAGE_SEED, mb)
    draft = work / "big-cached.md"
    claims = [s.rstrip(".") + " [1]." for s in page.sentences[:: max(1, len(page.sentences)
                                                                   // 20)][:20]]
    draft.write_text(" ".join(claims) + f"\n\n## References\n\n[1] {page.title} — "
                     f"{bases[0]}{page.path}\n", encoding="utf-8")
    common = ["check", str(draft), "--allow-private", "--cache-dir", str(work / "cache-bigc"),
              "-f", "json", "-o", str(work / "big-cached.json")]
    print(f"one {len(page.html) / 1e6:.1f} MB page cited by 20 claims (CLI)")
    seconds, peak, _, cpu = run_cli(common)
    line("cold: fetch, extract, index, match", _fig(seconds, peak, cpu))
    seconds, peak, cpu = median_cli(common, repeat)
    line("warm: body, text and index from the cache", _fig(seconds, peak, cpu),
         "target <= 2 s")


def batch(work: Path, bases: Sequence[str], repeat: int, quick: bool) -> None:
    n_drafts = 4 if quick else 10
    folder = work / "batch"
    folder.mkdir()
    for k in range(n_drafts):
        (folder / f"draft-{k:02d}.md").write_text(
            make_draft(100 + k, 100, 60, bases, page_seed=PAGE_SEED, first_source=k * 24))
    drafts = sorted(folder.glob("*.md"))
    cache = work / "cache-batch"
    print(f"batch: {n_drafts} drafts x 100 claims, 60 sources each, overlapping "
          f"({len(_urls(drafts))} distinct)")
    before = _stats(bases)
    seconds, peak, _, cpu = run_cli(["check", str(folder), "--allow-private", "--cache-dir",
                                     str(cache), "-f", "json", "-o", str(work / "batch.json")])
    after = _stats(bases)
    requests = sum(after.values()) - sum(before.values())
    line("cold, one process (factcheck check DIR)", _fig(seconds, peak, cpu))
    line("  requests to the server", f"{requests}",
         f"{sum(len(_urls([d])) for d in drafts)} citations of {len(_urls(drafts))} URLs")
    common = ["--allow-private", "--cache-dir", str(cache), "-f", "json", "-o",
              str(work / "b.json")]
    seconds, peak, cpu = median_cli(["check", str(folder), *common], repeat)
    line("warm, one process", _fig(seconds, peak, cpu))
    seconds, peak, cpu = median_cli(["check", str(folder), *common, "--jobs", "1"], repeat)
    line("warm, one process, --jobs 1", _fig(seconds, peak, cpu))
    runs = [run_cli(["check", str(d), *common]) for d in drafts]
    line("warm, one process per draft, one after another",
         _fig(sum(r[0] for r in runs), max(r[1] for r in runs), sum(r[3] for r in runs)))


def _urls(drafts: Sequence[Path]) -> set[str]:
    return {ln.rsplit(" ", 1)[-1] for d in drafts for ln in d.read_text().splitlines()
            if ln.startswith("[") and "http" in ln}


def break_even(work: Path, repeat: int) -> None:
    """Serial vs pool on growing work, to place ``parallel.PARALLEL_MIN_WORK``."""
    from factcheck.config import Config

    base = "https://even.example.org"
    pages = [make_page(PAGE_SEED, i) for i in range(300)]
    config = Config(snapshot=_snapshot_of(pages, base, work / "snap-even"))
    print("break-even of the process pool (in-process, snapshot, wall; work = claims + sources)")
    for claims in (10, 50, 100, 200, 400, 800, 1200):
        sources = max(3, claims // 4)
        draft = work / f"even-{claims}.md"
        draft.write_text(make_draft(21, claims, sources, base, page_seed=PAGE_SEED))
        serial, _ = _pipeline_seconds(draft, config, 1, repeat)
        pooled, _ = _pipeline_seconds(draft, config, 2, repeat)
        line(f"work {claims + sources:>4} ({claims} claims, {sources} sources)",
             f"{serial:.3f} / {pooled:.3f} s", f"serial / 2 workers: {serial / pooled:.2f}x")


def machine() -> str:
    mem = next((ln.split()[1] for ln in Path("/proc/meminfo").read_text().splitlines()
                if ln.startswith("MemTotal")), "0")
    load = os.getloadavg()[0]
    return (f"{os.cpu_count()} CPUs, {int(mem) / 1024 / 1024:.1f} GB RAM, Python "
            f"{sys.version.split()[0]}, load average {load:.1f} at start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--sources", type=int, default=300)
    parser.add_argument("--quick", action="store_true", help="smaller cases, for a smoke run")
    parser.add_argument("--only", nargs="*", default=None,
                        choices=["startup", "parse", "draft", "scaling", "big", "big-cached",
                                 "batch", "break-even"])
    args = parser.parse_args()
    only = set(args.only or ["startup", "parse", "draft", "scaling", "big", "big-cached",
                             "batch", "break-even"])
    print(machine())
    queue: multiprocessing.Queue[list[str]] = multiprocessing.Queue()
    server = multiprocessing.Process(target=_serve, args=(args.latency, queue), daemon=True)
    server.start()
    bases = queue.get(timeout=30)
    print(f"server: {HOSTS} hosts on 127.0.0.x, {args.latency * 1000:.0f} ms added per response")
    try:
        with tempfile.TemporaryDirectory(prefix="factcheck-perf-") as tmp:
            work = Path(tmp)
            if "startup" in only:
                startup(args.repeat)
            if "parse" in only:
                parse_and_extract(args.repeat, args.quick)
            if "draft" in only:
                one_big_draft(work, bases, args.repeat, args.claims, args.sources)
            if "scaling" in only:
                scaling(work, args.repeat, args.quick)
            if "big" in only:
                big_source(work, args.repeat, args.quick)
            if "big-cached" in only:
                big_cached(work, bases, args.repeat, args.quick)
            if "batch" in only:
                batch(work, bases, args.repeat, args.quick)
            if "break-even" in only:
                break_even(work, args.repeat)
    finally:
        server.terminate()


if __name__ == "__main__":
    main()
