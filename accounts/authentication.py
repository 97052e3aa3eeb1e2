"""`Authorization: Token <key>`: personal API tokens for DRF."""

from __future__ import annotations

from rest_framework import authentication, exceptions
from rest_framework.request import Request

from accounts import selectors, services


class TokenAuthentication(authentication.BaseAuthentication):
    """Signs the request in as the token's owner; a wrong, revoked or malformed token is a 401
    (never silently anonymous, so a script notices a dead token at once)."""

    keyword = "Token"

    def authenticate(self, request: Request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Send the header as 'Authorization: Token <key>', one key.")
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed("A token key is ASCII only.") from exc
        token = selectors.token_get_by_key(key=key)
        if token is None:
            raise exceptions.AuthenticationFailed("Unknown token: check the key, or create a new token.")
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed("This token has been revoked; create a new one.")
        if not token.owner.is_active:
            raise exceptions.AuthenticationFailed("The account that owns this token is disabled.")
        services.token_touch(token=token)
        return token.owner, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword
