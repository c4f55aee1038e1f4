"""The OpenAPI 3.0 description of /api/open/, built from the same forms and field list
the views use (a parameter or field added there appears here)."""

from __future__ import annotations

from typing import Any

from django import forms

from .forms import ItemQueryForm, YearForm
from .records import FIELDS

_NULLABLE_STRING = {"type": "string", "nullable": True}
_ITEM_TYPES: dict[str, dict[str, Any]] = {
    "id": {"type": "integer"},
    "publisher_id": {"type": "integer", "nullable": True},
    "column_id": {"type": "integer"},
    "written_on": {"type": "string", "format": "date", "nullable": True},
    "published_at": {"type": "string", "format": "date-time", "nullable": True},
    "updated_at": {"type": "string", "format": "date-time", "nullable": True},
}


def _form_parameters(
    form_class: type[forms.Form], *, required: bool = False
) -> list[dict[str, Any]]:
    parameters = []
    for name, field in form_class.base_fields.items():
        schema: dict[str, Any] = (
            {"type": "integer"}
            if isinstance(field, forms.IntegerField)
            else {"type": "string", "format": "date"}
        )
        if isinstance(field, forms.IntegerField):
            if field.min_value is not None:
                schema["minimum"] = field.min_value
            if field.max_value is not None:
                schema["maximum"] = field.max_value
        parameters.append(
            {
                "name": name,
                "in": "query",
                "required": required,
                "description": str(field.label),
                "schema": schema,
            }
        )
    return parameters


def _json(schema_ref: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "headers": {"ETag": {"schema": {"type": "string"}}},
        "content": {
            "application/json": {
                "schema": {"$ref": f"#/components/schemas/{schema_ref}"}
            }
        },
    }


_ERRORS = {
    "400": _json("Errors", "参数有误，逐项说明"),
    "404": _json("Errors", "不存在"),
    "429": _json("Errors", "请求过于频繁"),
}
_NOT_MODIFIED = {"304": {"description": "与 If-None-Match 的 ETag 相同，内容未变"}}
_ID = {
    "name": "id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1},
}


def _components() -> dict[str, Any]:
    item_properties = {
        key: _ITEM_TYPES.get(key, {"type": "string"}) | {"description": label}
        for key, label in FIELDS
    }
    item_properties["publisher_id"] = _ITEM_TYPES["publisher_id"]
    return {
        "schemas": {
            "Item": {"type": "object", "properties": item_properties},
            "ItemPage": {
                "type": "object",
                "properties": {
                    "count": {"type": "integer"},
                    "page": {"type": "integer"},
                    "num_pages": {"type": "integer"},
                    "next": _NULLABLE_STRING,
                    "previous": _NULLABLE_STRING,
                    "results": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/Item"},
                    },
                },
            },
            "Column": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "title": {"type": "string"},
                    "parent_id": {"type": "integer"},
                    "depth": {"type": "integer"},
                    "url": {"type": "string"},
                    "rss": {"type": "string"},
                },
            },
            "Organisation": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "name": {"type": "string"},
                    "short_name": {"type": "string"},
                    "kind": {"type": "string"},
                    "code": {"type": "string"},
                    "parent_id": {"type": "integer", "nullable": True},
                },
            },
            "Columns": {
                "type": "object",
                "properties": {
                    "results": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/Column"},
                    }
                },
            },
            "Organisations": {
                "type": "object",
                "properties": {
                    "results": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/Organisation"},
                    }
                },
            },
            "Errors": {
                "type": "object",
                "properties": {
                    "errors": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "parameter": {"type": "string"},
                                "message": {"type": "string"},
                            },
                        },
                    }
                },
            },
        }
    }


def build_schema(*, server: str) -> dict[str, Any]:
    file_types = {
        "text/csv": {"schema": {"type": "string"}},
        "application/json": {"schema": {"type": "object"}},
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
            "schema": {"type": "string", "format": "binary"}
        },
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "政务公开开放数据接口",
            "version": "1.0",
            "description": "本站主动公开的信息、栏目与发布机构；只含已发布且公开的内容。每个客户端有访问频率限制。",
        },
        "servers": [{"url": server}],
        "paths": {
            "/items/": {
                "get": {
                    "summary": "公开信息列表（分页，可筛选）",
                    "parameters": _form_parameters(ItemQueryForm),
                    "responses": {
                        "200": _json("ItemPage", "公开信息"),
                        **_NOT_MODIFIED,
                        **_ERRORS,
                    },
                }
            },
            "/items/{id}/": {
                "get": {
                    "summary": "一条公开信息",
                    "parameters": [_ID],
                    "responses": {
                        "200": _json("Item", "公开信息"),
                        **_NOT_MODIFIED,
                        **_ERRORS,
                    },
                }
            },
            "/columns/": {
                "get": {
                    "summary": "栏目",
                    "responses": {
                        "200": _json("Columns", "栏目"),
                        **_NOT_MODIFIED,
                        "429": _ERRORS["429"],
                    },
                }
            },
            "/organisations/": {
                "get": {
                    "summary": "发布机构",
                    "responses": {
                        "200": _json("Organisations", "发布机构"),
                        **_NOT_MODIFIED,
                        "429": _ERRORS["429"],
                    },
                }
            },
            "/items.{format}": {
                "get": {
                    "summary": "一年的公开目录（批量下载）",
                    "parameters": [
                        {
                            "name": "format",
                            "in": "path",
                            "required": True,
                            "schema": {
                                "type": "string",
                                "enum": ["csv", "json", "xlsx"],
                            },
                        },
                        *_form_parameters(YearForm, required=True),
                    ],
                    "responses": {
                        "200": {"description": "文件", "content": file_types},
                        **_NOT_MODIFIED,
                        **_ERRORS,
                    },
                }
            },
            "/columns/{id}/feed.json": {
                "get": {
                    "summary": "栏目最新信息（JSON Feed 1.1）",
                    "parameters": [_ID],
                    "responses": {
                        "200": {
                            "description": "JSON Feed",
                            "content": {
                                "application/feed+json": {"schema": {"type": "object"}}
                            },
                        },
                        **_NOT_MODIFIED,
                        **_ERRORS,
                    },
                }
            },
            "/columns/{id}/feed.atom": {
                "get": {
                    "summary": "栏目最新信息（Atom）",
                    "parameters": [_ID],
                    "responses": {
                        "200": {
                            "description": "Atom",
                            "content": {
                                "application/atom+xml": {"schema": {"type": "string"}}
                            },
                        },
                        **_NOT_MODIFIED,
                        **_ERRORS,
                    },
                }
            },
        },
        "components": _components(),
    }
