"""The gateway's per-namespace state: rate-limit mode, quotas and counters, armed faults.

Held by the namespace (``namespace.gateway``, built by the registry's ``gateway_factory``) so it
lives and dies with the namespace: resetting a namespace clears its counters and faults, and
namespaces never share them. :data:`ServedNamespace` is the namespace type the layers above use.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

from mockserver.gateway.faults import FaultBoard
from mockserver.gateway.ratelimit import Decision, RateLimiter, plan_quotas
from mockserver.settings import (
    RATE_LIMIT_HEADER_STYLES,
    RATE_LIMIT_MODES,
    CustomQuotas,
    RateLimitHeaderStyle,
    RateLimitMode,
    Settings,
)
from mockserver.store.namespace import Namespace
from mockserver.store.namespaces import Namespaces

if TYPE_CHECKING:
    from mockserver.store.entities import ApiToken
    from mockserver.store.world import World


@dataclass(frozen=True, slots=True)
class RateLimitCheck:
    """The limiter's decision for one request, with what the headers need."""

    client: str
    decision: Decision
    enforced: bool

    @property
    def refused(self) -> bool:
        return not self.decision.admitted


class GatewayState:
    """Rate-limit configuration and counters plus the fault board of one namespace.

    Modes: ``observe`` counts and sends headers but never refuses (the default: a test
    suite is not throttled unless it asks to be); ``buffer`` enforces the plan quotas;
    ``custom`` enforces ``custom_quotas`` for every client; ``off`` counts nothing and
    sends no rate-limit headers.
    """

    def __init__(self, settings: Settings) -> None:
        self.lock = threading.Lock()
        self.mode: RateLimitMode = settings.rate_limit_mode
        self.header_style: RateLimitHeaderStyle = settings.rate_limit_headers
        self.custom_quotas: CustomQuotas = settings.custom_quotas
        self.limiter = RateLimiter()
        self.client_plans: dict[str, str | None] = {}  # client -> plan last seen (for the control API)
        self.faults = FaultBoard()
        self._plans: dict[str, str | None] = {}  # token -> plan (see plan_of)

    @property
    def counting(self) -> bool:
        return self.mode != "off"

    @property
    def enforcing(self) -> bool:
        return self.mode in ("buffer", "custom")

    def plan_of(self, world: World, token: ApiToken) -> str | None:
        """:func:`client_plan`, remembered per token (plans do not change within a namespace)."""
        try:
            return self._plans[token.token]
        except KeyError:
            plan = self._plans[token.token] = client_plan(world, token)
            return plan

    def quotas_for(self, plan: str | None) -> tuple[int, int, int]:
        return self.custom_quotas.as_tuple() if self.mode == "custom" else plan_quotas(plan)

    def check(self, client: str, plan: str | None, now_ms: int) -> RateLimitCheck | None:
        """Count one request for ``client`` (None when rate limiting is off)."""
        if not self.counting:
            return None
        quotas = self.quotas_for(plan)
        with self.lock:
            self.client_plans[client] = plan
            decision = self.limiter.attempt(client, now_ms, quotas, enforce=self.enforcing)
        return RateLimitCheck(client, decision, self.enforcing)

    def configure(
        self,
        *,
        mode: str | None = None,
        header_style: str | None = None,
        custom_quotas: CustomQuotas | None = None,
        reset_counters: bool = False,
    ) -> None:
        """Change the mode, header style or custom quotas; ValueError (and no change) for a bad one."""
        if mode is not None and mode not in RATE_LIMIT_MODES:
            raise ValueError(f"mode must be one of {', '.join(RATE_LIMIT_MODES)}")
        if header_style is not None and header_style not in RATE_LIMIT_HEADER_STYLES:
            raise ValueError(f"headers must be one of {', '.join(RATE_LIMIT_HEADER_STYLES)}")
        with self.lock:
            if mode is not None:
                self.mode = mode  # type: ignore[assignment]  # checked against RATE_LIMIT_MODES above
            if header_style is not None:
                self.header_style = header_style  # type: ignore[assignment]  # checked above
            if custom_quotas is not None:
                self.custom_quotas = custom_quotas
            if reset_counters:
                self.limiter.clear()
                self.client_plans.clear()


def client_plan(world: World, token: ApiToken) -> str | None:
    """The plan whose quotas apply: the token's own, else its account's first organization's."""
    if token.plan:
        return token.plan
    for organization in world.organizations.values():
        if token.account_id in organization.members:
            return organization.plan
    return None


ServedNamespace: TypeAlias = Namespace[GatewayState]
ServedNamespaces: TypeAlias = Namespaces[GatewayState]
