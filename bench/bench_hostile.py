"""Hostile knowledge files: how long refusing each takes and how much memory it needs.

Each file is checked with the seed transcript in a fresh child process (so its peak RSS is its
own); prints one Markdown row per file with the first problem reported. Nothing is asserted.

    .venv/bin/python bench/bench_hostile.py [--keep]
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "knowledge" / "2021-04-民生工程4月推进情况-第一场.txt"

CHILD = """
import json, resource, sys, time
from pathlib import Path
from bot.ingest import build_knowledge
paths = [Path(p) for p in sys.argv[1:]]
started = time.perf_counter()
_, problems = build_knowledge(paths, root=paths[0].parent)
seconds = time.perf_counter() - started
errors = [str(p) for p in problems if p.severity == "error"]
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "rss_mb": rss_mb, "errors": len(errors), "first": errors[:1]}))
"""


def alias_bomb() -> bytes:
    """Nine levels of nine references: ~500 bytes, 387 million items written out."""
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    names = "abcdefghij"
    lines += [f"{names[i]}: &{names[i]} [{', '.join([f'*{names[i - 1]}'] * 9)}]" for i in range(1, 9)]
    return ("\n".join(lines) + "\nsource: [*i]\n").encode()


def deep(levels: int = 20_000) -> bytes:
    return f"source: {'[' * levels}{']' * levels}\n".encode()


def many_keys(count: int = 100_000, distinct: int = 100_000) -> bytes:
    return "".join(f"k{i % distinct}: 1\n" for i in range(count)).encode()


def _docx(document_xml: bytes | None = None, extra: tuple[str, int] | None = None) -> bytes:
    """A minimal Word document, optionally with document.xml replaced or a zero-filled extra part."""
    from docx import Document

    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph("各位媒体朋友，大家好。年内计划新建公厕30座。")
    document.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml" and document_xml is not None:
                data = document_xml
            target.writestr(info.filename, data)
        if extra is not None:
            name, size = extra
            with target.open(name, "w") as part:
                chunk = b"\0" * (1 << 20)
                for _ in range(size >> 20):
                    part.write(chunk)
    return out.getvalue()


def zip_bomb() -> bytes:
    """A .docx declaring 512 MB of zeros in one part (about 500 kB on disk)."""
    return _docx(extra=("word/media/image1.png", 512 << 20))


def entity_expansion() -> bytes:
    entities = b'<!ENTITY e0 "ha">' + b"".join(b'<!ENTITY e%d "%s">' % (i, b"&e%d;" % (i - 1) * 10) for i in range(1, 10))
    body = (b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            b"<w:body><w:p><w:r><w:t>&e9;</w:t></w:r></w:p></w:body></w:document>")
    return _docx(document_xml=b'<?xml version="1.0"?><!DOCTYPE w:document [' + entities + b"]>" + body)


CASES = {
    "YAML alias bomb (figures)": ("x.figures.yaml", alias_bomb),
    "YAML 20,000-deep nesting": ("x.figures.yaml", deep),
    "YAML 100,000 top-level keys": ("x.figures.yaml", many_keys),
    "YAML 100,000 keys, each twice": ("x.figures.yaml", lambda: many_keys(100_000, 50_000)),
    ".docx zip bomb (512 MB declared)": ("2021-07-x.docx", zip_bomb),
    ".docx XML entity expansion": ("2021-07-x.docx", entity_expansion),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-hostile-"))
    print(f"files in {workdir}", file=sys.stderr)
    print("| file | bytes | refused in s | peak RSS MB | errors | first error |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    try:
        for number, (label, (name, make)) in enumerate(CASES.items(), 1):
            directory = workdir / f"case{number}"
            directory.mkdir()
            shutil.copy(SEED, directory / SEED.name)
            (directory / name).write_bytes(make())
            result = subprocess.run(
                [sys.executable, "-c", CHILD, str(directory / SEED.name), str(directory / name)],
                cwd=REPO, capture_output=True, text=True, check=False,
            )
            if result.returncode != 0:
                print(f"| {label} | | | | | child failed: {result.stderr.strip().splitlines()[-1:]} |")
                continue
            row = json.loads(result.stdout)
            first = row["first"][0][:90] if row["first"] else ""
            size = (directory / name).stat().st_size
            print(f"| {label} | {size:,} | {row['seconds']:.2f} | {row['rss_mb']:.0f} | {row['errors']:,} | {first} |")
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
