from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import AnnualFigures


class AnnualFiguresViewSet(SnippetViewSet):
    model = AnnualFigures
    icon = "table"
    menu_label = _("年度报告数据")
    add_to_admin_menu = True
    menu_order = 230
    list_display = [
        "organisation",
        "year",
        "licensing_decisions",
        "penalty_decisions",
        "enforcement_decisions",
        "fees_amount",
        "source",
    ]
    list_filter = ["year", "organisation"]


register_snippet(AnnualFiguresViewSet)
