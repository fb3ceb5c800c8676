"""Find the figures a transcript states: number + unit, what it measures, target or progress, county."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace

from bot.domain import EARLIER, Figure, Passage
from bot.ingest.tables import TABLE_LEAD, is_table_sentence
from bot.ingest.transcript import ParsedTranscript
from bot.ingest.units import UNITS

_UNIT_RE = "|".join(re.escape(u) for u in UNITS)
_NUMBER = re.compile(rf"(?<![\d.])(?P<num>\d+(?:\.\d+)?)(?P<scale>万|亿)?(?P<unit>{_UNIT_RE})")
# Numbers that are dates or ordinals, not figures.
_NOT_FIGURE_AFTER = re.compile(r"^(?:年|月|日|号|时|点|周|级|岁|工作日|小时|分钟|部门|本地|本级|只有|只是|头等|对象|对接|根据|组织|片区)")
# A county name: up to seven characters ending in 县/区/市/旗, never containing the words that
# introduce a list ('分别是海港区' is 海港区).
# ('达尔罕茂明安联合旗': a banner's name runs to eight characters before its 旗)
# ('南和区': a 和 just before the suffix is part of the name, not a join)
_COUNTY = r"(?:(?!分别|是|为|在|有|和(?![县区市旗])|与|及|的|其中|包括)[\u4e00-\u9fff]){1,8}?(?:县|区|市|旗)"
_ITEM_LEAD = r"(?:(?<=[,、;:是有为中及和与在(])|^)"
# Verbs that may stand between a county and its number ('康保县完成39个').
_ITEM_VERB = r"(?:已经|已)?(?:完成|建成|开工|完工|竣工|新增|改造|实施|建设|安排|分配|落实|发放|培训|更新|有|共|为|达到)?"
_COUNTY_ITEM = re.compile(
    rf"{_ITEM_LEAD}(?P<county>{_COUNTY}){_ITEM_VERB}(?P<num>\d+(?:\.\d+)?)(?P<scale>万|亿)?(?P<unit>{_UNIT_RE})"
)
# Cues that make a number a plan or a result; the cue nearest before the number decides.
_CUES = re.compile(
    r"(?P<target>(?:全年|年度)?(?:目标|任务)完成|年内完成|计划完成|力争完成|年内|计划(?![,;。])|(?<!村庄)(?<!国土)(?<!空间)(?<!城市)规划(?!编制)|目标|任务|力争|确保|预计|将|承担|今年要|全年)"
    r"|(?P<progress>已经|已|截至|截止|目前|至今|累计|完成|实现|达到|现有|共完成)"
)
# '截至4月底', '由4月底的', '比4月底的': a month-end a number is stated as of.
_STATED_AS_OF = re.compile(
    r"(?:(?P<cue>截至|截止到|截止|到|由|从|比)|(?:^|(?<=[,。;:(]))而?)(?:20\d\d年)?(?P<month>1[0-2]|[1-9])月(?:底|末)"
)  # '8月底,全市开通…1177家': a clause that starts with its date
_SUBHEADING_KIND = (("目标", "target"), ("任务", "target"), ("计划", "target"), ("进度", "progress"), ("进展", "progress"))
# Words at the start of a clause that carry no meaning for what the number measures.
_CLAUSE_NOISE = re.compile(
    r"^(?:\([一二三四五六七八九十]+\)|年度目标|项目进度|\d{4}年度?|\d+月至今|截至目前|截止目前|截至\d+月底|截止\d+月底"
    r"|(?:截至|截止)?(?:\d+月)?\d*日(?=已|累计|共|完成)"  # '截至11月15日已完成561公里'
    r"|截至\d+月|截止\d+月|目前|同时|其中|其他|全市共有|全市|我市|我局|共有|共|另外|此外|并|和|及|、|,)+"
)
# Verbs that a list shares across its items ("已开工项目7个、面积6.42万平方米": 面积 is 已开工's too).
_LEAD_VERBS = r"已开工|新开工|开工|基本建成|建成|完成|新建|改扩建|改造|建设|发放|落实|开展|培训|培育|发布|实现|覆盖|认定|安置|帮扶|招聘|孵化|带动"
_LEAD_VERB = re.compile(rf"^.*?(?P<verb>{_LEAD_VERBS})")
# ('…2680套、基本建成1460套', '定边县开工14处、完工11处': a second number with a verb of its own)
_OWN_VERB = re.compile(rf"^[、,]?(?:已经?|并|和|及)?(?:{_LEAD_VERBS}|完工|竣工|投用|通车|通水)")
# The noun after a measure word ends where the verbs and fillers start.
_TAIL_FILLER = re.compile(r"已经|已|正在|全部|以上的相关工作|以上|左右|的|分别是.*|分别为.*|包括.*|涉及.*|其中.*|主要.*")
# Leads no longer than this are shared whole by later items of the list ("已开工项目" → 面积).
MAX_SHARED_LOCAL = 2
# A topic longer than this is a reporter's whole question, not a name for what a list counts.
MAX_TOPIC_SUBJECT = 12
_PLAIN_PARENTHESES = re.compile(r"\([^()\d]{1,10}\)")
_FULL_STOP = r"(?:[。!?]|(?<!\d)\.)$"
_CLAUSE_BREAK = re.compile(r"[,;:()。!?]|(?<!\d)\.|\.(?!\d)")
# A per-county list needs at least this many items to be a breakdown rather than a passing mention.
MIN_BREAKDOWN_ITEMS = 2
# Words for the whole area that the county pattern also matches ('全市' is 全 + 市).
WHOLE_AREA = frozenset("全市 全县 全区 全旗 全省 本市 我市 该市 本县 我县 该县 本区 我区 各县 各区 各市 各旗".split())
_ITEM_GAP = re.compile(  # '滦南县62个村、乐亭县48个村'
    r"(?:[\u4e00-\u9fff]{1,2}(?=[,、;和及与]))?[,、;和及与 ]{0,3}"
    # '定边县开工14处、完工11处,靖边县…', '横山区开工10处、已全部完工,子洲县…': the county's second
    # measure or its state, then the next county
    rf"|、(?:已经?)?(?:全部)?[\u4e00-\u9fff]{{1,4}}(?:\d+(?:\.\d+)?(?:万|亿)?(?:{_UNIT_RE}))?[,;]"
)
_EACH = re.compile(
    rf"{_ITEM_LEAD}(?P<names>{_COUNTY}(?:[、和及与]{_COUNTY})+)各(?P<num>\d+(?:\.\d+)?)(?P<scale>万|亿)?(?P<unit>{_UNIT_RE})"
)
_VALUE = re.compile(rf"(?P<num>\d+(?:\.\d+)?)(?P<scale>万|亿)?(?P<unit>{_UNIT_RE})")
_RESPECTIVELY = re.compile(
    rf"{_ITEM_LEAD}(?P<names>{_COUNTY}(?:[、和及与]{_COUNTY})+)[^,。;]{{0,16}}?[,]?分别(?:是)?{_ITEM_VERB}"
    rf"(?P<values>\d+(?:\.\d+)?(?:万|亿)?(?:{_UNIT_RE})(?:[、和及与]\d+(?:\.\d+)?(?:万|亿)?(?:{_UNIT_RE}))+)"
)
# The total a list adds up to is stated just before what it counts: '126个医保服务站中,'.
_TOTAL_BEFORE_LIST = re.compile(r"^[^\d,;。]{0,16}?(?:分别|中|包括|其中|涉及|分布|:)")
MAX_INDICATOR_TAIL = 12
# A list with no subject of its own ('其中:A县5个…') breaks down a figure said just before it.
MAX_SAID_BEFORE = 12
_LIST_LEAD = re.compile(
    r"其中|分别是|分别为|分别|包括|具体来看|具体看|具体|从区域分布看|从区域分布上看|从分布上看|从分布看|分布上看|从区域看|"
    r"按县区看|分县区?看|分县区?|如下|[:,、 ]"
)
_SCALES = {"万": 1e4, "亿": 1e8}
# A list subject made only of these words ('尚未开工的项目') needs the topic it belongs to.
_GENERIC_SUBJECT = re.compile(r"项目|工程|尚未|未|已经|已|开工|完成|完工|竣工|建成|改造|建设|的|个|所|处|\d")


@dataclass(frozen=True, slots=True)
class CountyItem:
    """'滦平县1个' inside a per-county list."""

    county: str
    value: float
    raw: str
    unit: str
    start: int
    end: int


def county_items(text: str) -> list[CountyItem]:
    """The items of every per-county list in `text`, in order."""
    return [item for items in county_lists(text) for item in items]


def county_lists(text: str) -> list[list[CountyItem]]:
    """The per-county lists in `text`: runs of two or more adjacent 'X县N个' items,
    'A县、B县、C县各N个', or 'A县、B县、C县…分别为x、y、z' (and the runs after it)."""
    shared = _shared_items(text) or _respective_items(text)
    after = shared[-1].end if shared else 0
    span = (min(i.start for i in shared), after) if shared else (0, 0)
    runs: list[list[CountyItem]] = []
    for m in _COUNTY_ITEM.finditer(text):
        if span[0] <= m.start() < span[1]:
            continue  # (inside the 'A、B各N个' or '…分别为' list)
        if m["county"] in WHOLE_AREA:
            continue  # '全市46处,土默特右旗14处…': the whole is no county of the list (and breaks the run)
        unit = (m["scale"] or "") + m["unit"]
        item = CountyItem(m["county"], float(m["num"]), m["num"], unit, m.start(), m.end())
        if runs and _ITEM_GAP.fullmatch(text[runs[-1][-1].end: item.start]):
            runs[-1].append(item)
        else:
            runs.append([item])
    later = next((i for i, run in enumerate(runs) if run[0].start >= after), None) if shared else None
    if later is not None and re.fullmatch(r"[,;、]?", text[after: runs[later][0].start]) and runs[later][0].unit == shared[0].unit:
        # ('蔚县、张北县…分别完成52个、47个;康保县完成39个、沽源县36个': one list, said two ways)
        shared = shared + runs.pop(later)
    before = next((
        i for i, run in enumerate(runs)
        if run[-1].end <= span[0] and re.fullmatch(r"[,;、]?", text[run[-1].end: span[0]]) and run[0].unit == shared[0].unit
    ), None) if shared else None
    if before is not None:
        shared = runs.pop(before) + shared  # one list: '其中信都区2所…威县2所,任泽区、南和区…各1所'
    lists = [run for run in runs if len(run) >= MIN_BREAKDOWN_ITEMS]
    if not shared:
        return lists
    # ('其中信都区2所、襄都区2所…,任泽区、南和区…各1所': the parts before a shared number are a list too)
    return sorted([*lists, shared], key=lambda items: items[0].start)


def _respective_items(text: str) -> list[CountyItem]:
    """'嵩县、栾川县、洛宁县3个山区县任务最重,分别为120公里、105公里、98公里': each county its value,
    in order (each item stands where its value is)."""
    match = _RESPECTIVELY.search(text)
    if not match:
        return []
    names = re.findall(_COUNTY, match["names"])
    values = list(_VALUE.finditer(text, match.start("values"), match.end("values")))
    if len(names) < MIN_BREAKDOWN_ITEMS or len(names) != len(values):
        return []
    return [
        CountyItem(name, float(v["num"]), v["num"], (v["scale"] or "") + v["unit"], v.start(), v.end())
        for name, v in zip(names, values)
    ]


def _shared_items(text: str) -> list[CountyItem]:
    """'双滦区、丰宁县、围场县各1个': every county listed gets the same number."""
    match = _EACH.search(text)
    if not match:
        return []
    names = re.findall(_COUNTY, match["names"])
    if len(names) < MIN_BREAKDOWN_ITEMS:
        return []
    unit = (match["scale"] or "") + match["unit"]
    return [CountyItem(name, float(match["num"]), match["num"], unit, match.start(), match.end()) for name in names]


def extract_figures(parsed: ParsedTranscript) -> list[Figure]:
    """Every figure stated in the transcript's speeches and answers."""
    figures: list[Figure] = []
    by_sentence = _full_sentences(parsed.passages)
    asked, asked_line = "", 0
    last_line, last_subject = 0, ""
    for passage in parsed.passages:
        if passage.kind == "question":
            # A question's first sentence says what it is about ('燃气管道改造涉及哪些县区?'), or one
            # that opens '请问'; the sentences after it in the same turn ask more about the same.
            if passage.text.startswith("请问") or passage.line != asked_line or not asked:
                asked, asked_line = _question_topic(passage.text), passage.line
            continue
        if passage.kind not in ("speech", "answer"):
            continue
        context = by_sentence.get(passage.position, passage.text)
        topic = asked if passage.kind == "answer" else passage.heading.split("/", 1)[0]
        if passage.line == last_line and last_subject:
            topic = last_subject
        said_before = [f for f in figures[-MAX_SAID_BEFORE:] if f.line == passage.line and f.source_id == passage.source_id]
        found = _figures_in(parsed, passage, context, len(figures), topic, said_before)
        subjects = [f.project for f in found if f.group]
        if subjects:
            last_line, last_subject = passage.line, subjects[0]
        figures.extend(found)
    return _resolve_anaphora(figures)


# '…1177家。截至9月底,这一数字达到1264家': the number measures what the one before it did.
# '…1186张,上月发布会时这一数字为1023张', '激活率72.3%,比上月的68.9%': last month's value of it.
# '968套(9月底为853套)', '186个,而7月底这一数字为142个', '1460名,而1月底时为825名': the same measure
# at an earlier month-end (dated by _STATED_AS_OF).
_ANAPHOR = re.compile(
    r"^(?:这一|这个|该)(?:数字|数据|数|比例|指标)|^(?:比|较|由)?上个?月(?:末|底)?(?:发布会时|时)?(?:这一数字)?(?:的|为|是|$)"
    r"|^而?(?:20\d\d年)?(?:1[0-2]|[1-9])月(?:底|末)(?:时|的时候)?(?:这一数字|这个数字)?(?:为|是)?$"
)
# '截至8月底': a date names no measure; the figure before it in its unit does.
_DATE_ONLY = re.compile(r"^(?:截至|截止到?|到)?(?:20\d\d年)?\d{1,2}月(?:底|末|份)?(?:已|共|累计)?$")
# ('比上个月增加了310个' is the change itself, not last month's value)
_LAST_MONTH_VALUE = re.compile(r"(?:比|较|由)?上个?月(?:末|底)?(?:发布会时|时)?(?:这一数字)?(?:的|为|是)$")


# '年内计划建成示范型退役军人服务站100个,已建成58个': a bare verb counts what the figure before it
# named; '已建成' becomes '已建成示范型退役军人服务站'.
_VERB = r"(?:基本建成|新开工|开工|建成|完工|竣工|完成|新改建|新建|改扩建|改建|改造|实施|培训|培育|招聘|安装|筹集|建设|治理|开通|投用|交付)"
_BARE_VERB = re.compile(rf"^(?:已经|已|累计|共)?{_VERB}$")
_VERBS = re.compile(_VERB)
_OBJECT = re.compile(r"^的?(?P<object>[\u4e00-\u9fff“”]{2,16})$")
# '年度任务', '整治', '方案设计和居…': a plan word, another verb or a cut-off list names no object.
_NOT_AN_OBJECT = re.compile(r"^(?:整治|提升|改造|建设)|任务|目标|工作|计划|已|和|及|的有")


# '城镇新增就业3.46万人(年度目标3.8万人)': the aside is the plan of the figure it follows.
_PLAN_ASIDE = re.compile(r"^(?:全年|年度|今年|年内)?(?:计划|目标|任务)(?:数)?(?:为|是)?$")


def _resolve_anaphora(figures: list[Figure]) -> list[Figure]:
    """A figure whose indicator is 'this number' takes the indicator of the figure before it on its
    line, of the same unit; one whose indicator is a bare verb takes that figure's object."""
    resolved: list[Figure] = []
    for figure in figures:
        # (a plan's bare verb stays bare: it is the result the reader looks for that needs its object)
        anaphor = _ANAPHOR.match(figure.indicator)
        bare = figure.kind != "target" and _BARE_VERB.match(figure.indicator)
        if _DATE_ONLY.match(figure.indicator) and (before := next((
            f for f in reversed(resolved) if f.line == figure.line and f.unit == figure.unit and f.source_id == figure.source_id
            and not f.group and not _DATE_ONLY.match(f.indicator)
        ), None)) is not None and (named := re.sub(r"(?:年度|全年|年内|今年)$", "", _named(before.indicator))):
            figure = replace(figure, indicator=named)  # '背街小巷整治年度目标30条,截至8月底21条': 21 is 背街小巷整治's
        if anaphor or bare:
            # (a county's part of a list is not what a bare verb counts: '已开工158个,其中昆都仑区52个')
            earlier = [f for f in reversed(resolved) if f.line == figure.line and f.unit == figure.unit
                       and f.source_id == figure.source_id and not f.group and not _ANAPHOR.match(f.indicator)
                       and not _BARE_VERB.match(f.indicator)]
            if earlier and anaphor:
                # ('新增就业3.52万人,完成年度目标3.8万人的92.6%,8月底这一数字为3.11万人': the value the
                # number stands for, not the target named between)
                before = next((f for f in earlier if f.kind != "target"), earlier[0])
                kind = before.kind if before.kind != "target" else figure.kind
                figure = replace(figure, indicator=before.indicator, project=before.project or figure.project, kind=kind)
            elif earlier:
                # '计划新开工A 3860套,基本建成B 2150套。已开工2978套': 开工 counts what 开工 named.
                verb = _VERBS.search(figure.indicator)[0].removeprefix("新")
                # (else the nearest that names an object: '较4月底的298处增加58处;完工203处' skips the change)
                before = next((f for f in earlier if verb in f.indicator), None) or next(
                    (f for f in earlier if _object_of(f.indicator)), earlier[0]
                )
                if named := _object_of(before.indicator):
                    figure = replace(figure, indicator=figure.indicator + named)
        if (resolved and (before := resolved[-1]).line == figure.line and before.unit == figure.unit
                and _PLAN_ASIDE.match(figure.indicator)
                and f"{before.value:g}{before.unit}({figure.indicator}" in figure.sentence):
            figure = replace(figure, indicator=before.indicator, kind="target")  # '3.46万人(年度目标3.8万人)'
        if resolved and (before := resolved[-1]).line == figure.line and before.unit == figure.unit and re.search(
            rf"{before.value:g}{re.escape(before.unit)}{_CHANGE_VERB}{_PER_UNIT}*{figure.value:g}{re.escape(figure.unit)}",
            figure.sentence,
        ):
            figure = replace(figure, indicator=before.indicator)  # '由上月的131个增加到152个': 152 is what 131 was
            if before.as_of == figure.as_of and not before.indicator.startswith(EARLIER):
                # '由原来的37种增加到45种': with no date of its own, 37 is marked as the earlier value
                resolved[-1] = replace(before, indicator=EARLIER + before.indicator)
        resolved.append(figure)
    return resolved


def _object_of(indicator: str) -> str:
    """'年内计划建成示范型退役军人服务站' → '示范型退役军人服务站': what the (first) verb acts on
    ('计划新开工棚户区改造安置住房' → '棚户区改造安置住房')."""
    for verb in _VERBS.finditer(indicator):
        # ('年度计划新建、改扩建公办幼儿园': the first verb's object is the second verb's)
        named = _OBJECT.match(indicator[verb.end():])
        if named and not _NOT_AN_OBJECT.search(named["object"]):
            return named["object"]
    return ""


def _question_topic(question: str) -> str:
    """What a reporter asked about, for answers that never name it ('已完成改造的1.42万户中,平泉市…')."""
    text = re.sub(r"^请问|今年的?|主要|目前|[?？].*$", "", question)
    # ('户厕改造已经完成的3150户分布在哪些旗县区': the topic ends where its progress is told)
    topic = re.split(r"分别|都|哪|涉及|怎么|如何|什么|多少|几|已经|已|还有|还没|还剩|尚未|没有|\d", text)[0].strip(" ,、的")
    return re.sub(r"(?<=[\u4e00-\u9fff]{2})[改做办建有是在要]$", "", topic)  # '适老化改造改哪些内容'



def _full_sentences(passages: list[Passage]) -> dict[int, str]:
    """For each passage, the text from the start of its full sentence (。!?) up to and including it."""
    result: dict[int, str] = {}
    run, kind = "", ""
    for passage in passages:
        # (a headline is nobody's sentence: '【基层医疗:97个村卫生室完成提质】' is no cue for the speech after it)
        joined = run and not re.search(_FULL_STOP, run) and passage.kind == kind
        run = run + passage.text if joined else passage.text
        result[passage.position] = run
        if re.search(_FULL_STOP, passage.text):
            run = ""
        kind = passage.kind
    return result


def _figures_in(
    parsed: ParsedTranscript, passage: Passage, context: str, start_id: int, topic: str, said_before: list[Figure]
) -> list[Figure]:
    """Figures of one sentence: per-county lists first, then every other number."""
    text = passage.text
    lists = county_lists(text)
    items = [item for listed in lists for item in listed]
    claimed = {item.start for item in items}
    figures: list[Figure] = []
    since = 0
    for listed in lists:  # ('…分别完成0.31万人和0.19万人;…转移就业1.05万人,其中丰宁县0.16万人…': two lists)
        figures += _breakdown(parsed, passage, context, listed, start_id + len(figures), topic, said_before, since)
        since = listed[-1].end
    table_total_end = items[0].start if items and is_table_sentence(text) else 0
    for match in _NUMBER.finditer(text):
        if _NOT_FIGURE_AFTER.match(text[match.end():]) or any(s <= match.start() < s + 8 for s in claimed):
            continue
        if match.start() < table_total_end:
            continue  # a table's 合计, already the breakdown's stated total
        if any(item.start <= match.start() < item.end for item in items):
            continue
        figures.append(_figure(parsed, passage, context, match, start_id + len(figures)))
    return figures


def _figure(parsed: ParsedTranscript, passage: Passage, context: str, match: re.Match, index: int) -> Figure:
    """One ordinary figure."""
    text = passage.text
    unit = (match["scale"] or "") + match["unit"]
    before = context[: len(context) - len(text) + match.start()]
    kind = _percent_kind(before, text[match.end(): match.end() + 4], passage.heading) if unit == "%" else _kind(before, passage.heading)
    if kind == "target" and _DONE_CLAUSE.match(before[max(before.rfind(","), before.rfind(";")) + 1:]):
        kind = "progress"  # '新泰市计划35个,完工27个': the plan's cue ends at its clause
    if kind == "progress" and _PLAN_THEN_DONE.match(text, match.end()) and _PLAN_THEN_DONE.match(text, match.end())["unit"] == unit:
        clause = before[max(before.rfind(","), before.rfind(";")) + 1:]
        if not _CUES.search(clause):
            # '…已完成97公里;新建城市公共停车泊位6000个,已建成3850个': a cue in the clause before says
            # nothing of 6000, which what is done of it follows
            kind = "target"
    return Figure(
        id=f"{passage.source_id}#x{index}",
        source_id=passage.source_id,
        department=passage.department,
        project=_project(passage),
        indicator=_indicator(text, match),
        kind=kind,
        value=float(match["num"]),
        unit=unit,
        as_of=_stated_before(before, parsed.source.as_of),
        county=_county_before(text, match.start(), parsed.counties),
        sentence=text,
        line=passage.line,
        speaker=passage.speaker,
        curated=False,
    )


_DONE_CLAUSE = re.compile(r"^(?:已经?|累计|共)?(?:完工|竣工|建成|开工|完成)(?![\u4e00-\u9fff]{0,2}(?:目标|任务|计划))[\u4e00-\u9fff]{0,6}$")
# ',已建成3850个': what is done of the number just said, in the same unit.
_PLAN_THEN_DONE = re.compile(rf",(?:已经?|累计)[\u4e00-\u9fff]{{0,6}}?\d+(?:\.\d+)?(?P<unit>(?:万|亿)?(?:{_UNIT_RE}))")


def _breakdown(
    parsed: ParsedTranscript,
    passage: Passage,
    context: str,
    items: list[CountyItem],
    start_id: int,
    topic: str,
    said_before: list[Figure],
    since: int = 0,
) -> list[Figure]:
    """The parts of a per-county list, sharing a group id and the total the speaker states; what
    it counts is said between `since` (the end of a list before it) and its first item."""
    if not items:
        return []
    text = passage.text
    lead = text[since: items[0].start]
    named = lead.find(items[0].county)
    if named >= 0 and items[1].county in lead[named:]:
        lead = lead[:named]  # '蔚县、张北县进展较快,分别完成52个、47个': the counties named first say nothing of what
    subject, total = _breakdown_subject(lead, items[0].unit)
    kind = _kind(context[: len(context) - len(text) + items[0].start], passage.heading)
    project = ""
    if not _LIST_LEAD.sub("", lead).strip(" ,:、。") and (whole := _whole_of(items, said_before)) is not None:
        # '已完成21个。其中:迁安市5个,遵化市4个…': the parts of the figure just stated.
        named = max((f for f in said_before if f.unit == whole.unit), key=lambda f: len(_named(f.indicator)))
        subject = _named(named.indicator) or subject
        if re.fullmatch(_COUNTY, subject):
            subject = ""  # '双桥区计划38个,…;双滦区14个、宽城县10个…': a county is not what the list counts
        project = whole.project  # the item it stands under, as for the figure it breaks down
        kind = whole.kind
        total = total if total is not None else (whole.value if _adds_up(items, whole) else None)
    elif total is not None and (stated := next((
        f for f in reversed(said_before) if f.value == total and f.unit == items[0].unit and not f.group and not f.county
        and len(subject) >= 2 and subject in f.indicator
    ), None)) is not None:
        # '培育乡村基层文艺团体87支。87支文艺团体中,双桥区9支…': the parts of that figure, named as it is.
        subject = _named(stated.indicator) or subject
        project, kind = stated.project, stated.kind
    if is_table_sentence(text):
        # A table rewritten as sentences: it counts what the item it stands under is about.
        project = topic or _project(passage)
        subject = re.split(r"共|:", text[len(TABLE_LEAD): items[0].start], maxsplit=1)[0]
    elif not _GENERIC_SUBJECT.sub("", subject):
        if topic and len(topic) <= MAX_TOPIC_SUBJECT:  # ('燃气管道改造' + '改造' is 燃气管道改造)
            subject = topic if subject in topic else f"{topic}{subject}"
        elif named := next((o for f in reversed(said_before) if f.unit == items[0].unit and (o := _object_of(f.indicator))), ""):
            # '计划改造城镇老旧小区268个…已开工项目中,西陵区58个…': the 项目 are the 城镇老旧小区 planned
            subject = f"{named}{subject}"
    own = _ITEM_OWN_VERB.match(text, items[0].start + text[items[0].start:].find(items[0].county) + len(items[0].county))
    if own and own["verb"] not in subject:
        # '定边县开工14处、完工11处,靖边县开工12处…': each item says its verb; the list counts 开工
        subject = own["verb"] + (_object_of(subject) or subject)
    group = f"{passage.id}:g{items[0].start}"
    return [
        Figure(
            id=f"{passage.source_id}#x{start_id + i}",
            source_id=passage.source_id,
            department=passage.department,
            # (a list in a speech stands under its item heading: '1.农村公路新改建。…完工里程分别为:…')
            project=project or (passage.kind == "speech" and passage.heading.split("/", 1)[0]) or subject or _project(passage),
            indicator=subject or _project(passage),
            kind=kind,
            value=item.value,
            unit=item.unit,
            as_of=parsed.source.as_of,
            county=item.county,
            sentence=text,
            line=passage.line,
            speaker=passage.speaker,
            curated=False,
            group=group,
            group_total=total,
        )
        for i, item in enumerate(items)
    ]


_ITEM_OWN_VERB = re.compile(r"(?:已经?)?(?P<verb>新开工|开工|完工|竣工|建成|新增)(?=\d)")


def _whole_of(items: list[CountyItem], said_before: list[Figure]) -> Figure | None:
    """The figure a list that names no subject breaks down: the last one in its unit whose value
    the parts add up to, else the last one in its unit."""
    same_unit = [f for f in said_before if f.unit == items[0].unit and not f.group and not f.county]
    adding_up = [f for f in same_unit if _adds_up(items, f)]
    return (adding_up or same_unit or [None])[-1]


def _adds_up(items: list[CountyItem], figure: Figure) -> bool:
    return abs(sum(item.value for item in items) - figure.value) < 1e-6


def _named(indicator: str) -> str:
    """What an indicator counts, without its verbs of planning and progress ('全年计划改造提升乡镇商贸中心')."""
    return _CLAUSE_NOISE.sub("", _CUES.sub("", indicator)).strip(" ,、的")


_PLACES_COUNTED = re.compile(r"(?:县市区|县区市|县区|县市|区县|县\(市、?区?\)|乡镇|街道|县)(?:[,:]|$)")
_STATE_BEFORE = re.compile(r"(?:^|[,;:])[^,;:]{0,4}?(?P<state>(?:已经?|尚未|未|没有)(?:开工|完工|竣工|建成|投用|完成))的?$")
# '完成较好', '任务最重': a judgement on the counties listed, not what their numbers count.
_RANKED = re.compile(r"(?:完成|进展|推进|增长|任务)?(?:较好|最好|较快|最快|靠前|突出|最多|较多|最重|较重|最大|较大)$")
_FRAMING = re.compile(r"(?:来看|看|来说|而言)$|^据.{1,12}(?:介绍|表示|说)$|^(?:按照|根据|依据|结合).{1,14}$")


def _breakdown_subject(lead: str, unit: str) -> tuple[str, float | None]:
    """What a per-county list counts ('幼儿园建设项目') and the total stated just before it."""
    total = None
    numbers = list(_NUMBER.finditer(lead))
    number = numbers[-1] if numbers else None
    end = len(lead)
    if len(numbers) >= 2 and _PLACES_COUNTED.match(lead[numbers[-1].end():]):
        # '213个老旧小区改造项目覆盖全市11个县市区,其中…': 11 counts the places listed, 213 the list
        number, end = numbers[-2], numbers[-1].start()
    if number is not None and number["unit"] == unit[-len(number["unit"]):] and _TOTAL_BEFORE_LIST.match(lead[number.end():]):
        stated_scale = _SCALES.get(number["scale"] or "", 1.0)
        item_scale = _SCALES.get(unit[0], 1.0) if len(unit) > len(number["unit"]) else 1.0
        total = float(number["num"]) * stated_scale / item_scale
    subject = lead[number.end(): end] if number is not None else lead
    # ('已完工的27个项目中,修水县8个…' and '未开工的7个项目中,…': two lists of 项目, told apart by their state)
    state = _STATE_BEFORE.search(lead[: number.start()]) if number is not None else None
    # ('从分布来看,公厕建设任务在中心城区安排较为集中,其中…': the framing clause says nothing, and
    # the subject is what stands before '在…')
    subject = ",".join(c for c in re.split(r"[,;]", subject) if not _FRAMING.search(c))
    subject = re.split(r"分别是|分别为|分布在|覆盖|涉及|包括|其中|中(?=,|$)|:|是|有|为|(?<=[\u4e00-\u9fff]{2})在(?!建)", subject)[0] if subject else ""
    # ('已开工的老旧小区' counts 老旧小区; '已开工项目' keeps the state that tells its 项目 apart)
    stripped = re.sub(r"^(?:今年的?|已建成的?|已开工的?|的)", "", subject.strip(" ,、"))
    subject = stripped if _GENERIC_SUBJECT.sub("", stripped) or not stripped else subject.strip(" ,、")
    subject = _RANKED.sub("", subject.strip(" ,、的"))  # '城镇新增就业完成较好的是…': which counties, not what
    subject = re.sub(r"^(?:截至|截止到?|到)(?:20\d\d年)?\d{1,2}月(?:底|末)?[,]?", "", subject)  # '截至8月底,' is when
    if not subject.strip(" ,、的") and number is not None:
        # '全年计划建设社区养老服务中心48个,已建成36个,分别是…': what the sentence counts is named first.
        first = lead[: next(_NUMBER.finditer(lead)).start()]
        subject = _CUES.sub("", _CLAUSE_NOISE.sub("", re.split(r"[,;:]", first)[-1]))
    if state is not None and subject and not _GENERIC_SUBJECT.sub("", subject):
        subject = state["state"] + subject
    # ('全市年度任务36.5万亩,…已完成12.8万亩,其中…': '年度' names no subject; the item heading will)
    subject = re.sub(r"^(?:全市|全县|全区|全旗|我市)?(?:年度|全年|今年|年内)?(?:计划|任务|目标)?$", "", subject.strip(" ,、的"))
    return subject, total


# '定点医疗机构为1177家': the verb that links a name to its number is not part of the name.
_LINKING_VERB = re.compile(r"(?<=[\u4e00-\u9fff]{2})(?:为|是|达到)$")


# '已开工项目由上月的131个增加到152个': the words of a change are not what the numbers measure.
_CHANGE_VERB = r"(?:提高|增加|增长|上升|提升|下降|减少|降低)(?:到|至)"
_SINCE = r"(?:上个?月|年初|去年底?|原来|此前|之前|\d{1,2}月(?:底|末))"
# '由每人每月810元提高到每人每月850元': what a standard is per, not what it measures.
_PER_UNIT = r"(?:每[人户月年亩天日次])"
_FROM_TO_WORDS = re.compile(rf"由{_SINCE}?的?$|由{_SINCE}的?|{_CHANGE_VERB}")


def _indicator(text: str, match: re.Match) -> str:
    """The words of the clause around the number that say what it measures."""
    masked = _PLAIN_PARENTHESES.sub(lambda m: "\0" * len(m[0]), text)
    clause_start = max((m.end() for m in _CLAUSE_BREAK.finditer(masked, 0, match.start())), default=0)
    previous = list(_NUMBER.finditer(masked, clause_start, match.start()))
    lead = _clean(masked[clause_start: previous[0].start() if previous else match.start()])
    local = _clean(masked[previous[-1].end(): match.start()]) if previous else ""
    if previous and (len(local) > MAX_SHARED_LOCAL or _OWN_VERB.match(local)):
        verb = _LEAD_VERB.match(lead)
        if verb and _OWN_VERB.match(local):
            # '年内计划新开工…2680套、基本建成1460套': 1460 has its own verb; only the plan is shared
            lead = lead[: verb.start("verb")]
        else:
            lead = verb[0] if verb else ""
    clause_end = _CLAUSE_BREAK.search(masked, match.end())
    tail = masked[match.end(): clause_end.start() if clause_end else len(masked)]
    # ('56个项目已开工49个': 56 counts the 项目; what is done of them is the next number's)
    tail = _TAIL_FILLER.sub("", re.split(r"[、\d]|已经?(?=[\u4e00-\u9fff]{1,4}\d)", tail)[0])[:MAX_INDICATOR_TAIL]
    aspect = _ASPECT.search(masked, 0, clause_start)  # '生活垃圾分类方面,中心城区…覆盖率达到72%'
    if aspect and not previous and aspect["what"] not in lead:
        lead = aspect["what"] + lead
    said = re.sub(rf"{_PER_UNIT}+", "", lead + local + tail.replace("\0", ""))
    said = re.sub(_CHANGE_VERB, "", said)  # first, so that a '由' it followed is left at the end
    words = _LINKING_VERB.sub("", _FROM_TO_WORDS.sub("", said).strip(" 、,"))
    return words or text[clause_start: match.start()].strip()


# A clause that only names the aspect the next ones are about, just before the number's clause.
_ASPECT = re.compile(r"(?:^|(?<=[。;,]))(?P<what>[\u4e00-\u9fff“”]{2,10})方面[,:]$")


def _clean(text: str) -> str:
    """A stretch of clause without masked parentheticals and leading filler."""
    return _CLAUSE_NOISE.sub("", text.replace("\0", ""))


# '目标是:…城镇登记失业率控制在4.5%以内': a bound set for a rate is its target, not its value.
_BOUND_BEFORE = re.compile(r"(?:控制在|力争|确保|不低于|不超过|不少于|不高于)$")
_BOUND_AFTER = re.compile(r"^(?:以内|以下|以上)")
_DONE_SHARE = re.compile(r"已经?[^,;。]{0,6}完成[^,;。]*的$")


# '年度目标为80%', '确保年底分类覆盖率达到80%': the rate a plan aims at, in the number's own clause.
_AIMED_AT = re.compile(r"(?:目标|任务)(?:值)?(?:为|是)?$|(?:确保|力争)[^,;。:]{0,14}(?:达到|达|提高到|提升到|保持在)$")


def _percent_kind(before: str, after: str, heading: str) -> str:
    """A percentage is a rate, or the target for one when a plan sets it as a bound."""
    bound = _BOUND_BEFORE.search(before) or _BOUND_AFTER.match(after) or _AIMED_AT.search(before)
    done = _DONE_SHARE.search(before)  # '均已完成年度任务的40%以上': a share done, not a bound
    return "target" if bound and not done and _kind(before, heading) == "target" else "rate"


_WHOLE_SIZE = re.compile(r"(?:全长|总长|总长度|总里程|总面积|总建筑面积)(?:为|约|达)?$")
_ASIDE_SPAN = re.compile(r"\([^()]*\)")


def _kind(before: str, heading: str) -> str:
    """target or progress by the nearest cue before the number, else by the item heading, else total."""
    if _WHOLE_SIZE.search(before):
        return "total"  # '隧道全长1580米': the size of the whole, what digging counts towards
    # A cue inside an aside that has closed ('3.46万人(年度目标3.8万人),失业人员再就业…') is the
    # aside's: it says nothing of the numbers after it.
    closed = [(m.start(), m.end()) for m in _ASIDE_SPAN.finditer(before)]
    cues = [c for c in _CUES.finditer(before) if not any(start < c.start() < end for start, end in closed)]
    if cues:
        last = cues[-1]
        if last["progress"] == "完成" and before[last.start() - 1: last.start()] == "、" and _planned_list(before, cues):
            return "target"  # '年内计划打通断头路5条、…、完成30个路口渠化改造': an item of the planned list
        if last["progress"] in _PLAN_VERBS and _planned_sentence(before, cues):
            return "target"  # '年内中心城区垃圾分类覆盖小区达到320个': what the year's plan reaches
        return "target" if last["target"] else "progress"
    for word, kind in _SUBHEADING_KIND:
        if word in heading.rsplit("/", 1)[-1]:
            return kind
    return "total"


_PLAN_VERBS = ("达到", "实现", "完成")
_RESULT_CUE = re.compile(r"已|截至|截止|目前|至今|累计|现有")


def _planned_sentence(before: str, cues: list[re.Match]) -> bool:
    """True when the sentence the number ends opened with a plan cue (年内/计划/目标…) and nothing
    since says it is done."""
    start = before.rfind("。") + 1
    planned = [c for c in cues[:-1] if c.start() >= start and c["target"]]
    if not planned:
        return False
    between = before[planned[-1].end(): cues[-1].start()]
    if re.search(r"[,;:,;:]", between):
        return False  # '全年目标11万人,1至7月实现…7.46万人': the plan ended at its clause
    if re.search(r"(?:任务|目标)$", planned[-1][0]) and len(between) <= 4:
        return False  # '年度开工任务全面完成': the task is done, not planned
    return not _RESULT_CUE.search(before, planned[-1].end())


def _planned_list(before: str, cues: list[re.Match]) -> bool:
    """True when the list the number ends (items joined by '、') began under a target cue
    ('年内计划…'), with no other cue and no clause break between that cue and the list's end."""
    previous = cues[-2] if len(cues) > 1 else None
    if previous is None or not previous["target"]:
        return False
    return not re.search(r"[,;。:]", before[previous.end(): cues[-1].start()])


_YEAR_START_VALUE = re.compile(r"(?:由|比|较|从)(?:今年)?年初的?$")


def _stated_before(before: str, default: str) -> str:
    """The date a number is as of: last month's ('比上月的68.9%'), the start of the year ('由年初的
    71.4%'), a month-end its sentence names, else the conference's."""
    if _LAST_MONTH_VALUE.search(before):
        return _month_end_before(default)
    if _YEAR_START_VALUE.search(before) and len(default) >= 4:
        return f"{default[:4]}-01-01"
    return _as_of_before(before, default)


def _month_end_before(as_of: str) -> str:
    """'2023-09-30' → '2023-08-31': the end of the month before (what '上月的68.9%' is as of)."""
    if len(as_of) < 7:
        return as_of
    year, month = int(as_of[:4]), int(as_of[5:7]) - 1
    if month == 0:
        year, month = year - 1, 12
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def _as_of_before(before: str, default: str) -> str:
    """The date a number is stated as of by its own sentence: '截至4月底,已完工214公里;截至5月底,
    累计完工386公里' (214 is April's), '由4月底的91.6%提高到92.3%', '比4月底的3350个' (an earlier
    value, when no other number comes between); else the conference's own date."""
    stated = list(_STATED_AS_OF.finditer(before))
    if not default or not stated:
        return default
    last = stated[-1]
    if last["cue"] in ("由", "从", "比") and _NUMBER.search(before, last.end()):
        return default  # '由4月底的91.6%提高到92.3%': April's is 91.6, not 92.3
    if last["cue"] in ("比", "较", None) and _CHANGE_SINCE.match(before, last.end()):
        return default  # '比4月底增加620套': a change over the month, not a value as of April
    aside = last[0].startswith("而") or before[last.start() - 1: last.start()] == "("
    if aside and re.search(r"[,;。)]", before[last.end():]):
        return default  # '而1月底时为825名,拨付资金1865万元': the aside dates its own number only
    year, month = int(default[:4]), int(last["month"])
    if not 1 <= month <= int(default[5:7]):
        return default
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


# What follows a month-end when the number after it is the change since then.
_CHANGE_SINCE = re.compile(r"(?:相比)?,?(?:新?增加|新增|增长|提高|提升|上升|多|减少|下降|降低|少)了?[\u4e00-\u9fff]{0,4}$")


# '双桥区计划38个': a clause that opens with a county's own plan (the parser collects such counties too).
COUNTY_PLAN = re.compile(rf"(?:^|(?<=[,;。:]))({_COUNTY})(?:年度)?(?:计划|任务|目标)(?=\d)")


def _county_before(text: str, position: int, counties: list[str]) -> str:
    """The county named in the same clause just before the number, if any."""
    clause_start = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, position)), default=0)
    clause = text[clause_start:position]
    found = [c for c in counties if c in clause]
    if not found and clause_start > 0 and text[clause_start - 1] == "," and re.match(r"已经?|累计|完工|完成|建成|开工|竣工", clause):
        # '双桥区计划38个,已开工36个': the clause after a county's plan is the same county's result.
        previous_start = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, clause_start - 1)), default=0)
        planned = COUNTY_PLAN.match(text, previous_start)
        return planned[1] if planned and planned[1] in counties else ""
    if not found:
        return ""
    last = max(found, key=clause.rfind)
    if re.search(r"合\s*计|总计|共计|全市", clause[clause.rfind(last) + len(last):]):
        return ""  # '…围场县29公里、合 计386公里': the total is no county's
    if re.search(rf"(?:{'|'.join(map(re.escape, found))})[、和及与]{re.escape(last)}", clause):
        return ""  # '涉及双桥区、双滦区老旧小区36个': a number over both counties is neither's
    return last


def _project(passage: Passage) -> str:
    """The item heading a figure is under, else its section's project (an answer's heading is a question)."""
    if passage.kind == "answer":
        return passage.project
    return passage.heading.split("/", 1)[0] or passage.project
