"""The question-answering engine over one immutable knowledge snapshot: understand, route, answer."""

from __future__ import annotations

import re
import time
from collections import defaultdict
from dataclasses import replace

from bot.domain import Figure, Knowledge
from bot.qa import followup
from bot.qa.answer import Answer
from bot.qa.context import CONTEXT_TTL_SECONDS, Context
from bot.qa.kinds import computed, counties, cross, items, meta, passages, ranking, who, yesno
from bot.qa.kinds.figure import figure, parts
from bot.qa.kinds.kit import MIN_FIGURE, Kit
from bot.qa.kinds.not_found import examples, not_found
from bot.ingest.transcript import short_department
from bot.qa.lexicon import Lexicon, department_abbreviations
from bot.qa.spelling import Speller
from bot.qa.terms import STOP_CHARS, STOP_WORDS
from bot.qa.understand import WHY_HOW, Query, understand
from bot.qa.verify import verify

# Each kind's handlers, tried in order until one answers.
HANDLERS = {
    "change": (computed.change, figure),
    "meta": (meta.meta, who.who),
    "who": (who.who, meta.meta),  # '发布会来了哪几个部门的负责人' is about the conference
    "when": (passages.when, passages.passage),
    "remaining": (computed.remaining, figure),
    "rate": (computed.rate, figure),
    "counties": (counties.counties, counties.county_passage, figure),
    "items": (items.named_items, items.items, passages.passage),
    "passage": (parts, passages.passage, figure),
    "figure": (parts, figure, passages.passage),
}
NOT_DONE = re.compile(r"没建完|没完成|未完成|没开工|未开工|尚未|还没|没有完成|没修完|没建成")
# A question made only of these says nothing about which project ('完成了多少', '进度怎么样').
VAGUE_WORDS = frozenset("完成 开工 建成 进度 进展 情况 目标 计划 任务 完成率 怎么样 多少 现在 目前 已经".split())


def _department_forms(department: str) -> frozenset[str]:
    """'市住房和城乡建设局' → {住房和城乡建设局, 住建局, …}: the names one department goes by, so two
    transcripts naming it differently ('市住建局') are known to mean the same one."""
    short = short_department(department)
    return frozenset({short, *department_abbreviations(short)})


class Engine:
    """Answers questions from a Knowledge snapshot; pure, no I/O, safe to share between threads."""

    def __init__(self, knowledge: Knowledge, *, warm: bool = True) -> None:
        self.knowledge = knowledge
        self.lexicon = Lexicon.build(knowledge)
        self.kit = Kit(knowledge, self.lexicon)
        self.search = self.kit.search
        lexicon = self.lexicon
        names = "\n".join([*lexicon.aliases, *lexicon.aliases.values(), *lexicon.vocabulary])
        figures = "\n".join(f"{f.project}\n{f.indicator}" for f in knowledge.figures)
        self.speller = Speller(lexicon, "\n".join((lexicon.corpus, figures, names)))
        # Which conferences each name of a department spoke at ('住建局' for 市住建局 and 市住房和城乡建设局),
        # worked out once per snapshot.
        by_form: dict[str, set[str]] = defaultdict(set)
        for item in (*knowledge.speakers, *knowledge.figures, *knowledge.passages):
            if item.department:
                by_form[item.department].add(item.source_id)
        self._sources_by_form: dict[str, set[str]] = defaultdict(set)
        self._departments_by_form: dict[str, set[str]] = defaultdict(set)
        self._department_sources = dict(by_form)
        for department, ids in by_form.items():
            for form in _department_forms(department):
                self._sources_by_form[form] |= ids
                self._departments_by_form[form].add(department)
        if warm:
            self._warm_up()  # a one-shot question (`ask "…"`) skips it: it would pay twice

    def _ask(self, text: str) -> Query:
        """Understand a question (what the cross-project kinds use for each of their parts)."""
        return understand(text, self.lexicon, self.speller)

    def warm_up(self) -> None:
        """Answer a few questions, so the next one pays no lazy set-up (see _warm_up); for an engine
        loaded from a cache (bot/qa/persist.py), whose process has not answered yet."""
        self._warm_up()

    def _warm_up(self) -> None:
        """Answer a few questions now, so the first user's answer pays no lazy set-up (the speller's
        sound table, pinyin, OpenCC, regex compilation): a start or a reload is ready at full speed."""
        for question in [*self.examples(2), "凤凰山大侨進度怎么样", "哪家媒体提问了"]:
            self.answer(question)
        self.search.forget()  # (a saved engine carries no question's rankings)

    def answer(self, text: str, context: Context | None = None) -> tuple[Answer, Context]:
        """Answer one question; returns the reply and the chat's new context."""
        context = context or Context()
        if context.at and time.time() - context.at > CONTEXT_TTL_SECONDS:
            context = Context()
        self.search.forget()
        query = understand(text, self.lexicon, self.speller)
        if query.problem.startswith("scope:") and (parts := cross.two_parts(self.kit, replace(query, problem="", sources=None), self._ask)):
            # '承德2021年4月和邢台2022年6月,棚改各开工多少套': each part has its own scope, the whole none.
            return parts, context
        query = self._department_in_scope(query)
        if not query.problem and (absent := self._department_absent(query)):
            query = replace(query, problem=f"scope:抱歉，所问的发布会上{absent}没有发布。")
        if query.problem or not self.knowledge.figures and not self.knowledge.passages:
            return not_found(self.kit, query), context
        query = followup.resolve(query, context, self.lexicon, self.speller)
        if self._too_vague(query):
            return not_found(self.kit, replace(query, problem="vague")), context
        answer = self._dispatch(query)
        answer = verify(query, answer) if answer is not None else not_found(self.kit, query)
        return answer, followup.remember(query, answer, context, self.lexicon)

    def search_figures(self, keyword: str, limit: int = 30) -> list[Figure]:
        """Figures matching a keyword, best first (for /figures and inline mode)."""
        query = understand(keyword, self.lexicon, self.speller)
        query = replace(query, wants_target=False, wants_progress=False, unit_class="")
        ranked = self.search.rank_figures(query)
        return [s.item for s in ranked if s.score >= MIN_FIGURE][:limit]

    def topics(self) -> dict[str, dict[str, list[Figure]]]:
        """Department → project → figures, in the order the transcripts state them."""
        tree: dict[str, dict[str, list[Figure]]] = defaultdict(lambda: defaultdict(list))
        for fig in self.knowledge.figures:
            tree[fig.department or "其他"][fig.project or "其他"].append(fig)
        return {d: dict(p) for d, p in tree.items()}

    def examples(self, count: int = 3) -> list[str]:
        """Short example questions drawn from the knowledge."""
        return examples(self.kit, count)

    def _dispatch(self, query: Query) -> Answer | None:
        """Try the handlers for the question's kind, then the general ones."""
        handlers = HANDLERS[query.kind]
        if (query.county or query.place) and query.kind in ("figure", "passage", "counties") and not WHY_HOW.search(query.text):
            handlers = (counties.counties, *handlers)
            if counties.YES_NO.search(query.text):
                # 'X县有建成的体育公园吗': a list in prose ('分别位于A县、B县…') answers it too.
                handlers = (handlers[0], counties.county_passage, *handlers[1:])
        if query.kind not in ("meta", "who", "change") and not query.county:
            # '离1000名的目标还差多少': what remains to a target the asker states.
            # '开工400处了吗', '都开工了吗': a yes or no about a quantity, then the figure.
            handlers = (yesno.remains_to, yesno.supposed_number, yesno.all_done, *handlers)
        if query.kind == "counties" and NOT_DONE.search(query.text):
            # Lists count what is done; which counties are *not* done is said in prose.
            handlers = (counties.county_passage, *handlers)
        if query.kind not in ("meta", "who") and (answer := ranking.fastest(self.kit, query)) is not None:
            return answer  # '…几项工程里哪项进展最快'
        if query.kind not in ("meta", "who") and (answer := computed.since_start(self.kit, query)) is not None:
            return answer  # '比年初提高了几个百分点', stated in one sentence
        if query.kind not in ("meta", "who", "change") and (answer := computed.then(self.kit, query)) is not None:
            return answer  # '2月底的时候有多少个': now, less the change since then that is stated
        if query.kind not in ("meta", "who"):
            # Two subjects at once, or everything one county has: answered across projects.
            for across in (cross.each_city, cross.two_asks, cross.two_parts, cross.parts_summed, cross.county_page, cross.department_page):
                answer = across(self.kit, query, self._ask)
                if answer is not None:
                    return answer
        for handler in handlers:
            answer = handler(self.kit, query)
            if answer is not None:
                return answer
        return None

    def _department_in_scope(self, query: Query) -> Query:
        """The question's department as the conferences it is limited to name it: '九江城管局' is the
        九江市城市管理局 that spoke there, not another city's 市城管局 that the name first matched."""
        if not query.department or query.sources is None or self._department_sources.get(query.department, set()) & query.sources:
            return query
        there = sorted({
            department for form in _department_forms(query.department) for department in self._departments_by_form.get(form, ())
            if self._department_sources.get(department, set()) & query.sources
        })
        return replace(query, department=there[0]) if len(there) == 1 else query

    def _department_absent(self, query: Query) -> str:
        """The department a question names when no one from it spoke at the conferences the question
        is limited to ('承德2024年第二场发布会上文旅局通报了什么'): its name, else ''."""
        if not query.department or query.sources is None:
            return ""
        spoke = any(self._sources_by_form.get(form, set()) & query.sources for form in _department_forms(query.department))
        return "" if spoke else query.department

    def _too_vague(self, query: Query) -> bool:
        """'完成了多少' with nothing before it: no project, place, person or specific word to go on."""
        if query.kind == "meta" or query.county or query.department or query.speaker or query.unit_class or self.lexicon.entity(query.text):
            return False  # a question about the conference itself ('那场发布会哪个媒体提问了') names it enough
        if re.search(r"[a-z]+\d+|\d+[a-z]+", query.text):
            return False  # a code names its thing: S354, G112
        rest = [w for w in self.lexicon.words(query.topic) if w not in VAGUE_WORDS and w not in STOP_WORDS]
        return not "".join(ch for w in rest for ch in w if ch not in STOP_CHARS and "\u4e00" <= ch <= "\u9fff")
