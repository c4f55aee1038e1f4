"""The OpenAPI 3.0 description of the JSON search API, built from the form's parameters."""

from __future__ import annotations

from typing import Any

from gongkai.catalog.enums import Validity

from .forms import MAX_PER_PAGE, MAX_QUERY_LENGTH
from .results import FACET_NAMES, SortOrder

_FACET_DESCRIPTIONS = {
    "column": "栏目 id（可重复）",
    "genre": "体裁分类 id（可重复）",
    "topic": "主题分类 id（可重复）",
    "publisher": "发布机构 id（可重复）",
    "year": "发布年份，四位数字（可重复）",
}


def _param(
    name: str, description: str, schema: dict[str, Any], **extra: Any
) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
        **extra,
    }


def parameters() -> list[dict[str, Any]]:
    string, date = {"type": "string"}, {"type": "string", "format": "date"}
    params = [
        _param(
            "q",
            f"检索词（超过 {MAX_QUERY_LENGTH} 字只取前 {MAX_QUERY_LENGTH} 字）；可为拼音、索引号或文号",
            string,
        ),
        _param("title_only", "仅检索标题：1", {"type": "string", "enum": ["1"]}),
        _param("date_from", "发布日期起（含），YYYY-MM-DD", date),
        _param("date_to", "发布日期止（含），YYYY-MM-DD", date),
        _param("index_number", "索引号", string),
        _param("document_number", "文号", string),
        _param(
            "validity",
            "有效性",
            {"type": "string", "enum": list(Validity.values)},
        ),
        _param(
            "sort",
            "排序，默认有检索词时按相关度，否则按日期从新到旧",
            {"type": "string", "enum": [s.value for s in SortOrder]},
        ),
        _param(
            "page", "页码，从 1 开始", {"type": "integer", "minimum": 1, "default": 1}
        ),
        _param(
            "per_page",
            "每页条数",
            {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 20},
        ),
    ]
    facet_schema = {"type": "array", "items": {"type": "string"}}
    params += [
        _param(
            name, _FACET_DESCRIPTIONS[name], facet_schema, style="form", explode=True
        )
        for name in FACET_NAMES
    ]
    return params


def _schemas() -> dict[str, Any]:
    text, nullable_date = (
        {"type": "string"},
        {"type": "string", "format": "date", "nullable": True},
    )
    hit = {
        "type": "object",
        "properties": {
            "page_id": {"type": "integer"},
            "url": text,
            "title": text,
            "title_html": {
                "type": "string",
                "description": "已转义的标题，命中词以 <mark> 标出",
            },
            "snippet_html": {
                "type": "string",
                "description": "已转义的摘要，命中词以 <mark> 标出",
            },
            "publisher": text,
            "published_on": nullable_date,
            "column": {"type": "object", "properties": {"title": text, "url": text}},
            "index_number": text,
            "document_number": text,
            "validity": text,
            "genre": text,
            "topic": text,
            "score": {"type": "number"},
        },
    }
    facet_value = {
        "type": "object",
        "properties": {
            "value": text,
            "label": text,
            "count": {"type": "integer"},
            "selected": {"type": "boolean"},
        },
    }
    facet = {
        "type": "object",
        "properties": {
            "name": {"type": "string", "enum": list(FACET_NAMES)},
            "label": text,
            "values": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/FacetValue"},
            },
        },
    }
    results = {
        "type": "object",
        "properties": {
            "query": {"type": "object", "description": "实际执行的检索条件"},
            "total": {"type": "integer"},
            "num_pages": {"type": "integer"},
            "corrected_text": {
                "type": "string",
                "description": "“您是不是要找”：纠错后实际检索的词，未纠错时为空",
            },
            "suggested_text": {
                "type": "string",
                "description": "原词已有检索结果时建议的纠错词（仅作提示，结果仍按原词），无建议时为空",
            },
            "expanded_terms": {
                "type": "array",
                "items": text,
                "description": "同义词、拼音等扩展检索词",
            },
            "direct_url": {
                "type": "string",
                "description": "检索词为索引号或文号时，对应信息的网址",
            },
            "message": text,
            "notices": {"type": "array", "items": text},
            "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
            "facets": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/Facet"},
            },
            "facets_estimated": {
                "type": "boolean",
                "description": "分类统计数为抽样估计值（匹配极多时）",
            },
            "total_estimated": {
                "type": "boolean",
                "description": "总数 total 与页数 num_pages 为抽样估计值（匹配极多时）",
            },
        },
    }
    errors = {
        "type": "object",
        "properties": {
            "errors": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"parameter": text, "message": text},
                },
            }
        },
    }
    return {
        "Hit": hit,
        "FacetValue": facet_value,
        "Facet": facet,
        "SearchResults": results,
        "Errors": errors,
    }


def build_schema(*, server_url: str, search_path: str) -> dict[str, Any]:
    def body(ref: str) -> dict[str, Any]:
        return {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}

    return {
        "openapi": "3.0.3",
        "info": {
            "title": "政府信息公开检索接口",
            "version": "1",
            "description": "与检索页面参数相同的全文检索接口，返回命中信息、分类统计（栏目、体裁分类、主题分类、发布机构、年份）和纠错提示。",
        },
        "servers": [{"url": server_url}],
        "paths": {
            search_path: {
                "get": {
                    "operationId": "searchItems",
                    "summary": "全文检索",
                    "parameters": parameters(),
                    "responses": {
                        "200": {
                            "description": "检索结果",
                            "content": body("SearchResults"),
                        },
                        "400": {
                            "description": "参数有误，逐项说明",
                            "content": body("Errors"),
                        },
                    },
                }
            }
        },
        "components": {"schemas": _schemas()},
    }
