"""Save a built Engine to a file and load it back, so a restart or a reload need not rebuild it.

Building an engine over a thousand transcripts takes ten seconds and more (the lexicon's jieba
dictionary, the indexes, the speller's pairs); reading back what was built takes a fraction of
that. A file is trusted only when everything about it checks out; otherwise `load` raises
`CacheMiss` and the caller builds the engine as before:

* its header names this format, this code (a digest of every file of the `bot` package, the
  Python and jieba versions: see `code_digest`) and the key the caller asked for (the knowledge
  version it was built from);
* every chunk after the header carries its length and SHA-256 in a trailer at the end of the
  file, and each chunk is checked before it is unpickled: a truncated or altered file is refused.

The file is a pickle stream. Unpickling runs code named by the data, so a cache file must only
ever be one this bot wrote: it lives in the bot's own data directory (beside the SQLite file or
in BOT_CACHE_DIR), never in a place others can write to. The checks above are against damage and
staleness, not against an attacker who can write there (who could equally change the code).

The stream is cut into many small chunks (a few thousand items each) so that a process loading a
new engine while it answers questions can pause between chunks (`pause`): loading never holds the
interpreter for more than a few milliseconds at a time. Large containers (the passages, the
postings, jieba's dictionary) are written in slices and put together again on load; one pickler
writes every chunk, so objects shared between parts (a Figure in the knowledge and in an index)
stay shared.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import platform
import struct
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sized
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

import jieba

from bot.domain import Figure, FileInfo, Passage, Problem, Source, Speaker

MAGIC = b"MINSHENG-ENGINE-CACHE\n"
END = b"\nEND-MINSHENG-ENGINE-CACHE"
# Bump when the layout of the file changes (not needed for changes to the engine's classes:
# the code digest covers those). 2: containers are sliced by the items their values hold (a
# FieldIndex's postings are a thousand-odd terms, each an array of up to 100,000 documents).
FORMAT = 2
PROTOCOL = 5
# Items per slice of a large container: a slice of this many postings or passages unpickles in
# about a millisecond, the longest the loading thread holds the interpreter between pauses.
# (A value holding n items, a dict or a posting list, counts as 1 + n.)
SLICE = 2000
_TRAILER_LENGTH = struct.Struct("<Q")
# Plain value types are rebuilt by calling the class with their fields: faster to load than the
# field-by-field __setstate__ dataclasses give frozen slotted classes.
_VALUE_TYPES = (Source, Speaker, Passage, Figure, FileInfo, Problem)


class CacheMiss(Exception):
    """The cache file is missing, stale, damaged or not for this key; build the engine instead."""


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of the code that builds engines: every file of the `bot` package, the Python and
    jieba versions, and this file's format. Any change gives another digest, so a cache written by
    other code is never read."""
    digest = hashlib.sha256(f"{FORMAT}|{sys.version}|{platform.machine()}|{jieba.__version__}".encode())
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".txt", ".yaml") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def save(engine: object, path: Path, key: str) -> None:
    """Write the engine to `path` for `key` (atomically: a reader sees the old file or the whole new one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with open(partial, "wb") as out:
            header = json.dumps({"format": FORMAT, "code": code_digest(), "key": key}).encode()
            out.write(MAGIC + _TRAILER_LENGTH.pack(len(header)) + header)
            chunks = [(len(chunk), hashlib.sha256(chunk).hexdigest()) for chunk in _write_chunks(out, engine)]
            trailer = json.dumps({"chunks": chunks}).encode()
            out.write(trailer + _TRAILER_LENGTH.pack(len(trailer)) + END)
            out.flush()
            os.fsync(out.fileno())
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def load(path: Path, key: str, pause: Callable[[], None] = lambda: None) -> Any:
    """The engine saved at `path` for `key`; CacheMiss unless the file is whole, this code's and this key's.

    `pause()` is called between chunks (see the module's docstring).
    """
    try:
        with open(path, "rb") as data:
            chunks = _check(data, key)
            return _read_chunks(data, chunks, pause)
    except FileNotFoundError:
        raise CacheMiss(f"no cache file {path.name}") from None
    except CacheMiss:
        raise
    except (OSError, ValueError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, KeyError, IndexError) as error:
        raise CacheMiss(f"unreadable cache file {path.name}: {type(error).__name__}: {error}") from None


def holds(path: Path, key: str) -> bool:
    """True when `path` is a whole cache file of this code for `key` (its chunks are not checked)."""
    try:
        with open(path, "rb") as data:
            _check(data, key)
    except (OSError, ValueError, KeyError, TypeError, CacheMiss):
        return False
    return True


def _check(data: BinaryIO, key: str) -> list[tuple[int, str]]:
    """Check the header and the trailer; returns the chunks' lengths and digests."""
    if data.read(len(MAGIC)) != MAGIC:
        raise CacheMiss("not an engine cache file")
    header = json.loads(data.read(_read_length(data)))
    if header.get("format") != FORMAT or header.get("code") != code_digest():
        raise CacheMiss("written by other code")
    if header.get("key") != key:
        raise CacheMiss("written for another knowledge version")
    start = data.tell()
    size = data.seek(0, io.SEEK_END)
    if size < start + _TRAILER_LENGTH.size + len(END):
        raise CacheMiss("truncated")
    data.seek(size - len(END))
    if data.read(len(END)) != END:
        raise CacheMiss("truncated")
    data.seek(size - len(END) - _TRAILER_LENGTH.size)
    length = _read_length(data)
    data.seek(size - len(END) - _TRAILER_LENGTH.size - length)
    chunks = [(int(n), str(h)) for n, h in json.loads(data.read(length))["chunks"]]
    if start + sum(n for n, _ in chunks) + length + _TRAILER_LENGTH.size + len(END) != size:
        raise CacheMiss("truncated")
    data.seek(start)
    return chunks


def _read_length(data: BinaryIO) -> int:
    raw = data.read(_TRAILER_LENGTH.size)
    if len(raw) != _TRAILER_LENGTH.size:
        raise CacheMiss("truncated")
    return _TRAILER_LENGTH.unpack(raw)[0]


# -- writing -----------------------------------------------------------------------------


class _Pickler(pickle.Pickler):
    """Refers to large containers written earlier (in slices) by number instead of writing them again."""

    def __init__(self, file: io.BytesIO) -> None:
        super().__init__(file, protocol=PROTOCOL)
        self.written: dict[int, int] = {}  # id(container) → its number
        self.dispatch_table = {jieba.Tokenizer: _reduce_tokenizer, **{cls: _reduce_value for cls in _VALUE_TYPES}}

    def persistent_id(self, obj: Any) -> Any:
        number = self.written.get(id(obj))
        return None if number is None else number


def _write_chunks(out: BinaryIO, root: object) -> Iterator[bytes]:
    """Write the large containers in slices (inner ones first), then the root; yields each chunk."""
    buffer = io.BytesIO()
    pickler = _Pickler(buffer)

    def emit(record: tuple) -> bytes:
        buffer.seek(0)
        buffer.truncate()
        pickler.dump(record)
        chunk = buffer.getvalue()
        out.write(chunk)
        return chunk

    for number, container in enumerate(_large_containers(root)):
        for part in _slices(container):
            yield emit(("slice", number, part))
        yield emit(("end", number, _shape(container)))
        pickler.written[id(container)] = number
    yield emit(("root", root))


def _large_containers(root: object) -> list[Any]:
    """Containers with more than SLICE items reachable from the engine's own objects, inner before outer."""
    found: list[Any] = []
    seen: set[int] = set()

    def visit(obj: Any) -> None:
        if id(obj) in seen:
            return
        seen.add(id(obj))
        if isinstance(obj, (dict, list, tuple, set, frozenset)):
            children = obj.values() if isinstance(obj, dict) else obj
            for child in children:
                if isinstance(child, (dict, list, tuple, set, frozenset)) or _walked(child):
                    visit(child)
            if _weight(obj) > SLICE and _shape(obj) is not None:
                found.append(obj)
        elif _walked(obj):
            for child in vars(obj).values():
                visit(child)

    visit(root)
    return found


def _walked(obj: Any) -> bool:
    """Objects whose attributes may hold large containers: the engine's own and jieba's tokenizer."""
    return hasattr(obj, "__dict__") and (type(obj).__module__.startswith("bot.") or isinstance(obj, jieba.Tokenizer))


def _shape(container: Any) -> tuple | None:
    """How to rebuild a container from its items; None for a type this module does not slice."""
    kind = type(container)
    if kind in (list, tuple, set, frozenset, dict, Counter):
        return (kind.__name__,)
    if kind is defaultdict:
        return ("defaultdict", container.default_factory)
    return None


def _slices(container: Any) -> Iterator[list]:
    """The container's items (a dict's as pairs) in slices of about SLICE items, nested items counted."""
    items = container.items() if isinstance(container, dict) else container
    part: list = []
    weight = 0
    for item in items:
        part.append(item)
        weight += _item_weight(item[1] if isinstance(container, dict) else item)
        if weight >= SLICE:
            yield part
            part, weight = [], 0
    if part:
        yield part


def _weight(container: Any) -> int:
    """A container's items, nested items counted: what its slices add up to."""
    return sum(_item_weight(item) for item in (container.values() if isinstance(container, dict) else container))


def _item_weight(value: Any) -> int:
    """1, and the items a value holds: a container's or a posting list's length (not a string's)."""
    return 1 + (len(value) if isinstance(value, Sized) and not isinstance(value, (str, bytes)) else 0)


def _reduce_tokenizer(tokenizer: jieba.Tokenizer) -> tuple:
    """A jieba tokenizer as its dictionary (its lock is not picklable and need not be)."""
    return _tokenizer, (tokenizer.dictionary, tokenizer.FREQ, tokenizer.total, tokenizer.user_word_tag_tab)


def _tokenizer(dictionary: str, freq: dict, total: int, tags: dict) -> jieba.Tokenizer:
    """A loaded jieba tokenizer with exactly this dictionary."""
    tokenizer = jieba.Tokenizer(dictionary)
    tokenizer.FREQ, tokenizer.total, tokenizer.user_word_tag_tab = freq, total, tags
    tokenizer.initialized = True
    return tokenizer


def _reduce_value(value: Any) -> tuple:
    return type(value), tuple(getattr(value, name) for name in type(value).__slots__)


# -- reading -----------------------------------------------------------------------------


def _read_chunks(data: BinaryIO, chunks: list[tuple[int, str]], pause: Callable[[], None]) -> Any:
    """Check and unpickle each chunk in turn, putting sliced containers together; returns the root."""
    buffer = io.BytesIO()
    assembled: dict[int, Any] = {}
    unpickler = pickle.Unpickler(buffer)
    unpickler.persistent_load = assembled.__getitem__
    parts: list = []
    for length, digest in chunks:
        chunk = data.read(length)
        if len(chunk) != length or hashlib.sha256(chunk).hexdigest() != digest:
            raise CacheMiss("damaged (a chunk does not match its digest)")
        buffer.seek(0)
        buffer.truncate()
        buffer.write(chunk)
        buffer.seek(0)
        record = unpickler.load()
        if record[0] == "slice":
            parts.extend(record[2])
        elif record[0] == "end":
            assembled[record[1]] = _rebuild(record[2], parts)
            parts = []
        else:
            return record[1]
        pause()
    raise CacheMiss("truncated (no root)")


def _rebuild(shape: tuple, items: list) -> Any:
    """A container of the given shape from its items."""
    kind = shape[0]
    if kind == "list":
        return items
    if kind == "tuple":
        return tuple(items)
    if kind == "set":
        return set(items)
    if kind == "frozenset":
        return frozenset(items)
    if kind == "dict":
        return dict(items)
    if kind == "Counter":
        counter: Counter = Counter()
        dict.update(counter, items)
        return counter
    if kind == "defaultdict":
        result: defaultdict = defaultdict(shape[1])
        dict.update(result, items)
        return result
    raise CacheMiss(f"unknown container {kind!r}")
