"""Scheduled go-live and expiry without cron: a loop run by `gongkai worker` or the demo server.

Wagtail keeps the schedule in the database (a revision's `approved_go_live_at`, an object's
`expire_at`) and applies it with its `publish_scheduled` command, which it expects cron to run.
`run_schedule_once` does the same work, item by item: Wagtail's command stops at the first item
that fails, so one refused item (a policy document whose interpretation was withdrawn meanwhile)
would hold back every later one, every minute. A refused go-live is taken off the schedule and
logged (`gongkai.schedule.refused`); any other error is logged and retried on the next run.
Running the loop in several processes at once is safe: a published revision is no longer due.
"""

import logging
import threading
from dataclasses import dataclass, field
from typing import cast

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import close_old_connections, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import DraftStateMixin, Page, Revision

logger = logging.getLogger(__name__)
DEFAULT_INTERVAL = 60.0
_thread_lock = threading.Lock()
_thread: threading.Thread | None = None


@dataclass
class ScheduleRun:
    """What one run of the schedule did."""

    published: int = 0
    expired: int = 0
    refused: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return _(
            "定时发布 %(published)d 条，到期下线 %(expired)d 条，未通过发布规则 %(refused)d 条，出错 %(failed)d 条。"
        ) % {
            "published": self.published,
            "expired": self.expired,
            "refused": len(self.refused),
            "failed": len(self.failed),
        }


def get_schedule_interval() -> float:
    return float(
        getattr(settings, "GONGKAI_EDITORIAL_SCHEDULE_INTERVAL", DEFAULT_INTERVAL)
    )


def _scheduled_models() -> list[type[models.Model]]:
    others = [
        model
        for model in apps.get_models()
        if issubclass(model, DraftStateMixin) and not issubclass(model, Page)
    ]
    return [Page, *others]


def run_schedule_once() -> ScheduleRun:
    """Expire live objects past `expire_at`, then publish revisions past `approved_go_live_at`."""
    run = ScheduleRun()
    now = timezone.now()
    for model in _scheduled_models():
        expiring = model._default_manager.filter(live=True, expire_at__lt=now)
        # Every scheduled model has DraftStateMixin (_scheduled_models picks them so).
        for obj in cast("list[DraftStateMixin]", list(expiring.order_by("expire_at"))):
            try:
                with transaction.atomic():
                    obj.unpublish(
                        set_expired=True, log_action="wagtail.unpublish.scheduled"
                    )
                run.expired += 1
            except Exception:  # one bad item must not hold back the others
                logger.exception("scheduled expiry of %s failed", obj)
                run.failed.append(str(obj))
    due = Revision.objects.filter(approved_go_live_at__lt=now).order_by(
        "approved_go_live_at"
    )
    for revision in list(due):
        _publish_due_revision(revision, run)
    return run


def _publish_due_revision(revision: Revision, run: ScheduleRun) -> None:
    try:
        with transaction.atomic():
            revision.publish(log_action="wagtail.publish.scheduled")
        run.published += 1
    except ValidationError as exc:
        reason = "；".join(exc.messages)
        Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=None)
        log(
            revision.content_object, "gongkai.schedule.refused", data={"reason": reason}
        )
        run.refused.append(f"{revision.object_str}：{reason}")
        logger.warning("定时发布未执行：%s：%s", revision.object_str, reason)
    except Exception:  # retried on the next run; the others still go live
        logger.exception("scheduled publishing of %s failed", revision.object_str)
        run.failed.append(revision.object_str)


def run_schedule_loop(*, stop: threading.Event, interval: float | None = None) -> None:
    """Run the schedule until `stop` is set; an error is logged and the loop goes on."""
    interval = interval or get_schedule_interval()
    while not stop.is_set():
        try:
            run_schedule_once()
        except Exception:  # e.g. the database restarting: try again next interval
            logger.exception("scheduled publishing failed")
        finally:
            close_old_connections()
        stop.wait(interval)


def start_schedule_thread(*, interval: float | None = None) -> threading.Thread:
    """Start the schedule loop in a daemon thread of this process (once per process).

    For single-process set-ups such as the demo server (`gongkai serve`).
    """
    global _thread
    with _thread_lock:
        if _thread is None or not _thread.is_alive():
            stop = threading.Event()
            _thread = threading.Thread(
                target=run_schedule_loop,
                kwargs={"stop": stop, "interval": interval},
                name="gongkai-schedule",
                daemon=True,
            )
            _thread.stop_event = stop  # type: ignore[attr-defined]  # lets tests and shutdown stop it
            _thread.start()
        return _thread
