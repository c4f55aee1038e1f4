"""Site-level public pages (published as files; see core/views.py)."""

from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("wzdt/", views.site_map, name="site_map"),
    path("lxwm/", views.contact, name="contact"),
]
