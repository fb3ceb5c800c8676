"""A bare indicator ('已开工') in a paragraph's later sentence is about what the paragraph's lead counts."""

from __future__ import annotations

from tests.qa.invented import engine_for


def test_a_bare_progress_figure_is_found_by_its_paragraphs_subject(tmp_path) -> None:
    text = (
        "（虚构材料）\n出席本场发布会的有:市住建局局长王建国。\n请市住建局局长王建国同志做发布。\n"
        "据王建国介绍,今年我市计划新开工棚户区改造安置住房2400套。截至6月底,已开工1710套,基本建成530套。\n"
    )
    engine = engine_for(tmp_path, "2024-07-衡水民生工程7月推进情况.txt", text)
    answer, _ = engine.answer("衡水棚户区改造安置房开工了多少套")
    assert answer.found and "1710套" in answer.text and "2400套" not in answer.text.split("\n")[0], answer.text


def test_a_lead_in_another_unit_lends_no_subject(tmp_path) -> None:
    """'…农村公路1200公里。…已完工危桥31座': the 座 figure is not about 农村公路."""
    text = (
        "（虚构材料）\n出席本场发布会的有:市交通运输局局长宋振江。\n请市交通运输局局长宋振江同志做发布。\n"
        "今年计划新改建农村公路1200公里,已完成新改建农村公路1046公里。年内改造危桥46座,已完工31座。\n"
    )
    engine = engine_for(tmp_path, "2023-09-民生工程9月推进情况.txt", text)
    answer, _ = engine.answer("农村公路新改建完成多少公里了")
    assert answer.found and "1046公里" in answer.text, answer.text
