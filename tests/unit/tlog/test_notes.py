"""C2SP signed notes and keys: published examples, malformed input, cosignatures, properties."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inwriting.tlog import (
    CosignatureSigner,
    Ed25519Signer,
    Ed25519Verifier,
    InvalidSignatureError,
    KeyFormatError,
    Note,
    NoteError,
    Signature,
    UnverifiedNoteError,
    cosignature_timestamp,
    generate_signer,
    parse_note,
    parse_skey,
    parse_vkey,
    sign_note,
    verify_note,
)

ALICE = Ed25519Signer("alice.example/log", bytes(range(32)))
BOB = Ed25519Signer("bob", bytes(range(1, 33)))
TEXT = "origin.example/log\n42\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"
SIGNED = sign_note(TEXT, [ALICE])


def _vectors(source: Path) -> dict[str, dict[str, Any]]:
    doc = json.loads((source / "signed-note" / "signed-note-vectors.json").read_text())
    return {v["id"]: v for v in doc["vectors"]}


# -- published examples ----------------------------------------------------------------------


def test_c2sp_spec_example_verifies(source: Path) -> None:
    vector = _vectors(source)["c2sp-signed-note-example"]
    verifier = parse_vkey(vector["vkey"])
    assert verifier.vkey == vector["vkey"]
    opened = verify_note(vector["note"], [verifier])
    assert opened.signer_names == ("example.com/foo",)
    assert opened.text == "This is an example message.\n"


def test_signing_with_the_go_skey_reproduces_the_note_byte_for_byte(source: Path) -> None:
    vector = _vectors(source)["go-sumdb-note-peterneumann"]
    signer = parse_skey(vector["skey"])
    assert signer.skey == vector["skey"]
    assert signer.verifier().vkey == vector["vkey"]
    assert sign_note(vector["text"], [signer]) == vector["note"]
    assert verify_note(vector["note"], [parse_vkey(vector["vkey"])]).text == vector["text"]


def test_adding_a_signature_reproduces_go_note_sign(source: Path) -> None:
    vectors = _vectors(source)
    peter, enoch = (
        vectors["go-sumdb-note-peterneumann"],
        vectors["go-sumdb-note-enochroot-zero-seed"],
    )
    enoch_key = Ed25519Signer(enoch["key_name"], bytes.fromhex(enoch["ed25519_seed_hex"]))
    signed = sign_note(parse_note(peter["note"]), [enoch_key])
    assert signed == enoch["note_after_adding"]
    opened = verify_note(signed, [parse_vkey(peter["vkey"]), enoch_key.verifier()])
    assert opened.signer_names == ("PeterNeumann", "EnochRoot")


def test_published_bad_vkeys_are_rejected(source: Path) -> None:
    for vkey in _vectors(source)["go-sumdb-bad-vkeys"]["bad_vkeys"]:
        with pytest.raises(KeyFormatError):
            parse_vkey(vkey)


def test_tessera_test_keys_are_a_pair(source: Path) -> None:
    vector = _vectors(source)["tessera-testdata-log-keys"]
    assert parse_skey(vector["skey"]).verifier() == parse_vkey(vector["vkey"])


def test_real_sum_golang_org_checkpoint_verifies(source: Path) -> None:
    vector = json.loads((source / "signed-note" / "sumdb-real-checkpoint.json").read_text())
    opened = verify_note(vector["note"], [parse_vkey(vector["vkey"])])
    assert opened.signer_names == ("sum.golang.org",)
    assert opened.text.startswith("go.sum database tree\n63512409\n")


def test_sunlight_witness_cosignature_verifies_and_the_ecdsa_log_line_is_ignored(
    source: Path,
) -> None:
    folder = source / "sunlight-cosignatures"
    [vkey] = json.loads((folder / "witness.v0.json").read_text())["verifier_keys"]
    note = (folder / "rome2026h1-checkpoint-with-witness-cosig.txt").read_text()
    opened = verify_note(note, [parse_vkey(vkey)])
    assert opened.signer_names == ("witness.example.org",)
    assert [sig.name for sig in opened.ignored] == ["rome2026h1.example.org"]
    assert cosignature_timestamp(opened.verified[0]) == 1767139200


@pytest.mark.parametrize(
    ("note_file", "key_file"),
    [
        ("rome2026h1-checkpoint-with-witness-cosig.txt", "witness.v0.json"),
        ("milan2026h1-checkpoint-with-witness2-cosig.txt", "witness2.v0.json"),
        ("rome2026h1-mirror-checkpoint-with-mirror-cosig.txt", "mirror.v0.json"),
    ],
)
def test_every_sunlight_cosignature_verifies(vectors: Path, note_file: str, key_file: str) -> None:
    folder = vectors / "sunlight-cosignatures"
    keys = [parse_vkey(k) for k in json.loads((folder / key_file).read_text())["verifier_keys"]]
    opened = verify_note((folder / note_file).read_text(), keys)
    assert opened.signer_names == (keys[0].name,)
    others = [
        parse_vkey(json.loads((folder / f).read_text())["verifier_keys"][0])
        for f in ("witness.v0.json", "witness2.v0.json", "mirror.v0.json")
        if f != key_file
    ]
    with pytest.raises(UnverifiedNoteError):
        verify_note((folder / note_file).read_text(), others)


# -- malformed notes -------------------------------------------------------------------------

LINE = SIGNED[len(TEXT) + 1 :]
PAYLOAD = LINE.split(" ")[2].strip()


@pytest.mark.parametrize(
    ("note", "message"),
    [
        (SIGNED[:-1], "must end with a signature line"),
        (TEXT + LINE, "no blank line"),
        (SIGNED + "\n", "must end with a signature line"),
        (TEXT + "\n" + LINE.replace("\u2014", "-"), "em dash"),
        (TEXT + "\n" + LINE.replace("\u2014", "\u2013"), "em dash"),
        (TEXT + "\n" + LINE.replace("\u2014 ", "\u2014"), "em dash"),
        (TEXT + "\n" + LINE.replace(" ", "  ", 1), "invalid key name"),
        (TEXT + "\n" + LINE.replace(PAYLOAD, "!!" + PAYLOAD[2:]), "not base64"),
        (TEXT + "\n" + LINE.replace(PAYLOAD, PAYLOAD.rstrip("=")), "not base64"),
        (TEXT + "\n" + LINE.replace(PAYLOAD, PAYLOAD + " "), "not base64"),
        (TEXT + "\n" + "\u2014 alice AAAAAA==\n", "not base64 of a key id and a signature"),
        (TEXT + "\n" + "\u2014 a+b AAAAAAA=\n", "invalid key name"),
        (TEXT + "\n" + "\u2014  AAAAAAA=\n", "invalid key name"),
        ("tab\there\n\n" + LINE, "control character 0x09"),
        ("cr\r\n\n" + LINE, "control character 0x0d"),
        ("nul\0\n\n" + LINE, "control character 0x00"),
        ("del\x7f\n\n" + LINE, "control character 0x7f"),
        ("surrogate \udc80\n\n" + LINE, "not valid UTF-8"),
        (TEXT + "\n" + LINE * 101, "101 signatures, more than 100"),
    ],
)
def test_malformed_notes_are_rejected(note: str, message: str) -> None:
    with pytest.raises(NoteError, match=message):
        parse_note(note)


def test_non_utf8_bytes_are_rejected() -> None:
    with pytest.raises(NoteError, match="UTF-8"):
        parse_note(b"caf\xe9\n\n" + LINE.encode())


def test_a_payload_with_non_canonical_trailing_bits_is_rejected() -> None:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    assert PAYLOAD.endswith("=")  # 68 bytes: the last character carries 2 spare bits
    assert not PAYLOAD.endswith("==")
    last = alphabet[alphabet.index(PAYLOAD[-2]) ^ 1]  # flip a spare bit: same bytes
    tweaked = PAYLOAD[:-2] + last + "="
    assert base64.b64decode(tweaked) == base64.b64decode(PAYLOAD)
    with pytest.raises(NoteError, match="not base64"):
        parse_note(TEXT + "\n" + LINE.replace(PAYLOAD, tweaked))


def test_bytes_and_text_parse_alike_and_format_round_trips() -> None:
    assert parse_note(SIGNED.encode()) == parse_note(SIGNED)
    assert parse_note(SIGNED).format() == SIGNED


def test_text_may_hold_blank_lines_and_ends_at_the_last_one() -> None:
    text = "first paragraph\n\nsecond paragraph\n\n\nthird\n"
    note = parse_note(sign_note(text, [ALICE]))
    assert note.text == text
    assert verify_note(note, [ALICE.verifier()]).text == text


def test_exactly_100_signatures_are_accepted() -> None:
    unknown = [Signature(f"w{i}", bytes(4), bytes(64)) for i in range(99)]
    note = sign_note(Note(TEXT, tuple(unknown)), [ALICE])
    assert verify_note(note, [ALICE.verifier()]).signer_names == (ALICE.name,)
    with pytest.raises(NoteError, match="at most 100"):
        sign_note(Note(TEXT, (*unknown, Signature("x", bytes(4), bytes(64)))), [ALICE])


# -- verification rules ----------------------------------------------------------------------


def test_unknown_keys_are_ignored_and_the_known_signer_is_reported() -> None:
    note = sign_note(TEXT, [BOB, ALICE, Ed25519Signer("carol", bytes(32))])
    opened = verify_note(note, [ALICE.verifier()])
    assert opened.signer_names == (ALICE.name,)
    assert [sig.name for sig in opened.ignored] == ["bob", "carol"]
    both = verify_note(note, [ALICE.verifier(), BOB.verifier()])
    assert both.signer_names == ("bob", ALICE.name)


def test_no_known_key_means_unverified() -> None:
    with pytest.raises(UnverifiedNoteError, match="no signature by a known key"):
        verify_note(SIGNED, [BOB.verifier()])


def test_same_name_with_another_key_id_is_an_unknown_key() -> None:
    impostor = Ed25519Signer(ALICE.name, bytes(32))
    with pytest.raises(UnverifiedNoteError):
        verify_note(sign_note(TEXT, [impostor]), [ALICE.verifier()])


def test_a_bad_signature_by_a_known_key_rejects_the_note() -> None:
    good = parse_note(sign_note(TEXT, [ALICE, BOB]))
    forged = Signature(BOB.name, BOB.key_id, bytes(64))
    note = Note(good.text, (good.signatures[0], forged))
    with pytest.raises(InvalidSignatureError, match="invalid signature by known key bob"):
        verify_note(note, [ALICE.verifier(), BOB.verifier()])
    assert verify_note(note, [ALICE.verifier()]).signer_names == (ALICE.name,)


def test_a_signature_over_other_text_fails() -> None:
    other = parse_note(sign_note("other text\n", [ALICE]))
    note = Note(TEXT, other.signatures)
    with pytest.raises(InvalidSignatureError):
        verify_note(note, [ALICE.verifier()])


def test_two_different_keys_with_the_same_name_and_id_are_refused() -> None:
    clash = Ed25519Verifier(ALICE.name, BOB.public_key)
    object.__setattr__(clash, "key_id", ALICE.key_id)
    with pytest.raises(KeyFormatError, match="share name and id"):
        verify_note(SIGNED, [ALICE.verifier(), clash])


def test_sign_note_rejects_text_without_final_newline() -> None:
    with pytest.raises(NoteError, match="end with a newline"):
        sign_note("no newline", [ALICE])
    with pytest.raises(NoteError, match="control character"):
        sign_note("bell\a\n", [ALICE])


def test_signing_again_replaces_the_signature_by_the_same_key() -> None:
    twice = sign_note(parse_note(sign_note(TEXT, [ALICE, BOB])), [ALICE])
    assert [sig.name for sig in parse_note(twice).signatures] == ["bob", ALICE.name]


# -- cosignatures ----------------------------------------------------------------------------


def test_cosignature_round_trip_and_timestamp() -> None:
    witness = CosignatureSigner("witness.example", bytes(range(2, 34)), timestamp=1_700_000_000)
    note = sign_note(parse_note(SIGNED), [witness])
    opened = verify_note(note, [ALICE.verifier(), witness.verifier()])
    assert opened.signer_names == (ALICE.name, "witness.example")
    assert cosignature_timestamp(opened.verified[1]) == 1_700_000_000
    assert witness.verifier().vkey.split("+")[2].startswith("B")  # type byte 0x04
    plain = Ed25519Verifier(witness.name, witness.public_key)
    with pytest.raises(UnverifiedNoteError):  # another type, so another key id
        verify_note(note, [plain])


def test_a_cosignature_with_a_tampered_timestamp_fails() -> None:
    witness = CosignatureSigner("witness.example", bytes(range(2, 34)), timestamp=5)
    sig = parse_note(sign_note(TEXT, [witness])).signatures[0]
    later = Signature(sig.name, sig.key_id, (6).to_bytes(8, "big") + sig.signature[8:])
    with pytest.raises(InvalidSignatureError):
        verify_note(Note(TEXT, (later,)), [witness.verifier()])
    too_late = Signature(sig.name, sig.key_id, (1 << 63).to_bytes(8, "big") + sig.signature[8:])
    with pytest.raises(InvalidSignatureError):
        verify_note(Note(TEXT, (too_late,)), [witness.verifier()])


def test_cosignature_timestamp_needs_a_cosignature() -> None:
    with pytest.raises(NoteError, match="not a cosignature"):
        cosignature_timestamp(parse_note(SIGNED).signatures[0])
    with pytest.raises(KeyFormatError, match="out of range"):
        CosignatureSigner("w", bytes(32), timestamp=-1)


# -- keys ------------------------------------------------------------------------------------


def test_generate_signer_takes_the_seed_from_the_caller() -> None:
    skey, vkey = generate_signer("example.com/log", bytes(range(7, 39)))
    assert (skey, vkey) == generate_signer("example.com/log", bytes(range(7, 39)))
    note = sign_note(TEXT, [parse_skey(skey)])
    assert verify_note(note, [parse_vkey(vkey)]).signer_names == ("example.com/log",)
    with pytest.raises(KeyFormatError, match="seed is 32 bytes"):
        generate_signer("example.com/log", b"short")


def _vkey(name: str, key_id: str, key: bytes) -> str:
    return f"{name}+{key_id}+{base64.b64encode(key).decode()}"


GOOD_VKEY = ALICE.verifier().vkey
GOOD_ID = ALICE.key_id.hex()


@pytest.mark.parametrize(
    ("vkey", "message"),
    [
        ("alice", "form name\\+keyid\\+base64key"),
        ("alice+1234", "form name\\+keyid\\+base64key"),
        (GOOD_VKEY.replace(GOOD_ID, GOOD_ID[:7]), "8 hex digits"),
        (GOOD_VKEY.replace(GOOD_ID, "zzzzzzzz"), "8 hex digits"),
        (GOOD_VKEY.replace(GOOD_ID, "00000000"), "does not match"),
        (GOOD_VKEY.replace("alice.example/log", "alice example"), "invalid key name"),
        (_vkey("", "00000000", b"\x01" + bytes(32)), "invalid key name"),
        (f"alice+{GOOD_ID}+", "not valid base64"),
        (GOOD_VKEY + "=", "not valid base64"),
    ],
)
def test_malformed_vkeys_are_rejected(vkey: str, message: str) -> None:
    with pytest.raises(KeyFormatError, match=message):
        parse_vkey(vkey)


@pytest.mark.parametrize(
    ("key_type", "key", "message"),
    [(0x01, bytes(31), "32 bytes"), (0x01, bytes(33), "32 bytes"), (0x02, bytes(32), "type 0x02")],
)
def test_vkeys_with_a_consistent_id_but_a_bad_key_are_rejected(
    key_type: int, key: bytes, message: str
) -> None:
    from inwriting.tlog import compute_key_id

    raw = bytes([key_type]) + key
    key_id = compute_key_id("k", key_type, key).hex()
    with pytest.raises(KeyFormatError, match=message):
        parse_vkey(_vkey("k", key_id, raw))


def test_uppercase_hex_key_ids_are_accepted() -> None:
    assert parse_vkey(GOOD_VKEY.replace(GOOD_ID, GOOD_ID.upper())) == ALICE.verifier()


@pytest.mark.parametrize(
    ("skey", "message"),
    [
        (ALICE.skey.replace("PRIVATE+KEY", "PUBLIC+KEY"), "form PRIVATE"),
        (ALICE.skey.replace(GOOD_ID, "00000000"), "does not match"),
        (ALICE.skey.replace("+AQ", "+BA"), "unsupported signature type 0x04"),
        ("PRIVATE+KEY+alice+00000000+" + base64.b64encode(b"\x01" + bytes(8)).decode(), "32"),
    ],
)
def test_malformed_skeys_are_rejected(skey: str, message: str) -> None:
    with pytest.raises(KeyFormatError, match=message):
        parse_skey(skey)


def test_the_seed_stays_out_of_repr() -> None:
    assert ALICE.seed.hex() not in repr(ALICE)


# -- properties ------------------------------------------------------------------------------

_TEXT_CHARS = st.characters(blacklist_categories=("Cs", "Cc")) | st.just("\n")


@given(st.text(_TEXT_CHARS, max_size=200), st.lists(st.sampled_from([ALICE, BOB]), min_size=1))
def test_any_valid_text_signs_and_verifies(body: str, signers: list[Ed25519Signer]) -> None:
    text = body + "\n"
    note = sign_note(text, signers)
    assert parse_note(note).format() == note
    opened = verify_note(note, [ALICE.verifier(), BOB.verifier()])
    assert opened.text == text
    assert set(opened.signer_names) == {s.name for s in signers}
