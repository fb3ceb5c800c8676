"""Text tables rewritten as the sentences a speaker would have said (fictional counties and figures)."""

from __future__ import annotations

import pytest

from bot.ingest.extract import extract_figures
from bot.ingest.tables import rewrite_tables
from bot.ingest.transcript import parse_transcript
from bot.text import normalise


def _rewrite(*lines: str) -> list[str]:
    """As parse_transcript does it: each line normalised and stripped, then tables rewritten."""
    return rewrite_tables([normalise(line).strip() for line in lines])


COUNTY_TABLE = [
    "全年计划改造背街小巷86条,分县区完成情况如下:",
    "县区 | 完成数 | 目标数",
    "---|---|---",
    "东坪县 | 12 | 30",
    "西岭县 | 10 | 28",
    "南湖区 | 9 | 28",
    "合计 | 31 | 86",
    "以上数据截至3月底。",
]


def test_a_county_table_becomes_one_sentence_per_column_with_the_unit_said_before_it() -> None:
    assert _rewrite(*COUNTY_TABLE) == [
        "全年计划改造背街小巷86条,分县区完成情况如下:",
        "分县区完成数共31条分别是:东坪县12条、西岭县10条、南湖区9条。"
        "分县区目标数共86条分别是:东坪县30条、西岭县28条、南湖区28条。",
        "",
        "",
        "",
        "",
        "",
        "以上数据截至3月底。",
    ]


def test_the_line_count_is_unchanged() -> None:
    out = _rewrite(*COUNTY_TABLE)
    assert len(out) == len(COUNTY_TABLE)
    assert [i for i, line in enumerate(out) if line == ""] == [2, 3, 4, 5, 6]


def test_an_other_counties_row_is_left_out_and_drops_the_total() -> None:
    assert _rewrite(
        "全年计划改造背街小巷86条。",
        "县区 | 完成数",
        "东坪县 | 12",
        "西岭县 | 10",
        "其他县区 | 9",
        "合计 | 31",
    ) == ["全年计划改造背街小巷86条。", "分县区完成数:东坪县12条、西岭县10条。", "", "", "", ""]


def test_a_tab_separated_project_table_becomes_one_sentence_per_row_keeping_cell_units() -> None:
    assert _rewrite(
        "重点项目进展如下:",
        "项目\t年度目标\t已完成",
        "农村公路改造\t120公里\t38公里",
        "社区食堂\t25个\t9个",
        "老旧小区改造\t1.2万户\t4500户",
    ) == [
        "重点项目进展如下:",
        "农村公路改造年度目标120公里,已完成38公里。社区食堂年度目标25个,已完成9个。"
        "老旧小区改造年度目标1.2万户,已完成4500户。",
        "",
        "",
        "",
    ]


def test_a_unit_in_the_header_wins_over_the_unit_said_before_the_table() -> None:
    assert _rewrite(
        "今年计划新建健身步道45条。",
        "县区|完成数(公里)|目标数(公里)",
        "东坪县|6.5|15",
        "西岭县|4|12",
    ) == [
        "今年计划新建健身步道45条。",
        "分县区完成数:东坪县6.5公里、西岭县4公里。分县区目标数:东坪县15公里、西岭县12公里。",
        "",
        "",
    ]


def test_a_unit_named_as_units_in_the_header_is_used() -> None:
    sentence = _rewrite("全年计划改造背街小巷86条。", "县区 | 投资(单位:万元)", "东坪县 | 350", "西岭县 | 420")[1]
    assert sentence.endswith(":东坪县350万元、西岭县420万元。")


def test_a_units_note_in_the_header_leaves_no_empty_brackets() -> None:
    assert _rewrite("县区 | 投资(单位:万元)", "东坪县 | 350", "西岭县 | 420")[0] == "分县区投资:东坪县350万元、西岭县420万元。"


def test_a_count_before_the_table_wins_over_a_sum_of_money_and_a_rate() -> None:
    assert _rewrite(
        "改造背街小巷86条,总投资3.6亿元,完成率36%。",
        "县区 | 完成数",
        "东坪县 | 12",
        "西岭县 | 10",
    )[1] == "分县区完成数:东坪县12条、西岭县10条。"


def test_full_width_bars_work_after_normalise() -> None:
    assert _rewrite(
        "今年计划新建健身步道45条。",
        "｜县区｜完成数｜目标数｜",
        "｜东坪县｜6｜15｜",
        "｜西岭县｜4｜12｜",
    ) == [
        "今年计划新建健身步道45条。",
        "分县区完成数:东坪县6条、西岭县4条。分县区目标数:东坪县15条、西岭县12条。",
        "",
        "",
    ]


def test_a_space_aligned_table_is_read_too() -> None:
    assert _rewrite(
        "全年计划新建村卫生室35个。",
        "县区    已建成    计划数",
        "东坪县    8    15",
        "西岭县    6    20",
    )[1] == "分县区已建成:东坪县8个、西岭县6个。分县区计划数:东坪县15个、西岭县20个。"


def test_a_table_with_no_unit_anywhere_keeps_bare_numbers() -> None:
    assert _rewrite("县区 | 完成数", "东坪县 | 12", "西岭县 | 10") == ["分县区完成数:东坪县12、西岭县10。", "", ""]


@pytest.mark.parametrize(
    "lines",
    [
        pytest.param(["我们坚持问题导向 | 目标导向推进工作", "今年完成改造12条。"], id="prose-with-one-bar"),
        pytest.param(["工作要点:稳进度 | 保质量", "全年计划改造背街小巷86条。"], id="prose-with-one-bar-no-full-stop"),
        pytest.param(["县区 | 说明", "东坪县 | 已完成12条。", "西岭县 | 完成10条。"], id="rows-with-full-stops"),
        pytest.param(["县区 | 负责人 | 备注", "东坪县 | 吴清和 | 按期推进", "西岭县 | 庞雨薇 | 按期推进"], id="no-numbers"),
        pytest.param(["全年计划改造背街小巷86条,已完成31条,完成率36%。"], id="plain-prose"),
    ],
)
def test_lines_that_are_not_tables_are_left_alone(lines: list[str]) -> None:
    assert _rewrite(*lines) == [normalise(line).strip() for line in lines]


def test_a_row_with_a_full_stop_ends_the_table() -> None:
    assert _rewrite(
        "今年计划改造背街小巷86条。",
        "县区 | 完成数",
        "东坪县 | 12",
        "西岭县 | 10",
        "以上 | 数据截至3月底。",
    ) == ["今年计划改造背街小巷86条。", "分县区完成数:东坪县12条、西岭县10条。", "", "", "以上 | 数据截至3月底。"]


def test_numbers_with_thousands_separators_are_numbers() -> None:
    assert _rewrite("今年发放助学金4500人。", "县区 | 受助人数", "东坪县 | 1,200", "西岭县 | 3,300")[1] == (
        "分县区受助人数:东坪县1200人、西岭县3300人。"
    )


def test_one_number_without_a_separator_is_enough_for_the_others_to_be_read() -> None:
    assert _rewrite("今年发放助学金4500人。", "县区 | 受助人数", "东坪县 | 1,200", "西岭县 | 300")[1] == (
        "分县区受助人数:东坪县1200人、西岭县300人。"
    )


# -- end to end: a county table in a transcript becomes a per-county breakdown --------------------

TRANSCRIPT = "\n".join(
    [
        "云溪市2024年3月民生工程新闻发布会",
        "【主持人】各位记者,上午好。",
        "【市城市管理局局长 葛青禾】",
        "全年计划改造背街小巷86条,截至3月底分县区完成情况如下:",
        "县区 | 完成数 | 目标数",
        "---|---|---",
        "东坪县 | 12 | 30",
        "西岭县 | 10 | 28",
        "南湖区 | 9 | 28",
        "合计 | 31 | 86",
        "下一步我们将加快推进。",
    ]
)


@pytest.fixture(scope="module")
def table_figures():
    return extract_figures(parse_transcript("2024-03-云溪.txt", TRANSCRIPT))


def test_the_table_sentences_are_the_speakers_and_keep_the_table_line() -> None:
    parsed = parse_transcript("2024-03-云溪.txt", TRANSCRIPT)
    rows = [(p.line, p.kind, p.department, p.speaker, p.text) for p in parsed.passages if p.kind == "speech"]
    assert rows == [
        (4, "speech", "市城市管理局", "葛青禾", "全年计划改造背街小巷86条,截至3月底分县区完成情况如下:"),
        (5, "speech", "市城市管理局", "葛青禾", "分县区完成数共31条分别是:东坪县12条、西岭县10条、南湖区9条。"),
        (5, "speech", "市城市管理局", "葛青禾", "分县区目标数共86条分别是:东坪县30条、西岭县28条、南湖区28条。"),
        (11, "speech", "市城市管理局", "葛青禾", "下一步我们将加快推进。"),
    ]


def test_a_county_table_yields_a_county_breakdown_per_column(table_figures) -> None:
    groups: dict[str, list] = {}
    for figure in table_figures:
        if figure.group:
            groups.setdefault(figure.group, []).append(figure)
    breakdowns = sorted(
        ((parts[0].kind, tuple((f.county, f.value, f.unit) for f in parts)) for parts in groups.values()),
    )
    assert breakdowns == [
        ("progress", (("东坪县", 12.0, "条"), ("西岭县", 10.0, "条"), ("南湖区", 9.0, "条"))),
        ("target", (("东坪县", 30.0, "条"), ("西岭县", 28.0, "条"), ("南湖区", 28.0, "条"))),
    ]
    for parts in groups.values():
        assert {(f.department, f.speaker, f.line, f.as_of) for f in parts} == {("市城市管理局", "葛青禾", 5, "2024-03-31")}


def test_the_total_row_is_the_breakdowns_stated_total(table_figures) -> None:
    totals = {f.kind: f.group_total for f in table_figures if f.group}
    assert totals == {"progress": 31.0, "target": 86.0}


def test_a_list_with_no_subject_breaks_down_the_figure_said_before_it(tmp_path) -> None:
    """'已完成21个。其中:A市5个…' — the parts are of the 21, named by what the sentence counted."""
    from bot.ingest.build import build_knowledge

    text = (
        "各位记者朋友:大家上午好!今天发布2023年民生工程6月推进情况。\n"
        "【市商务局副局长 甘立夫】\n"
        "全年计划改造提升乡镇商贸中心20个,已完成12个。其中:东川市5个,西岭县4个,南平县3个。\n"
    )
    path = tmp_path / "2023-06-民生工程6月推进情况.txt"
    path.write_text(text, encoding="utf-8")
    knowledge, _ = build_knowledge([path])
    parts = [f for f in knowledge.figures if f.group]
    assert [(f.county, f.value) for f in parts] == [("东川市", 5.0), ("西岭县", 4.0), ("南平县", 3.0)]
    assert {f.kind for f in parts} == {"progress"}
    assert {f.group_total for f in parts} == {12.0}
    assert all("乡镇商贸中心" in f.indicator for f in parts), [f.indicator for f in parts]


def test_an_index_column_a_caption_unit_and_a_total_row_without_an_index() -> None:
    lines = [
        "表1 社区食堂建设进展(单位:个)",
        "序号 县(市、区)  计划数  已建成",
        "1   东川县   8   5",
        "2   西岭县   5   3",
        "    合计   13   8",
        "下一步我们将加快建设。",
    ]
    out = rewrite_tables([normalise(line).strip() for line in lines])
    assert out[1] == "分县区计划数共13个分别是:东川县8个、西岭县5个。分县区已建成共8个分别是:东川县5个、西岭县3个。"
    assert out[2:5] == ["", "", ""] and out[5] == "下一步我们将加快建设。"


def test_an_appendix_table_after_the_qa_is_data_about_its_caption() -> None:
    text = "\n".join(
        [
            "【市教育局局长 温书礼】",
            "全年计划新建公办幼儿园20所,已完工12所。",
            "云溪日报记者:新建的幼儿园秋季能用上吗?",
            "温书礼:能,12所已完工的幼儿园秋季全部开园。",
            "附表 2024年新建公办幼儿园分县区任务",
            "县区 | 新建(所)",
            "东川县 | 8",
            "西岭县 | 12",
        ]
    )
    parsed = parse_transcript("2024-08-民生工程8月推进情况.txt", text)
    parts = [f for f in extract_figures(parsed) if f.group]
    assert [(f.county, f.value, f.unit) for f in parts] == [("东川县", 8.0, "所"), ("西岭县", 12.0, "所")]
    assert {f.project for f in parts} == {"2024年新建公办幼儿园分县区任务"}, "its subject is the caption, not the last question"


def test_a_two_column_table_aligned_with_single_spaces() -> None:
    lines = ["各县完工情况如下:", "县区  完工面积", "东川县 4.6万亩", "西岭县  4.2万亩", "剩余面积年底前完成。"]
    out = rewrite_tables([normalise(line).strip() for line in lines])
    assert out[1] == "分县区完工面积:东川县4.6万亩、西岭县4.2万亩。"
    assert out[2:4] == ["", ""] and out[4] == "剩余面积年底前完成。"


def test_two_words_on_a_line_are_not_a_table() -> None:
    lines = ["主要做法 如下", "一是加强统筹 二是压实责任"]
    assert rewrite_tables(lines) == lines


def test_a_table_after_a_paragraph_on_a_subject_is_about_that_subject():
    """'老旧小区改造方面,…' then a county table of 年度任务 / 已开工: its columns are the subject's."""
    from bot.ingest.tables import rewrite_tables

    lines = [
        "老旧小区改造方面,今年全市计划改造老旧小区286个。",
        "",
        "县(市、区)    年度任务    截至3月底已开工",
        "路南区        38个        7个",
        "路北区        52个        9个",
        "古冶区        21个        3个",
    ]
    text = "".join(rewrite_tables(lines))
    assert "老旧小区改造年度任务" in text and "老旧小区改造截至3月底已开工" in text, text


def test_a_header_typed_with_full_width_spaces_heads_its_table_and_a_caption_names_its_subject() -> None:
    # A full-width space reads as one space once normalised; the caption says what the rows count.
    out = _rewrite(
        "全市计划完成农村户厕改造1.5万户。改厕任务较重的3个县完成情况如下：",
        "县（市）　年度任务（户）　已完成（户）",
        "东坪县　　3200　　　　　　2860",
        "西岭县　　1800　　　　　　1250",
        "南川市　　1500　　　　　　1500",
    )
    assert out[1] == (
        "分县区改厕年度任务:东坪县3200户、西岭县1800户、南川市1500户。"
        "分县区改厕已完成:东坪县2860户、西岭县1250户、南川市1500户。"
    )
    assert out[2:] == ["", "", ""]


def test_a_row_of_numbers_never_heads_the_rows_after_it() -> None:
    lines = ["东坪县  3200  2860", "西岭县  1800  1250"]
    assert _rewrite(*lines) == lines


def test_a_table_whose_labels_are_one_space_apart_and_a_name_typed_with_a_space_inside() -> None:
    """'区县　　计划改造　已开工　已完工' over '武陵区　62个　　62个　　27个' and '澧　县　34个…' (full-width
    spaces, one or two, read as spaces): each county's row, 澧县 whole."""
    lines = [
        "各区县进展如下:", "区县  计划改造 已开工 已完工", "武陵区 62个  62个  27个", "鼎城区 38个  36个  12个",
        "澧 县 34个  33个  11个", "桃源县 31个  28个  10个", "合 计 165个  159个  60个",
    ]
    text = "\n".join(rewrite_tables(lines))
    assert "澧县" in text and "桃源县" in text and "28个" in text, text
    figures = extract_figures(parse_transcript("常德市2023年8月民生实事新闻发布会.txt", "\n".join(["（虚构材料）", *lines])))
    started = [f for f in figures if f.county == "桃源县" and f.value == 28]
    assert started and started[0].indicator == "已开工", [(f.county, f.indicator, f.value) for f in figures]


def test_a_caption_naming_what_each_place_counts_beats_the_paragraphs_aspect() -> None:
    """'城市更新方面,…各区县老旧小区改造进度如下:' then a table: its rows count 老旧小区改造, not 城市更新."""
    lines = [
        "城市更新方面，易某某介绍，今年计划改造老旧小区187个，截至6月底已开工152个。各区县老旧小区改造进度如下：",
        "区县　　年度任务　　已开工",
        "岳阳楼区　　52个　　48个",
        "岳阳县　　18个　　14个",
    ]
    rewritten = " ".join(rewrite_tables([normalise(line) for line in lines]))
    assert "分县区老旧小区改造已开工" in rewritten and "城市更新已开工" not in rewritten, rewritten
