"""Instagram audio (2026-10): which channels may browse the catalog, search and trending order.

* Only Instagram channels can browse it; a channel connected with Instagram Login (or one that
  is disconnected) must be reconnected with Facebook Login first: ``ChannelRefreshRequired``.
* Search: the query's words, case-insensitively, each in the title or the artist (music:
  ``displayArtist``, original sounds: ``creatorUsername``); results by title, then id.
* Trending: the audio of the type that carries a ``trendingRank``, rank 1 first, then id.
"""

from __future__ import annotations

from collections.abc import Iterable

from mockserver.store.instagram_audio import InstagramAudioTrack

AUDIO_SERVICE = "instagram"
# The connection kind that cannot use the catalog (docs/fidelity.md, 2026-10 §11: Facebook Login is required).
REFRESH_CONNECTION = "instagramLogin"
MAX_QUERY_LENGTH = 100
MAX_RESULTS = 50

MSG_NOT_INSTAGRAM = "Channel {id} is a {network} channel: Instagram audio needs an Instagram channel."
MSG_REFRESH_LOGIN = (
    "This Instagram channel is connected with Instagram Login, which cannot use the audio catalog. "
    "Reconnect it with Facebook Login."
)
MSG_REFRESH_DISCONNECTED = "This Instagram channel is disconnected. Reconnect it to use the audio catalog."
MSG_QUERY_EMPTY = "query must contain at least one non-space character."
MSG_QUERY_TOO_LONG = f"query is limited to {MAX_QUERY_LENGTH} characters."


def refresh_reason(*, connected_via: str | None, disconnected: bool) -> str | None:
    """Why the channel must be reconnected before it can browse audio (None: it can)."""
    if connected_via == REFRESH_CONNECTION:
        return MSG_REFRESH_LOGIN
    if disconnected:
        return MSG_REFRESH_DISCONNECTED
    return None


def query_problem(query: str) -> str | None:
    if not query.strip():
        return MSG_QUERY_EMPTY
    if len(query) > MAX_QUERY_LENGTH:
        return MSG_QUERY_TOO_LONG
    return None


def _artist(track: InstagramAudioTrack) -> str:
    return track.display_artist or track.creator_username or ""


def search(tracks: Iterable[InstagramAudioTrack], audio_type: str, query: str) -> list[InstagramAudioTrack]:
    words = query.casefold().split()
    found = [
        t
        for t in tracks
        if t.type == audio_type and all(w in t.title.casefold() or w in _artist(t).casefold() for w in words)
    ]
    found.sort(key=lambda t: (t.title.casefold(), t.id))
    return found[:MAX_RESULTS]


def trending(tracks: Iterable[InstagramAudioTrack], audio_type: str) -> list[InstagramAudioTrack]:
    ranked = [t for t in tracks if t.type == audio_type and t.trending_rank is not None]
    ranked.sort(key=lambda t: (t.trending_rank or 0, t.id))
    return ranked[:MAX_RESULTS]
