"""The Jinja2 environment: autoescaping on, Markdown from users rendered and sanitised."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import nh3
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from inwriting import __version__
from inwriting.domain.notes import CALL_RE, numbered_notes
from inwriting.domain.text_tables import text_table
from inwriting.domain.visible import visible
from inwriting.http.auth import actor, csrf_token
from inwriting.services import notifications

HERE = Path(__file__).parent
HTMX = "htmx-2.0.11.min.js"

# Raw HTML in user text is not rendered (html=False) and the output is cleaned again with
# nh3 (an allow-list sanitiser), so a reason or a proposed text can never carry a script.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False})
_ALLOWED = {
    "p",
    "em",
    "strong",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "a",
    "br",
    "h3",
    "h4",
}

templates = Jinja2Templates(directory=str(HERE / "templates"))


class Shown(Markup):
    """Markup that has been through :func:`shown` already (see :func:`kept`)."""

    __slots__ = ()


def kept(html: str) -> Shown:
    """Trusted HTML (rendered by this environment or a renderer that escapes every text) to
    be kept and included in pages again: its marks made once, here, instead of on every
    page it is included in. A 193-party heat map or consolidated text is 150 KB to 1 MB, and
    scanning it for hidden characters on each request cost more than the rest of the page."""
    return Shown(visible(html))


def shown(value: Any) -> Any:
    """Every ``{{ value }}`` of every template, as Jinja's ``finalize``: invisible characters
    become visible marks (domain/visible.py), so no template can forget it. Markup from a
    trusted renderer (redline, Markdown) gets the same plain-text marks, which are safe in
    text and attribute values alike; text is escaped after."""
    if isinstance(value, Shown):
        return value  # marked when it was kept (visible() of marked text changes nothing)
    if isinstance(value, Markup):
        return Markup(visible(str(value)))  # noqa: S704 - marks are plain characters
    if isinstance(value, str):
        return visible(value)
    return value


templates.env.finalize = shown  # before any template is compiled: finalize is compiled in


def markdown(text: str | None) -> Markup:
    html = _markdown.render(text or "")
    return Markup(nh3.clean(html, tags=_ALLOWED, attributes={"a": {"href"}}, link_rel="nofollow"))  # noqa: S704 - sanitised just now


def note_calls(text: str, key: str) -> Markup:
    """``text`` escaped, its footnote calls ("[^1]") as superscript links to the notes shown
    below the provision (``note-{key}-{label}``)."""
    escaped = str(escape(text))
    return Markup(  # noqa: S704 - escaped just now; labels are escaped text too
        CALL_RE.sub(
            lambda found: (
                f'<sup class="note-call"><a href="#note-{escape(key)}-{found["label"]}">'
                f"{found['label']}</a></sup>"
            ),
            escaped,
        )
    )


def when(moment: datetime | None) -> str:
    return "" if moment is None else moment.strftime("%d %b %Y, %H:%M UTC")


def day(moment: datetime | None) -> str:
    return "" if moment is None else moment.strftime("%d %b %Y")


templates.env.filters["markdown"] = markdown
templates.env.filters["when"] = when
templates.env.filters["day"] = day
templates.env.filters["text_table"] = text_table
templates.env.filters["note_calls"] = note_calls
templates.env.filters["numbered_notes"] = numbered_notes
templates.env.globals["htmx"] = HTMX
templates.env.globals["version"] = __version__


def _unread(request: Request) -> int:
    """The signed-in user's unread notifications, for the header (none for a visitor, or
    where the database is what failed: see ``assume_anonymous``)."""
    who = actor(request)
    if who.anonymous or who.username is None:
        return 0
    return notifications.count_unread(request.app.state.db, who)


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    who = actor(request)
    context.update(request=request, me=who, csrf=csrf_token(request), unread=_unread(request))
    return templates.TemplateResponse(request, name, context, status_code=status)
