"""Follow-ups: rewrite "那中小学呢?" / "还差多少" into a whole question from the chat's last one,
and decide what to remember after an answer."""

from __future__ import annotations

import re
import time
from dataclasses import replace

from bot.qa.answer import Answer
from bot.qa.context import Context
from bot.qa.lexicon import Lexicon
from bot.qa.spelling import Speller
from bot.qa.understand import CUE_WORDS, Query, understand

_LEAD = re.compile(r"^(?:那么|那|还有|另外)")
_FILLER = re.compile(r"[已了的是有吗呢]")
_MEASURE = re.compile(r"(多少|几)(?:个|所|套|座|名|支|场|次|例|家|户|项|辆|条|台|张|处|盏|公里|米|亩|吨)")
# Words that say what happened or how much, not what about ('现在建好了几个'): no follow-up's topic.
_ACTION = re.compile(
    r"完成|开工|完工|建成|建好|修好|竣工|投用|投运|投资|到位|发放|计划|目标|任务|现在|目前|已经|已|了|多少|几|"
    r"(?:个|所|套|座|处|户|条|台|张|盏|公里|亩|吨)$"
)
# A lexicon name this short ('小区') is a piece of what the question named ('老旧小区改造').
SHORT_NAME = 2
_PLAN_WORDS = re.compile(r"全年|年度|目标|任务|计划|规划|年内|今年|总体|总")
_PLAN_PHRASE = re.compile(r"(?:全年|年度|今年|年内)?(?:的)?(?:目标|任务|计划)(?:数)?")
_NOT_TOPIC = re.compile(r"计划|规划|目标|已经|已|了|完成|是|有|的|年内|目前|现在")


def resolve(query: Query, context: Context, lexicon: Lexicon, speller: Speller) -> Query:
    """The question with what a follow-up leaves out filled in from the chat's last question."""
    if not context.text:
        return query
    entity = lexicon.entity(query.text)
    if entity and len(_PLAN_WORDS.sub("", entity)) < 2:
        entity = ""  # '全年目标是多少': a name made of plan words ('全年目标任务') names no topic
    if entity and entity in context.text:
        entity = ""  # the same topic again ('培训' after '文艺骨干培训…'): a continuation
    rest = CUE_WORDS.sub("", query.text)
    if query.county:
        rest = rest.replace(query.county, "").replace(query.county[:-1], "")
    rest = _LEAD.sub("", rest).strip("?!。, ")
    if (
        not entity and query.follow_up and context.entity and len(rest) >= 2 and rest not in context.text
        and not _ACTION.search(rest)
    ):
        entity = rest  # '那公交候车亭呢': whatever it names takes the last topic's place
    if not query.follow_up and (entity or len(rest) > 6):
        return query
    if query.county and not entity and len(rest) <= 2:
        text = _swap(context.text, context.county, query.county)
    elif entity and (old := context.entity or lexicon.entity(context.text)):
        text = context.text.replace(old, entity, 1) if len(rest) <= len(entity) + 2 else query.text
        if text != query.text:
            text = _MEASURE.sub(r"\1", text)  # '…整治多少条' → '…多少': another topic has its own unit
        if query.county:
            text = _swap(text, context.county, query.county)
    elif entity:
        return query
    else:
        # With words of its own ('基本建成多少套') a follow-up borrows only the topic's name;
        # with none ('还差多少', '完成了多少') it borrows everything the last question was about.
        own_words = _FILLER.sub("", query.topic)
        borrow_all = not own_words or not context.entity or context.entity in query.text
        asked = query.text
        if not _PLAN_WORDS.sub("", own_words):
            # '全年目标是多少': the plan, said in the words transcripts use for it ('计划'), not in rare
            # ones that would outweigh the topic borrowed
            asked = _PLAN_PHRASE.sub("计划", query.text, count=1)
        text = (context.topic if borrow_all else context.entity) + asked
        if not query.county and context.county and context.county not in text:
            text = context.county + text  # '目标是多少' after '路北区开工了几个': still 路北区's
    if query.sources is None and context.scope:
        text = context.scope + text  # …and in the year, month and session it named
    if not query.city and context.city and context.city.removesuffix("市") not in text:
        text = context.city + text  # a follow-up stays in the city its chat was asking about
    rewritten = understand(text, lexicon, speller)
    if rewritten.problem:
        return query
    if query.wants_target or query.wants_progress:
        # the follow-up's own words say plan or progress ('上半年完成了多少' after '计划总投资多少'), not
        # the words borrowed from the last question
        rewritten = replace(rewritten, wants_target=query.wants_target, wants_progress=query.wants_progress)
    elif not rewritten.wants_target and not rewritten.wants_progress:
        rewritten = replace(rewritten, wants_progress=context.figure_kind == "progress")
    if not entity and not rewritten.unit_class and context.unit_class and not query.unit_class:
        rewritten = replace(rewritten, unit_class=context.unit_class)  # '目标是多少' after '开工了几所
    return replace(rewritten, raw=query.raw)


def remember(query: Query, answer: Answer, previous: Context, lexicon: Lexicon) -> Context:
    """What to keep for the next question: only what was answered."""
    if not answer.found:
        return previous
    return Context(
        text=query.text,
        entity=_subject_of(query, answer, lexicon),
        topic=_NOT_TOPIC.sub("", query.topic),
        county=query.county,
        city=query.city,
        scope=_scope_words(query),
        kind=query.kind,
        figure_kind=answer.figures[0].kind if answer.figures else "",
        unit_class=query.unit_class,
        at=time.time(),
    )


def _scope_words(query: Query) -> str:
    """The year, report month and session a question named, as words a follow-up can be given."""
    if query.sources is None:
        return ""
    year = f"{query.year}年" if query.year else ""
    # (a month the question dated its figure by, '2021年4月承德…', holds for the follow-up too)
    month = query.report_month or query.month
    month = f"{month}月份的" if month else ""
    session = f"的第{query.session}场" if query.session else ""
    return f"{year}{month}{session}"


def _subject_of(query: Query, answer: Answer, lexicon: Lexicon) -> str:
    """What the answered question was about: the lexicon's name for it, or the longer run of words
    the question and its figure share when that name is a mere piece ('老旧小区改造' for '小区')."""
    text = query.text
    if query.department:  # '妇联两癌救助…': the department asked of is not what it was about
        for form in sorted((f for f, owner in lexicon.departments.items() if owner == query.department), key=len, reverse=True):
            text = text.replace(form, "")
    named = lexicon.entity(text) or lexicon.entity(query.text)
    shared = _shared_subject(query.topic, answer.figures[0]) if answer.figures else ""
    return shared if len(named) <= SHORT_NAME and len(shared) > len(named) and named in shared else named or shared


def _shared_subject(topic: str, figure) -> str:
    """What a question and the figure that answered it both name ('农村公路' of '农村公路今年计划修多少'
    and '全年计划新改建农村公路'): their longest common run of characters, when no lexicon entity is."""
    named = _NOT_TOPIC.sub(" ", f"{figure.project} {figure.indicator}")
    best = ""
    for start in range(len(topic)):
        for end in range(start + len(best) + 1, len(topic) + 1):
            if topic[start:end] not in named:
                break
            best = topic[start:end]
    return best if len(best) >= 2 else ""


def _swap(text: str, old: str, new: str) -> str:
    """Replace a county (full or short form) in a question, or put the new one in front."""
    if old and old in text:
        return text.replace(old, new, 1)
    if old and old[:-1] and old[:-1] in text:
        return text.replace(old[:-1], new, 1)
    return new + text
