"""Yes/no with a number: the verdict first, then the figure that decides it."""

from __future__ import annotations

import pytest

CASES = {
    "below": ("棚改开工了5000套吗", "不是", "4433套"),
    "equal": ("棚改开工了4433套吗", "是的", "4433套"),
    "no-project-named": ("开工了5000套吗", "不是", "4433套"),
    "all-started": ("棚改项目都开工了吗", "是的", "17个"),
    "is-it-that-all": ("棚改项目是不是都已经开工了", "是的", "17个"),
}


@pytest.mark.parametrize(("question", "verdict", "figure"), CASES.values(), ids=CASES.keys())
def test_a_supposed_number_gets_a_verdict_then_the_figure(seed_engine, question, verdict, figure):
    answer = seed_engine.answer(question)[0]
    assert answer.found and answer.text.startswith(verdict) and figure in answer.text, answer.text


def test_not_everything_done_is_a_no_with_both_figures(may_engine):
    answer = may_engine.answer("棚改基本建成的安置房都建成了吗")[0]
    assert answer.found and answer.text.startswith("还没有"), answer.text


def test_what_remains_is_said_in_the_finer_unit(tmp_path):
    from tests.qa.invented import engine_for

    engine = engine_for(tmp_path, "2021-05-民生工程5月推进情况-第二场.txt", (
        "出席本场发布会的有:市市场监管局副局长宁丽娟。\n下面请市市场监管局副局长宁丽娟同志做发布;\n"
        "一、食品安全抽检。年度计划完成食品安全监督抽检1.2万批次,截至5月底已完成5236批次。\n"
    ))
    answer = engine.answer("食品安全抽检还剩多少批次没做")[0]
    assert "6764批次" in answer.text, answer.text


@pytest.mark.parametrize(
    ("question", "wanted"),
    [("棚改开工离5000套还差多少", "还差567套"), ("文艺骨干培训离1000名的目标还差多少", "还差440名")],
    ids=["flats", "people"],
)
def test_what_remains_to_a_stated_target(seed_engine, question, wanted):
    answer = seed_engine.answer(question)[0]
    assert answer.found and answer.text.startswith(wanted), answer.text


def test_a_month_is_never_the_number_a_question_supposes(seed_engine):
    """'4月底开工了5000套吗': 5000套 is supposed, not '4月底开工'."""
    answer = seed_engine.answer("棚改4月底开工了5000套吗")[0]
    assert answer.found and answer.text.startswith("不是") and "4433套" in answer.text, answer.text
