"""A small, fast, deterministic YAML emitter for generated fixtures.

Generated worlds are plain JSON-like data (dicts in insertion order, lists, strings, ints,
floats, booleans, None). PyYAML's pure-Python dumper writes them at about 1 MB/s, far too
slow for a 100,000-post world, and libyaml's dumper is not on every machine (and escapes
differently), so the same seed would not give the same bytes everywhere. This emitter
writes block-style YAML with PyYAML's layout (two-space indent, sequences inside mappings
not indented) and a conservative quoting rule: a string is written plain only when the
YAML 1.1 safe loader reads it back as that same string; multi-line texts become literal
blocks; everything else is double-quoted with JSON escapes (valid YAML escapes).

``yaml.safe_load(dump(data)) == data`` for every such value (a property test checks it).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

_STR_TAG = "tag:yaml.org,2002:str"
_RESOLVER = Resolver()
# Printable, no YAML indicator first, no leading/trailing space (further checks below).
_PLAIN = re.compile(r"[A-Za-z0-9_(][A-Za-z0-9 _.,/@+()'!?&%=:#~*$;^\-\u00a0-\ud7ff\ue000-\ufffd]*")
# Characters YAML reads as line breaks or refuses unescaped (JSON leaves them as they are).
_SPECIAL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\u2028\u2029\ud800-\udfff]")


# First characters for which YAML 1.1 may read a plain scalar as something else than a string.
_RESOLVED_FIRST = frozenset(key for key in Resolver.yaml_implicit_resolvers if key is not None)
_KEYS: dict[str, str] = {}  # mapping keys repeat: their YAML text, computed once


def _plain_ok(text: str) -> bool:
    if not _PLAIN.fullmatch(text) or _SPECIAL.search(text) or text[-1] in " :":
        return False
    if ": " in text or " #" in text:
        return False
    if text[0] not in _RESOLVED_FIRST:
        return True
    return _RESOLVER.resolve(ScalarNode, text, (True, False)) == _STR_TAG


def _key(key: str) -> str:
    text = _KEYS.get(key)
    if text is None:
        text = scalar(key)
        if len(_KEYS) < 10_000:
            _KEYS[key] = text
    return text


def _literal_ok(text: str) -> bool:
    return (
        "\n" in text
        and text == text.strip()
        and "\r" not in text
        and "  \n" not in text
        and " \n" not in text
        and _SPECIAL.search(text) is None
    )


def scalar(value: Any) -> str:
    """One scalar as YAML text (strings that need a literal block are handled by the caller)."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, str):
        if value and _plain_ok(value):
            return value
        return _SPECIAL.sub(_escape, json.dumps(value, ensure_ascii=False))
    raise TypeError(f"cannot emit {type(value).__name__} as YAML")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def _float(value: float) -> str:
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value)
    if "e" in text and "." not in text.split("e")[0]:  # 1e-05 -> 1.0e-05 (YAML 1.1 needs the dot)
        mantissa, exponent = text.split("e")
        text = f"{mantissa}.0e{exponent}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        if exponent[0] not in "+-":
            text = f"{mantissa}e+{exponent}"
    return text


def _string_block(value: str, indent: str) -> str:
    """A multi-line string as a literal block (``|-``: the value has no trailing newline)."""
    lines = value.split("\n")
    return "|-\n" + "\n".join(indent + line if line else "" for line in lines)


def _emit(value: Any, indent: str, out: list[str]) -> None:
    """Append ``value`` (already positioned after ``key:`` or ``- ``) to ``out``."""
    kind = type(value)
    if kind is str:
        if "\n" in value and _literal_ok(value):
            out.append(" " + _string_block(value, indent) + "\n")
        elif value and _plain_ok(value):
            out.append(f" {value}\n")
        else:
            out.append(f" {scalar(value)}\n")
    elif kind is int:
        out.append(f" {value}\n")
    elif isinstance(value, dict):
        if not value:
            out.append(" {}\n")
            return
        out.append("\n")
        _mapping(value, indent, out)
    elif isinstance(value, list):
        if not value:
            out.append(" []\n")
            return
        out.append("\n")
        _sequence(value, indent, out)
    elif isinstance(value, str) and _literal_ok(value):
        out.append(" " + _string_block(value, indent) + "\n")
    else:
        out.append(" " + scalar(value) + "\n")


def _mapping(mapping: dict[str, Any], indent: str, out: list[str], first_prefix: str | None = None) -> None:
    for number, (key, value) in enumerate(mapping.items()):
        prefix = first_prefix if number == 0 and first_prefix is not None else indent
        out.append(f"{prefix}{_key(key)}:")
        if isinstance(value, list) and value:
            out.append("\n")
            _sequence(value, indent, out)  # sequences in mappings are not indented (PyYAML's layout)
        else:
            _emit(value, indent + "  ", out)


def _sequence(items: list[Any], indent: str, out: list[str]) -> None:
    for item in items:
        if isinstance(item, dict) and item:
            _mapping(item, indent + "  ", out, first_prefix=indent + "- ")
        elif isinstance(item, list) and item:
            out.append(f"{indent}-\n")
            _sequence(item, indent + "  ", out)
        else:
            out.append(f"{indent}-")
            _emit(item, indent + "  ", out)


def dump(document: dict[str, Any]) -> str:
    """A whole document (a mapping at the top) as YAML text."""
    out: list[str] = []
    _mapping(document, "", out)
    return "".join(out)


__all__ = ["dump", "scalar"]
