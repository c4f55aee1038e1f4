from django.test import SimpleTestCase

from gongkai.applications.enums import ResultGroup, ResultType


class ResultTypeTests(SimpleTestCase):
    def test_exactly_the_result_rows_of_table_3_in_order(self):
        """国办公开办函〔2021〕30号 table 3, section 三 (一)-(六), in the official order:
        21 result rows; with 新收, 上年结转, 总计 and 结转下年度 the table has 25."""
        rows = [(str(t.group.label), t.row_number, t.row_label) for t in ResultType]
        self.assertEqual(len(rows), 21)
        self.assertEqual(
            rows,
            [
                ("予以公开", None, "予以公开"),
                (
                    "部分公开",
                    None,
                    "部分公开（区分处理的，只计这一情形，不计其他情形）",
                ),
                ("不予公开", 1, "属于国家秘密"),
                ("不予公开", 2, "其他法律行政法规禁止公开"),
                ("不予公开", 3, "危及“三安全一稳定”"),
                ("不予公开", 4, "保护第三方合法权益"),
                ("不予公开", 5, "属于三类内部事务信息"),
                ("不予公开", 6, "属于四类过程性信息"),
                ("不予公开", 7, "属于行政执法案卷"),
                ("不予公开", 8, "属于行政查询事项"),
                ("无法提供", 1, "本机关不掌握相关政府信息"),
                ("无法提供", 2, "没有现成信息需要另行制作"),
                ("无法提供", 3, "补正后申请内容仍不明确"),
                ("不予处理", 1, "信访举报投诉类申请"),
                ("不予处理", 2, "重复申请"),
                ("不予处理", 3, "要求提供公开出版物"),
                ("不予处理", 4, "无正当理由大量反复申请"),
                ("不予处理", 5, "要求行政机关确认或重新出具已获取信息"),
                (
                    "其他处理",
                    1,
                    "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                ),
                (
                    "其他处理",
                    2,
                    "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                ),
                ("其他处理", 3, "其他"),
            ],
        )

    def test_groups_follow_the_table(self):
        counts = dict.fromkeys(ResultGroup, 0)
        for result in ResultType:
            counts[result.group] += 1
        self.assertEqual(list(counts.values()), [1, 1, 8, 3, 5, 3])
