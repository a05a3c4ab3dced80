"""The reference aggregation: a full scan over every record, written to be obviously right.

Same API and semantics as :class:`mockserver.metrics.engine.MetricsIndex`; the property tests
hold the two to the same answers.
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
    in_window,
    shared_extras,
    tags_match,
    unique_channels,
)
from mockserver.metrics.capabilities import NetworkCapabilities
from mockserver.metrics.catalog import CATALOG, MetricCatalog


class NaiveMetricsIndex:
    def __init__(
        self,
        capabilities: NetworkCapabilities,
        er_method: EngagementRateMethod = DEFAULT_ER_METHOD,
        catalog: MetricCatalog = CATALOG,
    ) -> None:
        self._capabilities = capabilities
        self._er_method = check_er_method(er_method)
        self._catalog = catalog
        self._service_of: dict[str, str] = {}
        self._records: dict[str, MetricRecord] = {}

    def register_channel(self, channel_id: str, service: str) -> None:
        self._capabilities.profile(service)  # unknown service -> CapabilitiesError
        known = self._service_of.get(channel_id)
        if known is not None and known != service:
            raise ValueError(f"channel {channel_id} is already registered as {known}, not {service}")
        self._service_of[channel_id] = service

    def _service(self, channel_id: str) -> str:
        try:
            return self._service_of[channel_id]
        except KeyError:
            raise KeyError(f"channel {channel_id} is not registered with the metrics index") from None

    def bulk_load(self, records: Iterable[MetricRecord]) -> None:
        for record in records:
            self.upsert(record)

    def upsert(self, record: MetricRecord) -> None:
        service = self._service(record.channel_id)
        check_record(record, service, self._capabilities.profile(service))
        self._records[record.post_id] = record

    def remove(self, post_id: str) -> None:
        self._records.pop(post_id, None)

    def aggregate(self, query: AggregateQuery) -> AggregateResult:
        channels = unique_channels(query.channel_ids)
        services = [self._service(channel_id) for channel_id in channels]
        extras = shared_extras(services, self._capabilities)
        wanted = set(channels)
        totals = Totals()
        for record in self._records.values():
            if record.channel_id not in wanted or not in_window(record.sent_at, query):
                continue
            if not tags_match(record.tag_ids, query.tags):
                continue
            totals.add_post(record, self._capabilities.profile(self._service_of[record.channel_id]))
        return build_result(totals, extras, self._er_method, self._catalog)

    def __len__(self) -> int:
        return len(self._records)
