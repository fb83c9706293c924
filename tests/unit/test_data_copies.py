"""The documents and vectors in tests/data are byte-for-byte copies of their originals.

Every test reads the copies, so a fresh clone runs them all; this check compares them with
the team's shared folders (``../shared/corpus`` and ``../shared/vectors``, or
``INWRITING_CORPUS`` / ``INWRITING_VECTORS``) where those are present, so a copy edited by
mistake, or an original corrected upstream, is noticed. READMEs are ours and not compared.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CORPUS, DATA, shared_dir

COPIES = [
    pytest.param(CORPUS, "corpus", "INWRITING_CORPUS", 45, id="corpus"),
    pytest.param(DATA / "tlog", "vectors", "INWRITING_VECTORS", 570, id="vectors"),
]


@pytest.mark.corpus
@pytest.mark.parametrize(("copy", "name", "env", "at_least"), COPIES)
def test_copies_are_identical_to_their_originals(
    copy: Path, name: str, env: str, at_least: int
) -> None:
    originals = shared_dir(name, env)
    if not originals.is_dir():
        pytest.skip(f"no originals to compare with at {originals} (set {env})")
    files = [p for p in copy.rglob("*") if p.is_file() and p.name != "README.md"]
    assert len(files) >= at_least
    changed = [
        str(p.relative_to(copy))
        for p in files
        if p.read_bytes() != (originals / p.relative_to(copy)).read_bytes()
    ]
    assert changed == []


def test_every_copied_document_names_its_source_and_licence() -> None:
    """Each document in tests/data/corpus is listed in its README (which says where it is
    from and under what terms) and has its ``.source.txt`` sidecar beside it."""
    readme = (CORPUS / "README.md").read_text()
    documents = [
        p
        for p in CORPUS.rglob("*")
        if p.is_file() and p.name != "README.md" and not p.name.endswith(".source.txt")
    ]
    assert len(documents) > 20
    assert [p.name for p in documents if p.name not in readme] == []
    sidecars = [p for p in documents if p.suffix in (".md", ".txt", ".xml")]
    missing = [
        p.name
        for p in sidecars
        if not p.with_suffix(".source.txt").is_file() and not p.name.startswith("LICENSE")
    ]
    assert missing == []
