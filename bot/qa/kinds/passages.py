"""Questions answered by a sentence: how/why/whether, and when something happens."""

from __future__ import annotations

import re

from bot.domain import Passage
from bot.qa.answer import Answer
from bot.qa.kinds.kit import MIN_PASSAGE, Kit, county_clause, item_of
from bot.qa.search import has_time
from bot.qa.understand import WHY_HOW, Query

# A passage shorter than this is a heading: the sentences under it are the answer.
SHORT_PASSAGE = 20
MAX_PASSAGE_ANSWER = 160
MAX_PARAGRAPH_ANSWER = 220
# A reporter's question that matches a why/how question at least this well (relative to the best
# sentence) is the question the user is asking again: its answer is the reply.
QUESTION_MARGIN = 0.8
WHETHER = re.compile(r"会不会|能不能|要不要|可不可以|是不是|有没有|吗[?]?$")
MIN_HOW_ANSWER = 0.4
# 'When' questions: the date figures are as of is not when something happens.
_AS_OF = re.compile(r"(?:截至|截止|截止到|到)(?:目前|\d{1,2}月(?:底|末|份)?|\d{4}年\d{1,2}月(?:底|末)?)")
_EVENT_VERBS = re.compile(r"开工|完工|竣工|建成|通车|投用|投入使用|开园|招生|开放|完成|贯通|打通|入住|交付|开通|上线|启用|运行|运营")
EVENT_BONUS = 0.05
# How/what-is-done questions want the whole numbered item, not its best sentence.
HOW = re.compile(r"怎么|如何|怎样|咋|(?:些|都)啥|(?:些|都)什么|改啥|具体改|(?:哪些|什么|啥)东西|(?:改|做|干|弄)哪些|(?:哪些|什么|啥)新?(?:功能|配套|内容|服务|措施|变化|好处|特点|亮点)|从哪来|哪来的|什么形式|形式|方式|措施|举措|做法|哪些工作|采取|哪(?:里|儿)?(?:办|申请|领|报名|登记)")
# '分别建到什么程度了': how far things got, which an item's own sentences tell
STATES = re.compile(r"(?:什么|啥|哪个)程度|哪一步|(?:什么|啥)进度|进展到")


# Why something is slow: answered by the sentence that says what held it up.
HEADED_TIE = 0.98
_COUNTY_NAMED = re.compile(r"[\u4e00-\u9fff]{1,6}?(?:县|区|市|旗)(?=[、,的和及与]|\d)")
SLOW = re.compile(r"慢|滞后|落后|拖了|迟迟|卡在?哪|卡在什么")
CAUSE = re.compile(r"滞后|缓慢|较慢|由于|因为|因(?!此)|受[^,。;]{0,12}影响|原因")
CAUSE_BONUS = 0.15
# 'Which ones': answered by the sentence that names them one by one.
WHICH_ONES = re.compile(r"哪(?:几|些|两|2|3|三|四|4)")
NAMES_THEM = re.compile(r"分别是|分别为|包括|主要是")
NAMES_BONUS = 0.15


def when(kit: Kit, query: Query) -> Answer | None:
    """When something happens: the best passage that names a time."""
    ranked = [s for s in kit.search.rank_passages(query)[:10] if has_time(s.item.text)]
    # A date things happen on ('6月份开工', '暑期开工') before the date figures are as of ('截至4月底'),
    # and one said of the question's own verb ('…打算什么时候开工') first.
    verbs = [v for v in _EVENT_VERBS.findall(query.text)]
    ranked.sort(key=lambda s: -(
        s.score
        + (EVENT_BONUS if has_time(_AS_OF.sub("", s.item.text).replace("尽早", "")) else 0)
        + (EVENT_BONUS if any(v in s.item.text for v in verbs) else 0)
        + (0.3 if query.county and query.county in s.item.text else 0)
    ))
    if not ranked or ranked[0].score < MIN_PASSAGE * 0.8:
        return None
    if verbs and not any(v in ranked[0].item.text for v in verbs):
        return None  # '平台什么时候正式上线': a time in a sentence that never says 上线 is not when it goes live
    return passage_answer(kit, ranked[0].item, "when")


def passage(kit: Kit, query: Query) -> Answer | None:
    """The sentence that best answers a how/what/whether question."""
    how = bool(HOW.search(query.text) or WHY_HOW.search(query.text))
    ranked = kit.search.rank_passages(query, answers_first=how or bool(WHETHER.search(query.text)))
    if how and SLOW.search(query.text):
        # '(滦平改厕)怎么这么慢': the sentence giving the cause of the delay, not the table it is under
        ranked = sorted(ranked, key=lambda s: -(s.score + (CAUSE_BONUS if CAUSE.search(s.item.text) else 0.0)))
    if WHICH_ONES.search(query.text):
        # '进度滞后的两个子项目是哪两个': the sentence that names them ('…2个,分别是A和B') first
        ranked = sorted(ranked, key=lambda s: -(s.score + (NAMES_BONUS if NAMES_THEM.search(s.item.text) else 0.0)))
    if not how and WHETHER.search(query.text) and ranked and ranked[0].item.kind == "answer":
        how = True  # '会不会被多收钱': an official's answer says whether, and why, in several sentences
    if how and (reply := _reply_to_asked(kit, query, ranked[0].score if ranked else 0.0)):
        return reply
    # An official's answer to a reporter is an answer to a how/why question even when it
    # shares fewer of its words: it is said to answer one.
    needed = MIN_HOW_ANSWER if how and ranked and ranked[0].item.kind == "answer" else MIN_PASSAGE
    if not ranked or ranked[0].score < needed:
        return None
    best: Passage = ranked[0].item
    if (how or STATES.search(query.text)) and not best.heading:
        # as close, a numbered item's own words come with its paragraph: what the 'how' asks
        best = next((s.item for s in ranked[1:4] if s.item.heading and s.score >= ranked[0].score * HEADED_TIE), best)
    if how and best.heading:
        return paragraph_answer(kit, best)
    if query.county and len(set(_COUNTY_NAMED.findall(best.text))) >= 2:
        # '其中昌乐县那个呢': of a sentence telling each county's state, the county's own clause
        own = county_clause(best.text, query.county, items=False)
        if own != best.text:
            return kit.sourced(own, "passage", kit.compose.cite_passage(best), quote=False)
    return passage_answer(kit, best, "passage")


def _reply_to_asked(kit: Kit, query: Query, best_said: float) -> Answer | None:
    """When a reporter asked much the same thing, the official's answer to it."""
    asked = kit.search.rank_passages(query, kinds=("question",))
    if not asked or asked[0].score < MIN_PASSAGE or asked[0].score < best_said * QUESTION_MARGIN:
        return None
    answer = kit.next_answer.get((asked[0].item.source_id, asked[0].item.position))
    if answer is None:
        return None
    return paragraph_answer(kit, answer) if answer.heading else passage_answer(kit, answer, "passage")


def paragraph_answer(kit: Kit, passage: Passage) -> Answer:
    """The sentences of the numbered item (or the answer) a passage is under: how something is
    done. From the item's start when the passage fits in the window, else ending at the passage
    with what comes before it, then what follows while there is room."""
    siblings = kit.item_passages[(passage.source_id, passage.kind, item_of(passage))]
    at = next((i for i, p in enumerate(siblings) if p.id == passage.id), 0)
    start = at
    used = len(passage.text)
    while start > 0 and used + len(siblings[start - 1].text) <= MAX_PARAGRAPH_ANSWER:
        start -= 1
        used += len(siblings[start].text)
    end = at + 1
    while end < len(siblings) and used + len(siblings[end].text) <= MAX_PARAGRAPH_ANSWER:
        used += len(siblings[end].text)
        end += 1
    text = "".join(p.text for p in siblings[start:end])
    return kit.sourced(text, "passage", kit.compose.cite_passage(passage), quote=False)


def passage_answer(kit: Kit, passage: Passage, kind: str) -> Answer:
    """A passage, extended by the sentences under it when it is only a heading."""
    text = passage.text
    if len(text) < SHORT_PASSAGE and passage.heading:
        following = [
            p.text for p in kit.item_passages[(passage.source_id, passage.kind, item_of(passage))]
            if p.position > passage.position and p.heading == passage.heading
        ]
        for sentence in following:
            if len(text) + len(sentence) > MAX_PASSAGE_ANSWER:
                break
            text += sentence
    return kit.sourced(text, kind, kit.compose.cite_passage(passage), quote=False)
