"""Who is calling: a domain value the gateway produces (authentication) and resolvers read."""

from __future__ import annotations

from dataclasses import dataclass

from mockserver.store.entities import Account, ApiToken


@dataclass(slots=True)
class Actor:
    """The account behind the request's token, and the token itself."""

    account: Account
    token: ApiToken

    @property
    def is_personal_key(self) -> bool:
        return self.token.kind == "personal"
