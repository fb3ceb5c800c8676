"""The conference itself as an entity: when it was held, who hosted, who reported, who asked what.

Built once per snapshot from the passages and speakers the parser found, so questions about the
conference ('谁主持的', '有哪些部门参加', '哪家媒体提问了', '发布会哪天开的') are answered from facts,
not from whichever sentence happens to share their words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain import Knowledge, Passage, Source, Speaker
from bot.ingest.transcript import parse_person

# '本场发布会由市政府新闻办公室副主任郝文彬主持', '我是…赵振国,今天的发布会由我主持', '…秦雅婷主持发布会'.
_HOSTED_BY = re.compile(r"由(?:我[,，]\s*)?(?P<who>[^,。;:由]{4,40}?)(?:同志)?主持")
_HOSTS_ITSELF = re.compile(r"我是(?P<who>[^,。;:]{4,40}?)[,，]\s*(?:今天的?|本次|本场|此次)?(?:新闻)?发布会由我(?:来)?主持")
_HOSTS = re.compile(r"(?:^|[,。;])(?P<who>[^,。;:]{4,40}?)主持(?:了)?(?:本次|此次|今天的|本场|当天的)?(?:新闻)?发布会")
_HOST_HEADER = re.compile(r"^主持人?[:：(（]\s*(?P<who>[^:：)）]{4,40})")
# The host introducing themself in the opening: '…大家上午好!…我是市政府新闻办公室副主任王晓鹏。'
_HOST_INTRODUCES = re.compile(r"我是(?P<who>[^,，。;:!！]{4,40}?)[。,，!！]")
# '发布时间:2022年3月30日上午10:00', '8月24日上午,…召开…发布会'.
_DATE = re.compile(r"(?:(?P<year>20\d\d)年)?(?P<month>1[0-2]|[1-9])月(?P<day>[1-3]?\d)日")
_HELD = re.compile(r"发布时间|召开|举行|举办|上午|下午")
# Offices that run the conference rather than report at it.
_PRESS_OFFICE = re.compile(r"新闻办|新闻办公室|宣传部|新闻中心")
# The opening lines where the date and the host are said.
OPENING_PASSAGES = 12


@dataclass(frozen=True)
class Conference:
    """One press conference: its source and what the transcript says about the event."""

    source: Source
    held: str  # '2022年3月30日', '' when never said
    place: str  # '市政府新闻发布厅', '' when never said
    host: str  # '市政府新闻办公室副主任郝文彬', '' when never named
    presenters: tuple[Speaker, ...]  # who reported, in order, the host left out
    questions: tuple[Passage, ...]  # reporters' questions, in order
    first: Passage | None  # the opening passage, to cite
    byline: str = ""  # a write-up's paper and reporter ('岳阳日报记者周敏'), '' for a transcript
    sessions: str = ""  # '三' when the opening says the conference is held in 三 sessions, else ''

    @property
    def departments(self) -> tuple[str, ...]:
        """The departments that reported, in order."""
        return tuple(dict.fromkeys(s.department for s in self.presenters if s.department))


def conferences(knowledge: Knowledge) -> dict[str, Conference]:
    """Every source's conference facts, by source id."""
    passages: dict[str, list[Passage]] = {}
    for passage in knowledge.passages:
        passages.setdefault(passage.source_id, []).append(passage)
    speakers: dict[str, list[Speaker]] = {}
    for speaker in knowledge.speakers:
        speakers.setdefault(speaker.source_id, []).append(speaker)
    result = {}
    for source in knowledge.sources:
        own = sorted(passages.get(source.id, []), key=lambda p: p.position)
        people = speakers.get(source.id, [])
        host = _host(own, {s.name for s in people}) or _press_officer(own, people)
        # Everyone who reported or answered, once, in order; not the host or the press office.
        presenters = tuple(
            {s.name: s for s in people if s.name not in host and not _PRESS_OFFICE.search(s.department)}.values()
        )
        result[source.id] = Conference(
            source=source,
            held=_held(own, source),
            place=_place(own),
            host=host,
            presenters=presenters,
            questions=tuple(p for p in own if p.kind == "question"),
            first=own[0] if own else None,
            byline=_byline(own, source),
            sessions=_sessions(own),
        )
    return result


def _host(passages: list[Passage], speaker_names: set[str]) -> str:
    """Who hosted, as '市政府新闻办公室副主任郝文彬', from the first sentence that says so."""
    for passage in passages:
        text = passage.text.strip()
        for pattern in (_HOST_HEADER, _HOSTS_ITSELF, _HOSTED_BY, _HOSTS):
            match = pattern.search(text)
            person = parse_person(re.sub(r"\s+", "", match["who"])) if match else None
            if person is not None:
                return f"{person.department}{person.title}{person.name}"
    # '主持人:保定市…副主任 孟凡超' on its own line, or '我是市政府新闻办公室副主任王晓鹏' in the
    # host's opening: a person in the host's words who never reports.
    for passage in passages[:OPENING_PASSAGES]:
        press = passage.kind == "host" or _PRESS_OFFICE.search(passage.department)
        introduced = _HOST_INTRODUCES.search(passage.text) if press else None
        person = parse_person(re.sub(r"\s+", "", introduced["who"])) if introduced else None
        if person is not None and (person.name not in speaker_names or _PRESS_OFFICE.search(person.department)):
            return f"{person.department}{person.title}{person.name}"
        if passage.kind == "host":
            person = parse_person(re.sub(r"\s+", "", passage.text))
            if person is not None and person.name not in speaker_names:
                return f"{person.department}{person.title}{person.name}"
    return ""


# '岳阳日报全媒体记者 周敏', '本报讯(记者 罗晓霞 通讯员 彭志刚)', '来源:岳阳日报 2023年7月12日'.
_OUTLET_NAME = r"[\u4e00-\u9fff]{2,8}?(?:日报|晚报|都市报|新闻网|融媒体中心|广播电视台|电视台)"
_REPORTER = re.compile(
    rf"(?P<outlet>{_OUTLET_NAME})?(?:全媒体|融媒)?记者\s*(?P<who>[\u4e00-\u9fff]{{2,3}}?)(?=\s|通讯员|[)）]|$)"
)
_PAPER = re.compile(rf"(?:来源[:：]\s*|本报讯|^)(?P<outlet>{_OUTLET_NAME})")


def _byline(passages: list[Passage], source: Source) -> str:
    """Who wrote a news write-up: its paper and reporter, from its opening lines (the paper also
    from the file name, '…(株洲日报).txt'); '' when no reporter is named there."""
    paper, reporter = "", ""
    for passage in passages[:OPENING_PASSAGES]:
        if passage.kind != "host":
            continue
        found = _REPORTER.search(passage.text)
        if found and not reporter and not re.search(r"问|提问", passage.text[found.end(): found.end() + 3]):
            reporter, paper = found["who"], paper or (found["outlet"] or "")
        named = _PAPER.search(passage.text)
        if named and not paper:
            paper = named["outlet"]
    if not reporter:
        return ""
    if not paper and (in_name := re.search(_OUTLET_NAME, source.id)):
        paper = in_name[0]
    return f"{paper}记者{reporter}"


_SESSIONS = re.compile(r"分(?P<count>[一二三四五六两\d])场(?:进行|召开|举行|发布)")


def _sessions(passages: list[Passage]) -> str:
    """'本次发布会分三场进行' in the opening: how many sessions the conference has."""
    for passage in passages[:OPENING_PASSAGES]:
        found = _SESSIONS.search(passage.text)
        if found:
            return found["count"]
    return ""


def _press_officer(passages: list[Passage], people: list[Speaker]) -> str:
    """'【市政府新闻办副主任 孟庆华】各位记者朋友…下面,请…发布': the press office's official who opens
    the conference and hands it over hosts it, though the record never says '主持'."""
    for passage in passages[:OPENING_PASSAGES]:
        if passage.speaker and _PRESS_OFFICE.search(passage.department):
            person = next((s for s in people if s.name == passage.speaker), None)
            if person is not None:
                return f"{person.department}{person.title}{person.name}"
    # (a press officer's turn read as the host's words: the only press official among the speakers)
    officers = [s for s in people if _PRESS_OFFICE.search(s.department) and s.name]
    return f"{officers[0].department}{officers[0].title}{officers[0].name}" if len(officers) == 1 else ""


# '地点:市政府新闻发布厅', '…在市政府新闻发布厅召开新闻发布会'.
_PLACE = re.compile(
    r"地点[:：]\s*(?P<place>[^,，。;；\n]{2,30})"
    r"|在(?P<room>[^,，。;；在]{2,24}?(?:发布厅|会议室|新闻中心|大厅|礼堂|演播厅|报告厅))(?:召开|举行|举办)"
)


def _place(passages: list[Passage]) -> str:
    """Where the conference was held, from the opening lines."""
    for passage in passages[:OPENING_PASSAGES]:
        match = _PLACE.search(passage.text)
        if match:
            return (match["place"] or match["room"]).strip()
    return ""


def _held(passages: list[Passage], source: Source) -> str:
    """The day the conference was held, from the opening lines ('2022年3月30日')."""
    for passage in passages[:OPENING_PASSAGES]:
        if not _HELD.search(passage.text):
            continue
        match = _DATE.search(passage.text)
        if match:
            year = int(match["year"]) if match["year"] else source.year
            return f"{year}年{int(match['month'])}月{int(match['day'])}日"
    return ""
