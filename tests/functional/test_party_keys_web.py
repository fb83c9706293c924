"""Party keys and signed acts through the web forms: who may register, revoke and require
signatures; a submission signed with an uploaded signature file; and every refusal shown
on the editor, the draft intact.

Corvinia (demo): ``cleo`` drafter, ``cato`` principal, ``oskar`` observer."""

from __future__ import annotations

import html
import re
from importlib import resources
from urllib.parse import quote

from fastapi import FastAPI
from fastapi.testclient import TestClient

from inwriting.domain.statements import Action, parse_statement, sign_statement
from inwriting.formats.responses.imports import read_any_response
from inwriting.services import documents, party_keys, responses
from inwriting.services.actors import Actor
from inwriting.services.demo import CORVINIA, SLUG
from inwriting.tlog.notes import Ed25519Signer
from tests.functional.test_response_actions import _signed_in

N = f"/negotiations/{SLUG}"
KEYS = f"{N}/parties/{quote(CORVINIA)}/keys"
CATO = Ed25519Signer("cato@corvinia", bytes([4]) * 32)
CLEO = Ed25519Signer("cleo@corvinia", bytes([5]) * 32)


def _csrf(client: TestClient, url: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(url).text)
    assert found is not None
    return found.group(1)


def _draft(app: FastAPI) -> int:
    answer = resources.files("inwriting.demo").joinpath("response-brenmark.yaml")
    text = answer.read_text("utf-8").replace("Kingdom of Brenmark\nkind", f"{CORVINIA}\nkind")
    content = read_any_response(text.encode(), source="a.yaml", party=CORVINIA)
    return responses.save_draft(app.state.db, Actor("cleo"), 1, content).id


def test_only_a_principal_registers_revokes_and_requires(demo_app: FastAPI) -> None:
    for who, status in (("cleo", 403), ("oskar", 403), ("aron", 403), ("cato", 303)):
        client = _signed_in(demo_app, who)
        page = client.get(KEYS)
        assert page.status_code == 200  # public within the negotiation
        assert ("Register a key" in page.text) == (who == "cato")
        form = {"csrf": _csrf(client, KEYS), "vkey": CATO.verifier().vkey, "member": "cato"}
        assert client.post(KEYS, data=form, follow_redirects=False).status_code == status
    cato = _signed_in(demo_app, "cato")
    assert "cato@corvinia" in cato.get(KEYS).text
    policy = {"csrf": _csrf(cato, KEYS), "required": "yes"}
    done = cato.post(
        f"{N}/parties/{quote(CORVINIA)}/signature-policy", data=policy, follow_redirects=False
    )
    assert done.status_code == 303
    assert f"{CORVINIA} requires signatures" in cato.get(KEYS).text
    bad = {"csrf": _csrf(cato, KEYS), "vkey": "not a key"}
    refused = cato.post(KEYS, data=bad, follow_redirects=False)
    assert refused.status_code == 422 and "not a verifier key" in refused.text
    revoke = {"csrf": _csrf(cato, KEYS), "key": CATO.verifier().vkey}
    assert cato.post(f"{KEYS}/revoke", data=revoke, follow_redirects=False).status_code == 303
    assert "revoked" in cato.get(KEYS).text
    outsider = TestClient(demo_app).get(KEYS)  # a private negotiation: as if it did not exist
    assert outsider.status_code == 404


def test_a_signature_file_is_uploaded_with_the_submission(demo_app: FastAPI) -> None:
    db = demo_app.state.db
    party_keys.register_key(db, Actor("cato"), SLUG, CORVINIA, CATO.verifier().vkey)
    party_keys.register_key(db, Actor("cato"), SLUG, CORVINIA, CLEO.verifier().vkey, member="cleo")
    party_keys.set_signature_policy(db, Actor("cato"), SLUG, CORVINIA, True)
    draft = _draft(demo_app)
    cato = _signed_in(demo_app, "cato")
    editor = f"{N}/versions/1/respond?party={quote(CORVINIA)}"
    page = cato.get(editor).text
    assert "inwriting/statement/v1" in page and "requires it" in page
    origin = demo_app.state.settings.record_origin
    statement = responses.statement_for(db, Actor("cato"), draft, Action.RESPONSE_SUBMITTED, origin)
    url = f"{N}/responses/{draft}/submit"

    def submit(signature: str | None) -> tuple[int, str]:
        files = {"signature_file": ("a.sig", (signature or "").encode())} if signature else None
        data = {"csrf": _csrf(cato, editor)}
        done = cato.post(url, data=data, files=files, follow_redirects=False)
        return done.status_code, done.text

    status, text = submit(None)
    assert status == 403 and "requires its members to sign" in text
    status, text = submit(sign_statement(statement, CLEO).format())  # another member's key
    assert status == 422 and "is cleo&#39;s, not cato&#39;s" in text
    status, text = submit(sign_statement(statement, CATO).format().replace("party", "parti"))
    assert status == 422 and "signature refused" in text
    assert responses.get_response(db, Actor("cato"), draft).status == "draft"
    status, _ = submit(sign_statement(statement, CATO).format())
    assert status == 303
    sent = responses.get_response(db, Actor("cato"), draft)
    assert sent.status == "submitted" and sent.signed_with == "cato@corvinia"
    shown = cato.get(f"{N}/responses/{draft}").text
    assert "with the key <strong>cato@corvinia</strong>" in shown
    signature = cato.get(f"/api/v1/record/entries/{sent.record_index}/signature")
    assert signature.status_code == 200 and signature.text.startswith("inwriting/signature/v1")


def test_a_tabling_from_the_import_page_is_signed_where_the_party_requires_it(
    demo_app: FastAPI,
) -> None:
    db = demo_app.state.db
    party_keys.register_key(db, Actor("cato"), SLUG, CORVINIA, CLEO.verifier().vkey, member="cleo")
    party_keys.set_signature_policy(db, Actor("cato"), SLUG, CORVINIA, True)
    cleo = _signed_in(demo_app, "cleo")
    treaty = b"# Corvinian text\n\n## Article 1\n\nWe propose.\n"
    form = {"csrf": _csrf(cleo, f"{N}/import"), "party": CORVINIA, "label": "Signed draft"}
    shown = cleo.post(f"{N}/import", data=form, files={"file": ("c.md", treaty)})
    assert shown.status_code == 200 and "requires it" in shown.text
    said = re.search(r"<pre class=\"small\">(inwriting/statement/v1[^<]*)</pre>", shown.text)
    token = re.search(r'name="token" value="([^"]+)"', shown.text)
    assert said is not None and token is not None
    statement = parse_statement(html.unescape(said.group(1)))
    confirm = {"csrf": _csrf(cleo, f"{N}/import"), "token": token.group(1), "party": CORVINIA}
    confirm |= {"label": "Signed draft", "answer_by": "article"}
    refused = cleo.post(f"{N}/import/confirm", data=confirm)
    assert refused.status_code == 403 and "requires its members to sign" in refused.text
    signature = sign_statement(statement, CLEO).format().encode()
    made = cleo.post(
        f"{N}/import/confirm",
        data=confirm,
        files={"signature_file": ("t.sig", signature)},
        follow_redirects=False,
    )
    assert made.status_code == 303 and "/versions/" in made.headers["location"]
    tabled = documents.list_documents(db, Actor("cleo"), SLUG)
    assert any(v.label == "Signed draft" for d in tabled for v in d.versions)
