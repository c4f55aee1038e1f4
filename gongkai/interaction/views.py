"""Public pages of 互动交流 under /hudong/. Parse, call, render."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from gongkai.applications.public_guards import count_hit, is_rate_limited, parse_rate
from gongkai.core.client_address import client_address

from . import conf
from .forms import LetterForm, StatusForm
from .selectors import get_letter_for_status, list_published_letters
from .services import mask_name, submit_letter

SUBMIT_SCOPE = "hudong-submit"
STATUS_SCOPE = "hudong-status"


@require_GET
def letter_list(request: HttpRequest) -> HttpResponse:
    try:
        page_number = int(request.GET.get("page", "1"))
    except ValueError:
        raise Http404 from None
    paginator = Paginator(list_published_letters(), 20)
    if not 1 <= page_number <= paginator.num_pages:
        raise Http404
    page = paginator.page(page_number)
    return render(request, "interaction/list.html", {"page": page})


@require_GET
def letter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_object_or_404(list_published_letters(), pk=pk)
    return render(
        request,
        "interaction/detail.html",
        {"letter": letter, "masked_name": mask_name(letter.name)},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def letter_form(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "interaction/form.html", {"form": LetterForm()})
    form = LetterForm(request.POST)
    address = client_address(request)
    rate = parse_rate(conf.submit_rate())
    if is_rate_limited(SUBMIT_SCOPE, address, rate):
        form.add_error(None, "提交过于频繁，请稍后再试。")
        return render(request, "interaction/form.html", {"form": form}, status=429)
    if not form.is_valid():
        return render(request, "interaction/form.html", {"form": form}, status=400)
    count_hit(SUBMIT_SCOPE, address, rate)
    letter = submit_letter(**form.cleaned_data, today=timezone.localdate())
    return render(request, "interaction/receipt.html", {"letter": letter})


@never_cache
@require_http_methods(["GET", "POST"])
def letter_status(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "interaction/status.html", {"form": StatusForm()})
    form = StatusForm(request.POST)
    address = client_address(request)
    rate = parse_rate(conf.status_rate())
    if is_rate_limited(STATUS_SCOPE, address, rate):
        form.add_error(None, "查询过于频繁，请稍后再试。")
        return render(request, "interaction/status.html", {"form": form}, status=429)
    if not form.is_valid():
        return render(request, "interaction/status.html", {"form": form}, status=400)
    letter = get_letter_for_status(
        form.cleaned_data["code"], form.cleaned_data["phone_tail"]
    )
    if letter is None:
        count_hit(STATUS_SCOPE, address, rate)
        form.add_error(None, "未找到对应的来信，请核对查询码和联系电话后4位。")
        return render(request, "interaction/status.html", {"form": form}, status=404)
    return render(request, "interaction/status.html", {"form": form, "letter": letter})
