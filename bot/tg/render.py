"""Plain text → Telegram HTML: escaping, figure lines, and splitting long replies into valid messages.

Nothing here imports `telegram`, so the rules can be tested (and property-tested) on their own.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from bot.desk.fmt import as_of_text, format_value  # noqa: F401  (re-exported: the terminal and tests use them)

if TYPE_CHECKING:
    from bot.desk.text import Section
    from bot.domain import Figure
    from bot.qa.answer import Answer, Citation

# Bot API: "Text of the message to be sent, 1-4096 characters after entities parsing". We measure
# the HTML source in UTF-16 code units, which is never less than what Telegram counts.
MESSAGE_LIMIT = 4096

# One indivisible piece of HTML: a tag, an entity, or a single character.
_ATOM = re.compile(r"<[^<>]*>|&#?\w+;|[\s\S]", re.UNICODE)

# Where a chunk may end, best first: a line break, a sentence end, a clause break, anywhere.
_CUT_LEVELS = ("\n", "。！？!?", "；;，,、 ")


def escape(text: str) -> str:
    """Escape text from users or the knowledge for Telegram's HTML parse mode."""
    return html.escape(text, quote=False)


def utf16_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def split_html(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split HTML into chunks of at most `limit` UTF-16 units that join back to `text`.

    Cuts fall between atoms (never inside a tag or an entity), outside any open tag when
    possible, preferring line breaks, then sentence ends (。！？), then clause breaks.
    """
    if utf16_len(text) <= limit:  # nearly every answer: no need to tokenise
        return [text] if text else []
    atoms = _ATOM.findall(text)
    widths = [utf16_len(a) for a in atoms]
    depths = _depth_after(atoms)
    chunks: list[str] = []
    start = 0
    while start < len(atoms):
        end = _cut(atoms, widths, depths, start, limit)
        chunks.append("".join(atoms[start:end]))
        start = end
    return chunks


def _depth_after(atoms: list[str]) -> list[int]:
    """How many tags are open after each atom."""
    depth, out = 0, []
    for atom in atoms:
        if atom.startswith("</"):
            depth = max(0, depth - 1)
        elif atom.startswith("<") and atom.endswith(">") and len(atom) > 2 and not atom.endswith("/>"):
            depth += 1
        out.append(depth)
    return out


def _cut(atoms: list[str], widths: list[int], depths: list[int], start: int, limit: int) -> int:
    """The atom index where the chunk starting at `start` should end."""
    size, end = 0, start
    last: list[int | None] = [None] * (len(_CUT_LEVELS) + 1)
    sizes: dict[int, int] = {}
    while end < len(atoms) and size + widths[end] <= limit:
        size += widths[end]
        end += 1
        if depths[end - 1] == 0:
            last[_level(atoms[end - 1])] = end
            sizes[end] = size
    if end == len(atoms):
        return end
    if end == start:  # one atom wider than the limit (a huge tag): emit it alone
        return start + 1
    for cut in last:  # the best kind of cut that still fills at least half a message
        if cut is not None and sizes[cut] >= limit // 2:
            return cut
    for cut in last:
        if cut is not None:
            return cut
    return end  # inside one long element: cutting is unavoidable


def _level(atom: str) -> int:
    """The cut level after this atom (lower is better)."""
    for level, chars in enumerate(_CUT_LEVELS):
        if atom in chars:
            return level
    return len(_CUT_LEVELS)


def figure_line(figure: Figure) -> str:
    """One quotable plain-text line: 项目 指标：数值单位（截至日期，发言人）."""
    subject = " ".join(part for part in (figure.project, figure.indicator) if part)
    county = f"（{figure.county}）" if figure.county else ""
    meta = "，".join(part for part in (as_of_text(figure.as_of), figure.speaker) if part)
    return f"{subject}{county}：{format_value(figure.value)}{figure.unit}" + (f"（{meta}）" if meta else "")


def figures_html(title: str, figures: Iterable[Figure]) -> str:
    """A bold title and one bulleted line per figure."""
    lines = [f"<b>{escape(title)}</b>"]
    lines += [f"• {escape(figure_line(f))}" for f in figures]
    return "\n".join(lines)


def answer_html(answer: Answer) -> str:
    """An answer's plain text, escaped."""
    return escape(answer.text)


def citation_line(citation: Citation) -> str:
    """Where a passage comes from, in one plain line."""
    who = " ".join(part for part in (citation.speaker_title, citation.speaker) if part)
    parts = [citation.conference, as_of_text(citation.date), who, f"第{citation.line}行" if citation.line else ""]
    return "，".join(part for part in parts if part)


def source_html(answer: Answer) -> str:
    """The full passage behind an answer and where it was said."""
    passage = answer.passage or "\n".join(c.sentence for c in answer.sources)
    lines = ["<b>原文</b>", escape(passage)]
    lines += [f"<i>—— {escape(citation_line(c))}</i>" for c in answer.sources]
    return "\n".join(lines)


def sections_html(sections: Iterable[Section], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Report sections as messages: a bold title over escaped lines, as many whole sections per
    message as fit; a section longer than one message is split at line ends by itself."""
    messages: list[str] = []
    current = ""
    for section in sections:
        lines = [f"<b>{escape(section.title)}</b>"] if section.title else []
        block = "\n".join([*lines, *(escape(line) for line in section.lines)])
        joined = f"{current}\n\n{block}" if current else block
        if utf16_len(joined) <= limit:
            current = joined
            continue
        if current:
            messages.append(current)
        if utf16_len(block) <= limit:
            current = block
        else:
            parts = split_html(block, limit)
            messages.extend(parts[:-1])
            current = parts[-1]
    if current:
        messages.append(current)
    return messages
