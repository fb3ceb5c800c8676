"""Answer, then verify: does the evidence a handler found state the attribute the question asks for?

Retrieval finds the nearest figure or sentence; for a question about a project the knowledge does
know, that is often a fact of another kind (the loan's total for its interest rate, a count of
flats for their price per square metre). Such a reply is marked not found, says what was not found,
and offers what was found as related ("没有找到…；相关的内容：…"). The rules live here, in one place:
each asked attribute has the words that ask for it and the words its evidence must contain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from bot.qa.answer import Answer
from bot.qa.lexicon import GENERIC_WORDS
from bot.qa.search import has_time, unit_class
from bot.qa.understand import Query


@dataclass(frozen=True)
class Attribute:
    """Something a question can ask about a project, and what evidence of it looks like."""

    name: str  # said in the reply: "利率"
    asked: re.Pattern  # in the question
    evidence: re.Pattern  # must be in the answer's sentence or paragraph
    own_words: bool = True  # may the reply's own words count (False: only what the transcript says)


_PER = r"(?:户|人|名|个|所|套|平米|平方米|间|月|年|天|日|张|次|辆|座|处|亩|吨|公里|米)"
ATTRIBUTES: tuple[Attribute, ...] = (
    Attribute("利率", re.compile(r"利率|利息|年息|几厘|贴息"), re.compile(r"利率|利息|年息|贴息|基准利率|LPR", re.I)),
    Attribute(
        "价格或收费标准",
        re.compile(rf"票价|门票|价格|房价|租金|房租|收费|保费|多少钱一|[一1每]{_PER}(?:要|收)?(?:交|缴|付|花)?多少钱"),
        re.compile(r"票价|门票|价格|租金|房租|收费|免费|元/|元每|每\w{0,4}\d[\d.]*(?:万|千)?元|\d[\d.]*元/|不收|减免|优惠"),
    ),
    Attribute(
        "补助标准",
        re.compile(rf"补贴标准|补助标准|补贴多少|补助多少|每{_PER}\w{{0,4}}(?:补贴|补助|奖励|发)|标准是多少|什么标准|啥标准"),
        re.compile(rf"(?<!高)标准|每{_PER}\w{{0,8}}\d[\d.]*(?:万|千)?元|\d[\d.]*(?:万|千)?元/{_PER}"),
    ),
    # '每亩投资多少': an amount per unit, which a project's total does not state.
    Attribute(
        "人均或每亩、每户的金额",
        re.compile(rf"(?:每{_PER}|人均|户均|亩均)\w{{0,6}}(?:投资|资金|补贴|补助|费用|花|钱|多少元|多少万)"),
        re.compile(rf"每{_PER}|人均|户均|亩均|元/{_PER}"),
    ),
    # '疫苗打的是几价的': which kind of vaccine, which a count of people vaccinated does not state.
    Attribute("疫苗价次", re.compile(r"几价|多少价|[二四九两双]价还是"), re.compile(r"[二四九两双\d]价")),
    # '全长/总长' ask for the length of the thing itself, which progress in metres does not state.
    Attribute("长度", re.compile(r"全长|总长|长度|宽度|多宽|(?:有|是)多长(?!时间)|多少米长"), re.compile(r"全长|长度|总长|长约|长[\d.]+(?:公里|千米|米)|宽[\d.]+米|宽度|全线[\d.]+(?:公里|千米)")),
    Attribute(
        "具体地点",
        re.compile(r"哪(?:个|些|几个)(?:村|乡|镇|街道|社区|小区)|具体.{0,6}(?:哪(?:里|儿|个地方|些地方|个位置)|地方|位置|地点)|在什么位置|地址|哪条(?:路|街)"),
        # A named place ('柳树沟村、', '南营子大街,'), not a kind of place ('乡镇卫生院', '乡村医生').
        re.compile(r"(?:(?![乡镇村到在的和与及各全本每该个等农行政])[\u4e00-\u9fff]){2,4}(?:村|乡|镇|街道|社区|小区|路|大街)(?=[、,。;:和及与的(]|卫生院|中心|$)"),
    ),
    # '几号演的', '哪天开通': a day, which a month-end as-of date ('截至6月底') is not.
    Attribute(
        "具体日期",
        re.compile(r"几号|哪天|哪一天|几月几[日号]|具体日期|具体哪天|具体(?:什么|啥)(?:时候|时间)"),
        re.compile(r"\d{1,2}[日号]|当天|今天|明天|昨天"),
        own_words=False,
    ),
    Attribute(
        "办理方式",
        re.compile(r"怎么申请|如何申请|咋申请|怎么办理|如何办理|咋办理|申请条件|(?:去|到|在)哪(?:里|儿)?(?:办|申请|报名|登记)|办理流程|申请流程|需要(?:什么|哪些|啥)材料|怎么报名|如何报名"),
        re.compile(r"申请|办理|报名|登记|提交|携带|窗口|网上|线上|APP|小程序|公众号|拨打|热线|流程|材料|条件|受理", re.I),
    ),
)
# A figure answers a question that asks for a quantity of one of these kinds only with a unit of it.
STRICT_UNIT_CLASSES = ("money", "area", "length", "percent")


def asked_attribute(text: str) -> Attribute | None:
    """The attribute a normalised question asks for, if it asks for one of ours."""
    return next((a for a in ATTRIBUTES if a.asked.search(text)), None)


def verify(query: Query, answer: Answer) -> Answer:
    """The answer when its evidence states what was asked; otherwise 'not found' offering it as related."""
    if not answer.found or answer.kind == "meta":
        return answer  # a conference fact is read from the transcript's facts, not retrieved
    if answer.kind == "passage" and _REPORTED_ELSEWHERE.search(_said(answer.text)):
        return _related(answer, "进展")  # '…2件由相关部门另行发布': the conference does not say
    if query.kind == "when" and answer.kind == "passage" and not _says_when(query, _said(answer.text)):
        return _related(answer, "时间")  # '平台什么时候正式上线' answered by what was built, with no date
    attribute = asked_attribute(query.text)
    said = "\n".join([answer.passage, *(s.sentence for s in answer.sources)])
    evidence = f"{answer.text}\n{said}" if attribute is None or attribute.own_words else said
    if attribute is not None and not attribute.evidence.search(evidence):
        return _related(answer, attribute.name)
    if _other_quantity(query, answer):
        return _related(answer, _QUANTITY_NAMES.get(query.unit_class, "所问的数"))
    side = _other_side(query, answer)
    if side:
        return _related(answer, side)
    if _count_without_number(query, answer) or _counted_elsewhere(query, answer) or _counts_another_thing(query, answer):
        return _related(answer, "所问的数")
    if _ASKS_AMOUNT.search(query.text) and not _AMOUNT.search(evidence) and (
        answer.kind == "passage" or attribute is not None and attribute.name == "价格或收费标准"
    ):
        # '收费实行政府指导价' says how the price is set, not what it is; '政府补一点、个人出一点'
        # says who pays, not how much
        return _related(answer, attribute.name if attribute is not None else "金额")
    if _passage_without_quantity(query, answer):
        return _related(answer, _QUANTITY_NAMES[query.unit_class])
    item = _one_of_a_list(query, answer)
    if item:
        return _related(answer, f"{item}单独")
    return answer


# Three or more named features in a row ('涉及瀑河、漕河、界河'): a total over them is none of theirs.
_ENUMERATION = re.compile(r"[\u4e00-\u9fff]{1,8}(?:、[\u4e00-\u9fff]{1,8}){2,}")
_FEATURE = re.compile(r"(?:河|湖|渠|沟|桥|路|街|大道|隧道|水库|村|镇|乡|山)$")


def _one_of_a_list(query: Query, answer: Answer) -> str:
    """The item a question names when the figure found counts a list that item is only one of:
    '瀑河治理多少公里' answered by '实施中小河流治理项目5个,涉及瀑河、漕河、界河…治理河长58.4公里'."""
    if answer.kind != "figure" or len(answer.figures) != 1:
        return ""
    figure = answer.figures[0]
    named = f"{figure.project}{figure.indicator}{figure.county}"
    for run in _ENUMERATION.finditer(figure.sentence):
        for element in run[0].split("、"):
            piece = _shared_tail(element, query.topic)
            if piece and _FEATURE.search(piece) and piece not in named and piece not in GENERIC_WORDS:
                return piece
    return ""


def _shared_tail(element: str, topic: str) -> str:
    """The longest ending of a list element (two characters or more) that the question contains."""
    for start in range(len(element) - 1):
        if element[start:] in topic:
            return element[start:]
    return ""


_QUANTITY_NAMES = {"money": "金额", "area": "面积", "length": "长度", "percent": "比例"}


def _other_quantity(query: Query, answer: Answer) -> bool:
    """A figure answer whose unit measures another kind of quantity than the question asks for."""
    if answer.kind != "figure" or not answer.figures or query.unit_class not in STRICT_UNIT_CLASSES:
        return False
    return all(unit_class(f.unit) != query.unit_class for f in answer.figures)


# Two sides of one distinction: a figure about one is never the other's ('农村低保标准' ≠ 城市低保标准).
_SIDES = (
    (re.compile(r"农村|乡村"), re.compile(r"城市|城镇|城区")),
    (re.compile(r"公办"), re.compile(r"民办")),
)


def _other_side(query: Query, answer: Answer) -> str:
    """The side a question names ('农村低保') when the figures that answer it name only the other side
    of the same thing ('城市低保标准') in their project and indicator. The thing must follow the side
    word in both, so '共青城市' (a place) is no 城市 side of anything. (A passage is not judged so: one
    that says '靠近城镇的村庄…纳入城镇污水管网' may well be the answer about 农村污水.)"""
    for first, second in _SIDES:
        for asked, other in ((first, second), (second, first)):
            named = asked.search(query.text)
            if named is None or other.search(query.text):
                continue
            thing = re.match(r"的?([\u4e00-\u9fff]{2})", query.text[named.end():])
            if thing is None:
                continue
            asked_thing = re.compile(rf"(?:{asked.pattern})的?{thing[1]}")
            other_thing = re.compile(rf"(?:{other.pattern})的?{thing[1]}")
            said = [f"{f.project}{f.indicator}" for f in answer.figures]
            if said and all(other_thing.search(text) and not asked_thing.search(text) for text in said):
                return f"{named[0]}{thing[1]}方面"
    return ""


# A number in a unit of each strict kind of quantity, as a transcript writes it.
_QUANTITY = {
    "money": re.compile(r"\d[\d.]*(?:万|亿|千)?元|免费|不收|减免"),  # ('免费提供' says how much too)
    "area": re.compile(r"\d[\d.]*(?:万|千)?(?:平方米|平米|平方公里|亩|公顷)"),
    "length": re.compile(r"\d[\d.]*(?:万|千)?(?:公里|千米|米)"),
    "percent": re.compile(r"\d[\d.]*%|百分之"),
}


def _passage_without_quantity(query: Query, answer: Answer) -> bool:
    """'口袋公园占地多大' answered by a sentence about the park that states no area: a how-much
    question in money, area, length or percent needs a number in that unit, wherever it is found."""
    pattern = _QUANTITY.get(query.unit_class)
    return query.kind == "figure" and answer.kind == "passage" and pattern is not None and not pattern.search(_said(answer.text))


_NUMBER = re.compile(r"\d|[一二两三四五六七八九十百千万]+(?:个|座|所|家|项|处|条|户|套|名|人|万|亿)")


def _count_without_number(query: Query, answer: Answer) -> bool:
    """'有几个老旧小区开工' answered by a sentence that only mentions 老旧小区 and states no number:
    no figure matched, and a passage without a number cannot say how many."""
    return (
        query.kind == "figure"
        and query.unit_class.startswith("count")
        and answer.kind == "passage"
        and not _NUMBER.search(_said(answer.text))
    )


# '每个月收费多少钱': an amount, which only a sum of money (or 'free') states.
_ASKS_AMOUNT = re.compile(r"多少钱|多少元|几块钱?|几元|啥价|什么价")
_AMOUNT = re.compile(r"\d[\d.]*(?:万|千)?元|免费|不收")


_ASKED_COUNT = re.compile(r"(?:多少|几)([\u4e00-\u9fff]{1,4})")
_ANY_COUNT = frozenset("个 件 项 钱".split())
_MEASURES = frozenset("个名所项套户座处条台张家辆次部间人元支场例批件份盏棵株位组天亩吨米")


def _counted_elsewhere(query: Query, answer: Answer) -> bool:
    """'大桥拓宽以后是几车道' answered by a sentence about the bridge that counts nothing in 车道: what
    the question counts ('几车道', '多少名孩子' → 名) follows none of the sentence's numbers."""
    if query.kind != "figure" or answer.kind != "passage":
        return False
    asked = _ASKED_COUNT.search(query.text)
    if asked is None:
        return False
    word = asked[1][0] if asked[1][0] in _MEASURES else query.counted
    if not word or word in _ANY_COUNT or query.text[max(asked.start() - 1, 0)] == "哪":
        return False  # ('多少个孩子' may be counted in 名; '哪几件' asks which)
    return not re.search(rf"\d[\d.,]*(?:万|亿)?{re.escape(word)}", _said(answer.text))


# '由相关部门另行发布', '另行通报': the conference says it is not the place this is reported.
_REPORTED_ELSEWHERE = re.compile(r"另行(?:发布|通报|公布|介绍)|不在(?:本次|此次|今天)(?:发布会)?(?:发布|通报)")


def _counts_another_thing(query: Query, answer: Answer) -> bool:
    """'星月湖学校二期建成后能新增多少学位' answered by '…星月湖学校二期、攸县城北中学2个项目仍在进行
    主体施工': the figure counts projects, which is never a count of the noun asked about (学位)."""
    noun = query.counted
    if answer.kind != "figure" or len(answer.figures) != 1 or len(noun) < 2 or noun in _PROJECT_WORDS:
        return False
    if re.search(r"哪(?:几|些)", query.text):
        return False  # '哪几个项目' asks which
    figure = answer.figures[0]
    counts_projects = figure.indicator.endswith(_PROJECT_WORDS) and figure.unit in ("个", "项") or re.search(
        rf"(?<![\d.]){re.escape(f'{figure.value:g}{figure.unit}')}(?:{'|'.join(_PROJECT_WORDS)})", figure.sentence
    )
    return bool(counts_projects) and noun not in figure.indicator


_PROJECT_WORDS = ("项目", "工程", "个项目")


_EVENT = re.compile(r"开工|完工|竣工|建成|通车|投用|投入使用|开园|招生|开放|贯通|打通|入住|交付|开通|上线|启用")


_AFTER_STEP = re.compile(r"[\u4e00-\u9fff]{2,8}(?:完成|结束|批复|到位|办结)(?:后|之后|以后)")


def _says_when(query: Query, said: str) -> bool:
    """True when a passage names a time, and the event the question asks the time of if it names one."""
    events = _EVENT.findall(query.text)
    timed = has_time(said) or _AFTER_STEP.search(said)  # ('招标完成后开工建设': when, by what comes first)
    return bool(timed) and (not events or any(event in said for event in events))


def _said(text: str) -> str:
    """A reply without its source line (which has the conference's date)."""
    return "\n".join(line for line in text.splitlines() if not line.startswith("来源"))


def _related(answer: Answer, what: str) -> Answer:
    """'Not found', with what was found offered as related, never as the answer."""
    return replace(
        answer,
        found=False,
        kind="none",
        text=f"没有找到{what}的相关数据或说明。\n相关的内容：{answer.text}",
    )
