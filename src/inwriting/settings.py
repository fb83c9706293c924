"""One Settings object, built at the edge (CLI, app factory) and passed down.

Nothing else in the package reads ``os.environ``: tests and embedders build ``Settings``
directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATABASE_FILE = "inwriting.db"


@dataclass(frozen=True)
class Settings:
    database_url: str = f"sqlite:///{DEFAULT_DATABASE_FILE}"
    data_dir: Path = Path(".inwriting")  # key files and other state kept beside the database
    echo_sql: bool = False
    # The record's name: the first line of every checkpoint, and its signing key's name.
    record_origin: str = "localhost/inwriting"
    # The largest request body accepted, counted as it arrives: a 20 MB upload and its form.
    max_body_bytes: int = 21 * 1024 * 1024
    # How long an uploaded draft may take to parse before it is stopped (0: no budget).
    parse_seconds: float = 30.0
    # The proxies whose X-Forwarded-For is believed; no one's by default.
    trusted_proxies: tuple[str, ...] = ()

    @property
    def record_key_path(self) -> Path:
        return self.data_dir / "record-signing.key"

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Settings:
        """Read the documented ``INWRITING_*`` variables (see docs/operations.md)."""
        return cls(
            database_url=environ.get("INWRITING_DATABASE_URL") or cls.database_url,
            data_dir=Path(environ.get("INWRITING_DATA_DIR") or cls.data_dir),
            echo_sql=environ.get("INWRITING_ECHO_SQL", "") in ("1", "true", "yes"),
            record_origin=environ.get("INWRITING_RECORD_ORIGIN") or cls.record_origin,
            max_body_bytes=int(environ.get("INWRITING_MAX_BODY_BYTES") or cls.max_body_bytes),
            parse_seconds=float(environ.get("INWRITING_PARSE_SECONDS") or cls.parse_seconds),
            trusted_proxies=tuple(
                p.strip()
                for p in environ.get("INWRITING_TRUSTED_PROXIES", "").split(",")
                if p.strip()
            ),
        )


def _addresses(text: str) -> tuple[str, ...]:
    """A comma-separated list of addresses, blanks dropped."""
    return tuple(part.strip() for part in text.split(",") if part.strip())
