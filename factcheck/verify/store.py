"""Model judgments on disk, so a re-run costs nothing.

One JSON file per judgment under ``<cache dir>/v1/judgments/``, named by the
SHA-256 of the verifier's fingerprint (model, prompt version, endpoint or model
files, settings), the claim and the passage: any change to one of them is a
different file, so a stale answer is never served. Only usable answers are
stored; a failed call is asked again next time. Files are written atomically
(``cache.atomic_write``); one that does not read back as a judgment is a miss.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path
from typing import Any

from factcheck.cache import FORMAT, atomic_write, default_cache_dir
from factcheck.config import Config
from factcheck.models import ModelVerdict
from factcheck.verify.base import RANK, Judged, Pair


class JudgmentStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, fingerprint: str, pair: Pair) -> Path:
        key = json.dumps([fingerprint, pair.claim, pair.passage], ensure_ascii=False)
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
        return self.root / digest[:2] / f"{digest}.json"

    def get(self, fingerprint: str, pair: Pair) -> Judged | None:
        try:
            data = json.loads(self._path(fingerprint, pair).read_bytes())
        except (OSError, ValueError):
            return None
        return _judged(data)

    def put(self, fingerprint: str, pair: Pair, judged: Judged) -> None:
        data = {"verdict": judged.verdict.value, "support": judged.support,
                "quote": judged.quote, "unsupported": judged.unsupported}
        # A full or read-only cache costs a re-ask next time, never this run's answer.
        with contextlib.suppress(OSError):
            atomic_write(self._path(fingerprint, pair),
                         json.dumps(data, ensure_ascii=False).encode("utf-8"))


def _judged(data: Any) -> Judged | None:
    if not isinstance(data, dict):
        return None
    try:
        verdict = ModelVerdict(str(data.get("verdict")))
    except ValueError:
        return None
    support = data.get("support")
    quote, unsupported = data.get("quote"), data.get("unsupported")
    if (verdict not in RANK or not isinstance(support, int | float)
            or not all(v is None or isinstance(v, str) for v in (quote, unsupported))):
        return None
    return Judged(verdict=verdict, support=float(support), quote=quote,
                  unsupported=unsupported, cached=True)


def open_store(config: Config) -> JudgmentStore | None:
    """The run's judgment store, or None when the cache is off (``--no-cache``)."""
    if not config.use_cache:
        return None
    root = config.cache_dir if config.cache_dir is not None else default_cache_dir()
    return JudgmentStore(root / FORMAT / "judgments")
