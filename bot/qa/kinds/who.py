"""Who questions: who someone is, who is responsible, who asked or who answered."""

from __future__ import annotations

import re

from bot.domain import Passage
from bot.qa.answer import Answer
from bot.qa.kinds.kit import MIN_FIGURE, MIN_PASSAGE, Kit
from bot.qa.understand import Query

ANSWERED = re.compile(r"回答|答的|谁答|解答")
ASKED = re.compile(r"媒体|记者|谁问|哪家|提问|提的|问的|谁提")
TITLE = re.compile(r"副?(?:局长|主任|书记|院长|处长|部长)")


def who(kit: Kit, query: Query) -> Answer | None:
    """A person's post, the people of a department, or who reported on a topic."""
    if query.speaker:
        department, title = kit.lexicon.speakers[query.speaker]
        return kit.plain(f"{query.speaker}是{department}{title}。", "who")
    if ANSWERED.search(query.text):
        return _qa_person(kit, query, "answer")
    if ASKED.search(query.text):
        return _qa_person(kit, query, "question")
    if query.department:
        people = [
            s for s in kit.knowledge.speakers
            if s.department == query.department and (query.sources is None or s.source_id in query.sources)
        ]
        title = TITLE.search(query.text)
        if title:
            people = [s for s in people if s.title == title[0]] or people
        if not people:
            return None
        names = "、".join(dict.fromkeys(f"{s.department}{s.title}{s.name}" for s in people))
        return kit.plain(f"{names}。", "who")
    ranked = kit.search.rank_figures(query)
    passages = kit.search.rank_passages(query)
    if ranked and ranked[0].score >= MIN_FIGURE:
        best = ranked[0].item
        department, speaker, source_id, subject = best.department, best.speaker, best.source_id, best.project
    elif passages and passages[0].score >= MIN_PASSAGE:
        p = passages[0].item
        department, speaker, source_id, subject = p.department, p.speaker, p.source_id, p.project or p.heading
    else:
        return None
    title = kit.compose.titles.get((source_id, speaker), department)
    # (a figure filed under no project: what was asked, without the '是…的' around it)
    subject = subject or re.sub(r"^[是的]+|[是的了]+$", "", query.topic)
    return kit.plain(f"{subject}由{department}负责，发布人：{title}{speaker}。", "who")


def _qa_person(kit: Kit, query: Query, kind: str) -> Answer | None:
    """The outlet that asked, or the official who answered, a question on the topic."""
    ranked = kit.search.rank_passages(query, kinds=("question",))
    if not ranked or ranked[0].score < MIN_PASSAGE * 0.6:
        return None
    asked: Passage = ranked[0].item
    if kind == "question":
        return kit.plain(f"是{asked.speaker}提的问题：“{asked.text}”", "who", asked)
    answer = kit.next_answer.get((asked.source_id, asked.position))
    if answer is None:
        return None
    title = kit.compose.titles.get((answer.source_id, answer.speaker), answer.department)
    return kit.plain(f"由{title}{answer.speaker}回答（{asked.speaker}提问：“{asked.text}”）。", "who", answer)
