"""Behaviours found on transcripts the code was not written against, on a small invented one."""

from __future__ import annotations

import pytest

from bot.ingest.build import build_knowledge
from bot.qa import Engine

TRANSCRIPT = """各位记者朋友:大家上午好!今天发布2022年民生工程6月推进情况。
出席本场发布会的有:市交通运输局局长郑国华;市民政局副局长周丽萍。
请市交通运输局局长郑国华同志做发布;
一是农村公路建设。年度目标新改建农村公路420公里,截至6月底已完成367.8公里。
二是5G基站配套。全年新建基站道路1800处,已建成1652处,其余148处正在施工。
请市民政局副局长周丽萍同志做发布;
全年计划建设社区养老服务中心48个,已建成36个,分别是双桥区12个、双滦区10个、承德县8个、兴隆县6个。
下面是记者提问环节。
承德日报:请问养老服务中心还有哪些县没有建完?
民政局副局长周丽萍答:尚未完成建设的是围场县、丰宁县和隆化县,预计年底前全部建成。
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    path = tmp_path_factory.mktemp("kb") / "2022-06-民生工程6月推进情况.txt"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    knowledge, problems = build_knowledge([path])
    assert not [p for p in problems if p.severity == "error"]
    return Engine(knowledge)


CASES = [
    pytest.param("交通局局长叫啥", ("郑国华",), (), id="department-abbreviation"),
    pytest.param("农村公路完成了百分之多少", ("87.6%",), (), id="rate-from-target-and-progress"),
    pytest.param("基站道路完成率", ("91.8%",), ("148",), id="rate-ignores-what-is-left"),
    pytest.param("还剩多少公里农村公路没完成", ("52.2公里",), (), id="remaining-keeps-the-asked-unit"),
    pytest.param("养老服务中心没建完的是哪几个县", ("围场", "丰宁", "隆化"), (), id="counties-named-in-prose"),
    pytest.param("青龙县有养老服务中心吗", ("不在",), (), id="county-outside-the-list"),
    pytest.param("1到6月农村公路完成多少", ("367.8公里",), (), id="month-range-is-a-period"),
]


@pytest.mark.parametrize(("question", "expected", "absent"), CASES)
def test_answer(engine: Engine, question: str, expected: tuple[str, ...], absent: tuple[str, ...]) -> None:
    answer, _ = engine.answer(question)
    head = answer.text.split("来源", 1)[0]
    assert answer.found, answer.text
    for text in expected:
        assert text in answer.text, answer.text
    for text in absent:
        assert text not in head, answer.text
