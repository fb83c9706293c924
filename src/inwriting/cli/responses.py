"""``inwriting responses``: draft, approve and submit a party's written answer."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from inwriting.cli.context import state
from inwriting.cli.output import add_row, console, print_json, print_problems, print_status, when
from inwriting.domain.responses import ResponseKind
from inwriting.errors import FormatError

if TYPE_CHECKING:
    from inwriting.domain.statements import Action
    from inwriting.services.responses import Response

app = typer.Typer(help="Responses: a party's article-by-article written answer to a version.")
JSON = typer.Option(False, "--json", help="Print as JSON.")
RESPONSE = typer.Argument(..., help="Response id.")


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Path = typer.Argument(
        ..., exists=True, dir_okay=False, help="YAML, JSON, Word (.docx) or comment matrix."
    ),
    version: int = typer.Option(..., "--version", help="The version it answers."),
    party: str | None = typer.Option(
        None, "--party", help="Whose rows to take from a comment matrix of several parties."
    ),
    as_json: bool = JSON,
) -> None:
    """Save a response file as your party's draft (replacing an earlier draft): a YAML or
    JSON response file, the Word table InWriting exports, or an ISO/IEC comment matrix
    (.xlsx, .csv).

    The draft is private to your party until a principal submits it. Whatever still stands
    between it and submission is listed.

    Example: inwriting --as ben responses import answer.yaml --version 1
    """
    from inwriting.formats.responses.imports import read_any_response
    from inwriting.services import responses

    st = state(ctx)
    if file.stat().st_size > 50 * 1024 * 1024:
        raise FormatError("larger than 50 MB", source=str(file))
    draft = read_any_response(file.read_bytes(), source=file.name, party=party)
    saved = responses.save_draft(st.database(), st.actor, version, draft)
    _report(saved, as_json)


SIGN_WITH = typer.Option(
    None,
    "--sign-with",
    exists=True,
    dir_okay=False,
    help="Sign it with your key file (`keys generate`); the key stays on this machine.",
)
SIGNATURE = typer.Option(
    None,
    "--signature",
    exists=True,
    dir_okay=False,
    help="A signature file made offline (`responses statement`, then `inwriting sign`).",
)


@app.command("approve")
def approve(
    ctx: typer.Context,
    response: int = RESPONSE,
    sign_with: Path | None = SIGN_WITH,
    signature: Path | None = SIGNATURE,
    as_json: bool = JSON,
) -> None:
    """Approve a complete draft (a principal who saved none of its drafts), signed with
    your key where you give one or your party requires it. For a party with a clearance
    chain: clear its current step (the last clearance submits it).

    Example: inwriting --as bea responses approve 3 --sign-with ~/.inwriting/bea.key
    """
    from inwriting.domain.statements import Action
    from inwriting.services import responses

    st = state(ctx)
    signed = _signature(ctx, response, Action.RESPONSE_APPROVED, sign_with, signature)
    found = responses.approve_response(
        st.database(), st.actor, response, signature=signed, origin=st.settings.record_origin
    )
    _report(found, as_json)


@app.command("clearance")
def clearance(ctx: typer.Context, response: int = RESPONSE, as_json: bool = JSON) -> None:
    """Show where a draft stands in your party's clearance chain, and its history.

    Example: inwriting --as bea responses clearance 3
    """
    from inwriting.services import responses

    st = state(ctx)
    status = responses.clearance_status(st.database(), st.actor, response)
    if as_json:
        print_json(status)
    elif status is None:
        console.print("your party has no clearance chain: see responses approve", markup=False)
    else:
        print_status(status)


@app.command("submit")
def submit(
    ctx: typer.Context,
    response: int = RESPONSE,
    sign_with: Path | None = SIGN_WITH,
    signature: Path | None = SIGNATURE,
    as_json: bool = JSON,
) -> None:
    """Submit a response on your party's behalf (principals only). It can never be changed.
    Signed with your key where you give one or your party requires it; --json prints the
    record_index of the entry it appended.

    Example: inwriting --as bea responses submit 3 --sign-with ~/.inwriting/bea.key --json
    """
    from inwriting.domain.statements import Action
    from inwriting.services import responses

    st = state(ctx)
    signed = _signature(ctx, response, Action.RESPONSE_SUBMITTED, sign_with, signature)
    found = responses.submit_response(
        st.database(), st.actor, response, signature=signed, origin=st.settings.record_origin
    )
    _report(found, as_json)


@app.command("statement")
def statement(
    ctx: typer.Context,
    response: int = RESPONSE,
    approve: bool = typer.Option(False, "--approve", help="The statement of an approval."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file."),
) -> None:
    """Print the statement a member signs to submit (or, with --approve, approve) the draft
    as it is now: sign it offline with `inwriting sign FILE --key KEYFILE`, then give the
    signature file to `submit --signature`, the web form or the API. It holds for a day,
    for this exact text: any edit of the draft needs a new signature.

    Example: inwriting --as bea responses statement 3 -o answer.statement
    """
    from inwriting.domain.statements import Action
    from inwriting.services import responses

    st = state(ctx)
    action = Action.RESPONSE_APPROVED if approve else Action.RESPONSE_SUBMITTED
    found = responses.statement_for(
        st.database(), st.actor, response, action, st.settings.record_origin
    )
    if output is None:
        typer.echo(found.text(), nl=False)
    else:
        output.write_text(found.text(), encoding="utf-8")
        console.print(f"statement written to {output}", markup=False)


def _signature(
    ctx: typer.Context,
    response: int,
    action: Action,
    sign_with: Path | None,
    signature: Path | None,
) -> str | None:
    """The signature file to send: made here with ``sign_with``, or read from ``signature``."""
    from inwriting.cli.keys import load_signer
    from inwriting.domain.statements import sign_statement
    from inwriting.errors import ValidationError
    from inwriting.services import responses

    if sign_with is not None and signature is not None:
        raise ValidationError("give --sign-with or --signature, not both")
    if signature is not None:
        if signature.stat().st_size > 4096:
            raise ValidationError(f"{signature}: too large for a signature file")
        return signature.read_text(encoding="utf-8", errors="replace")
    if sign_with is None:
        return None
    signer = load_signer(sign_with)  # before asking the database anything
    st = state(ctx)
    found = responses.statement_for(
        st.database(), st.actor, response, action, st.settings.record_origin
    )
    return sign_statement(found, signer).format()


@app.command("show")
def show(ctx: typer.Context, response: int = RESPONSE, as_json: bool = JSON) -> None:
    """Print a response, position by position.

    Example: inwriting --as ben responses show 3
    """
    from rich.markup import escape

    from inwriting.services import responses

    st = state(ctx)
    found = responses.get_response(st.database(), st.actor, response)
    if as_json:
        print_json(found)
        return
    _report(found, False)
    if found.cover_note:
        console.print(f"\n{found.cover_note}", markup=False)
    for p in found.content.positions:
        target = f"after {p.after}" if p.after else p.provision
        console.print(f"\n[bold]{escape(target)}[/]: {p.kind.value}")
        for name in ("exception", "text", "reason"):
            if getattr(p, name):
                console.print(f"  {name}: {getattr(p, name)}", markup=False)
            if name == "text":
                for language, wording in p.wordings.items():
                    console.print(f"  text ({language}): {wording}", markup=False)
        if missing := p.lacks(found.languages[1:]):
            console.print(f"  lacks: {', '.join(missing)}", markup=False)


@app.command("list")
def list_(
    ctx: typer.Context,
    version: int = typer.Option(..., "--version", help="Version id."),
    as_json: bool = JSON,
) -> None:
    """List the responses to a version you may see (submitted ones, and your party's drafts).

    Example: inwriting --as carl responses list --version 1
    """
    from rich.table import Table

    from inwriting.services import responses

    st = state(ctx)
    found = responses.list_responses(st.database(), st.actor, version)
    if as_json:
        print_json(found)
        return
    table = Table("id", "party", "kind", "status", "answered", "submitted", "supersedes")
    for r in found:
        add_row(
            table,
            str(r.id),
            r.party,
            r.kind,
            r.status,
            f"{r.answered}/{r.answerable}",
            when(r.submitted_at),
            str(r.supersedes_id or ""),
        )
    console.print(table)


def _report(r: Response, as_json: bool) -> None:
    if as_json:
        print_json(r)
        return
    label = " (INTERIM)" if r.kind is ResponseKind.INTERIM else ""
    console.print(
        f"response {r.id}{label} of {r.party} to version {r.version_id}: {r.status}, "
        f"{r.answered} of {r.answerable} provisions answered",
        markup=False,
    )
    if r.submitted_at:
        console.print(f"submitted by {r.submitted_by} on {when(r.submitted_at)}", markup=False)
        console.print(f"sha256 {r.content_sha256}", markup=False)
    if r.record_index is not None:
        console.print(
            f"record entry {r.record_index} (a receipt: inwriting record receipt {r.record_index})",
            markup=False,
        )
        if r.signed_with:
            console.print(f"signed with the key {r.signed_with}", markup=False)
        elif r.unsigned:
            console.print(f"UNSIGNED, although {r.party} required signatures", markup=False)
    if r.approval_signed_with:
        console.print(f"approval signed with the key {r.approval_signed_with}", markup=False)
    if r.lacking:
        console.print(
            f"{len(r.lacking)} proposed text(s) not in every language ({', '.join(r.languages)}):",
            markup=False,
        )
        for lacking in r.lacking:
            console.print(f"  {lacking.where} lacks: {', '.join(lacking.languages)}", markup=False)
    if r.problems:
        console.print(f"{len(r.problems)} problem(s) before it can be submitted:", markup=False)
        print_problems(r.problems, stderr=False)
