"""Admin URLs, mounted under /admin/applications/ by wagtail_hooks."""

from django.urls import path

from . import views

app_name = "gongkai_applications"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("register/", views.RegisterView.as_view(), name="register"),
    path("export/", views.ExportView.as_view(), name="export"),
    path("<int:pk>/", views.DetailView.as_view(), name="detail"),
    path(
        "<int:pk>/documents/<slug:kind>/", views.DocumentView.as_view(), name="document"
    ),
    path(
        "<int:pk>/documents/<slug:kind>/<int:target_pk>/",
        views.DocumentView.as_view(),
        name="document",
    ),
    path("<int:pk>/<slug:action>/", views.ActionView.as_view(), name="action"),
    path(
        "<int:pk>/<slug:action>/<int:target_pk>/",
        views.ActionView.as_view(),
        name="action",
    ),
]
