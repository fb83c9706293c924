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
    log_level: str = "INFO"  # a logging level name: DEBUG, INFO, WARNING, ERROR
    log_format: str = "text"  # text for a terminal, json (one object per line) for servers

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
            log_level=environ.get("INWRITING_LOG_LEVEL") or cls.log_level,
            log_format=environ.get("INWRITING_LOG_FORMAT") or cls.log_format,
        )
