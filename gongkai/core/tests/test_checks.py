"""The shared cache: chosen from GONGKAI_CACHE_URL, and production warns without it."""

import json
import os
import subprocess
import sys
import tempfile

from django.test import SimpleTestCase, override_settings

from gongkai.core.checks import shared_cache_check

REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/13",
    }
}
LOCAL = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

PRINT_CACHES = "import json, django; django.setup(); from django.conf import settings; print(json.dumps(settings.CACHES))"


def caches_of_dev_settings(**environment: str) -> tuple[int, dict | str]:
    with tempfile.TemporaryDirectory() as data_dir:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "gongkai.settings.dev",
            "GONGKAI_DATA_DIR": data_dir,
        }
        env.pop("GONGKAI_CACHE_URL", None)
        env.update(environment)
        done = subprocess.run(  # noqa: S603 - our own interpreter
            [sys.executable, "-c", PRINT_CACHES],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    if done.returncode:
        return done.returncode, done.stderr
    return 0, json.loads(done.stdout)["default"]


class SharedCacheCheckTests(SimpleTestCase):
    @override_settings(GONGKAI_SHARED_CACHE_REQUIRED=True, CACHES=LOCAL)
    def test_production_with_local_memory_warns(self):
        self.assertEqual(
            [w.id for w in shared_cache_check(None)], ["gongkai_core.W001"]
        )

    @override_settings(GONGKAI_SHARED_CACHE_REQUIRED=True, CACHES=REDIS)
    def test_production_with_redis_is_quiet(self):
        self.assertEqual(shared_cache_check(None), [])

    @override_settings(GONGKAI_SHARED_CACHE_REQUIRED=False, CACHES=LOCAL)
    def test_embedded_single_process_is_quiet(self):
        self.assertEqual(shared_cache_check(None), [])


class CacheFromEnvironmentTests(SimpleTestCase):
    def test_redis_url_selects_django_redis_cache(self):
        status, cache = caches_of_dev_settings(
            GONGKAI_CACHE_URL="redis://127.0.0.1:6379/3"
        )
        self.assertEqual(status, 0, cache)
        self.assertEqual(
            cache["BACKEND"], "django.core.cache.backends.redis.RedisCache"
        )
        self.assertEqual(cache["LOCATION"], "redis://127.0.0.1:6379/3")

    def test_no_url_is_local_memory(self):
        self.assertEqual(
            caches_of_dev_settings()[1]["BACKEND"], LOCAL["default"]["BACKEND"]
        )

    def test_other_url_is_refused(self):
        status, error = caches_of_dev_settings(
            GONGKAI_CACHE_URL="memcached://127.0.0.1:11211"
        )
        self.assertNotEqual(status, 0)
        self.assertIn("GONGKAI_CACHE_URL must be a Redis URL", error)
