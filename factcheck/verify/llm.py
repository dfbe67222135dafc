"""The ``llm`` verifier: any OpenAI-compatible ``/v1/chat/completions`` endpoint.

One request per (claim, passage) pair with a fixed prompt (``PROMPT_VERSION``,
documented in docs/verifiers.md) that asks for one JSON object: the verdict,
the passage sentence that backs it, quoted exactly, and the part of the claim
the passage does not support. An answer that is not that JSON, or that quotes
text the passage does not contain, is asked again once, with what was wrong;
a second bad answer is ``Unanswered`` ("the model gave no usable answer"),
never a verdict.

Requests go through the project's HTTP client (``fetch.JsonApi``: timeouts,
retries, 429 with Retry-After, a concurrency limit) under a per-run cap on
requests and tokens, checked before every attempt. The key comes only from the
``FACTCHECK_LLM_API_KEY`` environment variable and goes only to the URL the
user gave (redirects are refused). An endpoint that refuses the key, or answers
404 (a wrong URL or model name), stops the run (``VerifierError``, exit 2).
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from factcheck.config import Config
from factcheck.errors import VerifierError
from factcheck.models import FetchStatus, ModelVerdict, VerifierKind
from factcheck.verify.base import Judged, Outcome, Pair, Unanswered

PROMPT_VERSION = "1"
"""Changes whenever the prompt or the answer format changes (part of the cache key)."""

SYSTEM_PROMPT = """\
You check whether a passage supports a claim. Judge only from the passage, never from \
what you know: a claim that is true but not stated in the passage is not supported.
- "supported": the passage states everything the claim says (paraphrase is fine).
- "partially_supported": the passage states part of the claim, not all of it.
- "not_supported": the passage does not state the claim, or states something else.
Answer with one JSON object and nothing else:
{"verdict": "supported" | "partially_supported" | "not_supported",
 "evidence": "<the one passage sentence that best supports the claim, copied exactly; \
empty if none>",
 "unsupported": "<the words of the claim the passage does not support; empty if none>"}"""

USER_PROMPT = "Passage:\n<<<\n{passage}\n>>>\n\nClaim: {claim}"

RETRY_PROMPT = (
    "Your answer could not be used: {problem}. Answer again with only the JSON object, "
    "copying the evidence sentence exactly as it appears in the passage."
)

KEY_VARIABLE = "FACTCHECK_LLM_API_KEY"
_REFUSALS = frozenset({FetchStatus.FORBIDDEN, FetchStatus.NOT_FOUND})
"""Answers that no retry or later request will change (a refused key, a wrong URL or
model name): the run stops with exit 2 rather than report every claim unanswered."""
CHARS_PER_TOKEN = 4
"""Token estimate for budgets and passage sizes, before the endpoint reports its count."""
VERDICTS = {"supported": ModelVerdict.SUPPORTED,
            "partially_supported": ModelVerdict.PARTIALLY_SUPPORTED,
            "not_supported": ModelVerdict.NOT_SUPPORTED}
SUPPORT = {ModelVerdict.SUPPORTED: 1.0, ModelVerdict.PARTIALLY_SUPPORTED: 0.5,
           ModelVerdict.NOT_SUPPORTED: 0.0}


def chat_url(base: str) -> str:
    """``.../v1`` or ``.../v1/chat/completions`` → the chat-completions URL."""
    base = base.rstrip("/")
    return base if base.endswith("/chat/completions") else base + "/chat/completions"


def is_local(url: str) -> bool:
    """Loopback or private address literals and ``localhost``: servers that need no key."""
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_private


def estimate_tokens(text: str) -> int:
    return math.ceil(len(text) / CHARS_PER_TOKEN)


class _Budget:
    """The run's cap on requests and tokens, shared by every call (one event loop)."""

    def __init__(self, max_calls: int, max_tokens: int) -> None:
        self.max_calls, self.max_tokens = max_calls, max_tokens
        self.calls = self.tokens = self.reserved = 0
        self.refused: str | None = None

    def take(self, estimate: int) -> str | None:
        """Reserve one request and its estimated tokens, or say why not."""
        if self.refused is not None:
            return f"not sent: the endpoint refused an earlier request ({self.refused})"
        if self.calls >= self.max_calls:
            return (f"not sent: the run's cap of {self.max_calls} requests was reached "
                    "(raise --llm-max-calls)")
        if self.tokens + self.reserved + estimate > self.max_tokens:
            return (f"not sent: the run's cap of {self.max_tokens} tokens was reached "
                    "(raise --llm-max-tokens)")
        self.calls += 1
        self.reserved += estimate
        return None

    def settle(self, reserved: int, spent: int) -> None:
        self.reserved -= reserved
        self.tokens += spent


@dataclass(frozen=True, slots=True, kw_only=True)
class _Reply:
    content: str
    tokens: int


class LlmVerifier:
    kind = VerifierKind.LLM
    prompt_version: str | None = PROMPT_VERSION

    def __init__(
        self,
        config: Config,
        *,
        environ: Mapping[str, str],
        transport: Any = None,
    ) -> None:
        self.config = config
        self.endpoint = chat_url(config.llm_url)
        self.model = config.llm_model
        self.fingerprint = f"llm|{self.endpoint}|{self.model}|{PROMPT_VERSION}"
        self._key = environ.get(KEY_VARIABLE, "").strip()
        if not self._key and not is_local(self.endpoint):
            raise VerifierError(
                f"--verifier llm with {self.endpoint} needs an API key in the {KEY_VARIABLE} "
                "environment variable (only servers on this machine or a private address "
                "may go without one)")
        self._transport = transport
        self._budget = _Budget(config.llm_max_calls, config.llm_max_tokens)

    def count_tokens(self, text: str) -> int:
        return estimate_tokens(text)

    def usage(self) -> tuple[int, int]:
        return self._budget.calls, self._budget.tokens

    def judge(self, pairs: Sequence[Pair]) -> list[Outcome]:
        if not pairs:
            return []
        outcomes = asyncio.run(self._judge_all(pairs))
        if self._budget.refused is not None:
            raise VerifierError(
                f"{self.endpoint} refused the request: {self._budget.refused}; check the key "
                f"in {KEY_VARIABLE}, --llm-url and --llm-model ({self.model!r})")
        return outcomes

    async def _judge_all(self, pairs: Sequence[Pair]) -> list[Outcome]:
        from factcheck.fetch import JsonApi

        async with JsonApi(self.config, timeout=self.config.llm_timeout,
                           concurrency=self.config.llm_concurrency,
                           transport=self._transport) as api:
            return list(await asyncio.gather(*(self._judge_one(api, p) for p in pairs)))

    async def _judge_one(self, api: Any, pair: Pair) -> Outcome:
        messages = [{"role": "system", "content": SYSTEM_PROMPT},
                    {"role": "user", "content": USER_PROMPT.format(passage=pair.passage,
                                                                    claim=pair.claim)}]
        problem = ""
        for attempt in (1, 2):
            reply = await self._call(api, messages)
            if isinstance(reply, Unanswered):
                return reply
            answer = parse_answer(reply.content, pair.passage)
            if isinstance(answer, Judged):
                return answer
            problem = answer.problem
            if attempt == 1:
                messages += [{"role": "assistant", "content": reply.content},
                             {"role": "user", "content": RETRY_PROMPT.format(problem=problem)}]
        return Unanswered(problem=f"{problem} (asked twice)")

    async def _call(self, api: Any, messages: list[dict[str, str]]) -> _Reply | Unanswered:
        from factcheck.fetch import ApiAnswer, ApiFailed, ApiSkipped

        payload = {"model": self.model, "messages": messages, "temperature": 0,
                   "max_tokens": self.config.llm_answer_tokens,
                   "response_format": {"type": "json_object"}}
        estimate = sum(estimate_tokens(m["content"]) for m in messages)
        estimate += self.config.llm_answer_tokens
        granted = 0

        def gate() -> str | None:
            nonlocal granted
            refusal = self._budget.take(estimate)
            granted += refusal is None
            return refusal

        headers = {"Authorization": f"Bearer {self._key}"} if self._key else {}
        result = await api.post(self.endpoint, payload, headers, gate)
        match result:
            case ApiAnswer():
                reply = _reply(result.body)
                self._budget.settle(granted * estimate, reply.tokens if reply else estimate)
                if reply is None:
                    return _Reply(content="", tokens=0)  # judged as a bad answer, asked again
                return reply
            case ApiFailed():
                self._budget.settle(granted * estimate, 0)
                if result.status in _REFUSALS:
                    self._budget.refused = result.message
                return Unanswered(problem=f"the endpoint failed: {result.message}")
            case ApiSkipped():
                self._budget.settle(granted * estimate, 0)
                return Unanswered(problem=result.reason)
        raise AssertionError("unreachable")


def _reply(body: bytes) -> _Reply | None:
    """The assistant's text and the tokens billed, from a chat-completions answer."""
    try:
        data = json.loads(body)
        content = data["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    if not isinstance(content, str):
        return None
    usage = data.get("usage") if isinstance(data, dict) else None
    total = usage.get("total_tokens") if isinstance(usage, dict) else None
    tokens = total if isinstance(total, int) and total >= 0 else estimate_tokens(content)
    return _Reply(content=content, tokens=tokens)


@dataclass(frozen=True, slots=True, kw_only=True)
class BadAnswer:
    problem: str


_FENCE = re.compile(r"\A```(?:json)?\s*(.*?)\s*```\Z", re.DOTALL | re.IGNORECASE)


def parse_answer(content: str, passage: str) -> Judged | BadAnswer:
    """The model's JSON answer, checked: a known verdict, and a quote the passage contains."""
    text = content.strip()
    fenced = _FENCE.match(text)
    if fenced:
        text = fenced.group(1)
    try:
        data = json.loads(text)
    except ValueError:
        return BadAnswer(problem="the answer is not valid JSON")
    if not isinstance(data, dict):
        return BadAnswer(problem="the answer is not a JSON object")
    verdict = VERDICTS.get(str(data.get("verdict", "")).strip().lower())
    if verdict is None:
        return BadAnswer(problem="the verdict is not supported, partially_supported or "
                                 "not_supported")
    evidence, unsupported = data.get("evidence") or "", data.get("unsupported") or ""
    if not isinstance(evidence, str) or not isinstance(unsupported, str):
        return BadAnswer(problem="evidence and unsupported must be strings")
    if verdict is not ModelVerdict.NOT_SUPPORTED and not evidence.strip():
        return BadAnswer(problem="no evidence sentence was quoted")
    if evidence.strip() and not quoted_in(evidence, passage):
        return BadAnswer(problem="the quoted evidence is not in the passage")
    return Judged(verdict=verdict, support=SUPPORT[verdict], quote=evidence.strip() or None,
                  unsupported=unsupported.strip() or None)


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                         "\u2013": "-", "\u2014": "-", "\u00a0": " "})
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|\u2026)\s*")


def _squash(text: str) -> str:
    return " ".join(text.translate(_QUOTES).casefold().split())


def quoted_in(quote: str, passage: str) -> bool:
    """``quote`` is in ``passage``, up to case, spacing, curly quotes and dashes; an
    ellipsis in the quote stands for left-out text (the parts must appear in order)."""
    haystack = _squash(passage)
    position = 0
    parts = [_squash(p).strip(" .,;:'\"") for p in _ELLIPSIS.split(quote)]
    for part in (p for p in parts if p):
        found = haystack.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return any(parts)
