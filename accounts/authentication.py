"""`Authorization: Token <key>`: personal API tokens for DRF."""

from __future__ import annotations

import base64

from rest_framework import authentication, exceptions
from rest_framework.request import Request

from accounts import selectors, services


class TokenAuthentication(authentication.BaseAuthentication):
    """Signs the request in as the token's owner; a wrong, revoked or malformed token is a 401
    (never silently anonymous, so a script notices a dead token at once)."""

    keyword = "Token"

    def authenticate(self, request: Request):
        header = authentication.get_authorization_header(request).split()
        if not header:
            return None
        if header[0].lower() != self.keyword.lower().encode():
            self.refuse_other_scheme(header)
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

    def refuse_other_scheme(self, header: list[bytes]) -> None:
        """A 401 for credentials sent under another scheme (`Bearer <key>`, a key in `Basic`),
        which would otherwise make the request anonymous, and a script would not notice its key
        was never read. `Basic` without one of our keys is let by: a password protecting a
        whole (staging) site, which the browser sends with every request of a session."""
        scheme = header[0].decode("latin-1")
        credentials = b" ".join(header[1:])
        if scheme.lower() == "basic":
            try:
                credentials = base64.b64decode(credentials, validate=True)
            except ValueError:
                pass
        if scheme.lower() != "basic" or services.KEY_PREFIX.encode() in credentials:
            raise exceptions.AuthenticationFailed(
                f"The {scheme} scheme is not read here: send the key as 'Authorization: Token <key>'."
            )

    def authenticate_header(self, request: Request) -> str:
        return self.keyword
