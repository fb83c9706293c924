"""Mapping files: a drafter's confirmation of where a translation's provisions belong.

When a language text does not line up with its version by structure (an article split in
two, an extra paragraph-level provision), the drafter confirms a mapping: a YAML mapping of
the translation's provisions (key or label as the translation writes it) to the version's
(key or label), one per line::

    "Artikel 5a": art-5      # joined to Article 5's text
    Artikel 112: closing

The same text is what the web form's mapping field takes.
"""

from __future__ import annotations

from inwriting.errors import FormatError
from inwriting.formats.safety.yaml import load_yaml

MAX_MAPPING_BYTES = 1_000_000


def read_mapping(text: str, *, source: str = "mapping") -> dict[str, str]:
    """The pairs of a mapping file; :class:`FormatError` naming what is wrong."""
    if not text.strip():
        return {}
    data = load_yaml(text, source=source, max_bytes=MAX_MAPPING_BYTES)
    if not isinstance(data, dict):
        raise FormatError(
            "a mapping is YAML pairs, one per line: 'translation provision: version key'",
            source=source,
        )
    pairs: dict[str, str] = {}
    for key, value in data.items():
        if not isinstance(value, str | int) or isinstance(value, bool) or not str(key).strip():
            raise FormatError(
                f"{str(key)[:60]!r}: map a provision to one key or label of the version",
                source=source,
            )
        pairs[str(key).strip()] = str(value).strip()
    return pairs
