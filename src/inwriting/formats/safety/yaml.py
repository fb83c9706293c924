"""YAML for small hand-written files, read safely: plain data only, no anchors or aliases
(so a "billion laughs" file fails at its first anchor), errors naming the line."""

from __future__ import annotations

from typing import Any

import yaml

from inwriting.errors import FormatError


def load_yaml(text: str, *, source: str = "", max_bytes: int = 1_000_000) -> Any:
    if len(text.encode()) > max_bytes:
        raise FormatError(f"larger than {max_bytes:,} bytes", source=source)
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                line = event.start_mark.line + 1 if event.start_mark else None
                raise FormatError(
                    "YAML anchors and aliases are not allowed", source=source, line=line
                )
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(error, "problem", None) or str(error)
        raise FormatError(f"not valid YAML: {problem}", source=source, line=line) from None
