"""The question-answering engine over one immutable knowledge snapshot."""

from __future__ import annotations

import re
import time
from collections import defaultdict
from dataclasses import replace

from bot.domain import Figure, Knowledge, Passage
from bot.qa.answer import Answer, Citation, Option
from bot.qa.compose import Composer, amount, date_label, label, number, percent
from bot.qa.context import CONTEXT_TTL_SECONDS, Context
from bot.qa.lexicon import GENERIC_WORDS, Lexicon
from bot.qa.terms import STOP_CHARS, STOP_WORDS
from bot.qa.search import NEAR_TIE, Scored, Search, has_time, scaled, unit_base, unit_class
from bot.qa.spelling import Speller
from bot.qa.understand import CUE_WORDS, Query, understand

# Minimum share of a question's term weight an answer must cover. Measured on the dev set:
# wrong answers cluster below 0.4, right ones above 0.5.
MIN_FIGURE = 0.45
MIN_PASSAGE = 0.5
# A question that asks for a per-county list says what it wants; its topic words need to
# match less of the question ("哪些县区在建中小学": 在建 is in no transcript).
MIN_BREAKDOWN = 0.35
# Below this nothing is even offered as a nearby topic.
MIN_SUGGESTION = 0.2
# A passage shorter than this is a heading: the sentences under it are the answer.
SHORT_PASSAGE = 20
MAX_PASSAGE_ANSWER = 160
MAX_PARAGRAPH_ANSWER = 220
# '其余24个正在建设', '剩余112个': what is left is not progress towards the target.
REMAINDER = re.compile(r"其余|剩余|剩下|尚未|未完成|未开工|另有")
NOT_DONE = re.compile(r"没建完|没完成|未完成|没开工|未开工|尚未|还没|没有完成|没修完|没建成")
_COUNTY_NAME = re.compile(r"[\u4e00-\u9fff]{2,6}?(?:县|区|旗)(?![城域])")
# How/what-is-done questions want the whole numbered item, not its best sentence.
HOW = re.compile(r"怎么|如何|怎样|什么形式|形式|方式|措施|举措|做法|哪些工作|采取|哪(?:里|儿)?(?:办|申请|领|报名|登记)")
MAX_OPTIONS = 3
MAX_EXAMPLE_CHARS = 16
# A question made only of these says nothing about which project ('完成了多少', '进度怎么样').
VAGUE_WORDS = frozenset("完成 开工 建成 进度 进展 情况 目标 计划 任务 完成率 怎么样 多少 现在 目前 已经".split())
MAX_LISTED = 8


class Engine:
    """Answers questions from a Knowledge snapshot; pure, no I/O, safe to share between threads."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        self.lexicon = Lexicon.build(knowledge)
        self.search = Search(knowledge, self.lexicon)
        names = "\n".join([*self.lexicon.aliases, *self.lexicon.aliases.values(), *self.lexicon.vocabulary])
        figures = "\n".join(f"{f.project}\n{f.indicator}" for f in knowledge.figures)
        self.speller = Speller(self.lexicon, "\n".join((self.lexicon.corpus, figures, names)))
        self.compose = Composer(knowledge)
        self._groups = _groups(knowledge.figures)
        self._lines: dict[tuple[str, int], list[Passage]] = defaultdict(list)
        self._item_passages: dict[tuple[str, str, str], list[Passage]] = defaultdict(list)
        self._next_answer: dict[tuple[str, int], Passage] = {}
        self._index_passages(knowledge.passages)

    def _index_passages(self, passages: tuple[Passage, ...]) -> None:
        """Passages by source line, by numbered item, and each question's answer: no scans per answer."""
        pending_questions: list[tuple[str, int]] = []
        for passage in passages:
            self._lines[(passage.source_id, passage.line)].append(passage)
            if passage.heading:
                item = passage.heading.split("/", 1)[0]
                self._item_passages[(passage.source_id, passage.kind, item)].append(passage)
            if passage.kind == "question":
                pending_questions.append((passage.source_id, passage.position))
            elif passage.kind == "answer":
                for key in pending_questions:
                    if key[0] == passage.source_id:
                        self._next_answer.setdefault(key, passage)
                pending_questions = [k for k in pending_questions if k[0] != passage.source_id]

    # -- public ----------------------------------------------------------------------------

    def answer(self, text: str, context: Context | None = None) -> tuple[Answer, Context]:
        """Answer one question; returns the reply and the chat's new context."""
        context = context or Context()
        if context.at and time.time() - context.at > CONTEXT_TTL_SECONDS:
            context = Context()
        self.search.forget()
        query = understand(text, self.lexicon, self.speller)
        if query.problem or not self.knowledge.figures and not self.knowledge.passages:
            return self._not_found(query), context
        query = self._with_context(query, context)
        if self._too_vague(query):
            return self._not_found(replace(query, problem="vague")), context
        answer = self._dispatch(query) or self._not_found(query)
        return answer, self._next_context(query, answer, context)

    def search_figures(self, keyword: str, limit: int = 30) -> list[Figure]:
        """Figures matching a keyword, best first (for /figures and inline mode)."""
        query = understand(keyword, self.lexicon, self.speller)
        query = replace(query, wants_target=False, wants_progress=False, unit_class="")
        ranked = self.search.rank_figures(query)
        return [s.item for s in ranked if s.score >= MIN_FIGURE][:limit]

    def topics(self) -> dict[str, dict[str, list[Figure]]]:
        """Department → project → figures, in the order the transcripts state them."""
        tree: dict[str, dict[str, list[Figure]]] = defaultdict(lambda: defaultdict(list))
        for figure in self.knowledge.figures:
            tree[figure.department or "其他"][figure.project or "其他"].append(figure)
        return {d: dict(p) for d, p in tree.items()}

    def examples(self, count: int = 3) -> list[str]:
        """Short example questions drawn from the knowledge: one per department, its most quotable figure."""
        best: dict[str, tuple[int, str]] = {}
        for figure in self.knowledge.figures:
            if figure.kind != "progress" or figure.county or not figure.indicator:
                continue
            question = f"{_short_topic(figure)}{figure.indicator.removeprefix('已')}多少{_measure(figure.unit)}?"
            if len(question) <= MAX_EXAMPLE_CHARS and len(question) < best.get(figure.department, (99, ""))[0]:
                best[figure.department] = (len(question), question)
        return [question for _, question in list(best.values())[:count]]

    # -- routing ---------------------------------------------------------------------------

    def _dispatch(self, query: Query) -> Answer | None:
        """Try the handler for the question's kind, then the general ones."""
        handlers = {
            "change": (self._change, self._figure),
            "who": (self._who,),
            "when": (self._when, self._passage),
            "remaining": (self._remaining, self._figure),
            "rate": (self._rate, self._figure),
            "counties": (self._counties, self._county_passage, self._figure),
            "items": (self._items, self._passage),
            "passage": (self._passage, self._figure),
            "figure": (self._figure, self._passage),
        }[query.kind]
        if (query.county or query.place) and query.kind in ("figure", "passage", "counties"):
            handlers = (self._counties, *handlers)
        if query.kind == "counties" and NOT_DONE.search(query.text):
            # Lists count what is done; which counties are *not* done is said in prose.
            handlers = (self._county_passage, *handlers)
        for handler in handlers:
            answer = handler(query)
            if answer is not None:
                return answer
        return None

    # -- context ---------------------------------------------------------------------------

    def _with_context(self, query: Query, context: Context) -> Query:
        """Rewrite a follow-up into a whole question using what the chat asked before."""
        if not context.text:
            return query
        entity = self._entity(query.text)
        if entity and entity in context.text:
            entity = ""  # the same topic again ('培训' after '文艺骨干培训…'): a continuation
        rest = CUE_WORDS.sub("", query.text)
        if query.county:
            rest = rest.replace(query.county, "").replace(query.county[:-1], "")
        rest = re.sub(r"^(?:那么|那|还有|另外)", "", rest)
        if not query.follow_up and (entity or len(rest) > 6):
            return query
        if query.county and not entity and len(rest) <= 2:
            text = _swap(context.text, context.county, query.county)
        elif entity and (old := context.entity or self._entity(context.text)):
            text = context.text.replace(old, entity, 1) if len(rest) <= len(entity) + 2 else query.text
            if query.county:
                text = _swap(text, context.county, query.county)
        elif entity:
            return query
        else:
            # With words of its own ('基本建成多少套') a follow-up borrows only the topic's name;
            # with none ('还差多少', '完成了多少') it borrows everything the last question was about.
            own_words = re.sub(r"[已了的是有吗呢]", "", query.topic)
            borrow_all = not own_words or not context.entity or context.entity in query.text
            text = (context.topic if borrow_all else context.entity) + query.text
        rewritten = understand(text, self.lexicon, self.speller)
        if rewritten.problem:
            return query
        if not rewritten.wants_target and not rewritten.wants_progress:
            rewritten = replace(rewritten, wants_progress=context.figure_kind == "progress")
        return replace(rewritten, raw=query.raw)

    def _too_vague(self, query: Query) -> bool:
        """'完成了多少' with nothing before it: no project, place, person or specific word to go on."""
        if query.county or query.department or query.speaker or self._entity(query.text):
            return False
        if query.unit_class:
            return False
        rest = [w for w in self.lexicon.words(query.topic) if w not in VAGUE_WORDS and w not in STOP_WORDS]
        return not "".join(ch for w in rest for ch in w if ch not in STOP_CHARS and "\u4e00" <= ch <= "\u9fff")

    def _entity(self, text: str) -> str:
        """The longest run of project/topic words in a text ('农村公路', '幼儿园', '棚改'), '' if none."""
        covered = [False] * len(text)
        for name in [*self.lexicon.entity_words, *self.lexicon.aliases]:
            start = text.find(name)
            while start >= 0:
                covered[start: start + len(name)] = [True] * len(name)
                start = text.find(name, start + 1)
        runs = re.finditer(r"1+", "".join("1" if c else "0" for c in covered))
        best = max(runs, key=lambda m: m.end() - m.start(), default=None)
        return text[best.start(): best.end()] if best else ""

    def _next_context(self, query: Query, answer: Answer, previous: Context) -> Context:
        """What to remember for the next question."""
        if not answer.found:
            return previous
        topic = re.sub(r"计划|规划|目标|已经|已|了|完成|是|有|的|年内|目前|现在", "", query.topic)
        return Context(
            text=query.text,
            entity=self._entity(query.text),
            topic=topic,
            county=query.county,
            kind=query.kind,
            figure_kind=answer.figures[0].kind if answer.figures else "",
            at=time.time(),
        )

    # -- handlers --------------------------------------------------------------------------

    def _figure(self, query: Query) -> Answer | None:
        """One figure, the best match, newest when several say the same thing."""
        ranked = self.search.prefer_latest(self.search.rank_figures(query), query)
        if not ranked or ranked[0].score < MIN_FIGURE:
            return None
        best: Figure = ranked[0].item
        answer = self._sourced(self.compose.figure_text(best), "figure", self.compose.cite_figure(best), figures=(best,))
        return replace(answer, options=self._alternatives(ranked))

    def _alternatives(self, ranked: list[Scored]) -> tuple[Option, ...]:
        """Close runners-up measuring something else, offered as 'did you mean'."""
        best = ranked[0]
        seen = {label(best.item)}
        options = []
        for scored in ranked[1:8]:
            name = label(scored.item)
            if scored.score >= NEAR_TIE * best.score and name not in seen:
                seen.add(name)
                options.append(Option(label=name[:40], query=f"{name.replace('·', '')}是多少"))
        return tuple(options[:MAX_OPTIONS])

    def _pair(self, query: Query) -> tuple[Scored, Scored] | None:
        """The progress figure and the target it counts towards that the question is about."""
        unit = "" if query.unit_class == "percent" else query.unit_class
        neutral = replace(query, wants_target=False, wants_progress=False, unit_class=unit)
        ranked = self.search.rank_figures(neutral)
        done = [s for s in ranked if s.item.kind in ("progress", "total") and not REMAINDER.search(s.item.indicator)]
        done = self.search.prefer_latest(done[:12], query)
        goals = [s for s in ranked if s.item.kind == "target"][:12]
        best = None
        for p in done[:6]:
            for t in goals:
                same_thing = p.item.department == t.item.department and unit_base(p.item.unit) == unit_base(t.item.unit)
                if same_thing and not p.item.county and not t.item.county and 0 < scaled(p.item) <= scaled(t.item):
                    score = p.score + t.score + (0.2 if p is done[0] else 0.0)
                    if best is None or score > best[0]:
                        best = (score, p, t)
        if best is None or min(best[1].score, best[2].score) < MIN_FIGURE * 0.6:
            return None
        return best[1], best[2]

    def _rate(self, query: Query) -> Answer | None:
        """A completion rate: stated by the speaker if there is one, else progress ÷ target."""
        pair = self._pair(query)
        stated = [s for s in self.search.rank_figures(query) if s.item.unit == "%"]
        if (
            stated
            and stated[0].score >= MIN_FIGURE
            and self._names_it(query, stated[0].item)
            and (pair is None or stated[0].score > max(pair[0].score, pair[1].score))
        ):
            return self._figure(replace(query, unit_class="percent"))
        if pair is None:
            # No target to divide by: say what is known about the topic itself, not another rate.
            return self._figure(replace(query, unit_class="", kind="figure"))
        done, goal = pair[0].item, pair[1].item
        rate = percent(scaled(done), scaled(goal))
        text = (
            f"{label(done)}：{amount(done)}，{label(goal)}：{amount(goal)}，"
            f"完成比例 {amount(done)} ÷ {amount(goal)} = {rate}（按截至{date_label(done.as_of)}的数字计算）"
        )
        return self._computed(text, "rate", done, goal)

    def _names_it(self, query: Query, figure: Figure) -> bool:
        """True when most of the question's specific words are in what the figure measures."""
        words = [w for w in self.lexicon.words(query.topic) if len(w) >= 2 and w not in STOP_WORDS and w not in GENERIC_WORDS]
        named = figure.indicator
        return not words or sum(w in named for w in words) * 2 >= len(words)

    def _remaining(self, query: Query) -> Answer | None:
        """What is left: target − progress, showing both."""
        pair = self._pair(query)
        if pair is None:
            return None
        done, goal = pair[0].item, pair[1].item
        left = (scaled(goal) - scaled(done)) / (scaled(goal) / goal.value if goal.value else 1)
        text = (
            f"{label(goal)}：{amount(goal)}，{label(done)}：{amount(done)}，"
            f"还差 {amount(goal)} − {amount(done)} = {number(left)}{goal.unit}（截至{date_label(done.as_of)}）"
        )
        return self._computed(text, "remaining", done, goal)

    def _change(self, query: Query) -> Answer | None:
        """Change of a figure between the month asked about and the latest."""
        if query.month is None:
            return None
        now_query = replace(query, month=None)
        ranked = self.search.prefer_latest(self.search.rank_figures(now_query), now_query)
        if not ranked or ranked[0].score < MIN_FIGURE:
            return None
        new: Figure = ranked[0].item
        earlier = [
            s for s in self.search.rank_figures(query, month=query.month)
            if s.item.unit == new.unit and s.item.as_of < new.as_of and s.item.county == new.county
            and (s.item.kind == new.kind or new.unit == "%")
        ]
        if not earlier or earlier[0].score < MIN_FIGURE * 0.2:
            return None
        old: Figure = earlier[0].item
        delta = (scaled(new) - scaled(old)) / (scaled(new) / new.value if new.value else 1)
        verb = "增加" if delta >= 0 else "减少"
        # A change of a percentage is in percentage points, not per cent.
        step = f"{number(abs(delta))}个百分点" if new.unit == "%" else f"{number(abs(delta))}{new.unit}"
        if new.unit == "%":
            verb = "提高" if delta >= 0 else "下降"
        text = (
            f"{label(new)}：{date_label(new.as_of)} {amount(new)}，{date_label(old.as_of)} {amount(old)}，"
            f"{verb} {amount(new)} − {amount(old)} = {step}"
        )
        return self._computed(text, "change", new, old)

    def _computed(self, text: str, kind: str, first: Figure, second: Figure) -> Answer:
        """An answer computed from two figures, citing both."""
        citations = tuple(self.compose.cite_figure(f) for f in (first, second))
        sources = "\n".join(self.compose.source_line(c) for c in dict.fromkeys(citations))
        return Answer(found=True, text=f"{text}\n{sources}", kind=kind, sources=citations, figures=(first, second))

    def _counties(self, query: Query) -> Answer | None:
        """A per-county breakdown: the whole list, or one county's part."""
        ranked = self.search.prefer_latest(self.search.rank_figures(query, grouped=True), query)
        if not ranked or ranked[0].score < MIN_BREAKDOWN:
            return None
        parts = self._groups[ranked[0].item.group]
        head = parts[0]
        subject = head.project or head.indicator
        listed = "、".join(f"{f.county}{amount(f)}" for f in parts)
        place = query.county or query.place
        if place:
            mine = [f for f in parts if f.county == query.county] if query.county else []
            if mine:
                first = f"{place}有{subject}{amount(mine[0])}（截至{date_label(mine[0].as_of)}）。"
            else:
                first = f"{place}不在所列的{subject}名单中，没有{place}的项目。名单：{listed}。"
        else:
            first = f"{subject}分布在{len(parts)}个县区：{listed}（截至{date_label(head.as_of)}）。"
        return self._sourced(first + self._sum_note(parts), "counties", self.compose.cite_figure(head), figures=tuple(parts))

    def _county_passage(self, query: Query) -> Answer | None:
        """Counties named in prose ('尚未完成的是围场县、丰宁县和隆化县'): the sentence that names them."""
        for scored in self.search.rank_passages(query, answers_first=True)[:10]:
            if scored.score >= MIN_PASSAGE * 0.8 and len(_COUNTY_NAME.findall(scored.item.text)) >= 2:
                return self._passage_answer(scored.item, "counties")
        return None

    def _sum_note(self, parts: list[Figure]) -> str:
        """The sum of a breakdown, and whether it matches the total the speaker gave."""
        added = sum(f.value for f in parts)
        unit = parts[0].unit
        total = parts[0].group_total
        if total is None:
            return f"合计{number(added)}{unit}。"
        if abs(total - added) < 1e-9:
            return f"合计{number(added)}{unit}，与发布的总数一致。"
        return f"注意：所列各县区合计{number(added)}{unit}，但发布中说总数是{number(total)}{unit}，两者不一致。"

    def _items(self, query: Query) -> Answer | None:
        """The items a department or project works on: its numbered headings and its targets."""
        department = query.department
        ranked = self.search.rank_figures(replace(query, wants_target=True))
        if not department and (not ranked or ranked[0].score < MIN_FIGURE):
            return None
        if not department:
            department = ranked[0].item.department
        headings = self._headings(department)
        project = ranked[0].item.project if ranked and ranked[0].score >= MIN_FIGURE else ""
        targets = [
            f for f in self.knowledge.figures
            if f.kind == "target" and f.department == department and not f.county and (not project or not headings or f.project == project)
        ]
        if not headings and not targets:
            return None
        lines = []
        if headings:
            lines.append(f"{department}的重点工作：" + "；".join(f"{i}. {h}" for i, h in enumerate(headings, 1)) + "。")
        if targets:
            lines.append("年度任务：" + "；".join(f"{label(f)} {amount(f)}" for f in targets[:MAX_LISTED]) + "。")
        source = targets[0] if targets else None
        citation = self.compose.cite_figure(source) if source else None
        text = "\n".join(lines) + (f"\n{self.compose.source_line(citation, quote=False)}" if citation else "")
        return Answer(found=True, text=text, kind="items", sources=(citation,) if citation else (), figures=tuple(targets[:MAX_LISTED]))

    def _headings(self, department: str) -> list[str]:
        """Numbered item titles of a department's latest report, in order."""
        latest: dict[str, list[str]] = defaultdict(list)
        for passage in self.knowledge.passages:
            if passage.department == department and passage.kind == "speech" and passage.heading:
                title = passage.heading.split("/", 1)[0]
                if title not in latest[passage.source_id]:
                    latest[passage.source_id].append(title)
        if not latest:
            return []
        return latest[max(latest, key=lambda sid: self.compose.sources[sid].as_of if sid in self.compose.sources else "")]

    def _who(self, query: Query) -> Answer | None:
        """Who someone is, who is responsible, who asked or who answered."""
        if query.speaker:
            department, title = self.lexicon.speakers[query.speaker]
            return self._plain(f"{query.speaker}是{department}{title}。", "who")
        if re.search(r"回答|答的|谁答|解答", query.text):
            return self._qa_person(query, "answer")
        if re.search(r"媒体|记者|谁问|哪家|提问|提的|问的|谁提", query.text):
            return self._qa_person(query, "question")
        if query.department:
            people = [s for s in self.knowledge.speakers if s.department == query.department]
            title = re.search(r"副?(?:局长|主任|书记|院长|处长|部长)", query.text)
            if title:
                people = [s for s in people if s.title == title[0]] or people
            if people:
                names = "、".join(dict.fromkeys(f"{s.department}{s.title}{s.name}" for s in people))
                return self._plain(f"{names}。", "who")
            return None
        ranked = self.search.rank_figures(query)
        passages = self.search.rank_passages(query)
        if ranked and ranked[0].score >= MIN_FIGURE:
            department, speaker, source_id = ranked[0].item.department, ranked[0].item.speaker, ranked[0].item.source_id
            subject = ranked[0].item.project
        elif passages and passages[0].score >= MIN_PASSAGE:
            p = passages[0].item
            department, speaker, source_id, subject = p.department, p.speaker, p.source_id, p.project or p.heading
        else:
            return None
        title = self.compose.titles.get((source_id, speaker), department)
        return self._plain(f"{subject}由{department}负责，发布人：{title}{speaker}。", "who")

    def _qa_person(self, query: Query, kind: str) -> Answer | None:
        """The outlet that asked, or the official who answered, a question on the topic."""
        ranked = self.search.rank_passages(query, kinds=("question",))
        if not ranked or ranked[0].score < MIN_PASSAGE * 0.6:
            return None
        asked: Passage = ranked[0].item
        if kind == "question":
            return self._plain(f"是{asked.speaker}提的问题：“{asked.text}”", "who", asked)
        answer = self._next_answer.get((asked.source_id, asked.position))
        if answer is None:
            return None
        title = self.compose.titles.get((answer.source_id, answer.speaker), answer.department)
        return self._plain(f"由{title}{answer.speaker}回答（{asked.speaker}提问：“{asked.text}”）。", "who", answer)

    def _when(self, query: Query) -> Answer | None:
        """When something happens: the best passage that names a time."""
        ranked = [s for s in self.search.rank_passages(query)[:10] if has_time(s.item.text)]
        if query.county:
            ranked.sort(key=lambda s: -(s.score + (0.3 if query.county in s.item.text else 0)))
        if not ranked or ranked[0].score < MIN_PASSAGE * 0.8:
            return None
        return self._passage_answer(ranked[0].item, "when")

    def _passage(self, query: Query) -> Answer | None:
        """The sentence that best answers a how/what/whether question."""
        ranked = self.search.rank_passages(query, answers_first=bool(HOW.search(query.text)))
        if not ranked or ranked[0].score < MIN_PASSAGE:
            return None
        best: Passage = ranked[0].item
        if HOW.search(query.text) and best.heading:
            return self._paragraph_answer(best)
        return self._passage_answer(best, "passage")

    def _paragraph_answer(self, passage: Passage) -> Answer:
        """The sentences of the numbered item a passage is under: how something is done."""
        item = passage.heading.split("/", 1)[0]
        siblings = self._item_passages[(passage.source_id, passage.kind, item)]
        text = ""
        for sibling in siblings:
            if text and len(text) + len(sibling.text) > MAX_PARAGRAPH_ANSWER:
                break
            text += sibling.text
        if passage.text not in text:
            text = passage.text
        return self._sourced(text, "passage", self.compose.cite_passage(passage), quote=False)

    def _passage_answer(self, passage: Passage, kind: str) -> Answer:
        """A passage, extended by the sentences under it when it is only a heading."""
        text = passage.text
        if len(text) < SHORT_PASSAGE and passage.heading:
            item = passage.heading.split("/", 1)[0]
            following = [
                p.text for p in self._item_passages[(passage.source_id, passage.kind, item)]
                if p.position > passage.position and p.heading == passage.heading
            ]
            for sentence in following:
                if len(text) + len(sentence) > MAX_PASSAGE_ANSWER:
                    break
                text += sentence
        return self._sourced(text, kind, self.compose.cite_passage(passage), quote=False)

    def _plain(self, text: str, kind: str, passage: Passage | None = None) -> Answer:
        """A short factual reply, with its source when there is one."""
        if passage is None:
            return Answer(found=True, text=text, kind=kind)
        return self._sourced(text, kind, self.compose.cite_passage(passage), quote=False)

    def _sourced(
        self, text: str, kind: str, citation: Citation, *, quote: bool = True, figures: tuple[Figure, ...] = ()
    ) -> Answer:
        """An answer: its text, then the source line; the whole paragraph kept for /source."""
        return Answer(
            found=True,
            text=f"{text}\n{self.compose.source_line(citation, quote=quote)}",
            kind=kind,
            sources=(citation,),
            passage=self._full_passage(citation.source_id, citation.line),
            figures=figures,
        )

    def _full_passage(self, source_id: str, line: int) -> str:
        """Every sentence of a source line: the paragraph behind an answer."""
        return "".join(p.text for p in self._lines.get((source_id, line), ()))

    def _not_found(self, query: Query) -> Answer:
        """A short 'not found' that says what the bot covers and suggests questions."""
        reason = query.problem
        city = self.lexicon.city or "本市"
        if reason == "greeting":
            head = f"你好！我回答{city}民生工程的进展问题。"
        elif reason.startswith("year"):
            years = "、".join(str(y) for y in sorted(self.lexicon.years))
            head = f"抱歉，知识库只有{years}年的民生工程数据，没有{reason[5:]}年的。"
        elif reason.startswith("place"):
            head = f"抱歉，知识库只涵盖{city}的民生工程，没有{reason[6:]}的数据。"
        elif reason.startswith("department"):
            head = f"抱歉，已发布的内容里没有{reason[11:]}。"
        elif reason == "weather":
            head = f"抱歉，我不提供天气预报，只回答{city}民生工程的进展。"
        elif reason == "vague":
            head = "请问您想了解哪个项目？请说出项目名称，例如“棚改”“中小学”“医联体”这样的关键词。"
        else:
            head = "抱歉，知识库里没有找到能回答这个问题的内容。"
        examples = self.examples()
        suggestions = "\n".join(f"· {e}" for e in examples)
        text = f"{head}\n可以这样问：\n{suggestions}" if examples else head
        options = self._closest_topics(query) or tuple(Option(label=e[:40], query=e) for e in examples)
        return Answer(found=False, text=text, kind="none", options=options)

    def _closest_topics(self, query: Query) -> tuple[Option, ...]:
        """Projects that partly match an unanswerable question, as buttons."""
        if query.problem:
            return ()
        seen: dict[str, None] = {}
        for scored in self.search.rank_figures(query)[:20]:
            if scored.score >= MIN_SUGGESTION and scored.item.project:
                seen.setdefault(scored.item.project, None)
        return tuple(Option(label=p[:40], query=f"{p}进展") for p in list(seen)[:MAX_OPTIONS])


def _short_topic(figure: Figure) -> str:
    """The project's name when the indicator does not already say it, without 工程/项目 tails."""
    project = re.sub(r"(建设)?(工程|项目|工作)+$", "", figure.project.strip("“”"))
    return "" if not project or project[:2] in figure.indicator else project


def _measure(unit: str) -> str:
    """'套' for 套, '' for units that read badly after 多少 (万平方米, %)."""
    return unit if len(unit) == 1 and unit != "%" else ""


def _groups(figures: tuple[Figure, ...]) -> dict[str, list[Figure]]:
    """Breakdown parts by group id, in order."""
    groups: dict[str, list[Figure]] = defaultdict(list)
    for figure in figures:
        if figure.group:
            groups[figure.group].append(figure)
    return dict(groups)


def _swap(text: str, old: str, new: str) -> str:
    """Replace a county (full or short form) in a question, or put the new one in front."""
    if old and old in text:
        return text.replace(old, new, 1)
    if old and old[:-1] and old[:-1] in text:
        return text.replace(old[:-1], new, 1)
    return new + text
