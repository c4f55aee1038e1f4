"""依申请公开 end to end in Chromium with the demo's least-privileged office account:
an application submitted on /apply/ is received and answered with an attachment by
`education-office` (区教育局·公开办, no permission given by hand), the e-mail reaches a
local SMTP sink, the applicant downloads the file from the status page, and another
department's office (`ndrc-office`) gets 404 on the application. Then 转办: an
application sent to 区发改局 by mistake is transferred by `ndrc-office` to 区教育局 with a
reason; `ndrc-office` keeps a read-only history, `education-office` handles it, and the
applicant sees the step on the status page and gets the mail.

No ORM calls here (see conftest.py): everything goes through the pages.
"""

import email
import email.policy
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import BrowserContext, Page, expect

from gongkai.applications.tests.test_reply_delivery import PDF, free_port
from gongkai.settings.email_url import email_settings

from .test_application_pages import (
    PHONE_NUMBER,
    STATUS,
    assert_no_violations,
    fill_person_application,
)
from .test_application_pages import _quick_forms as _quick_forms
from .test_editorial_workflow import log_in

pytestmark = pytest.mark.browser


class Sink:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 OK"


@pytest.fixture
def mail_sink(settings: Any, tmp_path: Path) -> Iterator[Sink]:
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    for name, value in email_settings(f"smtp://127.0.0.1:{controller.port}").items():
        setattr(settings, name, value)
    settings.GONGKAI_APPLICATIONS_FILES_ROOT = str(tmp_path / "replies")
    yield sink
    controller.stop()


def submit_to_education(page: Page, department: str = "金东区教育局") -> str:
    fill_person_application(page)
    page.get_by_label("受理机关").select_option(label=department)
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url("**/apply/receipt/")
    return page.locator("#tracking-code").inner_text().strip()


def office_answers_with_attachment(office: Page, code: str, upload: Path) -> str:
    office.goto("/admin/applications/")
    office.get_by_role("link", name=code).click()
    detail = office.url
    office.get_by_role("link", name="确认收到").click()
    office.get_by_role("button", name="提交").click()
    expect(office.locator("main")).to_contain_text("办理中")
    office.get_by_role("link", name="上传答复附件").click()
    office.locator("#id_file").set_input_files(str(upload))
    office.get_by_role("button", name="提交").click()
    expect(office.locator("#gk-attachments + ul")).to_contain_text(upload.name)
    office.get_by_role("link", name="答复", exact=True).click()
    office.get_by_label("办理结果").select_option(label="予以公开")
    office.get_by_role("button", name="提交").click()
    expect(office.locator("main")).to_contain_text("已答复")
    return detail


def test_office_answers_with_a_file_and_the_applicant_downloads_it(
    page: Page,
    new_context: Callable[..., BrowserContext],
    mail_sink: Sink,
    tmp_path: Path,
) -> None:
    code = submit_to_education(page)
    upload = tmp_path / "2025年度部门预算表.pdf"
    upload.write_bytes(PDF)

    office = log_in(new_context, "education-office")
    detail = office_answers_with_attachment(office, code, upload)
    # E-mail delivery was chosen: the mail carries the file and is the delivery.
    receipt, message = mail_sink.messages
    assert "已登记" in receipt["Subject"] and code in receipt["Subject"]
    assert list(receipt.iter_attachments()) == []
    assert message["To"] == "wangxm@example.com"
    assert code in message["Subject"]
    [part] = list(message.iter_attachments())
    assert part.get_content() == PDF
    office.reload()
    expect(office.locator("main")).to_contain_text("已送达（签收）")

    other = log_in(new_context, "ndrc-office")
    response = other.goto(detail)
    assert response is not None and response.status == 404

    applicant = new_context().new_page()
    applicant.goto(STATUS)
    applicant.get_by_label("查询码").fill(code)
    applicant.get_by_label("联系电话后4位").fill(PHONE_NUMBER[-4:])
    applicant.get_by_role("button", name="查询").click()
    link = applicant.get_by_role("link", name=upload.name)
    expect(link).to_be_visible()
    assert_no_violations(applicant, "the status page with attachments")
    with applicant.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == upload.name
    assert Path(download.path()).read_bytes() == PDF
    applicant.set_viewport_size({"width": 375, "height": 800})
    expect(link).to_be_visible()


def test_a_misaddressed_application_is_transferred_by_the_office(
    page: Page,
    new_context: Callable[..., BrowserContext],
    mail_sink: Sink,
) -> None:
    code = submit_to_education(page, department="金东区发展和改革局")

    sender = log_in(new_context, "ndrc-office")
    sender.goto("/admin/applications/")
    sender.get_by_role("link", name=code).click()
    detail = sender.url
    sender.get_by_role("link", name="转办", exact=True).click()
    sender.get_by_label("转办至机构").select_option(label="金东区教育局")
    sender.get_by_label("转办理由").fill("所申请的预算信息由区教育局制作并保存。")
    sender.get_by_role("button", name="提交").click()
    expect(sender.locator("main")).to_contain_text("本机关只能查看办理记录")
    expect(sender.locator("#gk-transfers + table")).to_contain_text("金东区教育局")
    expect(sender.locator("#gk-actions")).to_have_count(0)
    response = sender.goto(detail + "confirm/")
    assert response is not None and response.status == 404
    sender.goto("/admin/applications/")
    expect(sender.get_by_role("link", name=code)).to_have_count(0)

    receiver = log_in(new_context, "education-office")
    receiver.goto("/admin/applications/")
    receiver.get_by_role("link", name=code).click()
    expect(receiver.locator("main")).to_contain_text(
        "所申请的预算信息由区教育局制作并保存。"
    )
    receiver.get_by_role("link", name="确认收到").click()
    receiver.get_by_role("button", name="提交").click()
    expect(receiver.locator("main")).to_contain_text("办理中")

    subjects = [message["Subject"] for message in mail_sink.messages]
    assert len(subjects) == 2 and "已登记" in subjects[0] and "已转办" in subjects[1]
    body = mail_sink.messages[1].get_body().get_content()
    assert code in body and "转由金东区教育局办理" in body
    assert "预算信息由区教育局" not in body  # the office's reason stays inside

    applicant = new_context().new_page()
    applicant.goto(STATUS)
    applicant.get_by_label("查询码").fill(code)
    applicant.get_by_label("联系电话后4位").fill(PHONE_NUMBER[-4:])
    applicant.get_by_role("button", name="查询").click()
    expect(applicant.locator("main")).to_contain_text("转办")
    expect(applicant.locator("main")).to_contain_text("金东区教育局")
    assert_no_violations(applicant, "the status page after a transfer")
