"""Authentication: ``Authorization: Bearer <token>`` to an Actor, or Buffer's 401 bodies.

Checked before the body is parsed or the query validated, as Buffer's gateway does.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.responses import Response

from mockserver import errors
from mockserver.actor import Actor
from mockserver.gateway.responses import json_response
from mockserver.store.namespaces import Credentials
from mockserver.store.world import World

BEARER_PREFIX = "bearer "


@dataclass(frozen=True, slots=True)
class AuthFailure:
    """A 401: ``message`` is one of Buffer's two verbatim texts."""

    message: str

    def body(self) -> dict[str, object]:
        return errors.error_body(self.message, errors.UNAUTHENTICATED)


def authenticate(world: World | Credentials, authorization: str | None) -> Actor | AuthFailure:
    """The Actor behind ``authorization`` in ``world`` (or in the fixtures' ``Credentials``,
    for a namespace that does not exist yet), or the 401 to answer."""
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


def refuse_unauthenticated(world: World | Credentials, authorization: str | None) -> Response | None:
    """Buffer's 401 answer when the request does not authenticate, else None (go on)."""
    outcome = authenticate(world, authorization)
    if isinstance(outcome, AuthFailure):
        return json_response(outcome.body(), 401)
    return None
