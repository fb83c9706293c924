"""The exceptions tlog raises: all ``ValueError``, because all of them mean "these bytes are wrong".

::

    TlogError(ValueError)
    ├── ProofError                 a proof, a root or a tile does not prove what it claims
    ├── NoteError                  a signed note is malformed
    │   ├── KeyFormatError         a verifier or signer key string is malformed
    │   ├── UnverifiedNoteError    no signature by a known key (unknown keys are ignored)
    │   └── InvalidSignatureError  a known key's signature does not verify: reject the note
    ├── CheckpointError            a checkpoint body is malformed or is not the expected log
    └── TileError                  a tile path, tile or entry bundle is malformed

tlog stands alone (it knows nothing of the rest of InWriting), so it does not derive from
``inwriting.errors``; the service layer maps these where they cross into the product.
"""

from __future__ import annotations


class TlogError(ValueError):
    """Base class: some input to the transparency-log code is invalid."""


class ProofError(TlogError):
    """A Merkle proof, root hash or tile fails verification, or its inputs are malformed."""


class NoteError(TlogError):
    """A signed note is malformed (layout, encoding, signature line)."""


class KeyFormatError(NoteError):
    """A verifier key (vkey) or signer key (skey) string is malformed or inconsistent."""


class UnverifiedNoteError(NoteError):
    """No signature on the note is by a known key, so nothing vouches for it."""


class InvalidSignatureError(NoteError):
    """A signature line names a known key (name and key id) but does not verify."""

    def __init__(self, name: str, key_id: bytes) -> None:
        super().__init__(f"invalid signature by known key {name}+{key_id.hex()}")
        self.name = name
        self.key_id = key_id

    def __reduce__(self) -> tuple[type[InvalidSignatureError], tuple[str, bytes]]:
        return (type(self), (self.name, self.key_id))


class CheckpointError(TlogError):
    """A checkpoint body is malformed, or its origin is not the log we expected."""


class TileError(TlogError):
    """A tile path, hash tile or entry bundle is malformed or has the wrong size."""
