"""Applicants' personal data at rest: encryption keys, the encrypted model field and the
keyed hashes used for equality lookups.

Encryption is Fernet (AES-128-CBC + HMAC-SHA256, from the `cryptography` package) through
MultiFernet: the first key of GONGKAI_PII_KEYS encrypts, every key decrypts, so a key is
rotated by putting the new one first, running `gongkai rotate_pii_keys`, then removing the
old one. Ciphertext is random, so equality lookups go through HMAC-SHA256 columns keyed by
GONGKAI_PII_HASH_KEY (a separate key: rotating the encryption keys leaves the hashes valid).

Without GONGKAI_PII_KEYS (development, demo, tests) one key is generated once into
GONGKAI_PII_KEY_FILE ($GONGKAI_DATA_DIR/pii_key, mode 0600); production settings set no file
and refuse to start without the variable (checks.py, gongkai_applications.E002).
"""

import hashlib
import hmac
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django import forms
from django.conf import settings
from django.core import validators
from django.core.exceptions import ImproperlyConfigured
from django.db import models

# Every Fernet token starts with the version byte 0x80, base64 "gAAAAA": lets the data
# migration tell rows already encrypted from clear ones.
TOKEN_PREFIX = "gAAAAA"  # noqa: S105 (not a secret)


class PersonalDataKeyError(ImproperlyConfigured):
    """No key, a malformed key, or no configured key opens the stored value."""


def configured_keys() -> tuple[str, ...]:
    keys = tuple(k.strip() for k in settings.GONGKAI_PII_KEYS if k.strip())
    if keys:
        return keys
    key_file = getattr(settings, "GONGKAI_PII_KEY_FILE", None)
    if not key_file:
        raise PersonalDataKeyError(
            "GONGKAI_PII_KEYS is not set: applicants' personal data cannot be encrypted."
        )
    return (_key_from_file(Path(key_file)),)


@lru_cache(maxsize=4)
def _key_from_file(path: Path) -> str:
    """The development key, generated once (0600, O_EXCL so two processes agree).

    Read once per process: every encrypt, decrypt and hash asks for the key, and a list
    page decrypts four fields per row.
    """
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Fernet.generate_key()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "wb") as file:
        file.write(key)
    return key.decode()


@lru_cache(maxsize=8)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError:
        raise PersonalDataKeyError(
            "GONGKAI_PII_KEYS holds a malformed key: each key must be 32 url-safe "
            "base64-encoded bytes (Fernet.generate_key())."
        ) from None


def encrypt(value: str) -> str:
    return _fernet(configured_keys()).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet(configured_keys()).decrypt(token.encode()).decode()
    except InvalidToken:
        raise PersonalDataKeyError(
            "None of GONGKAI_PII_KEYS decrypts an applicant's personal data "
            "(was a key removed before `gongkai rotate_pii_keys` ran?)."
        ) from None


def _hash_key() -> bytes:
    explicit = settings.GONGKAI_PII_HASH_KEY
    if explicit:
        return explicit.encode()
    if settings.GONGKAI_PII_KEYS:
        raise PersonalDataKeyError(
            "GONGKAI_PII_HASH_KEY must be set together with GONGKAI_PII_KEYS."
        )
    # Development only: derived from the generated key file.
    return hmac.new(
        configured_keys()[0].encode(), b"gongkai-pii-hash", hashlib.sha256
    ).digest()


def keyed_hash(kind: str, normalised: str) -> str:
    """HMAC-SHA256 of an already normalised value; "" for an empty one."""
    if not normalised:
        return ""
    message = f"{kind}:{normalised}".encode()
    return hmac.new(_hash_key(), message, hashlib.sha256).hexdigest()


def id_number_hash(number: str) -> str:
    return keyed_hash("id", re.sub(r"\s", "", number).upper())


def phone_digits(phone: str) -> str:
    return "".join(ch for ch in phone if ch.isascii() and ch.isdigit())


def phone_hash(phone: str) -> str:
    return keyed_hash("phone", phone_digits(phone))


def status_hash(tracking_code: str, phone_tail: str) -> str:
    """The status page's second factor bound to its code: the last 4 phone digits."""
    return keyed_hash("status", f"{tracking_code}:{phone_tail}")


class EncryptedTextField(models.TextField):
    """A text field stored as a Fernet token and read back in clear.

    A field rather than service functions: every path that saves an application (the
    public form, the office's forms, services, the demo) encrypts without knowing it, and
    the model, masking and notices keep reading plain strings. Lookups other than isnull
    are refused, because comparing random ciphertext would silently match nothing: use
    the hash columns. `max_length` applies to the clear value (form and validation).
    """

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name != "isnull":
            return None
        return super().get_lookup(lookup_name)

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if not value:
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if not value:
            return value
        return encrypt(value)

    def value_to_string(self, obj: models.Model) -> str:
        # Used by the XML serializer: a dump never holds the clear value (see serializers/).
        value = self.value_from_object(obj)
        return encrypt(str(value)) if value else ""

    form_class: type[forms.CharField] = forms.CharField

    def formfield(self, **kwargs: Any) -> forms.Field:
        # A one-line input as for a CharField, not TextField's textarea.
        defaults = {"form_class": self.form_class, "max_length": self.max_length}
        field = models.Field.formfield(self, **{**defaults, **kwargs})
        if field is None:  # typed optional for subclasses; Field's own never is
            raise TypeError(f"{self.name} has no form field")
        return field


class EncryptedEmailField(EncryptedTextField):
    """An e-mail address, validated as EmailField does, stored encrypted."""

    default_validators = [validators.validate_email]
    form_class = forms.EmailField
