"""One Settings object, built at the edge (CLI, app factory) and passed down.

Nothing else in the package reads ``os.environ``: tests and embedders build ``Settings``
directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

DEFAULT_DATABASE_FILE = "inwriting.db"
# Where absolute links point when INWRITING_BASE_URL is unset; never the request's Host.
DEFAULT_BASE_URL = "http://localhost:8000"


@dataclass(frozen=True)
class Settings:
    database_url: str = f"sqlite:///{DEFAULT_DATABASE_FILE}"
    # A PostgreSQL streaming replica of database_url for the web app's reads ("": none).
    database_replica_url: str = ""
    # Key files and other state. None: beside the SQLite file, else the platform's data
    # folder (see default_data_dir); never relative to the folder a command runs in.
    data_dir: Path | None = None
    echo_sql: bool = False
    # The record's name: the first line of every checkpoint, and its signing key's name.
    record_origin: str = "localhost/inwriting"
    # The address readers use (https://talks.example.org): the start of every absolute link.
    base_url: str = ""
    log_level: str = "INFO"  # a logging level name: DEBUG, INFO, WARNING, ERROR
    log_format: str = "text"  # text for a terminal, json (one object per line) for servers
    # The largest request body accepted, counted as it arrives: a 20 MB upload and its form.
    max_body_bytes: int = 21 * 1024 * 1024
    # How long an uploaded draft may take to parse before it is stopped (0: no budget).
    parse_seconds: float = 30.0
    # The proxies whose X-Forwarded-For is believed; no one's by default.
    trusted_proxies: tuple[str, ...] = ()
    # How many configured witnesses must cosign a checkpoint before it is published as final
    # (None: all of them; with none configured, every checkpoint is).
    witness_quorum: int | None = None
    # Whether people may open their own accounts (/register): for public consultations.
    sign_up: bool = False
    # Where notification e-mail goes out (smtp://host:port, smtps://user:pass@host); "" sends
    # none. Kept out of repr: it may carry a password, and settings reach tracebacks.
    smtp_url: str = field(default="", repr=False)
    mail_from: str = ""  # the From: of notification e-mail; "" for inwriting@<base URL host>
    # How often ``serve`` sends what is due (seconds; 0: never, run ``notifications send``).
    notify_interval: float = 60.0
    # How long before a due date its reminder goes out (hours).
    remind_hours: float = 48.0

    @property
    def data_folder(self) -> Path:
        """The data directory in force: the one configured, else the default."""
        return self.data_dir or default_data_dir(self.database_url, {})

    @property
    def record_key_path(self) -> Path:
        return self.data_folder / "record-signing.key"

    @property
    def public_url(self) -> str:
        """The base of absolute links (feeds, spreadsheets), without a trailing slash."""
        return (self.base_url or DEFAULT_BASE_URL).rstrip("/")

    @property
    def smtp_url_shown(self) -> str:
        """The SMTP URL with its password masked: what messages and logs may show."""
        return masked_url(self.smtp_url)

    @property
    def mail_sender(self) -> str:
        """The From: address in force: the one configured, else one at the base URL's host."""
        host = urlsplit(self.public_url).hostname or "localhost"
        return self.mail_from or f"inwriting@{host}"

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Settings:
        """Read the documented ``INWRITING_*`` variables (see docs/operations.md)."""
        url = environ.get("INWRITING_DATABASE_URL") or cls.database_url
        return cls(
            database_url=url,
            database_replica_url=environ.get("INWRITING_DATABASE_REPLICA_URL", ""),
            data_dir=Path(environ["INWRITING_DATA_DIR"]).absolute()
            if environ.get("INWRITING_DATA_DIR")
            else default_data_dir(url, environ),
            echo_sql=environ.get("INWRITING_ECHO_SQL", "") in ("1", "true", "yes"),
            record_origin=environ.get("INWRITING_RECORD_ORIGIN") or cls.record_origin,
            base_url=environ.get("INWRITING_BASE_URL") or cls.base_url,
            log_level=environ.get("INWRITING_LOG_LEVEL") or cls.log_level,
            log_format=environ.get("INWRITING_LOG_FORMAT") or cls.log_format,
            max_body_bytes=int(environ.get("INWRITING_MAX_BODY_BYTES") or cls.max_body_bytes),
            parse_seconds=float(environ.get("INWRITING_PARSE_SECONDS") or cls.parse_seconds),
            trusted_proxies=_addresses(environ.get("INWRITING_TRUSTED_PROXIES", "")),
            witness_quorum=_count(environ.get("INWRITING_WITNESS_QUORUM", "")),
            sign_up=environ.get("INWRITING_SIGN_UP", "") in ("1", "true", "yes"),
            smtp_url=_smtp_url(environ.get("INWRITING_SMTP_URL", "")),
            mail_from=environ.get("INWRITING_MAIL_FROM", "").strip(),
            notify_interval=_seconds(
                "INWRITING_NOTIFY_INTERVAL", environ.get("INWRITING_NOTIFY_INTERVAL", "")
            )
            if environ.get("INWRITING_NOTIFY_INTERVAL")
            else cls.notify_interval,
            remind_hours=_seconds(
                "INWRITING_REMIND_HOURS", environ.get("INWRITING_REMIND_HOURS", "")
            )
            if environ.get("INWRITING_REMIND_HOURS")
            else cls.remind_hours,
        )

    def to_env(self) -> dict[str, str]:
        """The ``INWRITING_*`` variables :meth:`from_env` reads back as these settings: how
        ``serve --workers`` hands every setting to worker processes it starts by import."""
        return {
            "INWRITING_DATABASE_URL": self.database_url,
            "INWRITING_DATABASE_REPLICA_URL": self.database_replica_url,
            "INWRITING_DATA_DIR": str(self.data_folder),
            "INWRITING_ECHO_SQL": "1" if self.echo_sql else "",
            "INWRITING_RECORD_ORIGIN": self.record_origin,
            "INWRITING_BASE_URL": self.base_url,
            "INWRITING_LOG_LEVEL": self.log_level,
            "INWRITING_LOG_FORMAT": self.log_format,
            "INWRITING_MAX_BODY_BYTES": str(self.max_body_bytes),
            "INWRITING_PARSE_SECONDS": str(self.parse_seconds),
            "INWRITING_TRUSTED_PROXIES": ",".join(self.trusted_proxies),
            "INWRITING_WITNESS_QUORUM": ""
            if self.witness_quorum is None
            else str(self.witness_quorum),
            "INWRITING_SIGN_UP": "1" if self.sign_up else "",
            "INWRITING_SMTP_URL": self.smtp_url,
            "INWRITING_MAIL_FROM": self.mail_from,
            "INWRITING_NOTIFY_INTERVAL": str(self.notify_interval),
            "INWRITING_REMIND_HOURS": str(self.remind_hours),
        }


def default_data_dir(database_url: str, environ: Mapping[str, str]) -> Path:
    """Where state lives by default: ``.inwriting`` beside a SQLite database file (for the
    default ``inwriting.db`` that is where earlier releases kept it, when started from the
    database's folder); for any other database, ``$XDG_DATA_HOME/inwriting`` (or
    ``~/.local/share/inwriting``). An absolute path, so that starting a command from another
    folder finds the same key instead of making a new one."""
    prefix = "sqlite:///"
    if database_url.startswith(prefix) and database_url[len(prefix) :] not in ("", ":memory:"):
        database = Path(database_url[len(prefix) :].split("?", 1)[0])
        return database.absolute().parent / ".inwriting"
    xdg = environ.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg else Path.home() / ".local" / "share"
    return base.absolute() / "inwriting"


def _addresses(text: str) -> tuple[str, ...]:
    """A comma-separated list of addresses, blanks dropped."""
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _count(text: str) -> int | None:
    """A number of witnesses, or None for an empty value."""
    if not text.strip():
        return None
    value = int(text)
    if value < 0:
        raise ValueError(f"a number of witnesses is not negative: {value}")
    return value


# smtp: STARTTLS when the server offers it, and required before a password is sent;
# smtp+starttls: STARTTLS required; smtps: TLS from the first byte (port 465).
SMTP_SCHEMES = ("smtp", "smtp+starttls", "smtps")


def masked_url(url: str) -> str:
    """``url`` with the password in its user part replaced by ``***`` (nothing else changes)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user = parts.username or ""
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


def _smtp_url(text: str) -> str:
    """An SMTP server's URL, checked now so that a typo fails at start, not at the first
    e-mail; the message never repeats the URL, which may carry a password."""
    url = text.strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in SMTP_SCHEMES or not parts.hostname:
        raise ValueError(
            "INWRITING_SMTP_URL: use smtp://host:port, smtp+starttls://user:password@host:587 "
            "or smtps://user:password@host:465"
        )
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise ValueError("INWRITING_SMTP_URL: the port is not a number") from None
    return url


def _seconds(name: str, text: str) -> float:
    """A non-negative number of seconds or hours."""
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{name}: {text!r} is not a number") from None
    if value < 0 or value != value:  # NaN compares unequal to itself
        raise ValueError(f"{name}: {text!r} is negative")
    return value
