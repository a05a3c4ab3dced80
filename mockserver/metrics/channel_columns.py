"""One channel's compacted posts in numpy columns sorted by ``sent_at`` (the metrics index's rows).

* ``values``  (n x k float64): one column per type the channel's network reports (enum order),
  plus, for networks with an engagement rate, three helper columns (posts reporting a rate,
  rate x audience, audience);
* ``prefix``  ((n+1) x k): running sums of ``values``, so a window sum is one row difference;
* ``updated`` (n int64): ingestion time per post (a sentinel for none);
* ``bits``    (n x words uint64): the post's tags as a bitmask over the channel's own tag
  numbering (64 tags per word).

Changes that are not an in-place refresh wait in ``pending`` (and leave a tombstone on the old
row) until :meth:`ChannelColumns.rebuild`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from mockserver.metrics.aggregation import (
    SENT_AT_LIMIT,
    AggregateQuery,
    MetricRecord,
    TagFilter,
    Totals,
    in_window,
    rate_terms,
    tags_match,
)
from mockserver.metrics.capabilities import NetworkProfile

_NO_UPDATE = np.iinfo(np.int64).min
SENT_BITS = SENT_AT_LIMIT.bit_length() - 1
SENT_MASK = SENT_AT_LIMIT - 1
_WORD_BITS = 64
_WORD_MASK = (1 << _WORD_BITS) - 1
_RATE_HELPERS = 3  # posts reporting a rate, rate x audience, audience


class ChannelColumns:
    """The columns of one channel plus its pending updates and tombstones."""

    __slots__ = (
        "_dead_sorted",
        "audience_at",
        "bits",
        "channel_id",
        "dead",
        "engagement_at",
        "number",
        "pending",
        "post_ids",
        "prefix",
        "profile",
        "rate_at",
        "service",
        "tag_bit",
        "times",
        "types",
        "updated",
        "values",
        "width",
    )  # fmt: skip

    def __init__(self, number: int, channel_id: str, service: str, profile: NetworkProfile) -> None:
        self.number = number
        self.channel_id = channel_id
        self.service = service
        self.profile = profile
        self.types = profile.reports_in_enum_order()
        position = {t: i for i, t in enumerate(self.types)}
        has_rate = profile.has_engagement_rate
        self.width = len(self.types) + (_RATE_HELPERS if has_rate else 0)
        self.rate_at = len(self.types) if has_rate else -1
        self.engagement_at = tuple(position[t] for t in profile.engagement_types or ()) if has_rate else ()
        self.audience_at = position[profile.denominator] if has_rate and profile.denominator else -1
        self.times = np.empty(0, dtype=np.int64)
        self.values = np.empty((0, self.width), dtype=np.float64)
        self.prefix = np.zeros((1, self.width), dtype=np.float64)
        self.updated = np.empty(0, dtype=np.int64)
        self.bits = np.empty((0, 1), dtype=np.uint64)
        self.tag_bit: dict[str, int] = {}
        self.post_ids: list[str] = []
        self.dead: set[int] = set()
        self._dead_sorted: np.ndarray | None = None
        self.pending: dict[str, MetricRecord] = {}

    # --- updates ---------------------------------------------------------------------------
    def backlog(self) -> int:
        return len(self.pending) + len(self.dead)

    def _find_row(self, post_id: str, sent_at: int) -> int:
        lo = int(self.times.searchsorted(sent_at, "left"))
        hi = int(self.times.searchsorted(sent_at, "right"))
        for row in range(lo, hi):
            if self.post_ids[row] == post_id and row not in self.dead:
                return row
        raise RuntimeError(f"metrics index lost track of post {post_id} in channel {self.channel_id}")

    def tombstone(self, post_id: str, sent_at: int) -> None:
        row = self._find_row(post_id, sent_at)
        self.dead.add(row)
        self._dead_sorted = None
        self.updated[row] = _NO_UPDATE

    def refresh_in_place(self, record: MetricRecord) -> bool:
        """Overwrite a compacted post's values when its time and tags are unchanged.

        The common update (a daily metrics refresh) then costs one row write and one pass over
        the prefix sums after it, and leaves nothing pending for queries. False when the post
        must go through pending instead (tags changed).
        """
        row = self._find_row(record.post_id, record.sent_at)
        wanted = 0
        for tag_id in record.tag_ids:
            bit = self.tag_bit.get(tag_id)
            if bit is None:
                return False
            wanted |= 1 << bit
        current = sum(int(word) << (_WORD_BITS * w) for w, word in enumerate(self.bits[row].tolist()))
        if wanted != current:
            return False
        new = np.array(self._row(record.values), dtype=np.float64)
        delta = new - self.values[row]
        if delta.any():
            self.values[row] = new
            self.prefix[row + 1 :] += delta
        self.updated[row] = _NO_UPDATE if record.updated_at is None else record.updated_at
        return True

    def _row(self, values: Mapping[str, float] | None) -> list[float]:
        if not values:
            return [0.0] * self.width
        row = [values.get(t, 0.0) for t in self.types]
        if self.rate_at >= 0:
            row.extend(rate_terms(values, self.profile))
        return row

    def _tag_mask(self, tag_ids: frozenset[str]) -> int:
        mask = 0
        for tag_id in tag_ids:
            bit = self.tag_bit.get(tag_id)
            if bit is None:
                bit = self.tag_bit[tag_id] = len(self.tag_bit)
            mask |= 1 << bit
        return mask

    def rebuild(self) -> None:
        """Fold pending records in, drop tombstoned rows, re-sort and recompute prefix sums."""
        records = list(self.pending.values())
        self.pending.clear()
        if self.dead:
            keep = np.ones(self.times.size, dtype=bool)
            keep[np.fromiter(self.dead, dtype=np.int64, count=len(self.dead))] = False
            post_ids = [pid for pid, alive in zip(self.post_ids, keep.tolist(), strict=True) if alive]
            times, values, updated, bits = (
                self.times[keep],
                self.values[keep],
                self.updated[keep],
                self.bits[keep],
            )
        else:
            post_ids = self.post_ids
            times, values, updated, bits = self.times, self.values, self.updated, self.bits
        masks = [self._tag_mask(r.tag_ids) for r in records]
        words = max(1, -(-len(self.tag_bit) // _WORD_BITS))
        if bits.shape[1] < words:
            bits = np.hstack([bits, np.zeros((bits.shape[0], words - bits.shape[1]), dtype=np.uint64)])
        new_bits = np.array(
            [[(m >> (_WORD_BITS * w)) & _WORD_MASK for w in range(words)] for m in masks], dtype=np.uint64
        ).reshape(len(records), words)
        new_values = np.array([self._row(r.values) for r in records], dtype=np.float64)
        times = np.concatenate([times, np.fromiter((r.sent_at for r in records), np.int64, len(records))])
        values = np.vstack([values, new_values.reshape(len(records), self.width)])
        updated = np.concatenate(
            [
                updated,
                np.fromiter(
                    (_NO_UPDATE if r.updated_at is None else r.updated_at for r in records),
                    np.int64,
                    len(records),
                ),
            ]
        )
        bits = np.vstack([bits, new_bits])
        post_ids = [*post_ids, *(r.post_id for r in records)]
        order = np.argsort(times, kind="stable")
        self.times = np.ascontiguousarray(times[order])
        self.values = np.ascontiguousarray(values[order])
        self.updated = np.ascontiguousarray(updated[order])
        self.bits = np.ascontiguousarray(bits[order])
        self.post_ids = [post_ids[i] for i in order.tolist()]
        prefix = np.zeros((self.times.size + 1, self.width), dtype=np.float64)
        np.cumsum(self.values, axis=0, out=prefix[1:])
        self.prefix = prefix
        self.dead.clear()
        self._dead_sorted = None

    # --- queries ---------------------------------------------------------------------------
    def _dead_rows_in(self, lo: int, hi: int) -> np.ndarray | None:
        if not self.dead:
            return None
        if self._dead_sorted is None:
            self._dead_sorted = np.array(sorted(self.dead), dtype=np.int64)
        first, last = self._dead_sorted.searchsorted([lo, hi])
        return self._dead_sorted[first:last] if last > first else None

    def _query_mask(self, in_ids: frozenset[str]) -> int:
        mask = 0
        for tag_id in in_ids:
            bit = self.tag_bit.get(tag_id)
            if bit is not None:
                mask |= 1 << bit
        return mask

    def _matching_rows(self, lo: int, hi: int, tags: TagFilter) -> np.ndarray | None:
        segment = self.bits[lo:hi]
        wanted = self._query_mask(tags.in_ids)
        if not wanted and not tags.include_untagged:
            return None
        if segment.shape[1] == 1:
            column = segment[:, 0]
            mask = (column & np.uint64(wanted)) != 0 if wanted else np.zeros(hi - lo, dtype=bool)
            if tags.include_untagged:
                mask |= column == 0
        else:
            words = np.array(
                [(wanted >> (_WORD_BITS * w)) & _WORD_MASK for w in range(segment.shape[1])], dtype=np.uint64
            )
            mask = ((segment & words) != 0).any(axis=1)
            if tags.include_untagged:
                mask |= ~segment.any(axis=1)
        return mask

    def add_to(self, totals: Totals, query: AggregateQuery) -> None:
        if self.times.size:
            lo = int(self.times.searchsorted(query.start, "left"))
            hi = int(self.times.searchsorted(query.end, "right"))
            if hi > lo:
                self._add_rows(totals, lo, hi, query.tags)
        for record in self.pending.values():
            if in_window(record.sent_at, query) and tags_match(record.tag_ids, query.tags):
                totals.add_post(record, self.profile)

    def _add_rows(self, totals: Totals, lo: int, hi: int, tags: TagFilter | None) -> None:
        dead = self._dead_rows_in(lo, hi)
        if tags is None:
            count = hi - lo
            sums = self.prefix[hi] - self.prefix[lo]
            if dead is not None:
                count -= dead.size
                sums = sums - self.values[dead].sum(axis=0)
            latest = int(self.updated[lo:hi].max())
        else:
            mask = self._matching_rows(lo, hi, tags)
            if mask is None:
                return
            if dead is not None:
                mask[dead - lo] = False
            count = int(np.count_nonzero(mask))
            if not count:
                return
            sums = mask.astype(np.float64) @ self.values[lo:hi]
            latest = int(self.updated[lo:hi][mask].max())
        if count <= 0:
            return
        totals.post_count += count
        if latest != _NO_UPDATE:
            totals.add_updated_at(latest)
        self._add_sums(totals, sums.tolist())

    def _add_sums(self, totals: Totals, sums: list[float]) -> None:
        for i, metric_type in enumerate(self.types):
            totals.add_sum(metric_type, sums[i])
        if self.rate_at >= 0:
            totals.rate_count += sums[self.rate_at]
            totals.weighted_rate += sums[self.rate_at + 1]
            totals.rate_weight += sums[self.rate_at + 2]
            totals.engagements += sum(sums[i] for i in self.engagement_at)
            totals.audience += sums[self.audience_at]
