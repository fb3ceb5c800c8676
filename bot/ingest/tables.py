"""Tables typed as text ('县区 | 完成数 | 目标数', tab- or space-aligned) rewritten as sentences.

The rest of ingest reads sentences ('运河区12条、新华区10条'), so a table becomes the sentences a
speaker would have said: a county table one sentence per column, a project table one per row.
The sentences replace the table's first line; its other lines become empty (line numbers keep).
"""

from __future__ import annotations

import re

from bot.ingest.units import UNITS

_PIPE = re.compile(r"\s*\|\s*")
_SPACES = re.compile(r"\s{2,}")
_RULE = re.compile(r"^[\s|:\-—=+]+$")  # '---|---'
_UNIT_RE = "|".join(re.escape(u) for u in UNITS)
_NUMBER_CELL = re.compile(rf"^(?P<num>\d+(?:\.\d+)?)(?P<unit>(?:万|亿)?(?:{_UNIT_RE})?)$")
_HEADER_UNIT = re.compile(
    rf"\(\s*(?:单位[:]?)?\s*(?P<unit>(?:万|亿)?(?:{_UNIT_RE}))\s*\)|单位[:]?(?P<unit2>(?:万|亿)?(?:{_UNIT_RE}))"
)
_CONTEXT_NUMBER = re.compile(rf"\d+(?:\.\d+)?(?P<unit>(?:万|亿)?(?:{_UNIT_RE}))")
_PLACE = re.compile(r"[\u4e00-\u9fff]{1,8}(?:县|区|市|旗)$")
_TOTAL = re.compile(r"^(?:合计|总计|全市|小计|共计)$")
_OTHER = re.compile(r"^(?:其他|其余|其它)")
MIN_ROWS = 1
CONTEXT_LINES = 3
MAX_LOOSE_CELL = 10
_INDEX_HEADER = re.compile(r"^(?:序号|编号|No\.?)$")
# How a county table's sentences start; extraction takes their subject from the item heading.
TABLE_LEAD = "分县区"
_TABLE_SENTENCE = re.compile(rf"{TABLE_LEAD}[^,。;:]*:")


def is_table_sentence(text: str) -> bool:
    """True for a sentence rewrite_tables wrote ('分县区年度任务共312公里分别是:…'), not a speaker's
    own '分县区看,定边县开工14处…'."""
    return bool(_TABLE_SENTENCE.match(text))


def rewrite_tables(lines: list[str]) -> list[str]:
    """The lines with every text table replaced by sentences."""
    out = list(lines)
    index = 0
    while index < len(lines):
        spaced = _cells(lines[index]) is None and _two_column_header(lines, index) is None
        header = _cells(lines[index]) or _two_column_header(lines, index) or _single_spaced_header(lines, index)
        single = spaced and header is not None  # labels one space apart: so are its rows' cells
        if header is None or all(_NUMBER_CELL.match(c.replace(",", "")) for c in header[1:]):
            index += 1  # (a row of numbers is a row, never the header of the rows after it)
            continue
        following = _cells(lines[index + 1]) if index + 1 < len(lines) else None
        if following and len(following) == len(header) + 1 and " " in header[0]:
            header = [*header[0].split(" ", 1), *header[1:]]  # '序号 县(市、区)' typed with one space
        rows: list[list[str]] = []
        end = index + 1
        while end < len(lines):
            if lines[end] and _RULE.match(lines[end]):
                end += 1
                continue
            cells = _single_spaced_row(lines[end], len(header)) if single else _cells(lines[end])
            if len(header) == 2 and (cells is None or len(cells) != 2):
                cells = _cells(lines[end], loose=True)
            if cells is not None and len(cells) == len(header) - 1 and _INDEX_HEADER.match(header[0]):
                cells = ["", *cells]  # '合计 45 23 15' under '序号 县区 计划数…': no number of its own
            if cells is None or len(cells) != len(header):
                break
            rows.append(cells)
            end += 1
        if len(rows) < MIN_ROWS or not any(_NUMBER_CELL.match(c.replace(",", "")) for row in rows for c in row[1:]):
            index += 1
            continue
        if _INDEX_HEADER.match(header[0]) or all(re.fullmatch(r"\d{1,3}|", row[0]) for row in rows):
            header, rows = header[1:], [row[1:] for row in rows]  # a 序号 column says nothing
        context = " ".join(line for line in lines[max(0, index - CONTEXT_LINES): index] if line)
        last = next((line for line in reversed(lines[max(0, index - CONTEXT_LINES): index]) if line), "")
        out[index] = _sentences(header, rows, context, _context_subject(last))
        for blank in range(index + 1, end):
            out[blank] = ""
        index = end
    return out


def _two_column_header(lines: list[str], index: int) -> list[str] | None:
    """'县区  完工面积' (two short labels, no digits) over at least two rows like '张北县 4.6万亩'."""
    cells = _SPACES.split(lines[index].strip())
    if len(cells) != 2 or any(len(c) > MAX_LOOSE_CELL or re.search(r"\d", c) for c in cells):
        return None
    rows = [_cells(line, loose=True) for line in lines[index + 1: index + 3]]
    if all(row is not None and _NUMBER_CELL.match(row[1].replace(",", "")) for row in rows) and len(rows) == 2:
        return cells
    return None


def _single_spaced_header(lines: list[str], index: int) -> list[str] | None:
    """'县(市) 年度任务(户) 已完成(户)' (labels one space apart, as a full-width space reads once
    normalised) over a row with as many cells, numbers among them."""
    cells = lines[index].split()
    if len(cells) < 3 or any(len(c) > MAX_LOOSE_CELL or re.search(r"\d", c) for c in cells):
        return None
    row = _single_spaced_row(lines[index + 1], len(cells)) if index + 1 < len(lines) else None
    if row is None or len(row) != len(cells) or not any(_NUMBER_CELL.match(c.replace(",", "")) for c in row[1:]):
        return None
    return cells


def _single_spaced_row(line: str, width: int) -> list[str] | None:
    """A row under a single-spaced header: its cells split at any space ('武陵区 62个  62个  27个'),
    a name typed with a space inside it joined again ('澧 县 34个…', '合 计 286个…')."""
    cells = line.split()
    if len(cells) == width + 1 and all(re.fullmatch(r"[\u4e00-\u9fff]{1,2}", c) for c in cells[:2]):
        cells = [cells[0] + cells[1], *cells[2:]]
    if len(cells) != width or any(len(c) > 30 or "。" in c for c in cells):
        return None
    return cells


def _cells(line: str, loose: bool = False) -> list[str] | None:
    """A row's cells when the line is laid out as a table row, else None. `loose`: a two-column
    table aligned with single spaces ('张北县 4.6万亩' under '县区  完工面积')."""
    text = line.strip().strip("|").strip()
    if "|" in text:
        cells = _PIPE.split(text)
    elif "\t" in text:
        cells = [c.strip() for c in text.split("\t") if c.strip()]
    elif loose:
        cells = text.split()
        if len(cells) != 2 or len(cells[0]) > MAX_LOOSE_CELL:
            return None
    else:
        cells = _SPACES.split(text)
        if len(cells) < 3:
            return None
    if len(cells) < 2 or any(len(c) > 30 for c in cells) or any("。" in c for c in cells):
        return None
    return cells


def _sentences(header: list[str], rows: list[list[str]], context: str, subject: str = "") -> str:
    """What a speaker would have said instead of the table."""
    fallback = _context_unit(context)
    units = [_header_unit(h) for h in header]
    names = [_HEADER_UNIT.sub("", h).strip() for h in header]
    if subject:  # '年度任务' under '老旧小区改造方面,…': the table is about 老旧小区改造
        names = [names[0], *(n if subject in n else f"{subject}{n}" for n in names[1:])]
    labels = [row[0] for row in rows]
    places = [label for label in labels if _PLACE.search(label) and not _OTHER.match(label)]
    if len(places) * 2 >= len(labels):
        if not subject and (subject := _caption_subject(context)):
            names = [names[0], *(n if subject in n else f"{subject}{n}" for n in names[1:])]
        return _by_column(names, units, rows, fallback)
    return _by_row(names, units, rows, fallback)


def _by_column(names: list[str], units: list[str], rows: list[list[str]], fallback: str) -> str:
    """'分县区完成数共31条分别是:运河区12条、新华区10条…。' — one sentence per column."""
    sentences = []
    for column in range(1, len(names)):
        parts, total, others = [], "", False
        for row in rows:
            value = _value(row[column], units[column] or fallback)
            if not value:
                continue
            if _TOTAL.match(row[0]):
                total = value
            elif _OTHER.match(row[0]):
                others = True  # '其他县区': the listed parts do not add up to the total
            else:
                parts.append(f"{row[0]}{value}")
        if parts:
            # The total goes first, as a speaker says it ('共31条,分别是…'), so it is read as the list's total.
            lead = f"共{total}分别是" if total and not others else ""
            sentences.append(f"{TABLE_LEAD}{names[column]}{lead}:{'、'.join(parts)}。")
    return "".join(sentences)


def _by_row(names: list[str], units: list[str], rows: list[list[str]], fallback: str) -> str:
    """'背街小巷整治提升年度目标120条,截至6月底完成86条。' — one sentence per row."""
    sentences = []
    for row in rows:
        said = [
            f"{names[column]}{value}"
            for column in range(1, len(names))
            if (value := _value(row[column], units[column] or fallback))
        ]
        if said:
            sentences.append(f"{row[0]}{','.join(said)}。")
    return "".join(sentences)


def _value(cell: str, unit: str) -> str:
    """'12' → '12条' with the column's unit; a cell with its own unit keeps it; '' if not a number."""
    match = _NUMBER_CELL.match(cell.replace(",", ""))
    if not match:
        return ""
    return match["num"] + (match["unit"] or unit)


def _header_unit(header: str) -> str:
    """'完成数(公里)' → '公里'."""
    match = _HEADER_UNIT.search(header)
    return (match["unit"] or match["unit2"]) if match else ""


# '老旧小区改造方面,今年…' — what the paragraph before a table is about (a caption like
# '各县完工情况如下:' names no subject).
_SUBJECT = re.compile(r"^(?:在|关于)?(?P<subject>[\u4e00-\u9fff“”]{2,12}?)(?:工作)?方面")


# '改厕任务较重的6个县(市)完成情况如下:' — a caption that opens with what its table counts.
_CAPTION = re.compile(r"(?:^|[。;])(?P<subject>[\u4e00-\u9fff]{2,6}?)(?:任务|工作|项目)[^。;]*如下[:]?$")


# '…各区县老旧小区改造进度如下:' ending the paragraph: the caption names what the table counts,
# more narrowly than the paragraph's '城市更新方面'.
_PLACES_CAPTION = re.compile(
    r"(?:^|[。;,])各(?:区县|县区|县市区|县\(市、?区?\)|县|区)(?:\(市\))?(?P<subject>[\u4e00-\u9fff“”]{2,10}?)"
    r"(?:工作)?(?:进度|进展|推进情况)(?:如下|见下表)[:]?$"
)


def _context_subject(line: str) -> str:
    """The subject the paragraph before a table opens with (or its caption, ending the paragraph,
    opens with), '' when it opens with none; a caption naming what each place's row counts first."""
    caption = _PLACES_CAPTION.search(line.strip())
    if caption:
        return caption["subject"].strip("“”")
    match = _SUBJECT.match(line.strip())
    return match["subject"].strip("“”") if match else ""


def _caption_subject(line: str) -> str:
    """What a caption ending the paragraph before a county table says its rows count ('改厕'),
    '' for a caption without one ('各县区任务完成情况如下', '重点项目进展如下')."""
    caption = _CAPTION.search(line.strip())
    if caption and not re.search(r"^(?:[各全分本]|重点|主要|有关|相关|具体|部分|其他|其余)|[县区市]", caption["subject"]):
        return caption["subject"]
    return ""


def _context_unit(context: str) -> str:
    """The unit the caption states ('单位:个'), else that of the last number said just before the
    table ('全年计划整治背街小巷86条')."""
    stated = _HEADER_UNIT.search(context)
    if stated and (stated["unit2"] or stated["unit"]):
        return stated["unit2"] or stated["unit"]
    units = [m["unit"] for m in _CONTEXT_NUMBER.finditer(context) if m["unit"] != "%"]
    counts = [u for u in units if not u.endswith("元")]  # a table of counts after a sum of money
    return (counts or units or [""])[-1]
