"""Two workers over one database behave as one: what a browser did through one is known to
the other, sign-in limits count across them, and their writes share one gap-free record.

Each "worker" is an app of its own over the same database (on SQLite and on PostgreSQL), with
its own engine, connection pool and caches, as a process started by ``serve --workers`` has.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from inwriting.app import create_app
from inwriting.services import accounts, parties, record
from inwriting.services.actors import OPERATOR
from inwriting.services.demo import DEMO_PASSWORD, load_demo
from inwriting.services.record_keys import RecordKey
from inwriting.services.verification import verify_record
from inwriting.settings import Settings
from inwriting.storage.engine import Database
from inwriting.storage.models import RecordEntryRow
from inwriting.tlog.notes import Ed25519Signer


@pytest.fixture
def workers(db: Database, tmp_path: Path) -> Iterator[tuple[TestClient, TestClient]]:
    load_demo(db)
    settings = Settings(database_url=db.url, data_dir=tmp_path / "data")
    first, second = (
        create_app(settings, checkpointer=False),
        create_app(settings, checkpointer=False),
    )
    with TestClient(first) as a, TestClient(second) as b:
        yield a, b


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def _sign_in(client: TestClient, username: str, password: str) -> int:
    form = {"username": username, "password": password, "csrf": _csrf(client.get("/login").text)}
    return client.post("/login", data=form, follow_redirects=False).status_code


def test_a_session_made_through_one_worker_holds_on_the_other(
    workers: tuple[TestClient, TestClient],
) -> None:
    a, b = workers
    assert _sign_in(a, "cleo", DEMO_PASSWORD) == 303
    b.cookies.update(a.cookies)
    page = b.get("/account/tokens")
    assert page.status_code == 200 and "cleo" in page.text
    csrf = _csrf(a.get("/account/tokens").text)
    assert _csrf(page.text) == csrf  # the form's token is the session's, wherever it is read
    made = b.post("/account/tokens", data={"name": "laptop", "csrf": csrf})
    assert made.status_code == 200 and "iw_" in made.text
    assert b.post("/logout", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    assert a.get("/account/tokens", follow_redirects=False).status_code == 303  # ended on both


def test_failed_sign_ins_count_across_workers(workers: tuple[TestClient, TestClient]) -> None:
    """The free failures are shared, not one set per worker; the next is refused, even with
    the right password, until the delay has passed (the clock is the real one here)."""
    a, b = workers
    statuses = [
        _sign_in(client, "cato", "not the password") for client in (a, b) * accounts.FREE_FAILURES
    ]
    free = accounts.FREE_FAILURES
    assert statuses[:free] == [401] * free
    assert set(statuses[free:]) == {429}  # not twice as many, one set per worker
    assert _sign_in(b, "cato", DEMO_PASSWORD) == 429  # from this address, for a second


def test_writes_through_two_workers_share_one_gap_free_record(db: Database) -> None:
    load_demo(db)
    other = Database(db.url)
    before = record.record_size(db)
    failures: list[BaseException] = []

    def register(worker: Database, n: int) -> None:
        try:
            for k in range(5):
                parties.add_party(worker, OPERATOR, "lysra-basin", f"Observer State {n}-{k}")
        except BaseException as error:
            failures.append(error)

    threads = [
        threading.Thread(target=register, args=(worker, n))
        for n, worker in enumerate((db, other, db, other))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    other.dispose()
    assert failures == []
    with db.reading() as session:
        count = session.scalar(select(func.count()).select_from(RecordEntryRow))
        last = session.scalar(select(func.max(RecordEntryRow.index)))
    assert last is not None and count == last + 1 == before + 20
    key = RecordKey(Ed25519Signer("test.example/record", bytes(range(32))))
    record.publish_checkpoint(db, key)
    assert verify_record(db, key.signer.verifier()).ok
