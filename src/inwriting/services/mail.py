"""E-mail out through one SMTP server, named by a URL (``INWRITING_SMTP_URL``).

``smtp://host:port`` speaks plain SMTP and upgrades with STARTTLS whenever the server offers
it; with a user and password in the URL it refuses to log in unless the connection is
encrypted. ``smtp+starttls://`` requires STARTTLS; ``smtps://`` is TLS from the first byte
(port 465 by default). The password is never shown: messages and logs name the server by
:func:`~inwriting.settings.masked_url`.

Every message has a plain-text body (the link to its page included); an HTML alternative
is added only when one is given.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from types import TracebackType
from urllib.parse import unquote, urlsplit

from inwriting.errors import Unavailable
from inwriting.settings import masked_url

TIMEOUT = 30.0  # seconds for each exchange with the server
_DEFAULT_PORTS = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    text: str  # the body, always sent; holds the link to the page
    html: str | None = None  # an optional alternative


def compose(sender: str, mail: Mail) -> EmailMessage:
    """The message as sent: plain text (UTF-8), an HTML alternative if any, marked as
    automatic (RFC 3834) so that vacation responders do not answer it."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(mail.text)
    if mail.html is not None:
        message.add_alternative(mail.html, subtype="html")
    return message


class Mailer:
    """One connection to the server, for a batch: ``with Mailer(url) as m: m.send(msg)``."""

    def __init__(self, url: str, *, timeout: float = TIMEOUT) -> None:
        parts = urlsplit(url)
        self.scheme = parts.scheme
        self.host = parts.hostname or ""
        self.port = parts.port or _DEFAULT_PORTS.get(parts.scheme, 25)
        self.user = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else ""
        self.shown = masked_url(url)
        self.timeout = timeout
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Mailer:
        try:
            self._smtp = self._connect()
        except (OSError, smtplib.SMTPException) as error:
            self.close()
            raise self._unavailable("cannot be reached", error) from error
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _error: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        self.close()

    def send(self, message: EmailMessage) -> None:
        """Hand ``message`` to the server; :class:`Unavailable` if it is not taken."""
        assert self._smtp is not None  # inside ``with``
        try:
            refused = self._smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as error:
            raise self._unavailable("did not take an e-mail", error) from error
        if refused:
            raise Unavailable(f"the mail server at {self.shown} refused {', '.join(refused)}")

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (OSError, smtplib.SMTPException):
                self._smtp.close()
            self._smtp = None

    def _connect(self) -> smtplib.SMTP:
        context = ssl.create_default_context()
        if self.scheme == "smtps":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=context
            )
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        self._smtp = smtp  # closed by ``close`` if what follows fails
        smtp.ehlo()
        encrypted = self.scheme == "smtps"
        if self.scheme != "smtps" and (smtp.has_extn("starttls") or self.scheme == "smtp+starttls"):
            smtp.starttls(context=context)
            smtp.ehlo()
            encrypted = True
        if self.user is not None:
            if not encrypted:
                raise smtplib.SMTPException(
                    "the server offers no STARTTLS; refusing to send the password in clear"
                )
            smtp.login(self.user, self.password)
        return smtp

    def _unavailable(self, what: str, error: BaseException) -> Unavailable:
        reason = str(error).replace(self.password, "***") if self.password else str(error)
        return Unavailable(
            f"the mail server at {self.shown} {what} ({type(error).__name__}: {reason}); "
            "nothing more was sent, and what was not sent stays due for the next run"
        )
