"""Bytes → text, strictly: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030; never mojibake."""

from __future__ import annotations

import codecs
import re

# A share of characters outside CJK, ASCII and common punctuation above this means the bytes
# decoded "successfully" as GB18030 only because that codec accepts almost anything.
MAX_IMPLAUSIBLE_SHARE = 0.05
_PLAUSIBLE = re.compile(
    r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2010-\u203a\u00b7\u2160-\u217f\x20-\x7e\t\r\n\u00a0-\u00ff]"
)


class DecodeError(ValueError):
    """The file is not text in an encoding we read; `line` is where the first bad byte is."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name) or raise DecodeError saying why the bytes are not text."""
    if not data.strip():
        raise DecodeError("file is empty")
    boms = (
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
    )
    for bom, codec, name in boms:
        if data.startswith(bom):
            return _strict(data[len(bom):], codec), name
    if b"\x00" in data:
        raise DecodeError("binary file (contains NUL bytes), not a text transcript", _line_of(data, data.index(b"\x00")))
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise DecodeError(
                "not valid UTF-8 or GB18030 text; save the file as UTF-8",
                _line_of(data, utf8_error.start),
            ) from None
    _check_plausible(text)
    return text, "gb18030"


def _strict(data: bytes, codec: str) -> str:
    """Decode the bytes after a byte-order mark, reporting the line of the first invalid byte."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        newline = "\n".encode(codec)
        line = data.count(newline, 0, error.start) + 1
        raise DecodeError(f"invalid {codec} text despite its byte-order mark", line) from None


def _check_plausible(text: str) -> None:
    """Reject GB18030 decodings that are mostly rare characters (binary data or another codec).

    Latin-1 or Windows-1252 bytes ('München') decode as GB18030 too, into rare characters
    ('M黱chen'); real Chinese text is almost all in the common GB2312 set.
    """
    if not text:
        return
    odd = [i for i, ch in enumerate(text) if not _PLAUSIBLE.match(ch) or not _common(ch)]
    if len(odd) / len(text) > MAX_IMPLAUSIBLE_SHARE:
        first = odd[0]
        raise DecodeError(
            "unknown encoding: the bytes are neither UTF-8 nor plausible GB18030 Chinese text",
            text.count("\n", 0, first) + 1,
        )


def _common(char: str) -> bool:
    """True for ASCII and for characters of GB2312, the common simplified set."""
    if char < "\x80":
        return True
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return not "\u4e00" <= char <= "\u9fff" and not "\u0080" <= char <= "\u024f"
    return True


def _line_of(data: bytes, offset: int) -> int:
    """1-based line number of a byte offset."""
    return data.count(b"\n", 0, offset) + 1


def docx_text(data: bytes) -> str:
    """The paragraphs of a Word .docx file, one per line (python-docx reads the XML for us).

    The package is checked first (see _check_package): python-docx would unpack and parse
    whatever a zip declares.
    """
    import io

    from docx import Document

    _check_package(data)
    try:
        document = Document(io.BytesIO(data))
        text = "\n".join(p.text for p in document.paragraphs)
    except Exception as error:  # noqa: BLE001 - see below
        # python-docx trusts a package's structure: a part with a missing or misnamed element
        # raises AttributeError, TypeError, KeyError… from deep inside. For bytes from an upload,
        # any failure while reading them means the file is not a readable Word document.
        raise DecodeError(f"not a readable .docx file: {type(error).__name__}: {_brief(error)}") from None
    if not text.strip():
        raise DecodeError("the .docx file has no text paragraphs")
    return text


# Word writes a dozen parts; each picture adds one. Thousands of entries is not a document.
MAX_DOCX_PARTS = 1000
# A .docx is at most MAX_FILE_BYTES (1 MB) on disk and Word's XML compresses 5–10×, so a real
# transcript unpacks to a few MB. 16 MB bounds what python-docx and lxml hold in memory; a zip
# bomb (1 MB of zeros per kilobyte) declares far more. zipfile never yields more than declared.
MAX_DOCX_UNPACKED_BYTES = 16 * 1024 * 1024
_WORD_COMPRESSION = (0, 8)  # stored, deflated: what Word and LibreOffice write
_BRIEF_CHARS = 120


def _check_package(data: bytes) -> None:
    """Refuse a zip that is broken, encrypted, too big unpacked, or carries XML entity definitions."""
    import io
    import zipfile
    import zlib

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = package.infolist()
            _check_parts(parts)
            for part in parts:
                _check_part(part.filename, package.read(part))
    except DecodeError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError) as error:
        raise DecodeError(f"not a readable .docx file: {_brief(error)}") from None


def _check_parts(parts: list) -> None:
    """Count, unpacked size, encryption and compression method of the zip's entries, as declared."""
    if len(parts) > MAX_DOCX_PARTS:
        raise DecodeError(f"the .docx holds {len(parts)} parts, over the limit of {MAX_DOCX_PARTS}")
    unpacked = sum(part.file_size for part in parts)
    if unpacked > MAX_DOCX_UNPACKED_BYTES:
        raise DecodeError(
            f"the .docx would unpack to {unpacked:,} bytes, over the {MAX_DOCX_UNPACKED_BYTES:,}-byte limit"
        )
    for part in parts:
        if part.flag_bits & 0x1:
            raise DecodeError(f"the .docx is encrypted ({part.filename}); save it without a password")
        if part.compress_type not in _WORD_COMPRESSION:
            raise DecodeError(f"the .docx uses an unknown compression method ({part.compress_type}) in {part.filename}")


def _check_part(name: str, content: bytes) -> None:
    """Word never writes a DOCTYPE; one in a part can only define entities to expand."""
    if b"<!DOCTYPE" in content or b"<!ENTITY" in content:
        raise DecodeError(f"the .docx part {name} declares XML entities (<!DOCTYPE>), which Word never writes")


def _brief(error: BaseException) -> str:
    """An exception's message on one short line."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= _BRIEF_CHARS else f"{text[:_BRIEF_CHARS - 1]}…"
