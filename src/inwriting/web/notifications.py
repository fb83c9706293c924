"""Notifications: the signed-in user's list (marked read here), and how they want e-mail."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from inwriting.domain.notifications import Delivery
from inwriting.http.auth import signed_in
from inwriting.services import notifications
from inwriting.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/notifications")
def page(request: Request) -> Response:
    found = notifications.list_notifications(request.app.state.db, signed_in(request))
    return render(request, "notifications/page.html", notifications=found)


@router.post("/notifications/read")
def read_all(request: Request) -> Response:
    notifications.mark_read(request.app.state.db, signed_in(request))
    return RedirectResponse("/notifications", status_code=303)


@router.post("/notifications/{notification_id}/read")
def read_one(request: Request, notification_id: int) -> Response:
    """Mark it read and go to its page (the link in the list is this form's button)."""
    db, who = request.app.state.db, signed_in(request)
    notifications.mark_read(db, who, notification_id)
    found = notifications.get_notification(db, who, notification_id)
    return RedirectResponse(found.path, status_code=303)


@router.get("/account/notifications")
def preferences(request: Request) -> Response:
    chosen = notifications.get_preferences(request.app.state.db, signed_in(request))
    return render(
        request, "notifications/preferences.html", preferences=chosen, deliveries=list(Delivery)
    )


@router.post("/account/notifications")
def set_preferences(
    request: Request,
    delivery: Annotated[Delivery, Form()],
    email: Annotated[str, Form(max_length=320)] = "",
) -> Response:
    notifications.set_preferences(
        request.app.state.db, signed_in(request), delivery=delivery, email=email
    )
    return RedirectResponse("/account/notifications", status_code=303)
