"""docs/record.md promises outsiders can verify a receipt with no InWriting code: run its
program on a real receipt."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from inwriting.domain.digests import canonical_json, sha256_hex
from inwriting.services import record, responses
from inwriting.services.record_keys import create_key
from inwriting.storage.engine import Database
from inwriting.tlog.witness import cosigner_verifier
from tests.conftest import REPO
from tests.functional.signed_record import KEY, signed_record
from tests.integration.builders import BEA, BEN, T0, build, full_answer


def _program(name: str = "verify_receipt") -> str:
    doc = (REPO / "docs" / "record.md").read_text()
    match = re.search(rf"```python\n(# {name}\.py.*?)```", doc, re.DOTALL)
    assert match is not None
    return match.group(1)


def _run(program: Path, *args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(program), *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_documented_programs_check_cosignatures_and_a_members_signature(
    tmp_path: Path,
) -> None:
    signed = signed_record(tmp_path)
    signed.db.dispose()
    cosigs, sig, receipt = (tmp_path / f"{n}.py" for n in ("cos", "sig", "receipt"))
    cosigs.write_text(_program("verify_cosignatures"))
    sig.write_text(_program("verify_signature"))
    receipt.write_text(_program())
    assert _run(receipt, signed.receipt, KEY.vkey, signed.opening).returncode == 0
    good = _run(cosigs, signed.receipt, KEY.vkey, *signed.witness_vkeys)
    assert good.returncode == 0, good.stderr
    assert "cosigned by w1.example\ncosigned by w2.example" in good.stdout
    stranger = cosigner_verifier("w3.example", bytes([13]) * 32).vkey
    assert "did not sign" in _run(cosigs, signed.receipt, KEY.vkey, stranger).stderr
    text = signed.receipt.read_text()
    line = next(x for x in text.splitlines() if x.startswith("\u2014 w2.example "))
    head, _, tail = line.rpartition(" ")
    forged = tmp_path / "forged.tlog-proof"
    forged.write_text(text.replace(line, f"{head} {tail[:-6]}AAAA{tail[-2:]}"))
    assert _run(cosigs, forged, KEY.vkey, *signed.witness_vkeys).returncode != 0

    checked = _run(sig, signed.signature, signed.receipt, signed.opening)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("signed by bea@party-b (bea@party-b+")
    other = tmp_path / "other.sig"
    other.write_text(signed.signature.read_text().replace("party 2", "party 3"))
    assert _run(sig, other, signed.receipt).returncode != 0  # the signature fails
    opening = json.loads(signed.opening.read_text())
    lie = tmp_path / "lie.json"
    lie.write_text(json.dumps({**opening, "content_sha256": "0" * 64}))
    assert "NOT of the content" in _run(sig, signed.signature, signed.receipt, lie).stderr


def test_the_documented_program_verifies_a_receipt_and_refuses_a_forged_one(
    tmp_path: Path,
) -> None:
    db = Database(f"sqlite:///{tmp_path / 'r.db'}")
    db.upgrade()
    s = build(db)
    draft = responses.save_draft(db, BEN, s.version_id, full_answer(), now=T0)
    sent = responses.submit_response(db, BEA, draft.id, now=T0 + timedelta(hours=1))
    key = create_key(tmp_path / "key", "talks.example.org/record")
    assert sent.record_index is not None
    receipt = tmp_path / "answer.tlog-proof"
    receipt.write_text(record.receipt(db, BEN, sent.record_index, key).format())
    program = tmp_path / "verify_receipt.py"
    program.write_text(_program())

    def run(path: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(program), str(path), key.vkey],
            capture_output=True,
            text=True,
            check=False,
        )

    good = run(receipt)
    assert good.returncode == 0, good.stderr
    assert f"entry {sent.record_index} is in talks.example.org/record" in good.stdout
    forged = tmp_path / "forged.tlog-proof"
    forged.write_text(receipt.read_text().replace(f"index {sent.record_index}", "index 0"))
    assert run(forged).returncode != 0
    db.dispose()


def _opening(found: record.Opening) -> dict[str, object]:
    """The opening as `record open --json` and the API give it."""
    return {
        "index": found.index,
        "entry": json.loads(found.entry),
        "subject": found.subject,
        "subject_id": found.subject_id,
        "salt": None if found.salt is None else found.salt.hex(),
        "content_sha256": found.content_sha256,
        "content": found.content,
        "verified": found.verified,
    }


def test_the_documented_program_checks_an_opening_and_refuses_a_false_one(
    tmp_path: Path,
) -> None:
    db = Database(f"sqlite:///{tmp_path / 'r.db'}")
    db.upgrade()
    build(db)
    key = create_key(tmp_path / "key", "talks.example.org/record")
    member = next(
        e for e in record.list_entries(db, 0, 20) if e.event.type.value == "member_registered"
    )
    (tmp_path / "member.tlog-proof").write_text(record.receipt(db, BEN, member.index, key).format())
    (tmp_path / "verify_receipt.py").write_text(_program())
    opening = _opening(record.open_entry(db, BEN, member.index))
    db.dispose()

    def run(changed: dict[str, object]) -> subprocess.CompletedProcess[str]:
        path = tmp_path / "member.opening.json"
        path.write_text(json.dumps({**opening, **changed}))
        receipt = tmp_path / "member.tlog-proof"
        return subprocess.run(
            [
                sys.executable,
                str(tmp_path / "verify_receipt.py"),
                str(receipt),
                key.vkey,
                str(path),
            ],
            capture_output=True,
            text=True,
            check=False,
        )

    good = run({})
    assert good.returncode == 0, good.stderr
    assert '"username": "alice"' in good.stdout and '"role": "principal"' in good.stdout
    content = dict(opening["content"])  # type: ignore[call-overload]
    other = {**content, "username": "mallory"}
    assert "content does not have" in run({"content": other}).stderr
    lie = {"content": other, "content_sha256": sha256_hex(canonical_json(other))}
    assert "does NOT commit" in run(lie).stderr
    assert "does NOT commit" in run({"salt": "00" * 32}).stderr
