"""Understanding a question: clean it, fix typos, find its kind and slots (county, month, department…)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.places import known_place_names
from bot.qa.lexicon import Lexicon, base_tokenizer
from bot.qa.scope import county_scope, scope_of, year_named
from bot.qa.spelling import Speller
from bot.text import longest_named, normalise

# Telegram's message limit; anything longer is not a question we can answer anyway.
MAX_QUESTION_CHARS = 4096
# Past this many characters a question is a paste, not a question: only its start is read.
MAX_READ_CHARS = 200
_TAGS = re.compile(r"<[^<>]{0,200}>")
_NOISE = re.compile(r"[^\u4e00-\u9fff0-9a-zA-Z.%+]")

GREETING = re.compile(
    r"^(?:你好|您好|hi|hello|hey|嗨|哈喽|在吗|在不在|谢谢|多谢|感谢|谢了|再见|拜拜|早上好|晚上好|下午好|好的|ok|嗯+|哦+|"
    r"你|您|啊|啦|呀|哈|了|的|大家|机器人|小助手|辛苦)+$",
    re.I,
)
# Weather forecasts are no press conference's business, whatever words they share with one.
WEATHER = re.compile(r"(?:今天|明天|后天|今晚|明早|周末|这周|下周|本周).{0,6}(?:天气|气温|下雨|下雪|降温|刮风|温度)|天气预报|几度")
TARGET_CUE = re.compile(r"计划|(?<!村庄)(?<!国土)(?<!空间)(?<!城市)规划(?!编制)|目标|年内|任务|打算|预计|要(?:建|完成|改|修|新建|开工|办|搞|做|培训|招)|今年要|全年|总共要|总投资|总共投|一共投|总共.{0,2}投资")
PROGRESS_CUE = re.compile(r"已经|已|了|截至|截止|目前|现在|完成|进度|最新|实际")
LATEST_CUE = re.compile(r"最新|现在|目前|当前|最近")
# Why/how questions, however they are worded, want a sentence, even when they name a figure
# ('为啥还没修完', '谁来管', '要自己掏钱吗').
WHY_HOW = re.compile(
    r"为啥|为什么|(?:咋|怎么)(?:这么|那么|还|老是|总是)|怎么定|怎么确定|如何确定|什么标准|咋办|咋申请|咋弄|咋整|咋回事|啥意思|什么意思|是啥(?!时候)|怎么办|怎么申请|什么原因|原因|"
    r"卡在?哪|卡在什么|难在哪|难点|堵点|遇到(?:了|些)?(?:什么|啥|哪些)?(?:困难|问题)|有什么办法|啥办法|"
    r"谁来(?:管|维护|管护|坐诊|运营|打理|看病)|掏钱|自费|收费|要钱|花钱|"
    r"(?:哪些|什么|啥)新?(?:功能|配套|变化|好处|特点|亮点)"  # '新改的公厕有哪些新功能'
)
# ... unless it asks for a quantity ('免费乘车卡办了多少张').
ASKS_QUANTITY = re.compile(r"多少|几(?:个|所|套|座|名|支|场|次|例|人|家|户|项|辆|条|台|张|处|公里|万)")
# Questions about the conference itself: host, attendees, departments, date, outlets.
META = re.compile(
    r"主持|出席|参会|到场|(?:几|哪些|哪几|多少)个?(?:部门|单位)(?:参加|出席|发布|介绍|通报|来)|有(?:几|哪些|哪几|多少)个?部门|"
    r"哪(?:家|个|些)(?:媒体|网站|报社|电视台)|(?:记者|媒体).{0,6}(?:提问|问了|问的)|(?:提问|问了|问的).{0,4}(?:什么|啥)|"
    r"发布会.{0,10}(?:哪天|几号|几月|什么时候|啥时候|日期|第几场|哪一?场)|(?:哪天|几号|几月几[号日])(?:召开|举行|开)(?:的|$)|"
    r"几月份?的(?:发布会|那场)|第几场|发布会都?有谁|都?有谁(?:出席|参加|发布)|发布会.{0,6}(?:分|一共|总共)(?:几|多少)场|"
    r"谁写的|哪个记者写|(?:报道|稿子|文章|新闻稿).{0,8}(?:哪家报纸|哪个记者|作者|谁写|署名)|作者是谁"  # a write-up's byline
)
KIND_PATTERNS: tuple[tuple[str, re.Pattern], ...] = (
    ("change", re.compile(
        r"比(?:(?:20)?\d\d年)?\d{1,2}月.{0,8}(?:增加|增长|多了|减少|少了|变化|提高|上升|下降)|环比|较上月|比上个?月|"
        r"比(?:20)?\d\d年.{0,8}(?:增加|增长|多了|减少|少了|变化|提高|上升|下降)|"  # '2023年7月比2021年4月下降了几个百分点'
        r"(?:和|跟|与|同|较|比)(?:\d{1,2}月(?:底|末|份)?|上个?月|上月|上次|上一场|上期)(?:相比|比|比较)?.{0,10}(?:增加|增长|多|少|减|变|提高|上升|下降|涨|降)|"
        r"这[一1]?个月.{0,4}(?:干了|完成了?|新增|增加|多)"
    )),
    ("meta", META),
    ("who", re.compile(r"谁|哪个单位|哪个部门|哪家单位|哪个局|哪家媒体|哪个媒体|什么单位|什么部门|负责人|职务|什么职位|归哪|哪位|叫什么|叫啥|姓什么|姓啥|干什么|干啥的|是干嘛的|做啥的|做什么的|什么人|谁提|谁问")),
    ("when", re.compile(r"什么时候|何时|啥时候|哪天|几月份?(?:开工|完工|完成|建成)|时间节点")),
    ("counties", re.compile(r"(?:都|建|分别|位于)在?哪(?:里|儿)?(?:[?？呢]|$)|在哪(?:里|儿)(?:[?？呢]|$)|哪些(?:县|区|地方|地区|乡镇)|哪几个(?:县|区|地方)|哪个(?:县|区|地方)(?:市|区)?.{0,8}最|分布|涉及.{0,4}(?:县|区)|各县|在哪些")),
    ("remaining", re.compile(r"还(?:有|差|剩|需)|剩余|剩下|尚未|未开工|没开工|没完成|未完成|差多少|缺口")),
    ("rate", re.compile(
        r"(?:完成|开工|建成|完工|竣工|覆盖|达标|到位|办结|接种|筛查|入住|交付)率|比例|比率|占比|占.{0,12}(?:多少|几|百分)|几成|"
        r"百分之几|百分之多少|多少%|完成.{0,10}的(?:多少|几成|百分之)|百分比|完成度|进度率"
    )),
    ("items", re.compile(
        r"(?:有哪些|有什么|包括|包含|哪些)(?:重点)?(?:任务|工作|项目|工程|内容|措施|举措)|重点工作|主要任务|主要工作|哪些重点|"
        r"(?:包括|包含)哪(?:几|些)(?:项|个)?|是哪(?:几|\d+)项|哪几项|\d+项(?:重点)?(?:工程|项目|任务)(?:都|分别)?是(?:哪|什么|啥)|"
        r"(?:项目|工程|实事|任务)(?:是|都是|分别是)哪(?:几|\d+|两|些)个?"  # '滞后的两个子项目是哪两个'
    )),
    ("passage", re.compile(
        r"怎么|如何|怎样|咋|先\w{0,2}哪|优先|原则|(?:些|都)啥|(?:些|都)什么(?!时候)|改啥|有啥|从哪来|哪来的|吗[?]?$|么[?]?$|不[?]?$|情况|措施|举措|下一步|什么形式|形式|方式|做法|为什么|原因|内容|是什么|"
        r"(?:在|去)?哪(?:里|儿)?(?:办|申请|领|报名|登记)|能不能|可不可以|有没有人|会不会|"
        r"(?:分别|各自|各).{0,6}(?:(?:什么|啥|哪个)程度|哪一步|(?:什么|啥)进度)"  # '分别建到什么程度了': each one's state
    )),
)
UNIT_CUES: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"钱|资金|金额|总额|经费|投资|贷款|补贴|补助|报酬|工资|费用|元|款"), "money"),
    (re.compile(r"百分|%|率|比例"), "percent"),
    (re.compile(r"面积|平方|亩|公顷|占地"), "area"),
    (re.compile(r"多少人|几人|人次|名"), "people"),
    (re.compile(r"公里|米|长度|里程|多长(?!时间|时候|日子)|多远"), "length"),  # not 多长时间
)
_MEASURE_WORD = re.compile(
    r"(?:多少|几)(个|所|套|座|名|支|场|次|例|人|家|户|项|辆|条|台|处|张|盏|间|栋|件|份|批|眼|口|棵|株|块|吨|部|架|本|只|头|组|对|根|种|类)"
    r"|(个|所|套|座|支|场|次|例|家|户|项|辆|条|台|处|张|盏|间|栋|件|份)数"
)
# ('多少个残疾孩子': people, though counted in 个)
_PEOPLE_COUNTED = re.compile(
    r"(?:多少|几)(?:人次|人(?!民币)|名|位|个(?=[\u4e00-\u9fff]{0,4}(?:孩子|儿童|老人|老年人|学生|人员|群众|患者|医生|教师|残疾人|农民工|毕业生)))"
)
# '7月' but not the end of a range ('1至7月' is a period, not the month asked about).
_MONTH = re.compile(r"(?<!\d至)(?<!\d)(1[0-2]|[1-9])月")
_FOREIGN_PLACE = re.compile(r"([\u4e00-\u9fff]{2,3}?)(?:市|省|县|区)")
# A department named in a question: '…局/委' before almost anything ('岳阳市教育局今年…'); a 中心 or
# 院 only before words that make it an office ('…中心的主任'), since 卫生院/服务中心 are facilities.
_DEPARTMENT = re.compile(
    r"([\u4e00-\u9fff]{1,8}?(?:局|委))(?:的|局长|主任|长|负责|今年|去年|明年|有|在|是|都|共|一共|已|计划|办了|建了|通报|发布|介绍|汇报|讲了|说了)"
    r"|([\u4e00-\u9fff]{1,8}?(?:办|厅|中心|院))(?:的|局长|主任|长|负责)"
)
_COUNTY_MENTION = re.compile(r"[\u4e00-\u9fff]{2}(?:县|区|旗)(?!级)")  # not '市级和县级': a level, not 和县
_ONE_CHARACTER_COUNTY = re.compile(r"^(?:那|那么)?([\u4e00-\u9fff]县)(?![城里区])")
# A county-level city ('迁安市有…', '那任丘市呢') where a question names its place: at the start or after 在/和/那….
_COUNTY_CITY = re.compile(r"(?:^|[在和与及、那,是])((?![全本我该各此城超集门上股夜菜])[\u4e00-\u9fff]{2}市)(?![场民区政委级直属内容貌])")
# Words that end in 区 or 县 without naming one: 小区, 社区, 城区, 哪些县…
_NOT_A_COUNTY = re.compile(r"[小社园城景市辖片山郊库校牧老各哪些几全本每该我县区个]区|[各哪些几全本每该县个两三多]县|县城|区域")
_FOLLOW_UP = re.compile(r"^(?:那|那么|还有|另外)|呢[?]?$")
# Words that say what kind of answer is wanted; they are left out when matching the topic ('多少'
# and '几' with their measure word: '多少户户厕改造' is about 户厕, not 户户).
CUE_WORDS = re.compile(
    r"(?<=怎么|如何|怎样)(?:推进|推动|落实|开展)|卡在?哪(?:儿|里)?了?|完成了?(?:全年|年度|今年)?的?(?:任务|目标|计划)的?(?=百分|多少|几成|%)|(?:弄|干|搞|做|修|建)到(?=啥|什么|哪)|(?:啥|什么)程度|到哪(?:一步|了)|(?:(?:20)?\d\d年度?)|那边|这边|上半年|下半年|前?[一二三四1-4]季度|今年以来|年初以来|(?:截至|截止到?|到)?比?\d{1,2}月(?:份|底|末|初|中旬|上旬|下旬)?(?:为止|时)?|(?<=[个所套座名支场次例户家项辆条台])数|人数|增加了|增长了|多了|减少了|少了|(?:和|跟|与|比)?上个?月(?:相?比)?|几?个?百分点|提高了|下降了|这一?块儿?|那一?块儿?|这方面|这部分|(?:啥|什么)?(?:职务|职位|头衔)|变化|比例|比率|占比|百分比|完成度|几成|百分之几|(?<=[工成])率|还差|还剩|剩余|剩下|"
    r"差多少|缺口|都?在?哪(?:些|几个)(?:县市区|县区市|县区|县市|县|区|地方|地区|乡镇)|分布在?|都?在哪里?|哪里|什么时候|何时|啥时候|哪天|谁|"
    r"哪个单位|哪个部门|哪家媒体|哪个媒体|什么单位|什么部门|负责人|是(?=哪)|归(?=哪)|哪个单位|哪个部门|哪家单位|哪个局|哪位|(?:多少|几)(?:(?:个|户|名|所|套|座|家|条|台|辆|处|间|栋|件|份|部)(?![目庭长口]))?|吗|呢|请问|一下|告诉我|"
    r"(?:这个?|那个?)?(?:事儿?|事情)(?=是|由|归|谁)|的事儿?|(?:介绍|讲|说|发布|通报)的|为啥|为什么|什么原因|原因|怎么办|咋办|咋|啥意思|什么意思|是啥|啥|是什么|什么|形式|方式|方法|措施|举措|做法|情况|怎么样|怎么|如何|怎样|百分之多少|百分之|负责的?|主管|牵头|管$|提问|回答|解答|提出|提的|问的"
)

# Which conference a question means ('2022年6月发布会上', '第2场', '6月那场发布会说的'): the scope
# takes it (scope.py); as words of the topic it would only dilute what the question is about.
SCOPE_WORDS = re.compile(
    r"(?:在|于)?(?:第[\d一二三四五六七八九十]{1,2}场|那场|这场|那次|这次|那一场)?(?:的)?(?:民生(?:工程|实事)?)?(?:推进(?:情况)?)?"
    r"(?:新闻)?(?:发布会|通报会)(?:上|中|里|时)?(?:说的|提到的|讲的|公布的|通报的|介绍的|说|提到|讲)?|第[\d一二三四五六七八九十]{1,2}场"
    r"|(?<=月)(?:那|这)一?(?:场|次)"
)


@dataclass(frozen=True)
class Query:
    """One question, understood."""

    raw: str
    text: str  # normalised and corrected
    topic: str  # the text without the words that only say what kind of answer is wanted
    kind: str  # change | meta | who | when | remaining | rate | counties | items | passage | figure
    county: str  # canonical county name, "" if none
    month: int | None
    year: int | None
    department: str  # canonical department name, "" if none
    speaker: str  # a speaker's name mentioned, "" if none
    unit_class: str  # money | percent | area | people | length | count:<measure word> | ""
    wants_target: bool
    wants_progress: bool
    wants_latest: bool
    follow_up: bool
    problem: str  # why the question is out of scope ("" when it is not)
    place: str = ""  # a county-like name ('青龙县') the knowledge never mentions, "" if none
    city: str = ""  # a city of the knowledge's the question names, "" if none
    session: int | None = None
    sources: frozenset[str] | None = None  # the conferences it is limited to; None: every one
    counted: str = ""  # the thing counted after 多少/几 ('多少学位' → '学位'), "" if none
    report_month: int | None = None  # a month the scope chose conferences by ('4月底', '5月份那场')


def clean(raw: str) -> str:
    """Normalised question text: no tags, no punctuation or spaces, Simplified, Arabic digits."""
    text = _TAGS.sub("", raw[:MAX_QUESTION_CHARS])
    text = normalise(text)[:MAX_READ_CHARS]
    return _NOISE.sub("", text).lower()


def understand(raw: str, lexicon: Lexicon, speller: Speller) -> Query:
    """Kind and slots of a question."""
    written = clean(raw)
    text = speller.correct(written)
    county = _find_county(text, lexicon.counties)
    kind = _kind(text, written)
    scope = scope_of(text, kind, lexicon.cities, lexicon.sources, lexicon.as_of_months)
    if county:
        scope = county_scope(scope, county, lexicon.county_cities, lexicon.sources)
    topic = _without_cities(CUE_WORDS.sub("", SCOPE_WORDS.sub("", text)), lexicon)
    return Query(
        raw=raw,
        text=text,
        topic=topic,
        kind=kind,
        county=county,
        month=_month(text),
        year=_year(text),
        department=_find(text, lexicon.departments),
        speaker=next((name for name in lexicon.speakers if name in text), ""),
        unit_class=_unit_class(text),
        wants_target=bool(TARGET_CUE.search(text)),
        wants_progress=bool(PROGRESS_CUE.search(text)) and not TARGET_CUE.search(text),
        wants_latest=bool(LATEST_CUE.search(text)),
        follow_up=bool(_FOLLOW_UP.search(text)),
        problem=_out_of_scope(text, lexicon) or scope.problem,
        place="" if county else _unknown_county(text, lexicon),
        city=scope.city,
        session=scope.session,
        counted=_counted(text),
        report_month=scope.month,
        sources=scope.sources,
    )


def _unknown_county(text: str, lexicon: Lexicon) -> str:
    """'青龙县' in '青龙县建成口袋公园了吗' when no figure is about it: two characters before 县/区/旗."""
    for match in _COUNTY_MENTION.finditer(text):
        name = match[0]
        inside_a_name = any(name[:2] in word for word in lexicon.entity_words if len(word) > 2)
        if not _NOT_A_COUNTY.search(name) and name not in lexicon.counties and not inside_a_name:
            return name
    short = _ONE_CHARACTER_COUNTY.match(text)
    if short and short[1] not in lexicon.counties:
        return short[1]  # '青县有高标准农田任务吗' — 青县, 献县, 涉县 are whole names
    for match in _COUNTY_CITY.finditer(text):
        name = match[1]
        if name not in lexicon.counties and name not in lexicon.cities and name[:2] not in known_place_names():
            return name
    return ""


def _without_cities(text: str, lexicon: Lexicon) -> str:
    """The knowledge's own cities say nothing about which figure is meant ('张家口今年…'): the scope
    takes care of them."""
    for city in {lexicon.city, *lexicon.cities.values()} - {""}:
        short = re.escape(city.removesuffix("市"))
        text = re.sub(rf"{short}(?:市(?![级县区]))?(?![县区])", "", text)  # (承德市级: 承德 and 市级)
    return text


def _kind(text: str, written: str = "") -> str:
    """The first kind whose cue the question has; a figure question otherwise. A why/how cue counts
    as written too (the speller must not turn '谁来管' into '谁来关' and the question into a who)."""
    if META.search(text):
        return "meta"  # '哪家媒体问了收费的事' is about the conference, however it words the topic
    if any(WHY_HOW.search(t) for t in (text, written)) and not ASKS_QUANTITY.search(text):
        return "passage"
    for kind, pattern in KIND_PATTERNS:
        if pattern.search(text):
            return kind
    return "figure"


def _find_county(text: str, counties: dict[str, str]) -> str:
    """The county a question names; a short form ('迁安') only where it stands as a word of its own,
    never inside another ('回迁安置房' is 回迁 | 安置房)."""
    hits = [name for name in counties if name in text and (name[-1] in "县区市旗" or _stands_alone(text, name))]
    return counties[longest_named(hits, text)] if hits else ""


def _stands_alone(text: str, name: str) -> bool:
    """True when some occurrence of `name` starts and ends where the dictionary's words do."""
    bounds, at = {0}, 0
    for word in base_tokenizer().lcut(text, HMM=False):
        at += len(word)
        bounds.add(at)
    start = text.find(name)
    while start >= 0:
        if start in bounds and start + len(name) in bounds:
            return True
        start = text.find(name, start + 1)
    return False


def _find(text: str, names: dict[str, str]) -> str:
    """The canonical name of the longest known name in the text."""
    hits = [name for name in names if name in text]
    return names[longest_named(hits, text)] if hits else ""


# ('…新增多少学位(2024年)': a year the question ends on, its brackets cleaned away, ends the noun too)
_COUNTED = re.compile(r"(?:多少|几)(?:个|名|所|项|套|户)?((?:(?![了呢吗啊啦])[\u4e00-\u9fff]){2,4}?)(?:了|呢|吗|啊|啦|$|(?=\d))")


def _counted(text: str) -> str:
    """'新增多少学位' → '学位': the noun a quantity question counts, when it names one."""
    match = _COUNTED.search(text)
    return match[1] if match else ""


def _month(text: str) -> int | None:
    """'4月底' → 4."""
    match = _MONTH.search(text)
    return int(match[1]) if match else None


def months_named(text: str) -> list[int]:
    """'9月底比8月底多了多少' → [9, 8]: every month a question names a figure by, in order, once each
    ('6月发布会' names a conference, not the month of a figure)."""
    return list(dict.fromkeys(
        int(m[1]) for m in _MONTH.finditer(text) if not _CONFERENCE_AFTER.match(text, m.end())
    ))


_CONFERENCE_AFTER = re.compile(r"份?(?:的|那|这)?(?:场|次|期)?(?:新闻)?(?:发布会|会上|那场|那次|第.场)")


def _year(text: str) -> int | None:
    """'2022年' → 2022; '21年' → 2021."""
    return year_named(text)


def _unit_class(text: str) -> str:
    """What kind of quantity the question asks for; an explicit measure word ('多少台') decides first."""
    if "百分点" in text:
        return "percent"  # '提高了几个百分点': not a count of 个
    match = _MEASURE_WORD.search(text)
    people = _PEOPLE_COUNTED.search(text)
    if match and (match[1] or match[2]) not in ("人", "名") and not (people and people.start() == match.start()):
        return f"count:{match[1] or match[2]}"
    if people:
        return "people"  # '住院费用跨省直接结算了多少人次': people counted, whatever the sentence is about
    for pattern, name in UNIT_CUES:
        if pattern.search(text):
            return name
    return f"count:{match[1] or match[2]}" if match else ""


def _out_of_scope(text: str, lexicon: Lexicon) -> str:
    """A reason the knowledge cannot answer: greeting, another year, another place, unknown department."""
    if not re.search(r"[\u4e00-\u9fff]", text):
        return "no Chinese text"
    if GREETING.match(text):
        return "greeting"
    if WEATHER.search(text):
        return "weather"
    year = _year(text)
    if year and lexicon.years and year not in lexicon.years:
        return f"year {year}"
    place = _foreign_place(text, lexicon)
    if place:
        return f"place {place}"
    match = _DEPARTMENT.search(text)
    department = re.split(r"[和与及、]", match[1] or match[2])[-1] if match else ""  # '市级和县级远程医疗中心'
    department = re.sub(r"^.*(?:[省市县乡镇村]级|\d+月|\d+年)", "", department)  # '4月市级远程医疗中心'
    department = re.sub(r"^.*(?:发布会上?|会上|场上)", "", department)  # '第二场发布会上文旅局'
    if (
        department
        and not re.search(r"哪|什么|几|啥", department)
        and not any(name in department for name in lexicon.speakers)
        and not _find(text, lexicon.departments)
        and not any(a in text for a in lexicon.aliases)
        and _bare_department(department, {lexicon.city, *lexicon.cities} - {''}) not in lexicon.corpus
    ):
        return f"department {department}"
    return ""


def _bare_department(name: str, cities: set[str]) -> str:
    """'岳阳市教育局' → '教育局': how the knowledge would mention it."""
    for city in sorted(cities, key=len, reverse=True):
        if name.startswith(city):
            return name[len(city):] or name
    return re.sub(r"^市", "", name)


def _foreign_place(text: str, lexicon: Lexicon) -> str:
    """A province, city or county the knowledge never mentions."""
    for name in known_place_names():
        if name in text and name not in lexicon.corpus and name not in lexicon.cities:
            return name  # a held city may be named only by its file's name, never in its text
    for word in lexicon.words(text):
        if len(word) >= 3 and word[-1] in "市省县区" and not re.search(r"[哪几各些全本每该此我城小]|县市|市区|县区", word):
            if word not in lexicon.corpus and not any(word.startswith(p) for p in lexicon.places):
                return word
    return ""
