"""The public side of 依申请公开 under /apply/: notes, the application form, the
receipt, the status page and the disclosure log. Parse, call, render.

The receipt has no address of its own: it shows the application this browser session
just submitted (or just looked up on the status page), so its URL carries neither
personal data nor anything to guess.
"""

import time
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from wagtail.models import Site

from gongkai.applications.deadlines import REPLY_WORKING_DAYS
from gongkai.applications.models import Application, ApplicationSettings
from gongkai.applications.selectors import get_application_for_status
from gongkai.applications.services.delivery import record_download
from gongkai.applications.services.intake import submit_with_form_token
from gongkai.applications.serving import attachment_response
from gongkai.core.client_address import client_address
from gongkai.core.public_guards import (
    FormToken,
    count_hit,
    is_rate_limited,
    issue_form_token,
    parse_rate,
    read_form_token,
)
from gongkai.workdays.selectors import get_calendar

from . import conf
from .forms import ApplicationRequestForm, StatusLookupForm
from .selectors import (
    PUBLIC_STATUSES,
    describe_public_deadline,
    get_application_for_receipt,
    get_application_id_for_form_token,
    get_public_attachment,
    list_agencies_for_site,
    list_public_attachments,
    list_public_disclosure_log,
    list_public_steps,
    log_entry,
)

RECEIPT_SESSION_KEY = "gongkai_applications_receipt"
NONCES_SESSION_KEY = "gongkai_applications_form_nonces"
MAX_SESSION_NONCES = 10
RECEIPT_SECONDS = 2 * 3600
SUBMIT_SCOPE = "submit"
STATUS_SCOPE = "status"
DOWNLOAD_SCOPE = "download"
DOWNLOAD_SESSION_KEY = "gongkai_applications_download"


def _log_enabled(request: HttpRequest) -> bool:
    return bool(ApplicationSettings.for_request(request).publish_disclosure_log)


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    context = {"log_enabled": _log_enabled(request), **context}
    return render(request, f"applications/public/{template}", context, status=status)


def _deadline(application: Application) -> Any:
    return describe_public_deadline(
        application, calendar=get_calendar(), today=timezone.localdate()
    )


@never_cache
def intro(request: HttpRequest) -> HttpResponse:
    """申请须知: who may apply, what to include, time limits and fees."""
    return _render(request, "intro.html", {"reply_working_days": REPLY_WORKING_DAYS})


# The application form ---------------------------------------------------------------


def _remember_nonce(request: HttpRequest, token: FormToken) -> None:
    """The session keeps the nonces of the forms it was shown, so that only this
    browser may see the receipt when the same form is sent twice."""
    nonces = request.session.get(NONCES_SESSION_KEY, [])
    request.session[NONCES_SESSION_KEY] = [*nonces, token.nonce][-MAX_SESSION_NONCES:]


def _new_form_token(request: HttpRequest, *, age: float = 0) -> str:
    signed, token = issue_form_token(now=time.time() - age)
    _remember_nonce(request, token)
    return signed


def _render_form(
    request: HttpRequest, form: ApplicationRequestForm, *, status: int = 200
) -> HttpResponse:
    context = {"form": form, "reply_working_days": REPLY_WORKING_DAYS}
    return _render(request, "form.html", context, status=status)


def _form(request: HttpRequest, data: Any = None) -> ApplicationRequestForm:
    site = Site.find_for_request(request)
    return ApplicationRequestForm(data, agencies=list_agencies_for_site(site=site))


@never_cache
@require_http_methods(["GET", "POST"])
def application_form(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _submit(request)
    form = _form(request)
    form.initial["form_token"] = _new_form_token(request)
    return _render_form(request, form)


def _allow_receipt(request: HttpRequest, application_id: int) -> None:
    """Let this session see the receipt for a while (not for ever: shared computers)."""
    request.session[RECEIPT_SESSION_KEY] = [application_id, time.time()]


def _receipt_application_id(request: HttpRequest) -> int | None:
    return _session_application_id(request, RECEIPT_SESSION_KEY, RECEIPT_SECONDS)


def _show_receipt(request: HttpRequest, application_id: int) -> HttpResponse:
    _allow_receipt(request, application_id)
    return redirect("apply:receipt")


def _refuse(
    request: HttpRequest,
    form: ApplicationRequestForm,
    message: str,
    *,
    token: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """Show the form again, everything typed kept, with one message at the top."""
    form.is_valid()  # run the field checks too, so their messages show at once
    form.add_error(None, message)
    form.describe_widgets()
    if token is not None:
        # A bound form's data is the POST QueryDict (immutable): copy to change it.
        form.data = cast(QueryDict, form.data).copy()
        form.data["form_token"] = token
    return _render_form(request, form, status=status)


def _submit(request: HttpRequest) -> HttpResponse:
    form = _form(request, request.POST)
    token = read_form_token(request.POST.get("form_token", ""))
    if token is None:
        return _refuse(
            request,
            form,
            _("表单已失效，请核对填写的内容后重新提交。"),
            token=_new_form_token(request),
        )
    used = get_application_id_for_form_token(token.nonce)
    if used is not None:
        return _duplicate(request, form, token, used)
    guard = _guard(request, form, token)
    if guard is not None:
        return guard
    if not form.is_valid():
        return _render_form(request, form)
    return _create(request, form, token)


def _duplicate(
    request: HttpRequest, form: ApplicationRequestForm, token: FormToken, pk: int
) -> HttpResponse:
    """The same form sent again: its own browser sees the first receipt; anyone else
    learns nothing about that application."""
    if token.nonce in request.session.get(NONCES_SESSION_KEY, []):
        return _show_receipt(request, pk)
    return _refuse(
        request,
        form,
        _("该表单已经提交过。如需再次申请，请重新填写。"),
        token=_new_form_token(request),
    )


def _guard(
    request: HttpRequest, form: ApplicationRequestForm, token: FormToken
) -> HttpResponse | None:
    """The anti-robot checks; a refusal keeps the form as typed."""
    age = time.time() - token.issued_at
    if age > conf.form_max_age_seconds():
        # Backdated: the applicant has clearly spent time on this form.
        fresh = _new_form_token(request, age=conf.min_fill_seconds())
        return _refuse(
            request,
            form,
            _("表单已超过有效时间，请核对填写的内容后重新提交。"),
            token=fresh,
        )
    if request.POST.get("homepage"):
        count_hit(SUBMIT_SCOPE, client_address(request), parse_rate(conf.submit_rate()))
        return _refuse(request, form, _("提交未成功，请检查填写的内容后重新提交。"))
    if age < conf.min_fill_seconds():
        return _refuse(
            request, form, _("您提交得太快了，请核对填写的内容，稍等几秒后再提交。")
        )
    return None


def _create(
    request: HttpRequest, form: ApplicationRequestForm, token: FormToken
) -> HttpResponse:
    address, rate = client_address(request), parse_rate(conf.submit_rate())
    if is_rate_limited(SUBMIT_SCOPE, address, rate):
        message = _("提交过于频繁，请稍后再试。如需帮助，请联系受理机关。")
        return _refuse(request, form, message, status=429)
    try:
        application = submit_with_form_token(
            department=form.chosen_department,
            data=form.application_data(),
            nonce=token.nonce,
        )
    except ValidationError as exc:
        form.add_model_errors(exc)
        return _render_form(request, form)
    except IntegrityError:
        # The same form sent twice at once: the other request created the application.
        used = get_application_id_for_form_token(token.nonce)
        if used is None:
            raise
        return _duplicate(request, form, token, used)
    count_hit(SUBMIT_SCOPE, address, rate)
    return _show_receipt(request, application.pk)


# Receipt and status -------------------------------------------------------------------


@never_cache
def receipt(request: HttpRequest) -> HttpResponse:
    """回执 of the application this session submitted or looked up."""
    pk = _receipt_application_id(request)
    application = get_application_for_receipt(pk=pk) if pk is not None else None
    if application is None:
        return redirect("apply:status")
    context = {
        "application": application,
        "deadline": _deadline(application),
        "status_label": PUBLIC_STATUSES[application.status][0],
    }
    return _render(request, "receipt.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    """查询办理进度: the tracking code and the phone's last four digits."""
    if request.method != "POST":
        return _render_status(request, StatusLookupForm())
    form = StatusLookupForm(request.POST)
    address, rate = client_address(request), parse_rate(conf.status_rate())
    if is_rate_limited(STATUS_SCOPE, address, rate):
        form.is_valid()
        form.add_error(None, _("查询次数过多，请1小时后再试。"))
        return _render_status(request, form, status=429)
    if not form.is_valid():
        return _render_status(request, form)
    application = get_application_for_status(
        tracking_code=form.cleaned_data["tracking_code"],
        phone_tail=form.cleaned_data["phone_tail"],
    )
    if application is None:
        count_hit(STATUS_SCOPE, address, rate)
        # One message for a wrong code and a wrong phone: neither is confirmed.
        form.add_error(None, _("未查询到该申请，请核对查询码和联系电话后4位。"))
        form.describe_widgets()
        return _render_status(request, form)
    _allow_receipt(request, application.pk)
    # Only a passed tracking code + phone check opens the reply's files, for a while.
    request.session[DOWNLOAD_SESSION_KEY] = [application.pk, time.time()]
    return _render_status(request, StatusLookupForm(), application=application)


def _render_status(
    request: HttpRequest,
    form: StatusLookupForm,
    *,
    application: Application | None = None,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {"form": form, "application": application}
    if application is not None:
        label, explanation = PUBLIC_STATUSES[application.status]
        context.update(
            status_label=label,
            status_explanation=explanation,
            deadline=_deadline(application),
            steps=list_public_steps(application=application),
            attachments=list_public_attachments(application=application),
            download_minutes=conf.download_seconds() // 60,
        )
    return _render(request, "status.html", context, status=status)


@never_cache
@require_http_methods(["GET"])
def attachment(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A file of the reply, for the session that passed the status check (for
    conf.download_seconds()); every download counts against the rate and is
    logged. Anything else, including another application's file, is 404."""
    address, rate = client_address(request), parse_rate(conf.download_rate())
    if is_rate_limited(DOWNLOAD_SCOPE, address, rate):
        return HttpResponse(
            _("下载次数过多，请1小时后再试。"),
            status=429,
            content_type="text/plain; charset=utf-8",
        )
    count_hit(DOWNLOAD_SCOPE, address, rate)
    application_id = _session_application_id(
        request, DOWNLOAD_SESSION_KEY, conf.download_seconds()
    )
    found = (
        get_public_attachment(pk=pk, application_id=application_id)
        if application_id is not None
        else None
    )
    if found is None:
        raise Http404
    record_download(attachment=found, address=address)
    return attachment_response(found)


def _session_application_id(
    request: HttpRequest, key: str, seconds: float
) -> int | None:
    value: Any = request.session.get(key)
    try:
        pk, shown_at = int(value[0]), float(value[1])
    except (TypeError, ValueError, IndexError):
        return None
    return pk if 0 <= time.time() - shown_at < seconds else None


# Disclosure log ----------------------------------------------------------------------


@never_cache
def disclosure_log(request: HttpRequest) -> HttpResponse:
    """依申请公开目录: answered applications of this site's agencies, no personal data."""
    if not _log_enabled(request):
        raise Http404
    agencies = list_agencies_for_site(site=Site.find_for_request(request))
    rows = list_public_disclosure_log(organisation_ids=[a.pk for a in agencies])
    page = Paginator(rows, conf.disclosure_log_per_page()).get_page(
        request.GET.get("page")
    )
    context = {"page_obj": page, "entries": [log_entry(row) for row in page]}
    return _render(request, "log.html", context)
