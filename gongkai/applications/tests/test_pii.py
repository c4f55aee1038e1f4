"""Applicants' personal data at rest: encrypted columns, keyed hashes, key rotation,
key errors, the data migration and the office's CSV export."""

import importlib
import os
import stat
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

from cryptography.fernet import Fernet
from django.apps import apps as django_apps
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from gongkai.applications import pii, services
from gongkai.applications.models import PII_FIELDS, Application, PersonalDataAccess
from gongkai.applications.services.fees import count_earlier_requests
from gongkai.applications.tests.factories import (
    RESIDENT_ID,
    ServiceTestCase,
    create_officer,
)
from gongkai.applications_public.tests.test_public_views import (
    FORM_URL,
    PublicSiteTestCase,
)

KEY_A, KEY_B, KEY_C = (Fernet.generate_key().decode() for _ in range(3))
HASH_KEY = "hash-key-for-tests-only-0123456789"
PHONE = "13812345678"
CLEAR_VALUES = (RESIDENT_ID, PHONE, "zhangsan@example.com", "某路1号")
EXPORT = reverse("gongkai_applications:export")


def raw_columns(application):
    """The stored columns, read past the ORM."""
    table = connection.ops.quote_name(Application._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id_number, phone, email, address, id_number_hash, phone_hash "  # noqa: S608
            f"FROM {table} WHERE id = %s",
            [application.pk],
        )
        return cursor.fetchone()


def keys(*fernet_keys, hash_key=HASH_KEY):
    return override_settings(
        GONGKAI_PII_KEYS=list(fernet_keys), GONGKAI_PII_HASH_KEY=hash_key
    )


class EncryptedColumnTests(ServiceTestCase):
    def test_the_database_holds_no_clear_identifier(self):
        application = self.received()
        stored = raw_columns(application)
        text = " ".join(stored)
        for clear in (*CLEAR_VALUES, "5678", "330702"):
            self.assertNotIn(clear, text)
        for token in stored[:4]:
            self.assertTrue(token.startswith(pii.TOKEN_PREFIX))
        fresh = Application.objects.get(pk=application.pk)
        self.assertEqual(
            (fresh.id_number, fresh.phone, fresh.email, fresh.address),
            (RESIDENT_ID, PHONE, "zhangsan@example.com", "浙江省金华市婺城区某路1号"),
        )

    def test_hashes_are_keyed_and_normalised(self):
        application = self.received()
        self.assertEqual(application.id_number_hash, pii.id_number_hash(RESIDENT_ID))
        self.assertEqual(
            pii.id_number_hash(" " + RESIDENT_ID.lower()),
            application.id_number_hash,
        )
        self.assertEqual(pii.phone_hash("138-1234 5678"), application.phone_hash)
        with keys(KEY_A, hash_key="another-hash-key"):
            self.assertNotEqual(pii.phone_hash(PHONE), application.phone_hash)

    def test_equality_lookups_on_ciphertext_are_refused_not_silently_empty(self):
        self.received()
        with self.assertRaises(FieldError):
            list(Application.objects.filter(phone=PHONE))
        self.assertEqual(
            Application.objects.filter(phone_hash=pii.phone_hash(PHONE)).count(), 1
        )

    def test_an_update_of_the_phone_refreshes_its_hashes(self):
        application = self.received()
        application.phone = "13900001111"
        application.save(update_fields=["phone"])
        fresh = Application.objects.get(pk=application.pk)
        self.assertEqual(fresh.phone_hash, pii.phone_hash("13900001111"))
        self.assertEqual(
            fresh.phone_status_hash, pii.status_hash(fresh.tracking_code, "1111")
        )

    def test_a_save_of_other_fields_neither_loads_nor_decrypts_personal_data(self):
        application = self.received()
        loaded = Application.objects.defer(*PII_FIELDS).get(pk=application.pk)
        loaded.title = "另一个名称"
        with (
            mock.patch.object(pii, "decrypt", side_effect=AssertionError("decrypted")),
            self.assertNumQueries(1),  # the UPDATE alone
        ):
            loaded.save(update_fields=["title"])
        fresh = Application.objects.get(pk=application.pk)
        self.assertEqual(fresh.phone_hash, pii.phone_hash(fresh.phone))


class LookupThroughHashTests(ServiceTestCase):
    def test_status_page_lookup_never_decrypts(self):
        application = self.received()
        with mock.patch.object(pii, "decrypt", side_effect=AssertionError("decrypted")):
            found = services.get_application_for_status(
                tracking_code=application.display_tracking_code, phone_tail="5678"
            )
            self.assertEqual(found.pk, application.pk)
            self.assertIsNone(
                services.get_application_for_status(
                    tracking_code=application.tracking_code, phone_tail="5679"
                )
            )

    def test_fee_counting_finds_the_same_applicant_through_the_hash(self):
        first = self.received(on=date(2025, 9, 1))
        self.received(on=date(2025, 9, 2), id_number="11010519491231002X")
        third = self.received(on=date(2025, 9, 3))
        self.assertNotEqual(raw_columns(first)[0], raw_columns(third)[0])
        self.assertEqual(count_earlier_requests(third), 1)


class RotationTests(ServiceTestCase):
    def test_rotate_then_drop_the_old_key(self):
        with keys(KEY_A):
            application = self.received()
            old_token = raw_columns(application)[0]
        with keys(KEY_B), self.assertRaises(pii.PersonalDataKeyError):
            Application.objects.get(pk=application.pk)
        with keys(KEY_B, KEY_A):
            self.assertEqual(Application.objects.get(pk=application.pk).phone, PHONE)
            call_command("rotate_pii_keys", stdout=open(os.devnull, "w"))  # noqa: SIM115
        new_token = raw_columns(application)[0]
        self.assertNotEqual(new_token, old_token)
        self.assertEqual(
            Fernet(KEY_B).decrypt(new_token.encode()).decode(), RESIDENT_ID
        )
        with keys(KEY_B):
            fresh = Application.objects.get(pk=application.pk)
            self.assertEqual((fresh.id_number, fresh.phone), (RESIDENT_ID, PHONE))
            self.assertEqual(
                services.get_application_for_status(
                    tracking_code=fresh.tracking_code, phone_tail="5678"
                ).pk,
                application.pk,
            )

    def test_rotating_the_hash_key_recomputes_the_hashes(self):
        with keys(KEY_A):
            application = self.received()
        with keys(KEY_A, hash_key="a-new-hash-key"):
            call_command("rotate_pii_keys", stdout=open(os.devnull, "w"))  # noqa: SIM115
            self.assertEqual(raw_columns(application)[5], pii.phone_hash(PHONE))


class KeyErrorTests(ServiceTestCase):
    def test_wrong_key_is_a_clear_error_not_garbage(self):
        with keys(KEY_A):
            application = self.received()
        with (
            keys(KEY_C),
            self.assertRaisesMessage(
                pii.PersonalDataKeyError, "None of GONGKAI_PII_KEYS decrypts"
            ),
        ):
            Application.objects.get(pk=application.pk)

    def test_malformed_or_missing_key_is_a_clear_error(self):
        with (
            keys("not-a-fernet-key"),
            self.assertRaisesMessage(pii.PersonalDataKeyError, "malformed key"),
        ):
            pii.encrypt("x")
        with (
            keys(),
            override_settings(GONGKAI_PII_KEY_FILE=None),
            self.assertRaisesMessage(
                pii.PersonalDataKeyError, "GONGKAI_PII_KEYS is not set"
            ),
        ):
            pii.encrypt("x")
        with (
            keys(KEY_A, hash_key=""),
            self.assertRaisesMessage(
                pii.PersonalDataKeyError, "GONGKAI_PII_HASH_KEY must be set"
            ),
        ):
            pii.phone_hash(PHONE)

    def test_development_key_file_is_made_once_and_private(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "data" / "pii_key"
            with keys(hash_key=""), override_settings(GONGKAI_PII_KEY_FILE=path):
                token = pii.encrypt("secret")
                self.assertEqual(stat.S_IMODE(path.stat().st_mode), 0o600)
                self.assertEqual(pii.configured_keys(), (path.read_text(),))
                self.assertEqual(pii.decrypt(token), "secret")

    def test_production_settings_refuse_to_start_without_the_keys(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_PII")}
        env.update(
            GONGKAI_SECRET_KEY="x" * 60 + "-production-like-secret",
            GONGKAI_ALLOWED_HOSTS="example.gov.cn",
        )
        code = "import gongkai.settings.production"
        refused = subprocess.run(  # noqa: S603
            [sys.executable, "-c", code], env=env, capture_output=True, text=True
        )
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn(
            "GONGKAI_PII_KEYS and GONGKAI_PII_HASH_KEY must be set in production.",
            refused.stderr,
        )
        env.update(GONGKAI_PII_KEYS=KEY_A, GONGKAI_PII_HASH_KEY=HASH_KEY)
        accepted = subprocess.run(  # noqa: S603
            [sys.executable, "-c", code], env=env, capture_output=True, text=True
        )
        self.assertNotIn("GONGKAI_PII_KEYS", accepted.stderr)


class DataMigrationTests(ServiceTestCase):
    migration = importlib.import_module(
        "gongkai.applications.migrations.0003_encrypt_personal_data"
    )

    def editor(self):
        return SimpleNamespace(
            connection=connection, quote_name=connection.ops.quote_name
        )

    def test_clear_rows_are_encrypted_and_the_reverse_restores_them(self):
        application = self.received()
        self.migration.decrypt_rows(django_apps, self.editor())
        self.assertEqual(raw_columns(application)[:2], (RESIDENT_ID, PHONE))
        table = connection.ops.quote_name(Application._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET id_number_hash = '', phone_hash = ''")  # noqa: S608
        self.migration.encrypt_rows(django_apps, self.editor())
        self.migration.encrypt_rows(django_apps, self.editor())  # idempotent
        stored = raw_columns(application)
        self.assertTrue(stored[0].startswith(pii.TOKEN_PREFIX))
        self.assertNotIn(PHONE, " ".join(stored))
        self.assertEqual(stored[4], pii.id_number_hash(RESIDENT_ID))
        fresh = Application.objects.get(pk=application.pk)
        self.assertEqual((fresh.id_number, fresh.phone), (RESIDENT_ID, PHONE))


class ExportTests(ServiceTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.colleague = create_officer(cls.department)

    def setUp(self):
        self.application = self.received()

    def test_plain_export_is_masked_and_unlogged(self):
        self.client.force_login(self.officer)
        response = self.client.get(EXPORT)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        body = response.content.decode()
        for clear in (*CLEAR_VALUES, "张三"):
            self.assertNotIn(clear, body)
        self.assertIn("330702********" + RESIDENT_ID[-4:], body)
        self.assertIn("138****5678", body)
        self.assertIn(self.application.display_tracking_code, body)
        self.assertFalse(PersonalDataAccess.objects.exists())

    def test_clear_export_needs_a_purpose_and_is_logged(self):
        self.client.force_login(self.officer)
        refused = self.client.post(EXPORT, {"purpose": "  "})
        self.assertEqual(refused.status_code, 302)
        self.assertFalse(PersonalDataAccess.objects.exists())
        response = self.client.post(EXPORT, {"purpose": "行政复议答辩材料"})
        body = response.content.decode()
        for clear in (*CLEAR_VALUES, "张三"):
            self.assertIn(clear, body)
        access = PersonalDataAccess.objects.get()
        self.assertEqual(
            (access.application, access.user, access.purpose),
            (self.application, self.officer, "导出：行政复议答辩材料"),
        )

    def test_clear_export_by_a_colleague_stays_masked(self):
        """Only those who may see the full record (the handler) get it in clear."""
        self.client.force_login(self.colleague)
        body = self.client.post(EXPORT, {"purpose": "统计"}).content.decode()
        self.assertNotIn(RESIDENT_ID, body)
        self.assertIn("138****5678", body)
        self.assertFalse(PersonalDataAccess.objects.exists())

    def test_another_departments_officer_exports_nothing_of_ours(self):
        from gongkai.applications.tests.factories import create_department

        stranger = create_officer(create_department(name="某县教育局"))
        self.client.force_login(stranger)
        body = self.client.post(EXPORT, {"purpose": "统计"}).content.decode()
        self.assertNotIn(self.application.display_tracking_code, body)
        self.assertFalse(PersonalDataAccess.objects.exists())


class BackupTests(ServiceTestCase):
    def test_dumpdata_holds_ciphertext_and_loaddata_restores_it(self):
        application = self.received()
        with tempfile.TemporaryDirectory() as folder:
            for fmt in ("json", "jsonl", "xml"):
                dump = Path(folder) / f"dump.{fmt}"
                call_command(
                    "dumpdata", "applications.application", format=fmt, output=dump
                )
                text = dump.read_text()
                self.assertIn(application.tracking_code, text)
                for clear in (*CLEAR_VALUES, "5678"):
                    self.assertNotIn(clear, text, fmt)
            Application.objects.all().delete()
            call_command("loaddata", Path(folder) / "dump.json", verbosity=0)
        fresh = Application.objects.get(pk=application.pk)
        self.assertEqual((fresh.id_number, fresh.phone), (RESIDENT_ID, PHONE))
        self.assertEqual(raw_columns(fresh)[4], pii.id_number_hash(RESIDENT_ID))
        self.assertEqual(
            services.get_application_for_status(
                tracking_code=fresh.tracking_code, phone_tail="5678"
            ).pk,
            application.pk,
        )


class PublicToAdminPathTests(PublicSiteTestCase):
    """Public form -> stored encrypted -> handler's detail page -> public status page."""

    def test_the_whole_path_works_with_encrypted_columns(self):
        self.client.post(FORM_URL, self.form_data())
        application = Application.objects.get()
        self.assertNotIn(PHONE, " ".join(raw_columns(application)))
        services.take_application(application=application, acting_user=self.officer)
        officer = Client()
        officer.force_login(self.officer)
        detail = officer.get(
            reverse("gongkai_applications:detail", args=[application.pk])
        )
        self.assertContains(detail, RESIDENT_ID)
        self.assertContains(detail, PHONE)
        self.assertEqual(PersonalDataAccess.objects.count(), 1)
        listing = officer.get(reverse("gongkai_applications:index"))
        self.assertContains(listing, "138****5678")
        self.assertNotContains(listing, RESIDENT_ID)
        status = Client().post(
            reverse("apply:status"),
            {"tracking_code": application.display_tracking_code, "phone_tail": "5678"},
        )
        self.assertContains(status, "办理状态")
        self.assertNotContains(status, PHONE)
