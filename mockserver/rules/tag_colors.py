"""Tag colors: the palette's names (``TagColorName``) and their hex values."""

from __future__ import annotations

# Buffer's tag palette (TagColorName -> hex). The hex values are ours: Buffer does not publish them.
TAG_PALETTE: dict[str, str] = {
    "blue": "#2C4BFF",
    "blueLight": "#A6B4FF",
    "gray": "#636363",
    "grayLight": "#B8B8B8",
    "green": "#00B86B",
    "greenLight": "#87E0B5",
    "orange": "#FF7A00",
    "orangeLight": "#FFC085",
    "pink": "#F523F1",
    "pinkLight": "#FBA6F9",
    "purple": "#9C2BFF",
    "purpleLight": "#D3A6FF",
    "red": "#F0384A",
    "redLight": "#F9A3AB",
    "teal": "#00A5B5",
    "tealLight": "#8AD9E0",
    "yellow": "#F5B700",
    "yellowLight": "#FCE08A",
}
_COLOR_NAMES = {hex_value.upper(): name for name, hex_value in TAG_PALETTE.items()}


def tag_color_name(color: str) -> str | None:
    """The TagColorName of a palette color, None for a custom color."""
    return _COLOR_NAMES.get(color.upper())
