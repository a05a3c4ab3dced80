"""The fast aggregation index: columnar, time-sorted, with prefix sums.

Per channel the compacted posts live in numpy columns sorted by ``sent_at``
(:class:`~mockserver.metrics.channel_columns.ChannelColumns`):

* ``values``  (n x k float64): one column per type the channel's network reports (enum order),
  plus, for networks with an engagement rate, three helper columns (posts reporting a rate,
  rate x audience, audience);
* ``prefix``  ((n+1) x k): running sums of ``values``, so a window sum is one row difference;
* ``updated`` (n int64): ingestion time per post (a sentinel for none);
* ``bits``    (n x words uint64): the post's tags as a bitmask over the channel's own tag
  numbering (64 tags per word).

An aggregate without a tag filter is two ``searchsorted`` per channel plus O(k) arithmetic
(and a vectorised max for ``metricsUpdatedAt``). A tag filter masks the window's rows and sums
them with one matrix-vector product.

Updates stay cheap. A metrics refresh of a compacted post (same channel, time and tags, the
daily-ingestion case) overwrites its row and shifts the prefix sums after it. Any other change,
or a removal, leaves a tombstone on the old row and puts the new version in a small per-channel
``pending`` dict; queries fold both in, and the channel is rebuilt once they pass
``compact_threshold``. ``bulk_load`` always goes through ``pending`` and rebuilds each touched
channel once, so a refresh of many posts is best sent as one ``bulk_load``.
"""

from __future__ import annotations

from collections.abc import Iterable

from mockserver.metrics.aggregation import (
    DEFAULT_ER_METHOD,
    AggregateQuery,
    AggregateResult,
    EngagementRateMethod,
    MetricRecord,
    Totals,
    build_result,
    check_er_method,
    check_record,
    shared_extras,
    unique_channels,
)
from mockserver.metrics.capabilities import NetworkCapabilities
from mockserver.metrics.catalog import CATALOG, MetricCatalog
from mockserver.metrics.channel_columns import SENT_BITS, SENT_MASK, ChannelColumns

DEFAULT_COMPACT_THRESHOLD = 64
_BULK_CHUNK = 1 << 18


class MetricsIndex:
    """Aggregates sent posts' metrics; same API and answers as ``NaiveMetricsIndex``."""

    def __init__(
        self,
        capabilities: NetworkCapabilities,
        er_method: EngagementRateMethod = DEFAULT_ER_METHOD,
        catalog: MetricCatalog = CATALOG,
        compact_threshold: int = DEFAULT_COMPACT_THRESHOLD,
    ) -> None:
        if compact_threshold < 1:
            raise ValueError("compact_threshold must be at least 1")
        self._capabilities = capabilities
        self._er_method = check_er_method(er_method)
        self._catalog = catalog
        self._compact_threshold = compact_threshold
        self._channels: dict[str, ChannelColumns] = {}
        self._by_number: list[ChannelColumns] = []
        # post_id -> channel number << 42 | sent_at: where the live version of the post sits.
        self._location: dict[str, int] = {}

    def register_channel(self, channel_id: str, service: str) -> None:
        profile = self._capabilities.profile(service)  # unknown service -> CapabilitiesError
        known = self._channels.get(channel_id)
        if known is not None:
            if known.service != service:
                raise ValueError(
                    f"channel {channel_id} is already registered as {known.service}, not {service}"
                )
            return
        channel = ChannelColumns(len(self._by_number), channel_id, service, profile)
        self._channels[channel_id] = channel
        self._by_number.append(channel)

    def _channel(self, channel_id: str) -> ChannelColumns:
        try:
            return self._channels[channel_id]
        except KeyError:
            raise KeyError(f"channel {channel_id} is not registered with the metrics index") from None

    def _detach(self, post_id: str) -> ChannelColumns | None:
        """Take the live version of a post out of the index; return the channel it was in."""
        location = self._location.pop(post_id, None)
        if location is None:
            return None
        channel = self._by_number[location >> SENT_BITS]
        if channel.pending.pop(post_id, None) is None:
            channel.tombstone(post_id, location & SENT_MASK)
        return channel

    def _put(self, record: MetricRecord, in_place: bool) -> ChannelColumns:
        channel = self._channel(record.channel_id)
        check_record(record, channel.service, channel.profile)
        location = self._location.get(record.post_id)
        if (
            in_place
            and location == (channel.number << SENT_BITS) | record.sent_at
            and record.post_id not in channel.pending
            and channel.refresh_in_place(record)
        ):
            return channel
        old_channel = self._detach(record.post_id)
        channel.pending[record.post_id] = record
        self._location[record.post_id] = (channel.number << SENT_BITS) | record.sent_at
        if old_channel is not None and old_channel is not channel:
            self._maybe_compact(old_channel)
        return channel

    def _maybe_compact(self, channel: ChannelColumns) -> None:
        if channel.backlog() >= self._compact_threshold:
            channel.rebuild()

    def bulk_load(self, records: Iterable[MetricRecord]) -> None:
        touched: dict[int, ChannelColumns] = {}
        for count, record in enumerate(records, start=1):
            channel = self._put(record, in_place=False)  # one rebuild per channel beats many row writes
            touched[channel.number] = channel
            if count % _BULK_CHUNK == 0:
                self._rebuild_all(touched.values())
                touched.clear()
        self._rebuild_all(touched.values())

    def reload(self, records: Iterable[MetricRecord]) -> None:
        """Replace everything the index holds by ``records`` (every post, as after a daily run
        that refreshed most of them): one rebuild per channel, no row looked up or tombstoned."""
        self._by_number = [
            ChannelColumns(channel.number, channel.channel_id, channel.service, channel.profile)
            for channel in self._by_number
        ]
        self._channels = {channel.channel_id: channel for channel in self._by_number}
        self._location = {}
        self.bulk_load(records)

    @staticmethod
    def _rebuild_all(channels: Iterable[ChannelColumns]) -> None:
        for channel in channels:
            if channel.backlog():
                channel.rebuild()

    def upsert(self, record: MetricRecord) -> None:
        self._maybe_compact(self._put(record, in_place=True))

    def remove(self, post_id: str) -> None:
        channel = self._detach(post_id)
        if channel is not None:
            self._maybe_compact(channel)

    def compact(self) -> None:
        """Fold every pending update and tombstone into the columns now."""
        self._rebuild_all(self._by_number)

    def aggregate(self, query: AggregateQuery) -> AggregateResult:
        channels = [self._channel(channel_id) for channel_id in unique_channels(query.channel_ids)]
        extras = shared_extras((c.service for c in channels), self._capabilities)
        totals = Totals()
        for channel in channels:
            channel.add_to(totals, query)
        return build_result(totals, extras, self._er_method, self._catalog)

    def __len__(self) -> int:
        return len(self._location)
