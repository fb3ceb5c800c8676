"""The conference itself: host, attendees, departments, date, which month or session, who asked what."""

from __future__ import annotations

import pytest

from bot.ingest.build import build_knowledge
from bot.qa import Engine
from tests.conftest import SEED_DIR, knowledge_files

# A government-website 文字实录: header lines, then turns; the host never reports.
RECORD = """保定市2022年3月民生实事项目推进情况新闻发布会文字实录
发布时间：2022年3月30日上午10:00
主持人：保定市人民政府新闻办公室副主任 孟凡超
发布人：
保定市水利局局长 韩志刚
保定市民政局局长 冯丽娟
主持人：下面请韩志刚局长介绍。
保定市水利局局长 韩志刚：今年全市计划治理中小河流5条，已完成治理河长12公里。
主持人：下面请冯丽娟局长介绍。
保定市民政局局长 冯丽娟：今年计划新建社区养老服务站30个，已建成8个。
主持人：下面进入提问环节。
保定日报记者：请问农村供水冬天怎么防冻？
保定市水利局局长 韩志刚：我们对管道全部做了深埋保温处理。
河北电视台记者：请问养老服务站收费吗？
保定市民政局局长 冯丽娟：基本服务不收费。
主持人：发布会到此结束。
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Engine:
    directory = tmp_path_factory.mktemp("record")
    (directory / "保定市2022年3月民生实事发布会文字实录.txt").write_text(RECORD, encoding="utf-8")
    knowledge, _ = build_knowledge([*knowledge_files(SEED_DIR), *directory.glob("*.txt")])
    return Engine(knowledge)


CASES = {
    "host": ("保定那场发布会是谁主持的", ["孟凡超"], ["韩志刚"]),
    "date": ("保定那次发布会是哪天开的", ["2022年3月30日"], []),
    "departments": ("保定发布会有几个部门发布", ["2个部门", "保定市水利局", "保定市民政局"], []),
    "attendees": ("保定那场发布会都有谁出席", ["韩志刚", "冯丽娟"], []),
    "outlet-on-a-topic": ("保定发布会上哪家媒体问了养老服务站收费的事", ["河北电视台"], []),
    "what-an-outlet-asked": ("保定日报记者问了什么", ["防冻"], ["收费吗"]),
    # what was asked, and the start of what was answered to it ('撤桶并点' is in the answer)
    "what-an-outlet-was-answered": ("保定日报记者问了什么", ["深埋保温"], ["不收费"]),
    "seed-departments": ("承德4月发布会有几个部门参加", ["5个部门", "市卫健委", "市人社局"], ["保定"]),
    "which-month": ("保定那场是几月份的发布会", ["2022年3月"], []),
}


@pytest.mark.parametrize(("question", "wanted", "unwanted"), CASES.values(), ids=CASES.keys())
def test_questions_about_the_conference_are_answered_from_its_facts(engine, question, wanted, unwanted):
    answer = engine.answer(question)[0]
    assert answer.found, answer.text
    for text in wanted:
        assert text in answer.text, answer.text
    for text in unwanted:
        assert text not in answer.text.split("\n来源")[0], answer.text


def test_a_date_for_something_else_is_not_the_conferences_date(engine):
    answer = engine.answer("保定养老服务站几号开放")[0]
    assert "2022年3月30日" not in answer.text


def test_a_host_who_only_introduces_themself_is_the_host(tmp_path):
    from tests.qa.invented import engine_for

    engine = engine_for(tmp_path, "沧州市2023年5月民生实事发布会实录.txt", (
        "沧州市2023年重点民生实事推进情况新闻发布会(第二场)文字实录\n发布时间:2023年5月30日上午9:30\n【主持人】\n"
        "各位记者朋友,大家上午好!我是市政府新闻办公室副主任王晓鹏。今天我们邀请到:市交通运输局局长冯立军。\n"
        "【市交通运输局局长 冯立军】\n今年全市计划新开通城乡公交线路11条,已开通9条。\n"
    ))
    answer = engine.answer("沧州那场发布会是谁主持的")[0]
    assert "王晓鹏" in answer.text and "冯立军" not in answer.text.split("\n")[0], answer.text


def test_a_host_named_in_the_header_of_their_turn_is_the_host(tmp_path):
    """'主持人（市政府新闻办公室副主任韩立新）：' on a line of its own, the words on the next lines."""
    from tests.qa.invented import engine_for

    engine = engine_for(tmp_path, "承德市2022年4月民生工程发布会.txt", (
        "承德市2022年4月民生工程推进情况新闻发布会（第一场）\n\n主持人（市政府新闻办公室副主任韩立新）：\n"
        "各位记者朋友们：\n大家上午好！出席本场发布会的有：市水务局局长田国良。\n下面请市水务局局长田国良同志做发布。\n"
        "市水务局局长 田国良：\n今年计划实施农村供水工程260处,已开工143处。\n"
    ))
    answer = engine.answer("承德2022年4月发布会是谁主持的")[0]
    assert answer.found and "韩立新" in answer.text, answer.text


def test_a_host_with_two_posts_is_named_by_the_one_next_to_the_name(tmp_path):
    """'市委宣传部副部长、市政府新闻办主任杨帆主持发布会': the host is 杨帆, 市政府新闻办主任."""
    from tests.qa.invented import engine_for

    engine = engine_for(tmp_path, "遵义市2022年7月民生实事发布会.txt", (
        "遵义市2022年十件民生实事上半年推进情况发布会\n\n"
        "7月14日下午，遵义市人民政府新闻办公室召开新闻发布会。市委宣传部副部长、市政府新闻办主任杨某主持发布会，"
        "市教育局副局长王某某出席发布会。\n\n【市教育局副局长 王某某】\n年内计划新建改扩建公办幼儿园30所，截至6月底，已开工23所。\n"
    ))
    answer = engine.answer("遵义2022年那场发布会是谁主持的")[0]
    assert answer.found and "市政府新闻办主任杨某" in answer.text, answer.text


def _shilu(tmp_path):
    from tests.qa.invented import engine_for

    return engine_for(tmp_path, "大同市2023年4月民生实事新闻发布会文字实录.txt", (
        "（虚构材料，仅用于测试）\n大同市2023年民生实事推进情况新闻发布会文字实录\n时间：2023年4月26日上午10:00\n"
        "地点：大同市人民政府新闻发布厅\n主持人：大同市人民政府新闻办公室副主任 贾某某\n发布人：\n"
        "大同市住房和城乡建设局局长 田某某\n大同市交通运输局副局长 温某某\n"
        "主持人：\n请田某某局长发布。\n大同市住房和城乡建设局局长 田某某：\n截至3月底,老旧小区改造已开工86个。\n"
        "主持人：\n请温某某副局长发布。\n大同市交通运输局副局长 温某某：\n截至3月底,农村公路已完工120公里。\n"
    ))


def test_where_and_when_a_conference_was_held_and_what_month_it_reports(tmp_path):
    engine = _shilu(tmp_path)
    answer = engine.answer("大同2023年4月那场发布会是哪天在哪里开的？")[0]
    assert answer.found and "4月26日" in answer.text and "新闻发布厅" in answer.text, answer.text
    answer = engine.answer("大同2023年4月那场发布会是第几场，通报的是截至几月底的情况？")[0]
    assert answer.found and "3月底" in answer.text, answer.text


def test_which_departments_sent_someone_is_a_question_about_the_conference(tmp_path):
    engine = _shilu(tmp_path)
    answer = engine.answer("大同2023年4月发布会来了哪几个部门的负责人？")[0]
    assert answer.found and "住房和城乡建设局" in answer.text and "交通运输局" in answer.text, answer.text


def test_the_press_officer_who_opens_is_the_host_and_host_and_departments_are_answered_together(tmp_path):
    """'【市政府新闻办副主任 孟某某】各位记者朋友…下面,请…发布': the host, though no line says 主持;
    '谁主持的，哪几个部门出席了' gets both."""
    from tests.qa.invented import engine_for

    engine = engine_for(tmp_path, "泰安市2022年10月民生实事发布会文字实录.txt", (
        "泰安市2022年民生实事10月推进情况新闻发布会（第二场）文字实录\n\n"
        "【市政府新闻办副主任 孟某某】\n各位记者朋友，大家上午好！出席今天发布会的有：市水利局副局长张某某先生，市民政局副局长刘某某女士。"
        "下面，请市水利局副局长张某某发布。\n\n"
        "【市水利局副局长 张某某】\n今年计划实施农村供水工程86处，截至10月底已完工58处。\n\n"
        "【市民政局副局长 刘某某】\n今年计划新建社区养老服务站30个，已建成14个。\n"
    ))
    first = engine.answer("泰安10月推进情况第二场发布会谁主持的，哪几个部门出席了？")[0].text.split("\n")[0]
    assert "孟某某" in first and "市水利局" in first and "市民政局" in first, first


def test_a_write_ups_paper_and_reporter_answer_who_wrote_it(tmp_path):
    """'岳阳日报全媒体记者 周某' under the headline: '报道是哪家报纸、哪个记者写的'."""
    from tests.qa.invented import engine_for

    engine = engine_for(tmp_path, "岳阳2023年民生实事上半年（岳阳日报）.txt", (
        "上半年我市重点民生实事完成投资31.2亿元\n\n来源：岳阳日报　2023年7月12日\n岳阳日报全媒体记者 周某\n\n"
        "7月11日，市政府新闻办召开2023年重点民生实事上半年推进情况新闻发布会。市住房和城乡建设局副局长易某某出席发布会。\n\n"
        "据易某某介绍，今年计划改造老旧小区187个，截至6月底已开工152个。\n"
    ))
    first = engine.answer("岳阳那篇民生实事发布会的报道是哪家报纸、哪个记者写的")[0].text.split("\n")[0]
    assert "岳阳日报" in first and "周某" in first, first


def test_how_many_sessions_the_conference_was_held_in(seed_engine):
    """'那次发布会一共分几场': the opening says '分三场进行,首先进行第一场'."""
    first = seed_engine.answer("承德2021年4月那次民生工程发布会一共分几场")[0].text.split("\n")[0]
    assert "三场" in first and "第一场" in first, first
    assert "三场" not in seed_engine.answer("承德2021年4月那场是第几场")[0].text.split("\n")[0]
