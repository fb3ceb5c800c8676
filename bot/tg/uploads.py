"""Knowledge files sent by an admin: which to accept, what to name them, and installing them safely.

A file is validated together with the knowledge it would join before anything in the knowledge
directory changes; only then is it moved in (atomically) and the knowledge reloaded. If that
reload still fails the directory is put back as it was. Nothing here imports `telegram`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bot.ingest.files import ALIASES_SUFFIXES, FIGURES_SUFFIXES, TRANSCRIPT_SUFFIXES, file_role, knowledge_files

if TYPE_CHECKING:
    from bot.service import Service

# What an admin may send: the suffixes the core reads, longest first so "x.figures.yaml" keeps
# its role suffix when renamed (the core decides a file's role by its name).
ACCEPTED_SUFFIXES = tuple(sorted((*FIGURES_SUFFIXES, *ALIASES_SUFFIXES, *TRANSCRIPT_SUFFIXES), key=len, reverse=True))
ACCEPTED_TEXT = "发布会实录 .txt、数字文件 .figures.yaml、别名文件 .aliases.yaml"
# A name kept as sent: letters, digits, CJK, and . _ - ( ) (full-width too); no separators, no
# leading dot, at most 100 characters. Anything else gets a generated name.
_SAFE_NAME = re.compile(r"[0-9A-Za-z\u4e00-\u9fff][0-9A-Za-z\u4e00-\u9fff._()（）-]{0,99}")
# A leading date in a file name (2021-04, 2021-04-30, 20210430, 202104): kept so files sort by date.
_DATE_PREFIX = re.compile(r"(\d{4}-\d{2}(?:-\d{2})?|\d{8}|\d{6})(?!\d)")


@dataclass(frozen=True)
class Outcome:
    """What happened to an upload, in plain text for the admin."""

    ok: bool
    text: str


def refusal(file_name: str | None, size: int | None, max_bytes: int) -> str | None:
    """Why a document is refused before downloading it, or None to go ahead."""
    if not file_name:
        return f"请把知识文件作为“文件”发送。可以上传：{ACCEPTED_TEXT}。"
    if file_role(Path(_base_name(file_name))) is None:
        return f"“{file_name}”不是知识库能读取的文件，已忽略。可以上传：{ACCEPTED_TEXT}。"
    if size is not None and size > max_bytes:
        return f"文件太大（{_kib(size)}），上限是 {_kib(max_bytes)}；请拆分后再发。"
    return None


def _kib(size: int) -> str:
    return f"{size / 1024:.0f} KB"


def _base_name(file_name: str) -> str:
    """The last component of a name that may contain / or \\ (never trusted as a path)."""
    return file_name.replace("\\", "/").rsplit("/", 1)[-1]


def _role_suffix(name: str) -> str:
    """The suffix that gives a knowledge file its role ('.figures.yaml', '.txt', ...)."""
    lower = name.lower()
    for suffix in ACCEPTED_SUFFIXES:
        if lower.endswith(suffix):
            return suffix
    raise ValueError(f"not a knowledge file: {name!r}")


def target_name(original: str, now: dt.datetime, token: str | None = None) -> str:
    """The name an upload gets in the knowledge directory: the original if safe, else generated
    (keeping a leading date and the role suffix), e.g. 2021-05-upload-20261130-153012-1a2b3c4d.txt."""
    suffix = _role_suffix(original)
    stem = original[: -len(suffix)]
    if _SAFE_NAME.fullmatch(original) and ".." not in original and stem:
        return stem + suffix
    date = _DATE_PREFIX.match(_base_name(original))
    prefix = f"{date.group(1)}-" if date else ""
    return f"{prefix}upload-{now:%Y%m%d-%H%M%S}-{token or secrets.token_hex(4)}{suffix}"


def install(service: Service, directory: Path, candidate: Path, loaded_by: str) -> Outcome:
    """Check `candidate` with the existing knowledge; if fine, move it in and reload."""
    existing = [p for p in knowledge_files(directory) if p.name != candidate.name]
    report = service.check([*existing, candidate])
    if not report.ok:
        problems = report.text().replace(f"{candidate.parent}{os.sep}", "")
        return Outcome(False, f"❌ 文件有问题，没有加入知识库，原有知识照常使用：\n{problems}")
    target = _inside(directory, candidate.name)
    previous = target.read_bytes() if target.exists() else None
    _place(candidate, target)
    reloaded = service.reload(loaded_by=loaded_by)
    if not reloaded.ok or reloaded.status == "busy":  # busy: another replica is reloading
        _restore(target, previous)
        return Outcome(False, f"❌ 重新加载失败，已撤回 {target.name}：\n{reloaded.text()}")
    verb = "替换了" if previous is not None else "加入了"
    return Outcome(True, f"✅ 已{verb} {target.name}，知识库已重新加载。\n{reloaded.text()}")


def _inside(directory: Path, name: str) -> Path:
    """directory/name, refusing any name that would land elsewhere."""
    directory.mkdir(parents=True, exist_ok=True)
    target = (directory / name).resolve()
    if target.parent != directory.resolve():
        raise ValueError(f"upload name {name!r} escapes {directory}")
    return target


def _place(source: Path, target: Path) -> None:
    """Copy next to the target, then rename: readers see the old file or the new one, never half."""
    partial = target.with_name(f".{target.name}.partial")
    shutil.copyfile(source, partial)
    os.replace(partial, target)


def _restore(target: Path, previous: bytes | None) -> None:
    """Put back what was at `target` before an install."""
    if previous is None:
        target.unlink(missing_ok=True)
        return
    partial = target.with_name(f".{target.name}.partial")
    partial.write_bytes(previous)
    os.replace(partial, target)
