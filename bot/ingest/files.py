"""Which files in a knowledge directory are knowledge, and their fingerprints."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from bot.domain import FileInfo

TRANSCRIPT_SUFFIXES = (".txt", ".docx")
FIGURES_SUFFIXES = (".figures.yaml", ".figures.yml")
ALIASES_SUFFIXES = (".aliases.yaml", ".aliases.yml")
# The seed is ~10 kB; a monthly transcript will not reach 1 MB. Anything larger is not one.
MAX_FILE_BYTES = 1024 * 1024


def knowledge_files(directory: Path) -> list[Path]:
    """Transcripts, curated figures and alias files directly in `directory`, sorted by name."""
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.is_file() and file_role(p) is not None)


def file_role(path: Path) -> str | None:
    """'transcript', 'figures', 'aliases' or None for a file we do not read."""
    name = path.name.lower()
    if name.startswith("."):
        return None
    if name.endswith(FIGURES_SUFFIXES):
        return "figures"
    if name.endswith(ALIASES_SUFFIXES):
        return "aliases"
    if name.endswith(TRANSCRIPT_SUFFIXES):
        return "transcript"
    return None


def file_info(path: Path) -> FileInfo:
    """Name, sha256 and size of one file."""
    data = path.read_bytes()
    return FileInfo(path=path.name, sha256=hashlib.sha256(data).hexdigest(), size=len(data))


def sha256_of(data: bytes) -> str:
    """Hex sha256 of a file's bytes, as FileInfo records it."""
    return hashlib.sha256(data).hexdigest()


def write_file(target: Path, data: bytes) -> None:
    """Write next to the target, then rename: readers see the old file or the new one, never half."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, target)
