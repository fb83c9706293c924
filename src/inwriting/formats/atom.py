"""Atom 1.0 (RFC 4287) feeds, for people who follow a negotiation in a feed reader."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class FeedEntry:
    id: str  # a permanent IRI, e.g. "tag:talks.example.org,2026:record/13"
    title: str
    updated: datetime
    summary: str
    link: str = ""
    author: str = ""


def write_atom(
    *,
    feed_id: str,
    title: str,
    self_link: str,
    entries: Sequence[FeedEntry],
    updated: datetime,
    author: str = "InWriting",
) -> bytes:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", feed_id)
    _text(feed, "title", title)
    _text(feed, "updated", _time(max([updated, *(e.updated for e in entries)])))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=self_link)
    _text(ET.SubElement(feed, f"{{{ATOM}}}author"), "name", author)
    for entry in sorted(entries, key=lambda e: e.updated, reverse=True):
        element = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(element, "id", entry.id)
        _text(element, "title", entry.title)
        _text(element, "updated", _time(entry.updated))
        _text(element, "summary", entry.summary)
        if entry.author:
            _text(ET.SubElement(element, f"{{{ATOM}}}author"), "name", entry.author)
        if entry.link:
            ET.SubElement(element, f"{{{ATOM}}}link", rel="alternate", href=entry.link)
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return body


# Characters XML 1.0 cannot carry at all (C0 controls but tab/newline/return, surrogates,
# U+FFFE/U+FFFF): a stray one in a party's text must not make the whole feed unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(parent: ET.Element, name: str, value: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{name}").text = _NOT_XML.sub("\ufffd", value)


def _time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
