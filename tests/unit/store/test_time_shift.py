from __future__ import annotations

from mockserver.clock import DAY_MS
from mockserver.fixtures.loader import WorldData
from mockserver.store.namespaces import shift_world_times


def test_shift_moves_entity_and_nested_timestamps_by_the_same_delta(default_data: WorldData) -> None:
    shifted = shift_world_times(default_data, 3 * DAY_MS)
    assert shifted.anchor == default_data.anchor + 3 * DAY_MS
    for before, after in zip(default_data.posts, shifted.posts, strict=True):
        assert after.created_at == before.created_at + 3 * DAY_MS
        if before.due_at is not None:
            assert after.due_at == before.due_at + 3 * DAY_MS
        if before.metrics_updated_at is not None:
            assert after.metrics_updated_at == before.metrics_updated_at + 3 * DAY_MS
    goals = [
        (b.posting_goal, a.posting_goal)
        for b, a in zip(default_data.channels, shifted.channels, strict=True)
        if b.posting_goal and isinstance(b.posting_goal.get("periodStart"), int)
    ]
    for before_goal, after_goal in goals:
        assert after_goal["periodStart"] == before_goal["periodStart"] + 3 * DAY_MS


def test_shift_leaves_the_source_world_untouched(default_data: WorldData) -> None:
    first = default_data.posts[0].created_at
    shift_world_times(default_data, DAY_MS)
    assert default_data.posts[0].created_at == first
