"""Deterministic synthetic press-conference transcripts in the seed's style, for benchmarks only.

    python bench/generate.py OUT_DIR --count N --seed 1

Each file is one session of a monthly 民生工程 press conference: a host opening with the year
and month, an attendee list, one section per department with numbered items (一是 / 一、 / (一)),
yearly targets ("年内计划…N个") and progress ("截至目前,已…M个"), then a Q&A part with per-county
breakdowns. Files follow one another month by month from May 2021 (the seed is April 2021), five
sessions a month, so the knowledge grows the way a real one would: the same departments report
every month, targets stay fixed for a year and progress climbs towards them.
Same seed and count → byte-identical files.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from pathlib import Path

MARKER = "【基准测试生成材料】本文件由 bench/generate.py 自动生成,内容为虚构,仅用于性能测试,不是真实发布会记录。"
CITY = "承德市"
FIRST_YEAR, FIRST_MONTH = 2021, 5  # the month after the seed transcript
# Real conferences split the departments into sessions of about five speakers (the seed: five).
DEPARTMENTS_PER_SESSION = 5
CN = "一二三四五六七八九十"
COUNTIES = (
    "双桥区", "双滦区", "鹰手营子矿区", "承德县", "兴隆县", "滦平县", "隆化县", "丰宁县", "宽城县", "围场县",
    "平泉市", "高新区",
)
OUTLETS = (
    "承德日报", "承德广播电视台", "和合承德网", "承德晚报", "长城网承德频道", "河北日报承德记者站",
    "新华网河北频道", "承德新闻网",
)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "建国军志明华伟成东海平宏永春立新文国庆玉兰秀英丽敏静强磊洋勇杰涛斌鹏辉刚健超亮峰波宇浩凯雪梅红艳晓燕颖琳晨阳光学德福贵荣胜利忠信怀远振兴卫彬"


@dataclass(frozen=True)
class Item:
    """One numbered item a department reports on: what it builds or does and how it is counted."""

    heading: str  # 社区养老服务中心建设
    noun: str  # 社区养老服务中心
    plan_verb: str  # 新建
    done_verb: str  # 建成
    unit: str  # 个
    low: float  # yearly target range, in the unit as written
    high: float
    countable: bool = True  # a per-county breakdown makes sense (whole things, not 万元 or %)


@dataclass(frozen=True)
class Department:
    """A department, the title of its head and the project (工程) it is responsible for."""

    name: str
    title: str
    project: str
    items: tuple[Item, ...]


# Budgets stated beside a building target ("规划资金5730万元").
MONEY = Item("规划资金", "规划资金", "", "", "万元", 0, 0, countable=False)


def _i(heading, noun, plan, done, unit, low, high, countable=None) -> Item:
    whole = unit in ("个", "所", "套", "座", "支", "场", "次", "辆")
    return Item(heading, noun, plan, done, unit, low, high, whole if countable is None else countable)


DEPARTMENTS: tuple[Department, ...] = (
    Department("市卫健委", "主任", "医疗康养促进工程", (
        _i("乡镇卫生院标准化建设", "标准化乡镇卫生院", "建设", "建成", "所", 10, 40),
        _i("村卫生室提档升级", "村卫生室", "改造", "完成改造", "个", 60, 220),
        _i("基层医疗卫生人才培养", "乡村医生", "培训", "培训", "名", 300, 1200),
        _i("远程医疗服务", "远程会诊", "开展", "开展", "次", 800, 3000),
        _i("家庭医生签约服务", "重点人群签约", "完成", "完成", "万人", 10, 40),
    )),
    Department("市教育局", "局长", "教育提质扩容工程", (
        _i("幼儿园建设工程项目", "幼儿园", "新建、改扩建", "开工建设", "所", 6, 20),
        _i("中小学建设工程项目", "中小学", "新建、改扩建", "开工建设", "所", 6, 16),
        _i("校舍建设", "校舍面积", "建设", "完成", "万平方米", 2, 12),
        _i("学校建设资金保障", "建设资金", "投入", "拨付", "亿元", 1, 5),
        _i("乡村教师培训", "乡村教师", "培训", "培训", "名", 500, 3000),
    )),
    Department("市住建局", "局长", "城镇住房保障工程", (
        _i("棚户区改造工程", "回迁安置房", "建设", "开工", "套", 1000, 6000),
        _i("老旧小区改造工程", "老旧小区", "改造", "开工改造", "个", 60, 200),
        _i("农村生活垃圾治理", "农村生活垃圾转运站", "建设", "开工", "座", 6, 20),
        _i("城镇燃气管网改造", "燃气管网", "改造", "完成改造", "公里", 20, 120),
        _i("公共租赁住房保障", "住房困难家庭", "保障", "保障", "套", 300, 1500),
    )),
    Department("市旅游和文化广电局", "局长", "文化惠民工程", (
        _i("乡村文艺骨干培训", "乡村(社区)文艺骨干", "培训", "培训", "名", 600, 1500),
        _i("基层文艺团体培育", "乡村基层文艺团体", "培育", "培育", "支", 60, 150),
        _i("高雅艺术进承德", "文化惠民演出", "开展", "开展", "场", 20, 60),
        _i("农家书屋提升", "农家书屋", "提升", "完成提升", "个", 100, 400),
    )),
    Department("市人社局", "局长", "就业职业培训工程", (
        _i("城镇新增就业", "城镇新增就业", "实现", "实现", "万人", 2, 5),
        _i("职业技能提升行动", "职业技能培训", "开展", "开展", "人", 8000, 30000),
        _i("公共就业服务活动", "公共就业服务活动", "举办", "举办", "场", 80, 300),
        _i("创业担保贷款", "创业担保贷款", "发放", "发放", "万元", 5000, 20000),
        _i("公益性岗位开发", "公益性岗位", "开发", "开发", "个", 3000, 9000),
    )),
    Department("市民政局", "局长", "养老服务提升工程", (
        _i("社区养老服务中心建设", "社区养老服务中心", "新建", "建成", "个", 10, 40),
        _i("农村互助幸福院建设", "农村互助幸福院", "新建", "建成", "所", 30, 120),
        _i("养老护理员培训", "养老护理员", "培训", "培训", "名", 500, 2000),
        _i("特困供养机构改造", "特困供养机构", "改造", "完成改造", "所", 5, 20),
    )),
    Department("市交通运输局", "局长", "农村公路提升工程", (
        _i("农村公路改造", "农村公路", "改造提升", "完成", "公里", 200, 900),
        _i("危桥改造", "危桥", "改造", "完成改造", "座", 10, 50),
        _i("城乡公交一体化", "新能源公交车", "更新", "投入运营", "辆", 50, 300),
        _i("交通建设投资", "交通建设投资", "完成", "完成", "亿元", 5, 30),
    )),
    Department("市水务局", "局长", "农村饮水安全巩固提升工程", (
        _i("农村供水工程建设", "农村供水工程", "建设", "建成", "个", 40, 160),
        _i("饮水安全受益人口", "受益人口", "惠及", "惠及", "万人", 5, 20),
        _i("水利建设资金", "水利建设资金", "投入", "完成投资", "万元", 8000, 30000),
        _i("河道综合治理", "河道", "治理", "完成治理", "公里", 30, 150),
    )),
    Department("市农业农村局", "局长", "美丽乡村建设工程", (
        _i("美丽乡村建设", "美丽乡村", "建设", "完成建设", "个", 80, 250),
        _i("农村户厕改造", "农村户厕", "改造", "完成改造", "座", 5000, 20000),
        _i("高标准农田建设", "高标准农田", "建设", "建成", "万平方米", 200, 900),
        _i("农业产业园区", "现代农业园区", "创建", "启动创建", "个", 5, 20),
    )),
    Department("市医疗保障局", "局长", "医疗保障便民工程", (
        _i("医保服务站点建设", "医保服务站点", "建设", "建成", "个", 100, 400),
        _i("门诊慢特病待遇保障", "门诊慢特病患者", "保障", "保障", "人", 20000, 80000),
        _i("医疗救助资金", "医疗救助资金", "发放", "发放", "万元", 3000, 12000),
        _i("异地就医直接结算", "异地就医直接结算", "实现", "实现", "万人次", 5, 20, countable=False),
    )),
    Department("市生态环境局", "局长", "蓝天碧水工程", (
        _i("农村生活污水治理", "农村生活污水治理村", "完成", "完成", "个", 50, 200),
        _i("散乱污企业整治", "散乱污企业", "整治", "完成整治", "个", 40, 160),
        _i("空气质量改善", "空气质量优良天数比例", "达到", "达到", "%", 80, 90, countable=False),
        _i("生态环境监测站建设", "空气自动监测站", "建设", "建成", "座", 8, 30),
    )),
    Department("市城市管理综合行政执法局", "局长", "城市环境提升工程", (
        _i("城市公厕建设", "城市公厕", "新建、改造", "完成", "座", 30, 120),
        _i("公共停车位建设", "公共停车位", "新增", "新增", "个", 1000, 5000),
        _i("背街小巷整治", "背街小巷", "整治", "完成整治", "条", 40, 160, countable=False),
        _i("城市绿化", "绿化面积", "新增", "新增", "万平方米", 20, 100),
    )),
    Department("市体育局", "局长", "全民健身工程", (
        _i("全民健身路径建设", "全民健身路径", "新建", "建成", "个", 100, 400),
        _i("体育公园建设", "体育公园", "建设", "开工建设", "座", 3, 12),
        _i("全民健身赛事活动", "全民健身赛事活动", "举办", "举办", "场", 50, 200),
        _i("社会体育指导员培训", "社会体育指导员", "培训", "培训", "名", 500, 2000),
    )),
    Department("市退役军人事务局", "局长", "退役军人服务保障工程", (
        _i("服务站点规范化建设", "退役军人服务站", "规范化建设", "完成", "个", 100, 400),
        _i("退役军人技能培训", "退役军人", "培训", "培训", "人", 800, 3000),
        _i("退役军人就业", "退役军人就业", "实现", "实现", "名", 500, 2000),
    )),
    Department("市市场监督管理局", "局长", "食品安全放心工程", (
        _i("农贸市场升级改造", "农贸市场", "升级改造", "完成改造", "个", 10, 40),
        _i("食品安全抽检", "食品安全抽检", "完成", "完成", "次", 5000, 15000),
        _i("明厨亮灶工程", "明厨亮灶餐饮单位", "推广", "完成", "个", 800, 3000),
    )),
    Department("市应急管理局", "局长", "平安承德建设工程", (
        _i("应急避难场所建设", "应急避难场所", "建设", "建成", "个", 10, 40),
        _i("应急演练", "应急演练", "组织", "组织", "场", 100, 400),
        _i("基层应急队伍建设", "基层应急救援队伍", "组建", "组建", "支", 30, 120),
    )),
    Department("市林业和草原局", "局长", "国土绿化工程", (
        _i("森林城市建设", "森林公园", "建设", "建成", "座", 3, 10),
        _i("村庄绿化", "绿化村庄", "完成", "完成", "个", 100, 300),
        _i("造林绿化", "造林面积", "完成", "完成", "万平方米", 500, 3000),
    )),
    Department("市商务局", "局长", "便民消费提升工程", (
        _i("便民市场建设", "便民市场", "新建", "建成", "个", 10, 40),
        _i("农村物流网点", "农村物流服务网点", "建设", "建成", "个", 200, 800),
        _i("消费促进活动", "促消费活动", "举办", "举办", "场", 20, 80),
    )),
    Department("市总工会", "主席", "职工服务温暖工程", (
        _i("户外劳动者驿站建设", "户外劳动者驿站", "建设", "建成", "座", 30, 120),
        _i("困难职工帮扶", "困难职工", "帮扶", "帮扶", "名", 1000, 4000),
        _i("帮扶资金", "帮扶资金", "发放", "发放", "万元", 500, 2000),
    )),
    Department("市妇联", "主席", "妇女儿童关爱工程", (
        _i("农村妇女两癌筛查", "两癌筛查", "完成", "完成", "万人", 2, 8),
        _i("巾帼创业培训", "巾帼创业培训", "开展", "开展", "人", 1000, 5000),
        _i("儿童之家建设", "儿童之家", "建设", "建成", "所", 40, 160),
    )),
    Department("市供销合作社", "主任", "为农服务工程", (
        _i("为农服务中心建设", "为农服务中心", "建设", "建成", "个", 10, 40),
        _i("农村综合服务社", "农村综合服务社", "新建", "建成", "个", 100, 400),
        _i("农资供应", "农资供应", "完成", "完成", "万元", 5000, 20000),
    )),
    Department("市科技局", "局长", "科技惠民工程", (
        _i("科技特派员服务", "科技特派员", "选派", "选派", "名", 200, 800),
        _i("农业科技示范基地", "农业科技示范基地", "建设", "建成", "个", 10, 40),
        _i("科技培训", "农民科技培训", "开展", "开展", "场", 100, 400),
    )),
    Department("市自然资源和规划局", "局长", "不动产登记便民工程", (
        _i("不动产登记便民服务点", "便民服务点", "设立", "设立", "个", 20, 80),
        _i("历史遗留问题化解", "办证难问题", "化解", "化解", "套", 5000, 20000),
        _i("土地整治", "土地整治面积", "完成", "完成", "万平方米", 300, 1500),
    )),
    Department("市残疾人联合会", "主席", "助残惠民工程", (
        _i("残疾人康复服务", "残疾人康复服务", "提供", "提供", "人", 3000, 10000),
        _i("无障碍改造", "残疾人家庭无障碍改造", "完成", "完成", "个", 500, 2000),
        _i("残疾人辅助器具适配", "辅助器具", "适配", "适配", "次", 2000, 8000),
    )),
    Department("市发展和改革委员会", "主任", "以工代赈惠民工程", (
        _i("以工代赈项目", "以工代赈项目", "实施", "开工", "个", 10, 40),
        _i("带动务工", "带动群众务工", "带动", "带动", "人", 2000, 8000),
        _i("劳务报酬发放", "劳务报酬", "发放", "发放", "万元", 1000, 5000),
    )),
)

# Sentences that carry no figure: how departments talk around their numbers.
MEASURES = (
    "成立工作专班,建立工作台账,实行周调度、月通报制度",
    "定期督导各县(市、区)按时完成各项任务",
    "将任务分解到各县(市、区)和相关单位,明确时间节点和责任人",
    "积极争取上级资金支持,多渠道筹措建设资金",
    "加强与发改、财政、自然资源等部门的沟通协调,加快前期手续办理",
    "组织专业技术人员深入一线开展技术指导",
    "强化工程质量和安全生产监管,确保项目建设质量",
    "通过报纸、电视、网络等媒体广泛宣传,营造良好氛围",
    "建立群众意见反馈机制,及时回应群众关切",
    "对进度滞后的县(市、区)进行约谈和通报",
)
NEXT_STEPS = (
    "下一步,我们将积极督促未开工的项目抓紧跑办前期手续,争取项目尽早开工建设",
    "下一步,我们将结合疫情防控工作,科学合理安排工作进度,确保按时保质完成各项目标任务",
    "下一步,我们将加大督导检查力度,协调解决项目推进中出现的问题",
    "下一步,我们将进一步加快工作进度,力争提前完成全年任务",
    "下一步,我们将做好项目验收和后期管护工作,确保民生工程长期发挥效益",
)
GREETINGS = (
    "各位媒体朋友,大家好。非常感谢一直以来对{city}{short}工作的关心和支持。",
    "各位记者朋友大家好,感谢大家一直以来对{city}{short}工作的关注和支持。",
    "尊敬的新闻界各位朋友:大家好!首先,我代表{dept},向一直以来关心、支持{city}{short}工作的媒体朋友们表示衷心的感谢!",
)


class Writer:
    """Builds one transcript; all randomness comes from the rng it is given."""

    def __init__(self, rng: random.Random, seed: int, year: int, month: int) -> None:
        self.rng = rng
        self.seed = seed
        self.year = year
        self.month = month

    # -- numbers -----------------------------------------------------------------------------

    def target(self, department: Department, item: Item) -> float:
        """The yearly target: fixed for a (year, department, item), whatever month reports it."""
        rng = random.Random(f"{self.seed}:{self.year}:{department.name}:{item.heading}")
        return _round(item, rng.uniform(item.low, item.high))

    def progress(self, department: Department, item: Item, goal: float) -> float:
        """Progress by this month: climbs month by month towards the target, reached in December."""
        rng = random.Random(f"{self.seed}:{self.year}:{department.name}:{item.heading}:pace")
        # Each item keeps one pace for the year (front- or back-loaded), so progress never falls.
        share = (self.month / 12) ** rng.uniform(0.7, 1.4)
        if item.unit == "%":
            return _round(item, goal - rng.uniform(0.5, 3) * (1 - share))
        return _round(item, goal * share)

    # -- pieces ------------------------------------------------------------------------------

    def head_of(self, department: Department) -> str:
        """The head's name: the same person for three years at a time."""
        rng = random.Random(f"{self.seed}:{department.name}:{(self.year - FIRST_YEAR) // 3}")
        return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))

    def opening(self, session: int, sessions: int) -> list[str]:
        """The host's greeting, which carries the year and month, and the attendee list."""
        return [
            "各位记者朋友们:",
            f"大家上午好!让广大人民群众随时了解各项民生工程的进展情况,同时充分发挥新闻媒体和广大人民群众的监督作用,"
            f"今天邀请{CITY}各民生工程牵头单位主要负责人对各自承担的{self.year}年民生工程{self.month}月推进情况做简要发布。"
            f"由于发布会涉及面广,我们发布会分{_cn(sessions)}场进行,现在进行第{_cn(session)}场:",
        ]

    def attendees(self, departments: list[Department]) -> str:
        people = ";".join(f"{d.name}{d.title}{self.head_of(d)}" for d in departments)
        return f"出席本场的发布会的有:{people};"

    def section(self, department: Department) -> list[str]:
        """A department's report: greeting, project, numbered items with targets and progress."""
        rng = self.rng
        name = self.head_of(department)
        short = department.name.removeprefix("市")
        lines = [f"{rng.choice(('下面请', '请', '请'))}{department.name}{department.title}{name}同志{rng.choice(('做发布', '作发布'))};"]
        items = rng.sample(department.items, k=min(len(department.items), rng.randint(3, 5)))
        headings = "、".join(i.heading for i in items[:2])
        lines.append(
            rng.choice(GREETINGS).format(city=CITY, short=short.removesuffix("局").removesuffix("委"), dept=department.name)
            + f"{department.name}{self.year}年承担的民心工程是{department.project},包括{headings}等重点工作,"
            f"下面我向大家介绍一下{self.month}月份的工作进展。"
        )
        style = rng.choice(("shi", "dun", "paren"))
        body = [self.item_text(department, item, n, style) for n, item in enumerate(items)]
        if style == "shi":
            lines.append("".join(body))
        else:
            lines.extend(body)
        lines.append(rng.choice(NEXT_STEPS) + "。")
        lines.append(rng.choice(("谢谢大家!", "发布完毕,谢谢大家。", "谢谢!")))
        return lines

    def item_text(self, department: Department, item: Item, n: int, style: str) -> str:
        """One numbered item: its target sentence, its progress sentence and a measure or two."""
        rng = self.rng
        goal = self.target(department, item)
        done = self.progress(department, item, goal)
        plan = rng.choice((
            f"全市年内计划{item.plan_verb}{item.noun}{_fmt(goal, item)}",
            f"{self.year}年规划{item.plan_verb}{item.noun}{_fmt(goal, item)}",
            f"年内{item.plan_verb}{item.noun}{_fmt(goal, item)}",
        ))
        if item.unit in ("个", "所", "座") and goal <= 200 and rng.random() < 0.5:
            money = _round(MONEY, goal * rng.uniform(50, 400))
            plan += f",规划资金{_fmt(money, MONEY)}"
        progress = rng.choice((
            f"截至目前,已{item.done_verb}{item.noun}{_fmt(done, item)}",
            f"截止{self.month}月底,已{item.done_verb}{_fmt(done, item)}",
            f"目前,全市已{item.done_verb}{item.noun}{_fmt(done, item)}",
        ))
        if item.unit != "%" and goal:
            progress += f",完成年度任务的{round(done / goal * 100, 1):g}%"
        measures = "。".join(rng.sample(MEASURES, k=rng.randint(1, 2)))
        if style == "shi":
            return f"{CN[n]}是{item.heading}。{plan}。{progress}。{measures}。"
        if style == "dun":
            return f"{CN[n]}、{item.heading}。{plan}。{progress};{measures}。"
        return f"{CN[n]}、{item.heading}(一)年度目标:{plan}。(二)项目进度:{progress}。{measures}。"

    def qa(self, departments: list[Department], session: int) -> list[str]:
        """Two or three questions from the press, answered with a per-county breakdown."""
        rng = self.rng
        lines = ["下面是记者提问环节,请举手示意。"]
        asked = [(d, i) for d in departments for i in d.items if i.countable]
        for department, item in rng.sample(asked, k=min(len(asked), rng.randint(2, 3))):
            goal = self.target(department, item)
            parts = _split(rng, int(goal), rng.randint(3, 7))
            short = department.name.removeprefix("市")
            name = self.head_of(department)
            lines.append(
                f"{rng.choice(OUTLETS)}:请问今年的{_fmt(goal, item)}{item.noun}分别涉及到哪些县区?"
                f"{rng.choice(('目前进展如何?', '未完成的预计什么时候能够完成?', '群众什么时候能受益?'))}"
            )
            breakdown = "、".join(f"{county}{value}{item.unit}" for county, value in parts)
            later = rng.sample(parts, k=min(2, len(parts)))
            when = rng.choice(("6月份", "7月底", "9月底", "年底前", "暑期"))
            lines.append(
                f"{short}{department.title}{name}答:今年{_fmt(goal, item)}{item.noun}分别是{breakdown},"
                f"目前都在有序推进中。{'、'.join(c for c, _ in later)}的项目预计{when}完成。"
            )
        lines.append(
            f"由于时间关系,提问环节就到这里,感谢各位嘉宾的发布与解答,第{_cn(session)}场发布会到此结束。"
        )
        return lines


def _round(item: Item, value: float) -> float:
    """Whole numbers for counts; two decimals for scaled units (万/亿) and one for %."""
    if item.unit.startswith(("万", "亿")):
        return round(value, 2)
    if item.unit == "%":
        return round(value, 1)
    return float(max(1, round(value)))


def _fmt(value: float, item: Item) -> str:
    return f"{value:g}{item.unit}"


def _split(rng: random.Random, total: int, parts: int) -> list[tuple[str, int]]:
    """`total` spread over up to `parts` counties, each at least 1, in the counties' usual order."""
    parts = max(2, min(parts, total, len(COUNTIES)))
    counties = sorted(rng.sample(COUNTIES, k=parts), key=COUNTIES.index)
    cuts = sorted(rng.sample(range(1, total), k=parts - 1)) if total > parts else list(range(1, parts))
    values = [b - a for a, b in zip([0, *cuts], [*cuts, max(total, parts)])]
    return list(zip(counties, values))


def _cn(n: int) -> str:
    """1..99 in Chinese numerals (第一场, 第十二场)."""
    if n <= 10:
        return CN[n - 1]
    tens, ones = divmod(n, 10)
    return (CN[tens - 1] if tens > 1 else "") + "十" + (CN[ones - 1] if ones else "")


def slots(count: int) -> list[tuple[int, int, int, int]]:
    """(year, month, session, sessions) for `count` files, month by month from FIRST_YEAR-FIRST_MONTH."""
    sessions = -(-len(DEPARTMENTS) // DEPARTMENTS_PER_SESSION)
    result = []
    year, month = FIRST_YEAR, FIRST_MONTH
    while len(result) < count:
        result.extend((year, month, s, sessions) for s in range(1, sessions + 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result[:count]


def file_name(year: int, month: int, session: int) -> str:
    return f"{year}-{month:02d}-民生工程{month}月推进情况-第{_cn(session)}场.txt"


def transcript(seed: int, year: int, month: int, session: int, sessions: int) -> str:
    """The text of one generated transcript."""
    rng = random.Random(f"{seed}:{year}:{month}:{session}")
    # Each month the departments are dealt into sessions afresh, so any one file has a mix.
    order = list(DEPARTMENTS)
    random.Random(f"{seed}:{year}:{month}").shuffle(order)
    departments = order[(session - 1) * DEPARTMENTS_PER_SESSION: session * DEPARTMENTS_PER_SESSION]
    writer = Writer(rng, seed, year, month)
    lines = [MARKER, *writer.opening(session, sessions), writer.attendees(departments)]
    for department in departments:
        lines.extend(writer.section(department))
    lines.extend(writer.qa(departments, session))
    return "\n".join(lines) + "\n"


def generate(out_dir: Path, count: int, seed: int = 1) -> list[Path]:
    """Write `count` transcripts into `out_dir` (created if missing); returns their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for year, month, session, sessions in slots(count):
        path = out_dir / file_name(year, month, session)
        path.write_text(transcript(seed, year, month, session, sessions), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="directory to write the .txt files into")
    parser.add_argument("--count", type=int, default=100, help="number of transcripts (default 100)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("--count must not be negative")
    paths = generate(args.out_dir, args.count, args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} transcripts ({size / 1024:.0f} KiB) to {args.out_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
