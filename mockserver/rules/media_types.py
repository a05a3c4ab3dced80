"""MIME types of assets: explicit, else guessed from the URL's extension."""

from __future__ import annotations

_MIME_BY_EXTENSION = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "heic": "image/heic",
    "mp4": "video/mp4",
    "mov": "video/quicktime",
    "webm": "video/webm",
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
_DEFAULT_MIME = {"image": "image/jpeg", "video": "video/mp4", "document": "application/pdf"}


def mime_type(kind: str, source: str, explicit: str | None = None) -> str:
    """The MIME type of an asset: the explicit one, else guessed from the URL's extension."""
    if explicit:
        return explicit
    extension = source.split("?", 1)[0].rsplit(".", 1)[-1].lower() if "." in source else ""
    return _MIME_BY_EXTENSION.get(extension, _DEFAULT_MIME[kind])
