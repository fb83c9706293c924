"""Commitments in the browser: record, rate, withdraw and dispute with sources through forms,
as the CLI and the API do; the history shows when each step was recorded apart from when
it happened (for the first step: when the promise was made)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from inwriting.services import commitments
from inwriting.services.actors import OPERATOR
from inwriting.services.demo import BRENMARK, CORVINIA, DEMO_PASSWORD
from tests.conftest import copy_demo

N = "/negotiations/lysra-basin"


@pytest.fixture
def client(demo_template: Path, tmp_path: Path) -> Iterator[TestClient]:
    app = copy_demo(demo_template, tmp_path / "site")
    with TestClient(app) as client:
        yield client


def _as(client: TestClient, who: str) -> str:
    """Sign in as ``who``; the CSRF token of the session."""
    client.cookies.clear()
    if who != "anonymous":
        csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
        assert csrf is not None
        form = {"username": who, "password": DEMO_PASSWORD, "csrf": csrf.group(1)}
        assert client.post("/login", data=form, follow_redirects=False).status_code == 303
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(f"{N}/commitments").text)
    return found.group(1) if found else ""


def _count(client: TestClient) -> int:
    return len(commitments.list_commitments(client.app.state.db, OPERATOR, "lysra-basin"))  # type: ignore[attr-defined]


PROMISE = {
    "party": BRENMARK,
    "text": "Publish the *flood* maps.",
    "made": "2026-11-02",
    "due": "2027-01-15",
    "source": "meeting",
    "citation": "Round 3, minutes p. 4",
    "quote": "We will publish the maps",
    "link": "https://example.org/minutes",
}


def test_a_promise_is_recorded_rated_and_disputed_with_forms(client: TestClient) -> None:
    csrf = _as(client, "cleo")
    page = client.get(f"{N}/commitments").text
    assert 'action="/negotiations/lysra-basin/commitments"' in page and "Record a promise" in page
    form = {**PROMISE, "csrf": csrf, "to": [CORVINIA]}
    done = client.post(f"{N}/commitments", data=form, follow_redirects=False)
    assert done.status_code == 303
    path = done.headers["location"]
    cid = int(path.rsplit("/", 1)[1])
    shown = client.get(path).text
    # made (the promise) and recorded (now) are shown apart, in the header and the history
    assert "<strong>made</strong> 02 Nov 2026, 00:00 UTC" in shown
    recorded = commitments.get_commitment(client.app.state.db, OPERATOR, cid).history[0]  # type: ignore[attr-defined]
    assert recorded.effective_at.isoformat() == "2026-11-02T00:00:00+00:00"
    assert f'<time datetime="{recorded.recorded_at.isoformat()}">' in shown
    assert recorded.recorded_at != recorded.effective_at
    # a principal of the promising party rates it, with evidence
    csrf = _as(client, "bo")
    rate = {
        "csrf": csrf,
        "status": "in_the_works",
        "rationale": "Drafting the maps.",
        "citation": "Letter of 3 Dec",
        "link": "",
        "record_entry": "",
    }
    assert client.post(f"{path}/status", data=rate, follow_redirects=False).status_code == 303
    # another party disputes it, with its sources; the promise stays as it was
    csrf = _as(client, "cato")
    dispute = {
        "csrf": csrf,
        "party": CORVINIA,
        "rationale": "The maps promised were the **2020** ones.",
        "citation": "Verbatim record, p. 12",
        "link": "https://example.org/verbatim",
        "record_entry": "0",
    }
    assert client.post(f"{path}/dispute", data=dispute, follow_redirects=False).status_code == 303
    after = commitments.get_commitment(client.app.state.db, OPERATOR, cid)  # type: ignore[attr-defined]
    assert [h.status.value for h in after.history] == ["not_yet_rated", "in_the_works", "disputed"]
    assert after.history[-1].party == CORVINIA and after.history[-1].evidence.record_index == 0
    assert after.text == "Publish the *flood* maps."
    page = client.get(path).text
    assert "<strong>2020</strong>" in page and "Verbatim record, p. 12" in page


def test_refused_forms_show_every_problem_and_record_nothing(client: TestClient) -> None:
    before = _count(client)
    csrf = _as(client, "cleo")
    bad = {**PROMISE, "csrf": csrf, "quote": " ", "due": "2026-10-01"}
    refused = client.post(f"{N}/commitments", data=bad)
    assert refused.status_code == 422
    assert "quote" in refused.text and "due_at" in refused.text
    assert "Publish the *flood* maps." in refused.text  # what was typed is kept
    not_a_date = client.post(f"{N}/commitments", data={**PROMISE, "csrf": csrf, "made": "soon"})
    assert not_a_date.status_code == 422 and "not a date" in not_a_date.text
    assert client.post(f"{N}/commitments", data=PROMISE).status_code == 403  # no CSRF token
    assert _count(client) == before
    made = client.post(f"{N}/commitments", data={**PROMISE, "csrf": csrf}, follow_redirects=False)
    cid = int(made.headers["location"].rsplit("/", 1)[1])
    db = client.app.state.db  # type: ignore[attr-defined]
    before = len(commitments.get_commitment(db, OPERATOR, cid).history)
    # a drafter may not rate; the refusal is shown on the commitment's page
    rate = {"csrf": csrf, "status": "kept", "rationale": "Done.", "citation": "x"}
    refused = client.post(f"{N}/commitments/{cid}/status", data=rate)
    assert refused.status_code == 403 and "Not recorded" in refused.text
    empty = client.post(
        f"{N}/commitments/{cid}/dispute",
        data={"csrf": csrf, "party": CORVINIA, "rationale": " ", "citation": ""},
    )
    assert empty.status_code == 422 and "Not recorded" in empty.text
    entry = client.post(
        f"{N}/commitments/{cid}/dispute",
        data={"csrf": csrf, "party": CORVINIA, "rationale": "No.", "record_entry": "x1"},
    )
    assert entry.status_code == 422 and "not an entry" in entry.text
    assert len(commitments.get_commitment(db, OPERATOR, cid).history) == before


def test_outsiders_get_no_forms_and_their_posts_find_nothing(client: TestClient) -> None:
    cid = commitments.list_commitments(client.app.state.db, OPERATOR, "lysra-basin")[0].id  # type: ignore[attr-defined]
    _as(client, "oskar")  # an observer: reads, records nothing
    page = client.get(f"{N}/commitments/{cid}").text
    assert "Dispute it" not in page
    assert "Record a promise" not in client.get(f"{N}/commitments").text
    before = _count(client)
    client.cookies.clear()
    assert client.post(f"{N}/commitments", data=PROMISE).status_code in (401, 303, 403)
    assert _count(client) == before
