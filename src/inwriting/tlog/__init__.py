"""tlog: the transparency log underneath InWriting's record, as pure functions over bytes.

The record is an append-only Merkle log (RFC 9162 §2.1, the Certificate Transparency tree). Each
leaf holds opaque bytes; the log periodically signs a *checkpoint* (origin, tree size, root hash)
as a C2SP signed note; witnesses cosign checkpoints they have checked to be consistent with
earlier ones; and the tree and entries are published as static C2SP tlog-tiles. With these,
anyone holding a checkpoint can check that an entry is in the log (inclusion proof) and that the
log only ever grew (consistency proof), without trusting whoever runs it.

Modules:

* ``hashing``: leaf, node and root hashes (SHA-256, 0x00/0x01 domain separation);
* ``proofs``: inclusion and consistency proofs, generated and verified per RFC 9162, and
  their subtree generalizations (Merkle Tree Certificates draft);
* ``notes``: C2SP signed notes, Ed25519 keys, tlog-cosignature/v1 cosignatures;
* ``checkpoints``: C2SP tlog-checkpoint bodies, signed and opened;
* ``tiles``: C2SP tlog-tiles paths, tile and entry-bundle contents, a verifying reader;
* ``errors``: ``TlogError(ValueError)`` and its subclasses.

What this package must not do, so it stays small enough to audit and reuse by any verifier:

* know anything of negotiations, documents or parties: it hashes and signs opaque bytes, and
  deciding what goes into a leaf is the caller's business;
* perform I/O, read a clock or draw randomness: seeds, timestamps and a ``fetch`` function are
  passed in by the caller;
* import a framework or database layer (only the standard library and ``cryptography``).
"""

from .checkpoints import (
    Checkpoint,
    SignedCheckpoint,
    open_checkpoint,
    parse_checkpoint,
    sign_checkpoint,
)
from .errors import (
    CheckpointError,
    InvalidSignatureError,
    KeyFormatError,
    NoteError,
    ProofError,
    TileError,
    TlogError,
    UnverifiedNoteError,
)
from .hashing import EMPTY_ROOT, HASH_SIZE, leaf_hash, node_hash, root_from_entries, root_hash
from .notes import (
    CosignatureSigner,
    CosignatureVerifier,
    Ed25519Signer,
    Ed25519Verifier,
    Note,
    Signature,
    Signer,
    VerifiedNote,
    Verifier,
    compute_key_id,
    cosignature_timestamp,
    generate_signer,
    parse_note,
    parse_skey,
    parse_vkey,
    sign_note,
    verify_note,
)
from .proofs import (
    consistency_proof,
    inclusion_proof,
    is_valid_subtree,
    root_from_inclusion_proof,
    subtree_consistency_proof,
    subtree_inclusion_proof,
    verify_append_only,
    verify_consistency,
    verify_inclusion,
    verify_subtree_consistency,
    verify_subtree_inclusion,
)
from .tiles import (
    BundleId,
    Fetch,
    TileId,
    TileReader,
    build_bundles,
    build_tiles,
    decode_bundle,
    encode_bundle,
    encode_index,
    entry_bundles,
    hash_tiles,
    parse_tile_path,
    root_from_tiles,
    tile_paths,
)

__all__ = [
    "EMPTY_ROOT",
    "HASH_SIZE",
    "BundleId",
    "Checkpoint",
    "CheckpointError",
    "CosignatureSigner",
    "CosignatureVerifier",
    "Ed25519Signer",
    "Ed25519Verifier",
    "Fetch",
    "InvalidSignatureError",
    "KeyFormatError",
    "Note",
    "NoteError",
    "ProofError",
    "Signature",
    "SignedCheckpoint",
    "Signer",
    "TileError",
    "TileId",
    "TileReader",
    "TlogError",
    "UnverifiedNoteError",
    "VerifiedNote",
    "Verifier",
    "build_bundles",
    "build_tiles",
    "compute_key_id",
    "consistency_proof",
    "cosignature_timestamp",
    "decode_bundle",
    "encode_bundle",
    "encode_index",
    "entry_bundles",
    "generate_signer",
    "hash_tiles",
    "inclusion_proof",
    "is_valid_subtree",
    "leaf_hash",
    "node_hash",
    "open_checkpoint",
    "parse_checkpoint",
    "parse_note",
    "parse_skey",
    "parse_tile_path",
    "parse_vkey",
    "root_from_entries",
    "root_from_inclusion_proof",
    "root_from_tiles",
    "root_hash",
    "sign_checkpoint",
    "sign_note",
    "subtree_consistency_proof",
    "subtree_inclusion_proof",
    "tile_paths",
    "verify_append_only",
    "verify_consistency",
    "verify_inclusion",
    "verify_note",
    "verify_subtree_consistency",
    "verify_subtree_inclusion",
]
