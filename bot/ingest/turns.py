"""Who is speaking: recognise a speaker's turn however a transcript marks it.

Transcripts mark turns in many ways; this module reads each one into a Turn, so the walker in
transcript.py needs no knowledge of layouts:

- a prefix before a colon: '主持人(市政府新闻办副主任 张晓帆):', '李建国(市公安局交管支队支队长):',
  '市城市管理局党组成员、副局长 刘振宇:', '市发改委:', '沧州日报记者:', or a known name '王立新:';
- a bracketed header line: '【市商务局副局长 王立新】', '【主持人】', '【王立新】';
- a heading that is only a department: '◆ 市发展和改革委员会', '一、市卫健委发布';
- reported speech, as in a news report: '据市卫健委副主任李红梅介绍,…', '王德胜表示,…',
  '阜阳日报记者问及…。王德胜回应称,…'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain import Speaker

HOST, REPORTER, PERSON, DEPARTMENT, ANSWER = "host", "reporter", "person", "department", "answer"
# Role words that mark a turn without naming who: '问:', '答:', '【答】王立新:', '【发布人】市残联理事长 王立新:'.
_ASKING = ("问", "提问", "记者", "记者问", "记者提问")
_ANSWERING = ("答", "回答", "答复")
_PRESENTING = ("发布人", "发言人", "嘉宾", "发布嘉宾")
_PAREN_LEAD = re.compile(r"^\((?P<who>[^)]{2,40})\)\s*(?P<rest>.*)$")
_ROLE_WITH_WHO = re.compile(r"(?P<role>问|提问|记者问|答|回答)\((?P<who>[^)]{2,40})\)")
# '我是潍坊日报的记者。' — a reporter who names the outlet in the question.
_OUTLET_INTRODUCED = re.compile(r"^(?:您好|你好|大家好)?[,,!。]?我是(?P<outlet>[^,。:]{2,20}?)的?记者[,。!]?")

_CJK = r"\u4e00-\u9fff"
# A department as a turn names it: '市发改委', '市自然资源和规划局', '市残联', '市住房公积金管理中心'.
DEPARTMENT_NAME = re.compile(
    rf"(?:[{_CJK}]{{2,3}}市|市)[{_CJK}()、]{{1,18}}?"
    r"(?:局|委员会|委|办公室|办|中心|残联|妇联|联合会|联|供销社|社|支队|大队|院|公司)"
)
_RESPONSIBLE = r"(?:主要|有关|相关)?(?:负责同志|负责人)"
_DEPARTMENT_TURN = re.compile(rf"(?P<dept>{DEPARTMENT_NAME.pattern})(?:{_RESPONSIBLE})?")
# '李建国(市公安局交管支队支队长)' / '主持人(市政府新闻办副主任 张晓帆)'.
_NAME_THEN_POST = re.compile(rf"(?P<name>[{_CJK}·]{{2,4}})\((?P<post>[^)]{{2,40}})\)")
_OUTLET = re.compile(r"日报|晚报|报社|报$|电视台|广播|融媒体|新闻网|网|频道|通讯社|杂志|客户端")
_PREFIX = re.compile(r"^(?P<who>[^:。,;!?“”\"]{1,44}?)\s*:\s*(?P<rest>.*)$")
_HEADER = re.compile(r"^【(?P<who>[^】]{1,44})】\s*(?P<rest>.*)$")
# '▲市水务局局长 任振江' / '▲任局长' / '▲承德日报记者' on a line of its own: a turn header.
_MARKED = re.compile(r"^[▲■●◆★☆►▶◎◇□]\s*(?P<who>[^:。,;!?“”]{1,44}?)\s*(?P<rest>)$")
_HEADLINE = re.compile(r"^[▲■●◆★☆►▶◎◇□]\s*[\u4e00-\u9fff]{1,10}\s*:")
_UNIT_NAME = re.compile(rf"[{_CJK}()]{{2,20}}(?:局|委员会|委|办公室|办|中心|联|联合会|社|支队|院|公司|团|会)")
_LEAD_UNIT = re.compile(r"^(?:牵头单位|责任单位|牵头部门|责任部门|主责单位|实施单位)\s*:\s*(?P<dept>.+)$")
_HEADING_MARK = re.compile(r"^(?:[◆■●▲★◇□◎#>*\-—]+\s*|[一二三四五六七八九十]{1,3}、\s*)")
_HEADING_TAIL = re.compile(r"(?:发布|介绍|通报|发言|情况)?$")
# Verbs of reported speech: '…介绍', '…表示', '…说', '…回应称'.
SPEECH_VERB = r"(?:在[^,。]{0,14}?)?(?:还|也|进一步|同时)?(?:介绍说|介绍|表示|说|通报|指出|称|回应称|回应|回答|补充说|补充|谈到|透露)"
_REPORTED_QUESTION = re.compile(
    r"^(?:发布会上,?|在答记者问环节,?)?(?P<outlet>[^,。:]{2,20}?)记者(?:问及|问到|问起|询问|提问|问道|关注|关心|关切|聚焦|就|提出)"
    # ('…记者问及幼儿园项目分布时,胡晓岚介绍,…': the question ends where the official starts to speak)
    r"(?:(?P<asked>[^。]*?)(?:时)?,(?=[^,。“”:]{2,20}?(?:介绍|表示|说|回应|回答|指出|称))|(?P<question>[^。]*。?))(?P<rest>.*)$"
)
# '在回答牛城晚报记者关于老旧小区“加装电梯难”问题的提问时,郝振东表示,…': the question told inside the answer.
_ANSWERING_QUESTION = re.compile(
    r"^在(?:回答|答复|回应)(?P<outlet>[^,。:]{2,20}?)记者(?:关于|就|有关)?(?P<question>[^,。]{2,60}?)(?:的)?(?:提问|询问)时,(?P<rest>.*)$"
)


@dataclass(frozen=True)
class Turn:
    """A change of speaker: who now speaks, and the rest of the line that is their words."""

    role: str  # host | reporter | person | department | answer (who answers may be unsaid)
    rest: str = ""
    speaker: Speaker | None = None  # for PERSON (and a named host)
    department: str = ""  # for DEPARTMENT
    outlet: str = ""  # for REPORTER


def read_turn(line: str, people: dict[str, Speaker], parse_person) -> Turn | None:
    """The turn a line opens with a 'who:' prefix, a 【who】 header or a '▲who' line, or None."""
    match = _HEADER.match(line) or _MARKED.match(line) or _PREFIX.match(line)
    if not match:
        return None
    return classify(match["who"].strip(), match["rest"].strip(), people, parse_person)


def is_marked(line: str) -> bool:
    """'▲市水务局局长 任振江', '◆ 市发改委': a turn header drawn with a symbol (kept as a host line)."""
    return bool(_MARKED.match(line))


def is_headline(line: str) -> bool:
    """'■住建:老旧小区改造开工296个,加装电梯236部' — a news report's section headline, said by nobody."""
    return bool(_HEADLINE.match(line))


def classify(who: str, rest: str, people: dict[str, Speaker], parse_person) -> Turn | None:
    """What kind of speaker a 'who' names, or None when it names no speaker ('其中', '发布时间')."""
    compact = re.sub(r"\s+", "", who)
    role = _ROLE_WITH_WHO.fullmatch(compact)
    if role:  # '问(河北日报记者)', '答(市住建局副局长高志远)'
        inner = role["who"]
        if role["role"] in _ASKING:
            return Turn(REPORTER, rest, outlet=inner.removesuffix("记者"))
        person = people.get(inner) or parse_person(inner) or by_surname(inner, people)
        return Turn(ANSWER, rest, speaker=person)
    lead = _PAREN_LEAD.match(rest.strip())
    if lead and (compact in _ASKING or compact in _ANSWERING):
        # '问:(宝鸡日报记者)今年…', '答:(市发展和改革委员会副主任 杨建国)今年…': who, in brackets after the role
        return classify(f"{compact}({lead['who']})", lead["rest"], people, parse_person)
    if compact in _ASKING:
        inner = read_turn(rest, people, parse_person)
        if inner is not None and inner.role == REPORTER:
            return inner
        named = _OUTLET_INTRODUCED.match(rest)
        if named:  # '我是潍坊日报的记者。…': the outlet, then the question itself
            return Turn(REPORTER, rest[named.end():].strip(), outlet=named["outlet"])
        return Turn(REPORTER, rest, outlet="记者")
    if compact in _ANSWERING:
        inner = read_turn(rest, people, parse_person)
        if inner is not None and inner.role in (PERSON, DEPARTMENT):
            return Turn(ANSWER, inner.rest, speaker=inner.speaker, department=inner.department)
        return Turn(ANSWER, rest)
    if compact in _PRESENTING:
        inner = read_turn(rest, people, parse_person)
        return inner if inner is not None else None
    if compact.startswith("主持人") or compact.endswith("主持人"):
        # '主持人(市政府新闻办副主任林若溪)', '主持人市政府新闻办副主任林若溪', '林若溪(主持人)'
        post = re.sub(r"^主持人|主持人$|[()]", "", compact)
        return Turn(HOST, rest, speaker=parse_person(post) if post else None)
    if _is_outlet(compact):
        return Turn(REPORTER, rest, outlet=compact.removesuffix("记者"))
    person = _person(compact, people, parse_person)
    if person is not None:
        return Turn(PERSON, rest, speaker=person)
    department = _DEPARTMENT_TURN.fullmatch(compact)
    if department:
        return Turn(DEPARTMENT, rest, department=department["dept"])
    return None


def _is_outlet(compact: str) -> bool:
    """'沧州日报记者', '长城网', '县融媒体中心': a news outlet, not a department."""
    outlet = compact.removesuffix("记者")
    if not outlet or re.match(r"各位|尊敬|感谢|欢迎|请|下面", outlet):
        return False
    if outlet != compact and len(outlet) <= 20:
        return True
    return bool(_OUTLET.search(outlet)) and not DEPARTMENT_NAME.fullmatch(outlet) and "局" not in outlet


def _person(compact: str, people: dict[str, Speaker], parse_person) -> Speaker | None:
    """A person from 'name(post)', 'post name', a known name, or a known person's surname + title."""
    if compact in people:
        return people[compact]
    inner = _NAME_THEN_POST.fullmatch(compact)
    if inner:
        return parse_person(inner["post"] + inner["name"]) or _known_post(inner["name"], inner["post"])
    person = parse_person(compact)
    if person is not None:
        return person
    return by_surname(compact, people)


def _known_post(name: str, post: str) -> Speaker | None:
    """'韩雪(市民政局)' with no title: the department alone."""
    department = DEPARTMENT_NAME.match(post)
    if department is None:
        return None
    return Speaker(source_id="", name=name, title=post[department.end():], department=department[0], role="presenter")


# Posts a surname is called by ('王局长', '孙主任'), for people introduced with no post of their own.
_IS_TITLE = re.compile(r"局长|主任|书记|处长|部长|院长|理事长|主席|总经理|经理|队长|支队长|站长|所长|行长|总")


def by_surname(text: str, people: dict[str, Speaker]) -> Speaker | None:
    """'周局长' / '王主任' → the one known person with that surname whose title ends that way."""
    match = re.fullmatch(rf"(?P<surname>[{_CJK}])(?P<title>副?[{_CJK}]{{1,4}})", text)
    if not match:
        return None
    title = match["title"].removeprefix("副")
    found = {
        p.name: p for p in people.values()
        if p.name.startswith(match["surname"]) and (p.title.endswith(title) if p.title else _IS_TITLE.fullmatch(title))
    }
    return next(iter(found.values())) if len(found) == 1 else None


def department_heading(line: str) -> str:
    """'◆ 市发展和改革委员会' / '一、市卫健委发布' / '牵头单位:市市场监督管理局' → the department,
    '' when the line is anything else."""
    lead = _LEAD_UNIT.match(line)
    if lead and (unit := _UNIT_NAME.fullmatch(lead["dept"].strip())):
        return unit[0]  # '牵头单位:团市委' — named as the organisation calls itself
    body = _HEADING_MARK.sub("", line, count=1).strip()
    if body == line.strip() and not line.startswith("【"):
        return ""
    body = _HEADING_TAIL.sub("", body)
    match = DEPARTMENT_NAME.fullmatch(body)
    return match[0] if match else ""


def reported_speaker(line: str, people: dict[str, Speaker], parse_person) -> Speaker | None:
    """The official a news-report paragraph quotes: '据市卫健委副主任李红梅介绍,…', '“…”王德胜说'."""
    head = re.sub(r"^“[^”]{0,240}”[,。]?\s*", "", line)
    # '对于停车难问题,郝振东说,…': the matter first, then who speaks.
    head = re.sub(r"^(?:对于|关于|针对|谈到|谈及)[^,。“”]{1,30},", "", head)
    head = re.sub(r"^[^,。“”]{1,12}方面,", "", head)[:60]  # '教育方面,胡晓岚介绍,…': the aspect, then who speaks
    match = re.match(rf"(?:据|此外,?|另外,?|同时,?)?(?P<who>[^,。“”:;在]{{2,34}}?){SPEECH_VERB}", head)
    if not match:
        return None
    who = match["who"]
    return people.get(who) or parse_person(who) or by_surname(who, people)


def answering_question(line: str) -> tuple[str, str, str] | None:
    """'在回答牛城晚报记者关于X的提问时,郝振东表示,…' → (outlet, question, the answer): a question
    told inside one paragraph of a report, which goes on after it."""
    match = _ANSWERING_QUESTION.match(line)
    if not match or not _is_outlet(match["outlet"].strip()):
        return None
    return match["outlet"].strip(), match["question"].strip(" :"), match["rest"].strip()


def reported_question(line: str) -> tuple[str, str, str] | None:
    """'阜阳日报记者问及X。王德胜回应称…' → (outlet, question, rest of the line)."""
    match = _REPORTED_QUESTION.match(line)
    if not match or not _is_outlet(match["outlet"].strip()):
        return None
    return match["outlet"].strip(), (match["asked"] or match["question"] or "").strip(" :"), match["rest"].strip()
