"""A real OpenAI-compatible chat-completions server on 127.0.0.1 with scripted answers.

Started by the ``chat_server`` fixture (tests/test_verify_llm.py) and usable by
benchmarks. The test decides every answer: ``script(when, *replies)`` gives the
replies, in order, for requests whose claim contains ``when`` (the last reply
repeats). It counts requests (``count``, ``count_for(when)``) and keeps each
request's parsed body and headers, so a test can assert that a cached judgment
made no request or that the key was sent, and the most requests it held at once
(``max_in_flight``).

Replies: ``answer(verdict, evidence, unsupported)`` (a well-formed JSON answer),
``raw(text)`` (any text as the assistant's message), ``status(code, retry_after)``
(an HTTP error), ``slow(seconds, reply)`` (answer after a delay). A request whose
claim matches no script gets ``not_supported`` with no evidence.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.server import _QuietServer

_PROMPT = re.compile(r"Passage:\n<<<\n(?P<passage>.*)\n>>>\n\nClaim: (?P<claim>.*)", re.DOTALL)


@dataclass(frozen=True)
class Reply:
    content: str | None = None
    code: int = 200
    retry_after: str | None = None
    delay: float = 0.0


def answer(verdict: str, evidence: str = "", unsupported: str = "") -> Reply:
    return Reply(content=json.dumps({"verdict": verdict, "evidence": evidence,
                                     "unsupported": unsupported}))


def raw(text: str) -> Reply:
    return Reply(content=text)


def status(code: int, retry_after: str | None = None) -> Reply:
    return Reply(code=code, retry_after=retry_after)


def slow(seconds: float, reply: Reply) -> Reply:
    return Reply(content=reply.content, code=reply.code, retry_after=reply.retry_after,
                 delay=seconds)


@dataclass
class Seen:
    claim: str
    passage: str
    body: dict[str, Any]
    headers: dict[str, str]


@dataclass
class ChatServer:
    key: str | None = None
    """When set, requests without ``Authorization: Bearer <key>`` get 401."""
    scripts: list[tuple[str, list[Reply]]] = field(default_factory=list)
    seen: list[Seen] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        self._used: dict[str, int] = {}
        self.httpd = _QuietServer(("127.0.0.1", 0), _handler_for(self))
        self.port: int = self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> ChatServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def script(self, when: str, *replies: Reply) -> None:
        self.scripts.append((when, list(replies)))

    @property
    def count(self) -> int:
        with self._lock:
            return len(self.seen)

    def count_for(self, when: str) -> int:
        with self._lock:
            return sum(1 for s in self.seen if when in s.claim)

    def _next(self, claim: str) -> Reply:
        with self._lock:
            for when, replies in self.scripts:
                if when in claim:
                    used = self._used.get(when, 0)
                    self._used[when] = used + 1
                    return replies[min(used, len(replies) - 1)]
        return answer("not_supported")

    def _enter(self) -> None:
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def _leave(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def _record(self, seen: Seen) -> None:
        with self._lock:
            self.seen.append(seen)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state: ChatServer

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length) or b"{}")
        messages = body.get("messages", [])
        prompt = _PROMPT.search(messages[1]["content"]) if len(messages) > 1 else None
        claim = prompt.group("claim") if prompt else ""
        passage = prompt.group("passage") if prompt else ""
        headers = {k.lower(): v for k, v in self.headers.items()}
        self.state._record(Seen(claim=claim, passage=passage, body=body, headers=headers))
        if self.path != "/v1/chat/completions":
            return self._send(404, {"error": {"message": f"no route {self.path}"}})
        if self.state.key and headers.get("authorization") != f"Bearer {self.state.key}":
            return self._send(401, {"error": {"message": "invalid or missing API key"}})
        reply = self.state._next(claim)
        self.state._enter()
        try:
            if reply.delay:
                time.sleep(reply.delay)
        finally:
            self.state._leave()
        if reply.code != 200:
            extra = {"Retry-After": reply.retry_after} if reply.retry_after else {}
            return self._send(reply.code, {"error": {"message": f"scripted {reply.code}"}},
                              extra)
        spent = sum(len(m.get("content", "")) for m in messages) // 4
        self._send(200, {
            "id": "chatcmpl-test", "object": "chat.completion", "model": body.get("model"),
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": reply.content}}],
            "usage": {"prompt_tokens": spent, "completion_tokens": 20,
                      "total_tokens": spent + 20},
        })

    def _send(self, code: int, data: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        payload = json.dumps(data).encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)


def _handler_for(state: ChatServer) -> type[_Handler]:
    return type("ChatHandler", (_Handler,), {"state": state})
