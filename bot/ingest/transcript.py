"""Parse a press-conference transcript: conference facts, speakers, sections, items, Q&A, sentences."""

from __future__ import annotations

import calendar
import re
from collections import Counter
from dataclasses import dataclass, field

from bot.domain import Passage, Source, Speaker
from bot.ingest.turns import (
    ANSWER,
    DEPARTMENT_NAME,
    HOST,
    PERSON,
    REPORTER,
    Turn,
    answering_question,
    by_surname,
    department_heading,
    is_headline,
    is_marked,
    read_turn,
    reported_question,
    reported_speaker,
)
from bot.ingest.tables import TABLE_LEAD, is_table_sentence, rewrite_tables
from bot.text import normalise

_CN_NUM = "一二三四五六七八九十"
# Titles officials carry in these conferences; longest first so 副局长 wins over 局长.
TITLES = (
    "党组书记", "党组成员", "党委副书记", "党委书记", "党委委员", "副理事长", "理事长", "董事长", "总工程师", "总农艺师", "总经济师", "总规划师", "总工",
    "二级巡视员", "副巡视员", "巡视员", "主任委员", "副秘书长", "秘书长", "副局长", "局长", "副主任", "主任", "副书记", "书记", "副院长", "院长",
    "副处长", "处长", "副部长", "部长", "副市长", "市长", "副县长", "县长", "副区长", "区长", "副总经理", "总经理",
    "副经理", "经理", "副主席", "主席", "副队长", "队长", "调研员", "副行长", "行长", "副站长", "站长",
    "副所长", "所长", "副支队长", "支队长", "副大队长", "大队长", "副总", "新闻发言人", "发言人",
)
_TITLE_RE = "|".join(TITLES)
_PERSON = re.compile(rf"^(?P<dept>.*?)(?P<title>{_TITLE_RE})(?P<name>[\u4e00-\u9fff·]{{2,5}})$")
# '请市教育局局长王成军同志做发布', '下面有请…同志发布。', '谢谢耿局长.接下来请…同志发布.', or the
# seed's bare '市旅游和文化广电局局长唐秋华同志做发布'.
_PRESENTER = re.compile(
    r"(?:(?:有请|请)|^)(?P<who>[^,。;:!?.请]{4,40}?)(?:同志)?(?:做|作|进行)?(?:发布|介绍|通报)(?:有关|相关)?(?:情况)?(?:[。;.!]|$)"
)
# '下面请市体育局局长介绍' / '请周局长介绍' / '请赵理事长发布': the floor given to a post, no name.
_HANDOVER_TO_POST = re.compile(
    rf"(?:有请|请|由)(?P<post>[^,。;:!?请]{{0,30}}?(?:{_TITLE_RE}|{DEPARTMENT_NAME.pattern}(?:负责同志|负责人)?))(?:同志)?(?:来|为大家)?(?:简要|简单|重点)?(?:做|作|进行)?"
    r"(?:发布|介绍|通报|发言)"
)
MAX_DEPARTMENT_CHARS = 20
# People in a list are separated by ; , 。 or 、 — but '党组书记、局长' joins two titles of one person.
_LIST_SEPARATOR = re.compile(rf"[;,。]|、(?!(?:{_TITLE_RE}))")
MIN_UNANNOUNCED_LIST = 2
# '…2022年,市城管执法局牵头…' within the first words of a speech names the speaker's department.
_SELF_INTRODUCTION = re.compile(r"(?:我们|我局|我委)?(?P<dept>市[\u4e00-\u9fff]{1,14}?(?:局|委员会|委|办公室|办|中心|联))")
SELF_INTRODUCTION_CHARS = 80
# Shorter lines (titles, dates) do not start a report of their own.
SHORT_LINE_CHARS = 30
# A news write-up's subhead: short, unpunctuated, no item marker, turn or table cell.
MIN_SUBHEAD_CHARS, MAX_SUBHEAD_CHARS, MIN_BODY_CHARS = 4, 24, 30
# A write-up's subhead of a topic and its news: '养老服务:助餐点建设明显提速'.
_HEADLINE = re.compile(r"(?![\d(【◆■●▲★◇□#>*\-—一二三四五六七八九十]|答?记者问|记者提问|问:|答:|下一步)[\u4e00-\u9fff“”\d]{2,12}:[\u4e00-\u9fff“”\d.%万]{2,16}")
_NOT_SUBHEAD = re.compile(r"[,。;:!?()|]|^[\d(（【◆■●▲★◇□#>*\-—]|记者|通讯员|发布会|20\d\d年\d{1,2}月\d{1,2}日")
# A headline's news number with its unit ('3.87万人', '九成').
_NEWS_NUMBER = r"(?:\d[\d.]*|[一二三四五六七八九十两]+)[万亿]?[\u4e00-\u9fff%]{0,3}"
_BRACKETED_HEADLINE = re.compile(
    r"【(?P<topic>(?!发布人|主持人|答|问|记者)[\u4e00-\u9fff]{2,8})】[^。,;:!?]{2,30}"
    # '【“两癌”筛查已完成3.87万人】': the whole headline in brackets, with its news number
    rf"|【(?P<news>(?!发布人|主持人|答|问|记者)[^】,。;:!?]{{2,24}}?{_NEWS_NUMBER})】"
    # '【燃气管道改造:完成年度任务超八成】': a topic and its news, both inside the brackets
    r"|【(?P<named>(?!发布人|主持人|答|问|记者)[\u4e00-\u9fff“”]{2,12}):[^】,。;!?]{2,20}】"
)
_PROJECT_HEADING = re.compile(rf"^【(?:项目|第)?[{_CN_NUM}\d]{{1,3}}(?:项|个)?】\s*(?P<title>[^。]{{2,40}})$")
# '请王局长回答' / '请刘振东总经理回答': who is to answer the question just asked.
_ASKED_TO_ANSWER = re.compile(r"请(?P<who>[^,。;:!?请]{2,20}?)(?:同志)?(?:来|简要)?(?:回答|解答|答复)")
# '(大家好,)我是市城市管理局的王海涛,…' at the start of a speech.
_SELF_NAMED = re.compile(
    rf"^(?:[^。]{{0,24}}?[,!。])?我是(?P<dept>{DEPARTMENT_NAME.pattern})的?(?P<title>{_TITLE_RE})?"
    r"(?P<name>[\u4e00-\u9fff]{2,3}?)(?:同志)?[,。,!]"
)
# '我是市体育局局长高振宇': a speaker introduced only by post names themself.
_INTRODUCED = re.compile(r"我是(?P<post>[^,。;:!?]{4,40}?)(?:[,。;!]|$)")
# A department is a run of characters ending like an organisation: 局, 委, 办, 中心, 残联…
_ORGANISATION = re.compile(r"[\u4e00-\u9fff()]+(?:局|委员会|委|办公室|办|厅|中心|院|联|会|所|站|队|处|社|集团|公司|政府|部)")
# Words a host uses to give the floor to someone named in the same line.
_HANDOVER_CUE = re.compile(r"请|交给|欢迎|由|下面是|接下来是")
# '请市工信局郑海涛局长介绍有关情况': department, name, then title.
_NAME_BEFORE_TITLE = re.compile(
    rf"(?:请|交给|有请)(?P<dept>市?[\u4e00-\u9fff]{{1,14}}?(?:局|委员会|委|办公室|办|厅|中心|院|联|会))(?P<name>[\u4e00-\u9fff]{{2,3}}?)(?P<title>{_TITLE_RE})"
)
# Longer than this, a line that mentions 发布 is speech, not a hand-over.
MAX_HANDOVER_CHARS = 80
_ATTENDEES = re.compile(
    r"(?:(?:出席|到场|参加|参与).{0,16}?(?:有|是)[:]?|^(?:发布人|发布嘉宾|出席人员|出席嘉宾|参会人员)[:])(?P<list>.*)$"
)
# A news report names the attendees in one sentence: '市住建局局长邵海川,市教育局副局长詹淑敏出席发布会'.
# Labels of a page's header ('来源:宝鸡市人民政府新闻办公室', '发布时间:…'), never a speaker's name.
_NOT_A_NAME = frozenset("主持人 记者 来源 发布时间 时间 地点 日期 作者 编辑 责任编辑 通讯员 发布单位 发布人 发布机构 信息来源 文章来源".split())
_ATTENDED = re.compile(
    r"(?:^|[。!])(?P<list>[^。!]{4,400}?)(?:等(?:人|同志)?)?(?:出席|参加|参会|到会)(?:了)?"
    # ('…副主任汤卫东出席并发布相关情况', '…出席并回答记者提问')
    r"(?:(?:本次|此次|今天的|本场|当天的)?(?:新闻)?发布会|并(?:发布|介绍|通报|回答|答记者|解读))"
    r"|(?:^|[。!])(?P<answering>[^。!]{4,400}?)(?:回答|解答)(?:了)?记者(?:的)?提问"  # '…副局长赵晓燕…回答记者提问'
)
# '发言人一:市交通运输局副局长 李建国', '【发布人】市残联理事长 王立新': a listed person under a label.
_LABELLED = re.compile(r"^(?:【(?P<header>[^】]{1,8})】|(?P<label>(?!主\s*持\s*人)[\u4e00-\u9fff\d ]{2,8}):)\s*(?P<who>[^:]{4,40})$")
# '主持人:…' / '主持人(市政府新闻办副主任郝立新):…' is the host speaking.
_HOST = re.compile(r"^主持人(?:\([^)]{0,30}\))?[:]")
_ANSWERED_INLINE = re.compile(r"在(?:回答|答复|回应)[^,。:]{2,40}?(?:提问|询问)时")
_QA_START = re.compile(r"记者提问|提问环节|答记者问|回答记者")
_QA_END = re.compile(r"到此结束|就到这里|发布会结束")
# '…逐一通报了…进展,并回答了记者提问', '…出席并回答记者提问': who did what, told in a write-up's
# opening — the questions do not start here.
_QA_TOLD = re.compile(r"并(?:回答|答复|解答)了?记者|回答了记者")
# '教育方面,胡晓岚介绍,…', '据市卫健委…介绍': a report on a new matter, even after a question.
_NEW_REPORT = re.compile(r"^(?:[^,。“”]{1,12}方面,|据)")
_ANSWER = re.compile(r"^(?P<who>[^:,。]{2,30}?)(?:回答|答)[:]\s*(?P<text>.+)$")
_QUESTION = re.compile(r"^(?P<outlet>[^:,。?]{2,20}?)(?:记者)?[:]\s*(?P<text>.+)$")
_SESSION = re.compile(rf"第([{_CN_NUM}\d]{{1,3}})场")
_STATED_AS_OF = re.compile(r"(?:截至|截止|截止到|到)(?:20\d\d年)?(1[0-2]|[1-9])月(?:底|末|份|\d{1,2}日)")
# The session is named in the opening; later mentions are of other sessions ('稍后进行第二场').
SESSION_SEARCH_CHARS = 800
_YEAR_MONTH = re.compile(r"(20\d\d)年[^。\n]{0,16}?(\d{1,2})月")
# '9月14日上午,市政府新闻办召开新闻发布会': the day a write-up says the conference was held.
_HELD_ON = re.compile(r"(?<!\d)(1[0-2]|[1-9])月\d{1,2}日(?:[上下]午)?[,，]?[^。\n]{0,24}?(?:召开|举行)")
_RANGE_MARKS = frozenset("—–-~～至到")
_FILE_YEAR_MONTH = re.compile(r"(20\d\d)[-_.年]?(\d{1,2})")
_YEAR = re.compile(r"(?<!\d)(20\d\d)年")
# The period a conference reports on when no month is named ('2024年重点民生实事三季度推进情况'):
# its last month stands for the conference's month when not even the day it was held is given.
_PERIOD_END = {"一季度": 3, "第一季度": 3, "上半年": 6, "二季度": 6, "第二季度": 6, "三季度": 9, "第三季度": 9,
               "前三季度": 9, "四季度": 12, "第四季度": 12, "全年": 12}
_PERIOD = re.compile("|".join(sorted(_PERIOD_END, key=len, reverse=True)))
_CITY = re.compile(r"([\u4e00-\u9fff]{2})市")
_NOT_CITY = set("全本我各该城省县区此")
# Markers that open a numbered item: 一、 / 一是 / 1、 at level 1, (一) at level 2.
_ITEM_L1 = re.compile(
    rf"^(?:第?[{_CN_NUM}]{{1,3}}[、是]|第[{_CN_NUM}]{{1,3}}(?:部分|方面|项|件|条|个方面)?[,:]|\d{{1,2}}[、.](?!\d)|\d{{1,2}}\)\s*)"
)
_ITEM_L2 = re.compile(rf"^\((?:[{_CN_NUM}]{{1,3}}|\d{{1,2}})\)")
_SPLIT_BEFORE_ITEM = re.compile(
    rf"(?<=[。:;!?])\s*(?=[{_CN_NUM}]{{1,3}}[、是]|第[{_CN_NUM}]{{1,3}}[,、:]|\d{{1,2}}、)|(?=\([{_CN_NUM}]{{1,3}}\))"
)
# A sentence ends at 。!?; — or at a half-width full stop that is not a decimal point, since
# some files are typed with '.' for '。'.
_SENTENCE = re.compile(r"(?:[^。!?;\n.]|(?<=\d)\.(?=\d))+(?:[。!?;]|\.(?!\d))*")
# A level-1 item title runs to the first full stop or list marker; longer than this it is prose.
MAX_HEADING_CHARS = 30
# A line whose first sentence is this short and has no digits names a topic (e.g. "医联体建设。").
MAX_TOPIC_CHARS = 14
_GENERIC_PROJECTS = ("民生工程", "民心工程", "重点工程", "各项工程")
_PROJECT = re.compile(r"[\u4e00-\u9fff“”\"+]{2,16}工程")
_PROJECT_LEAD = re.compile(r".*(?:是|介绍|负责|承担的|承担|牵头|关于|发布|推进|就是|为|的)")


@dataclass
class Section:
    """One speaker's part of the conference."""

    department: str
    speaker: str
    project: str = ""
    headings: list[str] = field(default_factory=list)


@dataclass
class ParsedTranscript:
    """Everything read from one transcript before figures are extracted."""

    source: Source
    speakers: list[Speaker]
    passages: list[Passage]
    sections: list[Section]
    counties: list[str]


def parse_transcript(name: str, raw_text: str, sha256: str = "") -> ParsedTranscript:
    """Parse one transcript's text; `name` is its file name (also the source id)."""
    lines = rewrite_tables([normalise(line).strip() for line in raw_text.splitlines()])
    full = "\n".join(lines)
    source = _source(name, full, sha256)
    state = _walk(source.id, lines, anonymous=False)
    if not any(p.kind in ("speech", "answer") for p in state.passages):
        # No speaker found in a layout nobody foresaw: still read the figures, by the departments
        # the text names ('市XX局今年牵头…'), rather than lose the whole transcript.
        state = _walk(source.id, lines, anonymous=True)
    return ParsedTranscript(
        source=source,
        speakers=list(state.speakers.values()),
        passages=state.passages,
        sections=state.sections,
        counties=sorted(state.counties),
    )


def _walk(source_id: str, lines: list[str], *, anonymous: bool) -> _Walker:
    people, listing = _attendees(lines)
    state = _Walker(source_id, people, listing, anonymous=anonymous)
    state.subheads = {index + 1 for index in _subheads(lines)} - state.listing
    for number, line in enumerate(lines, start=1):
        if line:
            state.feed(number, line)
    return state


def parse_person(text: str) -> Speaker | None:
    """'市教育局局长王成军' → Speaker(department='市教育局', title='局长', name='王成军')."""
    text = re.sub(r"^(?:下面|有请|请)+|(?:同志|先生|女士)$", "", text.strip())
    match = _PERSON.match(text)
    person = _person(match) if match else None
    if person is None and "、" in text:
        # '市委宣传部副部长、市政府新闻办主任杨帆': two posts; the last, next to the name, is who they are here
        return parse_person(text.rsplit("、", 1)[1])
    return person


def _person(match: re.Match) -> Speaker | None:
    """parse_person's Speaker from a match of _PERSON, if its department is an organisation's name."""
    department = re.sub(r"^市{2,}(?!场)", "市", match["dept"].strip())
    department = re.sub(rf"(?:(?:{_TITLE_RE})[、,]?)+$", "", department).rstrip("、,")  # 党组书记、局长
    department = re.sub(r"(?<=.)\([^)]*\)$", "", department)  # '市供电公司(国网绵阳供电公司)' 
    if not department or len(department) > MAX_DEPARTMENT_CHARS or not _ORGANISATION.fullmatch(department):
        return None
    return Speaker(source_id="", name=match["name"], title=match["title"], department=department, role="presenter")


def short_department(department: str) -> str:
    """'市住建局' → '住建局': the form people say ('市场监督管理局' keeps its 市)."""
    return re.sub(r"^(?:市+(?!场)|[\u4e00-\u9fff]{2,3}市(?![市场]))", "", department) or department


def _source(name: str, text: str, sha256: str) -> Source:
    """Conference facts from the text where it says so, else from the file name."""
    year, month = _year_month(text, name)
    session = _session(name) or _session(text)
    city = _city(text) or _city(name)
    when = (f"{year}年" if year else "") + (f"{month}月" if month else "")
    title = f"{when}{city}民生工程推进情况新闻发布会" + (f"(第{session}场)" if session else "")
    as_of_month = _stated_as_of(text, month)
    last_day = calendar.monthrange(year, as_of_month)[1] if year and month else 1
    as_of = f"{year:04d}-{as_of_month:02d}-{last_day:02d}" if year and month else ""
    return Source(id=name, title=title, city=city, year=year, month=month, session=session, as_of=as_of, sha256=sha256)


def _stated_as_of(text: str, month: int) -> int:
    """The month the figures are as of: the one the text says most often ('截至5月底' in a June
    conference's write-up), not after the conference's own month; else the conference's month."""
    stated = Counter(int(m[1]) for m in _STATED_AS_OF.finditer(text) if 1 <= int(m[1]) <= month)
    return max(stated, key=lambda m: (stated[m], m)) if stated else month  # a tie: the later month


def _year_month(text: str, name: str) -> tuple[int, int]:
    """The year and month the conference was held: the day the opening says it was held on
    ('9月14日上午,市政府新闻办召开新闻发布会,通报…8月份推进情况'), else the first year and month the
    opening names, else the file name's."""
    head = text[:600]
    for match in _YEAR_MONTH.finditer(head):
        year, month = int(match[1]), int(match[2])
        if head[match.start(2) - 1: match.start(2)] in _RANGE_MARKS:
            continue  # '2023年民生实事项目1—2月推进情况': the period reported, not the conference's month
        if 1 <= month <= 12:
            held = _HELD_ON.search(head)
            if held and month < int(held[1]) <= 12:
                return year, int(held[1])  # the month reported on, in a later month's conference
            return year, month
    match = _FILE_YEAR_MONTH.search(name)
    if match and 1 <= int(match[2]) <= 12:
        return int(match[1]), int(match[2])
    # No year and month side by side ('10月15日,市政府新闻办召开2024年…三季度推进情况新闻发布会'):
    # the year named, and the month it was held, else the last month of the period reported.
    year = _YEAR.search(head) or _YEAR.search(name)
    if not year:
        return 0, 0
    held = _HELD_ON.search(head)
    period = _PERIOD.search(head) or _PERIOD.search(name)
    month = int(held[1]) if held else _PERIOD_END[period[0]] if period else 0
    return int(year[1]), month


def _session(text: str) -> int | None:
    """第一场 → 1; in '上午已经进行了第一场，现在进行第二场' the current one, 第二场."""
    matches = list(_SESSION.finditer(text[:SESSION_SEARCH_CHARS]))
    if not matches:
        return None
    current = [m for m in matches if re.search(r"(?:现在|首先|本场|今天|这是|下面|开始)[^,。]{0,4}$", text[max(0, m.start() - 8): m.start()])]
    match = (current or matches)[0]
    raw = match[1]
    if raw.isdigit():
        return int(raw)
    import cn2an

    return int(cn2an.cn2an(raw, "smart"))


def _city(text: str) -> str:
    """The city the conference is about: a known city named most often, else the most frequent 'XX市'."""
    from bot.places import city_names

    known = Counter({name: text.count(name) for name in city_names() if name in text})
    if known:
        return known.most_common(1)[0][0] + "市"
    counts = Counter(m[0] for m in _CITY.finditer(text) if not (set(m[1]) & _NOT_CITY))
    return counts.most_common(1)[0][0] if counts else ""


def _attendees(lines: list[str]) -> tuple[dict[str, Speaker], set[int]]:
    """People listed as attending, by name, and the indexes of the lines that list them.

    The list may follow the colon on the same line ('出席…有:市卫健委主任刘雁翔;…') or take one
    line per person after it ('——市教育局党组书记、局长许明哲').
    """
    people: dict[str, Speaker] = {}
    listing: set[int] = set()
    for index, line in enumerate(lines):
        if _labelled_person(people, line):
            listing.add(index)
            continue
        attended = _ATTENDED.search(line)
        listed = attended and (attended["list"] or attended["answering"])
        if listed and any([_add_person(people, part) for part in _LIST_SEPARATOR.split(listed)]):
            continue  # a sentence inside a news paragraph: its people, but the line is still text
        match = _ATTENDEES.search(line)
        if not match:
            continue
        found = [_add_person(people, part) for part in _LIST_SEPARATOR.split(match["list"])]
        following = index + 1
        while following < len(lines) and _add_person(people, lines[following]):
            listing.add(following)
            following += 1
        if any(found) or following > index + 1 or not match["list"].strip():
            listing.add(index)  # a line that only said '参加培训的有…' is not a list of people
    if not people:
        _unannounced_list(lines, people, listing)
    return people, listing


def _subheads(lines: list[str]) -> set[int]:
    """Indexes of a news write-up's subheads ('棚改提速 安置房加快建设', '老旧小区改造惠及4.7万户'):
    a short line with no punctuation and no item number, standing alone after a blank line, before
    a paragraph of body text. It names what the paragraphs under it are about; nobody says it."""
    found: set[int] = set()
    for index, line in enumerate(lines):
        bracketed = bool(_BRACKETED_HEADLINE.fullmatch(line) and not re.search(_TITLE_RE, line))
        if not (MIN_SUBHEAD_CHARS <= len(line) <= MAX_SUBHEAD_CHARS) and not bracketed:
            continue
        # '城市基础设施补短板:9860个公共停车泊位投用' between two paragraphs, no blank line around it
        headline = _HEADLINE.fullmatch(line) and not re.search(_TITLE_RE, line) and index > 0 and re.search(r"[。!?”]$", lines[index - 1])
        # '【医疗保障】村级医保服务站覆盖95.3%的村(社区)': a topic in brackets, then its news
        headline = headline or bracketed
        if _NOT_SUBHEAD.search(line) and not headline:
            continue
        if index == 0 or (lines[index - 1] and not headline) or _item_title(line) is not None or department_heading(line):
            continue
        following = next((text for text in lines[index + 1:] if text), "")
        if len(following) >= MIN_BODY_CHARS and (re.search(r"[。!?]$", following) or bracketed):
            found.add(index)  # (a paragraph after a bracketed headline may end '…如下:' before a table)
    return found


def _labelled_person(people: dict[str, Speaker], line: str) -> bool:
    """'发言人一:市交通运输局副局长 李建国' / '【发布人】市残联理事长 王立新': a person listed under a label.
    A numbered label ('发言人一') is how later turns name them, so it is kept as another name."""
    match = _LABELLED.match(line)
    if not match:
        return False
    person = parse_person(_person_text(match["who"]))
    if person is None:
        return False
    people[person.name] = person
    label = re.sub(r"\s+", "", match["label"] or match["header"])
    if re.search(rf"[{_CN_NUM}\d]$", label):
        people[label] = person
    return True


def _unannounced_list(lines: list[str], people: dict[str, Speaker], listing: set[int]) -> None:
    """Two or more consecutive lines that are each a person ('1.市民政局局长 韩志国'): a list with no heading."""
    run: list[int] = []
    for index, line in enumerate([*lines, ""]):
        if line and parse_person(_person_text(line)):
            run.append(index)
            continue
        if len(run) >= MIN_UNANNOUNCED_LIST:
            for member in run:
                _add_person(people, lines[member])
                listing.add(member)
        run = []


def _person_text(text: str) -> str:
    """A list entry without its marker, trailing punctuation and spaces ('——市教育局局长 王成军;')."""
    return re.sub(r"\s+", "", re.sub(r"^[\s\-—–·•*\d.、)(]+|[;,。.\s]+$", "", text))


# '…副主任杨建国通报总体情况', '…副秘书长刘建华主持发布会': what a listed person does, after the name.
_DOES_AFTER_NAME = re.compile(r"(?:通报|介绍|发布)(?:总体|有关|相关|工作)?情况$|主持(?:本次|此次|今天的)?(?:新闻)?发布会$")


_HANDING_OVER = re.compile(r"^(?:下面|接下来|现在|首先)?[,]?(?:有请|请)")


def _add_person(people: dict[str, Speaker], text: str) -> bool:
    """Parse 'dept title name' (list markers and trailing punctuation stripped); True if it was one.
    ('市发展和改革委员会副主任杨建国通报总体情况': what the person does after the name is left out)"""
    text = _person_text(text)
    person = parse_person(text)
    if person is None and not _HANDING_OVER.match(text):  # ('下面请…同志介绍情况' hands over: no listed person)
        person = parse_person(_DOES_AFTER_NAME.sub("", text))
    if person is None:
        return False
    people[person.name] = person
    return True


class _Walker:
    """Walks the lines in order, tracking section, item and Q&A state, and emits passages."""

    def __init__(self, source_id: str, people: dict[str, Speaker], listing: set[int], *, anonymous: bool = False) -> None:
        self.source_id = source_id
        self.anonymous = anonymous  # no speaker could be found: report lines are speech of the department they name
        self.people = people
        self.listing = {index + 1 for index in listing}  # as 1-based line numbers
        self.speakers: dict[str, Speaker] = {}
        self.passages: list[Passage] = []
        self.sections: list[Section] = []
        self.counties: set[str] = set()
        self.section: Section | None = None
        self.heading = ""
        self.subheading = ""
        self.in_qa = False
        self.outlet = ""
        self.question = ""
        self.hosts: set[str] = set()
        self.mode = "host"  # whose words an unmarked line continues: host | speech | question | answer
        self.pending: Speaker | None = None  # the post the host just gave the floor to, name unknown
        self.answerer: Speaker | None = None  # whom the host asked to answer ('请王局长回答')
        self.carried_heading = ""  # the project a report organised by project is on ('【项目一】…')
        self.previous = ""  # the line fed before this one (a table's caption)
        self.subheads: set[int] = set()  # line numbers of a news write-up's subheads

    def feed(self, number: int, line: str) -> None:
        """Consume one non-empty line."""
        previous, self.previous = self.previous, line
        if number in self.listing:
            self._emit(number, line, "host")
            return
        if is_table_sentence(line) and (self.section is None or self.in_qa):
            self._loose_table(number, line, previous)
            return
        if self._presenter(line):
            self._emit(number, line, "host")
            return
        asked = reported_question(line)
        if asked is not None:
            self._reported_qa(number, *asked)
            return
        inside = answering_question(line)  # (in a report's Q&A part too: it says whose answer it is)
        if inside is not None:
            # A report's paragraph that answers one outlet's question: the report goes on after it.
            self._reported_qa(number, *inside)
            self.in_qa, self.mode = False, "speech" if self.section is not None else "host"
            return
        if number in self.subheads:
            # '棚改提速 安置房加快建设': what the next paragraphs are about, whoever reports them.
            # ('城市基础设施补短板:9860个公共停车泊位投用': the topic, not its news)
            topic = _BRACKETED_HEADLINE.fullmatch(line)
            if topic and topic["named"]:
                carried = topic["named"]
            elif topic and topic["news"]:
                carried = re.sub(rf"{_NEWS_NUMBER}$", "", topic["news"])  # without its number
            else:
                carried = topic["topic"] if topic else line.split(":", 1)[0]
            # ('“两癌”筛查已完成', '老旧小区改造开工率超' → the topic)
            carried = re.sub(r"(?:[\u4e00-\u9fff]{1,2}率)?(?:超过?|达到?|突破|已完成|完成|已)$", "", carried)
            self.carried_heading = carried[: MAX_HEADING_CHARS * 2]
            self.heading, self.subheading, self.mode = self.carried_heading, "", "host"
            self.in_qa = False  # a new topic: what follows is reported, not an answer to the last question
            self._emit(number, line, "host")
            return
        if project := _PROJECT_HEADING.match(line):
            # '【项目一】“互联网+明厨亮灶”工程': a report organised by project; the unit follows.
            self.carried_heading = project["title"].strip()
            self.heading, self.subheading = self.carried_heading, ""
            self._emit(number, line, "host")
            return
        if is_headline(line) and not department_heading(line):
            self.section, self.mode = None, "host"  # the next section's headline: nobody's words
            self._emit(number, line, "host")
            return
        turn = read_turn(line, self.people, parse_person) or self._host_by_name(line)
        if turn is None and (department := department_heading(line)):
            self._open_section(Speaker(self.source_id, "", "", department, "presenter"))
            self.mode = "speech"
            self._emit(number, line, "host")
            return
        if turn is not None and turn.role == PERSON and turn.speaker.name in self.hosts:
            turn = Turn(HOST, turn.rest, speaker=turn.speaker)
        if turn is not None:
            # '◆ 市发改委', '主持人(市政府新闻办公室副主任韩立新):' alone: the header is kept as nobody's words
            header = line if is_marked(line) or (turn.role == HOST and turn.speaker is not None) else ""
            line = self._take_turn(turn)
            if not line:
                if header:
                    self._emit(number, header, "host")  # '◆ 市发改委', '▲任局长': the header itself is nobody's words
                return
            if self.mode == "host":
                self._host_line(number, line)
                return
        else:
            self._unmarked(line)
        last = _last_sentence(line)
        # ('…在回答红网记者提问时,黄海燕表示,…': an answer told inside a report, not the questions' start)
        if (
            _QA_START.search(last) and not _QA_END.search(line) and self.mode != "answer"
            and not _ANSWERED_INLINE.search(last) and not _QA_TOLD.search(last)
        ):
            self.in_qa = True
            self.section = None
            self.mode = "host"
            self._emit(number, line, "host")
            return
        if self.in_qa and _QA_END.search(line):
            self.in_qa, self.section, self.mode = False, None, "host"
            self._emit(number, line, "host")
            return
        if self.in_qa:
            self._qa_line(number, line)
            return
        if self.anonymous and not _ATTENDEES.search(line):
            self._anonymous_section(line)
        if self.section is None or _ATTENDEES.search(line):
            self._emit(number, line, "host")
            return
        self._speech_line(number, re.sub(r"^[\u4e00-\u9fff]{2,4}:(?=.)", "", line) if self._prefixed(line) else line)

    def _loose_table(self, number: int, line: str, caption: str) -> None:
        """A table outside any speech (an appendix after the Q&A): its figures are data all the
        same, about what its caption names, of the department speaking if any."""
        department = self.section.department if self.section is not None and not self.in_qa else ""
        speaker = self.section.speaker if department else ""
        saved = (self.heading, self.subheading)
        self.heading, self.subheading = re.sub(r"^(?:附表|附件|表)\s*(?:\d{1,2}(?!\d))?\s*", "", caption)[:MAX_HEADING_CHARS * 2], ""
        self._emit(number, line, "speech", speaker=speaker, department=department)
        self.heading, self.subheading = saved

    def _anonymous_section(self, line: str) -> None:
        """With no speakers: a line naming a department at its start opens that department's part;
        a line with figures and no section yet opens a part of no known department."""
        named = _SELF_INTRODUCTION.search(line[:SELF_INTRODUCTION_CHARS])
        if named and (self.section is None or self.section.department != named["dept"]):
            self._open_section(Speaker(self.source_id, "", "", named["dept"], "presenter"))
        elif self.section is None and re.search(r"\d", line) and len(line) > SHORT_LINE_CHARS:
            self._open_section(Speaker(self.source_id, "", "", "", "presenter"))

    def _host_by_name(self, line: str) -> Turn | None:
        """'林若溪:…' / '【林若溪】' once 林若溪 is known to be the host."""
        match = re.match(r"^(?:【(?P<header>[^】]{2,4})】|(?P<prefix>[\u4e00-\u9fff·]{2,4}):)\s*(?P<rest>.*)$", line)
        if match and (match["header"] or match["prefix"]) in self.hosts:
            return Turn(HOST, match["rest"])
        return None

    def _take_turn(self, turn: Turn) -> str:
        """Switch to the speaker a turn names; returns the rest of the line, their first words."""
        self.pending = None
        if turn.role == HOST:
            if turn.speaker is not None:
                self.hosts.add(turn.speaker.name)
            self.mode = "host"
            self.section = None
            return turn.rest
        if turn.role == REPORTER:
            self.in_qa = True
            self.mode = "question"
            self.outlet = turn.outlet
            self.question = ""
            self.answerer = None
            return turn.rest
        if turn.role == ANSWER:
            # '答:…' names nobody: the one the host asked to answer, else whoever spoke last.
            person = turn.speaker or self.answerer
            if person is None and turn.department:
                person = Speaker(self.source_id, "", "", turn.department, "answerer")
            if person is None and self.section is not None:
                person = Speaker(self.source_id, self.section.speaker, "", self.section.department, "answerer")
            self.in_qa = True
            self._answer_by(person or Speaker(self.source_id, "", "", "", "answerer"))
            self.mode = "answer"
            return turn.rest
        person = turn.speaker if turn.role == PERSON else Speaker(self.source_id, "", "", turn.department, "presenter")
        assert person is not None
        if self.in_qa:
            self._answer_by(person)
        elif not self._same_speaker(person):
            self._open_section(self._person(person.name, known=person) if person.name else person, known=person)
        self.mode = "answer" if self.in_qa else "speech"
        return turn.rest

    def _same_speaker(self, person: Speaker) -> bool:
        """True when a turn names whoever already has the floor ('市发改委:' under '◆ 市发展和改革委员会')."""
        if self.section is None or self.mode == "host":
            return False
        if person.name:
            return person.name == self.section.speaker
        return not self.section.speaker and _abbreviates(person.department, self.section.department)

    def _host_line(self, number: int, line: str) -> None:
        """What the host says: a hand-over, the start of questions, or words between speeches."""
        if self.in_qa and (asked := _ASKED_TO_ANSWER.search(line)):
            self.answerer = self._person(asked["who"]) or by_surname(asked["who"], self.people)
        elif self._presenter(line):
            self._emit(number, line, "host")
            return
        if _QA_START.search(_last_sentence(line)) and not _QA_END.search(line) and not _QA_TOLD.search(_last_sentence(line)):
            self.in_qa = True  # not the opening's agenda ('…最后回答记者提问'), which goes on after it
        self.section = None
        self._emit(number, line, "host")

    def _unmarked(self, line: str) -> None:
        """A line with no turn marker: it may still say who speaks (self-introduction, reported speech)."""
        if not self.in_qa:
            self._speaker_prefix(line)
            named = _SELF_NAMED.match(line)
            person = Speaker(self.source_id, named["name"], named["title"] or "", named["dept"], "presenter") if named else None
            if person is not None and (self.section is None or self.section.speaker != person.name):
                # '我是市城市管理局的王海涛,下面向大家介绍…': a speaker who introduces themself.
                self.pending = None
                self._open_section(self._person(person.name, known=person), known=person)
                self.mode = "speech"
                return
        if self.pending is not None:
            self._open_pending(line)
            return
        person = reported_speaker(line, self.people, parse_person)
        if person is None or person.name in self.hosts:
            return
        if self.in_qa and _NEW_REPORT.match(line):
            self.in_qa = False  # '卫生健康方面,汤卫东介绍,…' after the last answer: a new report
            self.section = None
        if self.in_qa:
            self._answer_by(person)
            self.mode = "answer"
        elif self.section is None or self.section.speaker != person.name:
            self._open_section(self._person(person.name, known=person), known=person)
            self.mode = "speech"

    def _open_pending(self, line: str) -> None:
        """The first words after a hand-over to a post ('请市体育局局长介绍'): their speaker."""
        pending, self.pending = self.pending, None
        assert pending is not None
        introduced = _INTRODUCED.search(line[:SELF_INTRODUCTION_CHARS])
        person = parse_person(introduced["post"]) if introduced else None
        if person is None:
            named = _SELF_INTRODUCTION.search(line[:SELF_INTRODUCTION_CHARS])
            department = pending.department or (named["dept"] if named else "")
            person = Speaker(self.source_id, pending.name, pending.title, department, "presenter")
        if person.name:
            self.people.setdefault(person.name, person)
        self._open_section(self._person(person.name, known=person) if person.name else person, known=person)
        self.mode = "speech"

    def _answer_by(self, person: Speaker) -> None:
        """An official answering the last question."""
        known = self._person(person.name, "answerer", known=person) if person.name else person
        self.section = Section(department=known.department, speaker=known.name)
        self.heading, self.subheading = self.question, ""

    def _reported_qa(self, number: int, outlet: str, question: str, rest: str) -> None:
        """'X记者问及…。王德胜回应称…': a question and its answer told in one paragraph."""
        self.in_qa = True
        self.outlet, self.question = outlet, question[: MAX_HEADING_CHARS * 2]
        self._emit(number, question, "question", speaker=outlet, department="")
        person = reported_speaker(rest, self.people, parse_person) if rest else None
        if person is None:
            if rest:
                self._emit(number, rest, "host")
            return
        self._answer_by(person)
        self.mode = "answer"
        self._emit(number, rest, "answer", speaker=self.section.speaker, department=self.section.department)

    def _prefixed(self, line: str) -> bool:
        """True when the line starts with the current speaker's name and a colon."""
        return self.section is not None and bool(self.section.speaker) and line.startswith(f"{self.section.speaker}:")

    def _presenter(self, line: str) -> bool:
        """A host line handing over to a speaker opens a new section (or awaits a post's first words)."""
        if len(line) > MAX_HANDOVER_CHARS:
            return False
        person = self._handed_to(line)
        if person is not None:
            self._open_section(person)
            self.mode = "speech"
            return True
        post = _HANDOVER_TO_POST.search(line)
        if post is None or re.match(r"^[^:]{2,30}答:", line):
            return False
        who = re.sub(r"^(?:下面|接下来|首先|最后)", "", post["post"])
        person = by_surname(who, self.people)
        if person is not None:
            self._open_section(self._person(person.name))
            self.mode = "speech"
            return True
        department = DEPARTMENT_NAME.match(who)
        title = next((t for t in TITLES if who.endswith(t)), "")
        self.section = None
        self.in_qa = False
        self.mode = "speech"
        self.pending = Speaker(self.source_id, "", title, department[0] if department else "", "presenter")
        return True

    def _handed_to(self, line: str) -> Speaker | None:
        """Who a short host line gives the floor to: '请…同志做发布', '把话筒交给…', '有请…局长'."""
        match = _PRESENTER.search(line)
        if match and (person := self._person(match["who"])):
            return person
        cue = max((m.end() for m in _HANDOVER_CUE.finditer(line)), default=-1)
        if cue >= 0:
            named = [(line.rfind(name), name) for name in self.people if line.rfind(name) >= cue]
            if named:
                return self._person(max(named)[1])
        match = _NAME_BEFORE_TITLE.search(line)
        if match and not re.match(r"^[^:]{2,30}答:", line):
            return self._person(f"{match['dept']}{match['title']}{match['name']}")
        return None

    def _speaker_prefix(self, line: str) -> None:
        """'韩立军：各位记者朋友…': a line opened by a person's name is that person speaking.

        An attendee is known; anyone else is taken as a speaker when the speech names the
        department it reports for ('…市生态环境局今年牵头…'), so no list or hand-over is needed.
        """
        match = re.match(r"^([\u4e00-\u9fff]{2,5}):(.*)$", line)
        if not match or (self.section is not None and self.section.speaker == match[1]) or match[1] in self.hosts:
            return
        if match[1] in self.people:
            self._open_section(self._person(match[1]))
            return
        department = _SELF_INTRODUCTION.search(match[2][:SELF_INTRODUCTION_CHARS])
        if department and match[1] not in _NOT_A_NAME and match[1] not in self.hosts:
            person = Speaker(self.source_id, match[1], "", department["dept"], "presenter")
            self.people[person.name] = person
            self._open_section(self._person(match[1]))
            self.pending = None

    def _open_section(self, person: Speaker | None, known: Speaker | None = None) -> None:
        """Start the section of a department's speaker (a speaker may be known only by post)."""
        person = person or known
        if person is None:
            return
        self.section = Section(department=person.department, speaker=person.name)
        self.sections.append(self.section)
        self.heading, self.subheading = self.carried_heading, ""
        if self.carried_heading:
            self.section.headings.append(self.carried_heading)
        self.in_qa = False

    def _person(self, who: str, role: str = "presenter", known: Speaker | None = None) -> Speaker | None:
        """Resolve a mention to a known speaker (attendee list first), registering it."""
        listed = next((p for name, p in self.people.items() if name and name in who), None) if who else None
        person = listed or parse_person(who) or known
        if person is None or not person.name:
            return person
        key = person.name
        if key not in self.speakers:
            self.speakers[key] = Speaker(self.source_id, person.name, person.title, person.department, role)
            self.people.setdefault(key, person)  # later turns may name them alone ('【王立新】', '李建国:')
        return self.speakers[key]

    def _speech_line(self, number: int, line: str) -> None:
        """A line of a department's report: items, topics and sentences."""
        assert self.section is not None
        if not self.section.project and not _OTHERS_PROJECTS.search(line):
            # The first project a report names ('市XX局今年牵头…工程'); one of other departments' named in
            # passing ('他还通报了部分由其他部门牵头实事的进展:农村供水保障工程…') is not what it is about.
            self.section.project = _project_in(line)
        for segment in _SPLIT_BEFORE_ITEM.split(line):
            segment = segment.strip()
            if segment:
                self._segment(number, segment)

    def _segment(self, number: int, segment: str) -> None:
        """Update the item state from a segment's marker, then emit its sentences."""
        assert self.section is not None
        title = _item_title(segment)
        if title is not None:
            level, text = title
            if level == 1:
                self.heading, self.subheading = text, ""
                self.section.headings.append(text)
            else:
                self.subheading = text
        elif (topic := _topic(segment)) is not None:
            self.subheading = topic
        self._collect_counties(segment)
        self._emit(number, segment, "speech")

    def _qa_line(self, number: int, line: str) -> None:
        """A question from an outlet, an official's answer, or the words of whoever has the floor."""
        answer = _ANSWER.match(line)
        if answer and re.fullmatch(r"[\u4e00-\u9fff]{2,3}", answer["who"]) and not self._person(answer["who"]):
            # '沈嘉怡回答:' — someone not introduced before: known by name only.
            self.people[answer["who"]] = Speaker(self.source_id, answer["who"], "", "", "answerer")
        if answer and (person := self._person(answer["who"], "answerer")):
            self._answer_by(person)
            self.mode = "answer"
            line = answer["text"]
        elif (question := _QUESTION.match(line)) and ("?" in line or "请问" in line):
            self.mode = "question"
            self.outlet = question["outlet"].strip()
            self.question = ""
            line = question["text"]
        if self.mode == "question":
            if not self.question:
                self.question = re.sub(r"^请问", "", line.strip())[:MAX_HEADING_CHARS * 2]
            self._emit(number, line, "question", speaker=self.outlet, department="")
        elif self.mode == "answer" and self.section is not None:
            self._collect_counties(line)
            self._emit(number, line, "answer", speaker=self.section.speaker, department=self.section.department)
        else:
            self._emit(number, line, "host")

    def _collect_counties(self, text: str) -> None:
        """Counties named in a per-county list ('滦平县1个,丰宁县1个')."""
        from bot.ingest.extract import COUNTY_PLAN, WHOLE_AREA, county_items

        for item in county_items(text):
            self.counties.add(item.county)
        for planned in COUNTY_PLAN.finditer(text):
            if planned[1] not in WHOLE_AREA:
                self.counties.add(planned[1])  # '双桥区计划38个,已开工36个': a county's own plan and result

    def _emit(self, number: int, text: str, kind: str, *, speaker: str | None = None, department: str | None = None) -> None:
        """Append one passage per sentence of `text`."""
        section = self.section if kind != "host" else None
        heading = "/".join(h for h in (self.heading, self.subheading) if h) if kind in ("speech", "answer") else ""
        for sentence in _SENTENCE.findall(text):
            sentence = sentence.strip()
            if not sentence or not re.search(r"[\u4e00-\u9fff\w]", sentence):
                continue
            position = len(self.passages)
            self.passages.append(
                Passage(
                    id=f"{self.source_id}#{position}",
                    source_id=self.source_id,
                    position=position,
                    line=number,
                    kind=kind,
                    department=department if department is not None else (section.department if section else ""),
                    speaker=speaker if speaker is not None else (section.speaker if section else ""),
                    project=section.project if section else "",
                    heading=heading,
                    text=sentence,
                )
            )


def _last_sentence(line: str) -> str:
    """A line opens the questions when its last sentence says so ('下面请记者提问。'); an agenda or a
    summary that mentions them earlier ('…并回答了记者提问。现将发布内容整理如下。') does not."""
    parts = [part for part in re.split(r"(?<=[。!?])", line) if part.strip()]
    return parts[-1] if parts else line


def _abbreviates(short: str, full: str) -> bool:
    """'市发改委' abbreviates '市发展和改革委员会': its characters appear in order in the full name."""
    if short == full:
        return True
    remaining = iter(full)
    return len(short) < len(full) and all(ch in remaining for ch in short)


def _item_title(segment: str) -> tuple[int, str] | None:
    """(level, title) when the segment opens a numbered item, else None."""
    match = _ITEM_L2.match(segment)
    if match:
        rest = segment[match.end():]
        title = re.match(r"(?:(?!截至|截止)[^\d。,;:(]){1,12}", rest)
        return (2, title[0].rstrip("。")) if title else None
    match = _ITEM_L1.match(segment)
    if not match:
        return None
    rest = segment[match.end():]
    title = re.match(rf"([^。;:(]{{2,{MAX_HEADING_CHARS}}}?)(?:。|\(|$)", rest)
    if not title or "," in title[1]:
        return None
    return 1, title[1].strip()


def _topic(segment: str) -> str | None:
    """A short digit-free first sentence ending in 。 names a topic ('医联体建设。')."""
    match = re.match(rf"^([^。,;:\d]{{2,{MAX_TOPIC_CHARS}}})。", segment)
    if not match or re.search(r"大家|谢谢|朋友|完毕", match[1]):
        return None
    return match[1]


_OTHERS_PROJECTS = re.compile(r"其他部门|其他单位|其他牵头|相关部门牵头")


def _project_in(line: str) -> str:
    """The first specific project (…工程) a department names, trimmed of the verb before it."""
    for match in _PROJECT.finditer(line):
        name = _PROJECT_LEAD.sub("", match[0]).strip("“”\"")
        if len(name) >= 4 and not name.endswith(_GENERIC_PROJECTS):
            return name
    return ""
