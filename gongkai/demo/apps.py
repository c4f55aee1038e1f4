from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "gongkai.demo"
    label = "demo"
    verbose_name = "演示站点"
