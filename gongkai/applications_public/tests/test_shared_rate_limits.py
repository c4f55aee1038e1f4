"""The rate limits hold across processes: failed look-ups counted by one process (a real
second Python process) lock the client out in another, through the shared Redis cache.

Needs Redis at 127.0.0.1:6379 (CI runs one); the test uses database 13 and a key prefix
of its own, and deletes its keys afterwards.
"""

import os
import subprocess
import sys
import tempfile
import uuid

import redis
from django.test import override_settings

from gongkai.applications_public.tests.test_public_views import (
    STATUS_URL,
    PublicSiteTestCase,
)
from gongkai.applications_public.views import STATUS_SCOPE

REDIS_URL = "redis://127.0.0.1:6379/13"

# Run by the second process: count `hits` failed look-ups for `address`.
SECOND_PROCESS = """
import sys, django
django.setup()
from gongkai.core.public_guards import count_hit, parse_rate
scope, address, hits, rate = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
for _ in range(hits):
    count_hit(scope, address, parse_rate(rate))
"""


class RateLimitsAcrossProcessesTests(PublicSiteTestCase):
    def setUp(self):
        super().setUp()
        self.prefix = f"gk-test-{uuid.uuid4().hex}"
        self.redis = redis.Redis.from_url(REDIS_URL)
        self.addCleanup(self.redis.close)
        self.addCleanup(self._delete_keys)
        shared = override_settings(
            CACHES={
                "default": {
                    "BACKEND": "django.core.cache.backends.redis.RedisCache",
                    "LOCATION": REDIS_URL,
                    "KEY_PREFIX": self.prefix,
                }
            },
            GONGKAI_APPLICATIONS_STATUS_RATE="3/h",
        )
        shared.enable()
        self.addCleanup(shared.disable)

    def _delete_keys(self):
        keys = list(self.redis.scan_iter(f"{self.prefix}:*"))
        if keys:
            self.redis.delete(*keys)

    def count_in_another_process(self, address: str, hits: int) -> None:
        with tempfile.TemporaryDirectory() as data_dir:
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "gongkai.settings.dev",
                "GONGKAI_CACHE_URL": REDIS_URL,
                "GONGKAI_CACHE_PREFIX": self.prefix,
                "GONGKAI_DATA_DIR": data_dir,
            }
            env.pop("DATABASE_URL", None)
            subprocess.run(  # noqa: S603 - our own interpreter and script
                [
                    sys.executable,
                    "-c",
                    SECOND_PROCESS,
                    STATUS_SCOPE,
                    address,
                    str(hits),
                    "3/h",
                ],
                env=env,
                check=True,
                timeout=60,
            )

    def look_up(self, address: str):
        return self.client.post(
            STATUS_URL,
            {"tracking_code": "AAAA-BBBB-CCCC", "phone_tail": "0000"},
            REMOTE_ADDR=address,
        )

    def test_failures_counted_by_another_process_lock_the_client_out_here(self):
        self.assertNotEqual(self.look_up("198.51.100.20").status_code, 429)
        self.count_in_another_process("198.51.100.20", 3)
        self.assertTrue(list(self.redis.scan_iter(f"{self.prefix}:*")))
        locked = self.look_up("198.51.100.20")
        self.assertContains(locked, "查询次数过多", status_code=429)
        # Another client is not affected.
        self.assertNotEqual(self.look_up("198.51.100.21").status_code, 429)

    def test_counts_of_two_processes_add_up(self):
        self.count_in_another_process("198.51.100.30", 1)
        self.look_up("198.51.100.30")  # this process: the second failure
        self.assertNotEqual(self.look_up("198.51.100.30").status_code, 429)  # third
        self.assertEqual(self.look_up("198.51.100.30").status_code, 429)
