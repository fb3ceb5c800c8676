#!/usr/bin/env python3
"""Write questions-s18a.jsonl and check every non-computed expected string
occurs in the transcript(s) the question is about."""
import json, collections, sys

T = {
    "S": "2021-04-民生工程4月推进情况-第一场.txt",
    "A": "承德-2023年-5月-民生工程推进情况-第一场-文字实录.txt",
    "B": "荆州-2024年-上半年-十件民生实事推进情况-荆州日报.txt",
}
TEXT = {k: open(v, encoding="utf-8").read() for k, v in T.items()}

Q = []
def q(qid, src, kind, text, all_=(), any_=(), none=(), found=True, chat=None, calc=()):
    Q.append(dict(id=qid, src=src, kind=kind, text=text, all=list(all_), any=list(any_),
                  none=list(none), found=found, chat=chat or qid, calc=set(calc)))

# ---------------- seed: 承德 2021年4月 第一场 ----------------
S = "s18a-s%02d"
q(S % 1, "S", "figure", "承德2021年棚户区改造开工了多少套了？", ["4433套"], none=["2214套"])
q(S % 2, "S", "figure", "2021年承德老旧小区今年要改几个", ["169个"], none=["128个", "188个"])
q(S % 3, "S", "figure", "21年承德市级远程医疗中心做了多少例远程影像诊断", ["1950例"], none=["5202例"])
q(S % 4, "S", "figure", "2021年4月承德城镇新增就业多少人", ["1.8万人"], none=["2.36万人", "3.41万人"])
q(S % 5, "S", "figure", "2021年承德给失业人员发了多少失业保险待遇", ["3303.7万元"])
q(S % 6, "S", "variant", "2021年承德幼兒園建設項目有幾個？都開工了嗎？", ["全部开工"], any_=["10所", "10个项目"])
q(S % 7, "S", "variant", "承德2021年会龙山遂道挖得怎么样了", ["入口端边仰坡开挖"], none=["1260米"])
q(S % 8, "S", "variant", "21年承德凤凰山大挢完成多少了", ["75%"])
q(S % 9, "S", "variant", "2021年承德農村生活垃圾轉運站開工了幾座", ["4座"])
q(S % 10, "S", "list", "2021年承德中心城区治堵工程包括哪几项", ["承下线", "凤凰山大桥", "会龙山隧道"], none=["南山隧道"])
q(S % 11, "S", "list", "2021年承德那10个幼儿园项目都在哪些县区",
  ["滦平县", "丰宁县", "承德县", "高新区", "宽城县", "兴隆县", "围场县"])
q(S % 12, "S", "computed", "2021年承德中小学建设项目开工率多少", ["70%"], calc=["70%"])
q(S % 13, "S", "computed", "2021年承德乡村文艺骨干培训还差多少名没完成", ["440名"], calc=["440名"])
q(S % 14, "S", "who", "2021年承德4月那场发布会上是谁讲的就业培训？什么职务", ["董晓东", "副局长"])
q(S % 15, "S", "passage", "2021年承德没开工的中小学项目打算啥时候开工", ["6月份", "暑期"])
q(S % 16, "S", "follow-up", "2021年承德培育了多少支乡村基层文艺团体", ["43支"], chat="s18a-chat-s1")
q(S % 17, "S", "follow-up", "目标是多少", ["100支"], chat="s18a-chat-s1")
q(S % 18, "S", "yes/no", "2021年承德平泉有幼儿园建设项目吗", any_=["没有", "不包括", "不在"],
  calc=["没有", "不包括", "不在"])
q(S % 19, "S", "meta", "2021年4月承德第一场发布会有哪些人出席", ["刘雁翔", "王成军", "池大勇", "唐秋华", "董晓东"])
q(S % 20, "SA", "cross", "池大勇2021年4月和2023年5月分别说承德棚改开工了多少套", ["4433套", "2214套"])

# ---------------- A: 承德 2023年5月 第一场 文字实录 ----------------
n = 0
def nid():
    global n
    n += 1
    return "s18a-%02d" % n

q(nid(), "A", "figure", "承德2023年棚改今年计划新开工多少套", ["2860套"], none=["4500套"])
q(nid(), "A", "figure", "2023年5月底承德棚户区改造新开工了多少套", ["2214套"], none=["4433套"])
q(nid(), "A", "figure", "承德23年老旧小区要改多少个", ["128个"], none=["169个", "188个"])
q(nid(), "A", "figure", "2023年承德城镇登记失业率是多少", ["3.62%"], none=["3.88%"])
q(nid(), "A", "figure", "承德2023年危桥要改几座", ["17座"], none=["17个项目"])
q(nid(), "A", "figure", "2023年承德补贴性职业技能培训做了多少", ["1.08万人次"], none=["1.08万个"])
q(nid(), "A", "figure", "承德2023年燃气管道老化更新已经改完多少公里", ["74公里"])
q(nid(), "A", "list", "2023年承德中心城区治堵工程有哪几项",
  ["武烈河左岸路", "滨河路北延", "南山隧道", "北外环快速路"], none=["承下线", "会龙山隧道"])
q(nid(), "A", "list", "承德2023年还没开工的31个老旧小区在哪些县",
  ["围场县12个", "丰宁县10个", "隆化县5个", "兴隆县4个"])
q(nid(), "A", "list", "2023年承德已经开工的农村供水项目分布在哪些县",
  ["围场县", "丰宁县", "隆化县", "平泉市", "承德县", "滦平县"], none=["宽城县"])
q(nid(), "A", "computed", "2023年承德棚改新开工完成了年度计划的百分之几", ["77.4%"], calc=["77.4%"])
q(nid(), "A", "computed", "承德2023年棚改到上个月底（4月底）新开工了多少套", ["1576套"], none=["4433套"], calc=["1576套"])
q(nid(), "A", "computed", "2023年承德新改建农村公路还剩多少公里没完成", ["267公里"], calc=["267公里"])
q(nid(), "A", "computed", "承德2023年农村自来水普及率去年底是多少", ["92.7%"], calc=["92.7%"])
q(nid(), "A", "who", "2023年承德养老服务是谁发布的？什么职务", ["孙海燕", "副局长"])
q(nid(), "A", "who", "2023年5月承德发布会上董晓东是什么职务", ["人社局局长"])
q(nid(), "A", "passage", "2023年承德老旧小区为什么还有31个没开工", ["居民意见征求"])
q(nid(), "A", "passage", "承德2023年老年助餐点下一步打算怎么推", ["中心厨房+配送"])
q(nid(), "A", "variant", "承德2023年南山隧道挖进去多少米了", ["1260米"], none=["1260份"])
q(nid(), "A", "variant", "2023年承德互助幸福院建成幾個了", ["18个"])
q(nid(), "A", "variant", "23年承德滨河路北廷完成了多少", ["70%"])
q(nid(), "A", "follow-up", "2023年承德家门口就业服务站隆化县建了几个", ["9个"], chat="s18a-chat-a1")
q(nid(), "A", "follow-up", "那丰宁呢", ["8个"], chat="s18a-chat-a1")
q(nid(), "A", "follow-up", "承德2023年5月底新改建农村公路完成多少公里", ["153公里"], chat="s18a-chat-a2")
q(nid(), "A", "follow-up", "和上个月比多了多少", ["61公里"], chat="s18a-chat-a2")
q(nid(), "A", "cross", "2023年承德围场县各项民生工程情况怎么样",
  ["12个", "11处", "68公里", "围场县尚未开工"])
q(nid(), "A", "cross", "承德2023年社区居家养老服务中心和农村互助幸福院一共建成多少个", ["30个"], calc=["30个"])
q(nid(), "A", "meta", "承德2023年5月推进情况第一场发布会谁主持的", ["赵立新"])
q(nid(), "A", "meta", "2023年承德5月那场发布会上长城网记者问了什么", ["高校毕业生"])
q(nid(), "A", "yes/no", "2023年承德老旧小区都开工了吗", ["31个"])
q(nid(), "A", "out-of-scope", "承德明天天气怎么样", found=False)
q(nid(), "A", "out-of-scope", "2023年承德市卫健委在5月第一场发布会上说了什么", found=False, none=["203家"])
q(nid(), "A", "near-miss", "承德2023年南山隧道全长多少米", found=False)
q(nid(), "A", "near-miss", "2023年承德既有住宅加装电梯每部补贴多少钱", found=False)
q(nid(), "A", "near-miss", "承德老年助餐点吃一顿饭多少钱", found=False)
q(nid(), "A", "near-miss", "承德2023年滨河路北延什么时候能完工", found=False)
q(nid(), "A", "near-miss", "丰宁县大滩镇千吨万人供水工程是在哪个村", found=False)

# ---------------- B: 荆州 2024年上半年 荆州日报 ----------------
q(nid(), "B", "figure", "荆州2024年上半年民生实事完成投资多少", ["28.6亿元"])
q(nid(), "B", "figure", "荆州今年老旧小区计划改造多少个", ["188个"], none=["128个", "169个"])
q(nid(), "B", "figure", "荆州上半年城镇新增就业多少人", any_=["34126人", "3.41万人"], none=["2.36万人", "1.8万人"])
q(nid(), "B", "figure", "荆州零工驿站建成了多少个", ["46个"])
q(nid(), "B", "figure", "荆州今年新建改扩建公办幼儿园几所", any_=["十二所", "12所"], none=["10所"], calc=["12所"])
q(nid(), "B", "figure", "荆州就业困难人员再就业有多少", any_=["二千三百余人", "2300余人"], calc=["2300余人"])
q(nid(), "B", "list", "荆州十件民生实事都是哪十件",
  ["老旧小区改造", "保障性住房建设", "稳就业促创业", "学位扩容", "健康体检", "基层医疗机构提档升级",
   "城乡供水一体化", "农村公路提档升级", "一老一小", "农贸市场标准化改造"])
q(nid(), "B", "list", "荆州哪些区的中小学已经主体封顶了", ["荆州区", "沙市区"])
q(nid(), "B", "list", "荆州老旧小区已经全部开工的是哪个区县", ["沙市区"])
q(nid(), "B", "list", "荆州老旧小区进度相对靠后的是哪些县市", ["江陵县", "石首市"])
q(nid(), "B", "computed", "荆州老旧小区开工率是多少", any_=["92%", "92.0%"], calc=["92%", "92.0%"])
q(nid(), "B", "computed", "荆州老旧小区还有多少个没开工", ["15个"], calc=["15个"])
q(nid(), "B", "computed", "荆州老年人免费体检完成了年度目标的百分之几", ["53.1%"], none=["54.6%"], calc=["53.1%"])
q(nid(), "B", "who", "荆州发布会上谁回答了加装电梯的问题", ["张国平"])
q(nid(), "B", "passage", "荆州加装电梯难在哪？住建部门打算怎么办", ["一梯一议"])
q(nid(), "B", "passage", "荆州有2项民生实事滞后，原因是什么", ["汛期"])
q(nid(), "B", "passage", "荆州老年人体检下半年打算干啥", ["巡回体检"])
q(nid(), "B", "passage", "荆州新建学校啥时候能用上", ["秋季学期"])
q(nid(), "B", "passage", "荆州对离校未就业的高校毕业生怎么帮扶", any_=["一人一档", "一人一策"])
q(nid(), "B", "variant", "荊州老舊小區完工了多少個", ["60个"])
q(nid(), "B", "variant", "荆洲两癌筛查做了多少人", ["4.6万人"])
q(nid(), "B", "follow-up", "荆州乡镇中心卫生院提档升级完工了几家", ["3家"], chat="s18a-chat-b1")
q(nid(), "B", "follow-up", "荆州保障性租赁住房已经筹集了多少", ["1850套"], none=["3家"], chat="s18a-chat-b1")
q(nid(), "AB", "cross", "承德2023年和荆州2024年的老旧小区改造任务各是多少个", ["128个", "188个"])
q(nid(), "B", "cross", "荆州幼儿园和中小学一共新增多少学位", any_=["14400个", "1.44万个"], calc=["14400个", "1.44万个"])
q(nid(), "B", "meta", "荆州那篇报道是哪家报纸、哪个记者写的", ["荆州日报", "陈思雨"])
q(nid(), "B", "meta", "荆州发布会上哪家媒体问了加装电梯", ["荆州广播电视台"])
q(nid(), "B", "yes/no", "荆州城镇新增就业完成年度目标的60%了吗", ["56.9%"], none=["60.5%"])
q(nid(), "B", "out-of-scope", "你好，在吗？", found=False)
q(nid(), "B", "out-of-scope", "啊啊啊 asdf 呃呃 ？？123", found=False)
q(nid(), "B", "near-miss", "荆州提档升级的8家乡镇中心卫生院是哪几家", found=False)

# ---------------- checks ----------------
errors = []
ids = [x["id"] for x in Q]
for d in [k for k, c in collections.Counter(ids).items() if c > 1]:
    errors.append("duplicate id " + d)
for x in Q:
    if not x["found"] and (x["all"] or x["any"]):
        errors.append(x["id"] + ": found=false but has expected strings")
    if x["found"] and not (x["all"] or x["any"]):
        errors.append(x["id"] + ": found=true but nothing expected")
    for s in x["all"] + x["any"]:
        if s in x["calc"]:
            continue
        if not any(s in TEXT[k] for k in x["src"]):
            errors.append("%s: %r not in %s" % (x["id"], s, x["src"]))
    if x["src"] == "AB" or x["src"] == "SA":
        # cross questions: every side must contribute at least one string
        for k in x["src"]:
            if not any(s in TEXT[k] for s in x["all"] + x["any"]):
                errors.append("%s: nothing from %s" % (x["id"], k))
    for s in x["calc"]:
        if s not in x["all"] + x["any"]:
            errors.append("%s: calc %r unused" % (x["id"], s))

with open("questions-s18a.jsonl", "w", encoding="utf-8") as f:
    for x in Q:
        f.write(json.dumps({k: x[k] for k in ["id", "chat", "text", "found", "all", "any", "none", "kind"]},
                           ensure_ascii=False) + "\n")

for e in errors:
    print("ERROR", e)
kinds = collections.Counter(x["kind"] for x in Q)
by_src = collections.Counter(x["src"] for x in Q)
print("questions:", len(Q), dict(by_src))
print("kinds:", dict(sorted(kinds.items(), key=lambda kv: -kv[1])))
print("%d errors" % len(errors))
sys.exit(1 if errors else 0)
