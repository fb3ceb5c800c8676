#!/usr/bin/env python3
"""Blind set s17b: writes questions-s17b.jsonl and checks every expected string.

Sources:  S = seed (承德 2021年4月 第一场), C = 泰安 2022年10月 第二场, D = 宝鸡 2024年1—9月.
Internal fields (not written to the jsonl):
  src   which transcript(s) the answer comes from
  calc  strings that are computed / normalised (e.g. Arabic form of a Chinese numeral); not searched
  tbl   (row label, cell) pairs that must be a cell in the text table row starting with that label
Output keys: id, chat, text, found, all, any, none, kind.
"""
import json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
FILES = {
    "S": "2021-04-民生工程4月推进情况-第一场.txt",
    "C": "泰安市2022年民生实事10月推进情况新闻发布会（第二场）文字实录.txt",
    "D": "宝鸡市2024年民生实事三季度（1—9月）进展情况新闻发布会问答实录.txt",
}
TEXT = {k: open(os.path.join(HERE, v), encoding="utf-8").read() for k, v in FILES.items()}

KINDS = {"figure", "computed", "followup", "variant", "passage", "list", "who",
         "meta", "cross", "yesno", "oos", "nearmiss"}


def Q(qid, text, kind, src, all_=(), any_=(), none=(), found=True, chat=None, calc=(), tbl=()):
    return dict(id=qid, chat=chat or qid, text=text, found=found, all=list(all_), any=list(any_),
                none=list(none), kind=kind, _src=src, _calc=set(calc), _tbl=list(tbl))


# ---------------------------------------------------------------- seed: 承德 2021 4月 第一场
S = [
    Q("s17b-s01", "承德2021年棚改到4月底开工了多少套？", "figure", "S",
      all_=["4433套"], none=["3260套", "一千二百六十套"], chat="s17b-s01"),
    Q("s17b-s02", "那基本建成多少套了？", "followup", "S",
      all_=["513套"], none=["2105套", "八百四十套"], chat="s17b-s01"),
    Q("s17b-s03", "承德棚户区改造已经开工5000套了吗？", "yesno", "S", all_=["4433套"]),
    Q("s17b-s04", "承德老舊小區今年要改造幾個？", "variant", "S",
      all_=["169个"], none=["186个", "215个"]),
    Q("s17b-s05", "承德会龙山遂道弄好了没有", "variant", "S", any_=["边仰坡开挖", "入口端"]),
    Q("s17b-s06", "承德中小学建设项目的开工率是多少？", "computed", "S",
      any_=["70%", "百分之七十"], none=["100%"], calc=["70%", "百分之七十"]),
    Q("s17b-s07", "承德2021年那10个幼儿园建设项目分布在哪些县区？", "list", "S",
      all_=["滦平县", "丰宁县", "承德县", "高新区", "宽城县", "兴隆县", "围场县"]),
    Q("s17b-s08", "承德发布会上是谁介绍的文化惠民工程？", "who", "S", all_=["唐秋华"]),
    Q("s17b-s09", "承德4月那场民生工程发布会，哪家媒体提了问？问的啥？", "meta", "S",
      all_=["和合承德网"], any_=["幼儿园", "中小学"]),
    Q("s17b-s10", "承德截至4月城镇新增就业多少人？", "figure", "S",
      all_=["1.8万人"], none=["3.52万人"]),
    Q("s17b-s11", "承德农村垃圾中轉站開工幾座了", "variant", "S",
      all_=["4座"], none=["九座", "十二座"]),
    Q("s17b-s12", "承德还没开工的中小学项目打算啥时候开工？", "passage", "S",
      all_=["6月份开工建设", "暑期开工建设"]),
    Q("s17b-s13", "承德2022年4月棚改开工了多少套？", "oos", "S", found=False),
    Q("s17b-s14", "承德市级远程医疗中心做了多少例远程影像诊断？", "figure", "S",
      all_=["1950例"], none=["2.36万例"], chat="s17b-s14"),
    Q("s17b-s15", "县级的呢？", "followup", "S",
      all_=["5202例"], none=["2.36万例"], chat="s17b-s14"),
    Q("s17b-s16", "承德凤凰山大桥拓宽改造总投资是多少？", "nearmiss", "S", found=False),
    Q("s17b-s17", "承德幼儿园和中小学建设的规划资金加起来一共多少？", "cross", "S",
      any_=["3.613亿元", "36130万元"], calc=["3.613亿元", "36130万元"]),
    Q("s17b-s18", "承德这次发布的是几月份的民生工程进展？是第几场？", "meta", "S",
      all_=["4月", "第一场"]),
    Q("s17b-s19", "承德中小学建设项目里滦平县有几个？", "figure", "S",
      any_=["滦平县2个", "2个"], chat="s17b-s19"),
    Q("s17b-s20", "那隆化县呢？", "followup", "S",
      any_=["隆化县1个", "1个"], chat="s17b-s19"),
]

# ---------------------------------------------------------------- C: 泰安 2022 10月 第二场
C = [
    Q("s17b-01", "泰安2022年老旧小区计划改造多少个？", "figure", "C",
      all_=["186个"], none=["169个", "215个"], chat="s17b-01"),
    Q("s17b-02", "到10月底完工几个了？", "followup", "C",
      all_=["142个"], none=["131个"], chat="s17b-01"),
    Q("s17b-03", "泰安老旧小区改造计划投资多少钱？", "figure", "C",
      all_=["4.6亿元"], none=["6.3亿元"]),
    Q("s17b-04", "泰安老旧小区改造主要改哪些内容？", "list", "C",
      all_=["雨污分流", "管网更新", "屋面防水", "外墙保温"]),
    Q("s17b-05", "泰安肥城市老旧小区计划改造多少个，完工多少个？", "figure", "C",
      all_=["29个", "22个"], calc=["29个", "22个"], tbl=[("肥城市", "29"), ("肥城市", "22")]),
    Q("s17b-06", "泰安加装电梯还有多少部没装完？", "computed", "C",
      all_=["13部"], calc=["13部"]),
    Q("s17b-07", "泰安加装电梯惠及多少户居民？", "figure", "C",
      all_=["1033户"], none=["1033套"]),
    Q("s17b-08", "泰安棚改安置房3260套都开工了吗？", "yesno", "C", any_=["全部开工"]),
    Q("s17b-09", "泰安棚改的基本建成率是多少？", "computed", "C",
      any_=["75.2%", "75.18%"], none=["64.6%", "64.57%"],
      calc=["75.2%", "75.18%"]),
    Q("s17b-10", "泰安公共停车泊位建成多少个了？", "figure", "C",
      all_=["4120个"], chat="s17b-10"),
    # reverse follow-up: a complete question about 宝鸡 after a 泰安 question; must not borrow the topic
    Q("s17b-54", "宝鸡1到9月城镇新增就业多少人？", "followup", "D",
      all_=["3.52万人"], none=["1.8万人", "4120个"], chat="s17b-10"),
    Q("s17b-11", "泰安农村公路今年打算修多少公里？", "figure", "C", all_=["620公里"]),
    Q("s17b-12", "泰安农村公路还剩多少公里没完成？", "computed", "C",
      all_=["72公里"], calc=["72公里"]),
    Q("s17b-13", "泰安新泰市今年各项民生实事进展怎么样？", "cross", "C",
      all_=["136公里", "27个", "6处", "60%"]),
    Q("s17b-14", "泰安新能源公交车投放了多少辆？", "figure", "C",
      all_=["96辆"], chat="s17b-14"),
    Q("s17b-15", "剩下的啥时候到位？", "followup", "C",
      all_=["24辆", "12月上旬"], chat="s17b-14"),
    Q("s17b-16", "泰安老旧小区冬季施工有什么措施？", "passage", "C",
      all_=["室外工序"], any_=["优先施工", "安全巡查"]),
    Q("s17b-17", "泰安长者食堂是哪个部门负责的，谁发布的？", "who", "C",
      all_=["民政局", "刘桂芝"]),
    Q("s17b-18", "泰安今年治理的4条河道是哪几条，各自进展到哪了？", "list", "C",
      all_=["泮河", "漕浊河", "柴汶河", "汇河"], any_=["85%", "60%", "尚未开工"]),
    Q("s17b-19", "泰安10月进度滞后的两个子项目是哪两个？", "list", "C",
      all_=["加装电梯", "农村供水"]),
    Q("s17b-20", "泰安10月推进情况第二场发布会谁主持的，哪几个部门出席了？", "meta", "C",
      all_=["孟庆华", "住房和城乡建设局", "交通运输局", "民政局", "水利局"]),
    Q("s17b-22", "泰安長者食堂建成幾處了？", "variant", "C", all_=["33处"]),
    Q("s17b-23", "泰安农材幸福园改了多少处", "variant", "C", all_=["65处"]),
    Q("s17b-24", "新泰农村路修了多少", "variant", "C", all_=["136公里"]),
    Q("s17b-25", "泰安老旧小区改造每平方米的补助标准是多少？", "nearmiss", "C", found=False),
    Q("s17b-26", "泰安新开通的城乡公交线路票价多少钱？", "nearmiss", "C", found=False),
    Q("s17b-27", "泰安泮河城区段综合治理了多少公里长？", "nearmiss", "C", found=False),
    Q("s17b-28", "泰安宁阳县城至葛石镇的公交线路哪天开通？", "nearmiss", "C", found=False),
    Q("s17b-29", "泰安困难老年人家庭适老化改造每户补贴多少钱？", "nearmiss", "C", found=False),
    Q("s17b-30", "泰安发布会上谁回答了农村公路和公交线路的提问？", "who", "C", all_=["周学军"]),
    Q("s17b-31", "泰安东平县农村供水工程为什么滞后？", "passage", "C", all_=["管材供应"]),
    Q("s17b-32", "泰安今天天气怎么样，会下雨吗？", "oos", "C", found=False),
    Q("s17b-33", "泰安还没开通的3条公交线路是哪几条？", "list", "C",
      all_=["葛石镇", "孙伯镇", "大汶口"]),
]

# ---------------------------------------------------------------- D: 宝鸡 2024 1—9月
D = [
    Q("s17b-34", "宝鸡2024年十件民生实事1到9月累计完成投资多少？", "figure", "D",
      all_=["21.45亿元"], chat="s17b-34"),
    Q("s17b-35", "占年度计划多少？比8月底提高了多少？", "followup", "D",
      all_=["75%", "8.3个百分点"], chat="s17b-34"),
    Q("s17b-36", "宝鸡今年老旧小区计划改造多少个？", "figure", "D",
      all_=["215个"], none=["186个", "169个"]),
    Q("s17b-37", "宝鸡老旧小区完工率是多少？", "computed", "D",
      any_=["60.9%", "60.93%"], calc=["60.9%", "60.93%"]),
    Q("s17b-38", "宝鸡老旧小区8月底完工了多少个？", "computed", "D",
      all_=["104个"], calc=["104个"]),
    Q("s17b-39", "宝鸡老旧小区改造任务最多的是哪个县区？", "list", "D",
      all_=["金台区", "52个"]),
    Q("s17b-40", "宝鸡燃气管道改造完成了多少公里？", "figure", "D", all_=["268公里"]),
    Q("s17b-41", "宝鸡燃气管道改造为什么滞后？", "passage", "D",
      all_=["道路开挖审批", "管线迁改"]),
    Q("s17b-42", "宝鸡2024年棚户区改造新开工多少套？", "figure", "D",
      any_=["一千二百六十套", "1260套"], none=["4500套", "3260套"], calc=["1260套"]),
    Q("s17b-43", "寶雞農村垃圾轉運站建成幾座了？", "variant", "D",
      any_=["九座", "9座"], none=["4座"], calc=["9座"], chat="s17b-43"),
    Q("s17b-44", "剩下的呢，什么时候能用上？", "followup", "D",
      all_=["10月底"], any_=["三座", "3座", "设备安装"], calc=["3座"], chat="s17b-43"),
    Q("s17b-45", "宝鸡幼儿园建设总投资多少？", "figure", "D",
      all_=["1.26亿元"], none=["5730万元"]),
    Q("s17b-46", "宝鸡幼儿园已经完成的投资折合多少亿元？", "computed", "D",
      any_=["0.987亿元", "0.99亿元"], calc=["0.987亿元", "0.99亿元"]),
    Q("s17b-47", "宝鸡7所中小学都开工了吗？", "yesno", "D", all_=["6所", "麟游县"]),
    Q("s17b-48", "宝鸡新建的幼儿园什么时候能用上？", "passage", "D",
      all_=["2025年春季学期", "2025年秋季学期"]),
    Q("s17b-49", "宝鸡发布会上谁回答的教育问题？", "who", "D", all_=["赵晓燕"]),
    Q("s17b-50", "宝鸡标准化村卫生室建成多少个了？", "figure", "D",
      all_=["96个"], chat="s17b-50"),
    Q("s17b-51", "8月底的时候是多少个？", "followup", "D",
      all_=["82个"], calc=["82个"], chat="s17b-50"),
    Q("s17b-53", "宝鸡县级远程影像诊断1到9月做了多少例？", "figure", "D",
      all_=["2.36万例"], none=["5202例", "1950例"]),
    Q("s17b-55", "宝鸡城镇新增就业比8月底多了多少？", "computed", "D",
      any_=["0.41万人", "4100人"], calc=["0.41万人", "4100人"]),
    Q("s17b-56", "宝鸡扶持了多少人自主创业？", "figure", "D",
      all_=["3260人"], none=["3260套"]),
    Q("s17b-57", "宝鸡创业担保贷款的利率是多少？", "nearmiss", "D", found=False),
    Q("s17b-58", "宝鸡三季度民生实事发布会是谁主持的？哪些部门参加了？", "meta", "D",
      all_=["高红梅", "发展和改革委员会", "住房和城乡建设局", "教育局",
            "卫生健康委员会", "人力资源和社会保障局"]),
    Q("s17b-59", "宝鸡滞后序时进度的是哪两个项目？", "list", "D",
      all_=["燃气管道", "城关初级中学"]),
    Q("s17b-60", "宝鸡四季度民生实事重点抓哪几件事？", "passage", "D",
      all_=["满意度测评"], any_=["专班推进", "投资进度"]),
    Q("s17b-61", "宝鸡稳岗反还资金发了多少", "variant", "D", all_=["3650万元"]),
    Q("s17b-62", "麟游那个初中为啥还没开工", "variant", "D", all_=["地质勘察"]),
    Q("s17b-63", "宝鸡市文化和旅游局在发布会上讲了哪些民生实事？", "oos", "D", found=False),
    Q("s17b-64", "啊啊啊asdf民生？？嗯", "oos", "D", found=False),
    Q("s17b-65", "宝鸡今年十件民生实事是哪十件？", "list", "D",
      all_=["城镇老旧小区改造", "城市燃气管道老化更新改造", "棚户区改造", "农村生活垃圾治理",
            "幼儿园建设", "中小学建设", "村卫生室标准化建设", "老年人免费健康体检",
            "院前急救网络建设", "稳就业促创业"]),
    Q("s17b-66", "宝鸡老旧小区改造是怎么征求居民意见的？", "passage", "D",
      all_=["居民议事会"], any_=["居民点单、政府配菜", "八百六十余场"]),
]

# ---------------------------------------------------------------- cross-transcript
X = [
    Q("s17b-69", "承德、泰安、宝鸡三地老旧小区改造的年度计划分别是多少个？", "cross", "SCD",
      all_=["169个", "186个", "215个"]),
    Q("s17b-70", "泰安2022年和宝鸡2024年棚改新开工各多少套？", "cross", "CD",
      all_=["3260套"], any_=["一千二百六十套", "1260套"], none=["4500套"], calc=["1260套"]),
    Q("s17b-72", "泰安农村公路和宝鸡燃气管道改造，哪个完成比例更高？", "cross", "CD",
      all_=["63.8%"], any_=["88.4%", "88.39%"], calc=["88.4%", "88.39%"]),
    Q("s17b-73", "泰安和宝鸡老旧小区改造计划投资加起来一共多少？", "cross", "CD",
      all_=["10.9亿元"], calc=["10.9亿元"]),
]

QUESTIONS = S + C + D + X


def _renumber():
    """Give the C/D/X questions consecutive ids s17b-01.. and keep chats pointing at the same question."""
    remap, n = {}, 0
    for q in C + D + X:
        n += 1
        remap[q["id"]] = f"s17b-{n:02d}"
    for q in C + D + X:
        q["id"] = remap[q["id"]]
        q["chat"] = remap.get(q["chat"], q["chat"])


_renumber()


def table_cell(text, label, cell):
    for line in text.splitlines():
        parts = [p.strip() for p in line.split("|")]
        if len(parts) > 1 and parts[0] == label:
            return cell in parts[1:]
    return False


def check():
    errors = []
    ids, chats = set(), Counter()
    for q in QUESTIONS:
        qid = q["id"]
        if qid in ids:
            errors.append(f"{qid}: duplicate id")
        ids.add(qid)
        chats[q["chat"]] += 1
        if q["kind"] not in KINDS:
            errors.append(f"{qid}: unknown kind {q['kind']}")
        if not q["found"]:
            if q["all"] or q["any"]:
                errors.append(f"{qid}: found=false but expects strings")
            continue
        if not (q["all"] or q["any"]):
            errors.append(f"{qid}: found=true but no expected strings")
        texts = [TEXT[s] for s in q["_src"]]
        for s in q["all"] + q["any"]:
            if s in q["_calc"]:
                continue
            if not any(s in t for t in texts):
                errors.append(f"{qid}: '{s}' not in transcript(s) {q['_src']}")
        for label, cell in q["_tbl"]:
            if not any(table_cell(t, label, cell) for t in texts):
                errors.append(f"{qid}: table row {label} has no cell {cell}")
        # computed answers must not be literally present, except where noted
        if q["kind"] == "computed":
            for s in q["_calc"]:
                if any(s in t for t in texts):
                    errors.append(f"{qid}: computed '{s}' is stated verbatim; not a computation")
    # followups must share a chat with an earlier question
    seen = set()
    for q in QUESTIONS:
        if q["kind"] == "followup" and q["chat"] not in seen:
            errors.append(f"{q['id']}: followup opens its own chat")
        seen.add(q["chat"])
    # none-strings should exist somewhere (they are real traps) unless computed wrong answers
    alltext = "".join(TEXT.values())
    for q in QUESTIONS:
        for s in q["none"]:
            if s not in alltext and not re.match(r"^[\d.]+%$", s):
                errors.append(f"{q['id']}: none-string '{s}' is not a real trap (absent everywhere)")
    return errors


def main():
    out = os.path.join(HERE, "questions-s17b.jsonl")
    with open(out, "w", encoding="utf-8") as f:
        for q in QUESTIONS:
            rec = {k: q[k] for k in ("id", "chat", "text", "found", "all", "any", "none", "kind")}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    errors = check()
    kinds = Counter(q["kind"] for q in QUESTIONS)
    src = Counter(q["_src"] for q in QUESTIONS)
    print(f"wrote {len(QUESTIONS)} questions to {os.path.basename(out)}")
    print("by kind:", ", ".join(f"{k}={v}" for k, v in kinds.most_common()))
    print("by source:", ", ".join(f"{k}={v}" for k, v in sorted(src.items())))
    for k, v in FILES.items():
        t = TEXT[k]
        print(f"  {k} {v}: {len(t)} chars, {len(re.findall(r'[一-鿿]', t))} Han")
    for e in errors:
        print("ERROR", e)
    print(f"{len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
