"""State of the public application form: the one-time form tokens already used."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Application


class SubmissionToken(models.Model):
    """A form token that created an application; posting it again creates nothing.

    The unique nonce makes two simultaneous posts of one form create one application:
    the second insert fails and its transaction, application included, rolls back.
    """

    nonce = models.CharField(_("表单令牌"), max_length=64, unique=True)
    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now)

    class Meta:
        verbose_name = _("已使用的表单令牌")
        verbose_name_plural = _("已使用的表单令牌")

    def __str__(self) -> str:
        return self.nonce
