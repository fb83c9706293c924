"""C2SP tlog-checkpoint: real checkpoints from Tessera, sum.golang.org, Rekor v2 and Sunlight."""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_der_public_key
from hypothesis import given
from hypothesis import strategies as st

from inwriting.tlog import (
    Checkpoint,
    CheckpointError,
    CosignatureSigner,
    Ed25519Signer,
    UnverifiedNoteError,
    leaf_hash,
    open_checkpoint,
    parse_checkpoint,
    parse_skey,
    parse_vkey,
    sign_checkpoint,
    verify_inclusion,
)

TESSERA_ORIGIN = "example.com/log/testdata"
REKOR_VKEY = (
    "log2025-alpha1.rekor.sigstage.dev+f30d5a99+AT5/gERB6AWme8IEtcwaqcZi0hp8ocV4+JRcUnVlQfKP"
)
ROOT = hashlib.sha256(b"root").digest()
LOG = Ed25519Signer("example.org/log", bytes(range(32)))
WITNESS = CosignatureSigner("witness.example", bytes(range(3, 35)), timestamp=1_700_000_000)


def _tessera_keys(source: Path) -> tuple[str, str]:
    doc = json.loads((source / "signed-note" / "signed-note-vectors.json").read_text())
    [keys] = [v for v in doc["vectors"] if v["id"] == "tessera-testdata-log-keys"]
    return keys["skey"], keys["vkey"]


def test_tessera_checkpoints_verify_and_re_signing_reproduces_them(source: Path) -> None:
    skey, vkey = _tessera_keys(source)
    files = sorted((source / "tessera-testdata-log").glob("checkpoint.*"))
    assert len(files) == 16
    for path in files:
        raw = path.read_text()
        opened = open_checkpoint(raw, parse_vkey(vkey), origin=TESSERA_ORIGIN)
        assert opened.checkpoint.size == int(path.suffix[1:])
        assert opened.cosignatures == ()
        assert sign_checkpoint(opened.checkpoint, [parse_skey(skey)]) == raw


def test_tessera_latest_checkpoint_is_checkpoint_15(vectors: Path) -> None:
    log = vectors / "tessera-testdata-log"
    assert (log / "checkpoint").read_bytes() == (log / "checkpoint.15").read_bytes()


def test_real_sum_golang_org_checkpoint_opens(source: Path) -> None:
    vector = json.loads((source / "signed-note" / "sumdb-real-checkpoint.json").read_text())
    opened = open_checkpoint(vector["note"], parse_vkey(vector["vkey"]))
    assert opened.checkpoint.origin == "go.sum database tree"  # not URL-like, not the key name
    assert opened.checkpoint.size == 63_512_409
    assert opened.log_signature.name == "sum.golang.org"
    with pytest.raises(CheckpointError, match=r"expected 'sum\.golang\.org'"):
        open_checkpoint(vector["note"], parse_vkey(vector["vkey"]), origin="sum.golang.org")


def test_rekor_v2_entry_is_in_its_signed_checkpoint(source: Path) -> None:
    bundle_path = source / "rekor-v2-staging" / "staging-rekor-v2.txt.sigstore.json"
    [entry] = json.loads(bundle_path.read_text())["verificationMaterial"]["tlogEntries"]
    proof = entry["inclusionProof"]
    opened = open_checkpoint(
        proof["checkpoint"]["envelope"],
        parse_vkey(REKOR_VKEY),
        origin="log2025-alpha1.rekor.sigstage.dev",
    )
    checkpoint = opened.checkpoint
    assert (checkpoint.size, checkpoint.root_hash) == (
        int(proof["treeSize"]),
        base64.b64decode(proof["rootHash"]),
    )
    leaf = leaf_hash(base64.b64decode(entry["canonicalizedBody"]))
    path = [base64.b64decode(h) for h in proof["hashes"]]
    verify_inclusion(int(proof["logIndex"]), checkpoint.size, leaf, path, checkpoint.root_hash)


@dataclass(frozen=True)
class TreeHeadVerifier:
    """RFC 6962 TreeHeadSignature (note signature type 0x05, static-ct-api), for this test only.

    Shows that ``open_checkpoint`` takes any object with name, key_id and verify: tlog itself
    only ships Ed25519 (0x01) and cosignature/v1 (0x04) verifiers.
    """

    name: str
    spki: bytes = field(repr=False)

    @property
    def key_id(self) -> bytes:
        log_id = hashlib.sha256(self.spki).digest()
        return hashlib.sha256(self.name.encode() + b"\n\x05" + log_id).digest()[:4]

    def verify(self, message: bytes, signature: bytes) -> bool:
        checkpoint = parse_checkpoint(message.decode())
        timestamp, digitally_signed = signature[:8], signature[8:]
        if digitally_signed[:2] != b"\x04\x03":  # SHA-256, ECDSA
            return False
        length = int.from_bytes(digitally_signed[2:4], "big")
        der = digitally_signed[4:]
        if len(der) != length:
            return False
        size = checkpoint.size.to_bytes(8, "big")
        signed = b"\x00\x01" + timestamp + size + checkpoint.root_hash
        key = load_der_public_key(self.spki)
        assert isinstance(key, ec.EllipticCurvePublicKey)
        try:
            key.verify(der, signed, ec.ECDSA(hashes.SHA256()))
        except InvalidSignature:
            return False
        return True


def test_sunlight_checkpoint_with_log_ecdsa_signature_and_witness_cosignature(
    source: Path,
) -> None:
    folder = source / "sunlight-cosignatures"
    log_info = json.loads((folder / "rome2026h1-log.v3.json").read_text())
    log_key = TreeHeadVerifier("rome2026h1.example.org", base64.b64decode(log_info["key"]))
    [witness_vkey] = json.loads((folder / "witness.v0.json").read_text())["verifier_keys"]
    note = (folder / "rome2026h1-checkpoint-with-witness-cosig.txt").read_text()
    opened = open_checkpoint(
        note, log_key, origin="rome2026h1.example.org", witnesses=[parse_vkey(witness_vkey)]
    )
    head = log_info["final_tree_head"]
    assert opened.checkpoint.size == head["tree_size"]
    assert opened.checkpoint.root_hash == base64.b64decode(head["sha256_root_hash"])
    assert opened.cosigner_names == ("witness.example.org",)
    with pytest.raises(UnverifiedNoteError, match="not signed by the log key"):
        open_checkpoint(note, LOG.verifier(), witnesses=[parse_vkey(witness_vkey)])


# -- parsing ---------------------------------------------------------------------------------

ROOT_B64 = base64.b64encode(ROOT).decode()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (f"o\n1\n{ROOT_B64}", "end with a newline"),
        ("o\n1\n", "needs an origin"),
        (f"\n1\n{ROOT_B64}\n", "origin must not be empty"),
        (f"o\n01\n{ROOT_B64}\n", "not decimal, or has leading zeros"),
        (f"o\n-1\n{ROOT_B64}\n", "not decimal, or has leading zeros"),
        (f"o\n+1\n{ROOT_B64}\n", "not decimal, or has leading zeros"),
        (f"o\n1_0\n{ROOT_B64}\n", "not decimal, or has leading zeros"),
        (
            f"o\n\u0661\n{ROOT_B64}\n",
            "not decimal, or has leading zeros",
        ),  # an Arabic-Indic digit one
        (f"o\n 1\n{ROOT_B64}\n", "not decimal, or has leading zeros"),
        (f"o\n{1 << 64}\n{ROOT_B64}\n", "outside 0..2\\^64-1"),
        ("o\n1\nnot base64!\n", "not canonical base64"),
        (f"o\n1\n{ROOT_B64.rstrip('=')}\n", "not canonical base64"),
        (f"o\n1\n{base64.b64encode(ROOT[:31]).decode()}\n", "must be 32 bytes"),
        (f"o\n1\n{ROOT_B64}\n\n", "extension line must not be empty"),
        (f"o\t\n1\n{ROOT_B64}\n", "control characters"),
    ],
)
def test_malformed_bodies_are_rejected(body: str, message: str) -> None:
    with pytest.raises(CheckpointError, match=message):
        parse_checkpoint(body)


def test_extension_lines_are_parsed_and_kept() -> None:
    body = f"example.org/log\n7\n{ROOT_B64}\nextension one\nextension two\n"
    checkpoint = parse_checkpoint(body)
    assert checkpoint.extensions == ("extension one", "extension two")
    assert checkpoint.body() == body


def test_a_size_zero_checkpoint() -> None:
    empty = hashlib.sha256(b"").digest()
    assert parse_checkpoint(Checkpoint("o", 0, empty).body()).size == 0


def test_origin_mismatch_is_rejected_after_the_signature_checks() -> None:
    note = sign_checkpoint(Checkpoint("example.org/log", 3, ROOT), [LOG])
    assert open_checkpoint(note, LOG.verifier(), origin="example.org/log").checkpoint.size == 3
    with pytest.raises(CheckpointError, match=r"expected 'example\.org/other'"):
        open_checkpoint(note, LOG.verifier(), origin="example.org/other")


def test_a_witness_cosignature_alone_does_not_open_a_checkpoint() -> None:
    note = sign_checkpoint(Checkpoint("example.org/log", 3, ROOT), [WITNESS])
    with pytest.raises(UnverifiedNoteError, match="not signed by the log key"):
        open_checkpoint(note, LOG.verifier(), witnesses=[WITNESS.verifier()])


def test_cosigned_checkpoint_reports_its_cosigners() -> None:
    note = sign_checkpoint(Checkpoint("example.org/log", 3, ROOT), [LOG, WITNESS])
    opened = open_checkpoint(note, LOG.verifier(), witnesses=[WITNESS.verifier()])
    assert opened.log_signature.name == LOG.name
    assert opened.cosigner_names == (WITNESS.name,)
    assert open_checkpoint(note, LOG.verifier()).cosignatures == ()


def test_a_signed_malformed_body_is_a_checkpoint_error() -> None:
    from inwriting.tlog import sign_note

    note = sign_note("example.org/log\nseven\n", [LOG])
    with pytest.raises(CheckpointError, match="needs an origin"):
        open_checkpoint(note, LOG.verifier())


_LINE = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)


@given(
    _LINE,
    st.integers(min_value=0, max_value=(1 << 64) - 1),
    st.binary(min_size=32, max_size=32),
    st.lists(_LINE, max_size=3),
)
def test_body_round_trips(origin: str, size: int, root: bytes, extensions: list[str]) -> None:
    checkpoint = Checkpoint(origin, size, root, tuple(extensions))
    assert parse_checkpoint(checkpoint.body()) == checkpoint
