"""The content fingerprint of a knowledge version: identical files give an identical fingerprint."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from bot.domain import FileInfo

# Separators that cannot occur in a path or a hex digest, so distinct file sets never collide.
_FIELD_SEP = "\0"
_RECORD_SEP = "\n"


def fingerprint(files: Iterable[FileInfo]) -> str:
    """Hex sha256 over the sorted (path, sha256) pairs of the files; order and size do not matter."""
    digest = hashlib.sha256()
    for path, sha256 in sorted((f.path, f.sha256) for f in files):
        digest.update(f"{path}{_FIELD_SEP}{sha256}{_RECORD_SEP}".encode())
    return digest.hexdigest()
