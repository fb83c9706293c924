"""``inwriting record witnesses``: the witnesses the record's checkpointer asks to cosign."""

from __future__ import annotations

import typer

from inwriting.cli.context import state
from inwriting.cli.output import console, print_json, when

app = typer.Typer(help="The witnesses that cosign the record's checkpoints (operator only).")


@app.command("add")
def add(
    ctx: typer.Context,
    vkey: str = typer.Argument(..., help="The witness's verifier key (`inwriting witness key`)."),
    url: str = typer.Argument(..., help="The witness's URL (its add-checkpoint prefix)."),
) -> None:
    """Ask this witness to cosign every new checkpoint; its name is its key's.

    With witnesses configured, a checkpoint is published as final (/record/checkpoint,
    receipts) only once INWRITING_WITNESS_QUORUM of them (default: all) cosigned it.

    Example: inwriting record witnesses add "witness.example.net+1a2b3c4d+BAA…"
    https://witness.example.net
    """
    from inwriting.services.witnesses import add_witness

    st = state(ctx)
    added = add_witness(st.database(), st.actor, vkey, url)
    console.print(f"witness {added.name} added: {added.url}", markup=False, soft_wrap=True)


@app.command("list")
def list_(ctx: typer.Context, as_json: bool = typer.Option(False, "--json")) -> None:
    """Show the configured witnesses and the last size each cosigned.

    Example: inwriting record witnesses list --json
    """
    from inwriting.services.witnesses import list_witnesses

    found = list_witnesses(state(ctx).database())
    if as_json:
        print_json([vars(w) for w in found])
        return
    for w in found:
        console.print(
            f"{w.name}  {w.url}  cosigned size {w.cosigned_size}  added {when(w.added_at)}\n"
            f"  {w.vkey}",
            markup=False,
            soft_wrap=True,
        )


@app.command("remove")
def remove(ctx: typer.Context, name: str = typer.Argument(..., help="The witness's name.")) -> None:
    """Stop asking a witness to cosign; its cosignatures already given stay on checkpoints.

    Example: inwriting record witnesses remove witness.example.net
    """
    from inwriting.services.witnesses import remove_witness

    st = state(ctx)
    remove_witness(st.database(), st.actor, name)
    console.print(f"witness {name} removed", markup=False)
