"""C2SP ``tlog-proof@v1``: an offline receipt that one entry is in a log.

::

    c2sp.org/tlog-proof@v1
    extra <base64 of the entry itself>      (optional; unauthenticated application data)
    index <n>
    <base64 inclusion-proof hash>           (one per line, from the leaf's sibling up)
    ...
                                            (blank line)
    <the signed checkpoint, verbatim>

Whoever holds it and the log's verifier key can check, with no network, that the entry was
recorded: recompute the leaf hash, check the checkpoint's signature, check inclusion.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable
from dataclasses import dataclass

from .checkpoints import SignedCheckpoint, open_checkpoint
from .errors import TlogError
from .hashing import leaf_hash
from .notes import Verifier
from .proofs import verify_inclusion

HEADER = "c2sp.org/tlog-proof@v1"


class ReceiptError(TlogError):
    """A receipt that is malformed or does not prove what it claims."""


@dataclass(frozen=True)
class Receipt:
    index: int
    proof: tuple[bytes, ...]
    checkpoint: str  # the signed note, verbatim
    extra: bytes | None = None

    def format(self) -> str:
        lines = [HEADER]
        if self.extra is not None:
            lines.append(f"extra {_b64(self.extra)}")
        lines.append(f"index {self.index}")
        lines.extend(_b64(h) for h in self.proof)
        return "\n".join(lines) + "\n\n" + self.checkpoint


def parse_receipt(text: str) -> Receipt:
    head, sep, checkpoint = text.partition("\n\n")
    if not sep:
        raise ReceiptError("no blank line before the checkpoint")
    lines = head.split("\n")
    if lines[0] != HEADER:
        raise ReceiptError(f"not a receipt: the first line must be {HEADER!r}")
    extra = None
    rest = lines[1:]
    if rest and rest[0].startswith("extra "):
        extra = _unb64(rest.pop(0)[6:], "extra")
    if not rest or not rest[0].startswith("index "):
        raise ReceiptError("missing the 'index <n>' line")
    number = rest.pop(0)[6:]
    if not (number.isascii() and number.isdigit()) or (number.startswith("0") and number != "0"):
        raise ReceiptError(f"bad index {number!r}")
    proof = tuple(_unb64(line, "proof hash") for line in rest)
    return Receipt(int(number), proof, checkpoint, extra)


def verify_receipt(
    receipt: Receipt,
    verifier: Verifier,
    entry: bytes | None = None,
    *,
    origin: str | None = None,
    witnesses: Iterable[Verifier] = (),
    min_witnesses: int = 0,
) -> SignedCheckpoint:
    """Check ``receipt`` proves ``entry`` (default: its ``extra``) is in the signed log whose
    checkpoints ``verifier`` signs (and whose origin is ``origin``, when given), and that at
    least ``min_witnesses`` of ``witnesses`` cosigned its checkpoint: what shows the log
    showed the same tree to everyone, not just signed it.

    Raises a :class:`TlogError` naming what failed; returns the opened checkpoint.
    """
    data = entry if entry is not None else receipt.extra
    if data is None:
        raise ReceiptError("the receipt carries no entry and none was given")
    signed = open_checkpoint(receipt.checkpoint, verifier, origin=origin, witnesses=witnesses)
    if len(signed.cosignatures) < min_witnesses:
        named = ", ".join(signed.cosigner_names) or "none"
        raise ReceiptError(
            f"the checkpoint is cosigned by {len(signed.cosignatures)} of the witnesses given "
            f"({named}); at least {min_witnesses} are required"
        )
    tree = signed.checkpoint
    verify_inclusion(receipt.index, tree.size, leaf_hash(data), list(receipt.proof), tree.root_hash)
    return signed


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ReceiptError(f"bad base64 in {what}") from None
