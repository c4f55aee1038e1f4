"""Django's python serializer, with applicants' personal data kept encrypted."""

from django.core.serializers import python as base

from . import DecryptingDeserializerMixin, EncryptingSerializerMixin


class Serializer(EncryptingSerializerMixin, base.Serializer):
    pass


class Deserializer(DecryptingDeserializerMixin, base.Deserializer):
    pass
