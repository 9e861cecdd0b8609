"""Shared pieces of the REST API: error shape, translated text, references, schema helpers.

Errors always come out as `{"field": ["message"]}`: DRF's own validation errors already
have that shape, and the service functions' Django `ValidationError`s are mapped here
from model field names (`name_fi`, `provider_id`) to the API's names (`name`, `provider`).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from perhekeskus.core.translation import CONTENT_LANGUAGES, FALLBACK_LANGUAGE, translated_dict

_TRANSLATED = re.compile(r"^(?P<base>.+)_(?P<lang>fi|sv|en)$")


def api_field_name(model_field: str) -> tuple[str, str]:
    """(API field, message prefix) for a model field named in a Django ValidationError."""
    if model_field == NON_FIELD_ERRORS:
        return api_settings.NON_FIELD_ERRORS_KEY, ""
    match = _TRANSLATED.match(model_field)
    if match:
        return match["base"], f"{match['lang']}: "
    if model_field.endswith(f".{NON_FIELD_ERRORS}"):
        return model_field[: -len(NON_FIELD_ERRORS) - 1], ""
    if model_field.endswith("_id"):
        return model_field[:-3], ""
    return model_field, ""


def validation_detail(exc: DjangoValidationError) -> dict[str, list[str]]:
    """A Django ValidationError as the API's `{"field": ["message"]}`."""
    if not hasattr(exc, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: [str(m) for m in exc.messages]}
    out: dict[str, list[str]] = {}
    for field, messages in exc.message_dict.items():
        name, prefix = api_field_name(field)
        out.setdefault(name, []).extend(f"{prefix}{m}" for m in messages)
    return out


@contextmanager
def service_errors(names: Mapping[str, str]) -> Iterator[None]:
    """A service's ValidationError as DRF's 400 `{"field": [...]}` under the API's field names."""
    try:
        yield
    except DjangoValidationError as exc:
        detail: dict[str, list[str]] = {}
        for name, messages in validation_detail(exc).items():
            detail.setdefault(names.get(name, name), []).extend(messages)
        raise exceptions.ValidationError(detail) from exc


def flatten_errors(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """Nested serializer errors as flat keys, the same way the service functions name them:
    `{"opening_hours": [{}, {"opens": [...]}]}` → `{"opening_hours[1].opens": [...]}`."""
    non_field = api_settings.NON_FIELD_ERRORS_KEY
    out: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            if key == non_field and prefix:
                name = prefix
            elif isinstance(key, int):  # list items, as DRF reports them
                name = f"{prefix}[{key}]"
            else:
                name = f"{prefix}.{key}" if prefix else str(key)
            for k, msgs in flatten_errors(value, name).items():
                out.setdefault(k, []).extend(msgs)
    elif isinstance(detail, list) and all(isinstance(item, str) for item in detail):
        if detail:
            out[prefix or non_field] = [str(item) for item in detail]
    elif isinstance(detail, list):
        for i, item in enumerate(detail):
            for k, msgs in flatten_errors(item, f"{prefix}[{i}]").items():
                out.setdefault(k, []).extend(msgs)
    else:
        out[prefix or non_field] = [str(detail)]
    return out


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus: the service functions' ValidationError → 400, and a refusal
    to someone not signed in → 401 (they should authenticate, not give up)."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(validation_detail(exc))
    elif isinstance(exc, exceptions.ValidationError):
        exc = exceptions.ValidationError(flatten_errors(exc.detail))
    elif isinstance(exc, PermissionDenied):
        request = context.get("request")
        user = getattr(request, "user", None)
        if not getattr(user, "is_authenticated", False):
            exc = exceptions.NotAuthenticated()
            # DRF adds this header only for refusals it raises itself, before we get here.
            exc.auth_header = "Bearer"  # type: ignore[attr-defined]
        else:
            exc = exceptions.PermissionDenied(str(exc) or None)
    return drf_exception_handler(exc, context)


# --- Schema -----------------------------------------------------------------------------

ERROR_SCHEMA = {
    "type": "object",
    "description": 'Messages per field, e.g. {"area": ["Unknown area: xyz"]}.',
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
DETAIL_SCHEMA = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}

BAD_REQUEST = OpenApiResponse(ERROR_SCHEMA, description="Bad input: messages per field; nothing was saved.")
UNAUTHORISED = OpenApiResponse(DETAIL_SCHEMA, description="No or invalid `Authorization: Bearer <token>`.")
FORBIDDEN = OpenApiResponse(DETAIL_SCHEMA, description="Signed in, but not allowed to change this content.")
NOT_FOUND = OpenApiResponse(DETAIL_SCHEMA, description="No object with this id.")

WRITE_ERRORS = {400: BAD_REQUEST, 401: UNAUTHORISED, 403: FORBIDDEN}


def list_parameter(name: str, description: str, enum: Iterable[str] | None = None) -> OpenApiParameter:
    """A query filter taking a comma-separated list (values OR-ed)."""
    return OpenApiParameter(
        name,
        OpenApiTypes.STR,
        many=True,
        style="form",
        explode=False,
        enum=list(enum) if enum is not None else None,
        description=f"{description} Comma-separated values match any of them; an unknown value gives 400.",
    )


def text_parameter() -> OpenApiParameter:
    return OpenApiParameter(
        "q", OpenApiTypes.STR, description="Free-text search (Finnish, Swedish, English); best matches first."
    )


# --- Fields ---------------------------------------------------------------------------------

TRANSLATED_SCHEMA = {
    "type": "object",
    "properties": {code: {"type": "string"} for code in CONTENT_LANGUAGES},
    "additionalProperties": False,
}


@extend_schema_field(TRANSLATED_SCHEMA)
class TranslatedField(serializers.Field):
    """Text in several languages, `{"fi": …, "sv": …, "en": …}`, over `<base>_<lang>` columns.

    On create and PUT, a language left out is emptied (PUT replaces the whole object);
    on PATCH only the languages given change. With `require_fi`, the Finnish text must
    be present and non-empty, because every record has Finnish (the fallback language).
    """

    default_error_messages = {
        "not_object": 'Expected an object like {{"fi": "...", "sv": "...", "en": "..."}}.',
        "unknown_language": "Unknown language {lang!r}; use fi, sv or en.",
        "not_text": "The {lang} text must be a string.",
        "fi_required": "A Finnish text (fi) is required.",
    }

    def __init__(self, base: str, *, require_fi: bool = False, **kwargs: Any) -> None:
        self.base = base
        self.require_fi = require_fi
        kwargs["source"] = "*"
        kwargs.setdefault("required", require_fi)
        super().__init__(**kwargs)

    def get_default(self) -> dict[str, str]:
        return {f"{self.base}_{code}": "" for code in CONTENT_LANGUAGES}

    def to_representation(self, value: Any) -> dict[str, str]:
        return translated_dict(value, self.base)

    def to_internal_value(self, data: Any) -> dict[str, str]:
        if not isinstance(data, dict):
            self.fail("not_object")
        for lang, text in data.items():
            if lang not in CONTENT_LANGUAGES:
                self.fail("unknown_language", lang=lang)
            if not isinstance(text, str):
                self.fail("not_text", lang=lang)
        partial = bool(getattr(self.root, "partial", False))
        checks_fi = self.require_fi and (not partial or FALLBACK_LANGUAGE in data)
        if checks_fi and not str(data.get(FALLBACK_LANGUAGE, "")).strip():
            self.fail("fi_required")
        langs = data.keys() if partial else CONTENT_LANGUAGES
        return {f"{self.base}_{lang}": str(data.get(lang, "")).strip() for lang in langs}


class _RefMixin:
    """Looks up objects by a public key (UUID, code or slug) and names the unknown ones."""

    queryset: QuerySet[Any]
    lookup: str
    noun: str

    def _key(self, raw: Any) -> str:
        if not isinstance(raw, str) or not raw.strip():
            raise serializers.ValidationError(f"Expected a {self.noun} {self._key_name()} as a string.")
        raw = raw.strip()
        if self.lookup == "uuid":
            try:
                return str(uuid.UUID(raw))
            except ValueError:
                raise serializers.ValidationError(f"Not a valid UUID: {raw}") from None
        return raw

    def _key_name(self) -> str:
        return "id" if self.lookup == "uuid" else self.lookup

    def _resolve(self, raws: list[Any]) -> list[Model]:
        keys = [self._key(r) for r in raws]
        found = {str(getattr(o, self.lookup)): o for o in self.queryset.filter(**{f"{self.lookup}__in": keys})}
        unknown = [k for k in keys if k not in found]
        if unknown:
            raise serializers.ValidationError(f"Unknown {self.noun}: {', '.join(unknown)}")
        return [found[k] for k in dict.fromkeys(keys)]


class RefField(_RefMixin, serializers.Field):
    """One object referenced by its public key; unknown keys give "Unknown <noun>: key"."""

    def __init__(self, queryset: QuerySet[Any], *, lookup: str, noun: str, **kwargs: Any) -> None:
        self.queryset, self.lookup, self.noun = queryset, lookup, noun
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> str:
        return str(getattr(value, self.lookup))

    def to_internal_value(self, data: Any) -> Model:
        return self._resolve([data])[0]


class RefListField(_RefMixin, serializers.Field):
    """A list of objects referenced by public keys; the whole list is looked up at once."""

    def __init__(self, queryset: QuerySet[Any], *, lookup: str, noun: str, **kwargs: Any) -> None:
        self.queryset, self.lookup, self.noun = queryset, lookup, noun
        kwargs.setdefault("required", False)
        kwargs.setdefault("default", list)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> list[str]:
        return [str(getattr(o, self.lookup)) for o in value.all()]

    def to_internal_value(self, data: Any) -> list[Model]:
        if not isinstance(data, list):
            raise serializers.ValidationError(f"Expected a list of {self.noun} {self._key_name()}s.")
        return self._resolve(data)


@extend_schema_field({"type": "string", "format": "uuid"})
class UUIDRefField(RefField):
    def __init__(self, queryset: QuerySet[Any], *, noun: str, **kwargs: Any) -> None:
        super().__init__(queryset, lookup="uuid", noun=noun, **kwargs)


@extend_schema_field({"type": "string"})
class CodeRefField(RefField):
    pass


@extend_schema_field({"type": "array", "items": {"type": "string", "format": "uuid"}})
class UUIDRefListField(RefListField):
    def __init__(self, queryset: QuerySet[Any], *, noun: str, **kwargs: Any) -> None:
        super().__init__(queryset, lookup="uuid", noun=noun, **kwargs)


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class CodeRefListField(RefListField):
    pass


class KeyField(serializers.Field):
    """Read-only: a related object shown by its public key (code or slug)."""

    def __init__(self, key: str, **kwargs: Any) -> None:
        self.key = key
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> str:
        return str(getattr(value, self.key))


@extend_schema_field({"type": "string", "nullable": True})
class NullableKeyField(KeyField):
    pass


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class KeyListField(KeyField):
    """Read-only: the objects of a many-to-many relation by their public keys."""

    def to_representation(self, value: Any) -> list[str]:  # type: ignore[override]
        return [str(getattr(o, self.key)) for o in value.all()]


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """Documents `Authorization: Bearer <token>` (tokens from `manage.py issue_token`)."""

    target_class = "perhekeskus.accounts.tokens.BearerTokenAuthentication"
    name = "bearerToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "description": "An API token of a network member."}
