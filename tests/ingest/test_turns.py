"""Speaker turns, however a transcript marks them: headers, prefixes, headings, hand-overs, news reports.

Every transcript here is a short fictional one (云溪市 and its people are made up).
"""

from __future__ import annotations

import pytest

from bot.domain import Speaker
from bot.ingest.transcript import ParsedTranscript, parse_person, parse_transcript
from bot.ingest.turns import (
    DEPARTMENT,
    HOST,
    PERSON,
    REPORTER,
    by_surname,
    classify,
    department_heading,
    read_turn,
    reported_question,
    reported_speaker,
)

NAME = "2024-04-云溪.txt"
GU = ("顾明远", "副局长", "市水利局")
SHAO = ("邵怀瑾", "局长", "市民政局")
WATER_1 = "今年全市计划新建农村供水工程40处。"
WATER_2 = "截至3月底已完工12处。"
CANTEEN = "全年计划新建社区食堂25个,已建成9个。"


def _parse(*lines: str) -> ParsedTranscript:
    return parse_transcript(NAME, "\n".join(lines))


def _rows(parsed: ParsedTranscript, *kinds: str) -> list[tuple[int, str, str, str, str]]:
    """(line, kind, department, speaker, text) of every passage, or only of the given kinds."""
    return [
        (p.line, p.kind, p.department, p.speaker, p.text)
        for p in parsed.passages
        if not kinds or p.kind in kinds
    ]


def _speakers(parsed: ParsedTranscript) -> list[tuple[str, str, str]]:
    return [(s.name, s.title, s.department) for s in parsed.speakers]


def _sections(parsed: ParsedTranscript) -> list[tuple[str, str]]:
    return [(s.department, s.speaker) for s in parsed.sections]


# -- 【who】 header lines ----------------------------------------------------------------------


def test_bracket_header_lines_give_each_speaker_their_lines() -> None:
    parsed = _parse(
        "【主持人】",
        "各位记者,上午好。",
        "【市水利局副局长 顾明远】",
        WATER_1,
        WATER_2,
        "【市民政局局长 邵怀瑾】",
        CANTEEN,
    )
    assert _rows(parsed) == [
        (2, "host", "", "", "各位记者,上午好。"),
        (4, "speech", "市水利局", "顾明远", WATER_1),
        (5, "speech", "市水利局", "顾明远", WATER_2),
        (7, "speech", "市民政局", "邵怀瑾", CANTEEN),
    ]
    assert _speakers(parsed) == [GU, SHAO]
    assert {s.role for s in parsed.speakers} == {"presenter"}
    assert _sections(parsed) == [("市水利局", "顾明远"), ("市民政局", "邵怀瑾")]


def test_words_after_the_host_header_are_the_hosts_not_the_last_speakers() -> None:
    parsed = _parse(
        "【市水利局副局长 顾明远】",
        WATER_1,
        "【主持人】",
        "感谢顾局长的介绍。",
        "【主持人】请大家继续关注。",
    )
    assert _rows(parsed) == [
        (2, "speech", "市水利局", "顾明远", WATER_1),
        (4, "host", "", "", "感谢顾局长的介绍。"),
        (5, "host", "", "", "请大家继续关注。"),
    ]
    assert _sections(parsed) == [("市水利局", "顾明远")]


# -- 'name(post):' and 'post name:' prefixes ---------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param("顾明远(市水利局副局长):", "邵怀瑾(市民政局局长):", id="half-width"),
        pytest.param("顾明远（市水利局副局长）：", "邵怀瑾（市民政局局长）：", id="full-width"),
        pytest.param("市水利局副局长 顾明远:", "市民政局局长 邵怀瑾：", id="post-then-name"),
    ],
)
def test_a_prefix_before_a_colon_opens_the_turn_and_later_lines_continue_it(first: str, second: str) -> None:
    parsed = _parse("主持人:各位记者,上午好。", first + WATER_1, WATER_2, second + CANTEEN)
    assert _rows(parsed) == [
        (1, "host", "", "", "各位记者,上午好。"),
        (2, "speech", "市水利局", "顾明远", WATER_1),
        (3, "speech", "市水利局", "顾明远", WATER_2),
        (4, "speech", "市民政局", "邵怀瑾", CANTEEN),
    ]
    assert _speakers(parsed) == [GU, SHAO]


def test_a_post_and_name_alone_on_a_line_opens_the_speech_on_the_next_lines() -> None:
    parsed = _parse(
        "主持人:各位记者,上午好。",
        "市水利局副局长 顾明远:",
        WATER_1,
        WATER_2,
        "市民政局局长 邵怀瑾:",
        CANTEEN,
    )
    assert _rows(parsed) == [
        (1, "host", "", "", "各位记者,上午好。"),
        (3, "speech", "市水利局", "顾明远", WATER_1),
        (4, "speech", "市水利局", "顾明远", WATER_2),
        (6, "speech", "市民政局", "邵怀瑾", CANTEEN),
    ]
    assert _sections(parsed) == [("市水利局", "顾明远"), ("市民政局", "邵怀瑾")]


def test_the_named_host_in_the_prefix_is_not_a_speaker() -> None:
    parsed = _parse("主持人(市政府新闻办副主任 林若溪):各位记者,上午好。", "顾明远(市水利局副局长):" + WATER_1)
    assert _rows(parsed) == [
        (1, "host", "", "", "各位记者,上午好。"),
        (2, "speech", "市水利局", "顾明远", WATER_1),
    ]
    assert _speakers(parsed) == [GU]


# -- department-only turns under a department heading --------------------------------------------


def test_a_department_turn_under_its_own_heading_after_the_host_is_one_section() -> None:
    parsed = _parse(
        "主持人:下面请各部门介绍。",
        "◆ 市发展和改革委员会",
        "市发改委:今年全市安排重点民生项目30个。",
        "截至3月底已开工18个。",
    )
    assert _sections(parsed) == [("市发展和改革委员会", "")]
    assert _rows(parsed, "speech") == [
        (3, "speech", "市发展和改革委员会", "", "今年全市安排重点民生项目30个。"),
        (4, "speech", "市发展和改革委员会", "", "截至3月底已开工18个。"),
    ]


def test_a_department_turn_under_its_own_heading_after_a_speech_is_one_section() -> None:
    parsed = _parse(
        "【市水利局副局长 顾明远】",
        WATER_1,
        "◆ 市发展和改革委员会",
        "市发改委:今年全市安排重点民生项目30个。",
        "截至3月底已开工18个。",
        "◆ 市城市管理局",
        "市城管局:全年计划改造背街小巷60条,已完成21条。",
    )
    assert _sections(parsed) == [("市水利局", "顾明远"), ("市发展和改革委员会", ""), ("市城市管理局", "")]
    assert _rows(parsed) == [
        (2, "speech", "市水利局", "顾明远", WATER_1),
        (3, "host", "", "", "◆ 市发展和改革委员会"),
        (4, "speech", "市发展和改革委员会", "", "今年全市安排重点民生项目30个。"),
        (5, "speech", "市发展和改革委员会", "", "截至3月底已开工18个。"),
        (6, "host", "", "", "◆ 市城市管理局"),
        (7, "speech", "市城市管理局", "", "全年计划改造背街小巷60条,已完成21条。"),
    ]
    assert _speakers(parsed) == [GU]


def test_a_department_turn_with_no_heading_opens_a_section_of_that_department() -> None:
    parsed = _parse("主持人:下面请各部门介绍。", "市残联负责同志:今年为残疾人家庭无障碍改造120户。")
    assert _sections(parsed) == [("市残联", "")]
    assert _rows(parsed, "speech") == [(2, "speech", "市残联", "", "今年为残疾人家庭无障碍改造120户。")]
    assert parsed.speakers == []


# -- hand-overs ------------------------------------------------------------------------------


def test_a_hand_over_to_a_post_takes_the_name_from_the_self_introduction() -> None:
    parsed = _parse(
        "主持人:各位记者,上午好。",
        "下面请市体育局局长介绍。",
        "我是市体育局局长岑望舒,今年全市计划新建健身步道45公里。",
        "截至3月底已建成16公里。",
    )
    assert _rows(parsed) == [
        (1, "host", "", "", "各位记者,上午好。"),
        (2, "host", "", "", "下面请市体育局局长介绍。"),
        (3, "speech", "市体育局", "岑望舒", "我是市体育局局长岑望舒,今年全市计划新建健身步道45公里。"),
        (4, "speech", "市体育局", "岑望舒", "截至3月底已建成16公里。"),
    ]
    assert _speakers(parsed) == [("岑望舒", "局长", "市体育局")]
    assert _sections(parsed) == [("市体育局", "岑望舒")]


def test_a_hand_over_to_a_post_without_a_self_introduction_keeps_the_department() -> None:
    parsed = _parse("主持人:各位记者,上午好。", "下面请市体育局局长介绍。", "今年全市计划新建健身步道45公里。")
    assert _rows(parsed, "speech") == [(3, "speech", "市体育局", "", "今年全市计划新建健身步道45公里。")]
    assert _sections(parsed) == [("市体育局", "")]
    assert parsed.speakers == []


def test_a_hand_over_by_surname_and_title_goes_to_the_person_named_earlier() -> None:
    parsed = _parse(
        "【主持人】各位记者,上午好。",
        "【市交通运输局局长 周启航】今年计划改造农村公路120公里,已完成38公里。",
        "【市民政局局长 邵怀瑾】" + CANTEEN,
        "【主持人】谢谢邵局长。请周局长介绍。",
        "全年计划新开通镇村公交线路14条,已开通5条。",
    )
    assert _rows(parsed, "speech") == [
        (2, "speech", "市交通运输局", "周启航", "今年计划改造农村公路120公里,已完成38公里。"),
        (3, "speech", "市民政局", "邵怀瑾", CANTEEN),
        (5, "speech", "市交通运输局", "周启航", "全年计划新开通镇村公交线路14条,已开通5条。"),
    ]
    assert [p.kind for p in parsed.passages if p.line == 4] == ["host", "host"]
    assert _sections(parsed) == [("市交通运输局", "周启航"), ("市民政局", "邵怀瑾"), ("市交通运输局", "周启航")]
    assert _speakers(parsed) == [("周启航", "局长", "市交通运输局"), SHAO]


def test_a_hand_over_by_surname_and_title_to_an_attendee() -> None:
    parsed = _parse(
        "主持人:各位记者,上午好。",
        "出席今天发布会的有:市交通运输局局长周启航。",
        "请周局长介绍。",
        "今年计划改造农村公路120公里,已完成38公里。",
    )
    assert _rows(parsed, "speech") == [(4, "speech", "市交通运输局", "周启航", "今年计划改造农村公路120公里,已完成38公里。")]
    assert _speakers(parsed) == [("周启航", "局长", "市交通运输局")]


# -- news reports: reported speech and reported Q&A ----------------------------------------------

REPORT = [
    "4月16日,云溪市召开2024年一季度民生工程新闻发布会。",
    "据市卫健委副主任宁书琰介绍,今年全市计划新建村卫生室35个,已建成14个。",
    "宁书琰表示,下一步将加快推进剩余项目建设。",
    "市教育局局长贺知章在发布会上介绍,全年计划新建幼儿园8所,目前已开工5所。",
    "云溪晚报记者问及新建幼儿园何时招生。贺知章回应称,新建幼儿园将于9月开园招生。",
]


def test_third_person_paragraphs_are_the_speech_of_the_official_they_quote() -> None:
    parsed = _parse(*REPORT[:4])
    assert _rows(parsed) == [
        (1, "host", "", "", REPORT[0]),
        (2, "speech", "市卫健委", "宁书琰", REPORT[1]),
        (3, "speech", "市卫健委", "宁书琰", REPORT[2]),
        (4, "speech", "市教育局", "贺知章", REPORT[3]),
    ]
    assert _speakers(parsed) == [("宁书琰", "副主任", "市卫健委"), ("贺知章", "局长", "市教育局")]
    assert _sections(parsed) == [("市卫健委", "宁书琰"), ("市教育局", "贺知章")]


def test_a_reported_question_and_answer_in_one_paragraph() -> None:
    parsed = _parse(*REPORT)
    last = [p for p in parsed.passages if p.line == 5]
    assert [(p.kind, p.department, p.speaker, p.heading, p.text) for p in last] == [
        ("question", "", "云溪晚报", "", "新建幼儿园何时招生。"),
        ("answer", "市教育局", "贺知章", "新建幼儿园何时招生。", "贺知章回应称,新建幼儿园将于9月开园招生。"),
    ]


# -- reporters' questions and multi-line answers -------------------------------------------------


def test_a_reporter_turn_then_a_multi_line_answer_by_a_known_person() -> None:
    parsed = _parse(
        "【主持人】",
        "各位记者朋友们:大家上午好!",
        "出席今天发布会的有:市住建局局长 陶映雪;市水利局副局长 顾明远。",
        "【市住建局局长 陶映雪】",
        "今年全市计划改造老旧小区52个,已开工31个。",
        "【主持人】",
        "谢谢陶局长。下面是记者提问环节。",
        "云溪日报记者:请问老旧小区改造什么时候完工?",
        "陶映雪:",
        "我们计划在11月底前全部完工。",
        "其中南湖区已完工6个,北塘区已完工4个。",
        "同时将同步加装电梯20部。",
        "【主持人】",
        "感谢陶局长的回答。",
    )
    question = "老旧小区改造什么时候完工?"
    assert [(p.line, p.kind, p.speaker, p.heading, p.text) for p in parsed.passages if p.line >= 7] == [
        (7, "host", "", "", "谢谢陶局长。"),
        (7, "host", "", "", "下面是记者提问环节。"),
        (8, "question", "云溪日报", "", "请问老旧小区改造什么时候完工?"),
        (10, "answer", "陶映雪", question, "我们计划在11月底前全部完工。"),
        (11, "answer", "陶映雪", question, "其中南湖区已完工6个,北塘区已完工4个。"),
        (12, "answer", "陶映雪", question, "同时将同步加装电梯20部。"),
        (14, "host", "", "", "感谢陶局长的回答。"),
    ]
    assert {p.department for p in parsed.passages if p.kind == "answer"} == {"市住建局"}
    assert {p.department for p in parsed.passages if p.kind == "question"} == {""}
    assert _speakers(parsed) == [("陶映雪", "局长", "市住建局")]  # 顾明远 attended but never spoke
    assert parsed.counties == ["北塘区", "南湖区"]


def test_greetings_to_reporters_and_the_qa_announcement_are_not_reporter_turns() -> None:
    parsed = _parse(
        "【主持人】下面请市住建局局长陶映雪介绍。",
        "【市住建局局长 陶映雪】",
        "各位记者朋友们:",
        "大家上午好!今年全市计划改造老旧小区52个,已开工31个。",
        "【主持人】",
        "下面是记者提问环节。",
    )
    assert [p.kind for p in parsed.passages] == ["host", "speech", "speech", "speech", "host"]
    assert _rows(parsed, "speech") == [
        (3, "speech", "市住建局", "陶映雪", "各位记者朋友们:"),
        (4, "speech", "市住建局", "陶映雪", "大家上午好!"),
        (4, "speech", "市住建局", "陶映雪", "今年全市计划改造老旧小区52个,已开工31个。"),
    ]
    assert _rows(parsed, "host")[-1] == (6, "host", "", "", "下面是记者提问环节。")


def test_a_publication_date_line_is_not_a_turn() -> None:
    parsed = _parse("发布时间:2024年4月16日", "【市水利局副局长 顾明远】", WATER_1)
    assert _rows(parsed) == [
        (1, "host", "", "", "发布时间:2024年4月16日"),
        (3, "speech", "市水利局", "顾明远", WATER_1),
    ]
    assert _sections(parsed) == [("市水利局", "顾明远")]
    assert (parsed.source.year, parsed.source.month) == (2024, 4)


# -- the named host ------------------------------------------------------------------------------


def test_the_host_named_in_brackets_after_host_is_read_with_name() -> None:
    turn = classify("主持人(市政府新闻办副主任 林若溪)", "各位记者,上午好。", {}, parse_person)
    assert turn is not None and turn.role == HOST
    assert turn.speaker is not None and (turn.speaker.name, turn.speaker.department) == ("林若溪", "市政府新闻办")


def test_a_named_host_speaking_later_by_bare_name_is_the_host() -> None:
    parsed = _parse(
        "【主持人 市政府新闻办副主任 林若溪】各位记者,上午好。",
        "【市水利局副局长 顾明远】" + WATER_1,
        "林若溪:谢谢顾局长。",
    )
    assert _rows(parsed)[-1] == (3, "host", "", "", "谢谢顾局长。")


# -- the turn readers on their own ---------------------------------------------------------------

PEOPLE = {
    "周启航": Speaker("", "周启航", "局长", "市交通运输局", "presenter"),
    "宁书琰": Speaker("", "宁书琰", "副主任", "市卫健委", "presenter"),
}


@pytest.mark.parametrize(
    ("line", "role", "rest", "who"),
    [
        pytest.param("【市水利局副局长 顾明远】", PERSON, "", ("顾明远", "副局长", "市水利局"), id="header"),
        pytest.param("顾明远(市水利局副局长):今年", PERSON, "今年", ("顾明远", "副局长", "市水利局"), id="name-post"),
        pytest.param("韩雪(市民政局):大家好", PERSON, "大家好", ("韩雪", "", "市民政局"), id="name-department"),
        pytest.param("周启航:好的", PERSON, "好的", ("周启航", "局长", "市交通运输局"), id="known-name"),
        pytest.param("【主持人】谢谢大家", HOST, "谢谢大家", None, id="host-header"),
        pytest.param("市发改委:今年", DEPARTMENT, "今年", "市发改委", id="department"),
        pytest.param("市残联负责同志:今年", DEPARTMENT, "今年", "市残联", id="department-responsible"),
        pytest.param("云溪日报记者:请问", REPORTER, "请问", "云溪日报", id="reporter"),
        pytest.param("云溪广播电视台:请问", REPORTER, "请问", "云溪广播电视台", id="outlet-only"),
    ],
)
def test_read_turn(line: str, role: str, rest: str, who) -> None:
    turn = read_turn(line, dict(PEOPLE), parse_person)
    assert turn is not None and (turn.role, turn.rest) == (role, rest)
    if role == PERSON:
        assert (turn.speaker.name, turn.speaker.title, turn.speaker.department) == who
    elif role == DEPARTMENT:
        assert turn.department == who
    elif role == REPORTER:
        assert turn.outlet == who
    else:
        assert turn.speaker is None


@pytest.mark.parametrize(
    "line",
    ["各位记者朋友们:大家好", "下面是记者提问环节:", "发布时间:2024年4月16日", "其中:南湖区6个", "今年全市计划新建农村供水工程40处。"],
)
def test_lines_that_are_not_turns(line: str) -> None:
    assert read_turn(line, dict(PEOPLE), parse_person) is None


def test_classify_a_greeting_is_no_speaker() -> None:
    assert classify("各位记者朋友们", "", dict(PEOPLE), parse_person) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("周局长", "周启航"),
        ("宁主任", "宁书琰"),
        ("宁副主任", "宁书琰"),
        ("周主任", None),
        ("王局长", None),
    ],
)
def test_by_surname(text: str, expected: str | None) -> None:
    found = by_surname(text, PEOPLE)
    assert (found.name if found else None) == expected


def test_by_surname_is_none_when_two_people_fit() -> None:
    people = {**PEOPLE, "周雨桐": Speaker("", "周雨桐", "局长", "市体育局", "presenter")}
    assert by_surname("周局长", people) is None


@pytest.mark.parametrize(
    ("line", "department"),
    [
        ("◆ 市发展和改革委员会", "市发展和改革委员会"),
        ("■市城市管理局", "市城市管理局"),
        ("一、市卫健委发布", "市卫健委"),
        ("二、市住建局情况", "市住建局"),
        ("市发展和改革委员会", ""),  # no heading mark: a line of prose
        ("◆ 重点工作", ""),
        ("一、老旧小区改造", ""),
    ],
)
def test_department_heading(line: str, department: str) -> None:
    assert department_heading(line) == department


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("据市卫健委副主任宁书琰介绍,今年全市计划新建村卫生室35个。", "宁书琰"),
        ("宁书琰表示,下一步将加快推进。", "宁书琰"),
        ("“我们将加快建设。”宁书琰说。", "宁书琰"),
        ("周局长介绍,农村公路改造进展顺利。", "周启航"),
        ("市教育局局长贺知章在发布会上介绍,全年计划新建幼儿园8所。", "贺知章"),
        ("今年全市计划新建村卫生室35个。", None),
    ],
)
def test_reported_speaker(line: str, name: str | None) -> None:
    found = reported_speaker(line, dict(PEOPLE), parse_person)
    assert (found.name if found else None) == name


def test_reported_question() -> None:
    line = "云溪晚报记者问及新建幼儿园何时招生。贺知章回应称,9月开园。"
    assert reported_question(line) == ("云溪晚报", "新建幼儿园何时招生。", "贺知章回应称,9月开园。")
    assert reported_question("各位记者问及何时开园。") is None
    assert reported_question("贺知章表示,9月开园。") is None


# -- numbered speakers, self-introductions, 问/答 --------------------------------------------


def test_numbered_speakers_listed_in_the_header_are_named_by_their_number_later() -> None:
    parsed = _parse(
        "发言人一:市水利局副局长 顾明远",
        "发言人二:市供电公司(国网云溪供电公司)副总经理 池向东",
        "主持人:各位记者朋友上午好!今天先请发言人通报,最后回答记者提问。下面请各位发言人依次通报。",
        "发言人一:各位记者朋友,上午好。",
        WATER_1,
        "发言人二:大家好。",
        "全年计划改造农村电网线路300公里,已完成210公里。",
    )
    speech = _rows(parsed, "speech")
    assert {(r[2], r[3]) for r in speech if "供水" in r[4]} == {("市水利局", "顾明远")}
    assert {(r[2], r[3]) for r in speech if "电网" in r[4]} == {("市供电公司", "池向东")}
    assert not _rows(parsed, "answer"), "an agenda that mentions 记者提问 does not open the questions"


def test_a_speaker_who_only_introduces_themself_opens_a_section() -> None:
    parsed = _parse(
        "主持人:各位媒体朋友,大家上午好!",
        "我是市民政局的邵怀瑾,下面向大家介绍养老服务方面的进展。",
        CANTEEN,
        "大家好,我是市水利局副局长顾明远,下面我来通报。",
        WATER_1,
    )
    speech = _rows(parsed, "speech")
    assert {(r[2], r[3]) for r in speech if "食堂" in r[4]} == {("市民政局", "邵怀瑾")}
    assert {(r[2], r[3]) for r in speech if "供水" in r[4]} == {("市水利局", "顾明远")}


def test_wen_and_da_turns_with_the_host_naming_who_answers() -> None:
    parsed = _parse(
        "我是市民政局的邵怀瑾,下面向大家介绍。",
        CANTEEN,
        "我是市水利局的顾明远,下面我来通报。",
        WATER_1,
        "主持人:下面进入记者提问环节。",
        "问:我是云溪日报的记者。社区食堂怎么收费?",
        "主持人:请邵局长回答。",
        "答:我来回答这个问题。老年人就餐每餐补贴3元。",
    )
    questions = _rows(parsed, "question")
    assert [(r[3], r[4]) for r in questions] == [("云溪日报", "社区食堂怎么收费?")]
    answers = _rows(parsed, "answer")
    assert answers and {(r[2], r[3]) for r in answers} == {("市民政局", "邵怀瑾")}


def test_bracketed_role_words_with_the_name_after_them() -> None:
    parsed = _parse(
        "【发布人】市水利局副局长 顾明远",
        "【主持人】各位记者朋友,下面请发布人介绍。",
        "【发布人】市水利局副局长 顾明远:",
        WATER_1,
        "【记者】云溪日报:供水工程什么时候完工?",
        "【答】顾明远:预计10月底前全部完工。",
    )
    assert {(r[2], r[3]) for r in _rows(parsed, "speech")} == {("市水利局", "顾明远")}
    assert [(r[3], r[4]) for r in _rows(parsed, "question")] == [("云溪日报", "供水工程什么时候完工?")]
    assert [(r[2], r[3], r[4]) for r in _rows(parsed, "answer")] == [("市水利局", "顾明远", "预计10月底前全部完工。")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("市公安局党委委员、副局长杨永安", ("杨永安", "副局长", "市公安局")),
        ("市供电公司(国网云溪供电公司)副总经理池向东", ("池向东", "副总经理", "市供电公司")),
    ],
)
def test_more_posts(text: str, expected: tuple[str, str, str]) -> None:
    person = parse_person(text)
    assert person is not None and (person.name, person.title, person.department) == expected


def test_a_write_up_organised_by_project_with_its_lead_unit_and_reported_speech() -> None:
    parsed = _parse(
        "【综述】",
        "市政府新闻办召开发布会,各牵头部门负责同志作了发布,并回答了记者提问。现将发布内容按项目整理如下。",
        "【项目一】农村供水提升",
        "牵头单位:市水利局",
        WATER_1,
        "市水利局副局长顾明远在发布中介绍,已完工的工程全部通水。",
        "【项目二】社区食堂",
        "牵头单位:团市委",
        "团市委副书记蓝若溪在介绍这一项目时说," + CANTEEN,
        "【答记者问】",
        "云溪日报记者提问:食堂怎么收费?",
        "蓝若溪回答:老年人每餐补贴3元。",
    )
    speech = _rows(parsed, "speech")
    assert {(r[2], r[3]) for r in speech if "供水" in r[4] or "通水" in r[4]} == {("市水利局", ""), ("市水利局", "顾明远")}
    canteen = [p for p in parsed.passages if "食堂" in p.text and p.kind == "speech"]
    assert {(p.department, p.speaker, p.heading) for p in canteen} == {("团市委", "蓝若溪", "社区食堂")}
    assert [(r[3], r[4]) for r in _rows(parsed, "question")] == [("云溪日报", "食堂怎么收费?")]
    assert [(r[2], r[3]) for r in _rows(parsed, "answer")] == [("团市委", "蓝若溪")]


def test_an_answer_by_someone_never_introduced_is_theirs() -> None:
    parsed = _parse(
        "【市水利局副局长 顾明远】",
        WATER_1,
        "云溪日报记者:供水工程什么时候完工?",
        "顾明远回答:10月底前完工。",
        "云溪晚报记者:水费会涨吗?",
        "庞雪回答:不会上涨。",
    )
    assert [r[3] for r in _rows(parsed, "answer")] == ["顾明远", "庞雪"]


def test_a_layout_with_no_speaker_at_all_still_gives_its_figures_by_department() -> None:
    """Nobody foreseen this layout: no turns, no hand-overs, no names. The report lines are still
    read, each under the department it names, so the figures are not lost."""
    from bot.ingest.extract import extract_figures

    parsed = _parse(
        "云溪市2024年民生工程3月进展通报",
        "今年以来,市水利局牵头实施农村供水提升工程,全年计划新建农村供水工程40处,截至3月底已完工12处。",
        "市民政局今年牵头社区食堂建设,全年计划新建社区食堂25个,已建成9个,其中东川县5个、西岭县4个。",
    )
    figures = extract_figures(parsed)
    assert {(f.department, f.value, f.unit) for f in figures if not f.county} >= {
        ("市水利局", 40.0, "处"), ("市水利局", 12.0, "处"), ("市民政局", 25.0, "个"), ("市民政局", 9.0, "个")
    }
    assert {(f.county, f.value) for f in figures if f.county} == {("东川县", 5.0), ("西岭县", 4.0)}


def test_symbol_marked_turn_lines_with_a_qa_after_each_department() -> None:
    parsed = _parse(
        "▲市水利局局长 顾明远",
        "各位记者朋友,大家好!",
        WATER_1,
        "▲主持人",
        "感谢顾局长的发布。下面请记者朋友就水利工作提问。",
        "▲云溪日报记者",
        "请问顾局长,供水工程什么时候完工?",
        "▲顾局长",
        "谢谢你的提问。预计10月底前全部完工。",
        "▲主持人",
        "下面请市民政局局长邵怀瑾发布。",
        "▲市民政局局长 邵怀瑾",
        CANTEEN,
    )
    assert {(r[2], r[3]) for r in _rows(parsed, "speech") if "供水" in r[4]} == {("市水利局", "顾明远")}
    assert [r[3] for r in _rows(parsed, "question")] == ["云溪日报"]
    assert {(r[2], r[3]) for r in _rows(parsed, "answer")} == {("市水利局", "顾明远")}
    assert {(r[2], r[3]) for r in _rows(parsed, "speech") if "食堂" in r[4]} == {("市民政局", "邵怀瑾")}
    assert ("host", "▲主持人") in {(p.kind, p.text) for p in parsed.passages}


def test_a_news_report_headline_and_wen_da_with_the_who_in_brackets() -> None:
    parsed = _parse(
        "■水利:农村供水工程完工12处",
        "市水利局副局长顾明远介绍," + WATER_1,
        "■民政:社区食堂建成9个",
        "市民政局局长邵怀瑾介绍," + CANTEEN,
        "问(云溪日报记者):食堂怎么收费?",
        "答(市民政局局长 邵怀瑾):老年人每餐补贴3元。",
    )
    headlines = [p for p in parsed.passages if p.text.startswith("■")]
    assert {p.kind for p in headlines} == {"host"}, "a headline is nobody's words, not the last speaker's"
    assert [(r[3], r[4]) for r in _rows(parsed, "question")] == [("云溪日报", "食堂怎么收费?")]
    assert [(r[2], r[3]) for r in _rows(parsed, "answer")] == [("市民政局", "邵怀瑾")]
