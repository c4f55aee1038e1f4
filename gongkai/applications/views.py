"""Office views in the Wagtail admin: the list, the detail page with its timeline, the
registration form, the action forms and the notice downloads. Parse, call, render."""

from typing import Any
from urllib.parse import quote

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from gongkai.workdays.calendar import CalendarDataMissing
from gongkai.workdays.selectors import get_calendar

from . import documents, services
from .actions import ACTIONS, Action
from .enums import Status
from .forms import (
    AttachmentForm,
    CohandlingAnswerForm,
    ListFilterForm,
    RegisterForm,
)
from .models import Application, Consultation, ReplyAttachment
from .permissions import can_handle_any, can_handle_department
from .selectors import (
    describe_deadline,
    get_cohandling_for_user,
    list_applications_for_user,
    list_cohandling_for_user,
    list_events,
)
from .services.personal_data import export_csv, open_application_for_officer
from .serving import attachment_response

PER_PAGE = 50


class OfficerMixin(WagtailAdminTemplateMixin):
    header_icon = "mail"
    page_title = _("依申请公开")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_handle_any(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        index = {"url": reverse("gongkai_applications:index"), "label": _("依申请公开")}
        crumbs = [*super().get_breadcrumbs_items(), index]
        application = getattr(self, "application", None)
        if application is not None:
            url = reverse("gongkai_applications:detail", args=[application.pk])
            crumbs.append({"url": url, "label": application.display_tracking_code})
        if self.page_subtitle:
            crumbs.append({"url": "", "label": self.page_subtitle})
        return crumbs

    def get_application(
        self,
        purpose: str = "查看详情",
        *,
        log: bool | None = None,
        read_only_ok: bool = False,
    ) -> tuple[Application, bool]:
        try:
            return open_application_for_officer(
                self.request.user,
                self.kwargs["pk"],
                purpose=purpose,
                log=log,
                read_only_ok=read_only_ok,
            )
        except Application.DoesNotExist:
            raise Http404 from None


class IndexView(OfficerMixin, TemplateView):
    template_name = "applications/admin/index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user, today = self.request.user, timezone.localdate()
        form = ListFilterForm(self.request.GET or None, user=user)
        filters = form.cleaned_data if form.is_valid() else {}
        calendar = get_calendar()
        try:
            applications = list_applications_for_user(
                user,
                today=today,
                calendar=calendar,
                status=filters.get("status") or None,
                department=filters.get("department"),
                due_within=filters.get("due_within"),
                overdue=filters.get("overdue"),
            )
        except CalendarDataMissing as exc:
            context["calendar_error"] = _("%(year)d年工作日历尚未录入") % {
                "year": exc.year
            }
            applications = Application.objects.none()
        page = Paginator(applications, PER_PAGE).get_page(self.request.GET.get("p"))
        context.update(
            cohandling=list_cohandling_for_user(user),
            filter_form=form,
            page_obj=page,
            rows=[
                (a, describe_deadline(a, calendar=calendar, today=today)) for a in page
            ],
        )
        return context


class ExportView(OfficerMixin, View):
    """The list as CSV. GET: personal data masked. POST with a purpose (the office's
    explicit request): in clear for the applications whose full data the user may see,
    each logged in PersonalDataAccess (services.personal_data.export_csv)."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.export(request, clear_purpose="")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        purpose = request.POST.get("purpose", "").strip()[:40]
        if not purpose:
            messages.error(request, _("导出完整个人信息须填写用途。"))
            return redirect("gongkai_applications:index")
        return self.export(request, clear_purpose=purpose)

    def export(self, request: HttpRequest, *, clear_purpose: str) -> HttpResponse:
        form = ListFilterForm(request.GET or None, user=request.user)
        filters = form.cleaned_data if form.is_valid() else {}
        applications = list_applications_for_user(
            request.user,
            today=timezone.localdate(),
            status=filters.get("status") or None,
            department=filters.get("department"),
            overdue=filters.get("overdue"),
        )
        body = export_csv(applications, user=request.user, clear_purpose=clear_purpose)
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        name = "applications-clear.csv" if clear_purpose else "applications.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "no-store"
        return response


class DetailView(OfficerMixin, TemplateView):
    template_name = "applications/admin/detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        application, full = self.get_application(read_only_ok=True)
        self.application = application
        context = super().get_context_data(**kwargs)
        # An office that transferred the application away sees its history, no more.
        read_only = not can_handle_department(
            self.request.user, application.department_id
        )
        context.update(
            read_only=read_only,
            transfers=application.transfers.select_related(
                "from_department", "to_department"
            ),
            application=application,
            full=full,
            deadline=describe_deadline(
                application, calendar=get_calendar(), today=timezone.localdate()
            ),
            events=list_events(application=application),
            consultations=application.consultations.all(),
            fee_notice=getattr(application, "fee_notice", None),
            appeals=application.appeals.all(),
            actions=[] if read_only else self.list_actions(application),
            documents=[] if read_only else documents.available_documents(application),
            attachments=[] if read_only else application.reply_attachments.all(),
            can_attach=not read_only
            and application.status in (Status.IN_PROGRESS, Status.REPLIED),
        )
        return context

    def list_actions(self, application: Application) -> list[tuple[str, str]]:
        is_handler = application.handler_id == self.request.user.pk
        return [
            (name, action.label)
            for name, action in ACTIONS.items()
            if not action.target
            and action.is_available(application)
            and not (name == "take" and is_handler)
        ]


class FormPageMixin(OfficerMixin):
    template_name: str | None = "applications/admin/form.html"

    def render_form(self, form: Any, **extra: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form, **extra))

    def form_failed(self, form: Any, error: Exception, **extra: Any) -> HttpResponse:
        """Keep the typed input and show the service's (Chinese) reason on the form."""
        if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            for field, messages_ in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages_)
        else:
            form.add_error(
                None,
                error.messages[0] if isinstance(error, ValidationError) else str(error),
            )
        return self.render_form(form, **extra)


class RegisterView(FormPageMixin, TemplateView):
    page_subtitle = _("登记申请")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_form(RegisterForm(user=request.user))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = RegisterForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.render_form(form)
        data = form.cleaned_data
        try:
            application = services.register_application(
                acting_user=request.user,
                department=data["department"],
                data=data,
                channel=data["channel"],
                submitted_on=data["submitted_on"],
                signed_on=data["signed_on"],
                confirmed_on=data["confirmed_on"],
            )
        except (services.ApplicationError, ValidationError) as exc:
            return self.form_failed(form, exc)
        messages.success(
            request,
            _("已登记申请 %(code)s。") % {"code": application.display_tracking_code},
        )
        return redirect("gongkai_applications:detail", pk=application.pk)


class ActionView(FormPageMixin, TemplateView):
    """GET shows an action's form, POST runs it; errors keep the typed input."""

    def setup_action(self) -> tuple[Application, Action, Any]:
        action = ACTIONS.get(self.kwargs["action"])
        if action is None:
            raise Http404
        application, _full = self.get_application(purpose="办理", log=False)
        target = self.get_target(application, action)
        if not action.target and not action.is_available(application):
            raise Http404
        self.application, self.page_subtitle = application, action.label
        return application, action, target

    def get_target(self, application: Application, action: Action) -> Any:
        if not action.target:
            return None
        related = getattr(application, f"{action.target}s")
        target = related.filter(pk=self.kwargs.get("target_pk")).first()
        if target is None:
            raise Http404
        return target

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        application, action, _target = self.setup_action()
        form = action.form_class(
            initial=action.initial(application), **action.form_kwargs(application)
        )
        return self.render_form(form, application=application)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        application, action, target = self.setup_action()
        form = action.form_class(request.POST, **action.form_kwargs(application))
        if not form.is_valid():
            return self.render_form(form, application=application)
        try:
            action.run(application, request.user, form.cleaned_data, target)
        except (services.ApplicationError, ValidationError) as exc:
            return self.form_failed(form, exc, application=application)
        messages.success(request, _("已完成：%(action)s。") % {"action": action.label})
        return redirect("gongkai_applications:detail", pk=application.pk)


class DocumentView(OfficerMixin, TemplateView):
    """A notice as DOCX (?format=docx) or printable HTML; every download is logged."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        application, _full = self.get_application(purpose="下载文书", log=True)
        notice = self.build_notice(application)
        if request.GET.get("format") == "docx":
            response = HttpResponse(
                documents.render_docx(notice),
                content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            )
            response["Content-Disposition"] = _attachment(f"{notice.filename}.docx")
            return response
        return HttpResponse(documents.render_html(notice))

    def build_notice(self, application: Application) -> documents.Notice:
        kind = self.kwargs["kind"]
        try:
            if kind == "consultation":
                consultation = application.consultations.filter(
                    pk=self.kwargs.get("target_pk")
                ).first()
                if consultation is None:
                    raise Http404
                return documents.build_consultation_letter(consultation)
            if kind not in documents.BUILDERS:
                raise Http404
            return documents.BUILDERS[kind][1](application)
        except documents.DocumentUnavailable:
            raise Http404 from None


class AttachmentUploadView(FormPageMixin, TemplateView):
    """Upload a file for the reply (答复附件); the service checks type, size and name."""

    page_subtitle = _("上传答复附件")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.application, _full = self.get_application(purpose="办理", log=False)
        return self.render_form(AttachmentForm(), application=self.application)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.application, _full = self.get_application(purpose="办理", log=False)
        form = AttachmentForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_form(form, application=self.application)
        try:
            attachment = services.add_reply_attachment(
                application=self.application,
                acting_user=request.user,
                upload=form.cleaned_data["file"],
            )
        except services.ApplicationError as exc:
            return self.form_failed(form, exc, application=self.application)
        messages.success(request, _("已上传：%(name)s。") % {"name": attachment.name})
        return redirect("gongkai_applications:detail", pk=self.application.pk)


class AttachmentMixin(OfficerMixin):
    def get_attachment(self) -> ReplyAttachment:
        application, _full = self.get_application(purpose="办理", log=False)
        attachment = application.reply_attachments.filter(
            pk=self.kwargs["target_pk"]
        ).first()
        if attachment is None:
            raise Http404
        return attachment


class AttachmentDownloadView(AttachmentMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return attachment_response(self.get_attachment())


class AttachmentDeleteView(AttachmentMixin, View):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        attachment = self.get_attachment()
        try:
            services.remove_reply_attachment(
                attachment=attachment, acting_user=request.user
            )
        except services.ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("已删除：%(name)s。") % {"name": attachment.name}
            )
        return redirect("gongkai_applications:detail", pk=self.kwargs["pk"])


class CohandlingView(FormPageMixin, TemplateView):
    """协办 (Art. 34): the consulted office reads the request and answers it. It sees the
    information asked for, never the applicant (no name, ID, phone or tracking code)."""

    template_name = "applications/admin/cohandling.html"
    page_subtitle = _("协办答复")

    def get_consultation(self) -> Consultation:
        try:
            return get_cohandling_for_user(self.request.user, self.kwargs["pk"])
        except Consultation.DoesNotExist:
            raise Http404 from None

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        consultation = self.get_consultation()
        return self.render_form(CohandlingAnswerForm(), consultation=consultation)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        consultation = self.get_consultation()
        form = CohandlingAnswerForm(request.POST)
        if not form.is_valid():
            return self.render_form(form, consultation=consultation)
        try:
            services.answer_cohandling(
                consultation=consultation,
                acting_user=request.user,
                opinion=form.cleaned_data["opinion"],
                answered_on=form.cleaned_data["answered_on"],
            )
        except services.ApplicationError as exc:
            return self.form_failed(form, exc, consultation=consultation)
        messages.success(request, _("已登记协办意见。"))
        return redirect("gongkai_applications:index")


def _attachment(filename: str) -> str:
    return f"attachment; filename*=UTF-8''{quote(filename)}"
