"""The tlog-witness decision: cosign a checkpoint only if it extends the last one cosigned."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from inwriting.tlog import (
    Checkpoint,
    CosignatureSigner,
    Ed25519Signer,
    consistency_proof,
    leaf_hash,
    parse_vkey,
    root_hash,
    sign_checkpoint,
    verify_note,
)
from inwriting.tlog.notes import Note, NoteError, Signature, parse_note
from inwriting.tlog.witness import (
    NOTHING_COSIGNED,
    AddCheckpoint,
    Cosigned,
    WitnessError,
    add_checkpoint,
    cosigner_skey,
    cosigner_verifier,
    cosigners,
    format_add_checkpoint,
    parse_add_checkpoint,
    parse_cosigner_skey,
    read_cosignature,
    with_cosignature,
)

ORIGIN = "example.org/record"
LOG = Ed25519Signer(ORIGIN, bytes(range(32)))
WITNESS_SEED = bytes(range(32, 64))
SIGNER = CosignatureSigner("witness.example.net", WITNESS_SEED, 1_700_000_000)
LEAVES = [leaf_hash(b"entry %d" % i) for i in range(20)]


def note(size: int, leaves: list[bytes] = LEAVES, signer: Ed25519Signer = LOG) -> str:
    return sign_checkpoint(Checkpoint(ORIGIN, size, root_hash(leaves[:size])), [signer])


def body(old: int, proof: list[bytes], signed: str) -> bytes:
    lines = [f"old {old}", *(base64.b64encode(h).decode() for h in proof)]
    return ("\n".join(lines) + "\n\n" + signed).encode()


def decide(request: bytes, state: Cosigned | None = None) -> Checkpoint:
    cosigned = {ORIGIN: state} if state else {}
    checkpoint, signature = add_checkpoint(
        parse_add_checkpoint(request), {ORIGIN: LOG.verifier()}, cosigned, SIGNER
    )
    text = checkpoint.body()
    verify_note(Note(text, (signature,)), [SIGNER.verifier()])  # the cosignature verifies
    return checkpoint


def refused(request: bytes, state: Cosigned | None = None) -> WitnessError:
    with pytest.raises(WitnessError) as caught:
        decide(request, state)
    return caught.value


def test_first_checkpoint_needs_old_0_and_no_proof() -> None:
    assert decide(body(0, [], note(5))).size == 5
    assert refused(body(0, [LEAVES[0]], note(5))).status == 422


def test_a_consistent_larger_checkpoint_is_cosigned() -> None:
    proof = consistency_proof(LEAVES, 5, 12)
    state = Cosigned(5, root_hash(LEAVES[:5]))
    assert decide(body(5, proof, note(12)), state).size == 12


def test_the_same_checkpoint_again_is_cosigned() -> None:
    assert decide(body(7, [], note(7)), Cosigned(7, root_hash(LEAVES[:7]))).size == 7


def test_a_fork_of_the_same_size_is_refused_with_422() -> None:
    forked = [*LEAVES[:6], leaf_hash(b"rewritten"), *LEAVES[7:]]
    error = refused(body(7, [], note(7, forked)), Cosigned(7, root_hash(LEAVES[:7])))
    assert error.status == 422
    assert "does not extend" in str(error)


def test_a_larger_checkpoint_that_rewrites_history_is_refused_with_422() -> None:
    forked = [leaf_hash(b"rewritten"), *LEAVES[1:]]
    proof = consistency_proof(forked, 5, 12)
    state = Cosigned(5, root_hash(LEAVES[:5]))
    assert refused(body(5, proof, note(12, forked)), state).status == 422


def test_a_rollback_is_refused_and_the_witness_size_named() -> None:
    state = Cosigned(12, root_hash(LEAVES[:12]))
    error = refused(body(0, [], note(5)), state)
    assert (error.status, error.size) == (409, 12)
    assert refused(body(12, [], note(5)), state).status == 400  # old > new


def test_unknown_log_is_404_and_bad_signature_403() -> None:
    other = Ed25519Signer("other.example/log", bytes(32))
    stranger = sign_checkpoint(Checkpoint("other.example/log", 1, LEAVES[0]), [other])
    assert refused(body(0, [], stranger)).status == 404
    impostor = Ed25519Signer(ORIGIN, bytes(32))  # same name, another key
    assert refused(body(0, [], note(3, signer=impostor))).status == 403
    tampered = note(3).replace(base64.b64encode(root_hash(LEAVES[:3])).decode(), "A" * 43 + "=")
    assert refused(body(0, [], tampered)).status == 403


def test_empty_tree_checkpoint_must_have_the_empty_root() -> None:
    assert decide(body(0, [], note(0))).size == 0
    bad = sign_checkpoint(Checkpoint(ORIGIN, 0, LEAVES[0]), [LOG])
    assert refused(body(0, [], bad)).status == 422


@pytest.mark.parametrize(
    "request_body",
    [
        b"old 01\n\n",
        b"old -1\n\n",
        b"new 3\n\n",
        b"old 3\nnot base64!\n\n",
        b"old 3\n" + base64.b64encode(b"short") + b"\n\n",
        b"old 3\n",  # no blank line
        b"\xff\xfe",
        b"old 0\n" + b"".join(base64.b64encode(bytes(32)) + b"\n" for _ in range(64)) + b"\n",
    ],
)
def test_malformed_requests_are_400(request_body: bytes) -> None:
    with pytest.raises(WitnessError) as caught:
        parse_add_checkpoint(request_body)
    assert caught.value.status == 400


def test_a_malformed_note_is_400() -> None:
    request = AddCheckpoint(0, (), "example.org/record\n3\n")
    with pytest.raises(WitnessError) as caught:
        add_checkpoint(request, {ORIGIN: LOG.verifier()}, {}, SIGNER)
    assert caught.value.status == 400


def test_the_witness_key_string_round_trips_and_its_vkey_parses() -> None:
    skey = cosigner_skey("witness.example.net", WITNESS_SEED)
    assert parse_cosigner_skey(skey) == ("witness.example.net", WITNESS_SEED)
    vkey = cosigner_verifier("witness.example.net", WITNESS_SEED).vkey
    assert parse_vkey(vkey) == SIGNER.verifier()
    with pytest.raises(ValueError, match="key id"):
        parse_cosigner_skey(skey.replace(skey.split("+")[3], "00000000"))


def test_nothing_cosigned_is_the_empty_tree() -> None:
    assert Cosigned(0, root_hash([])) == NOTHING_COSIGNED


def test_cosignatures_have_the_layout_of_sunlight_witnesses(vectors: Path) -> None:
    """Our cosignature of a Sunlight checkpoint text is a line just like its witness's: 4-byte
    key id, 8-byte timestamp, 64-byte Ed25519 signature over cosignature/v1, which the same
    verifier that accepts Sunlight's cosignature accepts."""
    folder = vectors / "sunlight-cosignatures"
    if not folder.exists():
        pytest.skip("Sunlight cosignature vectors are absent")
    text = (folder / "rome2026h1-checkpoint-with-witness-cosig.txt").read_text()
    vkey = json.loads((folder / "witness.v0.json").read_text())["verifier_keys"][0]
    theirs = verify_note(text, [parse_vkey(vkey)]).verified[0]
    parsed = parse_note(text)
    ours = Note(parsed.text, (*parsed.signatures, _cosign(parsed.text)))
    verified = verify_note(ours.format(), [parse_vkey(vkey), SIGNER.verifier()])
    assert verified.signer_names == ("witness.example.org", "witness.example.net")
    assert len(verified.verified[1].signature) == len(theirs.signature) == 72


def _cosign(text: str) -> Signature:
    return Signature(SIGNER.name, SIGNER.key_id, SIGNER.sign(text.encode()))


def test_the_logs_request_parses_back_and_its_answer_is_checked() -> None:
    log = Ed25519Signer("log.test", bytes(32))
    note = sign_checkpoint(Checkpoint("log.test", 1, bytes(32)), [log])
    body = format_add_checkpoint(0, [bytes([7]) * 32], note)
    assert parse_add_checkpoint(body) == AddCheckpoint(0, (bytes([7]) * 32,), note)
    text = note[: note.rfind("\n\n") + 1]
    signer = CosignatureSigner("w.test", bytes([1]) * 32, 1700000000)
    line = Signature("w.test", signer.key_id, signer.sign(text.encode())).line
    signature = read_cosignature(line.encode(), signer.verifier(), text)
    cosigned = with_cosignature(note, signature)
    assert cosigned == note + line and with_cosignature(cosigned, signature) == cosigned
    assert (
        cosigners(cosigned, [signer.verifier()]) == 1 and cosigners(note, [signer.verifier()]) == 0
    )
    forged = Signature("w.test", signer.key_id, bytes(72)).line
    with pytest.raises(NoteError, match="does not verify"):
        read_cosignature(forged.encode(), signer.verifier(), text)
    with pytest.raises(NoteError):
        read_cosignature(b"not a line\n", signer.verifier(), text)
