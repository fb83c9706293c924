"""How fast are the pages under load? The agreement matrix, the consolidated text and response
submission, each next to a static file served by the same server.

Run ``.venv/bin/python bench/web.py [--un] [--postgres URL] [--quick]``. For each database
(SQLite in a temporary directory always; PostgreSQL too when ``--postgres`` or
``INWRITING_TEST_DATABASE_URL`` names a server, where the bench creates a database of its own
and drops it at the end) the bench builds a data set through the services, then for one and
two worker processes starts the real server (``python -m inwriting --database URL serve
--workers N``) on it and drives it on loopback with concurrent clients. See
docs/benchmarks.md.

The data set is a negotiation: a tabling party and the parties asked to answer a version
(by default ten parties and 100 articles; ``--un``: 193 parties, the United Nations, and 400
articles), each party having submitted a formal response (mostly accepts, with exceptions,
amendments, rejections and deletions mixed in), so every cell of the matrix is filled in.

What is measured (closed loop: each client sends its next request when the last one is
answered, on its own keep-alive HTTP/1.1 connection; throughput is completed operations per
second, latency is from the client's first byte out to its last byte in):

* **static**: ``GET /static/style.css``. The ceiling, and the baseline of every ratio: the
  same process, the same sockets, the same client and the same concurrency, but no database
  and no template, so whatever a page costs beyond it is the application's own work.
* **matrix**: ``GET /negotiations/{slug}/versions/{id}/matrix``, signed in (a session cookie
  from a real ``POST /login``): the first screen, the whole table when it fits a page (100 x
  10: 1,000 cells), else the heat map (a line per provision counting each position). Target:
  p99 within 5x of the static p99.
* **table page** (only when the matrix is larger than a page): ``...matrix?parties=1&
  provisions=1``, the first page of the full table (20 parties by 100 provisions). Target: p99
  within 5x of the static p99.
* **consolidated**: ``GET /negotiations/{slug}/versions/{id}/consolidated``, signed in: every
  submitted position written into the text, in brackets. Target: p99 within 10x of the static
  p99.
* **submission**: one client per party (at most ``--clients``), each in turn saving the party's
  full draft (``PUT /api/v1/versions/{id}/draft``, a position per article) and submitting it
  (``POST /api/v1/responses/{id}/submit``) with the bearer token of the party's principal.
  Every round supersedes the party's previous response, as a party answering again does; one
  operation is the pair. Writers are serialised by the database (one writer at a time, the
  record's lock), so this shows what a burst of submissions costs. Target: p50 within 10x of
  the static p50.

Each measurement runs for ``--seconds`` after ``--warmup`` seconds of the same load (which
also fills each worker's template and query caches). The bench is a measurement, not a test:
only a wrong answer (a status other than the one expected, a matrix page without its rows)
fails the run (exit status 1); a missed target prints MISS. After the run the record of each
database is verified from scratch (``inwriting record verify``'s check): the data set and
the submissions made under load are a valid record, or the run fails.
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
TARGET = 5.0  # matrix p99 / static p99 (and a page of its full table)
CONSOLIDATED_TARGET = 10.0  # consolidated text p99 / static p99
SUBMISSION_TARGET = 10.0  # submission p50 / static p50
PAGE_PARTIES, PAGE_PROVISIONS = 20, 100  # a page of the full matrix (web/versions.py)
STATIC = "/static/style.css"
PATIENCE = 60.0  # seconds an operation may take before the run is called off
STARTUP = 120.0  # seconds the server may take to answer its first request (a shared machine)


@dataclass(frozen=True)
class Config:
    articles: int
    parties: int
    name: str  # "default", "quick", "un"
    clients: int  # for the GETs; submissions use one client per party, at most this many
    seconds: float
    warmup: float
    workers: tuple[int, ...]
    postgres: str | None

    @property
    def paged(self) -> bool:
        """The matrix is larger than a page: it opens on a heat map."""
        return self.parties > PAGE_PARTIES or self.articles > PAGE_PROVISIONS


@dataclass(frozen=True)
class Fixture:
    """What the load needs to know about the data set built for it."""

    version_id: int
    drafts: dict[str, bytes]  # party -> the JSON body of its PUT draft
    tokens: dict[str, str]  # party -> bearer token of its principal

    @property
    def matrix(self) -> str:
        return f"/negotiations/{SLUG}/versions/{self.version_id}/matrix"

    @property
    def table_page(self) -> str:
        return f"{self.matrix}?parties=1&provisions=1"

    @property
    def consolidated(self) -> str:
        return f"/negotiations/{SLUG}/versions/{self.version_id}/consolidated"


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
    builds: list[tuple[str, float]] = field(default_factory=list)  # database, seconds


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
    """The negotiation, through the services as a user would make it (no raw SQL): for 193
    parties and 400 articles, about 800 transactions, each appending to the record."""
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
def running_server(url: str, data: str, workers: int) -> Iterator[int]:
    """``inwriting serve`` in a process of its own, on a free loopback port, with ``data`` as
    its data folder (where its record key lives); stopped after."""
    port = _free_port()
    env = os.environ | {"INWRITING_DATA_DIR": data}
    command = [sys.executable, "-m", "inwriting", "--database", url]
    command += ["serve", "--port", str(port), "--workers", str(workers)]
    log = Path(data) / f"server-{workers}.log"
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
    deadline = time.monotonic() + STARTUP
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise WrongAnswer(f"the server exited:\n{log.read_text(errors='replace')[-2000:]}")
        try:
            if asyncio.run(_get_once(port, STATIC)) == 200:
                return
        except (OSError, asyncio.IncompleteReadError):
            pass
        time.sleep(0.1)
    tail = log.read_text(errors="replace")[-2000:]
    raise WrongAnswer(f"the server did not answer within {STARTUP:g} s:\n{tail}")


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


def page_step(path: str, cookie: str) -> Step:
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


def check_pages(port: int, fixture: Fixture, cookie: str, cfg: Config) -> None:
    """The pages under load are the real ones: a matrix with a row per article (and, on a
    page of the full table, a column per party shown), a consolidated text naming the parties
    asked."""
    page = asyncio.run(_get_body(port, fixture.matrix, cookie)).decode()
    rows = len(re.findall(r'<th scope="row"><a href=', page))
    columns = len(re.findall(r'<th scope="col">State \d+</th>', page))
    if (rows, columns) != (cfg.articles, 0 if cfg.paged else cfg.parties):
        raise WrongAnswer(f"the matrix has {rows} rows and {columns} party columns")
    if cfg.paged:
        if 'class="matrix heat"' not in page:
            raise WrongAnswer("a matrix larger than a page does not open on its heat map")
        page = asyncio.run(_get_body(port, fixture.table_page, cookie)).decode()
        rows = len(re.findall(r'<th scope="row"><a href=', page))
        columns = len(re.findall(r'<th scope="col">State \d+</th>', page))
        expected = (min(cfg.articles, PAGE_PROVISIONS), min(cfg.parties, PAGE_PARTIES))
        if (rows, columns) != expected:
            raise WrongAnswer(f"a page of the matrix has {rows} rows and {columns} columns")
    text = asyncio.run(_get_body(port, fixture.consolidated, cookie)).decode()
    if "Parties asked: State 01" not in text:
        raise WrongAnswer("the consolidated text does not name the parties asked")


async def _get_body(port: int, path: str, cookie: str) -> bytes:
    client = await Client.open(port)
    try:
        headers = {"Cookie": f"inwriting_session={cookie}"}
        return expect(await client.send("GET", path, headers), 200, path).body
    finally:
        client.close()


# -- one configuration ----------------------------------------------------------------------------


def measure(cfg: Config, report: Report, label: str, url: str) -> None:
    """Build the data set once in the database at ``url``, then measure each worker count on
    it (submissions under load supersede responses: every party still has answered)."""
    print(f"building: {label}, {cfg.articles} x {cfg.parties}", file=sys.stderr, flush=True)
    began = time.perf_counter()
    db = Database(url)
    try:
        db.upgrade()
        fixture = build_fixture(db, cfg)
    finally:
        db.dispose()
    report.builds.append((label, time.perf_counter() - began))
    with tempfile.TemporaryDirectory(prefix="inwriting-web-bench-") as data:
        for workers in cfg.workers:
            print(f"measuring: {label}, {workers} worker(s)", file=sys.stderr, flush=True)
            measure_workers(cfg, report, label, (url, data), workers, fixture)
        verify(url, data, label)


def measure_workers(
    cfg: Config,
    report: Report,
    label: str,
    where: tuple[str, str],  # database URL, data folder
    workers: int,
    fixture: Fixture,
) -> None:
    with running_server(*where, workers) as port:
        cookie = asyncio.run(sign_in(port, "p01"))
        check_pages(port, fixture, cookie, cfg)
        writers = min(cfg.clients, cfg.parties)
        gets = [("matrix", fixture.matrix)]
        if cfg.paged:
            gets.append(("table page", fixture.table_page))
        gets.append(("consolidated", fixture.consolidated))
        results = [asyncio.run(closed_loop(port, cfg.clients, cfg, "static", static_step()))]
        for name, path in gets:
            step = page_step(path, cookie)
            results.append(asyncio.run(closed_loop(port, cfg.clients, cfg, name, step)))
        results.append(
            asyncio.run(closed_loop(port, writers, cfg, "submission", submission_step(fixture)))
        )
    name = f"{label}, {workers} worker{'s' if workers > 1 else ''}"
    report.runs.append((name, results))
    static = results[0]
    for result in results[1:]:
        quantile, target = {
            "consolidated": (0.99, CONSOLIDATED_TARGET),
            "submission": (0.5, SUBMISSION_TARGET),
        }.get(result.name, (0.99, TARGET))
        ratio = result.quantile(quantile) / static.quantile(quantile)
        p = f"p{round(quantile * 100)}"
        report.targets.append(
            (
                ratio <= target,
                f"{name}: {result.name} {p} within {target:.0f}x of static {p}: {ratio:.2f}x",
            )
        )


def verify(url: str, data: str, label: str) -> None:
    """``inwriting record verify`` with the servers' data folder (their record key): the
    data set and every submission made under load are a valid record, or the run fails."""
    command = [sys.executable, "-m", "inwriting", "--database", url, "record", "verify"]
    env = os.environ | {"INWRITING_DATA_DIR": data}
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise WrongAnswer(f"{label}: the record does not verify:\n{done.stdout}{done.stderr}")
    print(f"verified: {label}: {done.stdout.strip()}", file=sys.stderr, flush=True)


# -- output ---------------------------------------------------------------------------------------


def print_report(cfg: Config, report: Report) -> None:
    print(
        f"\nInWriting web benchmark: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; "
        f"{cfg.articles} articles x {cfg.parties} parties, {cfg.clients} clients, "
        f"{cfg.seconds:g} s per measurement after {cfg.warmup:g} s of warm-up"
    )
    for label, seconds in report.builds:
        print(f"data set built through the services on {label} in {seconds:.1f} s")
    print()
    print(f"{'configuration':<24}{'measurement':<14}{'ops/s':>8}{'p50 ms':>9}{'p99 ms':>9}", end="")
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
    return f"{result.name:<14}{result.rate:>8,.0f}{p50:>9.2f}{p99:>9.2f}"


# -- main -----------------------------------------------------------------------------------------


PRESETS = {  # name: (articles, parties, clients, seconds, warm-up, workers)
    "default": (100, 10, None, 10.0, 2.0, (1, 2)),
    "quick": (20, 3, None, 1.0, 0.3, (1,)),
    "un": (400, 193, 10, 10.0, 2.0, (1, 2)),
}


def parse_args(argv: Sequence[str] | None) -> Config:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, help="articles in the version (default 100)")
    parser.add_argument("--parties", type=int, help="parties asked to answer (default 10)")
    parser.add_argument("--clients", type=int, help="concurrent clients (default: --parties)")
    parser.add_argument("--seconds", type=float, help="per measurement (default 10)")
    parser.add_argument("--warmup", type=float, help="before each measurement (default 2)")
    parser.add_argument("--workers", type=int, nargs="+", help="worker counts (default 1 2)")
    parser.add_argument("--postgres", default=os.environ.get(PG_ENV), help=f"or ${PG_ENV}")
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="a small smoke run on SQLite")
    size.add_argument(
        "--un", action="store_true", help="the United Nations: 400 articles x 193 parties"
    )
    args = parser.parse_args(argv)
    name = "quick" if args.quick else "un" if args.un else "default"
    articles, parties, clients, seconds, warmup, workers = PRESETS[name]
    parties = args.parties or parties
    return Config(
        articles=args.articles or articles,
        parties=parties,
        name=name,
        clients=args.clients or clients or parties,
        seconds=args.seconds or seconds,
        warmup=args.warmup or warmup,
        workers=tuple(args.workers or workers),
        postgres=None if args.quick else args.postgres or None,
    )


def main(argv: Sequence[str] | None = None) -> int:
    cfg = parse_args(argv)
    report = Report()
    try:
        with sqlite_url("inwriting-web-bench-") as url:
            measure(cfg, report, "SQLite", url)
        if cfg.postgres:
            with postgres_url(cfg.postgres) as url:
                measure(cfg, report, "PostgreSQL", url)
    except WrongAnswer as error:
        print(f"FAIL  {error}", file=sys.stderr)
        return 1
    print_report(cfg, report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
