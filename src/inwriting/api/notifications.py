"""Your notifications and how they are e-mailed, as on the notifications and preferences
pages (``web/notifications.py``), with the same checks: each user's own, nobody else's."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from inwriting.api.errors import RESPONSES
from inwriting.api.pagination import Limit, Offset, Page, paginate
from inwriting.domain.notifications import Delivery
from inwriting.http.auth import signed_in, writer
from inwriting.services import notifications
from inwriting.services.notifications import Notification, Preferences

router = APIRouter(prefix="/api/v1", responses=RESPONSES)


class PreferencesIn(BaseModel):
    delivery: Delivery | None = Field(default=None, description="Unchanged if absent.")
    email: str | None = Field(
        default=None, max_length=320, description="Your address; '' for none; unchanged if absent."
    )


class Marked(BaseModel):
    marked: int = Field(description="How many notifications were unread and now are read.")


@router.get("/notifications", tags=["notifications"])
def list_notifications(
    request: Request, unread: bool = False, offset: Offset = 0, limit: Limit = 50
) -> Page[Notification]:
    """Your notifications, newest first (the latest 200); ``unread=true``: only unread."""
    found = notifications.list_notifications(
        request.app.state.db, signed_in(request), unread_only=unread
    )
    return paginate(found, offset, limit)


@router.post("/notifications/read", tags=["notifications"])
def read_all(request: Request) -> Marked:
    """Mark all your notifications read."""
    return Marked(marked=notifications.mark_read(request.app.state.db, writer(request)))


@router.post("/notifications/{notification_id}/read", tags=["notifications"])
def read_one(request: Request, notification_id: int) -> Marked:
    """Mark one of your notifications read (someone else's: 404, like none)."""
    db = request.app.state.db
    return Marked(marked=notifications.mark_read(db, writer(request), notification_id))


@router.get("/account/notifications", tags=["notifications"])
def get_preferences(request: Request) -> Preferences:
    """How your notifications are e-mailed to you (immediate, digest, off) and where."""
    return notifications.get_preferences(request.app.state.db, signed_in(request))


@router.put("/account/notifications", tags=["notifications"])
def set_preferences(request: Request, body: PreferencesIn) -> Preferences:
    """Change how, or where, your notifications are e-mailed."""
    return notifications.set_preferences(
        request.app.state.db, writer(request), delivery=body.delivery, email=body.email
    )
