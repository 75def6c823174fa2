"""JSON Schemas of the rule files in ``extract/patterns/``: each file is validated when it is loaded.

JSON Schema draft 7, compiled to Python by fastjsonschema (imported in milliseconds, unlike
jsonschema with its optional format packages). Every regex is declared ``"format": "regex"``, which
fastjsonschema checks by compiling it with Python's :mod:`re`, so a rule that does not compile, a missing key, an unknown key (a typo) or a
value of the wrong type fails at load time with the file and the path inside it, not as a
``KeyError`` or a silent non-match deep in a document. Keys that start with ``_`` are comments.
"""

from __future__ import annotations

from typing import Any

REGEX: dict[str, Any] = {"type": "string", "format": "regex", "minLength": 1}
TEXT: dict[str, Any] = {"type": "string", "minLength": 1}
REGEX_LIST: dict[str, Any] = {"type": "array", "items": REGEX, "minItems": 1}
TEXT_LIST: dict[str, Any] = {"type": "array", "items": TEXT, "minItems": 1}
COMMENTS = {"^_": {"type": "string"}}


def _obj(props: dict[str, Any], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    """An object with exactly these keys (all required but ``optional``), plus ``_comment`` strings."""
    return {
        "type": "object",
        "properties": props,
        "required": [k for k in props if k not in optional],
        "patternProperties": COMMENTS,
        "additionalProperties": False,
    }


def _pair(first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any]:
    """A two-item array: [first, second]."""
    return {"type": "array", "items": [first, second], "additionalItems": False, "minItems": 2}


def _map(values: dict[str, Any]) -> dict[str, Any]:
    """A mapping of free keys to ``values`` (comments allowed)."""
    return {"type": "object", "patternProperties": COMMENTS, "additionalProperties": values, "minProperties": 1}


RECURRENCES = ["once", "annual", "semiannual", "quarterly", "monthly", "weekly", "daily", "ongoing", "period"]
DATE_KINDS = ["dmy", "month_end", "half_end", "year_end", "period_end", "quarter_end", "school_year_end", "mid_year", "none"]
ROW_FIELDS = ["no", "group", "text", "product", "lead", "support", "deadline"]

SCHEMAS: dict[str, dict[str, Any]] = {
    "abbreviations.json": _obj({"tokens": _map(TEXT), "jurisdiction_words": TEXT_LIST}),
    "agencies.json": _obj({
        "agencies": {
            "type": "array",
            "minItems": 1,
            "items": _obj({
                "name": TEXT,
                "kind": TEXT,
                "scope": {"enum": ["local", "parent", "national"]},
                "aliases": {"type": "array", "items": TEXT},
            }),
        },
        "head_words": TEXT_LIST,
        "noise_words": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "kind_by_head": {"type": "array", "minItems": 1, "items": _pair(TEXT, TEXT)},
        "agency_head": REGEX,
        "branch_names": TEXT_LIST,
        "central_cities": TEXT_LIST,
    }),
    "appendix.json": _obj({
        "header_cells": TEXT_LIST,
        "columns": {"type": "array", "minItems": 1, "items": _pair({"enum": ROW_FIELDS}, REGEX)},
        "item_attributes": {"type": "array", "minItems": 1,
                            "items": _pair({"enum": ["lead", "support", "product", "deadline", "funding"]}, REGEX)},
        "group_line": REGEX,
        "task_no": REGEX,
        "numbering_cell": REGEX,
        "agency_prefix": REGEX,
        "agency_suffix": REGEX,
        "support_start": REGEX,
        "closing": REGEX,
        "boxes": _obj({
            "task_no": REGEX,
            "roman": REGEX,
            "bare_no": REGEX,
            "roman_like": REGEX,
            "ocr_digits": _map({"type": "string", "minLength": 1, "maxLength": 1}),
            "header_keys": TEXT_LIST,
            "numbered_header_keys": TEXT_LIST,
            "continues": REGEX,
            "date_line": REGEX,
            "template_header": _map(TEXT),
            "default_columns": _map({"type": "array", "items": {"enum": [*ROW_FIELDS, "note"]}, "minItems": 1}),
        }),
    }),
    "tables.json": _obj({"target_header_words": TEXT_LIST, "header_words": TEXT_LIST, "task_table_words": TEXT_LIST, "criteria_table_words": TEXT_LIST}),
    "criteria.json": _obj({
        "code": REGEX,
        "num": REGEX,
        "row": REGEX,
        "row_one_number": REGEX,
        "group": REGEX,
        "deadline_start": REGEX,
        "xuyen": REGEX,
        "note": REGEX,
        "score_head": REGEX,
        "task_header": REGEX,
        "deadline_split": REGEX,
    }),
    "deadlines.json": _obj({
        "rules": {"type": "array", "minItems": 1, "items": _obj(
            {"re": REGEX, "date": {"enum": DATE_KINDS}, "recurrence": {"enum": RECURRENCES}, "note": TEXT},
            optional=("note",),
        )},
        "phrases": _obj({"patterns": REGEX_LIST, "qualifier_before": REGEX, "spending_before": REGEX,
                         "state_after": REGEX}),
        "quarters": _map({"type": "integer", "minimum": 1, "maximum": 4}),
        "condition_cell": REGEX,
    }),
    "domains.json": _obj({"domains": _map(REGEX_LIST)}),
    "header.json": _obj({
        "doc_types": _map({"anyOf": [TEXT, {"type": "null"}]}),
        "issuer_head": REGEX,
        "right_column_cut": REGEX,
        "levels": _map(TEXT),
        "level_ocr": _map(TEXT),
        "number": REGEX,
        "date_line": REGEX,
        "digit_ocr": _map({"type": "string", "pattern": "^[0-9]$"}),
        "period": REGEX,
        "single_year": REGEX,
        "title_stop": REGEX,
        "signer_mark": REGEX,
        "doc_type_fallback": REGEX,
        "letterhead": _obj({
            "body_head": REGEX,
            "place_head": REGEX,
            "parent_full": _map(TEXT),
            "short_issuer": _map(TEXT),
            "subject": REGEX,
            "recipients": REGEX,
            "cable_recipients": REGEX,
            "distribution": REGEX,
            "authority": REGEX,
            "sign_title": REGEX,
            "archive": REGEX,
            "right_column": REGEX,
            "date_lenient": REGEX,
            "role_words": REGEX,
            "level_nouns": TEXT_LIST,
            "name_prefixes": TEXT_LIST,
            "body_forms": TEXT_LIST,
            "proper_names": TEXT_LIST,
            "joint_number": REGEX,
            "filing_units": TEXT_LIST,
            "filing_ocr": _map(TEXT),
            "purpose_marks": TEXT_LIST,
            "item_heads": TEXT_LIST,
            "authority_titles": TEXT_LIST,
        }),
    }),
    "letters.json": _obj({
        "article": REGEX,
        "garbled_article": REGEX,
        "number": REGEX,
        "letter": REGEX,
        "subnumber": REGEX,
        "bullet": REGEX,
        "lead_prefix": REGEX,
        "lead_end": {**REGEX, "pattern": "VERBS"},  # VERBS is replaced by 'verbs'
        "trailing_lead": REGEX,
        "assigner": REGEX,
        "lead_opening": REGEX,
        "intro_end": REGEX,
        "intro_request": REGEX,
        "addressee_role": REGEX,
        "addressee_repeat": REGEX,
        "generic_addressee": REGEX,
        "own_undertakings": TEXT_LIST,
        "article_no_task": REGEX,
        "item_no_task": REGEX,
        "item_assessment": REGEX,
        "indicator_item": REGEX,
        "back_reference": REGEX,
        "execution_clause": REGEX,
        "dispatch_addressees": REGEX,
        "notice_closing": REGEX,
        "closing_to_all": REGEX,
        "heads_closing": REGEX,
        "standing_body": REGEX,
        "verbs": REGEX,
        "component_verbs": REGEX,
        "result_opening": REGEX,
    }),
    "targets.json": _obj({
        "comparators": _map({"enum": [">=", "<=", "=", "increase", "decrease"]}),
        "heading_year": REGEX,
        "stated_year": REGEX,
        "indicator_trail": REGEX,
        "not_target_year": TEXT_LIST,
        "heading_period": REGEX,
        "until": TEXT_LIST,
        "event_year": REGEX,
        "ranked": TEXT_LIST,
        "achieved": REGEX,
        "strive": REGEX,
        "general_goal": REGEX,
        "rank_end": REGEX,
        "statement": REGEX,
        "vision": REGEX,
        "reach": REGEX,
        "purpose": REGEX,
        "condition_figure": REGEX,
        "condition": REGEX,
        "condition_clause": REGEX,
        "condition_holder": REGEX,
        "budget_share": REGEX,
        "results_part": REGEX,
        "results_part_not": REGEX,
        "past_opening": REGEX,
        "topic_heading": REGEX,
        "past_bracket": REGEX,
        "horizon_split": REGEX,
        "count": _obj({"not_nouns": TEXT_LIST, "not_after": REGEX, "compound_pmi": {"type": "number"},
                       "money": REGEX, "budget": REGEX, "symbols": TEXT_LIST, "not_before": REGEX,
                       "measures": TEXT_LIST, "classifiers": TEXT_LIST,
                       "classifier_pmi": {"type": "number"}, "multipliers": TEXT_LIST, "unit_words": TEXT_LIST,
                       "occasions": TEXT_LIST, "place_before": TEXT_LIST, "noun_spellings": TEXT_LIST,
                       "third_pmi": {"type": "number"}, "per_unit": TEXT_LIST, "durations": TEXT_LIST, "duration_tails": TEXT_LIST,
                       "duration_subject": REGEX, "reduced_to": TEXT_LIST, "averaged": TEXT_LIST}),
        "target_list": _obj({"announces": REGEX, "title": REGEX, "heading": REGEX, "announce_end": REGEX, "goal_heading": REGEX}),
        "table": _obj({"indicator": REGEX, "unit": REGEX, "year": REGEX, "result": REGEX, "plan": REGEX,
                       "spaced_head": REGEX, "spaced_unit": REGEX, "two_word_units": TEXT_LIST,
                       "swallowed_head": REGEX, "paren_unit": REGEX, "row_number": REGEX,
                       "unit_note": REGEX, "year_rows": REGEX, "paren_unit_head": REGEX, "not_place": REGEX,
                       "comparison": REGEX, "title_unit": REGEX, "budget": REGEX,
                       "ocr_units": _map(TEXT)}),
    }),
    "provinces.json": _obj({"provinces": TEXT_LIST}),
    "sections.json": _obj({
        "roles": _map(REGEX_LIST),
        "roman_heading": REGEX,
        "number_heading": REGEX,
        "subnumber_heading": REGEX,
        "named_item": REGEX,
        "letter_heading": REGEX,
        "letter_sequence": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 1}, "minItems": 1},
        "skip_line": REGEX_LIST,
        "bullet": REGEX,
        "sub_bullet": REGEX,
        "capital_part": REGEX,
        "lead_junk": REGEX,
        "ordinal_part": REGEX,
        "named_roman_part": REGEX,
        "ordinals": _map({"type": "integer", "minimum": 1}),
    }),
}

# One spaCy Matcher token pattern: attribute -> value, or -> {"REGEX": …} / {"IN": […]} / {"NOT_IN": […]}
# ('properties' apply to objects only, so a plain value passes and an operator object is checked)
_TOKEN_VALUE: dict[str, Any] = {
    "type": ["string", "number", "boolean", "object"],
    "properties": {"REGEX": REGEX, "IN": {"type": "array"}, "NOT_IN": {"type": "array"}},
    "additionalProperties": False,
    "minProperties": 1,
}
JSONL_SCHEMAS: dict[str, dict[str, Any]] = {
    "targets.jsonl": _obj({
        "label": {"type": "string", "pattern": "^[A-Z][A-Z_]*$"},
        "pattern": {"type": "array", "minItems": 1, "items": {
            "type": "object", "additionalProperties": _TOKEN_VALUE, "minProperties": 1}},
    }),
}
