from pathlib import Path

from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from gongkai.columns import urls as columns_urls
from gongkai.editorial import reports as editorial_reports
from gongkai.editorial import review as editorial_review
from gongkai.search import urls as search_urls

urlpatterns = [
    # Before Wagtail's admin URLs: its page types usage report, scoped per department.
    path("admin/reports/page-types-usage/", editorial_reports.page_types_usage),
    path(
        "admin/reports/page-types-usage/results/",
        editorial_reports.page_types_usage_results,
    ),
    # Before Wagtail's: its workflow action URL with "approve" answers with the reason.
    path(
        "admin/pages/workflow/action/<int:page_id>/approve/<int:task_state_id>/",
        editorial_review.approve_elsewhere,
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Dynamic services beside the (later static) public pages live under /api/.
    path("api/hits/", include("gongkai.stats.urls")),
    path("apply/", include("gongkai.applications_public.urls", namespace="apply")),
    path("hudong/", include("gongkai.interaction.urls", namespace="hudong")),
    path(
        "search/",
        include(
            (
                [*search_urls.urlpatterns, *columns_urls.catalog_urlpatterns],
                search_urls.app_name,
            ),
            namespace="search",
        ),
    ),
    path("api/search/", include(search_urls.api_urlpatterns)),
    path("api/open/", include("gongkai.opendata.urls", namespace="opendata")),
]


def media_patterns_for_development() -> list:
    """Files under /media/ that the application serves itself.

    Image renditions (admin thumbnails, preview) in every mode: nginx serves the copies
    that publishing wrote and hands the rest to the application; Django's static `serve`
    joins paths safely and is fast enough for the admin's thumbnails. Original images only
    under `--dev`. Documents never: they go through Wagtail's serve view and its permission
    hook (issue 13, item 6), so an unpublished attachment cannot be fetched at
    /media/documents/.
    """
    from django.views.static import serve

    folders = ["images"] + (["original_images"] if settings.DEBUG else [])
    return [
        re_path(
            rf"^media/{folder}/(?P<path>.+)$",
            serve,
            {"document_root": Path(settings.MEDIA_ROOT) / folder},
        )
        for folder in folders
    ]


urlpatterns += media_patterns_for_development()

urlpatterns += [
    path("", include("gongkai.reports.public_urls")),
    path("", include("gongkai.core.public_urls", namespace="core")),
    path("", include("gongkai.columns.urls", namespace="columns")),
    path("", include(wagtail_urls)),
]
