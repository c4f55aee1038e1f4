"""Wagtail admin labels that no translation catalog can reach (issue #16).

Wagtail's site listing declares `Column("port")`, `Column("site_name")` and
`Column("root_page")` without a label, so the table shows the field names ("Port",
"Site name", "Root page") instead of the models' translated verbose names. Wagtail has
no hook for these columns; this gives them the verbose names once at start-up.
"""

from django.utils.functional import lazy
from django.utils.text import capfirst


def _verbose_label(model, name):
    return capfirst(model._meta.get_field(name).verbose_name)


def label_unlabelled_site_columns() -> None:
    from wagtail.models import Site
    from wagtail.sites.views import IndexView

    for column in IndexView.columns:
        if column.label == capfirst(column.name.replace("_", " ")):
            column.label = lazy(_verbose_label, str)(Site, column.name)


def label_workflow_page_field() -> None:
    """The page choosers of the workflow editor and of the group editor's page permissions:
    Wagtail's form fields have no label, so Django derives "Page" from the field name (a
    hidden label, read by screen readers)."""
    from django.utils.translation import gettext_lazy
    from wagtail.admin.forms.workflows import WorkflowPageForm
    from wagtail.users.forms import PagePermissionsForm

    for form in (WorkflowPageForm, PagePermissionsForm):
        form.base_fields["page"].label = gettext_lazy("页面")
