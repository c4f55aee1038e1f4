from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from gongkai.search import urls as search_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Dynamic services beside the (later static) public pages live under /api/.
    path("api/hits/", include("gongkai.stats.urls")),
    path("apply/", include("gongkai.applications.public_urls", namespace="apply")),
    path("hudong/", include("gongkai.interaction.urls", namespace="hudong")),
    path("search/", include("gongkai.search.urls", namespace="search")),
    path("api/search/", include(search_urls.api_urlpatterns)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
