"""The Instagram audio catalog entity (2026-10): music and original sounds a Reel can use."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class InstagramAudioTrack:
    id: str
    title: str
    type: str  # InstagramAudioType: music | originalSound
    duration_ms: int
    display_artist: str | None = None
    creator_username: str | None = None
    cover_artwork_url: str | None = None
    preview_url: str | None = None
    trending_rank: int | None = None  # 1 = most trending within its type; None = not trending
