#!/usr/bin/env python3
"""Writes questions-s17a.jsonl and checks every expected string against its transcript(s).

Checks:
  * every all/any string of a non-computed question occurs in one of the question's source
    transcripts (whitespace-insensitive: the seed writes "3. 4万户"); a digit form such as
    "3.2万户" is also accepted when the transcript states the same value in Chinese numerals
    with the same unit ("三万二千户"), and "14个" is accepted as the cell 14 of a plain-text
    table whose header carries the unit "（个）";
  * every computed expected string equals the arithmetic given in `calc`;
  * found=false questions carry no all/any strings; ids unique; none strings do not overlap
    expected strings.
"""
import json, re, os, sys
from collections import Counter, OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
FILES = {
    "seed": "2021-04-民生工程4月推进情况-第一场.txt",
    "A": "承德市2022年民生工程5月推进情况新闻发布会（第一场）文字实录.txt",
    "B": "岳阳2023年民生实事上半年推进情况新闻发布会（岳阳日报）.txt",
}
TEXT = {k: open(os.path.join(HERE, v), encoding="utf-8").read() for k, v in FILES.items()}

def norm(s):
    return re.sub(r"\s+", "", s)

NTEXT = {k: norm(v) for k, v in TEXT.items()}

# ---------- Chinese numeral equivalence ----------
CN = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}

def cn2int(s):
    total, section, num = 0, 0, 0
    for ch in s:
        if ch in CN:
            num = CN[ch]
        elif ch in UNITS:
            section += (num or 1) * UNITS[ch]
            num = 0
        elif ch == "万":
            total += (section + num) * 10000
            section, num = 0, 0
    return total + section + num

def cn_numbers(text):
    out = []
    for m in re.finditer(r"([零一二两三四五六七八九十百千万]{2,})余?([户个人台套所名座支场])", text):
        out.append((cn2int(m.group(1)), m.group(2)))
    return out

def digit_value(s):
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(万)?([户个人台套所名座支场])", s)
    if not m:
        return None
    v = float(m.group(1)) * (10000 if m.group(2) else 1)
    return (round(v), m.group(3))

def table_cell(s, srcs):
    """'14个' also matches a plain-text table cell 14 under a header carrying the unit '（个）'."""
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([^\d]+)", s)
    if not m:
        return False
    num, unit = m.groups()
    for k in srcs:
        lines = TEXT[k].splitlines()
        for i, line in enumerate(lines):
            if f"（{unit}）" in line and "\u3000" in line:
                for row in lines[i + 1:]:
                    if not row.strip():
                        break
                    if num in re.split(r"[\s\u3000]+", row.strip())[1:]:
                        return True
    return False

def occurs(s, srcs):
    ns = norm(s)
    if any(ns in NTEXT[k] for k in srcs):
        return True
    if table_cell(ns, srcs):
        return True
    dv = digit_value(ns)
    if dv:
        return any(dv in cn_numbers(NTEXT[k]) for k in srcs)
    return False

def check_calc(expected, expr):
    v = eval(expr)
    m = re.match(r"(\d+(?:\.\d+)?)", expected)
    if not m:
        return False
    num = m.group(1)
    dec = len(num.split(".")[1]) if "." in num else 0
    if expected.endswith("%"):
        v = v * 100
    return abs(round(v, dec) - float(num)) < 1e-9

# ---------- questions ----------
# fields: id, chat, text, found, all, any, none, kind ; internal: src, calc
Q = []
def q(id, text, kind, src, all=(), any=(), none=(), found=True, chat=None, calc=None):
    Q.append(dict(id="s17a-" + id, chat=chat or ("s17a-" + id), text=text, found=found,
                  all=list(all), any=list(any), none=list(none), kind=kind,
                  _src=src, _calc=calc or {}))

S, A, B = ["seed"], ["A"], ["B"]

# ===== seed: 承德 2021年4月 第一场 =====
q("s01", "2021年承德棚改開工了多少套？", "figure", S, all=["4433套"], none=["2856套"], chat="s17a-chat-s1")
q("s02", "那基本建成了多少套", "followup", S, all=["513套"], none=["1347套"], chat="s17a-chat-s1")
q("s03", "2021年承德职业培训开展了多少人？", "followup", S, all=["4520人"], none=["513套", "4433套"], chat="s17a-chat-s1")
q("s04", "21年承德会龙山隧道干到哪一步了", "passage", S, all=["入口端边仰坡开挖"], none=["1260米"])
q("s05", "2021年承德凤凰山大桥弄好了没", "variant", S, all=["75%"])
q("s06", "2021年承德那10个幼儿园项目分别在哪些县区", "list", S,
  all=["滦平县", "丰宁县", "承德县", "高新区", "宽城县", "兴隆县", "围场县"])
q("s07", "2021年4月底承德中小学建设项目开工率是多少（按项目个数算）", "computed", S,
  all=["70%"], calc={"70%": "7/10"})
q("s08", "2021年承德乡村文艺骨干培训完成了百分之几", "computed", S,
  all=["56%"], calc={"56%": "560/1000"})
q("s09", "2021年4月承德那场，人社局是谁来发布的？什么职务", "who", S, all=["董晓东", "副局长"])
q("s10", "承德2021年4月第一场民生工程发布会都有谁出席", "meta", S,
  all=["刘雁翔", "王成军", "池大勇", "唐秋华", "董晓东"])
q("s11", "承德2021年城鎮登記失業率多少", "variant", S, all=["3.88%"])
q("s12", "2021年承德创业担保贷款发了多少钱", "figure", S, all=["3479万元"], none=["4.36亿元"])
q("s13", "2021年承德农村垃圾转运站开工几座了", "figure", S, all=["4座"], chat="s17a-chat-s2")
q("s14", "剩下的几座什么时候开工", "followup", S,
  any=["招标完成后开工建设", "正在发布项目建设招标公告"], chat="s17a-chat-s2")
q("s15", "2021年承德市级远程会诊做了几例", "figure", S, all=["1例"])
q("s16", "2021年承德的10个幼儿园项目是不是都开工了", "yesno", S, any=["已全部开工", "都已经开工"])
q("s17", "2021年承德电子健康卡平台什么时候正式上线", "nearmiss", S, found=False)
q("s18", "承德21年老舊小區改造惠及多少戶", "variant", S, all=["3.4万户"], none=["4.6万户", "3.4万人"])
q("s19", "承德2021年4月那次民生工程发布会一共分几场", "meta", S, all=["三场"], none=["两场"])
q("s20", "21年承德兴龙县幼儿园有几個", "variant", S, all=["2个"])
q("s21", "2021年承德住建局负责哪几项民生工程", "list", S,
  all=["棚户区改造", "老旧小区改造", "治堵", "农村生活垃圾"])

# ===== A: 承德 2022年5月 第一场 文字实录 =====
q("01", "承德2022年棚改已经开工多少套了？", "figure", A, all=["2856套"], none=["4433套"], chat="s17a-chat-a1")
q("02", "比上个月多了多少", "followup", A, all=["620套"], chat="s17a-chat-a1")
q("03", "承德2022年棚改回迁安置房基本建成率是多少", "computed", A,
  all=["61.8%"], calc={"61.8%": "1347/2180"})
q("04", "承德2022年老旧小区今年要改几个", "figure", A, all=["212个"], none=["169个", "187个"])
q("05", "承德2022年5月底双滦区老旧小区开工了几个", "figure", A, all=["27个"], chat="s17a-chat-a2")
q("06", "那鹰手营子矿区呢", "followup", A, all=["3个"], chat="s17a-chat-a2")
q("07", "承德2022年老旧小区到4月底开工了多少个", "computed", A,
  all=["115个"], calc={"115个": "186-71"})
q("08", "承德22年會龍山隧道挖进去多少米了", "variant", A, all=["1260米"], chat="s17a-chat-a3")
q("09", "承德2022年武烈河路东延完成多少了？", "followup", A, all=["80%"], none=["1260米"], chat="s17a-chat-a3")
q("10", "承德2022年中心城区治堵工程包括哪几项", "list", A,
  all=["会龙山隧道", "武烈河路东延", "南营子大街"])
q("11", "承德会龙山隧道全长多少米", "nearmiss", A + S, found=False)
q("12", "承德2022年5月那场发布会上教育局是谁发布的", "who", A, all=["高立伟"], none=["王成军"])
q("13", "承德2022年中小学建设规划资金多少", "figure", A, all=["2.71亿元"], none=["3.04亿元"])
q("14", "承德2022年的幼儿园项目都开工了吗", "yesno", A, all=["11所", "隆化县"])
q("15", "承德2022年隆化县那个幼儿园为什么还没开工", "passage", A, all=["调整选址"], any=["6月下旬"])
q("16", "承德2022年普惠性民办幼儿园已经认定了几所", "figure", A, all=["6所"], chat="s17a-chat-a4")
q("17", "目标是多少", "followup", A, all=["15所"], chat="s17a-chat-a4")
q("18", "承德2022年乡村文艺骨干培训完成了多少比例", "computed", A,
  all=["70.4%"], calc={"70.4%": "845/1200"})
q("19", "承德“高雅艺术进承德”的演出门票多少钱", "nearmiss", A + S, found=False)
q("20", "承德2022年养老服务提升工程是哪个部门牵头、谁发布的", "who", A, all=["杜海涛", "民政局"])
q("21", "承德2022年新增养老床位目标是多少", "figure", A, all=["1033张"], none=["1033套"])
q("22", "承德2022年已建成的社区居家养老服务中心在哪些区", "list", A, all=["双桥区", "双滦区", "高新区"])
q("23", "承德社区居家养老服务中心建好后怎么运营", "passage", A, all=["公建民营"], any=["助餐", "日间照料"])
q("24", "承德2022年农村公路今年要修多少公里", "figure", A, all=["560公里"], none=["560名"])
q("25", "承德2022年5月围场县在农村公路、老旧小区改造和农村互助幸福院上各有什么进展", "cross", A,
  all=["46公里", "8个", "9个"])
q("26", "承德2022年农村公路到4月底完成了多少公里", "computed", A,
  all=["122公里"], calc={"122公里": "218-96"})
q("27", "承德2022年5月第一场发布会主持人是谁", "meta", A, all=["孟繁星"])
q("28", "承德2022年5月那场，哪家媒体问了社区居家养老服务中心的问题", "meta", A, all=["承德广播电视台"])
q("29", "承德22年危橋改造完工幾座", "variant", A, all=["7座"])
q("30", "承德22年加裝電梯開工了几部", "variant", A, all=["17部"], none=["46台", "38台"])
q("31", "承德2022年医保报销比例提高了多少", "oos", A, found=False)
q("32", "承德2022年文化惠民工程三项任务里哪项进度最快", "cross", A, all=["文艺骨干"])
q("33", "承德2022年棚改回迁房已经分了多少套", "figure", A, all=["860套"], none=["860个"])
q("34", "承德2022年的幼儿园项目分布在哪些县区", "list", A,
  all=["双桥区", "双滦区", "承德县", "兴隆县", "滦平县", "隆化县", "丰宁县", "宽城县", "围场县"])
q("35", "承德老旧小区改造2021年和2022年各计划改几个", "cross", S + A, all=["169个", "212个"])
q("36", "承德2022年老旧小区改造都改些什么内容", "passage", A, all=["基础类", "完善类", "提升类"])

# ===== B: 岳阳 2023年上半年 岳阳日报 新闻稿 =====
q("37", "岳阳2023年重点民生实事计划总投资多少", "figure", B, all=["58.6亿元"], chat="s17a-chat-b1")
q("38", "上半年完成了多少", "followup", B, all=["31.2亿元"], chat="s17a-chat-b1")
q("39", "岳阳民生实事到6月底还有多少投资没完成", "computed", B,
  all=["27.4亿元"], calc={"27.4亿元": "58.6-31.2"})
q("40", "岳阳2023年上半年城镇新增就业多少人", "figure", B, any=["34216人", "3.4万人"],
  none=["3.4万户", "1.8万人"])
q("41", "岳陽今年老舊小區改造幾個", "variant", B, all=["187个"], none=["212个", "169个"])
q("42", "岳阳老旧小区改造惠及多少户居民", "figure", B, any=["三万二千户", "3.2万户", "32000户"],
  none=["4.6万户"])
q("43", "岳阳县老旧小区开工了几个", "figure", B, all=["14个"], none=["48个"], chat="s17a-chat-b2")
q("44", "那岳阳楼区呢", "followup", B, all=["48个"], chat="s17a-chat-b2")
q("45", "岳阳哪些区县的老旧小区已经全部开工了", "list", B, all=["云溪区", "君山区"])
q("46", "岳阳楼区和岳阳县的老旧小区年度任务加起来多少个", "cross", B,
  all=["70个"], calc={"70个": "52+18"})
q("47", "岳阳今年新增公办幼儿园学位多少个", "figure", B, any=["四千五百个", "4500个"], none=["4500套"])
q("48", "岳阳那9所义务教育学校都开工了吗", "yesno", B, all=["全部开工"])
q("49", "岳阳宫颈癌筛查完成多少人了", "figure", B, any=["二万八千人", "2.8万人", "28000人"])
q("50", "岳阳乳腺癌筛查完成了百分之几", "computed", B, all=["63.1%"], calc={"63.1%": "2.65/4.2"})
q("51", "岳阳既有住宅加装电梯是怎么推进的，审批要多久", "passage", B,
  all=["15个工作日"], any=["业主自愿", "一窗受理"])
q("52", "岳阳加装电梯每台补贴多少钱", "nearmiss", B, found=False)
q("53", "岳阳那篇民生实事发布会的报道是哪家报纸、哪个记者写的", "meta", B, all=["岳阳日报", "周敏"])
q("54", "岳阳上半年民生实事有几项进度落后了？是哪几项", "passage", B,
  all=["2项"], any=["嵌入式养老服务设施", "加装电梯"])
q("55", "岳阳城市公共停车泊位还差多少个没建", "computed", B, all=["2150个"], calc={"2150个": "6000-3850"})
q("56", "岳阳创业担宝贷款放了多少", "variant", B, all=["4.36亿元"], none=["3479万元"])
q("57", "岳阳创业担保贷款利率是多少", "nearmiss", B, found=False)
q("58", "岳阳明天天气怎么样", "oos", B, found=False)
q("59", "岳阳市公安局在这次发布会上说了什么", "oos", B, found=False)
q("60", "承德2022年和岳阳2023年老旧小区改造计划各是多少个", "cross", A + B, all=["212个", "187个"])
q("61", "岳阳下半年民生实事打算干啥", "passage", B, all=["倒排工期"], any=["挂牌督办", "12月底前"])
q("62", "岳阳2023年12件重点民生实事都是哪些", "list", B,
  all=["就业创业促进", "城镇老旧小区改造", "既有住宅加装电梯", "农村供水保障", "城乡公交线路优化"])
q("63", "岳阳零工市场提供了多少岗位", "figure", B, all=["1.8万个"], none=["1.8万人"])
q("64", "岳阳14所公办幼儿园分布在哪些区县", "list", B,
  all=["岳阳楼区", "岳阳县", "华容县", "平江县", "湘阴县", "汨罗市", "临湘市", "君山区", "南湖新区"])
q("65", "嗯嗯啊 qwxz 那个啥来着", "oos", B, found=False)
q("66", "岳阳农村供水工程受益人口多少", "figure", B, any=["十二万三千人", "12.3万人", "123000人"])
q("67", "岳阳城镇新增就业的数字是哪些部门、哪几位通报的", "who", B, all=["陈立新", "彭志军"])

# ---------- checks ----------
errors = []
ids = Counter(x["id"] for x in Q)
for k, n in ids.items():
    if n > 1:
        errors.append(f"duplicate id {k}")
for x in Q:
    if not x["found"]:
        if x["all"] or x["any"]:
            errors.append(f"{x['id']}: found=false but has expected strings")
        continue
    if not x["all"] and not x["any"]:
        errors.append(f"{x['id']}: no expected strings")
    for s in x["all"] + x["any"]:
        if s in x["_calc"]:
            if not check_calc(s, x["_calc"][s]):
                errors.append(f"{x['id']}: computed {s!r} != {x['_calc'][s]} = {eval(x['_calc'][s])}")
        elif x["kind"] == "computed":
            errors.append(f"{x['id']}: computed question string {s!r} has no calc")
        elif not occurs(s, x["_src"]):
            errors.append(f"{x['id']}: {s!r} not in {x['_src']}")
    for s in x["none"]:
        for e in x["all"] + x["any"]:
            if norm(s) in norm(e) or norm(e) in norm(s):
                errors.append(f"{x['id']}: none {s!r} overlaps expected {e!r}")

with open(os.path.join(HERE, "questions-s17a.jsonl"), "w", encoding="utf-8") as f:
    for x in Q:
        row = OrderedDict((k, x[k]) for k in ("id", "chat", "text", "found", "all", "any", "none", "kind"))
        f.write(json.dumps(row, ensure_ascii=False) + "\n")

kinds = Counter(x["kind"] for x in Q)
seed_n = sum(1 for x in Q if x["id"].startswith("s17a-s"))
print(f"questions: {len(Q)} (seed {seed_n}, new transcripts {len(Q) - seed_n})")
for k, n in kinds.most_common():
    print(f"  {k:9s} {n:3d}  {100*n/len(Q):4.1f}%")
for e in errors:
    print("ERROR", e)
print(f"{len(errors)} errors")
sys.exit(1 if errors else 0)
