"""Site-level public pages (published as files; see core/views.py; 网站地图 is
gongkai.columns.urls)."""

from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("lxwm/", views.contact, name="contact"),
]
