"""Form tokens and rate limits of the public pages."""

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase

from gongkai.core.public_guards import (
    Rate,
    count_hit,
    is_rate_limited,
    issue_form_token,
    parse_rate,
    read_form_token,
)


class FormTokenTests(SimpleTestCase):
    def test_token_round_trip_keeps_nonce_and_time(self):
        signed, token = issue_form_token(now=1_700_000_000.5)
        self.assertEqual(read_form_token(signed), token)
        self.assertEqual(token.issued_at, 1_700_000_000.5)

    def test_each_token_has_its_own_nonce(self):
        nonces = {issue_form_token(now=0)[1].nonce for _ in range(20)}
        self.assertEqual(len(nonces), 20)

    def test_altered_or_foreign_tokens_are_refused(self):
        signed, _token = issue_form_token(now=0)
        for bad in ("", "forged", signed[:-2] + "xx", signed.replace(":", ";", 1)):
            with self.subTest(bad=bad):
                self.assertIsNone(read_form_token(bad))


class RateTests(SimpleTestCase):
    def test_parse_rate(self):
        cases = [
            ("5/h", Rate(5, 3600)),
            ("20/10m", Rate(20, 600)),
            ("100/d", Rate(100, 86400)),
            (" 3/S ", Rate(3, 1)),
            ("", None),
            ("none", None),
        ]
        for text, expected in cases:
            with self.subTest(text=text):
                self.assertEqual(parse_rate(text), expected)

    def test_invalid_rate_is_a_configuration_error(self):
        with self.assertRaisesMessage(ImproperlyConfigured, "Invalid rate"):
            parse_rate("five per hour")

    def test_limit_is_reached_after_the_allowed_hits_per_address(self):
        cache.clear()
        rate = Rate(2, 60)
        for _hit in range(2):
            self.assertIs(is_rate_limited("test", "192.0.2.1", rate), False)
            count_hit("test", "192.0.2.1", rate)
        self.assertIs(is_rate_limited("test", "192.0.2.1", rate), True)
        self.assertIs(is_rate_limited("test", "192.0.2.2", rate), False)
        self.assertIs(is_rate_limited("other", "192.0.2.1", rate), False)
        self.assertIs(is_rate_limited("test", "192.0.2.1", None), False)
