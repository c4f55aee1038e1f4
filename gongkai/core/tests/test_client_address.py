"""The client address: REMOTE_ADDR unless the peer is a trusted proxy; forged
X-Forwarded-For entries from clients never count."""

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory, SimpleTestCase, override_settings

from gongkai.core.client_address import client_address, parse_trusted_proxies


def request(remote: str, forwarded: str | None = None):
    extra: dict[str, Any] = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


class WithoutTrustedProxiesTests(SimpleTestCase):
    def test_remote_addr_only_and_forwarded_header_ignored(self):
        self.assertEqual(client_address(request("192.0.2.9", "1.2.3.4")), "192.0.2.9")
        self.assertEqual(client_address(request("127.0.0.1", "1.2.3.4")), "127.0.0.1")

    def test_malformed_remote_addr_is_unknown(self):
        self.assertEqual(client_address(request("")), "unknown")
        self.assertEqual(client_address(request("not-an-address")), "unknown")


@override_settings(GONGKAI_TRUSTED_PROXIES="127.0.0.1, 10.0.0.0/8, ::1")
class BehindTrustedProxiesTests(SimpleTestCase):
    def test_the_address_the_proxy_added_counts(self):
        self.assertEqual(
            client_address(request("127.0.0.1", "198.51.100.5")), "198.51.100.5"
        )

    def test_forged_entries_left_of_the_proxy_entry_are_ignored(self):
        # The client sent "X-Forwarded-For: 1.2.3.4"; nginx appended the real address.
        self.assertEqual(
            client_address(request("127.0.0.1", "1.2.3.4, 198.51.100.5")),
            "198.51.100.5",
        )
        self.assertEqual(
            client_address(request("127.0.0.1", "10.0.0.1, 198.51.100.5")),
            "198.51.100.5",
        )

    def test_chain_of_trusted_proxies_is_walked_from_the_right(self):
        self.assertEqual(
            client_address(request("127.0.0.1", "1.2.3.4, 198.51.100.5, 10.1.2.3")),
            "198.51.100.5",
        )

    def test_untrusted_peer_cannot_spoof(self):
        self.assertEqual(
            client_address(request("203.0.113.8", "198.51.100.5")), "203.0.113.8"
        )
        self.assertEqual(
            client_address(request("203.0.113.8", "127.0.0.1")), "203.0.113.8"
        )

    def test_malformed_entries_are_skipped(self):
        self.assertEqual(
            client_address(request("127.0.0.1", "198.51.100.5, garbage, , 1.2.3.4:80")),
            "198.51.100.5",
        )
        self.assertEqual(client_address(request("127.0.0.1", "<script>")), "127.0.0.1")
        self.assertEqual(client_address(request("127.0.0.1", "")), "127.0.0.1")

    def test_only_proxies_in_the_chain_means_the_proxy_itself(self):
        self.assertEqual(client_address(request("127.0.0.1", "10.0.0.2")), "127.0.0.1")

    def test_ipv6_and_mapped_addresses(self):
        self.assertEqual(client_address(request("::1", "2001:db8::7")), "2001:db8::7")
        self.assertEqual(
            client_address(request("::ffff:127.0.0.1", "[2001:db8::8]")), "2001:db8::8"
        )


class ParseTrustedProxiesTests(SimpleTestCase):
    def test_bad_entry_is_a_configuration_error(self):
        with self.assertRaises(ImproperlyConfigured):
            parse_trusted_proxies("127.0.0.1, nginx.local")
        self.assertEqual(len(parse_trusted_proxies(" 127.0.0.1 ,, 10.0.0.0/8 ")), 2)
