"""Questions about the conference itself: who attended, which departments, who hosted, when, who asked."""

from __future__ import annotations

import re

from bot.domain import Passage
from bot.qa.answer import Answer
from bot.qa.conference import Conference
from bot.qa.kinds import who
from bot.qa.kinds.kit import Kit
from bot.qa.understand import Query

# What about the conference is asked; the first that matches decides.
HOST = re.compile(r"主持")
DEPARTMENTS = re.compile(r"(?:几|哪些|哪几|多少)个?(?:部门|单位)|部门")
ATTENDEES = re.compile(r"出席|参会|到场|参加|发布人|有谁|都有谁|哪些(?:领导|人)|谁(?:来|去)了")
OUTLETS = re.compile(r"媒体|网站|报社|电视台|记者|谁(?:提|问)|提问|问了(?:什么|啥|哪些)|问的(?:什么|啥)")
DATE = re.compile(r"哪天|几号|几月几[号日]|什么时候|啥时候|日期|时间")
PLACE = re.compile(r"在哪(?:里|儿)?(?:开|召开|举行|办)|哪里开|地点|什么地方开")
AS_OF = re.compile(r"截至|截止|几月底|哪个月底|什么时候的(?:数据|情况)")
WHICH = re.compile(r"几月份?|哪个月|第几场|哪一?场|哪年")
HOW_MANY_SESSIONS = re.compile(r"(?:一共|总共|共)?分(?:几|多少)场|(?:一共|总共)(?:有|开了?)?(?:几|多少)场")
# '报道是哪家报纸、哪个记者写的': who wrote a write-up of the conference, not who asked questions at it.
WRITTEN_BY = re.compile(r"谁写的|哪个记者写|记者是谁写|(?:报道|稿子|文章|新闻稿).{0,8}(?:哪家报纸|哪个记者|作者|谁写|署名)|作者是谁")
# Conferences described in one reply at most; more are summed up in a line.
MAX_CONFERENCES = 3


def meta(kit: Kit, query: Query) -> Answer | None:
    """Facts about the conferences in the question's scope, newest first."""
    if who.ANSWERED.search(query.text):
        return None  # '…的问题是谁回答的' asks for an official, not about the conference
    chosen = _in_scope(kit, query)
    if not chosen:
        return None
    text = query.text
    if HOW_MANY_SESSIONS.search(text):
        lines = [
            f"{_name(c)}：本次发布会分{_in_words(c.sessions)}场进行{_session_words(c)}。" if c.sessions else f"{_name(c)}：实录没有说分几场。"
            for c in chosen
        ]
        return kit.plain("\n".join(lines), "meta", chosen[0].first)
    if WRITTEN_BY.search(text):
        lines = [f"{_name(c)}的报道：{c.byline}。" if c.byline else f"{_name(c)}是发布会实录，没有署名记者。" for c in chosen]
        return kit.plain("\n".join(lines), "meta", chosen[0].first)
    if OUTLETS.search(text) and not HOST.search(text):
        return _outlets(kit, query, chosen)
    if HOST.search(text) and (DEPARTMENTS.search(text) or ATTENDEES.search(text)):
        lines = [_attendance(c) for c in chosen if c.presenters or c.host]  # '谁主持的，哪几个部门出席了'
    elif HOST.search(text):
        lines = [f"{_name(c)}主持人：{c.host}。" if c.host else f"{_name(c)}的主持人没有在实录中写明。" for c in chosen]
    elif DEPARTMENTS.search(text):
        lines = [f"{_name(c)}共有{len(c.departments)}个部门发布：{'、'.join(_people(c))}。" for c in chosen if c.presenters]
    elif ATTENDEES.search(text):
        lines = [_attendance(c) for c in chosen if c.presenters or c.host]
    elif DATE.search(text) or PLACE.search(text):
        lines = [_when_where(c, text) for c in chosen]
    elif WHICH.search(text):
        lines = [f"这是{_name(c)}{_session_words(c)}{_as_of_words(c, text)}。" for c in chosen]
    else:
        return None
    if not lines:
        return None
    return kit.plain("\n".join(lines + _more(kit, query)), "meta", chosen[0].first)


def _in_scope(kit: Kit, query: Query) -> list[Conference]:
    """The conferences the question is about: its scope, newest first, at most MAX_CONFERENCES."""
    found = [c for sid, c in kit.conferences.items() if query.sources is None or sid in query.sources]
    found.sort(key=lambda c: (c.source.year, c.source.month, c.source.session or 0), reverse=True)
    return found[:MAX_CONFERENCES]


def _more(kit: Kit, query: Query) -> list[str]:
    """A note when the knowledge holds more conferences than the reply describes."""
    total = len(kit.conferences) if query.sources is None else len(query.sources)
    if total <= MAX_CONFERENCES:
        return []
    return [f"（知识库共有{total}场发布会，以上是最新的{MAX_CONFERENCES}场；可以说明城市、月份或场次。）"]


def _name(conference: Conference) -> str:
    return conference.source.title


def _in_words(count: str) -> str:
    """'3' → '三' (as the transcript says it, before its numerals were made digits)."""
    return "一二三四五六七八九"[int(count) - 1] if count.isdigit() and 1 <= int(count) <= 9 else count


def _session_words(conference: Conference) -> str:
    """'，即第二场': the session as people say it, beside the label's digit."""
    session = conference.source.session
    return f"，即第{'一二三四五六七八九十'[session - 1]}场" if session and 1 <= session <= 10 else ""


def _when_where(conference: Conference, text: str) -> str:
    """'…于2023年4月26日在市政府新闻发布厅召开。': the day, and the place when asked."""
    held = f"于{conference.held}" if conference.held else ""
    place = f"在{conference.place}" if conference.place and PLACE.search(text) else ""
    if not held and not place:
        return f"{_name(conference)}（实录未写具体日期）。"
    missing = "（实录未写具体日期）" if DATE.search(text) and not held else ""
    missing += "（实录未写地点）" if PLACE.search(text) and not conference.place else ""
    return f"{_name(conference)}{held}{place}召开{missing}。"


def _as_of_words(conference: Conference, text: str) -> str:
    """'，通报的是截至2024年2月底的情况': the date its figures are as of, when asked."""
    as_of = conference.source.as_of
    if not AS_OF.search(text) or len(as_of) < 7:
        return ""
    return f"，通报的是截至{int(as_of[:4])}年{int(as_of[5:7])}月底的情况"


def _people(conference: Conference) -> list[str]:
    return [f"{s.department}{s.title}{s.name}" for s in conference.presenters]


def _attendance(conference: Conference) -> str:
    parts = []
    if conference.presenters:
        parts.append(f"出席的发布人：{'、'.join(_people(conference))}（{len(conference.departments)}个部门）")
    if conference.host:
        parts.append(f"主持人：{conference.host}")
    return f"{_name(conference)}{'；'.join(parts)}。"


MAX_ANSWER_SHOWN = 100


def _answered(kit: Kit, question: Passage) -> str:
    """'，…答：“…”': what was answered to one outlet's question (its start), for '遵义晚报问了什么'."""
    answer = kit.next_answer.get((question.source_id, question.position))
    if answer is None:
        return ""
    text = answer.text if len(answer.text) <= MAX_ANSWER_SHOWN else answer.text[:MAX_ANSWER_SHOWN] + "…"
    return f"，{answer.speaker or '发布人'}答：“{text}”"


def _last_of_its_turn(kit: Kit, asked: list[Passage], index: int) -> bool:
    """True unless the next question asked is answered by the same answer (one turn's two sentences)."""
    if index + 1 >= len(asked):
        return True
    this, after = asked[index], asked[index + 1]
    return kit.next_answer.get((this.source_id, this.position)) is not kit.next_answer.get((after.source_id, after.position))


def _names_outlet(text: str, outlet: str) -> bool:
    """'承德日报记者问了什么' names 承德日报; '承德…哪个媒体' names only the city."""
    name = re.sub(r"记者$", "", outlet)
    return len(name) >= 3 and (name in text or len(name) >= 4 and name[:4] in text)


def _outlets(kit: Kit, query: Query, chosen: list[Conference]) -> Answer | None:
    """Which outlet asked about a topic, what an outlet asked, or every question asked."""
    outlet = next((o for o in sorted(kit.lexicon.outlets, key=len, reverse=True) if _names_outlet(query.text, o)), "")
    topic = re.sub(r"哪(?:家|个|些)|媒体|网站|报社|电视台|记者|提问|问了?|的|事|问题|什么|啥|关于|发布会|那场|这场|上|里|谁", "", query.topic)
    if not outlet and len(topic) >= 2:
        answer = who._qa_person(kit, query, "question")
        if answer is not None:
            return answer
    lines = []
    for conference in chosen:
        asked = [q for q in conference.questions if not outlet or q.speaker == outlet]
        if asked:
            said = "；".join(
                f"{q.speaker or '记者'}问：“{q.text}”" + (_answered(kit, q) if outlet and _last_of_its_turn(kit, asked, i) else "")
                for i, q in enumerate(asked)
            )
            lines.append(f"{_name(conference)}提问的有：{said}")
    if not lines:
        return None
    first = next(q for c in chosen for q in c.questions if not outlet or q.speaker == outlet)
    return kit.plain("\n".join(lines), "meta", first)
