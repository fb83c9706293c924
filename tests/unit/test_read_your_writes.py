"""The position a request carries in, and what its answer carries out (no database)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
from starlette.types import Message, Receive, Scope, Send

from inwriting.http.replicas import COOKIE, HEADER, ReadYourWrites
from inwriting.storage.engine import Freshness, _freshness, wal_position


def test_positions_compare_as_numbers() -> None:
    assert wal_position("0/1") < wal_position("0/FFFFFFFF") < wal_position("1/0")
    assert wal_position("16/B374D848") == (0x16 << 32) | 0xB374D848
    for bad in ("", "16", "16/", "/1", "123456789/0", "g/1", "1/2/3"):
        with pytest.raises(ValueError, match="not a WAL position"):
            wal_position(bad)


def test_the_freshness_needed_is_the_later_of_seen_and_written() -> None:
    assert Freshness().needed() is None
    assert Freshness("0/10").needed() == 0x10
    assert Freshness("0/10", "0/20").needed() == 0x20
    assert Freshness("1/0", "0/20").needed() == 1 << 32


def _run(
    headers: list[tuple[bytes, bytes]], *, wrote: str | None = None
) -> tuple[str | None, list[tuple[bytes, bytes]]]:
    """What the app saw as ``seen`` and the headers it answered with."""
    seen: list[str | None] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        holder = _freshness.get()
        assert holder is not None
        seen.append(holder.seen)
        holder.wrote = wrote
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    scope: Scope = {"type": "http", "headers": headers, "scheme": "http"}
    # In a thread of its own: a browser test earlier in the run may leave the main thread
    # inside an event loop (Playwright's sync API), where asyncio.run() is refused.
    with ThreadPoolExecutor(1) as worker:
        worker.submit(asyncio.run, ReadYourWrites(app)(scope, receive, send)).result()
    return seen[0], list(sent[0]["headers"])


@pytest.mark.parametrize(
    ("headers", "seen"),
    [
        ([], None),
        ([(b"cookie", f"a=b; {COOKIE}=1A/2B".encode())], "1A/2B"),
        ([(HEADER.lower().encode(), b"3/4")], "3/4"),
        ([(b"cookie", f"{COOKIE}=1/1".encode()), (HEADER.lower().encode(), b"2/2")], "2/2"),
        ([(b"cookie", f"{COOKIE}=<script>".encode())], None),
        ([(b"cookie", b'\xff\xfe"=;;')], None),
        ([(HEADER.lower().encode(), b"1/" + b"0" * 4000)], None),
    ],
)
def test_only_a_well_formed_position_is_believed(
    headers: list[tuple[bytes, bytes]], seen: str | None
) -> None:
    assert _run(headers)[0] == seen


def test_an_answer_to_a_write_carries_its_position() -> None:
    _, headers = _run([], wrote="5/6")
    assert (HEADER.lower().encode(), b"5/6") in [(k.lower(), v) for k, v in headers]
    cookie = next(v.decode() for k, v in headers if k == b"set-cookie")
    assert cookie.startswith(f"{COOKIE}=5/6;") and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_an_answer_to_a_read_sets_no_cookie() -> None:
    _, headers = _run([(b"cookie", f"{COOKIE}=1/1".encode())])
    assert all(k != b"set-cookie" for k, _ in headers)  # the replica was not found current
