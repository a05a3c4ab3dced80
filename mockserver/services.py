"""The social networks Buffer connects: the values of the schema's ``Service`` enum, in its order.

Derived from the network profile table (:mod:`mockserver.networks`): ``SERVICES`` is the
2026-08-13 enum, ``ALL_SERVICES`` adds the networks of later versions (2026-10: substack,
whatsapp). A test checks both against the served schemas.
"""

from __future__ import annotations

from mockserver.networks import NETWORKS

SERVICES: tuple[str, ...] = NETWORKS.services_in("2026-08-13")
ALL_SERVICES: tuple[str, ...] = NETWORKS.services


def services_in(version: str) -> tuple[str, ...]:
    """The ``Service`` values of one schema version."""
    return NETWORKS.services_in(version)
