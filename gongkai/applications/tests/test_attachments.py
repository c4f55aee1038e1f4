"""Which files may go with a reply: type by extension and content, size, safe name."""

from django.test import SimpleTestCase

from gongkai.applications.attachments import AttachmentRefused, check_file, clean_name

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
MB = 1024 * 1024


class CheckFileTests(SimpleTestCase):
    def check(self, name, head=PDF, size=1000, max_bytes=MB):
        return check_file(name=name, size=size, head=head, max_bytes=max_bytes)

    def test_allowed_files_get_their_content_type(self):
        self.assertEqual(self.check("招标文件.pdf").content_type, "application/pdf")
        docx = self.check("结果.DOCX", head=b"PK\x03\x04rest")
        self.assertEqual(docx.name, "结果.docx")
        self.assertTrue(docx.content_type.endswith("wordprocessingml.document"))
        text = self.check("清单.txt", head="第一行\n".encode())
        self.assertEqual(text.content_type, "text/plain; charset=utf-8")

    def test_refused_files_say_why(self):
        cases = {
            "病毒.exe": "不支持该文件类型",
            "page.html": "不支持该文件类型",
            "无扩展名": "不支持该文件类型",
        }
        for name, message in cases.items():
            with (
                self.subTest(name=name),
                self.assertRaisesMessage(AttachmentRefused, message),
            ):
                self.check(name)
        with self.assertRaisesMessage(AttachmentRefused, "文件内容与扩展名不符"):
            self.check("伪装.pdf", head=b"MZ\x90\x00")  # a Windows program
        with self.assertRaisesMessage(AttachmentRefused, "文件内容与扩展名不符"):
            self.check("伪装.png", head=PDF)
        with self.assertRaisesMessage(AttachmentRefused, "文件过大：最大 1 MB"):
            self.check("大.pdf", size=MB + 1)
        with self.assertRaisesMessage(AttachmentRefused, "文件是空的"):
            self.check("空.pdf", size=0)
        with self.assertRaisesMessage(AttachmentRefused, "UTF-8"):
            self.check("gbk.txt", head="中文内容较长一些".encode("gbk"))
        with self.assertRaisesMessage(AttachmentRefused, "文件内容与扩展名不符"):
            self.check("bin.csv", head=b"a,b\x00\x00c")

    def test_names_lose_folders_and_unsafe_characters(self):
        self.assertEqual(clean_name("../../etc/passwd.pdf"), "passwd.pdf")
        self.assertEqual(clean_name("C:\\Users\\x\\答复.pdf"), "答复.pdf")
        self.assertEqual(clean_name('a"; b\r\n<c>.pdf'), "a__ b___c_.pdf")
        long = clean_name("长" * 300 + ".pdf")
        self.assertEqual(len(long), 100)
        self.assertTrue(long.endswith(".pdf"))
        with self.assertRaisesMessage(AttachmentRefused, "不支持该文件类型"):
            self.check(".pdf")  # a hidden file named "pdf", no extension
        for bad in ("", "../", "...", "\x00\x01.pdf"):
            with self.subTest(name=bad), self.assertRaises(AttachmentRefused):
                clean_name(bad)
