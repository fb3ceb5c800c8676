"""Transcripts laid out differently from the seed still yield every speaker's section."""

from __future__ import annotations

import pytest

from bot.ingest.extract import extract_figures
from bot.ingest.transcript import parse_transcript

ATTENDEES_ONE_LINE = "出席本场发布会的有:市水务局局长韩立新;市民政局副局长周丽萍。"
ATTENDEES_PER_LINE = "参加今天发布会的有:\n——市水务局党组书记、局长韩立新\n——市民政局副局长周丽萍"
WATER = "全年计划新建农村供水工程95处,截至6月底已完工72处。"
CIVIL = "年内计划建设社区养老服务中心48个,已建成36个。"

LAYOUTS = [
    pytest.param(ATTENDEES_ONE_LINE, "请市水务局局长韩立新同志做发布;", "请市民政局副局长周丽萍同志做发布;", id="seed-style"),
    pytest.param(ATTENDEES_ONE_LINE, "首先,请市水务局局长韩立新同志做发布。", "感谢韩立新局长。下面请市民政局副局长周丽萍同志发布。",
                 id="lead-in-and-thanks"),
    pytest.param(ATTENDEES_PER_LINE, "接下来,我们把话筒交给市水务局韩立新局长。", "下面有请周丽萍副局长。", id="floor-given-by-name"),
    pytest.param("", "首先,有请市水务局韩立新局长介绍有关情况。", "好,谢谢韩局长.接下来请市民政局周丽萍副局长发布.",
                 id="no-attendee-list-name-before-title"),
    pytest.param("发布人:\n——市水务局局长 韩立新\n——市民政局副局长 周丽萍", "主持人:首先请韩立新局长发布。",
                 "主持人:下面请周丽萍副局长发布。", id="announcer-list-with-spaces-and-host-prefix"),
    pytest.param("主持人(市政府新闻办副主任郝立新):各位记者,上午好。出席今天发布会的有市水务局局长韩立新同志、市民政局副局长周丽萍同志。",
                 "现在,请韩立新同志发布。", "请周丽萍同志发布。", id="inline-list-in-the-hosts-words"),
]


@pytest.mark.parametrize(("attendees", "first", "second"), LAYOUTS)
def test_each_speaker_gets_a_section(attendees: str, first: str, second: str) -> None:
    text = "\n".join(
        ["各位记者朋友们:大家上午好!今天发布2021年民生工程6月推进情况。", attendees, first, WATER, second, CIVIL]
    )
    parsed = parse_transcript("2021-06-第一场.txt", text)
    assert [(s.department, s.speaker) for s in parsed.sections] == [("市水务局", "韩立新"), ("市民政局", "周丽萍")]
    by_value = {f.value: f for f in extract_figures(parsed)}
    assert by_value[72].department == "市水务局" and by_value[72].kind == "progress"
    assert by_value[48].department == "市民政局" and by_value[48].kind == "target"


def test_a_speech_opened_by_the_speakers_name_switches_to_them() -> None:
    text = "\n".join([ATTENDEES_PER_LINE, "韩立新:各位好!" + WATER, "周丽萍:大家好!" + CIVIL])
    parsed = parse_transcript("2021-06-第一场.txt", text)
    assert [s.speaker for s in parsed.sections] == ["韩立新", "周丽萍"]
    assert not any(p.text.startswith("周丽萍:") for p in parsed.passages)


def test_the_session_is_the_current_one_not_the_first_mentioned() -> None:
    text = "各位记者:上午已经进行了第一场,现在进行第二场发布。2021年民生工程11月推进情况如下。"
    assert parse_transcript("2021-11-民生工程.txt", text).source.session == 2


def test_a_speech_that_names_its_department_needs_no_list_or_hand_over() -> None:
    text = "\n".join([
        "主持人:市政府新闻办公室主任 张敏",
        "张敏:各位记者,上午好。首先请市水务局韩立新局长发布。",
        "韩立新:各位好!今年市水务局牵头实施农村供水工程。" + WATER,
        "周丽萍:大家好!市民政局今年承担养老服务工程。" + CIVIL,
    ])
    parsed = parse_transcript("2021-06-第一场.txt", text)
    assert [(s.department, s.speaker) for s in parsed.sections] == [("市水务局", "韩立新"), ("市民政局", "周丽萍")]


def test_a_five_character_name_is_a_speaker_too() -> None:
    """Mongolian and other names run to five characters ('乌云其其格'): the attendee list and the
    speaker's own turn name the speaker, so her speech is not lost to 'nobody'."""
    text = "\n".join([
        "出席今天发布会的有:市住房和城乡建设局局长乌云其其格;市水务局局长贺建军。",
        "首先请市住房和城乡建设局局长乌云其其格同志作发布。",
        "乌云其其格:",
        "一、老旧小区改造。今年全市计划改造老旧小区236个,截至5月底,全市已开工158个。",
    ])
    parsed = parse_transcript("包头市2022年6月民生实事新闻发布会.txt", text)
    assert [s.speaker for s in parsed.sections] == ["乌云其其格"]
    by_value = {f.value: f for f in extract_figures(parsed)}
    assert by_value[158].department == "市住房和城乡建设局" and by_value[158].speaker == "乌云其其格"
