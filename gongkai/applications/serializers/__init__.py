"""Serializers for dumpdata/loaddata that keep applicants' personal data encrypted.

Django's serializers write an attribute's value, which for EncryptedTextField is the
clear text read from the database; these write the Fernet token instead and decrypt it on
load, so a `dumpdata` backup holds no clear ID number, phone, e-mail or address and is
readable only with GONGKAI_PII_KEYS. Registered for json, jsonl and python by
SERIALIZATION_MODULES in the settings.
"""

from collections.abc import Iterator
from typing import Any

from django.core.serializers.base import DeserializedObject
from django.db import models

from .. import pii


class EncryptingSerializerMixin:
    def _value_from_field(self, obj: models.Model, field: models.Field) -> Any:
        if isinstance(field, pii.EncryptedTextField):
            value = field.value_from_object(obj)
            return pii.encrypt(value) if value else value
        return super()._value_from_field(obj, field)  # type: ignore[misc]


class DecryptingDeserializerMixin:
    def _handle_object(self, obj: Any) -> Iterator[DeserializedObject]:
        for deserialized in super()._handle_object(obj):  # type: ignore[misc]
            instance = deserialized.object
            for field in instance._meta.concrete_fields:
                value = getattr(instance, field.attname)
                if isinstance(field, pii.EncryptedTextField) and value:
                    setattr(instance, field.attname, pii.decrypt(value))
            yield deserialized
