"""Signed one-tap answer links: each names one request (so one lead and one round) and nothing else.

The link carries ``{"r": request id, "p": person id}`` signed with itsdangerous; it holds no expiry of
its own, because it expires with the request it belongs to (``Request.expires_at``), which the web
page checks against the store. Altering any character (another person's id, say) breaks the signature.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from itsdangerous import BadSignature, URLSafeSerializer

SALT = "chaser-answer"


@dataclass(frozen=True)
class AnswerLinks:
    """Makes and reads the links in requests.

    Attributes:
        base_url: The address people open (CHASER_PUBLIC_URL), without a trailing slash.
        secret: A callable giving the signing secret, read only when a link is first made or read.
    """

    base_url: str
    secret: Callable[[], str] = field(repr=False)

    def _serializer(self) -> URLSafeSerializer:
        return URLSafeSerializer(self.secret(), salt=SALT)

    def token(self, *, request_id: int, person_id: int) -> str:
        """The signed part of a request's links."""
        return str(self._serializer().dumps({"r": request_id, "p": person_id}))

    def page(self, *, request_id: int, person_id: int) -> str:
        """The lead's update page for one request: every open action of theirs in that round."""
        return f"{self.base_url}/answer/{self.token(request_id=request_id, person_id=person_id)}"

    def read(self, token: str) -> tuple[int, int] | None:
        """``(request id, person id)`` from a genuine token, else None."""
        try:
            payload = self._serializer().loads(token)
        except BadSignature:
            return None
        if not isinstance(payload, dict):
            return None
        request_id, person_id = payload.get("r"), payload.get("p")
        if not isinstance(request_id, int) or not isinstance(person_id, int):
            return None
        return request_id, person_id


def choice_link(page: str, *, action_id: int, choice: str) -> str:
    """The link for one choice on one action: opens the confirm page with the choice filled in."""
    return f"{page}/{action_id}/{choice}"
