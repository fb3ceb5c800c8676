"""Hostile or broken files are refused with file:line, never a traceback, in bounded time and memory."""

from __future__ import annotations

import io
import shutil
import struct
import zipfile
from pathlib import Path

import pytest
import yaml

from bot.ingest import build_knowledge
from bot.ingest.curated import _duplicate_keys
from tests.conftest import SYNTHETIC_JUNE, errors_of

docx = pytest.importorskip("docx")

TRANSCRIPT_NAME = SYNTHETIC_JUNE.name
# A message that repeats a hostile value is the attack's amplifier; a person reads a line, not a page.
MAX_MESSAGE_CHARS = 300
# 9 ** 6 = 531,441 references from 7 lines: enough to show the expansion without taking the machine.
ALIAS_LEVELS = 6
DEEP = 20_000


def _alias_bomb(key: str) -> str:
    """Seven short lines whose last value, written out, is half a million items."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, ALIAS_LEVELS)]
    lines.append(f"{key}: [*a{ALIAS_LEVELS - 1}]")
    return "\n".join(lines) + "\n"


def _deep(key: str) -> str:
    return f"{key}: {'[' * DEEP}{']' * DEEP}\n"


HOSTILE_YAML = [
    pytest.param("x.figures.yaml", _alias_bomb("source"), 2, id="figures-alias-bomb"),
    pytest.param("x.aliases.yaml", _alias_bomb("棚户区改造"), 2, id="aliases-alias-bomb"),
    pytest.param("x.figures.yaml", _deep("source"), 1, id="figures-20000-deep"),
    pytest.param("x.aliases.yaml", _deep("棚改"), 1, id="aliases-20000-deep"),
    pytest.param("x.figures.yaml", f"source: !!int {'9z' * 50_000}\n", 1, id="figures-huge-tagged-value"),
    pytest.param("x.figures.yaml", f"source: {'长' * 100_000}\n", 1, id="figures-huge-value"),
]


@pytest.mark.parametrize(("name", "text", "line"), HOSTILE_YAML)
def test_hostile_yaml_is_one_located_error_and_no_traceback(tmp_path: Path, name: str, text: str, line: int | None) -> None:
    shutil.copy(SYNTHETIC_JUNE, tmp_path / TRANSCRIPT_NAME)
    bad = tmp_path / name
    bad.write_text(text, encoding="utf-8")
    _, problems = build_knowledge([tmp_path / TRANSCRIPT_NAME, bad])
    errors = errors_of(problems)
    assert errors and {p.path for p in errors} == {str(bad)}, [str(p)[:200] for p in problems]
    assert all(len(p.message) <= MAX_MESSAGE_CHARS for p in errors), [p.message[:200] for p in errors]
    if line is not None:
        assert errors[0].line == line, [str(p) for p in errors]


@pytest.mark.parametrize(("text", "says"), [(_deep("a"), "nested more than"), (_alias_bomb("a"), "aliases")],
                         ids=["deep", "alias"])
def test_without_libyaml_the_pure_python_parser_is_guarded_too(monkeypatch, text: str, says: str) -> None:
    """PyYAML's own composer recurses once per level; the event pass must stop it first."""
    from bot.ingest import yamlsafe

    monkeypatch.setattr(yamlsafe, "FastSafeLoader", yaml.SafeLoader)
    with pytest.raises(yamlsafe.RefusedYAML) as refused:
        yamlsafe.compose(text, yaml.SafeLoader)
    assert says in yamlsafe.error_message(refused.value)


class _CountingKey(str):
    """A key that counts how often it is compared for equality."""

    compared = 0

    def __eq__(self, other: object) -> bool:
        _CountingKey.compared += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def test_duplicate_key_detection_compares_each_key_a_bounded_number_of_times() -> None:
    """100k top-level keys took minutes (every key was counted against every other); it must be linear."""
    keys = 2_000
    mark = yaml.Mark("x", 0, 0, 0, None, None)
    pairs = [
        (yaml.ScalarNode("tag:yaml.org,2002:str", _CountingKey(f"k{i % (keys - 1)}"), mark, mark),
         yaml.ScalarNode("tag:yaml.org,2002:int", "1", mark, mark))
        for i in range(keys)
    ]
    _CountingKey.compared = 0
    duplicates = _duplicate_keys(yaml.MappingNode("tag:yaml.org,2002:map", pairs, mark, mark))
    assert duplicates == ["k0"]
    assert _CountingKey.compared <= 10 * keys


# -- .docx: a zip of XML parts, each of which can be hostile ------------------------------------

PARAGRAPH = "各位媒体朋友，大家好。年内计划新建公厕30座，截至目前已建成12座。"
# More than the unpacked-size limit, compressed to a few kilobytes.
BOMB_BYTES = 40 * 1024 * 1024


def _docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph(PARAGRAPH)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _rezip(data: bytes, replace: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """The same package with some parts' contents replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", compression) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info.filename)))
    return out.getvalue()


def _document_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read("word/document.xml")


def _zip_bomb(data: bytes) -> bytes:
    """document.xml padded with whitespace to BOMB_BYTES: valid XML, tiny on disk."""
    head, tail = _document_xml(data).split(b"<w:body>", 1)
    padded = head + b"<w:body>" + b" " * BOMB_BYTES + tail
    return _rezip(data, {"word/document.xml": padded})


def _entity_expansion(data: bytes) -> bytes:
    """The billion laughs: ten entities, each ten of the one before, used in the text."""
    body = _document_xml(data).split(b"?>", 1)[1]
    entities = b'<!ENTITY e0 "ha">' + b"".join(
        b'<!ENTITY e%d "%s">' % (i, b"&e%d;" % (i - 1) * 10) for i in range(1, 10)
    )
    body = body.replace(PARAGRAPH.encode(), b"&e9;")
    return _rezip(data, {"word/document.xml": b'<?xml version="1.0"?><!DOCTYPE w:document [' + entities + b"]>" + body})


def _patch_headers(data: bytes, offset: int, value: bytes) -> bytes:
    """Overwrite a field at `offset` of every local (PK\\3\\4) and central (PK\\1\\2) header."""
    out = bytearray(data)
    for signature, field in ((b"PK\x03\x04", offset), (b"PK\x01\x02", offset + 2)):
        start = out.find(signature)
        while start >= 0:
            out[start + field:start + field + len(value)] = value
            start = out.find(signature, start + 4)
    return bytes(out)


def _unknown_compression(data: bytes) -> bytes:
    return _patch_headers(_rezip(data, {}, compression=zipfile.ZIP_STORED), 8, struct.pack("<H", 97))


def _encrypted(data: bytes) -> bytes:
    return _patch_headers(_rezip(data, {}, compression=zipfile.ZIP_STORED), 6, struct.pack("<H", 1))


def _corrupt_deflate(data: bytes) -> bytes:
    """Garbage in the middle of document.xml's compressed bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        info = package.getinfo("word/document.xml")
    name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26:info.header_offset + 30])
    start = info.header_offset + 30 + name_len + extra_len + info.compress_size // 3
    return data[:start] + bytes(range(256))[:min(64, info.compress_size // 3)] + data[start + 64:]


def _truncated(data: bytes) -> bytes:
    return data[: len(data) * 2 // 3]


def _no_document_part(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info.filename, source.read(info.filename))
    return out.getvalue()


def _misnamed_body(data: bytes) -> bytes:
    """Well-formed XML in which python-docx does not find the element it expects."""
    xml = _document_xml(data).replace(b"<w:body>", b"<w:bodx>").replace(b"</w:body>", b"</w:bodx>")
    return _rezip(data, {"word/document.xml": xml})


HOSTILE_DOCX = [
    pytest.param(_zip_bomb, "the .docx would unpack to", id="zip-bomb"),
    pytest.param(_entity_expansion, "the .docx part word/document.xml declares XML entities", id="xml-entity-expansion"),
    pytest.param(_unknown_compression, "", id="unknown-compression"),
    pytest.param(_encrypted, "", id="encrypted"),
    pytest.param(_corrupt_deflate, "", id="corrupt-deflate"),
    pytest.param(_truncated, "", id="truncated"),
    pytest.param(_no_document_part, "", id="no-document-part"),
    pytest.param(_misnamed_body, "", id="misnamed-body-element"),
]


@pytest.mark.parametrize(("make", "says"), HOSTILE_DOCX)
def test_hostile_docx_is_refused_with_its_file(tmp_path: Path, make, says: str) -> None:
    bad = tmp_path / "2021-07-发布会.docx"
    bad.write_bytes(make(_docx_bytes()))
    _, problems = build_knowledge([bad])
    errors = errors_of(problems)
    assert errors and {p.path for p in errors} == {str(bad)}, [str(p) for p in problems]
    assert all(len(p.message) <= MAX_MESSAGE_CHARS for p in errors)
    assert errors[0].message.startswith(says), errors[0].message


def test_the_docx_helper_makes_a_readable_document(tmp_path: Path) -> None:
    """The hostile variants above start from a document that loads."""
    good = tmp_path / "2021-07-发布会.docx"
    good.write_bytes(_rezip(_docx_bytes(), {}))
    knowledge, problems = build_knowledge([good])
    assert errors_of(problems) == [] and any(p.text.startswith("各位媒体朋友") for p in knowledge.passages)


# -- the bot keeps starting ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        pytest.param("x.figures.yaml", _deep("source").encode(), id="20000-deep-yaml"),
        pytest.param("2021-07-发布会.docx", b"", id="misnamed-body-docx"),
    ],
)
def test_a_hostile_file_in_the_directory_does_not_stop_start_up_when_a_good_version_is_stored(
    tmp_path: Path, name: str, data: bytes
) -> None:
    """`run`, `ask` and `chat` open the service the same way: autoload is refused, the stored version serves."""
    from tests.test_cli import run

    knowledge, db = tmp_path / "kb", f"sqlite:///{tmp_path / 'bot.sqlite3'}"
    knowledge.mkdir()
    shutil.copy(SYNTHETIC_JUNE, knowledge / TRANSCRIPT_NAME)
    assert run(tmp_path, "load", "--knowledge", str(knowledge), "--db", db).returncode == 0
    (knowledge / name).write_bytes(data or _misnamed_body(_docx_bytes()))
    result = run(tmp_path, "ask", "新建公厕年内计划多少座", "--knowledge", str(knowledge), "--db", db)
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert result.returncode == 0 and "30座" in result.stdout
    assert f"{name}:1: error:" in result.stderr
