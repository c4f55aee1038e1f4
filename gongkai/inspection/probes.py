"""站点无法访问 measured as the indicators measure it: the home page visited every few minutes
for a week (rules.md §4: monitored 1 week, ≥ 20 visits a day, not opened within 15 s in
≥ 5 % of them). Each visit is stored (models.ReachabilityProbe, kept 30 days); the stored
run judges the last 7 days (selectors.reachability_week, rules.judge_reachability).

Who visits: a loop in a daemon thread of `gongkai worker` and of the first process of
`gongkai serve`, started on `core.signals.worker_started` (the schedule of scheduled
publishing lives in editorial, a lower layer that must not import this app; and a slow
or hanging site must not hold back scheduled publishing, so the probe has a loop of its
own). `gongkai inspect --probe` makes one round (cron, or a check by hand).

The interval is the site's 站点可用性监测 rule (`site_probe`, 10 minutes by default,
at most 72: 20 visits a day); switching the rule off stops the visits. The fetcher is
pluggable (fetchers.fetch_page; tests pass a local server's address or a stub). The
visit's time limit is the rule's 15 s, GONGKAI_INSPECTION_PROBE_TIMEOUT in tests.
Why a loop of ours rather than django-tasks: django-tasks has no periodic schedule."""

import logging
import threading
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone
from wagtail.models import Site

from . import publish_guards, selectors
from .crawl import Fetcher
from .models import MAX_PROBE_MINUTES, ReachabilityProbe
from .rules import CRITERIA

logger = logging.getLogger(__name__)
KEEP = timedelta(days=30)
TICK_SECONDS = 60.0  # how often the loop looks for a site whose interval has begun
_thread_lock = threading.Lock()
_thread: threading.Thread | None = None


def probe_timeout() -> float:
    return float(
        getattr(
            settings, "GONGKAI_INSPECTION_PROBE_TIMEOUT", CRITERIA.unreachable_seconds
        )
    )


def slot_of(moment: datetime, minutes: int) -> datetime:
    """The start of the `minutes`-long interval holding `moment` (aligned on the epoch)."""
    step = minutes * 60
    seconds = int(moment.timestamp()) // step * step
    return datetime.fromtimestamp(seconds, tz=UTC)


def home_url(site: Site) -> str:
    return site.root_url + "/"


def probe_site(
    site: Site,
    *,
    minutes: int,
    now: datetime | None = None,
    fetcher: Fetcher | None = None,
) -> ReachabilityProbe | None:
    """Visit `site`'s home page once in the current interval; None when another process
    (or an earlier round) already visits it in this interval."""
    from .fetchers import fetch_page  # fetchers imports crawl, as this module does

    now = now or timezone.now()
    slot = slot_of(now, minutes)
    # Looked up first: the loop asks every minute, and a refused INSERT is an error line
    # in PostgreSQL's log each time; the constraint still settles a race between processes.
    if ReachabilityProbe.objects.filter(site=site, slot=slot).exists():
        return None
    try:
        with transaction.atomic():
            probe = ReachabilityProbe.objects.create(
                site=site, slot=slot, probed_at=now
            )
    except IntegrityError:  # another process claimed it meanwhile
        return None
    limit = probe_timeout()
    fetched = (fetcher or fetch_page)(home_url(site), limit)
    # “超过（含）15 秒仍无法打开”: an answer that took the limit or longer did not open.
    probe.reachable = (
        fetched.status is not None
        and fetched.status < 400
        and not fetched.timed_out
        and fetched.seconds < limit
    )
    probe.status_code = fetched.status
    probe.elapsed_ms = round(fetched.seconds * 1000)
    probe.error = (fetched.error or "")[:500]
    probe.save(update_fields=["reachable", "status_code", "elapsed_ms", "error"])
    return probe


def probe_due_sites(
    *, now: datetime | None = None, fetcher: Fetcher | None = None
) -> list[ReachabilityProbe]:
    """One round: visit each site whose rule is on and whose current interval has no
    visit yet; drop its visits older than 30 days."""
    now = now or timezone.now()
    done = []
    for site in Site.objects.order_by("pk"):
        ruleset = selectors.ruleset_for(site)
        if not ruleset.rules["site_probe"].enabled:
            continue
        minutes = min(max(ruleset.threshold("site_probe"), 1), MAX_PROBE_MINUTES)
        probe = probe_site(site, minutes=minutes, now=now, fetcher=fetcher)
        if probe is not None:
            done.append(probe)
        ReachabilityProbe.objects.filter(site=site, slot__lt=now - KEEP).delete()
    return done


def run_probe_loop(*, stop: threading.Event, tick: float = TICK_SECONDS) -> None:
    """Probe until `stop` is set; an error is logged and the loop goes on."""
    while not stop.is_set():
        try:
            probe_due_sites()
            publish_guards.flush_refusals()  # refused publishes of this process
        except Exception:  # e.g. the database restarting: try again next tick
            logger.exception("reachability probe failed")
        finally:
            close_old_connections()
        stop.wait(tick)


def start_probe_thread() -> threading.Thread:
    """The probe loop in a daemon thread of this process (once per process)."""
    global _thread
    with _thread_lock:
        if _thread is None or not _thread.is_alive():
            stop = threading.Event()
            _thread = threading.Thread(
                target=run_probe_loop,
                kwargs={"stop": stop},
                name="gongkai-probe",
                daemon=True,
            )
            _thread.stop_event = stop  # type: ignore[attr-defined]  # lets tests stop it
            _thread.start()
        return _thread


def on_worker_started(sender: object, **kwargs: object) -> None:
    """core.signals.worker_started: `gongkai worker` or `gongkai serve` is starting."""
    if getattr(settings, "GONGKAI_INSPECTION_PROBE", True):
        start_probe_thread()
