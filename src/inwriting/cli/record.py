"""``inwriting record``: the verifiable log of everything put in writing."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from inwriting.cli import witnesses as witness_list
from inwriting.cli.context import State, state
from inwriting.cli.output import console, errors, print_json, when
from inwriting.domain.digests import canonical_json, sha256_hex
from inwriting.domain.events import RecordedEvent, decode_event
from inwriting.errors import ValidationError

if TYPE_CHECKING:
    from inwriting.domain.statements import SignedStatement
    from inwriting.tlog.notes import Verifier


app = typer.Typer(help="The record: a Merkle log of everything put in writing, with proofs.")
app.add_typer(witness_list.app, name="witnesses")
JSON = typer.Option(False, "--json", help="Print as JSON.")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


@app.command("verify")
def verify(
    ctx: typer.Context,
    key: str | None = typer.Option(None, "--key", help="Verifier key (default: this server's)."),
    as_json: bool = JSON,
) -> None:
    """Re-read every entry and its content, rebuild the tree, check every checkpoint.

    Exits 1 and names the first discrepancy (entry index and what it is) if anything
    was changed, removed or forged.

    Example: inwriting record verify
    """
    from inwriting.services.verification import verify_record

    st = state(ctx)
    report = verify_record(st.database(), _verifier(key) if key else _own_verifier(st))
    if as_json:
        print_json({"ok": report.ok, **vars(report)})
    elif report.ok:
        console.print(
            f"ok: {report.entries} entries and {report.checkpoints} checkpoints verified",
            markup=False,
        )
    else:
        errors.print(f"RECORD DOES NOT VERIFY: {report.first}", markup=False)
        for item in report.discrepancies[1:]:
            errors.print(f"  also: {item}", markup=False)
    raise typer.Exit(0 if report.ok else 1)


def _own_verifier(st: State) -> Verifier | None:
    """This server's verifier key; none where no key was made yet (nothing was signed, or
    the record must name a key with --key)."""
    if not st.settings.record_key_path.exists():
        return None
    return st.record_key(may_create=False).signer.verifier()


@app.command("checkpoint")
def checkpoint(ctx: typer.Context, as_json: bool = JSON) -> None:
    """Sign the record's current size and root (if it grew), and print the latest checkpoint.

    Example: inwriting record checkpoint
    """
    from inwriting.services import record

    st = state(ctx)
    signed = record.publish_checkpoint(st.database(), st.record_key())
    if as_json:
        print_json(
            {
                "size": signed.size,
                "root_hash": _b64(signed.root_hash),
                "note": signed.note,
                "created_at": signed.created_at,
            }
        )
    else:
        typer.echo(signed.note, nl=False)


@app.command("key")
def key(ctx: typer.Context) -> None:
    """Print the record's public verifier key, for anyone who wants to check it.

    Example: inwriting record key
    """
    typer.echo(state(ctx).record_key(may_create=False).vkey)


@app.command("proof")
def proof(
    ctx: typer.Context,
    index: int = typer.Option(..., "--index", help="Entry index."),
    size: int | None = typer.Option(None, "--size", help="Tree size (default: current)."),
    as_json: bool = JSON,
) -> None:
    """Print the inclusion proof of entry INDEX in the tree of SIZE entries.

    Example: inwriting record proof --index 3 --size 10 --json
    """
    from inwriting.services import record

    found = record.inclusion(state(ctx).database(), index, size)
    data = {
        "index": found.index,
        "size": found.size,
        "root_hash": _b64(found.root_hash),
        "proof": [_b64(h) for h in found.proof],
    }
    _print(data, as_json)


@app.command("consistency")
def consistency(
    ctx: typer.Context,
    old: int = typer.Option(..., "--old", help="The earlier tree size."),
    new: int | None = typer.Option(None, "--new", help="The later size (default: current)."),
    as_json: bool = JSON,
) -> None:
    """Print the proof that the tree of OLD entries is a prefix of the tree of NEW entries.

    Example: inwriting record consistency --old 5 --new 10 --json
    """
    from inwriting.services import record

    found = record.consistency(state(ctx).database(), old, new)
    data = {
        "old": found.old,
        "new": found.new,
        "old_root_hash": _b64(found.old_root_hash),
        "new_root_hash": _b64(found.new_root_hash),
        "proof": [_b64(h) for h in found.proof],
    }
    _print(data, as_json)


@app.command("entries")
def entries(
    ctx: typer.Context,
    start: int = typer.Option(0, "--start", help="First index."),
    end: int | None = typer.Option(None, "--end", help="One past the last (default: +100)."),
    as_json: bool = JSON,
) -> None:
    """Print entries START to END-1: type, time, ids and content digest.

    Example: inwriting record entries --start 0 --end 20 --json
    """
    from inwriting.services import record

    found = record.list_entries(
        state(ctx).database(), start, end if end is not None else start + 100
    )
    if as_json:
        print_json(
            [
                {"index": e.index, "entry": json.loads(e.entry), "leaf_input": _b64(e.entry)}
                for e in found
            ]
        )
        return
    for e in found:
        ids = " ".join(f"{k}={v}" for k, v in sorted(e.event.ids.items()))
        console.print(
            f"{e.index:>6}  {when(e.event.time)}  {e.event.type.value:<20} {ids}  "
            f"commitment:{e.event.commitment[:16]}…",
            markup=False,
        )


@app.command("receipt")
def receipt(
    ctx: typer.Context,
    index: int = typer.Argument(..., help="Entry index (e.g. a response's record_index)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file."),
) -> None:
    """Give an offline receipt (C2SP tlog-proof) for an entry whose subject you may read.

    Anyone can check it with `inwriting verify-receipt FILE --key VKEY`, with no database.
    If a member signed the act the entry records, its signature file goes with the receipt:
    written to FILE.sig beside FILE, where verify-receipt finds it.

    Example: inwriting --as bo record receipt 14 -o brenmark-answer.tlog-proof
    """
    from inwriting.services import record

    st = state(ctx)
    quorum = st.settings.witness_quorum
    text = record.receipt(st.database(), st.actor, index, st.record_key(), quorum).format()
    signature = record.entry_signature(st.database(), st.actor, index)
    if output is None:
        typer.echo(text, nl=False)
        if signature is not None:
            errors.print(
                f"entry {index} is signed: use -o FILE to keep its signature (FILE.sig)",
                markup=False,
            )
        return
    output.write_text(text)
    console.print(f"receipt for entry {index} written to {output}", markup=False)
    if signature is not None:
        companion = _signature_path(output)
        companion.write_text(signature)
        console.print(f"the member's signature written to {companion}", markup=False)


def _signature_path(receipt: Path) -> Path:
    return receipt.with_name(receipt.name + ".sig")


@app.command("open")
def open_entry(
    ctx: typer.Context,
    index: int = typer.Argument(..., help="Entry index."),
    as_json: bool = JSON,
) -> None:
    """Show what entry INDEX commits to (its salt, content digest and, for a negotiation,
    party, member, request or commitment, the content), if you may read it.

    Exits 1 if the entry does not commit to the content now in the database. Save the
    JSON to check a receipt with `verify-receipt --opening`.

    Example: inwriting --as bo record open 5 --json > member.opening.json
    """
    from inwriting.services import record

    st = state(ctx)
    found = record.open_entry(st.database(), st.actor, index)
    data = {
        "index": found.index,
        "entry": json.loads(found.entry),
        "subject": found.subject,
        "subject_id": found.subject_id,
        "salt": None if found.salt is None else found.salt.hex(),
        "content_sha256": found.content_sha256,
        "content": found.content,
        "verified": found.verified,
        "signature": found.signature,
    }
    if not as_json:  # one line each, the content as the canonical JSON its digest covers
        data["entry"] = found.entry.decode()
        data["content"] = None if found.content is None else canonical_json(found.content).decode()
    _print(data, as_json)
    raise typer.Exit(0 if found.verified else 1)


def _print(data: dict[str, object], as_json: bool) -> None:
    if as_json:
        print_json(data)
    else:
        for name, value in data.items():
            shown = "\n  ".join(value) if isinstance(value, list) else value
            console.print(f"{name}: {shown}", markup=False)


def verify_receipt(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="A .tlog-proof receipt."),
    key: str = typer.Option(..., "--key", help="The record's verifier key (`record key`)."),
    content_sha256: str | None = typer.Option(
        None, "--content-sha256", help="Also check the entry commits to this content digest."
    ),
    opening: Path | None = typer.Option(
        None,
        "--opening",
        exists=True,
        dir_okay=False,
        help="Also check the entry commits to this opening (`record open INDEX --json`).",
    ),
    witnesses: list[str] = typer.Option(
        [], "--witness", help="A witness's verifier key (repeatable): count its cosignature."
    ),
    min_witnesses: int | None = typer.Option(
        None,
        "--min-witnesses",
        min=0,
        help="How many of the --witness keys must have cosigned (default: all of them).",
    ),
    signature: Path | None = typer.Option(
        None,
        "--signature",
        exists=True,
        dir_okay=False,
        help="The member's signature file over the act (default: FILE.sig, if present).",
    ),
    signer: str | None = typer.Option(
        None,
        "--signer",
        help="Require the signature to be by this party key (its verifier key).",
    ),
    as_json: bool = JSON,
) -> None:
    """Check a receipt offline: signed checkpoint, inclusion proof, and the entry it carries,
    and with --witness, that the witnesses cosigned its checkpoint; and the signature of the
    member who did the act (FILE.sig or --signature), naming their key.

    Needs no database and no network. Exits 1 if the receipt does not prove its entry, the
    entry does not commit to the given content digest or opening, fewer than
    --min-witnesses of the --witness keys cosigned, or a signature does not verify or is not
    the statement of this entry (of this content, with an opening).

    Example: inwriting verify-receipt brenmark-answer.tlog-proof --key "localhost/inwriting+…"
    --witness "w1.example+…" --witness "w2.example+…" --min-witnesses 2
    """
    from inwriting.tlog.receipts import parse_receipt
    from inwriting.tlog.receipts import verify_receipt as check_receipt

    verifier = _verifier(key)
    cosigners = [_verifier(vkey, "--witness") for vkey in witnesses]
    required = len(cosigners) if min_witnesses is None else min_witnesses
    if required > len(cosigners):
        raise ValidationError(f"--min-witnesses {required}: only {len(cosigners)} --witness given")
    parsed = parse_receipt(_read_text(file))
    opened = check_receipt(
        parsed, verifier, origin=verifier.name, witnesses=cosigners, min_witnesses=required
    )
    event = decode_event(parsed.extra or b"")
    shown = _check_commitment(event, content_sha256, opening)
    signed = _check_signature(event, _signature_file(file, signature), signer, opening)
    tree = opened.checkpoint
    summary = {
        "ok": True,
        "index": parsed.index,
        "tree_size": tree.size,
        "origin": tree.origin,
        "root_hash": _b64(tree.root_hash),
        "witnesses": list(opened.cosigner_names),
        "entry": json.loads(parsed.extra or b"{}"),
        "content": shown,
        "signed_by": None if signed is None else {"name": signed.key_name, "vkey": signed.vkey},
    }
    if as_json:
        print_json(summary)
        return
    console.print(
        f"ok: entry {parsed.index} ({event.type.value} at {when(event.time)}, commitment "
        f"{event.commitment}) is in the record {tree.origin} of {tree.size} "
        "entries, signed by its key"
        + (f" and cosigned by {', '.join(opened.cosigner_names)}" if opened.cosignatures else ""),
        markup=False,
    )
    if shown is not None:
        console.print(f"it commits to: {canonical_json(shown).decode()}", markup=False)
    if signed is None:
        console.print("the act it records carries no party's signature", markup=False)
    else:
        checked = "" if opening or content_sha256 else " (give --opening to check its content)"
        console.print(
            f"signed by {signed.key_name} ({signed.vkey}) at {when(signed.statement.time)}"
            + checked,
            markup=False,
            soft_wrap=True,
        )


def _key_slot(vkey: str) -> tuple[str, bytes]:
    found = _verifier(vkey)
    return found.name, found.key_id


def _signature_file(receipt: Path, given: Path | None) -> Path | None:
    if given is not None:
        return given
    beside = _signature_path(receipt)
    return beside if beside.is_file() else None


def _check_signature(
    event: RecordedEvent, path: Path | None, signer: str | None, opening: Path | None
) -> SignedStatement | None:
    """Check the member's signature file is a valid signature of the statement of this very
    entry (and, given an opening, of its content), by ``signer`` if named."""
    from inwriting.domain.statements import against_entry, parse_signature

    if path is None:
        if signer is not None:
            raise ValidationError("--signer: no signature file (FILE.sig or --signature)")
        return None
    signed = parse_signature(_read_text(path))
    wanted = None if signer is None else _verifier(signer, "--signer")
    if wanted is not None and (wanted.name, wanted.key_id) != _key_slot(signed.vkey):
        raise ValidationError(f"{path}: signed by {signed.vkey}, not by the --signer key")
    different = against_entry(signed.statement, event)
    if different is not None:
        raise ValidationError(f"{path}: not the signature of this entry: {different}")
    if opening is not None:
        _, digest, _ = _read_opening(opening)
        if digest != signed.statement.content_sha256:
            raise ValidationError(
                f"{path}: signs content {signed.statement.content_sha256}, the entry commits "
                f"to {digest}"
            )
    return signed


def _check_commitment(
    event: RecordedEvent, content_sha256: str | None, opening: Path | None
) -> dict[str, object] | None:
    """Check ``event`` commits to the digest (and salt) given; returns the opened content."""
    salt, content, digest = None, None, content_sha256
    if opening is not None:
        salt, digest, content = _read_opening(opening)
        if content_sha256 is not None and content_sha256.lower() != digest:
            raise ValidationError(f"the opening is of content {digest}, not {content_sha256}")
    if digest is not None and not event.opens(digest.lower(), salt):
        raise ValidationError(f"the entry does not commit to content {digest}")
    return content


def _read_opening(path: Path) -> tuple[bytes | None, str, dict[str, object] | None]:
    """The salt, content digest and content of an opening file, checked against each other."""
    try:
        data = json.loads(_read_text(path))
        salt = None if data["salt"] is None else bytes.fromhex(data["salt"])
        digest, content = str(data["content_sha256"]), data.get("content")
    except (ValueError, KeyError, TypeError):
        raise ValidationError(f"{path}: not an opening (`record open INDEX --json`)") from None
    if content is not None and (
        not isinstance(content, dict) or sha256_hex(canonical_json(content)) != digest
    ):
        raise ValidationError(f"{path}: its content does not have the digest {digest}")
    return salt, digest, content


def _verifier(vkey: str, option: str = "--key") -> Verifier:
    from inwriting.tlog import TlogError, parse_vkey

    try:
        return parse_vkey(vkey.strip())
    except TlogError as error:
        raise ValidationError(f"{option}: not a verifier key ({error})") from None


def _read_text(file: Path) -> str:
    data = file.read_bytes()
    if len(data) > 1_000_000:
        raise ValidationError(f"{file}: too large for a receipt")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError(f"{file}: a receipt is UTF-8 text") from None


@app.command("monitor")
def monitor(
    url: str = typer.Argument(..., help="The record's tlog-tiles prefix, e.g. https://host/record"),
    key: str = typer.Option(..., "--key", help="The record's verifier key (inwriting record key)."),
    state_dir: Path = typer.Option(..., "--state", help="Folder for the last checkpoint seen."),
) -> None:
    """Check the record at URL against what this monitor saw before; exit 1 on a fork,
    a rollback, a forged checkpoint or a changed entry (2 if the record cannot be read).

    Run it from cron; it talks to the record over HTTP only, as any outsider would.

    Example: inwriting record monitor https://negotiations.example.org/record
    --key "$(cat record.vkey)" --state ~/.inwriting-monitor
    """
    from inwriting.monitor.follow import Discrepancy, Unreachable, check, http_fetch

    try:
        result = check(http_fetch(url), _verifier(key), state_dir)
    except Discrepancy as found:
        errors.print(f"RECORD MISBEHAVED at {url}: {found}", markup=False, soft_wrap=True)
        errors.print(
            f"the signed checkpoints are kept in {state_dir} (checkpoint, conflicting-checkpoint)",
            markup=False,
            soft_wrap=True,
        )
        raise typer.Exit(1) from None
    except Unreachable as error:
        errors.print(f"could not read the record: {error}", markup=False, soft_wrap=True)
        raise typer.Exit(2) from None
    was = f"was {result.old.size}" if result.old is not None else "first run"
    console.print(
        f"ok: {result.new.origin} size {result.new.size} ({was}), "
        f"{result.entries_checked} new entries checked",
        markup=False,
        soft_wrap=True,
    )
