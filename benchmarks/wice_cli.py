"""WiCE's held-out half through the CLI, as a new user would measure it.

    python benchmarks/wice_cli.py PATH_TO_WICE              # the test half (never fitted on)
    python benchmarks/wice_cli.py PATH_TO_WICE --half fit   # the fitting half, for comparison

Each claim becomes a one-sentence draft citing one page; each page is served as HTML by a
local server on 127.0.0.1; all drafts are checked in one ``factcheck check --allow-private
--no-cache -f json`` run. A draft's verdict is its cited claims' worst, its score their
lowest; its evidence passage is the first cited claim's best. Prints balanced accuracy,
ROC AUC, macro F1, wrong-green and evidence recall@1; never asserts.
"""

from __future__ import annotations

import argparse
import html
import json
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.wice import (
    TITLE_PREFIX,
    balanced_accuracy,
    macro_f1,
    roc_auc,
    wrong_green,
)
from benchmarks.wice_split import split

ORDER = {"not_supported": 0, "partially_supported": 1, "supported": 2}


def page(evidence: list[str]) -> bytes:
    title = evidence[0].removeprefix(TITLE_PREFIX) if evidence else ""
    body = "".join(f"<p>{html.escape(s)}</p>" for s in evidence[1:])
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        f"</head><body><article><h1>{html.escape(title)}</h1>{body}</article></body></html>"
    ).encode()


def serve(pages: dict[str, bytes]) -> tuple[ThreadingHTTPServer, int]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = pages.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("path", type=Path, help="directory holding claim_dev.jsonl")
    ap.add_argument("--half", choices=("test", "fit"), default="test")
    args = ap.parse_args()
    raw = [json.loads(line) for line in (args.path / "claim_dev.jsonl").open(encoding="utf-8")]
    half = split(raw)
    rows = [r for r in raw if half[r["meta"]["id"]] == args.half]
    pages = {f"/p{n}.html": page(r["evidence"]) for n, r in enumerate(rows)}
    server, port = serve(pages)
    with tempfile.TemporaryDirectory() as tmp:
        drafts = []
        for n, r in enumerate(rows):
            d = Path(tmp) / f"c{n:04d}.md"
            claim = r["claim"].strip()
            d.write_text(f"{claim} [1]\n\n## References\n\n[1] http://127.0.0.1:{port}/p{n}.html\n",
                         encoding="utf-8")  # fmt: skip
            drafts.append(str(d))
        proc = subprocess.run(
            [sys.executable, "-m", "factcheck", "check", *drafts, "--allow-private",
             "--no-cache", "-f", "json", "--warn-only"],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
    server.shutdown()
    if proc.returncode != 0:
        raise SystemExit(f"factcheck failed: {proc.stderr.strip()}")
    report = json.loads(proc.stdout)
    by_name = {Path(d["draft"]).name: d for d in report["drafts"]}
    scores, preds, gold, hits, n_gold = [], [], [], 0, 0
    for n, r in enumerate(rows):
        claims = [c for c in by_name[f"c{n:04d}.md"]["claims"] if c.get("citations")]
        if not claims:
            preds.append("not_supported")
            scores.append(0.0)
        else:
            preds.append(min((c["verdict"] for c in claims), key=lambda v: ORDER.get(v, 0)))
            scores.append(min(float(c.get("score") or 0.0) for c in claims))
        gold.append(r["label"])
        ids = {i for group in r["supporting_sentences"] for i in group}
        golds = [r["evidence"][i] for i in ids if 0 < i < len(r["evidence"])]
        if golds and claims:
            n_gold += 1
            ev = claims[0].get("evidence") or []
            hits += bool(ev) and any(g.strip() in ev[0]["text"] for g in golds)
    sup = [g == "supported" for g in gold]
    print(f"WiCE {args.half} half through the CLI: {len(rows)} claims")
    print(f"  balanced accuracy {balanced_accuracy([p == 'supported' for p in preds], sup):.3f}")
    print(
        f"  ROC AUC supported {roc_auc(scores, sup):.3f}, not supported "
        f"{roc_auc([-s for s in scores], [g == 'not_supported' for g in gold]):.3f}"
    )
    print(f"  macro F1 {macro_f1(preds, gold):.3f}")
    ns = sum(g == "not_supported" for g in gold)
    wg = sum(p == "supported" and g == "not_supported" for p, g in zip(preds, gold, strict=True))
    print(f"  wrong-green {wrong_green(preds, gold):.1%} ({wg} of {ns})")
    print(f"  evidence recall@1 {hits / max(1, n_gold):.3f} ({n_gold} claims with gold sentences)")


if __name__ == "__main__":
    main()
