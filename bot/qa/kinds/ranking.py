"""'哪项进展最快': the items of one list, ranked by how far along each one's own figure says it is."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.domain import Figure
from bot.qa.answer import Answer
from bot.qa.compose import amount
from bot.qa.kinds.items import listed_items
from bot.qa.kinds.kit import Kit
from bot.qa.understand import Query

FASTEST = re.compile(
    r"哪(?:个|项|一项|一个|几项|个项目|项工程)?[^,。?]{0,8}?(?:进度|进展|完成得?|干得)?最(?:快|好|高|靠前)|(?:最快|最好)的是哪"
)
# The start of an item's name that its progress sentence repeats ('凤凰山大桥拓宽改造' → '凤凰山大').
NAME_CHARS = 4


def fastest(kit: Kit, query: Query) -> Answer | None:
    """Rank the items a sentence names ('推进A、B和C 3项工程') by the completion each one states."""
    if not FASTEST.search(query.text):
        return None
    found = listed_items(kit, replace(query, topic=FASTEST.sub("", query.topic)))
    if found is None:
        return None
    parts, passage = found
    rates = {part: _rate_of(kit, part, passage.source_id) for part in parts}
    known = {part: figure for part, figure in rates.items() if figure is not None}
    if not known:
        return None
    ranked = sorted(known.items(), key=lambda pair: -pair[1].value)
    best, figure = ranked[0]
    others = [f"{part} {amount(f)}" for part, f in ranked[1:]]
    # An item whose state is said in words ('南山隧道完成出口端洞门开挖'), in the same sentence.
    others += [_clause_with(figure.sentence, part[:NAME_CHARS]) or f"{part}（没有说完成比例）" for part in parts if part not in known]
    text = f"{len(parts)}项中进展最快的是{best}：{figure.indicator}{amount(figure)}。"
    if others:
        text += f"\n其余：{'；'.join(others)}。"
    citation = kit.compose.cite_figure(figure)
    text += f"\n{kit.compose.source_line(citation)}"
    return Answer(found=True, text=text, kind="figure", sources=(citation,), figures=tuple(known.values()))


def _rate_of(kit: Kit, item: str, source_id: str) -> Figure | None:
    """The percentage a conference states for one item ('武烈河三号桥完成82%'), if any."""
    start = item[:NAME_CHARS]
    for figure in kit.source_percentages.get(source_id, ()):
        if start in f"{figure.indicator}{figure.sentence}":
            clause = _clause_with(figure.sentence, start)
            if clause and f"{figure.value:g}%" in clause:
                return figure
    return None


def _clause_with(sentence: str, name: str) -> str:
    """The clause of a sentence that names the item."""
    return next((c for c in re.split(r"[,;。]", sentence) if name in c), "")
