"""Public comment in the browser's pages: the form beside a provision, moderation by
argument, the counts and arguments shown to everyone, and the downloads."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from inwriting.app import create_app
from inwriting.domain.negotiations import Visibility
from inwriting.services import accounts, users
from inwriting.services.actors import OPERATOR
from inwriting.settings import Settings
from inwriting.storage.engine import Database
from tests.integration.builders import build

PASSWORD = "correct horse battery"


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[TestClient, str, int]]:
    url = f"sqlite:///{tmp_path / 'site.db'}"
    db = Database(url)
    db.upgrade()
    setup = build(db, visibility=Visibility.PUBLIC)
    users.create_user(db, OPERATOR, "pia", "Pia Public")
    for name in ("amos", "pia", "ben"):
        accounts.set_password(db, OPERATOR, name, PASSWORD)
    db.dispose()
    app = create_app(Settings(database_url=url, data_dir=tmp_path / "data"), checkpointer=False)
    with TestClient(app) as client:
        yield client, setup.negotiation, setup.version_id


def _sign_in(client: TestClient, username: str) -> str:
    client.cookies.clear()
    page = client.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf is not None
    form = {"username": username, "password": PASSWORD, "csrf": csrf.group(1)}
    assert client.post("/login", data=form, follow_redirects=False).status_code == 303
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/").text)
    assert token is not None
    return token.group(1)


def test_comment_moderate_and_read(site: tuple[TestClient, str, int]) -> None:
    client, slug, version = site
    base = f"/negotiations/{slug}/versions/{version}"
    csrf = _sign_in(client, "amos")
    assert "Open for public comment" in client.get(f"{base}/consultation").text
    opened = client.post(f"{base}/consultation/open", data={"csrf": csrf}, follow_redirects=False)
    assert opened.status_code == 303

    csrf = _sign_in(client, "pia")
    page = client.get(f"{base}/provisions/art-2")
    assert "Your comment on Article 2" in page.text
    form = {"csrf": csrf, "stance": "amend", "wording": "", "reason": "Weekly data."}
    refused = client.post(f"{base}/provisions/art-2/comment", data=form)
    assert refused.status_code == 422 and "propose the wording" in refused.text
    form["wording"] = "The Parties shall publish <script>alert(1)</script> weekly flow data."
    sent = client.post(f"{base}/provisions/art-2/comment", data=form, follow_redirects=False)
    assert sent.status_code == 303
    after = client.get(sent.headers["location"])
    assert "your comment was received" in after.text
    assert "Your comment on Article 2" not in after.text  # once per provision
    forged = client.post(f"{base}/provisions/art-3/comment", data={**form, "csrf": "x"})
    assert forged.status_code == 403
    assert client.get(f"{base}/consultation").status_code == 403  # not a moderator

    csrf = _sign_in(client, "ben")  # a party's member: answers in writing instead
    assert "Your comment on" not in client.get(f"{base}/provisions/art-2").text
    refused = client.post(f"{base}/provisions/art-2/comment", data={**form, "csrf": csrf})
    assert refused.status_code == 403

    csrf = _sign_in(client, "amos")
    queue = client.get(f"{base}/consultation").text
    group = re.search(r'name="group" value="(\d+)"', queue)
    assert group is not None and "weekly flow data" in queue
    assert "<script>alert(1)</script>" not in queue
    done = client.post(f"{base}/consultation/publish", data={"csrf": csrf, "group": group.group(1)})
    assert done.status_code == 200 and "Nothing is waiting" in done.text

    client.cookies.clear()  # anyone may read a public negotiation's comments
    shown = client.get(f"{base}/provisions/art-2").text
    assert "<td>0</td><td>0</td><td>1</td>" in shown.replace("\n", "").replace("  ", "")
    assert "1 person" in shown and "<script>alert(1)</script>" not in shown
    table = client.get(f"{base}/provisions/art-2/comments.csv")
    assert table.status_code == 200 and table.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(table.text)))
    assert rows[0][0] == "Comment" and rows[1][2] == "amend" and len(rows) == 2
    xlsx = client.get(f"{base}/provisions/art-2/comments.xlsx")
    assert xlsx.content[:2] == b"PK"
    assert client.get(f"{base}/provisions/art-2/comments.pdf").status_code == 404
    assert client.get(f"/negotiations/other/versions/{version}/consultation").status_code == 404
