"""WiCE through a model verifier: ``benchmarks/wice.py PATH --verifier llm|nli ...``.

Runs the claims of the WiCE dev split through the same stage ``factcheck check
--verifier`` uses (passages grown around the matcher's windows, the model's
best passage, the combination rule) and prints, side by side, the balanced
accuracy (supported vs. the rest) of the lexical matcher alone, of the model
alone and of the combined verdict, with the wrong-green rate, the macro F1 of
the three verdicts and what the run cost. Judgments are cached (``--cache-dir``),
so a repeated run costs nothing. Prints figures, never asserts them.

    python benchmarks/wice.py PATH --verifier nli --nli-model models/minicheck-deberta
    FACTCHECK_LLM_API_KEY=... python benchmarks/wice.py PATH --verifier llm \\
        --llm-url https://api.example.com/v1 --llm-model gpt-4o --limit 100

``--stand-in`` (with ``--verifier llm``) sends to the test suite's scripted
server instead of a model, to count what a run would cost.

``--passages all`` judges every chunk of each page in order, as MiniCheck and
the LLM-AggreFact leaderboard do, instead of the chunks around the retrieved
windows. The leaderboard scores WiCE's *test* split with whole documents; this
is the *dev* split, so expect figures near the published ones, not equal.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.wice import LABELS, Row, balanced_accuracy, load, macro_f1, wrong_green
from benchmarks.wice_split import split
from factcheck.config import Config
from factcheck.errors import FactcheckError
from factcheck.match import LexicalScorer, verdict_for
from factcheck.models import Claim, ClaimResult, Document, ModelVerdict, VerifierKind
from factcheck.text import split_sentences
from factcheck.verify import Request, Verdicts, load_verifier, open_store, verify

WHOLE_PAGE = 1000
"""Passages per page with ``--passages all``: more than any WiCE page has chunks."""


class Consecutive:
    """Every sentence of a page, in order: with ``verify_passages`` large enough, the
    passages are consecutive chunks covering the whole page (the leaderboard's way)."""

    def passages(self, claim: str, doc: Document, k: int) -> list[str]:
        text = doc.text
        return [text[a:b] for a, b in split_sentences(text)][:k]


def arguments() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("path", type=Path, help="directory holding claim_dev.jsonl")
    ap.add_argument("--verifier", choices=["llm", "nli"], required=True)
    ap.add_argument("--llm-url")
    ap.add_argument("--llm-model")
    ap.add_argument("--nli-model", type=Path)
    ap.add_argument("--half", choices=["all", "fit", "test"], default="all",
                    help="rows of the fixed split (benchmarks/wice_split.py) to score")
    ap.add_argument("--limit", type=int, help="score only the first N rows (cost control)")
    ap.add_argument("--passages", choices=["retrieved", "all"], default="retrieved")
    ap.add_argument("--cache-dir", type=Path, help="judgment cache (default: user cache)")
    ap.add_argument("--no-cache", action="store_true")
    ap.add_argument("--jobs", type=int, default=None, help="threads for the nli model")
    ap.add_argument("--max-calls", type=int, default=5000)
    ap.add_argument("--max-tokens", type=int, default=5_000_000)
    ap.add_argument("--stand-in", action="store_true",
                    help="llm only: send to the test suite's scripted server on 127.0.0.1 "
                    "(tests/chat_server.py) to count requests and tokens; its answers are "
                    "meaningless, so only the cost line means anything")
    return ap.parse_args()


def main() -> None:
    args = arguments()
    if args.stand_in:
        from tests.chat_server import ChatServer

        server = ChatServer().start()
        args.llm_url, args.llm_model = server.url, args.llm_model or "stand-in"
    rows = load(args.path / "claim_dev.jsonl")
    with (args.path / "claim_dev.jsonl").open(encoding="utf-8") as fh:
        halves = split(json.loads(line) for line in fh)
        fh.seek(0)
        ids = [json.loads(line)["meta"]["id"] for line in fh]
    rows = [r for r, i in zip(rows, ids, strict=True) if args.half in ("all", halves[i])]
    rows = rows[: args.limit] if args.limit else rows
    config = Config(
        verifier=VerifierKind(args.verifier), llm_url=args.llm_url or "",
        llm_model=args.llm_model or "", nli_model=args.nli_model, cache_dir=args.cache_dir,
        use_cache=not args.no_cache, llm_max_calls=args.max_calls,
        llm_max_tokens=args.max_tokens, match_cache_documents=len(rows) + 1,
        verify_passages=WHOLE_PAGE if args.passages == "all" else Config().verify_passages)
    try:
        verifier = load_verifier(config, threads=args.jobs)
    except FactcheckError as exc:
        sys.exit(f"wice: {exc}")
    scorer = LexicalScorer(config)
    requests = []
    for i, r in enumerate(rows):
        assessment = scorer.assess(r.claim, [("1", r.doc)])
        requests.append(Request(key=i, claim=r.claim, sources=(("1", r.doc),),
                                lexical=verdict_for(assessment.score, config),
                                signals=dict(assessment.parts)))
    retriever = Consecutive() if args.passages == "all" else scorer
    t0 = time.perf_counter()
    verdicts = verify(requests, config, verifier, retriever, store=open_store(config),
                      notice=lambda line: print(f"wice: {line}", file=sys.stderr))
    elapsed = time.perf_counter() - t0
    print_figures(rows, requests, verdicts, verifier.model, elapsed)


def print_figures(rows: list[Row], requests: list[Request], verdicts: Verdicts, model: str,
                  elapsed: float) -> None:
    labels = [r.label for r in rows]
    lexical = [str(q.lexical) for q in requests]
    combined, alone, unanswered = [], [], 0
    for q in requests:
        claim = Claim(id=str(q.key), text=q.claim, line=1, column=1, offset=0, citations=("1",))
        result = verdicts.apply(q.key, ClaimResult(
            claim=claim, verdict=q.lexical, score=0.0, parts=tuple(q.signals.items())))
        v = result.verification
        combined.append(str(result.verdict))
        alone.append(v.verdict is ModelVerdict.SUPPORTED if v is not None else False)
        unanswered += v is not None and v.verdict is ModelVerdict.NO_ANSWER
    gold = [lab == "supported" for lab in labels]
    run = verdicts.run
    print(f"WiCE dev: {len(rows)} claims {dict((lab, labels.count(lab)) for lab in LABELS)}")
    print(f"model: {run.verifier.value} {model} at {run.endpoint}")
    for name, pred in (("lexical alone", lexical), ("combined", combined)):
        accuracy = balanced_accuracy([p == "supported" for p in pred], gold)
        print(f"[{name}] bal.acc {accuracy:.3f}  macro-F1 {macro_f1(pred, labels):.3f}  "
              f"wrong-green {wrong_green(pred, labels):.1%}")
    print(f"[model alone] bal.acc {balanced_accuracy(alone, gold):.3f} (supported vs. the rest; "
          "no answer counts as not supported)")
    print(f"cost: {run.calls} calls, {run.tokens} tokens, {run.cached} judgments from the cache, "
          f"{unanswered} claims without a usable answer, {elapsed:.1f} s")


if __name__ == "__main__":
    main()
