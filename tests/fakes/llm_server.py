"""A scriptable fake LLM HTTP server (OpenAI chat completions or Anthropic messages).

Runs ``http.server`` in a thread on 127.0.0.1 (port 0). Queue replies with ``enqueue``;
each request takes the next one (or ``default`` when the queue is empty) and is recorded
in ``requests`` with its path, headers and JSON body::

    with FakeLLMServer() as server:
        server.enqueue(answer({"title": "Neon Rain"}), status(429, retry_after="1"))
        provider = DeepSeekProvider(base_url=server.url, api_key="k")
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Reply:
    """One scripted reply: an HTTP status, a body (dict → JSON, str → raw), headers, a delay."""

    status: int = 200
    body: dict[str, Any] | str = ""
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0


@dataclass(frozen=True)
class Recorded:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


def answer(content: object, *, tokens_in: int = 50, tokens_out: int = 20) -> Reply:
    """A successful answer whose text is ``content`` (JSON-encoded unless it is a string).

    Shaped for whichever flavour the server speaks (see :meth:`FakeLLMServer._shape`).
    """
    text = content if isinstance(content, str) else json.dumps(content)
    return Reply(200, {"__text__": text, "__in__": tokens_in, "__out__": tokens_out})


def status(code: int, *, retry_after: str | None = None, message: str = "") -> Reply:
    """An error reply with an OpenAI/Anthropic-style error body."""
    headers = {"retry-after": retry_after} if retry_after is not None else {}
    body = {"error": {"message": message or f"scripted {code}", "type": "error", "code": code}}
    return Reply(code, body, headers)


def slow(seconds: float) -> Reply:
    """A reply that arrives after ``seconds`` (to trigger client timeouts)."""
    return Reply(200, {"__text__": "{}", "__in__": 1, "__out__": 1}, delay_s=seconds)


class FakeLLMServer:
    """A fake of an OpenAI-compatible (``flavour="openai"``) or Anthropic API."""

    def __init__(self, *, flavour: str = "openai", default: Reply | None = None) -> None:
        self.flavour = flavour
        self.default = default or status(500, message="nothing scripted")
        self.requests: list[Recorded] = []
        self._queue: list[Reply] = []
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        base = f"http://{host}:{port}"
        return f"{base}/v1" if self.flavour == "openai" else base

    def enqueue(self, *replies: Reply) -> None:
        with self._lock:
            self._queue.extend(replies)

    def __enter__(self) -> FakeLLMServer:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._closing.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _next(self) -> Reply:
        with self._lock:
            return self._queue.pop(0) if self._queue else self.default

    def _shape(self, body: dict[str, Any], request: dict[str, Any]) -> dict[str, Any]:
        if "__text__" not in body:
            return body
        text, tokens_in, tokens_out = body["__text__"], body["__in__"], body["__out__"]
        model = request.get("model", "unknown")
        if self.flavour == "anthropic":
            return {
                "id": "msg_1",
                "type": "message",
                "role": "assistant",
                "model": model,
                "content": [{"type": "text", "text": text}],
                "stop_reason": "end_turn",
                "stop_sequence": None,
                "usage": {"input_tokens": tokens_in, "output_tokens": tokens_out},
            }
        return {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "created": 1,
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": text},
                    "finish_reason": "stop",
                }
            ],
            "usage": {
                "prompt_tokens": tokens_in,
                "completion_tokens": tokens_out,
                "total_tokens": tokens_in + tokens_out,
            },
        }

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: object) -> None:
                return

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b"{}"
                request = json.loads(raw or b"{}")
                fake.requests.append(
                    Recorded(self.path, {k.lower(): v for k, v in self.headers.items()}, request)
                )
                reply = fake._next()
                if reply.delay_s and fake._closing.wait(reply.delay_s):
                    return
                body = reply.body
                data = (
                    body.encode()
                    if isinstance(body, str)
                    else json.dumps(fake._shape(body, request)).encode()
                )
                try:
                    self.send_response(reply.status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    return

        return Handler
