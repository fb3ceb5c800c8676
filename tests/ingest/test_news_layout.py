"""A newspaper write-up of a conference: subheads, reported speech, questions told inside answers."""

from __future__ import annotations

from bot.ingest.extract import extract_figures
from bot.ingest.transcript import parse_transcript

# Invented, in the shape of a city paper's write-up (not any transcript of the knowledge).
WRITE_UP = """（虚构材料）
衡水日报　2024年7月12日

我市民生工程跑出“加速度”

7月11日上午，市政府新闻办召开民生工程推进情况新闻发布会，通报截至6月底全市重点民生工程进展情况。市政府新闻办副主任李华主持发布会，市住建局局长王建国、市教育局副局长赵红出席发布会。

棚改提速　安置房加快建设

据市住建局局长王建国介绍，今年我市计划新开工棚户区改造安置住房2400套。截至6月底，已开工1710套，基本建成530套。王建国表示，下一步将对进度滞后的项目挂牌督办。

学位扩容　幼儿园加快建设

据市教育局副局长赵红介绍，今年全市计划新建公办幼儿园12所，截至6月底已开工9所。

回应关切　破解“加梯难”

在回答衡水晚报记者关于老旧小区加装电梯问题的提问时，王建国表示，今年已开工加装电梯38部。
对于停车难问题，王建国说，今年以来已新增停车位960个。
"""


def _parsed():
    return parse_transcript("衡水日报-2024年7月衡水市民生工程发布会综述.txt", WRITE_UP)


def test_a_subhead_names_what_the_paragraphs_under_it_are_about() -> None:
    parsed = _parsed()
    started = next(f for f in extract_figures(parsed) if f.value == 1710)
    assert started.project == "棚改提速 安置房加快建设"
    assert started.department == "市住建局" and started.speaker == "王建国"
    kindergartens = next(f for f in extract_figures(parsed) if f.value == 9)
    assert kindergartens.project.startswith("学位扩容") and kindergartens.speaker == "赵红"


def test_a_subhead_is_nobodys_words_and_holds_no_figure() -> None:
    parsed = _parsed()
    subheads = [p for p in parsed.passages if p.text.startswith("棚改提速")]
    assert [p.kind for p in subheads] == ["host"]


def test_a_question_told_inside_the_answer_is_a_question_and_an_answer() -> None:
    parsed = _parsed()
    asked = [p for p in parsed.passages if p.kind == "question"]
    assert [(p.speaker, p.text) for p in asked] == [("衡水晚报", "老旧小区加装电梯问题")]
    lifts = next(p for p in parsed.passages if "38部" in p.text)
    assert (lifts.kind, lifts.speaker) == ("answer", "王建国")


def test_the_matter_before_the_speaker_does_not_hide_who_speaks() -> None:
    parking = next(p for p in _parsed().passages if "960个" in p.text)
    assert parking.speaker == "王建国"


def test_the_figures_are_as_of_the_month_the_text_states() -> None:
    """A July conference reports figures as of the end of June: that is their date, not July's."""
    parsed = _parsed()
    assert (parsed.source.month, parsed.source.as_of) == (7, "2024-06-30")
    assert {f.as_of for f in extract_figures(parsed)} == {"2024-06-30"}


def test_a_short_line_inside_a_municipal_transcript_is_not_a_subhead() -> None:
    """Only a line standing alone between blank lines, before body text, is a subhead."""
    text = "出席本场发布会的有:市水务局局长韩立新。\n请市水务局局长韩立新同志做发布。\n农村供水\n全年计划新建农村供水工程95处,截至6月底已完工72处,惠及群众3.2万人。\n"
    parsed = parse_transcript("2024-06-民生工程6月推进情况.txt", text)
    assert not any(p.heading == "农村供水" for p in parsed.passages)


def test_a_write_up_is_dated_by_the_day_it_says_the_conference_was_held() -> None:
    """'9月14日上午,市政府新闻办召开新闻发布会,通报…8月份推进情况': a September conference about
    August; its figures are as of August."""
    text = (
        "（虚构材料，仅用于测试）\n我市通报2022年重点民生实事8月份推进情况\n洛阳日报记者 程某某\n"
        "9月14日上午，市政府新闻办召开新闻发布会，通报我市2022年重点民生实事8月份推进情况。\n"
        "据市民政局局长郭某某介绍，截至8月底，老年助餐点已建成186个。\n"
    )
    source = parse_transcript("洛阳日报2022年9月民生实事发布会报道.txt", text).source
    assert (source.year, source.month, source.as_of) == (2022, 9, "2022-08-31")


def test_a_write_up_naming_a_quarter_and_no_month_is_dated_by_its_year_and_the_day_it_was_held() -> None:
    """'10月15日,市政府新闻办召开2024年…三季度推进情况新闻发布会': no year and month side by side,
    in the text or the file name; the year is 2024 and the conference October, its figures as of
    September. Without the day, the period's last month stands in."""
    text = (
        "（虚构材料，仅用于测试）\n我市2024年重点民生实事三季度“成绩单”出炉\n\n"
        "本报讯（记者 某某）10月15日，市政府新闻办召开2024年重点民生实事项目三季度推进情况新闻发布会。\n"
        "据市住建局局长刘某某介绍，截至9月底，全市已完成燃气管道改造268.5公里。\n"
    )
    source = parse_transcript("株洲2024年民生实事三季度推进情况（株洲日报）.txt", text).source
    assert (source.year, source.month, source.as_of) == (2024, 10, "2024-09-30")
    assert source.title.startswith("2024年10月")
    undated = text.replace("10月15日，", "")
    source = parse_transcript("株洲民生实事推进情况.txt", undated).source
    assert (source.year, source.month, source.as_of) == (2024, 9, "2024-09-30")


def test_a_headline_between_two_reports_is_nobodys_words_and_names_the_next_topic() -> None:
    """'城市基础设施补短板：9860个公共停车泊位投用' between two officials' paragraphs (no blank line):
    the next official's topic, never the words of the one before."""
    text = (
        "（虚构材料，仅用于测试）\n我市通报2022年重点民生实事8月份推进情况\n洛阳日报记者 程某某\n"
        "9月14日上午，市政府新闻办召开新闻发布会。市民政局局长郭某某、市城市管理局副局长齐某某出席发布会。\n"
        "养老服务：助餐点建设明显提速\n"
        "据郭某某介绍，截至8月底，老年助餐点已建成186个，而7月底这一数字为142个，建设进度明显加快。\n"
        "城市基础设施补短板：9860个公共停车泊位投用\n"
        "据齐某某介绍，截至8月底，公共停车泊位已新增9860个，完成年度目标的82.2%。\n"
    )
    figures = extract_figures(parse_transcript("洛阳日报2022年9月民生实事发布会报道.txt", text))
    parking = [f for f in figures if "泊位" in f.indicator]
    assert parking and all(f.department == "市城市管理局" for f in parking), parking
    assert all(f.project == "城市基础设施补短板" for f in parking), [f.project for f in parking]


def test_a_bracketed_headline_is_nobodys_words_and_names_the_next_topic() -> None:
    """'【医疗保障】村级医保服务站覆盖95.3%的村(社区)' after 罗某某's paragraph: not his words."""
    text = (
        "（虚构材料，仅用于测试）\n我市召开民生工程推进情况新闻发布会\n赣州晚报记者 刘某某\n"
        "11月8日上午，市政府新闻办召开新闻发布会。市城市管理局局长罗某某、市医疗保障局副局长钟某某出席发布会。\n"
        "【城市管理】新增公共停车泊位6870个\n"
        "据罗某某介绍，截至10月底，已新建改造公厕52座，新增公共停车泊位6870个。\n"
        "【医疗保障】村级医保服务站覆盖95.3%的村（社区）\n"
        "钟某某介绍，今年计划建成村（社区）医保服务站3000个。截至10月底，已建成2864个。\n"
    )
    parsed = parse_transcript("赣州晚报2023年11月民生工程发布会报道.txt", text)
    headline = next(p for p in parsed.passages if p.text.startswith("【医疗保障】"))
    assert headline.speaker == "" and headline.kind == "host", headline
    stations = [f for f in extract_figures(parsed) if f.value == 2864]
    assert stations and stations[0].department == "市医疗保障局", stations


def test_a_list_after_a_framing_clause_counts_its_subject_and_an_answer_told_in_the_qa_is_an_answer() -> None:
    """'从分布来看,公厕建设任务在中心城区安排较为集中,其中…涧西区14座': the list counts 公厕建设任务;
    '在回答…记者关于…的提问时,齐某某表示,…洛龙区2460个' (after another outlet's question) is his answer."""
    text = (
        "（虚构材料，仅用于测试）\n我市通报2022年重点民生实事8月份推进情况\n洛阳日报记者 程某某\n"
        "9月14日上午，市政府新闻办召开新闻发布会。市城市管理局副局长齐某某出席发布会。\n"
        "据齐某某介绍，从分布来看，公厕建设任务在中心城区安排较为集中，其中涧西区14座、洛龙区18座、老城区12座。\n"
        "河南日报记者问及燃气管网改造。齐某某表示，改造完成后将消除安全隐患。\n"
        "在回答洛阳广播电视台记者关于“主城区停车难”的提问时，齐某某表示，截至8月底新增的9860个公共停车泊位中，"
        "洛龙区2460个、涧西区2100个、老城区1350个。\n"
    )
    figures = extract_figures(parse_transcript("洛阳日报2022年9月民生实事发布会报道.txt", text))
    by_county = {(f.county, f.unit): f for f in figures if f.county}
    assert by_county[("洛龙区", "座")].indicator == "公厕建设任务"
    assert by_county[("洛龙区", "个")].value == 2460 and by_county[("洛龙区", "个")].department == "市城市管理局"


def test_an_outlet_that_cared_about_something_asked_about_it() -> None:
    """'洛阳网记者关心老年助餐点如何长期运营下去。郭某某回答,…': a question, then her answer."""
    text = (
        "（虚构材料，仅用于测试）\n我市通报2022年重点民生实事推进情况\n洛阳日报记者 程某某\n"
        "9月14日上午，市政府新闻办召开新闻发布会。市民政局局长郭某某出席发布会。\n"
        "据郭某某介绍，截至8月底，老年助餐点已建成186个。\n"
        "洛阳网记者关心老年助餐点如何长期运营下去。郭某某回答，助餐点按照“政府补一点、企业让一点、个人出一点”的思路运营。\n"
    )
    passages = parse_transcript("洛阳日报2022年9月民生实事发布会报道.txt", text).passages
    kinds = {p.kind for p in passages if "助餐点" in p.text and "运营" in p.text}
    assert kinds == {"question", "answer"}, [(p.kind, p.text) for p in passages]


def test_a_headline_wholly_in_brackets_is_nobodys_and_an_answer_told_inside_a_report_does_not_start_the_questions() -> None:
    """'【“两癌”筛查已完成3.87万人】' between two officials' paragraphs is the next one's topic; '…在回答
    红网记者提问时,黄某某表示,…' at the end of a paragraph is still 黄某某 reporting, and the
    paragraphs after the next headline are reports, not answers to an earlier question."""
    text = (
        "（虚构材料，仅用于测试）\n常德市召开重点民生实事推进情况新闻发布会\n"
        "本报讯（记者 刘某）8月9日上午，市人民政府新闻办公室召开新闻发布会。市政府副秘书长何某某主持发布会，"
        "市教育局局长周某某，市卫生健康委员会副主任汤某某，市交通运输局副局长黄某某出席发布会，介绍有关情况并回答记者提问。\n"
        "【新增公办学位9860个】\n据市教育局局长周某某介绍，今年计划新增公办学位1.5万个，已新增9860个。\n"
        "【“两癌”筛查已完成3.87万人】\n据市卫生健康委员会副主任汤某某介绍，截至7月底，已完成宫颈癌筛查3.87万人。\n"
        "【农村公路提质改造完成423公里】\n据市交通运输局副局长黄某某介绍，今年计划完成农村公路提质改造600公里，"
        "截至7月底完成423公里。在回答红网记者提问时，黄某某表示，剩余路段将于10月底前完工。\n"
    )
    parsed = parse_transcript("常德日报2023年8月民生实事新闻发布会报道.txt", text)
    headline = next(p for p in parsed.passages if p.text.startswith("【“两癌”"))
    assert headline.kind == "host" and headline.speaker == ""
    screened = next(f for f in extract_figures(parsed) if f.value == 3.87)
    assert screened.speaker == "汤某某" and screened.department == "市卫生健康委员会", screened
    road = next(f for f in extract_figures(parsed) if f.value == 600)
    assert road.speaker == "黄某某" and road.kind == "target", road


def test_a_bracketed_topic_and_its_news_name_the_project_of_the_paragraphs_and_table_under_it() -> None:
    """'【燃气管道改造：完成年度任务超八成】' then a paragraph and a table by district: every figure
    under it, the table's rows too, is of 燃气管道改造 (not of the table's column '年度任务')."""
    text = (
        "（虚构材料，仅用于测试）\n我市2024年重点民生实事三季度“成绩单”出炉\n\n"
        "本报讯（记者 某某）10月15日，市政府新闻办召开新闻发布会。市住建局局长刘某某出席发布会。\n\n"
        "【燃气管道改造：完成年度任务超八成】\n"
        "据市住建局局长刘某某介绍，今年我市计划改造老化燃气管道312公里。截至9月底，全市已完成改造268.5公里。各区县进度如下：\n\n"
        "区县　　年度任务　　已完成\n天元区　　48公里　　45.2公里\n荷塘区　　61公里　　55.3公里\n\n"
        "“燃气管道是城市的‘生命线’，改造既要快，更要安全。”刘某某说。\n"
    )
    figures = extract_figures(parse_transcript("株洲2024年民生实事三季度（株洲日报）.txt", text))
    assert {f.value for f in figures if f.project == "燃气管道改造"} >= {312, 268.5, 48, 45.2, 61, 55.3}, figures


def test_a_headlines_news_is_no_cue_for_the_sentence_under_it() -> None:
    """'【基层医疗：97个村卫生室完成提质】' then '“今年我们对…120个村卫生室实施标准化提质改造。”': the
    headline's 完成 is the paper's, not part of the official's sentence, so 120 is no progress."""
    text = (
        "（虚构材料，仅用于测试）\n10月15日，市政府新闻办召开2024年民生实事新闻发布会。市卫健委主任易某某出席。\n\n"
        "【基层医疗：97个村卫生室完成提质】\n"
        "“今年我们对15个乡镇卫生院、120个村卫生室实施标准化提质改造。”市卫健委主任易某某说，截至9月底，村卫生室完工97个。\n"
    )
    figures = {f.value: f for f in extract_figures(parse_transcript("株洲2024年民生实事（株洲日报）.txt", text))}
    assert figures[120].kind != "progress" and figures[97].kind == "progress", figures


YUEYANG = (
    "（虚构材料，仅用于测试）\n上半年我市重点民生实事完成投资31.2亿元\n\n来源：岳阳日报　2023年7月12日\n岳阳日报全媒体记者 周某\n\n"
    "7月11日，市政府新闻办召开2023年重点民生实事上半年推进情况新闻发布会。市政府副秘书长刘某某主持发布会，"
    "市住房和城乡建设局副局长易某某、市教育局副局长胡某某、市卫生健康委员会副主任汤某某出席并发布相关情况。"
    "发布会上，3个部门负责人逐一通报了分管领域实事进展，并回答了记者提问。\n\n"
    "城市更新方面，易某某介绍，今年计划改造老旧小区187个。截至6月底，已开工152个。\n\n"
    "教育方面，胡某某介绍，今年我市新建、改扩建公办幼儿园14所。\n\n"
    "岳阳网记者问及幼儿园项目分布时，胡某某介绍，14所公办幼儿园中，岳阳楼区3所，岳阳县2所。\n\n"
    "卫生健康方面，汤某某介绍，截至6月底，宫颈癌筛查完成2万8000人。\n"
)


def test_reports_led_by_their_aspect_are_speeches_and_a_question_told_with_its_answer_is_split() -> None:
    """'教育方面,胡某某介绍,…' is 胡某某's report (the opening's '并回答了记者提问' starts no questions);
    '岳阳网记者问及幼儿园项目分布时,胡某某介绍,…' is a question and its answer; '卫生健康方面,汤某某介绍'
    after it is a new report, not part of that answer."""
    parsed = parse_transcript("岳阳2023年民生实事上半年（岳阳日报）.txt", YUEYANG)
    by_start = {p.text[:6]: p for p in parsed.passages}
    assert by_start["城市更新方面"].kind == "speech" and by_start["城市更新方面"].speaker == "易某某"
    assert by_start["教育方面,胡"].speaker == "胡某某" and by_start["教育方面,胡"].kind == "speech"
    asked = next(p for p in parsed.passages if p.kind == "question")
    assert asked.speaker == "岳阳网" and asked.text == "幼儿园项目分布", asked
    assert by_start["胡某某介绍,"].kind == "answer" and by_start["胡某某介绍,"].speaker == "胡某某"
    assert by_start["卫生健康方面"].kind == "speech" and by_start["卫生健康方面"].speaker == "汤某某"
    screened = next(f for f in extract_figures(parsed) if "宫颈癌" in f.indicator)
    assert screened.speaker == "汤某某" and "幼儿园" not in screened.project, screened


def test_a_question_and_answer_record_names_who_in_brackets_after_the_role() -> None:
    """'问：（宝鸡日报记者）…' / '答：（市住房和城乡建设局局长 李某某）…': the outlet and the official;
    '来源：宝鸡市人民政府新闻办公室' is a page header, not a speaker named 来源."""
    text = (
        "（虚构材料，仅用于测试）\n宝鸡市2024年民生实事三季度进展情况新闻发布会问答实录\n\n"
        "来源：宝鸡市人民政府新闻办公室　　发布时间：2024年10月17日\n\n"
        "10月17日上午，宝鸡市人民政府新闻办公室举行新闻发布会。市发展和改革委员会副主任杨某某通报总体情况，"
        "市住房和城乡建设局局长李某某回答记者提问。\n\n"
        "问：（宝鸡广播电视台记者）老旧小区改造三季度进展怎么样？\n"
        "答：（市住房和城乡建设局局长 李某某）截至9月底，215个小区已全部开工，完工131个。\n"
    )
    parsed = parse_transcript("宝鸡市2024年三季度问答实录.txt", text)
    asked = next(p for p in parsed.passages if p.kind == "question")
    answer = next(p for p in parsed.passages if p.kind == "answer")
    assert asked.speaker == "宝鸡广播电视台" and asked.text.startswith("老旧小区"), asked
    assert answer.speaker == "李某某" and answer.department == "市住房和城乡建设局" and answer.text.startswith("截至"), answer
    assert "来源" not in {s.name for s in parsed.speakers}, parsed.speakers


def test_a_project_named_in_passing_late_in_a_report_is_not_the_whole_reports_project() -> None:
    """'据陈某某介绍,今年我市确定12件…;…他还通报了部分由其他部门牵头实事的进展:农村供水保障工程…':
    the overall figures before it belong to no project, least of all 农村供水保障工程."""
    text = (
        "（虚构材料，仅用于测试）\n7月11日，市政府新闻办召开新闻发布会。市发展和改革委员会副主任陈某某出席发布会。\n\n"
        "据陈某某介绍，今年我市确定12件38项重点民生实事，计划总投资58.6亿元。截至6月底，累计完成投资31.2亿元。"
        "老旧小区改造开工率达到81.3%。他还通报了部分由其他部门牵头实事的进展：农村供水保障工程计划新建和改造农村集中供水工程42处，已完工25处。\n"
    )
    figures = {f.value: f for f in extract_figures(parse_transcript("岳阳2023年民生实事（岳阳日报）.txt", text))}
    assert figures[58.6].project == "" and figures[81.3].project == "", (figures[58.6], figures[81.3])


def test_what_a_listed_person_does_is_left_out_but_a_hand_over_is_no_person() -> None:
    """'市发展和改革委员会副主任杨某某通报总体情况' is 杨某某; '下面请市卫健委主任杨光同志做发布' after an
    attendee list is a hand-over, not a person named '杨光同志做'."""
    from bot.ingest.transcript import _add_person

    people: dict = {}
    assert _add_person(people, "市发展和改革委员会副主任杨某某通报总体情况") and "杨某某" in people
    assert not _add_person(people, "下面请市卫健委主任杨光同志做发布;"), people
    assert not _add_person(people, "下面请市卫健委主任刘雁翔同志介绍情况。"), people
