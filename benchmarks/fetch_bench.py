"""Fetch throughput: 500 sources from local servers that add 20 ms to every response.

Run from the repository root:

    PYTHONPATH=. python benchmarks/fetch_bench.py [--sources 500] [--latency 0.02]

The servers (minimal asyncio HTTP/1.1, one per loopback address 127.0.0.1..N so
the per-host limit applies as it would across real sites) run in a separate
process, so the client is measured alone. Each fetch mode runs in its own child
process so its peak RSS is its own. Prints figures; never asserts them.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MODES: dict[str, dict[str, int]] = {
    "sequential": {"concurrency": 1, "per_host": 1},
    "default limits": {},
    "concurrency 64": {"concurrency": 64, "per_host": 8},
}


def _serve(hosts: int, latency: float, ports: multiprocessing.Queue[list[str]]) -> None:
    """Minimal asyncio HTTP/1.1 servers (keep-alive, fixed small page, added latency).

    tests/server.py's thread-per-connection server saturates its own GIL at a few
    hundred requests a second, which would measure the server, not the fetcher.
    """
    import asyncio

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                path = head.split(b" ", 2)[1].decode()
                await asyncio.sleep(latency)
                body = (
                    f"<html><head><title>Source {path}</title></head><body><p>{path} says "
                    "the ferry line opened on Monday and carries 120 passengers.</p></body></html>"
                ).encode()
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                    + f"Content-Length: {len(body)}\r\n\r\n".encode()
                    + body
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    async def run() -> None:
        servers = [await asyncio.start_server(handle, f"127.0.0.{i + 1}", 0) for i in range(hosts)]
        ports.put(
            [f"127.0.0.{i + 1}:{s.sockets[0].getsockname()[1]}" for i, s in enumerate(servers)]
        )
        await asyncio.Event().wait()

    asyncio.run(run())


def _worker(mode: str, addresses: list[str], sources: int) -> None:
    from factcheck.config import Config
    from factcheck.fetch import fetch_all
    from factcheck.models import Fetched

    urls = [f"http://{addresses[i % len(addresses)]}/bench/{i}" for i in range(sources)]
    limits, defaults = MODES[mode], Config()
    config = Config(
        allow_private=True,
        use_cache=False,
        concurrency=limits.get("concurrency", defaults.concurrency),
        per_host=limits.get("per_host", defaults.per_host),
    )
    start = time.perf_counter()
    results = fetch_all(urls, config)
    seconds = time.perf_counter() - start
    ok = sum(isinstance(r, Fetched) for r in results.values())
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "ok": ok, "peak_mb": peak_mb}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=500)
    parser.add_argument("--latency", type=float, default=0.02)
    parser.add_argument("--hosts", type=int, default=10)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--addresses", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker(args.worker, args.addresses.split(","), args.sources)
        return
    queue: multiprocessing.Queue[list[str]] = multiprocessing.Queue()
    server = multiprocessing.Process(
        target=_serve, args=(args.hosts, args.latency, queue), daemon=True
    )
    server.start()
    addresses = queue.get(timeout=30)
    print(f"{args.sources} sources, {args.hosts} hosts, {args.latency * 1000:.0f} ms added latency")
    print(f"{'mode':<16} {'seconds':>8} {'sources/s':>10} {'speed-up':>9} {'peak RSS MB':>12} ok")
    base = None
    try:
        for mode in MODES:
            figures = _run_mode(mode, addresses, args.sources)
            rate = args.sources / figures["seconds"]
            base = base or rate
            print(
                f"{mode:<16} {figures['seconds']:>8.2f} {rate:>10.1f} {rate / base:>8.1f}x "
                f"{figures['peak_mb']:>12.0f} {figures['ok']}"
            )
    finally:
        server.terminate()


def _run_mode(mode: str, addresses: list[str], sources: int) -> dict[str, float]:
    command = [
        sys.executable, __file__, "--worker", mode,
        "--addresses", ",".join(addresses), "--sources", str(sources),
    ]  # fmt: skip
    out = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
    figures: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return figures


if __name__ == "__main__":
    main()
