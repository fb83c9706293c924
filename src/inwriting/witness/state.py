"""The witness's memory: the last checkpoint it cosigned for each log, one small file per log.

``<data>/logs/<sha256(origin) hex>.json`` holds ``{"origin", "size", "root_hash"}`` (the root in
base64). A file is replaced atomically, and only after the new checkpoint was checked, so a crash
leaves the old state or the new one. ``<data>/lock`` is held while a server runs, so two
witnesses never share (and fork) one state.
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import json
import os
from pathlib import Path

from inwriting.files import write_atomic
from inwriting.tlog.witness import Cosigned


class StateError(Exception):
    """The data folder is in use by another witness, or holds a file that is not ours."""


class WitnessState:
    """Reads and writes the per-log state under one data folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._logs = folder / "logs"
        self._logs.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._lock_fd: int | None = None

    def lock(self) -> None:
        """Take the folder for this process; raise StateError if another witness holds it."""
        fd = os.open(self.folder / "lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise StateError(f"{self.folder} is in use by another witness") from None
        self._lock_fd = fd

    def unlock(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # closing releases the flock
            self._lock_fd = None

    def _path(self, origin: str) -> Path:
        return self._logs / f"{hashlib.sha256(origin.encode()).hexdigest()}.json"

    def get(self, origin: str) -> Cosigned | None:
        """The last checkpoint cosigned for ``origin``, or None if none was."""
        path = self._path(origin)
        if not path.exists():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("origin") != origin:
                raise StateError(f"{path} is not the state of {origin!r}")
            return Cosigned(int(data["size"]), base64.b64decode(data["root_hash"], validate=True))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            # Never guess what was cosigned: a witness that forgot would cosign a rollback.
            raise StateError(f"{path} cannot be read ({error}); restore it from a copy") from None

    def put(self, origin: str, cosigned: Cosigned) -> None:
        """Remember ``cosigned`` for ``origin`` (atomically, durably)."""
        root = base64.b64encode(cosigned.root_hash).decode("ascii")
        data = {"origin": origin, "size": cosigned.size, "root_hash": root}
        write_atomic(self._path(origin), (json.dumps(data, sort_keys=True) + "\n").encode())
