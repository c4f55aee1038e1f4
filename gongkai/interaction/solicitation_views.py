"""Public pages of 征集调查 under /hudong/zhengji/: the list, a draft with its opinion
form while open, and the published 意见采纳情况."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from .forms import OpinionForm
from .models import Solicitation
from .services import submit_opinion
from .views import guard_submission, new_form_token, page_or_404


@require_GET
def solicitation_list(request: HttpRequest) -> HttpResponse:
    paginator = Paginator(Solicitation.objects.select_related("organisation"), 20)
    page = page_or_404(request, paginator)
    context = {"page": page, "today": timezone.localdate()}
    return render(request, "interaction/solicitation_list.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def solicitation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    solicitation = get_object_or_404(
        Solicitation.objects.select_related("organisation"), pk=pk
    )
    today = timezone.localdate()
    is_open = solicitation.is_open(today)

    def render_page(form: OpinionForm | None, status: int, **extra) -> HttpResponse:
        context = {
            "solicitation": solicitation,
            "form": form,
            "is_open": is_open,
            "opinion_count": solicitation.opinions.count(),
            **extra,
        }
        return render(request, "interaction/solicitation.html", context, status=status)

    if request.method == "GET":
        form = (
            OpinionForm(initial={"form_token": new_form_token()}) if is_open else None
        )
        return render_page(form, 200)
    if not is_open:
        return render_page(None, 409, message="征集已结束或尚未开始，不再接收意见。")
    form = OpinionForm(request.POST)
    refused = guard_submission(request, form, render_page)
    if refused is not None:
        return refused
    submit_opinion(solicitation, **form.opinion_data(), today=today)
    return render_page(None, 200, message="您的意见已提交，感谢参与。")
