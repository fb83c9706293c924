"""How fast are the pages under load? The agreement matrix and response submission, each next
to a static file served by the same server.

Run ``.venv/bin/python bench/web.py [--postgres URL] [--quick]``. For each database (SQLite in
a temporary directory always; PostgreSQL too when ``--postgres`` or
``INWRITING_TEST_DATABASE_URL`` names a server, where the bench creates a database of its own
and drops it at the end) and for one and two worker processes, the bench builds a fresh data
set through the services, starts the real server (``python -m inwriting --database URL serve
--workers N``) and drives it on loopback with concurrent clients. See docs/benchmarks.md.

The data set is the target's negotiation: a tabling party and ten parties asked to answer a
version of 100 articles, each party having submitted a formal response (mostly accepts, with
exceptions, amendments, rejections and deletions mixed in), so the matrix is the real 100 x 10
page with every cell filled in.

What is measured (closed loop: each client sends its next request when the last one is
answered, on its own keep-alive HTTP/1.1 connection; throughput is completed operations per
second, latency is from the client's first byte out to its last byte in):

* **static**: ``GET /static/style.css``. The ceiling, and the baseline of every ratio: the
  same process, the same sockets, the same client and the same concurrency, but no database
  and no template, so whatever a page costs beyond it is the application's own work.
* **matrix**: ``GET /negotiations/{slug}/versions/{id}/matrix``, signed in (a session cookie
  from a real ``POST /login``): a session check, the matrix query and a 1,000-cell template.
  Target: p99 within 5x of the static p99.
* **submission**: one client per party, each in turn saving the party's full draft
  (``PUT /api/v1/versions/{id}/draft``, 100 positions) and submitting it
  (``POST /api/v1/responses/{id}/submit``) with the bearer token of the party's principal.
  Every round supersedes the party's previous response, as a party answering again does; one
  operation is the pair. Writers are serialised by the database (one writer at a time, the
  record's lock), so this shows what a burst of submissions costs.

Each measurement runs for ``--seconds`` after ``--warmup`` seconds of the same load (which
also fills each worker's template and query caches). The bench is a measurement, not a test:
only a wrong answer (a status other than the one expected, a matrix page without its rows)
fails the run (exit status 1); a missed target prints MISS.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

from databases import postgres_url, sqlite_url

from inwriting.domain.negotiations import Role
from inwriting.domain.responses import Position, PositionKind, ResponseContent
from inwriting.formats import parse_document
from inwriting.services import accounts, documents, negotiations, parties, requests, responses
from inwriting.services import users as user_service
from inwriting.services.actors import OPERATOR, Actor
from inwriting.storage.engine import Database

PG_ENV = "INWRITING_TEST_DATABASE_URL"
SLUG = "bench"
TABLER = "Tabling State"
PASSWORD = "bench-password"  # a throwaway account in a throwaway database
TARGET = 5.0  # matrix p99 / static p99
STATIC = "/static/style.css"
PATIENCE = 60.0  # seconds an operation may take before the run is called off


@dataclass(frozen=True)
class Config:
    articles: int
    parties: int
    clients: int  # for the GETs; submissions use one client per party, at most this many
    seconds: float
    warmup: float
    workers: tuple[int, ...]
    postgres: str | None


@dataclass(frozen=True)
class Fixture:
    """What the load needs to know about the data set built for it."""

    version_id: int
    drafts: dict[str, bytes]  # party -> the JSON body of its PUT draft
    tokens: dict[str, str]  # party -> bearer token of its principal

    @property
    def matrix(self) -> str:
        return f"/negotiations/{SLUG}/versions/{self.version_id}/matrix"


@dataclass(frozen=True)
class Result:
    """Latencies (seconds) of the operations completed inside the measured window."""

    name: str
    seconds: float
    latencies: list[float]

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds

    def quantile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


@dataclass
class Report:
    runs: list[tuple[str, list[Result]]] = field(default_factory=list)
    targets: list[tuple[bool, str]] = field(default_factory=list)


class WrongAnswer(Exception):
    """The server answered, but not what the bench expected: the run fails."""


# -- the data set ---------------------------------------------------------------------------------


def _position(party: int, article: int) -> dict[str, str]:
    """A fixed mix: about 70% accept, the rest exceptions, amendments, rejections, deletions."""
    key, spin = f"art-{article}", (party * 7 + article * 3) % 20
    if spin < 14:
        return {"position": "accept", "provision": key}
    if spin < 16:
        return {"position": "accept_with_exception", "provision": key, "exception": "Not yet."}
    if spin < 18:
        amended = f"The Parties shall do thing {article} promptly."
        return {"position": "amend", "provision": key, "text": amended, "reason": "Timing."}
    kind = "reject" if spin == 18 else "delete"
    return {"position": kind, "provision": key, "reason": "Not acceptable as drafted."}


def _draft(party: str, positions: list[dict[str, str]]) -> ResponseContent:
    return ResponseContent(
        party=party,
        positions=tuple(
            Position(
                PositionKind(p["position"]),
                p["provision"],
                text=p.get("text", ""),
                reason=p.get("reason", ""),
                exception=p.get("exception", ""),
            )
            for p in positions
        ),
    )


def _agreement(articles: int) -> str:
    body = "\n".join(
        f"## Article {i} – Heading {i}\n\nThe Parties shall do thing {i} in good faith.\n"
        for i in range(1, articles + 1)
    )
    return f"# Bench agreement\n\n{body}"


def build_fixture(db: Database, cfg: Config) -> Fixture:
    """The negotiation, through the services as a user would make it (no raw SQL)."""
    names = [f"State {i:02d}" for i in range(1, cfg.parties + 1)]
    people = {TABLER: "tabler"} | {name: f"p{i:02d}" for i, name in enumerate(names, 1)}
    negotiations.create_negotiation(db, OPERATOR, "Bench agreement", slug=SLUG)
    for party, username in people.items():
        user_service.create_user(db, OPERATOR, username, username.title())
        parties.add_party(db, OPERATOR, SLUG, party)
        parties.add_member(db, OPERATOR, SLUG, party, username, Role.PRINCIPAL)
    accounts.set_password(db, OPERATOR, "p01", PASSWORD)
    parsed = parse_document(_agreement(cfg.articles), format="markdown", source="bench.md")
    version = documents.table_version(db, Actor("tabler"), SLUG, TABLER, parsed, label="Draft")
    due = datetime.now(UTC) + timedelta(days=30)
    requests.create_request(db, Actor("tabler"), version.id, TABLER, names, due)
    drafts, tokens = {}, {}
    for number, party in enumerate(names, 1):
        positions = [_position(number, a) for a in range(1, cfg.articles + 1)]
        who = Actor(people[party])
        saved = responses.save_draft(db, who, version.id, _draft(party, positions))
        responses.submit_response(db, who, saved.id)
        tokens[party] = accounts.create_token(db, who, "bench")[0]
        drafts[party] = json.dumps({"party": party, "positions": positions}).encode()
    return Fixture(version.id, drafts, tokens)


# -- the server -----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_server(url: str, workers: int) -> Iterator[int]:
    """``inwriting serve`` in a process of its own, on a free loopback port; stopped after."""
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="inwriting-web-bench-") as data:
        env = os.environ | {"INWRITING_DATA_DIR": data}
        command = [sys.executable, "-m", "inwriting", "--database", url]
        command += ["serve", "--port", str(port), "--workers", str(workers)]
        log = Path(data) / "server.log"
        with log.open("wb") as out:
            server = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            _wait_until_up(server, port, log)
            yield port
        finally:
            server.terminate()  # uvicorn stops its workers on SIGTERM
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_until_up(server: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise WrongAnswer(f"the server exited:\n{log.read_text(errors='replace')[-2000:]}")
        try:
            if asyncio.run(_get_once(port, STATIC)) == 200:
                return
        except (OSError, asyncio.IncompleteReadError):
            pass
        time.sleep(0.1)
    raise WrongAnswer("the server did not answer within 60 s")


async def _get_once(port: int, path: str) -> int:
    client = await Client.open(port)
    try:
        return (await client.send("GET", path)).status
    finally:
        client.close()


# -- the client -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def cookie(self, name: str) -> str:
        for key, value in self.headers:
            if key == "set-cookie" and value.startswith(f"{name}="):
                return value.split(";", 1)[0].split("=", 1)[1]
        raise WrongAnswer(f"no {name} cookie in the reply ({self.status})")


class Client:
    """One keep-alive HTTP/1.1 connection, as little Python as a request needs: the client
    shares the machine's two cores with the server, so it must cost far less than a request."""

    def __init__(self, port: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.port, self.reader, self.writer = port, reader, writer

    @classmethod
    async def open(cls, port: int) -> Client:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        return cls(port, reader, writer)

    async def send(
        self, method: str, path: str, headers: dict[str, str] | None = None, body: bytes = b""
    ) -> Reply:
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        if body or method in ("POST", "PUT"):
            lines.append(f"Content-Length: {len(body)}")
        self.writer.write("\r\n".join(lines).encode() + b"\r\n\r\n" + body)
        head = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        fields = [tuple(h.split(": ", 1)) for h in head[1:] if h]
        found = [(k.lower(), v) for k, v in fields]
        length = next((int(v) for k, v in found if k == "content-length"), None)
        if length is None:
            raise WrongAnswer(f"{method} {path}: a reply without Content-Length")
        return Reply(int(head[0].split(" ", 2)[1]), found, await self.reader.readexactly(length))

    def close(self) -> None:
        self.writer.close()


async def sign_in(port: int, username: str) -> str:
    """A session cookie the way a browser gets one: the form's double-submit token, then
    ``POST /login``."""
    client = await Client.open(port)
    try:
        token = (await client.send("GET", "/login")).cookie("inwriting_csrf")
        form = urlencode({"username": username, "password": PASSWORD, "csrf": token})
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"inwriting_csrf={token}",
        }
        reply = await client.send("POST", "/login", headers, form.encode())
        if reply.status != 303:
            raise WrongAnswer(f"sign-in answered {reply.status}, not 303")
        return reply.cookie("inwriting_session")
    finally:
        client.close()


# -- the load -------------------------------------------------------------------------------------

Step = Callable[[Client, int], Awaitable[None]]  # one operation by client number n


async def closed_loop(port: int, clients: int, cfg: Config, name: str, step: Step) -> Result:
    """``clients`` connections, each repeating ``step``; latencies of the operations that
    start after the warm-up and end inside the measured window."""
    connections = [await Client.open(port) for _ in range(clients)]
    start = time.perf_counter() + cfg.warmup
    end = start + cfg.seconds
    latencies: list[float] = []

    async def run(client: Client, number: int) -> None:
        while True:
            began = time.perf_counter()
            async with asyncio.timeout(PATIENCE):
                await step(client, number)
            done = time.perf_counter()
            if done > end:
                return
            if began >= start:
                latencies.append(done - began)

    try:
        await asyncio.gather(*(run(c, n) for n, c in enumerate(connections)))
    except TimeoutError:
        raise WrongAnswer(f"{name}: no answer within {PATIENCE:g} s") from None
    finally:
        for client in connections:
            client.close()
    if not latencies:
        raise WrongAnswer(f"{name}: no operation completed within {cfg.seconds:g} s")
    return Result(name, cfg.seconds, latencies)


def expect(reply: Reply, status: int, what: str) -> Reply:
    if reply.status != status:
        raise WrongAnswer(f"{what}: {reply.status}, not {status}: {reply.body[:300]!r}")
    return reply


def static_step() -> Step:
    async def step(client: Client, _number: int) -> None:
        expect(await client.send("GET", STATIC), 200, STATIC)

    return step


def matrix_step(path: str, cookie: str) -> Step:
    headers = {"Cookie": f"inwriting_session={cookie}"}

    async def step(client: Client, _number: int) -> None:
        expect(await client.send("GET", path, headers), 200, path)

    return step


def submission_step(fixture: Fixture) -> Step:
    """Client n answers for party n: save its draft, then submit the response it made."""
    names = sorted(fixture.drafts)
    put = f"/api/v1/versions/{fixture.version_id}/draft"

    async def step(client: Client, number: int) -> None:
        party = names[number]
        headers = {
            "Authorization": f"Bearer {fixture.tokens[party]}",
            "Content-Type": "application/json",
        }
        saved = expect(await client.send("PUT", put, headers, fixture.drafts[party]), 200, put)
        response_id = json.loads(saved.body)["id"]
        submit = f"/api/v1/responses/{response_id}/submit"
        sent = expect(await client.send("POST", submit, headers), 200, submit)
        if json.loads(sent.body)["status"] != "submitted":
            raise WrongAnswer(f"{submit}: {sent.body[:300]!r}")

    return step


def check_matrix(port: int, fixture: Fixture, cookie: str, cfg: Config) -> None:
    """The page under load is the real one: a row per article, a column per party."""
    page = asyncio.run(_get_body(port, fixture.matrix, cookie)).decode()
    rows = len(re.findall(r'<th scope="row"><a href=', page))
    columns = len(re.findall(r'<th scope="col">State \d+</th>', page))
    if (rows, columns) != (cfg.articles, cfg.parties):
        raise WrongAnswer(f"the matrix has {rows} rows and {columns} party columns")


async def _get_body(port: int, path: str, cookie: str) -> bytes:
    client = await Client.open(port)
    try:
        headers = {"Cookie": f"inwriting_session={cookie}"}
        return expect(await client.send("GET", path, headers), 200, path).body
    finally:
        client.close()


# -- one configuration ----------------------------------------------------------------------------


def measure(cfg: Config, report: Report, label: str, url: str, workers: int) -> None:
    db = Database(url)
    try:
        db.upgrade()
        fixture = build_fixture(db, cfg)
    finally:
        db.dispose()
    with running_server(url, workers) as port:
        cookie = asyncio.run(sign_in(port, "p01"))
        check_matrix(port, fixture, cookie, cfg)
        writers = min(cfg.clients, cfg.parties)
        results = [
            asyncio.run(closed_loop(port, cfg.clients, cfg, "static", static_step())),
            asyncio.run(
                closed_loop(port, cfg.clients, cfg, "matrix", matrix_step(fixture.matrix, cookie))
            ),
            asyncio.run(closed_loop(port, writers, cfg, "submission", submission_step(fixture))),
        ]
    name = f"{label}, {workers} worker{'s' if workers > 1 else ''}"
    report.runs.append((name, results))
    ratio = results[1].quantile(0.99) / results[0].quantile(0.99)
    report.targets.append(
        (ratio <= TARGET, f"{name}: matrix p99 within {TARGET:.0f}x of static p99: {ratio:.2f}x")
    )


# -- output ---------------------------------------------------------------------------------------


def print_report(cfg: Config, report: Report) -> None:
    print(
        f"\nInWriting web benchmark: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; "
        f"{cfg.articles} articles x {cfg.parties} parties, {cfg.clients} clients, "
        f"{cfg.seconds:g} s per measurement after {cfg.warmup:g} s of warm-up\n"
    )
    print(f"{'configuration':<24}{'measurement':<12}{'ops/s':>8}{'p50 ms':>9}{'p99 ms':>9}", end="")
    print(f"{'p50 / static':>14}{'p99 / static':>14}")
    for name, results in report.runs:
        static = results[0]
        for result in results:
            print(f"{name:<24}{_figures(result)}", end="")
            if result is not static:
                p50 = result.quantile(0.5) / static.quantile(0.5)
                p99 = result.quantile(0.99) / static.quantile(0.99)
                print(f"{p50:>13.2f}x{p99:>13.2f}x", end="")
            print()
    print("\ntargets")
    for met, description in report.targets:
        print(f"{'PASS' if met else 'MISS'}  {description}")


def _figures(result: Result) -> str:
    p50, p99 = result.quantile(0.5) * 1000, result.quantile(0.99) * 1000
    return f"{result.name:<12}{result.rate:>8,.0f}{p50:>9.2f}{p99:>9.2f}"


# -- main -----------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> Config:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, help="articles in the version (default 100)")
    parser.add_argument("--parties", type=int, help="parties asked to answer (default 10)")
    parser.add_argument("--clients", type=int, help="concurrent clients (default 10)")
    parser.add_argument("--seconds", type=float, help="per measurement (default 10)")
    parser.add_argument("--warmup", type=float, help="before each measurement (default 2)")
    parser.add_argument("--workers", type=int, nargs="+", help="worker counts (default 1 2)")
    parser.add_argument("--postgres", default=os.environ.get(PG_ENV), help=f"or ${PG_ENV}")
    parser.add_argument("--quick", action="store_true", help="a small smoke run on SQLite")
    args = parser.parse_args(argv)
    quick = args.quick
    parties = args.parties or (3 if quick else 10)
    return Config(
        articles=args.articles or (20 if quick else 100),
        parties=parties,
        clients=args.clients or parties,
        seconds=args.seconds or (1.0 if quick else 10.0),
        warmup=args.warmup or (0.3 if quick else 2.0),
        workers=tuple(args.workers or ((1,) if quick else (1, 2))),
        postgres=None if quick else args.postgres or None,
    )


def main(argv: Sequence[str] | None = None) -> int:
    cfg = parse_args(argv)
    report = Report()
    try:
        for workers in cfg.workers:
            print(f"measuring: SQLite, {workers} worker(s)", file=sys.stderr, flush=True)
            with sqlite_url("inwriting-web-bench-") as url:
                measure(cfg, report, "SQLite", url, workers)
        for workers in cfg.workers if cfg.postgres else ():
            print(f"measuring: PostgreSQL, {workers} worker(s)", file=sys.stderr, flush=True)
            with postgres_url(cfg.postgres or "") as url:
                measure(cfg, report, "PostgreSQL", url, workers)
    except WrongAnswer as error:
        print(f"FAIL  {error}", file=sys.stderr)
        return 1
    print_report(cfg, report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
