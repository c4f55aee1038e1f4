"""Build gongkai/search/tests/fixtures/relevance.json from the shared corpus.

Run once: `.venv/bin/python bench/search/make_relevance_fixture.py`. Items are paragraphs of
the State Council government work reports 2000-2025 (title: the paragraph's topic
sentence); queries are drawn by rules from the items' titles, with the expected items
computed as "titles that contain the word" -- independent of any search engine.
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

import rjieba
from pypinyin import lazy_pinyin

CORPUS = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "corpus"
    / "government_work_reports.jsonl"
)
OUT = (
    Path(__file__).resolve().parents[2]
    / "gongkai"
    / "search"
    / "tests"
    / "fixtures"
    / "relevance.json"
)
HAN = re.compile(r"^[\u4e00-\u9fff]+$")

HANDMADE = [
    (
        "seed",
        "区委五届四次全体会议举行",
        "会议听取和讨论了区委常委会工作报告，强调坚定不移沿着八八战略指引的路子走下去，奋力推进共同富裕示范区建设。",
    ),
    (
        "social-insurance",
        "关于做好2024年度城乡居民社会保险参保登记工作的通知",
        "各乡镇街道要做好城乡居民基本养老保险和社会保险参保登记，确保应保尽保。",
    ),
    (
        "medical-insurance",
        "2024年度城乡居民基本医疗保险参保缴费公告",
        "城乡居民基本医疗保险个人缴费标准为每人每年380元，请于规定时间内缴费。",
    ),
    (
        "housing-fund",
        "关于调整住房公积金缴存基数的通知",
        "根据上年度职工月平均工资，调整住房公积金月缴存基数上下限。",
    ),
    (
        "subsistence",
        "关于提高城乡最低生活保障标准的通知",
        "自2024年7月1日起，城乡最低生活保障标准统一提高到每人每月1130元。",
    ),
    (
        "most-one-visit",
        "深化最多跑一次改革 优化营商环境实施方案",
        "以最多跑一次改革为牵引，推进一网通办，持续优化营商环境。",
    ),
    (
        "disclosure-guide",
        "金华市金东区人民政府政府信息公开指南",
        "本指南说明主动公开和依申请公开政府信息的范围、方式和程序。",
    ),
    (
        "disclosure-report",
        "金东区2023年政府信息公开工作年度报告",
        "本报告依据政府信息公开条例编制，包括主动公开、依申请公开、行政复议和诉讼情况。",
    ),
    (
        "flood",
        "关于做好2024年防汛防台工作的通知",
        "各乡镇街道要压实防汛防台责任，做好山塘水库巡查和人员转移准备。",
    ),
    (
        "garbage",
        "金东区生活垃圾分类工作实施意见",
        "推进城乡生活垃圾分类，建立分类投放、分类收集、分类运输、分类处理体系。",
    ),
]
DOC_PREFIXES = ["金东政发", "金东政办发", "金东政函"]


def load_items(count: int) -> list[dict]:
    rows = [json.loads(line) for line in CORPUS.open(encoding="utf-8")]
    candidates = []
    for row in rows:
        if not row["year"] or int(row["year"]) < 2000:
            continue
        for para in row["content"].split("\n"):
            para = para.strip()
            head, _, rest = para.partition("。")
            if (
                6 <= len(head) <= 30
                and 120 <= len(rest) <= 900
                and not head.startswith(("（", "一", "二", "三"))
            ):
                candidates.append((int(row["year"]), head, rest))
    random.seed(7)
    chosen = random.sample(candidates, count)
    items = []
    for n, (year, head, rest) in enumerate(chosen):
        item = {"key": f"r{n:03d}", "title": head, "body": rest, "year": year}
        if n % 10 == 0:
            item["document_number"] = (
                f"{DOC_PREFIXES[n % 3]}〔{2015 + n % 10}〕{n + 1}号"
            )
        items.append(item)
    items += [{"key": k, "title": t, "body": b, "year": 2024} for k, t, b in HANDMADE]
    items[-1]["document_number"] = "金东政发〔2023〕12号"
    return items


def title_hits(items: list[dict], word: str) -> list[str]:
    return [i["key"] for i in items if word in i["title"]]


def words_by_length(items: list[dict]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for item in items:
        counts.update(w for w in set(rjieba.cut(item["title"])) if HAN.match(w))
    return counts


def pick(
    items: list[dict],
    counts: Counter[str],
    lengths: set[int],
    n: int,
    rng: random.Random,
) -> list[str]:
    pool = sorted(
        w
        for w, c in counts.items()
        if len(w) in lengths
        and rjieba.has_word(w)
        and 1 <= len(title_hits(items, w)) <= 3
        and sum(w in i["body"] for i in items) <= 8
    )
    return rng.sample(pool, n)


def misspell(word: str, items: list[dict], rng: random.Random) -> str | None:
    # replace one character by another with the same pinyin, absent from every item
    from pypinyin import pinyin  # noqa: F401  # imported for side effect of dictionary load

    homophones = {
        "政": "正",
        "府": "付",
        "公": "工",
        "开": "凯",
        "经": "京",
        "济": "记",
        "发": "法",
        "展": "战",
        "建": "健",
        "设": "社",
        "改": "该",
        "革": "格",
        "制": "治",
        "度": "渡",
        "保": "宝",
        "障": "账",
        "业": "夜",
        "务": "物",
        "创": "闯",
        "新": "心",
        "市": "是",
        "场": "厂",
        "管": "馆",
        "理": "里",
        "服": "福",
        "农": "浓",
        "村": "存",
        "教": "较",
        "育": "玉",
        "投": "头",
        "资": "姿",
        "产": "铲",
        "品": "聘",
        "企": "起",
        "科": "棵",
        "技": "记",
    }
    positions = [i for i, c in enumerate(word) if c in homophones]
    if not positions:
        return None
    i = rng.choice(positions)
    wrong = word[:i] + homophones[word[i]] + word[i + 1 :]
    if any(wrong in it["title"] or wrong in it["body"] for it in items):
        return None
    return wrong


def build_queries(items: list[dict]) -> list[dict]:
    rng = random.Random(11)
    counts = words_by_length(items)
    queries = []
    for word in pick(items, counts, {3, 4, 5, 6}, 20, rng):
        queries.append(
            {"kind": "word", "text": word, "expected": title_hits(items, word)}
        )
    for word in pick(items, counts, {2}, 12, rng):
        queries.append(
            {"kind": "two-char", "text": word, "expected": title_hits(items, word)}
        )
    for word in pick(items, counts, {3, 4}, 8, rng):
        syllables = lazy_pinyin(word)
        text = " ".join(syllables) if len(queries) % 2 else "".join(syllables)
        queries.append(
            {
                "kind": "pinyin",
                "text": text.replace("ü", "u").replace("v", "u"),
                "expected": title_hits(items, word),
            }
        )
    misspelt = 0
    for word in pick(items, counts, {4, 5, 6}, 40, rng):
        wrong = misspell(word, items, rng)
        if wrong and misspelt < 8:
            queries.append(
                {
                    "kind": "misspelling",
                    "text": wrong,
                    "expected": title_hits(items, word),
                }
            )
            misspelt += 1
    queries += [
        {"kind": "synonym", "text": "社保", "expected": ["social-insurance"]},
        {"kind": "synonym", "text": "医保", "expected": ["medical-insurance"]},
        {"kind": "synonym", "text": "公积金", "expected": ["housing-fund"]},
        {"kind": "synonym", "text": "低保", "expected": ["subsistence"]},
        {"kind": "word", "text": "全体会议", "expected": ["seed"]},
        {"kind": "pinyin", "text": "bada zhanlue", "expected": ["seed"]},
        {
            "kind": "misspelling",
            "text": "正府信息公开",
            "expected": ["disclosure-guide", "disclosure-report"],
        },
    ]
    numbered = [i for i in items if i.get("document_number")]
    for item in numbered[:4]:
        number = item["document_number"]
        typed = (
            number.replace("〔", "[").replace("〕", "]")
            if len(queries) % 2
            else number.replace("〔", "【").replace("〕", "】")
        )
        queries.append(
            {"kind": "document-number", "text": typed, "expected": [item["key"]]}
        )
    for item in (numbered[4], items[-3], items[5]):
        queries.append(
            {
                "kind": "index-number",
                "text": "",
                "item": item["key"],
                "expected": [item["key"]],
            }
        )
    return queries


def main() -> int:
    items = load_items(230)
    queries = build_queries(items)
    OUT.write_text(
        json.dumps({"items": items, "queries": queries}, ensure_ascii=False, indent=1),
        encoding="utf-8",
    )
    print(f"{len(items)} items, {len(queries)} queries -> {OUT}")
    print(Counter(q["kind"] for q in queries))
    return 0


if __name__ == "__main__":
    sys.exit(main())
