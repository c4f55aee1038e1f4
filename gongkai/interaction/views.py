"""Public pages of 互动交流 under /hudong/. Parse, call, render."""

import time
from collections.abc import Callable
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.models import Site

from gongkai.core.client_address import client_address
from gongkai.core.public_guards import (
    count_hit,
    is_rate_limited,
    issue_form_token,
    parse_rate,
    read_form_token,
)

from . import conf
from .forms import LetterForm, RatingForm, StatusForm
from .selectors import (
    channels_for_site,
    get_letter_for_status,
    list_published_letters,
    search_published_letters,
)
from .services import mask_name, rate_letter, submit_letter

SUBMIT_SCOPE = "hudong-submit"
STATUS_SCOPE = "hudong-status"
MAX_QUERY = 50


def page_or_404(request: HttpRequest, paginator: Paginator) -> Any:
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        raise Http404 from None
    if not 1 <= number <= paginator.num_pages:
        raise Http404
    return paginator.page(number)


@require_GET
def letter_list(request: HttpRequest) -> HttpResponse:
    # Control characters (NUL breaks PostgreSQL) are never part of a search.
    query = "".join(ch for ch in request.GET.get("q", "") if ch.isprintable())
    query = query.strip()[:MAX_QUERY]
    letters = search_published_letters(query) if query else list_published_letters()
    page = page_or_404(request, Paginator(letters.select_related("organisation"), 20))
    return render(request, "interaction/list.html", {"page": page, "query": query})


@require_GET
def letter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_object_or_404(list_published_letters(), pk=pk)
    return render(
        request,
        "interaction/detail.html",
        {"letter": letter, "masked_name": mask_name(letter.name)},
    )


def _refuse(
    form: Any,
    render_form: Callable[[Any, int], HttpResponse],
    message: str,
    *,
    status: int = 400,
    fresh_token: bool = False,
) -> HttpResponse:
    """The form again with everything typed kept and one message at the top."""
    form.is_valid()
    form.add_error(None, message)
    if fresh_token:
        # Backdated: the writer has clearly spent time on this form already.
        signed, _token = issue_form_token(now=time.time() - conf.min_fill_seconds())
        form.data = form.data.copy()
        form.data["form_token"] = signed
    return render_form(form, status)


def guard_submission(
    request: HttpRequest, form: Any, render_form: Callable[[Any, int], HttpResponse]
) -> HttpResponse | None:
    """The CAPTCHA-free checks of a public form (signed token with the time it was
    shown, honeypot, minimum fill time, per-address rate limit in the shared cache);
    None when the form is valid and may be saved (the submission is then counted)."""
    address, rate = client_address(request), parse_rate(conf.submit_rate())
    token = read_form_token(request.POST.get("form_token", ""))
    if token is None:
        message = "表单已失效，请核对填写的内容后重新提交。"
        return _refuse(form, render_form, message, fresh_token=True)
    if request.POST.get("homepage"):
        count_hit(SUBMIT_SCOPE, address, rate)
        return _refuse(form, render_form, "提交未成功，请检查填写的内容后重新提交。")
    if time.time() - token.issued_at < conf.min_fill_seconds():
        message = "您提交得太快了，请核对填写的内容，稍等几秒后再提交。"
        return _refuse(form, render_form, message)
    if is_rate_limited(SUBMIT_SCOPE, address, rate):
        return _refuse(form, render_form, "提交过于频繁，请稍后再试。", status=429)
    if not form.is_valid():
        return render_form(form, 400)
    count_hit(SUBMIT_SCOPE, address, rate)
    return None


def new_form_token() -> str:
    return issue_form_token(now=time.time())[0]


@never_cache
@require_http_methods(["GET", "POST"])
def letter_form(request: HttpRequest) -> HttpResponse:
    def render_form(form: LetterForm, status: int) -> HttpResponse:
        return render(request, "interaction/form.html", {"form": form}, status=status)

    channels = channels_for_site(Site.find_for_request(request))
    if request.method == "GET":
        form = LetterForm(channels=channels, initial={"form_token": new_form_token()})
        return render_form(form, 200)
    form = LetterForm(request.POST, channels=channels)
    refused = guard_submission(request, form, render_form)
    if refused is not None:
        return refused
    letter = submit_letter(**form.letter_data(), today=timezone.localdate())
    return render(request, "interaction/receipt.html", {"letter": letter})


def _render_status(
    request: HttpRequest, form: StatusForm, status: int = 200, **context: Any
) -> HttpResponse:
    letter = context.get("letter")
    if letter is not None and letter.reply and not letter.rating:
        context.setdefault("rating_form", None)
        context["rating_form"] = context["rating_form"] or RatingForm(
            initial={
                "code": letter.display_code,
                "phone_tail": form.cleaned_data["phone_tail"],
            }
        )
    return render(
        request, "interaction/status.html", {"form": form, **context}, status=status
    )


def _look_up(request: HttpRequest, form: StatusForm) -> tuple[Any, HttpResponse | None]:
    """The letter of a valid code + phone tail, or the page that refuses."""
    address, rate = client_address(request), parse_rate(conf.status_rate())
    if is_rate_limited(STATUS_SCOPE, address, rate):
        form.is_valid()
        form.add_error(None, "查询过于频繁，请稍后再试。")
        return None, _render_status(request, form, 429)
    if not form.is_valid():
        return None, _render_status(request, form, 400)
    letter = get_letter_for_status(
        form.cleaned_data["code"], form.cleaned_data["phone_tail"]
    )
    if letter is None:
        count_hit(STATUS_SCOPE, address, rate)
        form.add_error(None, "未找到对应的来信，请核对查询码和联系电话后4位。")
        return None, _render_status(request, form, 404)
    return letter, None


@never_cache
@require_http_methods(["GET", "POST"])
def letter_status(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "interaction/status.html", {"form": StatusForm()})
    form = StatusForm(request.POST)
    letter, refused = _look_up(request, form)
    return refused or _render_status(request, form, letter=letter)


@never_cache
@require_POST
def letter_rating(request: HttpRequest) -> HttpResponse:
    """满意度: the writer rates the reply once, proving it with 查询码 + phone tail."""
    form = StatusForm(request.POST)
    letter, refused = _look_up(request, form)
    if refused is not None:
        return refused
    rating_form = RatingForm(request.POST)
    if not letter.reply:
        message = "来信尚未答复，答复后才能评价。"
        return _render_status(request, form, 409, letter=letter, message=message)
    if not rating_form.is_valid():
        return _render_status(
            request, form, 400, letter=letter, rating_form=rating_form
        )
    recorded = rate_letter(letter, rating_form.cleaned_data["rating"])
    letter.refresh_from_db()
    if not recorded:
        message = "您已评价过，每封来信只能评价一次。"
        return _render_status(request, form, 409, letter=letter, message=message)
    return _render_status(request, form, letter=letter, message="感谢您的评价。")
