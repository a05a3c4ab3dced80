"""Authentication: ``Authorization: Bearer <token>`` to an Actor, or Buffer's 401 bodies.

Checked before the body is parsed or the query validated, as Buffer's gateway does.
"""

from __future__ import annotations

from dataclasses import dataclass

from mockserver import errors
from mockserver.resolvers.context import Actor
from mockserver.store.world import World

BEARER_PREFIX = "bearer "


@dataclass(frozen=True, slots=True)
class AuthFailure:
    """A 401: ``message`` is one of Buffer's two verbatim texts."""

    message: str

    def body(self) -> dict[str, object]:
        return errors.error_body(self.message, errors.UNAUTHENTICATED)


def authenticate(world: World, authorization: str | None) -> Actor | AuthFailure:
    if authorization is None or not authorization.strip():
        return AuthFailure(errors.MSG_AUTH_REQUIRED)
    if not authorization.lower().startswith(BEARER_PREFIX):
        return AuthFailure(errors.MSG_TOKEN_INVALID)
    token_value = authorization[len(BEARER_PREFIX) :].strip()
    token = world.tokens.get(token_value)
    if token is None or token.revoked:
        return AuthFailure(errors.MSG_TOKEN_INVALID)
    account = world.accounts.get(token.account_id)
    if account is None:
        return AuthFailure(errors.MSG_TOKEN_INVALID)
    return Actor(account=account, token=token)
