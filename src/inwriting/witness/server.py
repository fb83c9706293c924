"""The witness's HTTP shell: ``POST /add-checkpoint`` (C2SP tlog-witness) on a threading server.

One lock serialises check-and-persist, as the spec requires: two concurrent requests for one log
must not both be checked against the same old state. The state is written before the
cosignature is sent, so a cosignature once given is never forgotten by a crash.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from inwriting.tlog.notes import CosignatureSigner, CosignatureVerifier, Verifier
from inwriting.tlog.witness import (
    MAX_REQUEST_BYTES,
    SIZE_CONTENT_TYPE,
    Cosigned,
    WitnessError,
    add_checkpoint,
    parse_add_checkpoint,
)
from inwriting.witness.state import StateError, WitnessState

log = logging.getLogger("inwriting.witness")
REQUEST_TIMEOUT = 10.0
"""Seconds a client may take to send its request before the connection is dropped."""


@dataclass
class Answer:
    status: int
    body: bytes
    content_type: str = "text/plain; charset=utf-8"


@dataclass
class Witness:
    """A witness: its key, the logs it witnesses (origin -> log verifier) and its state."""

    name: str
    seed: bytes
    logs: Mapping[str, Verifier]
    state: WitnessState
    clock: Callable[[], float] = time.time
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def verifier(self) -> CosignatureVerifier:
        """The verifier of this witness's cosignatures (its vkey is ``verifier().vkey``)."""
        return CosignatureSigner(self.name, self.seed, 0).verifier()

    def add_checkpoint(self, body: bytes) -> Answer:
        """Answer one ``add-checkpoint`` body: 200 with the cosignature line, or a refusal."""
        try:
            request = parse_add_checkpoint(body)
            with self._lock:
                origins = self.logs.keys()
                cosigned = {o: c for o in origins if (c := self.state.get(o)) is not None}
                signer = CosignatureSigner(self.name, self.seed, int(self.clock()))
                checkpoint, signature = add_checkpoint(request, self.logs, cosigned, signer)
                self.state.put(checkpoint.origin, Cosigned(checkpoint.size, checkpoint.root_hash))
        except StateError as error:  # the operator's to mend; nothing is cosigned meanwhile
            log.error("state damaged: %s", error)
            return Answer(500, f"the witness's state is damaged: {error}\n".encode())
        except WitnessError as error:
            log.info("refused (%d): %s", error.status, error)
            if error.status == 409:
                return Answer(409, f"{error.size}\n".encode(), SIZE_CONTENT_TYPE)
            return Answer(error.status, f"{error}\n".encode())
        log.info("cosigned %s at size %d", checkpoint.origin, checkpoint.size)
        return Answer(200, signature.line.encode())


class _Handler(BaseHTTPRequestHandler):
    server: WitnessServer
    timeout = REQUEST_TIMEOUT
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        if self.path.split("?", 1)[0] != "/add-checkpoint":
            return self._send(Answer(404, b"not found: POST /add-checkpoint\n"))
        length = self.headers.get("Content-Length", "")
        if not length.isdigit():
            return self._send(Answer(411, b"Content-Length is required\n"))
        if int(length) > MAX_REQUEST_BYTES:
            self.close_connection = True
            return self._send(Answer(413, b"request body too large\n"))
        body = self.rfile.read(int(length))
        self._send(self.server.witness.add_checkpoint(body))

    def do_GET(self) -> None:
        self._send(Answer(405, b"use POST /add-checkpoint\n"))

    def _send(self, answer: Answer) -> None:
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        self.wfile.write(answer.body)

    def log_message(self, format: str, *args: object) -> None:
        log.debug("%s " + format, self.address_string(), *args)


class WitnessServer(ThreadingHTTPServer):
    """A threading HTTP server bound to one witness."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], witness: Witness) -> None:
        super().__init__(address, _Handler)
        self.witness = witness
