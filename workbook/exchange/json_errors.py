"""pydantic's errors about an interchange document turned into one sentence naming the file,
the record path and the field (the models are in json_schema)."""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import ValidationError

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def record_path(loc: tuple[Any, ...] | list[Any]) -> str:
    """`("coachees", 3, "goals", 0, "status")` → `coachees[3].goals[0].status`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif isinstance(part, str) and _IDENTIFIER.fullmatch(part):
            out += f".{part}" if out else part
        else:
            out += f"[{json.dumps(str(part), ensure_ascii=False)}]"
    return out or "the document"


def shown(value: Any, limit: int = 40) -> str:
    """A JSON value as it appears in a sentence: short, on one line."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, str):
        text = " ".join(value.split())
        if len(text) > limit:
            text = text[: limit - 1] + "…"
        return json.dumps(text, ensure_ascii=False)
    try:
        return json.dumps(value)[:limit]
    except (TypeError, ValueError):
        return type(value).__name__


def _expected(ctx: dict[str, Any]) -> str:
    options = re.findall(r"'([^']*)'|(-?\d+)", str(ctx.get("expected", "")))
    return ", ".join(b or (a if a else '""') for a, b in options)


def problem(error: dict[str, Any]) -> str:
    """What is wrong with the value, as the end of a sentence (no path, no full stop)."""
    kind, ctx = error["type"], error.get("ctx") or {}
    value = shown(error.get("input"))
    if kind.startswith("cw_"):
        return f"{value} {error['msg']}"
    simple = {
        "string_type": "is not text",
        "int_type": "is not a whole number",
        "int_parsing": "is not a whole number",
        "float_type": "is not a number",
        "finite_number": "is not a finite number",
        "bool_type": "is not true or false",
        "list_type": "is not a list",
        "model_type": "is not an object",
        "model_attributes_type": "is not an object",
        "dict_type": "is not an object",
    }
    if kind in simple:
        return f"{value} {simple[kind]}"
    if kind == "literal_error":
        return f"{value} is not one of {_expected(ctx)}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        words = {"greater_than_equal": "at least", "greater_than": "more than",
                 "less_than_equal": "at most", "less_than": "less than"}[kind]
        bound = next(iter(ctx.values()), "")
        return f"{value} must be {words} {bound}"
    if kind == "string_too_long":
        length = len(error["input"]) if isinstance(error.get("input"), str) else "?"
        return f"is too long ({length} characters; at most {ctx.get('max_length')})"
    if kind == "too_long":
        return f"has too many items (at most {ctx.get('max_length')})"
    message = str(error.get("msg", "is not valid")).splitlines()[0].rstrip(".")
    return f"{value} is not valid ({message[:1].lower()}{message[1:]})"


def sentence(source: str, validation: ValidationError) -> str:
    """pydantic's first error as one sentence: «file: path: value problem.»"""
    error = validation.errors(include_url=False)[0]
    path = record_path(error["loc"])
    if error["type"] == "missing":
        return f"{source}: {path} is required but missing."
    if error["type"] == "extra_forbidden":
        return (f"{source}: {path} is not a field of this format "
                "(see docs/interchange-format.md).")
    return f"{source}: {path}: {problem(error)}."
