"""Transcript parsing: conference facts, speakers, sections and headings, Q&A, sentences with lines."""

from __future__ import annotations

import pytest

from bot.ingest.transcript import ParsedTranscript, parse_person, parse_transcript, short_department
from bot.text import normalise
from tests.conftest import MAY_SAMPLE, SEED_NAME, SEED_TRANSCRIPT, SYNTHETIC_JUNE

SEED_TEXT = SEED_TRANSCRIPT.read_text(encoding="utf-8")
SEED_LINES = SEED_TEXT.splitlines()

PRESENTERS = [
    ("刘雁翔", "主任", "市卫健委"),
    ("王成军", "局长", "市教育局"),
    ("池大勇", "局长", "市住建局"),
    ("唐秋华", "局长", "市旅游和文化广电局"),
    ("董晓东", "副局长", "市人社局"),
]


@pytest.fixture(scope="module")
def seed() -> ParsedTranscript:
    return parse_transcript(SEED_NAME, SEED_TEXT, "f" * 64)


@pytest.fixture(scope="module")
def may() -> ParsedTranscript:
    return parse_transcript(MAY_SAMPLE.name, MAY_SAMPLE.read_text(encoding="utf-8"))


def _section(parsed: ParsedTranscript, department: str):
    matches = [s for s in parsed.sections if s.department == department]
    assert len(matches) == 1, f"{department}: {parsed.sections}"
    return matches[0]


# -- conference facts ----------------------------------------------------------------------


def test_seed_source_facts(seed: ParsedTranscript) -> None:
    source = seed.source
    assert (source.id, source.year, source.month, source.session, source.as_of) == (SEED_NAME, 2021, 4, 1, "2021-04-30")
    assert source.city == "承德市"
    assert source.sha256 == "f" * 64
    assert "4月" in source.title and "第1场" in source.title


def test_may_source_facts(may: ParsedTranscript) -> None:
    assert (may.source.year, may.source.month, may.source.session, may.source.as_of) == (2021, 5, None, "2021-05-31")


def test_may_sample_city_is_not_made_up(may: ParsedTranscript) -> None:
    assert may.source.city in ("", "承德市")


# -- speakers and sections -----------------------------------------------------------------


def test_seed_has_exactly_the_five_presenters(seed: ParsedTranscript) -> None:
    found = sorted((s.name, s.title, s.department) for s in seed.speakers if s.role == "presenter")
    assert found == sorted(PRESENTERS)
    assert {s.source_id for s in seed.speakers} == {SEED_NAME}


def test_sections_follow_the_speakers_in_order(seed: ParsedTranscript) -> None:
    assert [(s.speaker, s.department) for s in seed.sections] == [(n, d) for n, _, d in PRESENTERS]


@pytest.mark.parametrize(
    ("department", "project", "headings"),
    [
        pytest.param("市卫健委", "医疗康养促进工程", ["加强基层医疗卫生人才队伍建设", "加快“互联网+医疗”和医联体建设"], id="health"),
        pytest.param("市教育局", None, ["幼儿园建设工程项目", "中小学建设工程项目"], id="education"),
        pytest.param(
            "市住建局",
            "棚户区改造工程",
            ["棚户区改造工程", "老旧小区改造工程", "中心城区“治堵”工程", "农村生活垃圾治理工作"],
            id="housing",
        ),
        pytest.param("市旅游和文化广电局", "文化惠民工程", [], id="culture-no-numbered-items"),
        pytest.param(
            "市人社局",
            "就业职业培训工程",
            ["全面实施就业优先政策", "鼓励支持劳动者自主创业", "大力开展职业技能提升行动", "积极开展困难人员就业帮扶"],
            id="employment",
        ),
    ],
)
def test_section_project_and_headings(seed: ParsedTranscript, department: str, project: str | None, headings: list[str]) -> None:
    section = _section(seed, department)
    if project is not None:
        assert section.project == project
    assert section.headings == headings


@pytest.mark.parametrize(
    ("fragment", "line", "department", "speaker", "heading"),
    [
        pytest.param("已开工17个项目、4433套", 17, "市住建局", "池大勇", "棚户区改造工程", id="shantytown"),
        pytest.param("承下线已完成工程量的60%", 19, "市住建局", "池大勇", "中心城区“治堵”工程", id="traffic"),
        pytest.param("县域紧密型医联体实现203家", 9, "市卫健委", "刘雁翔", "加快“互联网+医疗”和医联体建设/医联体建设", id="topic-subheading"),
        pytest.param("全市发放创业担保贷款3479万元", 32, "市人社局", "董晓东", "鼓励支持劳动者自主创业", id="inline-item"),
        pytest.param("已完成乡村(社区)文艺骨干培训560名", 27, "市旅游和文化广电局", "唐秋华", "", id="no-heading"),
    ],
)
def test_speech_passages_know_where_they_stand(
    seed: ParsedTranscript, fragment: str, line: int, department: str, speaker: str, heading: str
) -> None:
    matches = [p for p in seed.passages if fragment in p.text]
    assert len(matches) == 1, matches
    passage = matches[0]
    assert (passage.kind, passage.line, passage.department, passage.speaker, passage.heading) == (
        "speech", line, department, speaker, heading,
    )


# -- questions and answers -----------------------------------------------------------------


def test_question_is_from_the_outlet(seed: ParsedTranscript) -> None:
    questions = [p for p in seed.passages if p.kind == "question"]
    assert questions, "the Q&A question was not recognised"
    assert {(p.speaker, p.line, p.department) for p in questions} == {("和合承德网", 34, "")}
    assert any("幼儿园" in p.text for p in questions)


def test_answer_is_by_wang_chengjun(seed: ParsedTranscript) -> None:
    answers = [p for p in seed.passages if p.kind == "answer"]
    assert answers
    assert {(p.speaker, p.department, p.line) for p in answers} == {("王成军", "市教育局", 35)}
    assert any("滦平县1个" in p.text for p in answers)
    assert not any(p.text.startswith("教育局局长") for p in answers), "the 'X答:' prefix belongs to no sentence"


def test_counties_come_from_the_per_county_answer(seed: ParsedTranscript) -> None:
    assert set(seed.counties) == {"滦平县", "丰宁县", "承德县", "高新区", "宽城县", "兴隆县", "围场县", "平泉市", "隆化县"}


def test_may_sample_qa(may: ParsedTranscript) -> None:
    assert {p.speaker for p in may.passages if p.kind == "question"} == {"承德晚报"}
    assert {p.speaker for p in may.passages if p.kind == "answer"} == {"赵文静"}
    assert ("赵文静", "局长", "市医疗保障局") in {(s.name, s.title, s.department) for s in may.speakers}


# -- sentences -----------------------------------------------------------------------------


def test_every_passage_is_a_sentence_of_its_line(seed: ParsedTranscript) -> None:
    for passage in seed.passages:
        assert passage.text in normalise(SEED_LINES[passage.line - 1]), passage


def test_passages_are_numbered_in_order(seed: ParsedTranscript) -> None:
    assert [p.position for p in seed.passages] == list(range(len(seed.passages)))
    assert all(p.id == f"{SEED_NAME}#{p.position}" for p in seed.passages)
    assert [p.line for p in seed.passages] == sorted(p.line for p in seed.passages)


def test_no_line_is_lost(seed: ParsedTranscript) -> None:
    """No speech line is lost: every non-empty line after the attendee list yields a passage."""
    covered = {p.line for p in seed.passages}
    missing = [n for n, line in enumerate(SEED_LINES, 1) if line.strip() and n not in covered]
    assert missing == []


# -- date and session from the file name ----------------------------------------------------


def test_synthetic_transcript_takes_date_and_session_from_its_name() -> None:
    parsed = parse_transcript(SYNTHETIC_JUNE.name, SYNTHETIC_JUNE.read_text(encoding="utf-8"))
    source = parsed.source
    assert (source.year, source.month, source.session, source.as_of) == (2021, 6, 2, "2021-06-30")
    assert [(s.name, s.title, s.department) for s in parsed.speakers] == [
        ("张明远", "局长", "市城管局"),
        ("李清河", "副局长", "市水务局"),
    ]
    assert _section(parsed, "市城管局").headings == ["新建公厕", "背街小巷改造"]
    assert {p.speaker for p in parsed.passages if p.kind == "question"} == {"承德日报"}


BODY_WITHOUT_DATE = "出席本场发布会的有：市城管局局长张明远；\n请市城管局局长张明远同志做发布；\n年内计划新建公厕30座。\n"


@pytest.mark.parametrize(
    ("name", "body", "expected"),
    [
        pytest.param("2021-11-发布会.txt", BODY_WITHOUT_DATE, (2021, 11, None, "2021-11-30"), id="dash"),
        pytest.param("2020年2月发布会.txt", BODY_WITHOUT_DATE, (2020, 2, None, "2020-02-29"), id="leap-february"),
        pytest.param("2021_09_第三场.txt", BODY_WITHOUT_DATE, (2021, 9, 3, "2021-09-30"), id="underscore-session"),
        pytest.param("notes.txt", BODY_WITHOUT_DATE, (0, 0, None, ""), id="no-date-anywhere"),
        pytest.param(
            "2021-06-x.txt", "今天发布2021年民生工程7月推进情况，这是第二场。\n" + BODY_WITHOUT_DATE, (2021, 7, 2, "2021-07-31"),
            id="text-wins-over-name",
        ),
    ],
)
def test_conference_facts_from_text_or_name(name: str, body: str, expected: tuple) -> None:
    source = parse_transcript(name, body).source
    assert (source.year, source.month, source.session, source.as_of) == expected


# -- punctuation and line endings ----------------------------------------------------------

_FULL_WIDTH = str.maketrans({",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"})


def _snapshot(parsed: ParsedTranscript) -> tuple:
    return (
        [(s.name, s.title, s.department, s.role) for s in parsed.speakers],
        [(s.department, s.speaker, s.project, tuple(s.headings)) for s in parsed.sections],
        parsed.counties,
        [(p.line, p.kind, p.department, p.speaker, p.project, p.heading, p.text) for p in parsed.passages],
        (parsed.source.year, parsed.source.month, parsed.source.session, parsed.source.city),
    )


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(lambda t: t.replace("\n", "\r\n"), id="crlf"),
        pytest.param(lambda t: t.translate(_FULL_WIDTH), id="full-width-punctuation"),
        pytest.param(lambda t: t.translate(_FULL_WIDTH).replace("\n", "\r\n"), id="both"),
        pytest.param(lambda t: t.replace("\n", "\r"), id="old-mac-cr"),
        pytest.param(lambda t: "\ufeff" + t.replace("\n", "  \n"), id="bom-char-and-trailing-spaces"),
    ],
)
def test_seed_variants_parse_the_same(seed: ParsedTranscript, variant) -> None:
    changed = variant(SEED_TEXT)
    assert changed != SEED_TEXT
    assert _snapshot(parse_transcript(SEED_NAME, changed)) == _snapshot(seed)


# -- people --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("市教育局局长王成军", ("市教育局", "局长", "王成军"), id="plain"),
        pytest.param("市人社局副局长董晓东", ("市人社局", "副局长", "董晓东"), id="deputy-wins-over-chief"),
        pytest.param("下面请市市卫健委主任刘雁翔", ("市卫健委", "主任", "刘雁翔"), id="doubled-city-and-lead-words"),
        pytest.param("各位记者朋友们", None, id="not-a-person"),
    ],
)
def test_parse_person(text: str, expected: tuple | None) -> None:
    person = parse_person(text)
    assert (None if person is None else (person.department, person.title, person.name)) == expected


@pytest.mark.parametrize(
    ("department", "short"),
    [
        pytest.param("市住建局", "住建局", id="city-prefix"),
        pytest.param(
            "承德市教育局", "教育局", id="named-city-prefix",
        ),
        pytest.param("市旅游和文化广电局", "旅游和文化广电局", id="long-name"),
        pytest.param("住建局", "住建局", id="already-short"),
        pytest.param("市场监督管理局", "市场监督管理局", id="市场-is-not-a-city-prefix"),
    ],
)
def test_short_department(department: str, short: str) -> None:
    assert short_department(department) == short
