"""How a sized world shares its posts out over statuses."""

from __future__ import annotations

from mockserver.worldgen.sizing import _status_counts


def test_a_large_channel_keeps_at_most_250_scheduled_posts_and_sends_the_rest() -> None:
    counts = _status_counts({"sent": 6, "scheduled": 3, "draft": 1}, 20_000)
    assert counts["scheduled"] == 250
    assert counts["draft"] == 2_000
    assert counts["sent"] == 20_000 - 250 - 2_000
    assert sum(counts.values()) == 20_000


def test_a_small_channel_keeps_the_template_shares() -> None:
    assert _status_counts({"sent": 6, "scheduled": 3, "draft": 1}, 100) == {
        "sent": 60,
        "scheduled": 30,
        "draft": 10,
    }
