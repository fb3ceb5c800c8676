#!/usr/bin/env python3
"""Writes questions-s18b.jsonl and checks every non-computed expected string
against the transcript(s) the question is about. Prints the error count."""
import json, re, sys, collections, os

HERE = os.path.dirname(os.path.abspath(__file__))
FILES = {
    "seed": "2021-04-民生工程4月推进情况-第一场.txt",               # 承德 2021 4月 第一场 (given)
    "C": "2022-08-聊城-民生实事8月推进情况-第一场-文字实录.txt",     # 聊城 2022 8月 第一场
    "D": "2023-六安-民生实事1—10月进展情况-政务公开页.txt",          # 六安 2023 1—10月
}
TEXT = {k: open(os.path.join(HERE, v), encoding="utf-8").read() for k, v in FILES.items()}
KINDS = ["figure", "list", "computed", "who", "passage", "variant", "follow-up",
         "cross", "meta", "yes/no", "out-of-scope", "near-miss"]

# (key, src, kind, text, found, all, any, none, computed-or-converted strings, chain)
# key: "s.." seed question, "m" main question (numbered in order). chain: shared chat id or None.
Q = [
# ---------------- SEED: 承德 2021 4月 第一场 ----------------
("s", ["seed"], "figure", "承德棚改今年开工多少套了", True, ["4433套"], [], ["2150套"], [], None),
("s", ["seed"], "figure", "承德2021年老旧小区要改几个", True, ["169个"], [], ["236个", "142个"], [], None),
("s", ["seed"], "figure", "承德市级远程医疗中心做了多少例远程影像诊断？", True, ["1950例"], [], ["5202例"], [], None),
("s", ["seed"], "figure", "承德给失业人员发的失业保险待遇一共多少钱", True, ["3303.7万元"], [], [], [], None),
("s", ["seed"], "passage", "承德会龙山隧道现在干到哪一步了", True, ["边仰坡开挖"], [], [], [], None),
("s", ["seed"], "variant", "承德今年要新建改擴建幾所幼兒園？", True, ["10所"], [], ["二十所", "26所"], [], None),
("s", ["seed"], "variant", "承德農村生活垃圾轉運站開工了幾座", True, ["4座"], [], [], [], None),
("s", ["seed"], "variant", "承德的凤凰山大侨完成多少了", True, ["75%"], [], ["60%"], [], None),
("s", ["seed"], "variant", "承德那个文艺骨干培训弄了多少人了", True, ["560名"], [], ["1000名"], [], None),
("s", ["seed"], "figure", "承德2021年中小学建设工程规划资金多少？", True, ["3.04亿元"], [], [], [], "s-chainA"),
("s", ["seed"], "follow-up", "那幼儿园呢？", True, ["5730万元"], [], ["2.35亿元"], [], "s-chainA"),
("s", ["seed"], "computed", "承德棚户区改造基本建成的套数完成了年度计划的百分之几", True, [], ["49.7%", "49.66%"], [], ["49.7%", "49.66%"], None),
("s", ["seed"], "computed", "承德“高雅艺术进承德”演出离年度目标还差几场", True, ["16场"], [], [], ["16场"], None),
("s", ["seed"], "who", "承德就业培训那块是谁发布的？他什么职务", True, ["董晓东", "副局长"], [], [], [], None),
("s", ["seed"], "list", "承德今年的幼儿园项目分布在哪些县区", True, ["滦平", "丰宁", "承德县", "高新区", "宽城", "兴隆", "围场"], [], [], [], None),
("s", ["seed"], "yes/no", "承德的幼儿园项目都开工了吗", True, [], ["已全部开工", "都已经开工"], [], [], None),
("s", ["seed"], "out-of-scope", "承德2022年老旧小区改造了多少个", False, [], [], ["236个"], [], None),
("s", ["seed"], "meta", "承德4月推进情况第一场发布会都有谁出席", True, ["刘雁翔", "王成军", "池大勇", "唐秋华", "董晓东"], [], [], [], None),
("s", ["seed"], "passage", "承德还没开工的中小学项目打算什么时候开工", True, ["6月份", "暑期"], [], [], [], None),
("s", ["seed", "C"], "cross", "承德和聊城的老旧小区改造各计划改造多少个", True, ["169个", "236个"], [], [], [], None),
# ---------------- C: 聊城 2022 8月推进情况 第一场 文字实录 ----------------
("m", ["C"], "figure", "聊城2022年老旧小区一共要改造多少个？", True, ["236个"], [], ["169个", "142个"], [], None),
("m", ["C"], "figure", "聊城老旧小区到8月底开工了几个", True, ["219个"], [], [], [], None),
("m", ["C"], "figure", "聊城今年加装电梯装好了多少部", True, ["74部"], [], ["96辆"], [], None),
("m", ["C"], "figure", "聊城1到8月城镇新增就业多少人", True, ["4.3万人"], [], ["1.8万人", "4.83万人"], [], None),
("m", ["C"], "figure", "聊城今年打算换多少辆新能源公交车", True, ["120辆"], [], ["96辆"], [], None),
("m", ["C"], "figure", "聊城幼儿园建成后已经新增了多少学位", True, ["5760个"], [], ["4860个"], [], None),
("m", ["C"], "list", "聊城教体局的“学有优教”包括哪几项内容", True, ["中小学", "幼儿园", "社区体育场地"], [], [], [], None),
("m", ["C"], "list", "聊城今年要建的14所中小学分布在哪些区县", True, ["东昌府区", "临清市", "冠县", "莘县", "阳谷县", "高唐县", "茌平区", "东阿县"], [], [], [], None),
("m", ["C"], "list", "聊城住建局今年牵头哪几件民生实事", True, ["老旧小区改造", "集中供热", "背街小巷"], [], [], [], None),
("m", ["C"], "computed", "聊城老旧小区改造的开工率是多少", True, ["92.8%"], [], ["83.1%"], ["92.8%"], None),
("m", ["C"], "computed", "聊城7月底的时候老旧小区开工了多少个", True, ["204个"], [], [], ["204个"], None),
("m", ["C"], "computed", "聊城新改建农村公路还差多少公里没完成", True, ["188公里"], [], ["6.5公里"], ["188公里"], None),
("m", ["C"], "who", "聊城农村公路的情况是谁介绍的", True, ["张广田"], [], [], [], None),
("m", ["C"], "who", "聊城市教育和体育局局长叫什么名字", True, ["李红梅"], [], [], [], None),
("m", ["C"], "passage", "聊城老旧小区为什么还有17个没开工", True, ["管线迁改", "意见尚未统一"], [], [], [], None),
("m", ["C"], "passage", "聊城还没完工的5所中小学是怎么回事，什么时候能完工", True, ["征地手续", "12月底前"], [], [], [], None),
("m", ["C"], "passage", "聊城今年冬天能按时供暖吗？剩下的管网什么时候弄完", True, ["10月底前", "11月15日前"], [], [], [], None),
("m", ["C"], "variant", "聊城被街小巷整治完工了几条", True, ["41条"], [], ["41座", "41部"], [], None),
("m", ["C"], "variant", "聊城危橋改造完工了多少座", True, ["41座"], [], ["41条"], [], None),
("m", ["C"], "figure", "聊城东昌府区老旧小区计划改造多少个？", True, ["78个"], [], [], [], "c-chainA"),
("m", ["C"], "follow-up", "那已经完工了几个？", True, ["36个"], [], [], [], "c-chainA"),
("m", ["C"], "follow-up", "那临清市呢？", True, ["10个"], [], [], [], "c-chainA"),
("m", ["C"], "figure", "聊城今年中小学计划新增多少个学位", True, ["1.68万个"], [], [], [], "c-chainB"),
("m", ["D"], "follow-up", "六安2023年公办幼儿园计划新增学位多少个？", True, ["5400个"], [], ["7020个", "1.68万个"], [], "c-chainB"),
("m", ["C"], "cross", "聊城冠县在老旧小区改造和中小学建设上各有多少任务", True, ["18个", "2所"], [], [], [], None),
("m", ["C", "D"], "cross", "聊城2022年新改建农村公路和六安2023年农村公路提质改造，哪个完成比例高？", True, ["89.7%", "81.2%"], [], [], ["81.2%"], None),
("m", ["C"], "meta", "聊城8月推进情况第一场有哪几个部门发布", True, ["住房和城乡建设局", "教育和体育局", "交通运输局", "人力资源和社会保障局"], [], [], [], None),
("m", ["C"], "meta", "聊城发布会上哪家媒体问了供热的事", True, ["大众日报客户端"], [], [], [], None),
("m", ["C"], "yes/no", "聊城14所中小学都完工了吗", True, ["9所"], [], [], [], None),
("m", ["C"], "out-of-scope", "聊城市卫生健康委员会在8月第一场发布会上介绍了哪些进展", False, [], [], [], [], None),
("m", ["C"], "near-miss", "聊城集中供热收费标准是每平方米多少钱", False, [], [], [], [], None),
("m", ["C"], "near-miss", "聊城老旧小区加装电梯每部补贴多少钱", False, [], [], [], [], None),
("m", ["C"], "near-miss", "聊城的创业担保贷款利率是多少", False, [], [], [], [], None),
("m", ["C"], "near-miss", "聊城今年整治的背街小巷总长多少公里", False, [], [], ["38公里", "31.5公里"], [], None),
("m", ["C"], "near-miss", "聊城剩下那5所幼儿园什么时候能完工", False, [], [], ["12月底前"], [], None),
# ---------------- D: 六安 2023 1—10月 政务公开页 ----------------
("m", ["D"], "figure", "六安2023年棚改基本建成了多少套", True, ["3214套"], [], ["513套"], [], None),
("m", ["D"], "figure", "六安棚户区改造今年计划新开工多少套", True, ["2150套"], [], ["4500套"], [], None),
("m", ["D"], "figure", "六安老年助餐点建好了几个", True, ["104个"], [], [], [], None),
("m", ["D"], "figure", "六安创业担保贷款发了多少", True, ["9.62亿元"], [], ["6.8亿元", "3479万元"], [], None),
("m", ["D"], "figure", "六安65岁以上老人免费体检做了多少人了", True, ["71.4万人"], [], ["3.31万人"], [], None),
("m", ["D"], "figure", "六安2023年文化惠民工程“送戏进万村”计划演多少场", True, ["1860场"], [], ["25场"], [], "d-chainA"),
("m", ["D"], "follow-up", "完成了多少场？", True, ["1792场"], [], ["9场"], [], "d-chainA"),
("m", ["D"], "follow-up", "完成比例是多少", True, ["96.3%"], [], [], [], "d-chainA"),
("m", ["D"], "list", "六安33項民生實事裡進度滯後的是哪兩項", True, ["城市排水防涝", "燃气管道"], [], [], [], None),
("m", ["D"], "list", "六安还没竣工的两所幼儿园在哪里", True, ["霍邱县", "金寨县"], [], [], [], None),
("m", ["D"], "list", "六安1—10月民生实事完成投资超过7亿元的县区有哪些", True, ["裕安区", "霍邱县", "舒城县"], [], [], [], None),
("m", ["D"], "list", "六安卫生健康类民生实事包括哪几项", True, ["老年人健康体检", "两癌", "乡镇卫生院"], [], [], [], None),
("m", ["D"], "computed", "六安老旧小区改造的完工率是多少", True, ["83.1%"], [], ["83.3%"], ["83.1%"], None),
("m", ["D"], "computed", "六安棚改基本建成9月底时是多少套", True, ["2788套"], [], [], ["2788套"], None),
("m", ["D"], "computed", "六安民生实事投资完成率9月底是多少", True, ["78.5%"], [], [], ["78.5%"], None),
("m", ["D"], "computed", "六安燃气管道更新改造还剩多少公里没完成", True, ["41.6公里"], [], [], ["41.6公里"], None),
("m", ["D"], "who", "六安城市排水防涝由哪个部门牵头", True, ["市城市管理局"], [], [], [], None),
("m", ["D"], "who", "六安老年助餐点归哪个部门牵头", True, ["市民政局"], [], [], [], None),
("m", ["D"], "passage", "六安燃气管道更新改造为什么进度慢", True, ["逐户协调"], ["入户难度大", "逐户停气"], [], [], None),
("m", ["D"], "passage", "六安对进度滞后的项目下一步怎么办", True, ["一周一调度"], [], [], [], None),
("m", ["D"], "passage", "六安那两所幼儿园为啥没竣工", True, ["调整基础设计", "材料运输"], [], [], [], None),
("m", ["D"], "variant", "六安老舊小區改造完工了幾個", True, ["118个"], [], ["97个"], [], None),
("m", ["D"], "variant", "六安霍邱今年民生实事投了多少钱进去", True, ["9.36亿元"], [], [], [], None),
("m", ["D"], "figure", "六安公办幼儿园计划建几所", True, [], ["二十所", "20所"], ["26所", "10所"], ["20所"], "d-chainB"),
("m", ["D"], "follow-up", "已经竣工几所了？", True, ["18所"], [], ["21所"], [], "d-chainB"),
("m", ["seed"], "follow-up", "承德2021年的幼儿园建设规划资金是多少？", True, ["5730万元"], [], ["2.35亿元", "21860万元"], [], "d-chainB"),
("m", ["D", "seed"], "cross", "六安2023年和承德2021年的棚户区改造工程计划新开工各多少套", True, ["2150套", "4500套"], [], [], [], None),
("m", ["D"], "cross", "六安幼儿园和中小学已经新增的学位加起来多少个", True, [], ["12960个", "1.296万个"], [], ["12960个", "1.296万个"], None),
("m", ["D"], "meta", "六安这份1—10月进展情况是哪个单位什么时候发布的", True, ["六安市民生工程领导小组办公室"], ["2023-11-10", "2023年11月10日"], [], [], None),
("m", ["D"], "yes/no", "六安2023年城镇新增就业完成年度目标了吗", True, ["4.83万人"], ["105%"], [], [], None),
("m", ["D"], "out-of-scope", "明天六安会下雨吗", False, [], [], [], [], None),
("m", ["D"], "out-of-scope", "六安城乡居民医保缴费标准是多少", False, [], [], [], [], None),
("m", ["D"], "near-miss", "六安社区老年助餐每餐补贴老人多少钱", False, [], [], ["4860万元"], [], None),
]

def main():
    errors = []
    rows, ns, nm = [], 0, 0
    prev_chat = None
    for i, (key, src, kind, text, found, all_, any_, none, comp, chain) in enumerate(Q):
        if key == "s":
            ns += 1; qid = f"s18b-s{ns:02d}"
        else:
            nm += 1; qid = f"s18b-{nm:02d}"
        chat = chain or qid
        if kind not in KINDS:
            errors.append(f"{qid}: bad kind {kind}")
        if kind == "follow-up" and chat != prev_chat:
            errors.append(f"{qid}: follow-up does not share the previous question's chat")
        if not found and (all_ or any_):
            errors.append(f"{qid}: found=false but has expected strings")
        if found and not (all_ or any_):
            errors.append(f"{qid}: found=true but no expected strings")
        body = "".join(TEXT[s] for s in src)
        for s in all_ + any_:
            if s in comp:
                continue
            if s not in body:
                errors.append(f"{qid}: '{s}' not in {src}")
        for s in comp:
            if s not in all_ + any_:
                errors.append(f"{qid}: computed '{s}' is not expected")
        for s in none:
            if s in all_ + any_:
                errors.append(f"{qid}: '{s}' both expected and forbidden")
        prev_chat = chat
        rows.append({"id": qid, "chat": chat, "text": text, "found": found,
                     "all": all_, "any": any_, "none": none, "kind": kind})
    ids = [r["id"] for r in rows]
    if len(ids) != len(set(ids)):
        errors.append("duplicate ids")
    with open(os.path.join(HERE, "questions-s18b.jsonl"), "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    cnt = collections.Counter(r["kind"] for r in rows)
    print(f"{len(rows)} questions ({ns} seed, {nm} C/D)")
    for k in KINDS:
        print(f"  {k:13s} {cnt[k]:3d}  {100*cnt[k]/len(rows):5.1f}%")
    for name, t in TEXT.items():
        print(f"  {FILES[name]}: {len(t)} chars, {len(re.findall(r'[一-鿿]', t))} Han")
    for e in errors:
        print("ERROR", e)
    print(f"{len(errors)} errors")
    return 1 if errors else 0

if __name__ == "__main__":
    sys.exit(main())
