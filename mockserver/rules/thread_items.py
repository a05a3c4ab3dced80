"""Pure rules of 2026-10 thread-item metadata (``ThreadedPostInput.metadata``, docs/fidelity.md, 2026-10 §6).

* only the key of the channel's network may be given (``bluesky`` on Bluesky, ``threads`` on
  Threads); any other key is refused;
* a thread item's ``linkAttachment`` cannot be combined with non-empty ``assets``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mockserver.errors import invalid_input
from mockserver.rules.post_assets import link_from_attachment_input

Json = dict[str, Any]

THREAD_ITEM_METADATA_KEYS: tuple[str, ...] = ("bluesky", "threads")
MSG_WRONG_NETWORK = "Thread item {position}: metadata.{key} cannot be used on a {service} channel"
MSG_LINK_WITH_ASSETS = "Thread item {position}: a link attachment cannot be combined with assets"


def thread_item_metadata(
    raw: Mapping[str, Any] | None, service: str, *, has_assets: bool, position: int, path: str
) -> Json | None:
    """The stored ``ThreadItemMetadata`` of one thread item (``None`` when none was given)."""
    if raw is None:
        return None
    given = [key for key in THREAD_ITEM_METADATA_KEYS if raw.get(key) is not None]
    for key in given:
        if key != service:
            raise invalid_input(MSG_WRONG_NETWORK.format(position=position, key=key, service=service))
    metadata: Json = dict.fromkeys(THREAD_ITEM_METADATA_KEYS)
    for key in given:
        link = raw[key].get("linkAttachment")
        if link is not None and has_assets:
            raise invalid_input(MSG_LINK_WITH_ASSETS.format(position=position))
        metadata[key] = {
            "linkAttachment": None
            if link is None
            else link_from_attachment_input(link, f"{path}.metadata.{key}.linkAttachment")
        }
    return metadata


def metadata_link(metadata: Json | None, service: str) -> Json | None:
    """The link attachment the metadata gives for the channel's network, if any."""
    entry = (metadata or {}).get(service) or {}
    return entry.get("linkAttachment")
