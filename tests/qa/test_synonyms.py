"""Everyday words are rewritten into the knowledge's words only when the knowledge lacks them."""

from __future__ import annotations

from bot.qa.synonyms import Plain, synonyms


def test_an_everyday_word_the_knowledge_never_uses_becomes_its_formal_word() -> None:
    plain = Plain("全年计划更新新能源公交车150辆,已交付运营60辆。")
    assert plain.rewrite("新能源公车换了多少辆") == "新能源公交车更新了多少辆"


def test_a_word_the_knowledge_uses_is_left_alone() -> None:
    plain = Plain("城乡公车改造,公交车更新。")
    assert plain.rewrite("公车改造了多少") == "公车改造了多少"


def test_nothing_changes_when_the_knowledge_has_no_formal_word_either() -> None:
    plain = Plain("全年计划新建幼儿园10所。")
    assert plain.rewrite("冬天供暖怎么样") == "冬天供暖怎么样"


def test_the_first_formal_word_the_knowledge_uses_is_chosen() -> None:
    plain = Plain("为特殊困难家庭免费改造。")
    assert plain.rewrite("改造要自己掏钱吗") == "改造要免费吗"


def test_the_list_is_readable_and_longest_first() -> None:
    pairs = synonyms()
    assert len(pairs) > 50
    lengths = [len(everyday) for everyday, _ in pairs]
    assert lengths == sorted(lengths, reverse=True)
    assert all(formal and everyday not in ("", "#") for everyday, formal in pairs)


def test_wages_won_back_and_seeing_a_doctor_elsewhere() -> None:
    plain = Plain("追回农民工欠薪2863万元。异地就医备案可以网上办理。")
    assert plain.rewrite("帮农民工讨回来多少工钱") == "帮农民工追回来多少欠薪"
    assert plain.rewrite("在外地看病想备案") == "在异地就医想备案"


def test_abbreviations_and_plain_words_for_pipes_and_frost() -> None:
    plain = Plain("保障性租赁住房开工4370套。供水管网埋设在冻土层以下,并加装保温设施防冻。")
    assert plain.rewrite("保租房开工了多少套") == "保障性租赁住房开工了多少套"
    assert plain.rewrite("自来水管子冻了咋办") == "供水管网防冻咋办"


def test_a_spoken_verb_is_rewritten_only_as_a_whole_phrase() -> None:
    """'建完的' is 完工的; '改建完成' keeps its words ('建完' alone would cut through 改建|完成)."""
    plain = Plain("截至5月底,累计开工198处,其中完工的121处。已完成新改建农村公路1046公里。")
    assert plain.rewrite("农村供水工程已经建完的有多少处") == "农村供水工程已经完工的有多少处"
    assert plain.rewrite("农村公路新改建完成了多少") == "农村公路新改建完成了多少"


def test_digging_into_a_tunnel_is_its_excavation() -> None:
    """'挖进去多少米' (spoken) is what a transcript calls 掘进; '打通' is 贯通."""
    plain = Plain("会龙山隧道已完成进洞施工,左洞掘进186米。预计年底前实现贯通。")
    assert plain.rewrite("隧道挖进去多少米了") == "隧道掘进多少米了"
    assert plain.rewrite("那啥时候能打通") == "那啥时候能贯通"


def test_not_having_found_work_is_not_employed() -> None:
    plain = Plain("对尚未就业的毕业生,我们逐人提供1次职业指导。全市未就业高校毕业生1846人。")
    assert plain.rewrite("还没找到工作的毕业生有啥帮扶") == "还未就业的毕业生有啥帮扶"


def test_spoken_words_for_new_places_and_money_put_in() -> None:
    plain = Plain("新增学位9600个。累计完成投资5.42亿元。")
    assert plain.rewrite("幼儿园能多出来多少学位") == "幼儿园能新增多少学位"
    assert plain.rewrite("农村公路已经投进去多少钱了") == "农村公路已经完成投资多少钱了"
