"""``inwriting commitments``: the ledger of promises made, kept and broken."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from inwriting.cli.context import state
from inwriting.cli.output import add_row, console, print_json, when
from inwriting.cli.requests import parse_due
from inwriting.domain.commitments import CommitmentStatus, Evidence, Source, SourceKind

if TYPE_CHECKING:
    from rich.table import Table

    from inwriting.services.commitments import Commitment

app = typer.Typer(help="Commitments: promises made by parties, with sources and a history.")
NEGOTIATION = typer.Option(..., "--negotiation", "-n", help="Negotiation slug or id.")
JSON = typer.Option(False, "--json", help="Print as JSON.")
COMMITMENT = typer.Argument(..., help="Commitment id.")
CITATION = typer.Option("", "--citation", help="Evidence: where it is shown.")
LINK = typer.Option("", "--link", help="Evidence: a https:// link.")
ENTRY = typer.Option(None, "--record-entry", help="Evidence: an entry of the record.")


class LedgerFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


def parse_moment(value: str) -> datetime:
    """``2026-03-01`` (start of that day, UTC) or an ISO time (UTC when it names no zone)."""
    if len(value) == 10:
        return parse_due(value).replace(hour=0, minute=0, second=0)
    return parse_due(value)


SIGN_WITH = typer.Option(
    None,
    "--sign-with",
    exists=True,
    dir_okay=False,
    help="Sign it with your key file (`keys generate`); the key stays on this machine.",
)


@app.command("add")
def add(
    ctx: typer.Context,
    negotiation: str = NEGOTIATION,
    party: str = typer.Option(..., "--party", help="The party that promised."),
    text: str = typer.Option(..., "--text", help="The promise, in writing."),
    quote: str = typer.Option(..., "--quote", help="The exact words used."),
    citation: str = typer.Option(..., "--citation", help="Where and when it was made."),
    kind: SourceKind = typer.Option(SourceKind.MEETING, "--source", help="Kind of source."),
    made: str = typer.Option(..., "--made", help="When it was made: 2026-03-01 or ISO time."),
    to: list[str] = typer.Option([], "--to", help="A party it was made to (default: all)."),
    person: str = typer.Option("", "--person", help="The person who made it, if named."),
    link: str = typer.Option("", "--link", help="A https:// link to the source."),
    due: str | None = typer.Option(None, "--due", help="When it is due, if it says."),
    sign_with: Path | None = SIGN_WITH,
    as_json: bool = JSON,
) -> None:
    """Record a promise a party made, with its source and exact quote. Signed with your key
    (for your party) where you give one or your party requires it.

    Example: inwriting --as aron commitments add -n river --party "Party B" \
      --text "Table a counter-proposal on Article 8" --quote "We will table one" \
      --citation "Round 2, 3 May" --made 2026-05-03 --due 2026-06-01
    """
    from inwriting.services import commitments

    st = state(ctx)
    source = Source(kind, citation, quote, link)
    made_at, due_at = parse_moment(made), parse_due(due) if due else None
    origin, signature = st.settings.record_origin, None
    if sign_with is not None:
        from inwriting.cli.keys import load_signer
        from inwriting.domain.statements import sign_statement

        signer = load_signer(sign_with)
        said = commitments.statement_for_commitment(
            st.database(),
            st.actor,
            negotiation,
            party,
            text,
            source,
            origin,
            made_at=made_at,
            to=to,
            person=person,
            due_at=due_at,
        )
        signature = sign_statement(said, signer).format()
    found = commitments.record_commitment(
        st.database(),
        st.actor,
        negotiation,
        party,
        text,
        source,
        made_at=made_at,
        to=to,
        person=person,
        due_at=due_at,
        signature=signature,
        origin=origin,
    )
    _show(found, as_json)


@app.command("status")
def status(
    ctx: typer.Context,
    commitment: int = COMMITMENT,
    new: CommitmentStatus = typer.Option(..., "--status", help="The new status."),
    rationale: str = typer.Option(..., "--rationale", help="Why, in writing."),
    citation: str = CITATION,
    link: str = LINK,
    entry: int | None = ENTRY,
    party: str | None = typer.Option(None, "--party", help="Acting for (to withdraw)."),
    as_json: bool = JSON,
) -> None:
    """Record a new status, with a rationale and evidence.

    Example: inwriting --as ana commitments status 3 --status kept \
      --rationale "Tabled on 30 May" --record-entry 41
    """
    from inwriting.services import commitments

    st = state(ctx)
    found = commitments.change_status(
        st.database(),
        st.actor,
        commitment,
        new,
        rationale,
        Evidence(citation, link, entry),
        party=party,
    )
    _show(found, as_json)


@app.command("dispute")
def dispute(
    ctx: typer.Context,
    commitment: int = COMMITMENT,
    party: str = typer.Option(..., "--party", help="The party disputing it (you act for it)."),
    statement: str = typer.Option(..., "--statement", help="What your party states, in writing."),
    citation: str = CITATION,
    link: str = LINK,
    entry: int | None = ENTRY,
    sign_with: Path | None = SIGN_WITH,
    as_json: bool = JSON,
) -> None:
    """State that a promise was never made, or means something else. The original stays.
    Signed with your key where you give one or your party requires it.

    Example: inwriting --as cato commitments dispute 4 --party "Party C" \
      --statement "No such promise was made" --citation "Verbatim record, p. 12"
    """
    from inwriting.cli.keys import load_signer
    from inwriting.domain.commitments import CommitmentStatus
    from inwriting.domain.statements import sign_statement
    from inwriting.services import commitments

    st = state(ctx)
    evidence = Evidence(citation, link, entry)
    origin, signature = st.settings.record_origin, None
    if sign_with is not None:
        signer = load_signer(sign_with)
        said = commitments.statement_for_change(
            st.database(),
            st.actor,
            commitment,
            CommitmentStatus.DISPUTED,
            statement,
            evidence,
            party,
            origin,
        )
        signature = sign_statement(said, signer).format()
    found = commitments.dispute(
        st.database(),
        st.actor,
        commitment,
        party,
        statement,
        evidence,
        signature=signature,
        origin=origin,
    )
    _show(found, as_json)


@app.command("show")
def show(ctx: typer.Context, commitment: int = COMMITMENT, as_json: bool = JSON) -> None:
    """A commitment with its source and its whole history.

    Example: inwriting commitments show 4
    """
    from inwriting.services import commitments

    st = state(ctx)
    _show(commitments.get_commitment(st.database(), st.actor, commitment), as_json)


@app.command("list")
def list_(
    ctx: typer.Context,
    negotiation: str = NEGOTIATION,
    party: str | None = typer.Option(None, "--party", help="Only this party's promises."),
    only: CommitmentStatus | None = typer.Option(
        None, "--status", help="Only this status (as of now)."
    ),
    due: str | None = typer.Option(None, "--due-before", help="Only those due by this date."),
    overdue: bool = typer.Option(False, "--overdue", help="Only those overdue."),
    as_json: bool = JSON,
) -> None:
    """The ledger, with filters.

    Example: inwriting commitments list -n river --status broken
    """
    from inwriting.services import commitments

    st = state(ctx)
    found = commitments.list_commitments(
        st.database(),
        st.actor,
        negotiation,
        party=party,
        status=only,
        due_before=parse_due(due) if due else None,
        overdue_only=overdue,
    )
    if as_json:
        print_json(found)
        return
    console.print(ledger_table(found))


@app.command("export")
def export(
    ctx: typer.Context,
    negotiation: str = NEGOTIATION,
    output: Path = typer.Option(..., "--output", "-o", help="File to write."),
    fmt: LedgerFormat | None = typer.Option(
        None, "--format", help="csv or xlsx (default: from -o)."
    ),
) -> None:
    """Export the ledger as a spreadsheet (CSV or XLSX, with filters and a frozen header).

    Example: inwriting commitments export -n river -o ledger.xlsx
    """
    from inwriting.formats.tables import write_csv, write_xlsx
    from inwriting.services import commitments

    st = state(ctx)
    found = commitments.list_commitments(st.database(), st.actor, negotiation)
    kind = fmt or (LedgerFormat.XLSX if output.suffix.lower() == ".xlsx" else LedgerFormat.CSV)
    rows = ledger_rows(found)
    if kind is LedgerFormat.XLSX:
        output.write_bytes(write_xlsx(LEDGER_COLUMNS, rows, sheet="Commitments"))
    else:
        output.write_text(write_csv(LEDGER_COLUMNS, rows), encoding="utf-8")
    console.print(f"{len(rows)} commitments written to {output}", markup=False)


def ledger_table(found: list[Commitment]) -> Table:
    from rich.table import Table

    table = Table("id", "party", "promise", "due", "status", title="Commitments")
    for c in found:
        shown = c.effective_status.value + (" (overdue)" if c.overdue else "")
        if c.effective_status is not c.status:
            shown += f" — recorded: {c.status.value}"
        add_row(table, str(c.id), c.party, c.text, when(c.due_at), shown)
    return table


def _show(c: Commitment, as_json: bool) -> None:
    if as_json:
        print_json(c)
        return
    to = "all parties" if c.to_all else ", ".join(c.to)
    by = f" ({c.person})" if c.person else ""
    console.print(f"Commitment {c.id}: {c.party}{by} to {to}", markup=False)
    console.print(f"  {c.text}", markup=False)
    console.print(
        f"  made {when(c.made_at)} — {c.source.kind.value}: {c.source.citation}", markup=False
    )
    console.print(
        f"  “{c.source.quote}”" + (f" <{c.source.link}>" if c.source.link else ""), markup=False
    )
    if c.due_at:
        console.print(f"  due {when(c.due_at)}" + ("  OVERDUE" if c.overdue else ""), markup=False)
    console.print(f"  status: {c.effective_status.value}", markup=False)
    for h in c.history:
        who = h.recorded_by or "InWriting (from the facts)"
        party = f" for {h.party}" if h.party else ""
        ev = h.evidence
        proof = "; ".join(
            x
            for x in (
                ev.citation,
                ev.link,
                f"record entry {ev.record_index}" if ev.record_index is not None else "",
            )
            if x
        )
        line = f"    {when(h.effective_at)}  {h.status.value:<14} by {who}{party}: {h.rationale}"
        console.print(f"{line} [{proof}]", markup=False)


LEDGER_COLUMNS = (
    "id",
    "party",
    "person",
    "to",
    "promise",
    "made",
    "source",
    "citation",
    "quote",
    "link",
    "due",
    "status",
    "status as of now",
    "overdue",
    "last change",
    "rationale",
    "record entry",
)


def ledger_rows(found: Sequence[Commitment]) -> list[list[str]]:
    """The ledger as text cells, one row per commitment, for CSV and XLSX."""

    def day(moment: datetime | None) -> str:
        return "" if moment is None else moment.strftime("%Y-%m-%d %H:%M UTC")

    return [
        [
            str(c.id),
            c.party,
            c.person,
            "all" if c.to_all else ", ".join(c.to),
            c.text,
            day(c.made_at),
            c.source.kind.value,
            c.source.citation,
            c.source.quote,
            c.source.link,
            day(c.due_at),
            c.status.value,
            c.effective_status.value,
            "yes" if c.overdue else "",
            day(c.history[-1].recorded_at),
            c.history[-1].rationale,
            "" if c.record_index is None else str(c.record_index),
        ]
        for c in found
    ]
