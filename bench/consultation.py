"""Public consultations at scale (issue 17, point 2): a million comments on PostgreSQL.

Run ``.venv/bin/python bench/consultation.py --database postgresql://…/postgres
[--comments 1000000] [--through-service 2000]`` (or with ``INWRITING_TEST_DATABASE_URL``
set). A fresh database is made on that server and dropped afterwards.

1. **Grouping throughput**: ``--through-service`` comments sent one by one through
   ``consultations.add_comment`` (the path a web request takes: checks, pace limit, exact
   digest, MinHash, LSH bands, one transaction each), mixed as a campaign arrives (copies and
   light edits of a few form letters, and individual comments), side by side with the
   MinHash-and-bands step alone; comments per second.
2. **A million comments**: loaded with COPY as the service would have grouped them (copies of
   a letter share its group; each individual comment is its own group), 60 % of them a
   campaign against one provision. Then the per-provision summary of that provision, as the
   provision page asks for it: **cold** (a new process's first call: new connections, empty
   statement caches; the server's buffers are as loading left them) and **warm** (median of
   20), beside the baseline of counting the provision's comments. Targets: <= 2 s cold,
   <= 200 ms warm.
3. The CSV export of that provision (rows per second).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.databases import postgres_url

from inwriting.domain.consultations import CommentText, Stance
from inwriting.domain.digests import sha256_hex
from inwriting.domain.documents import ParsedDocument, Provision, ProvisionKind
from inwriting.domain.negotiations import Role, Visibility
from inwriting.services import consultations, documents, negotiations, parties, users
from inwriting.services.actors import OPERATOR, Actor
from inwriting.storage.engine import Database

T0 = datetime(2026, 12, 1, tzinfo=UTC)
PROVISIONS = 100
TARGET = "art-1"  # the campaign's provision
WORDS = [
    "water",
    "river",
    "basin",
    "flow",
    "drought",
    "flood",
    "farmers",
    "delta",
    "notice",
    "consultation",
    "data",
    "weekly",
    "upstream",
    "downstream",
    "diversion",
    "treaty",
    "party",
    "state",
    "fish",
    "habitat",
    "season",
    "permit",
    "gauge",
    "station",
    "monitoring",
    "report",
    "public",
    "right",
    "access",
    "fair",
    "share",
    "climate",
    "dam",
    "reservoir",
    "irrigation",
    "city",
    "supply",
    "quality",
    "pollution",
    "standard",
    "enforce",
    "tribunal",
    "dispute",
    "panel",
]
LETTERS = [
    "Article 1 would let upstream states divert water in a drought without telling anyone "
    "downstream. Farmers in the delta depend on the spring flood. Require notice and "
    "consultation before any diversion, and publish the flow data every week.",
    "I oppose Article 1. A river is shared by everyone who lives along it; no state should "
    "decide alone how much water the others receive. Put an independent panel in charge.",
    "Article 1 says nothing about fish. Salmon need the autumn flow to reach their spawning "
    "grounds; set a minimum flow for every season and measure it at the border.",
]


def _individual(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(25, 60)))


def _variant(letter: str, rng: random.Random) -> str:
    """A campaign copy: mostly verbatim, some lightly edited, as people send them."""
    roll = rng.random()
    if roll < 0.7:
        return letter
    if roll < 0.85:
        return f"Dear negotiators, {letter} Yours sincerely."
    return letter.replace("every week", "every day").upper()


def _setup(db: Database, names: int) -> int:
    users.create_user(db, OPERATOR, "tabler", "Tabler", now=T0)
    slug = negotiations.create_negotiation(
        db, OPERATOR, "Consultation", visibility=Visibility.PUBLIC, now=T0
    ).slug
    parties.add_party(db, OPERATOR, slug, "Commission", now=T0)
    parties.add_member(db, OPERATOR, slug, "Commission", "tabler", Role.DRAFTER, now=T0)
    provisions = tuple(
        Provision(f"art-{i}", ProvisionKind.ARTICLE, f"Article {i}", str(i), "", f"Text {i}.")
        for i in range(1, PROVISIONS + 1)
    )
    draft = ParsedDocument("Regulation", provisions)
    version = documents.table_version(db, Actor("tabler"), slug, "Commission", draft, now=T0)
    consultations.open_consultation(db, Actor("tabler"), version.id, now=T0)
    with db.engine.begin() as conn:  # the commenters, by COPY
        raw = conn.connection.driver_connection
        assert raw is not None
        with raw.cursor().copy(
            "COPY users (username, display_name, is_admin, created_at) FROM STDIN"
        ) as copy:
            for i in range(names):
                copy.write_row((f"p{i}", f"Person {i}", False, T0))
    return version.id


def bench_service(db: Database, version: int, count: int, rng: random.Random) -> None:
    texts = []
    for i in range(count):
        key = f"art-{rng.randint(2, PROVISIONS)}"
        campaign = rng.random() < 0.6
        body = _variant(LETTERS[i % len(LETTERS)], rng) if campaign else _individual(rng)
        texts.append((f"p{i}", key, body))
    started = time.perf_counter()
    for name, key, body in texts:
        consultations.add_comment(
            db, Actor(name), version, key, CommentText(Stance.OPPOSE, body), now=T0
        )
    through = count / (time.perf_counter() - started)
    started = time.perf_counter()
    for _, _, body in texts:
        consultations.band_hashes(
            consultations.minhash(CommentText(Stance.OPPOSE, body).argument())
        )
    alone = count / (time.perf_counter() - started)
    print(f"grouping through the service: {through:8.0f} comments/s ({count} comments)")
    print(f"MinHash and bands alone:       {alone:8.0f} comments/s ({through / alone:.2f}x)")


def load(db: Database, version: int, count: int, offset: int, rng: random.Random) -> None:
    """``count`` comments by COPY, grouped as the service groups them."""
    groups: dict[tuple[str, str], int] = {}  # (provision, argument digest) -> group
    next_group = first_group = _max_id(db, "comment_groups") + 1
    group_rows: list[list[object]] = []
    signature = bytes(8 * consultations.PERMUTATIONS)
    started = time.perf_counter()
    comments: list[tuple[object, ...]] = []
    for i in range(count):
        if rng.random() < 0.6:
            key, body = TARGET, _variant(LETTERS[i % len(LETTERS)], rng)
        else:
            key, body = f"art-{rng.randint(1, PROVISIONS)}", _individual(rng)
        digest = sha256_hex(CommentText(Stance.OPPOSE, body).argument().encode())
        group = groups.get((key, digest))
        if group is None:
            group = groups[(key, digest)] = next_group
            next_group += 1
            group_rows.append([group, version, key, "oppose", signature, 0, None, T0])
        user = offset + i + 1  # one comment per person here
        group_rows[group - first_group][5] += 1
        comments.append(
            (version, key, user, "oppose", "", body, digest, group, "published", T0, T0)
        )
    columns = (
        "version_id, provision_key, user_id, stance, wording, reason, argument_sha256, "
        "group_id, status, created_at, moderated_at"
    )
    with db.engine.begin() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        groups_copy = "COPY comment_groups (id, version_id, provision_key, stance, signature, "
        groups_copy += "published, first_published, created_at) FROM STDIN"
        with raw.cursor().copy(groups_copy) as copy:
            for row in group_rows:
                copy.write_row(row)
        with raw.cursor().copy(f"COPY public_comments ({columns}) FROM STDIN") as copy:
            for row in comments:
                copy.write_row(row)
    with db.engine.begin() as conn:
        conn.execute(  # each group's first comment, as moderation records it
            text(
                "UPDATE comment_groups g SET first_published = m.first FROM (SELECT group_id, "
                "min(id) AS first FROM public_comments GROUP BY group_id) m "
                "WHERE g.id = m.group_id AND g.first_published IS NULL"
            )
        )
        conn.execute(
            text(
                "SELECT setval(pg_get_serial_sequence('comment_groups', 'id'), max(id)) "
                "FROM comment_groups"
            )
        )
        conn.execute(text("ANALYZE public_comments"))
        conn.execute(text("ANALYZE comment_groups"))
    took = time.perf_counter() - started
    print(f"loaded {count:,} comments in {took:.0f} s ({len(group_rows):,} groups)")


def _max_id(db: Database, table: str) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT coalesce(max(id), 0) FROM {table}")).scalar_one())


def _summary_once(url: str, version: int) -> float:
    db = Database(url)
    started = time.perf_counter()
    consultations.summary(db, OPERATOR, version, TARGET)
    took = time.perf_counter() - started
    db.dispose()
    return took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=os.environ.get("INWRITING_TEST_DATABASE_URL"))
    parser.add_argument("--comments", type=int, default=1_000_000)
    parser.add_argument("--through-service", type=int, default=2_000)
    parser.add_argument("--cold-for", help=argparse.SUPPRESS)  # a child's cold call
    parser.add_argument("--version", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cold_for:
        print(f"{_summary_once(args.cold_for, args.version):.6f}")
        return 0
    if not args.database:
        sys.exit("name a PostgreSQL server: --database URL or INWRITING_TEST_DATABASE_URL")
    rng = random.Random(17)
    with postgres_url(args.database) as url:
        db = Database(url)
        db.upgrade()
        names = args.through_service + args.comments
        version = _setup(db, names)
        offset = _max_id(db, "users") - names  # the COPY-made users' ids start after this
        bench_service(db, version, args.through_service, rng)
        load(db, version, args.comments, offset + args.through_service, rng)
        cold = float(
            subprocess.run(
                [sys.executable, __file__, "--cold-for", url, "--version", str(version)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        warm_runs = [_summary_once_warm(db, version) for _ in range(20)]
        warm = statistics.median(warm_runs)
        baseline = statistics.median(_count(db, version) for _ in range(20))
        found = consultations.summary(db, OPERATOR, version, TARGET)
        total = sum(found.counts.values())
        print(f"{TARGET}: {total:,} comments, {found.arguments:,} distinct arguments")
        print(f"summary cold: {cold * 1000:8.1f} ms (target <= 2000)")
        print(
            f"summary warm: {warm * 1000:8.1f} ms (target <= 200); counting its rows "
            f"{baseline * 1000:.1f} ms ({warm / baseline:.1f}x)"
        )
        started = time.perf_counter()
        _, rows = consultations.comment_table(db, OPERATOR, version, TARGET)
        took = time.perf_counter() - started
        print(f"export of {len(rows):,} rows: {len(rows) / took:,.0f} rows/s")
        verdict = cold <= 2.0 and warm <= 0.2
        print("PASS" if verdict else "MISS")
        db.dispose()
    return 0


def _summary_once_warm(db: Database, version: int) -> float:
    started = time.perf_counter()
    consultations.summary(db, OPERATOR, version, TARGET)
    return time.perf_counter() - started


def _count(db: Database, version: int) -> float:
    started = time.perf_counter()
    with db.reading() as session:
        session.execute(
            text(
                "SELECT count(*) FROM public_comments WHERE version_id = :v AND provision_key = :k"
            ),
            {"v": version, "k": TARGET},
        ).scalar_one()
    return time.perf_counter() - started


if __name__ == "__main__":
    sys.exit(main())
