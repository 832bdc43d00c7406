"""Files that hold resident data or secrets are readable by their owner only."""

from __future__ import annotations

import os
from pathlib import Path


def private_dir(path: str | os.PathLike) -> Path:
    """Create ``path`` (and missing parents) as 0700; tighten it if it already exists."""
    path = Path(path)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


def private_file(path: str | os.PathLike) -> Path:
    """Create ``path`` empty as 0600 if missing (its directory 0700); tighten it if it exists.
    Call before a library (SQLite, a log handler) opens the file, so it is never readable
    by others, even for a moment."""
    path = Path(path)
    if not path.parent.exists():
        private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)
    return path
