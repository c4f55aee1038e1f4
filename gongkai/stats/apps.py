from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "gongkai.stats"
    label = "stats"
    verbose_name = "访问统计"
