"""Back up a live installation to one folder, and restore it, checked end to end.

A backup folder holds everything an installation is made of::

    manifest.json        format, engine, schema revision, the record's size and latest
                         leaf at backup time, and the SHA-256 and size of every file below
    database.sqlite3     SQLite: a consistent copy made with the online backup API
    database.pgdump      PostgreSQL: ``pg_dump -Fc`` of one exported snapshot
    key/record-signing.key   the record's signing key (``Settings.record_key_path``)
    data/...             every other file of the data directory

It is written under a temporary name and renamed when complete, so a folder with the final
name is never half a backup. Restoring checks the manifest and every digest before it
touches anything, refuses to overwrite a database that holds data (or a different signing
key) unless forced, and afterwards checks that the restored record shows the size and
latest leaf the manifest promises.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from inwriting import __version__
from inwriting.errors import Conflict, ValidationError
from inwriting.settings import Settings
from inwriting.storage import backups as engines
from inwriting.storage.backups import BackupError, RecordMark
from inwriting.storage.engine import Database

FORMAT = "inwriting-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
KEY = "key/record-signing.key"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


@dataclass(frozen=True)
class Manifest:
    format: str
    format_version: int
    inwriting_version: str
    created_at: str
    engine: str
    schema_revision: str | None
    record: RecordMark
    files: dict[str, dict[str, str | int]]  # relative path -> {"sha256", "bytes"}


def back_up(db: Database, settings: Settings, folder: Path) -> Manifest:
    """Write a complete backup of the live database and data directory to ``folder``."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise Conflict(f"{folder} already exists and is not empty; name a new folder")
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True, mode=0o700)  # it holds the signing key
    try:
        manifest = _write(db, settings, partial)
        if folder.exists():
            folder.rmdir()
        partial.rename(folder)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return manifest


def _write(db: Database, settings: Settings, folder: Path) -> Manifest:
    revision = db.current_revision()
    database_file = folder / DATABASE_FILES[db.backend]
    if db.backend == "sqlite":
        mark = engines.copy_sqlite(db, database_file)
    else:
        mark = engines.dump_postgresql(db, database_file)
    if settings.record_key_path.is_file():
        _copy(settings.record_key_path, folder / KEY)
    for path in _data_files(db, settings):
        _copy(path, folder / "data" / path.relative_to(settings.data_folder))
    manifest = Manifest(
        format=FORMAT,
        format_version=FORMAT_VERSION,
        inwriting_version=__version__,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        engine=db.backend,
        schema_revision=revision,
        record=mark,
        files=_digests(folder),
    )
    (folder / MANIFEST).write_text(json.dumps(asdict(manifest), indent=2) + "\n")
    return manifest


def _data_files(db: Database, settings: Settings) -> list[Path]:
    """The data directory's files but the key (kept apart) and a SQLite database kept
    there (copied consistently above, never as raw files)."""
    if not settings.data_folder.is_dir():
        return []
    skip = {settings.record_key_path.resolve()}
    if db.backend == "sqlite" and db.engine.url.database:
        live = Path(db.engine.url.database).resolve()
        skip |= {live, *(live.with_name(live.name + s) for s in ("-wal", "-shm", "-journal"))}
    return sorted(
        p for p in settings.data_folder.rglob("*") if p.is_file() and p.resolve() not in skip
    )


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)  # keeps the mode: the key stays readable by its owner only


def _digests(folder: Path) -> dict[str, dict[str, str | int]]:
    return {
        path.relative_to(folder).as_posix(): {"sha256": _sha256(path), "bytes": path.stat().st_size}
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(folder: Path) -> Manifest:
    """The manifest of ``folder``, after checking every file it lists against its digest."""
    try:
        raw = json.loads((folder / MANIFEST).read_text())
        manifest = Manifest(**{**raw, "record": RecordMark(**raw["record"])})
    except (OSError, ValueError, TypeError, KeyError) as error:
        raise BackupError(f"{folder} is not a readable backup: {type(error).__name__}") from None
    if manifest.format != FORMAT or manifest.format_version != FORMAT_VERSION:
        raise BackupError(f"{folder}: unknown backup format {manifest.format_version!r}")
    for name, expected in manifest.files.items():
        path = folder / name
        if not path.resolve().is_relative_to(folder.resolve()) or not path.is_file():
            raise BackupError(f"{folder}: {name} is missing")
        if _sha256(path) != expected["sha256"]:
            raise BackupError(f"{folder}: {name} does not match its digest in the manifest")
    return manifest


def restore(db: Database, settings: Settings, folder: Path, *, force: bool = False) -> Manifest:
    """Put the backup in ``folder`` back into ``db`` and the data directory."""
    manifest = read_manifest(folder)
    _check_target(db, settings, folder, manifest, force)
    source = folder / DATABASE_FILES[manifest.engine]
    if manifest.engine == "sqlite":
        engines.restore_sqlite(source, db)
    else:
        engines.restore_postgresql(source, db)
    if (folder / KEY).is_file():
        _copy(folder / KEY, settings.record_key_path)
    for name in manifest.files:
        if name.startswith("data/"):
            _copy(folder / name, settings.data_folder / name.removeprefix("data/"))
    found = engines.database_mark(db)
    if found != manifest.record:
        raise BackupError(
            f"the restored record has {found.size} entries (latest {found.last_leaf}); "
            f"the backup promised {manifest.record.size} ({manifest.record.last_leaf})"
        )
    return manifest


def _check_target(
    db: Database, settings: Settings, folder: Path, manifest: Manifest, force: bool
) -> None:
    if manifest.engine != db.backend or manifest.engine not in DATABASE_FILES:
        raise ValidationError(
            f"{folder} is a backup of a {manifest.engine} database; "
            f"{db.display_url} is {db.backend}"
        )
    if manifest.schema_revision not in _known_revisions(db):
        raise ValidationError(
            f"{folder} has schema {manifest.schema_revision}, unknown to this InWriting "
            f"{__version__}; restore it with a version that knows it"
        )
    if force:
        return
    if engines.holds_data(db):
        raise Conflict(f"{db.display_url} holds data; restore over it only with --force")
    key = settings.record_key_path
    if key.is_file() and (folder / KEY).is_file() and _sha256(key) != _sha256(folder / KEY):
        raise Conflict(f"{key} is a different signing key; replace it only with --force")


def _known_revisions(db: Database) -> set[str | None]:
    return {None, *db.known_revisions()}
