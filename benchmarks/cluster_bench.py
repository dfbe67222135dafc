"""Drafts per second on one machine and on a Dask cluster, and the client's memory.

Run from the repository root (needs ``pip install -e '.[cluster]'``):

    PYTHONPATH=. python benchmarks/cluster_bench.py [--drafts 2000] [--small 500]

Generates ``--drafts`` drafts of about 20 claims each (``benchmarks/perf_corpus.py``,
seeded) citing overlapping pages of a pool, served by the benchmark's own server on
127.0.0.1..127.0.0.10 with ``--latency`` added to every response (perf_bench.py's
server). Each engine checks the same drafts from a cold cache, one after another in
the same run, through the real CLI with ``-f jsonl`` (the streamed output a pipeline
would use):

- **serial**: ``--jobs 1``, everything in one process;
- **pool**: ``--jobs 2``, extraction and matching on a process pool of 2;
- **cluster**: ``--cluster local:2``, a local Dask cluster of 2 worker processes.

For each it prints wall seconds, drafts per second, the peak resident memory of
the client process alone (the CLI, which holds the run) and of its whole process
tree (workers included), and checks that every engine wrote byte-identical
output. The client's peak is measured again with ``--small`` drafts, to show
whether it grows with the number of drafts. Prints figures; never asserts them.
"""

from __future__ import annotations

import argparse
import filecmp
import multiprocessing
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.perf_bench import PAGE_SEED, _serve, _tree_rss_kb, machine  # noqa: E402
from benchmarks.perf_corpus import make_draft  # noqa: E402

CLAIMS = 20
SOURCES_PER_DRAFT = 8
ENGINES = {
    "serial": ["--jobs", "1"],
    "pool": ["--jobs", "2"],
    "cluster": ["--cluster", "local:2"],
}


def write_drafts(folder: Path, count: int, pool: int, bases: Sequence[str]) -> None:
    """``count`` drafts over a pool of ``pool`` pages; neighbours share most sources."""
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(count):
        first = (k * 5) % (pool - SOURCES_PER_DRAFT)
        (folder / f"draft-{k:05d}.md").write_text(
            make_draft(1000 + k, CLAIMS, SOURCES_PER_DRAFT, bases, page_seed=PAGE_SEED,
                       first_source=first), encoding="utf-8")


def _rss_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in status.splitlines()
                 if line.startswith("VmRSS:")), 0)


def run(args: Sequence[str], log: Path) -> tuple[float, float, float, int]:
    """Wall seconds, client peak MB, process-tree peak MB and exit code of one CLI run."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTCHECK_")}
    env.update({"PYTHONPATH": str(ROOT), "NO_COLOR": "1"})
    with log.open("wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "factcheck", *args], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=err)
        peaks = [0, 0]
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                peaks[0] = max(peaks[0], _rss_kb(proc.pid))
                peaks[1] = max(peaks[1], _tree_rss_kb(proc.pid))
                done.wait(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        code = proc.wait()
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
    if code not in (0, 1):
        raise SystemExit(f"factcheck {' '.join(args)} failed ({code}): "
                         f"{log.read_text()[-800:]}")
    return seconds, peaks[0] / 1024, peaks[1] / 1024, code


def check_batch(folder: Path, work: Path, engine: str, tag: str) -> tuple[float, float, float]:
    out = work / f"{tag}-{engine}.jsonl"
    cache = work / f"cache-{tag}-{engine}"
    seconds, client, tree, _ = run(
        ["check", str(folder), "--allow-private", "--cache-dir", str(cache), "-f", "jsonl",
         "-o", str(out), *ENGINES[engine]], work / f"{tag}-{engine}.log")
    return seconds, client, tree


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=2000)
    parser.add_argument("--small", type=int, default=500,
                        help="the smaller batch the client's memory is compared with")
    parser.add_argument("--pool", type=int, default=600, help="distinct pages drafts cite")
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--engines", nargs="*", default=list(ENGINES), choices=list(ENGINES))
    args = parser.parse_args()
    print(machine())
    queue: multiprocessing.Queue[list[str]] = multiprocessing.Queue()
    server = multiprocessing.Process(target=_serve, args=(args.latency, queue), daemon=True)
    server.start()
    bases = queue.get(timeout=30)
    print(f"server: 10 hosts on 127.0.0.x, {args.latency * 1000:.0f} ms added per response; "
          f"drafts of {CLAIMS} claims citing {SOURCES_PER_DRAFT} of {args.pool} pages")
    try:
        with tempfile.TemporaryDirectory(prefix="factcheck-cluster-") as tmp:
            work = Path(tmp)
            small, big = work / "small", work / "big"
            write_drafts(big, args.drafts, args.pool, bases)
            small.mkdir()
            for path in sorted(big.glob("*.md"))[: args.small]:
                (small / path.name).write_bytes(path.read_bytes())
            print(f"\n{'engine':<8} {'drafts':>6} {'wall s':>8} {'drafts/s':>9} "
                  f"{'client MB':>10} {'tree MB':>8}")
            results: dict[str, float] = {}
            for tag, folder, count in (("small", small, args.small), ("big", big, args.drafts)):
                for engine in args.engines:
                    seconds, client, tree = check_batch(folder, work, engine, tag)
                    results[f"{tag}-{engine}"] = seconds
                    print(f"{engine:<8} {count:>6} {seconds:>8.1f} {count / seconds:>9.2f} "
                          f"{client:>10.0f} {tree:>8.0f}", flush=True)
            for tag in ("small", "big"):
                outputs = [work / f"{tag}-{e}.jsonl" for e in args.engines]
                same = all(filecmp.cmp(outputs[0], o, shallow=False) for o in outputs[1:])
                print(f"{tag}: outputs of {', '.join(args.engines)} byte-identical: {same}")
            if "serial" in args.engines:
                for engine in args.engines:
                    ratio = results["big-serial"] / results[f"big-{engine}"]
                    print(f"{engine} vs serial at {args.drafts} drafts: {ratio:.2f}x")
    finally:
        server.terminate()


if __name__ == "__main__":
    main()
