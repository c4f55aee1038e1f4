from django.apps import AppConfig


class ApplicationsPublicConfig(AppConfig):
    """The public side of 依申请公开 under /apply/: forms, views and reads only.

    It imports the office app (gongkai.applications: models, services, selectors) and
    is never imported by it; its state (SubmissionToken, ApplicationSettings) lives in
    the office app's tables.
    """

    name = "gongkai.applications_public"
    label = "applications_public"
    verbose_name = "依申请公开（公众页面）"
