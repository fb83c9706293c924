"""Request bodies are bounded and counted as they arrive (issue 11, item 2), on a real server.

The server runs with a 1 MiB limit; each test sends far more (64 MiB) and checks the answer,
that the server's memory did not grow by anything like the body, and that nothing was
written: no version, no response, no record entry, no file spooled to its temporary folder.
"""

from __future__ import annotations

import json
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from inwriting.services import accounts
from inwriting.services.actors import Actor
from inwriting.storage.engine import Database
from inwriting.storage.models import RecordEntryRow, ResponseRow, VersionRow
from tests.functional.live_server import LiveServer, live_server

LIMIT = 1024 * 1024
SENT = 64 * LIMIT
CHUNK = 256 * 1024


@pytest.fixture(scope="module")
def server(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("limits") / "site"
    with live_server(demo_template, folder, INWRITING_MAX_BODY_BYTES=str(LIMIT)) as running:
        yield running


@pytest.fixture(scope="module")
def token(server: LiveServer) -> str:
    db = server.database()
    secret, _ = accounts.create_token(db, Actor("cleo"), "tests")
    db.dispose()
    return secret


def _written(server: LiveServer) -> tuple[int, ...]:
    db: Database = server.database()
    with db.reading() as session:
        counts = tuple(
            session.scalar(select(func.count()).select_from(row)) or 0
            for row in (VersionRow, ResponseRow, RecordEntryRow)
        )
    db.dispose()
    return counts


def _send(server: LiveServer, head: str, body_chunks: Iterator[bytes]) -> tuple[int, bytes]:
    """Send ``head`` then the chunks (from a thread, stopping when the server hangs up);
    the status and body of the answer, read as soon as it comes."""
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=30)

    def pour() -> None:
        try:
            for chunk in body_chunks:
                sock.sendall(chunk)
        except OSError:
            pass  # the server closed the connection: the point

    sock.sendall(head.encode())
    sender = threading.Thread(target=pour, daemon=True)
    sender.start()
    answer = b""
    try:
        while b"\r\n\r\n" not in answer or len(answer) < _length(answer):
            data = sock.recv(65536)
            if not data:
                break
            answer += data
    finally:
        sock.close()
        sender.join(timeout=30)
    head_bytes, _, body = answer.partition(b"\r\n\r\n")
    return int(head_bytes.split()[1]), body


def _length(answer: bytes) -> int:
    head, _, _ = answer.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return len(head) + 4 + int(line.split(b":")[1])
    return len(answer) + 1


def _chunked(total: int) -> Iterator[bytes]:
    piece = b"x" * CHUNK
    for _ in range(total // CHUNK):
        yield f"{CHUNK:x}\r\n".encode() + piece + b"\r\n"
    yield b"0\r\n\r\n"


def _plain(total: int) -> Iterator[bytes]:
    piece = b"x" * CHUNK
    for _ in range(total // CHUNK):
        yield piece


def _head(method: str, path: str, *lines: str) -> str:
    return "\r\n".join([f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", *lines, "", ""])


def _check(server: LiveServer, status: int, body: bytes, code: str) -> None:
    assert status == {"too_large": 413, "unauthenticated": 401}[code]
    assert json.loads(body)["error"]["code"] == code


def test_an_anonymous_write_is_refused_before_its_body_is_read(server: LiveServer) -> None:
    before, rss = _written(server), server.rss()
    head = _head("PUT", "/api/v1/versions/1/draft", "Transfer-Encoding: chunked")
    status, body = _send(server, head, _chunked(SENT))
    _check(server, status, body, "unauthenticated")
    assert server.rss() - rss < SENT // 4
    assert _written(server) == before and list(server.tmp.iterdir()) == []


def test_an_anonymous_multipart_upload_is_refused_unread(server: LiveServer) -> None:
    before = _written(server)
    boundary = "b0undary"
    head = _head(
        "POST",
        "/api/v1/negotiations/lysra-basin/versions",
        f"Content-Type: multipart/form-data; boundary={boundary}",
        "Transfer-Encoding: chunked",
    )
    status, body = _send(server, head, _chunked(SENT))
    _check(server, status, body, "unauthenticated")
    assert _written(server) == before and list(server.tmp.iterdir()) == []


def test_a_chunked_body_over_the_limit_is_cut_off_with_413(server: LiveServer, token: str) -> None:
    before, rss = _written(server), server.rss()
    head = _head(
        "PUT",
        "/api/v1/versions/1/draft",
        f"Authorization: Bearer {token}",
        "Content-Type: application/json",
        "Transfer-Encoding: chunked",
    )
    status, body = _send(server, head, _chunked(SENT))
    _check(server, status, body, "too_large")
    assert f"{LIMIT:,} bytes" in json.loads(body)["error"]["message"]
    assert server.rss() - rss < SENT // 4
    assert _written(server) == before


def test_a_chunked_upload_over_the_limit_spools_nothing(server: LiveServer, token: str) -> None:
    before = _written(server)
    boundary = "b0undary"
    preamble = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="party"\r\n\r\n'
        f"Republic of Aldavia\r\n--{boundary}\r\n"
        'Content-Disposition: form-data; name="file"; filename="big.md"\r\n\r\n'
    ).encode()
    head = _head(
        "POST",
        "/api/v1/negotiations/lysra-basin/versions",
        f"Authorization: Bearer {token}",
        f"Content-Type: multipart/form-data; boundary={boundary}",
        "Transfer-Encoding: chunked",
    )
    chunks = iter([f"{len(preamble):x}\r\n".encode() + preamble + b"\r\n", *_chunked(SENT)])
    status, body = _send(server, head, chunks)
    _check(server, status, body, "too_large")
    assert _written(server) == before and list(server.tmp.iterdir()) == []


def test_a_declared_length_over_the_limit_is_refused_at_once(
    server: LiveServer, token: str
) -> None:
    before = _written(server)
    head = _head(
        "PUT",
        "/api/v1/versions/1/draft",
        f"Authorization: Bearer {token}",
        "Content-Type: application/json",
        f"Content-Length: {1 << 30}",
    )
    status, body = _send(server, head, _plain(SENT))
    _check(server, status, body, "too_large")
    assert _written(server) == before


def test_a_false_small_length_reads_no_more_than_it_declares(
    server: LiveServer, token: str
) -> None:
    """The bytes past the declared length are not a body: the server answers the short
    request and refuses the rest as a malformed next one, holding none of it."""
    before, rss = _written(server), server.rss()
    head = _head(
        "PUT",
        "/api/v1/versions/1/draft",
        f"Authorization: Bearer {token}",
        "Content-Type: application/json",
        "Content-Length: 2",
    )
    status, _ = _send(server, head, _plain(SENT))
    assert status == 422  # "xx" is not JSON
    assert server.rss() - rss < SENT // 4
    assert _written(server) == before


def test_a_browser_gets_the_error_page(server: LiveServer) -> None:
    form = urllib.parse.urlencode({"username": "cleo", "password": "x" * (2 * LIMIT)})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{server.url}/login", data=form.encode(), timeout=30)
    assert refused.value.code == 413
    assert "text/html" in refused.value.headers["content-type"]
    assert "larger than 1,048,576 bytes" in refused.value.read().decode()
