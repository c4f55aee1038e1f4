"""Preload the user dictionary (policy terms, places) and the synonym sets."""

from django.db import migrations

TERMS = [
    # policy terms
    "八八战略",
    "依申请公开",
    "最多跑一次",
    "政府信息公开",
    "主动公开",
    "政务公开",
    "公开指南",
    "法定主动公开内容",
    "信息公开年报",
    "放管服",
    "河长制",
    "林长制",
    "共同富裕",
    "数字化改革",
    "乡村振兴",
    "营商环境",
    "双随机一公开",
    "一网通办",
    "浙里办",
    "基层治理",
    "全体会议",
    "常务会议",
    "规范性文件",
    "行政规范性文件",
    "重大行政决策",
    "政府工作报告",
    "民生实事",
    "社会保险",
    "医疗保险",
    "住房公积金",
    "养老保险",
    "失业保险",
    "工伤保险",
    "最低生活保障",
    "公共租赁住房",
    "不动产登记",
    "垃圾分类",
    "五水共治",
    "三改一拆",
    "千万工程",
    "山海协作",
    "高质量发展",
    "新质生产力",
    "放心消费",
    "安全生产",
    "防汛防台",
    "文明城市",
    # places
    "浙江省",
    "金华市",
    "金东区",
    "多湖街道",
    "东孝街道",
    "孝顺镇",
    "傅村镇",
    "曹宅镇",
    "澧浦镇",
    "岭下镇",
    "江东镇",
    "塘雅镇",
    "赤松镇",
    "源东乡",
    "金义新区",
]

SYNONYMS = [
    "社保/社会保险",
    "医保/医疗保险",
    "公积金/住房公积金",
    "低保/最低生活保障",
    "养老金/养老保险",
    "公租房/公共租赁住房",
    "环保/环境保护",
    "城管/城市管理",
    "残联/残疾人联合会",
    "发改局/发展和改革局",
    "人社局/人力资源和社会保障局",
    "房产证/不动产权证书",
    "身份证/居民身份证",
    "驾照/驾驶证",
    "年报/年度报告",
    "新冠/新型冠状病毒",
]


def preload(apps, schema_editor):
    UserTerm = apps.get_model("search", "UserTerm")
    SynonymSet = apps.get_model("search", "SynonymSet")
    UserTerm.objects.bulk_create(
        [UserTerm(word=w) for w in TERMS], ignore_conflicts=True
    )
    SynonymSet.objects.bulk_create([SynonymSet(terms=t) for t in SYNONYMS])


def unload(apps, schema_editor):
    apps.get_model("search", "UserTerm").objects.filter(word__in=TERMS).delete()
    apps.get_model("search", "SynonymSet").objects.filter(terms__in=SYNONYMS).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0002_index_text")]
    operations = [migrations.RunPython(preload, unload)]
