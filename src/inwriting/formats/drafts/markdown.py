"""Markdown: ATX (``#``) and setext headings, bold-line headings, code blocks kept as text.

Markdown marks headings, so the reader only has to say which lines are headings and strip
their markup; which heading opens which provision is decided as for plain text, with one
difference (see :mod:`inwriting.formats.drafts.markers`): when some headings are provision labels,
only headings open provisions. Headings converted without the space after the hashes
("####Purposes and principles", as the Dutch treaty database's converter writes them) are
accepted. Footnotes (``[^1]`` calls and ``[^1]: ...`` definitions) become the notes of the
provisions that call them (:mod:`~inwriting.formats.drafts.notes`). A YAML front matter
block at the start, a line holding only an HTML comment ("<!-- INFO END -->") and a line
holding only HTML that shows nothing (``<meta http-equiv=...>``, ``<link>``, ``<base>``, as
law databases' converters leave at the top of a file) are not shown by Markdown viewers and
are no text: such a line before the title is not the title. Inline markup (emphasis, links)
is kept in the text as written.
"""

from __future__ import annotations

import re

from inwriting.domain.documents import ParsedDocument
from inwriting.formats.drafts.headings import Label, match_label, run_in_heading
from inwriting.formats.drafts.layout import Line, check_text, is_separator, source_lines
from inwriting.formats.drafts.notes import attach_notes, split_definitions
from inwriting.formats.drafts.structure import build

_ATX_RE = re.compile(r"^ {0,3}#{1,6}(?!#)\s*(?P<text>.*)$")
_SETEXT_RE = re.compile(r"^ {0,3}(?:=+|-+)\s*$")
_FENCE_RE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")
_YAML_LINE_RE = re.compile(r"^(?:[\w.-]+\s*:(?:\s.*)?|\s+\S.*|-\s.*|#.*)$")
_COMMENT_RE = re.compile(r"^\s*<!--.*-->\s*$")
# A void HTML element that renders nothing, alone on its line.
_INVISIBLE_HTML_RE = re.compile(r"^\s*<(?:meta|link|base)\b[^<>]*>\s*$", re.IGNORECASE)
_BOLD_LINE_RE = re.compile(r"^\s*(\*\*|__)(?P<text>[^*_].*?)\1\s*$")
_BOLD_LABEL_RE = re.compile(r"^\s*(\*\*|__)(?P<label>[^*_].*?)\1(?P<rest>.*)$")


def parse_markdown(text: str, *, source: str = "") -> ParsedDocument:
    """Parse a Markdown draft. Raises :class:`~inwriting.errors.FormatError` only."""
    check_text(text, source)
    lines, definitions = split_definitions(markdown_lines(source_lines(text)))
    return attach_notes(build(lines, source=source), definitions)


def markdown_lines(raw: list[str]) -> list[Line]:
    """Lines with heading markup removed and headings marked."""
    lines: list[Line] = []
    fence = ""
    front = _front_matter_end(raw)
    for number, text in enumerate(raw, 1):
        if number <= front:
            lines.append(Line("", number))
            continue
        opening = _FENCE_RE.match(text)
        if fence:
            closes = opening is not None and opening["fence"].startswith(fence)
            fence = "" if closes else fence
            lines.append(Line("", number) if closes else Line(text, number, literal=True))
        elif opening:
            fence = opening["fence"]
            lines.append(Line("", number))
        elif _SETEXT_RE.match(text) and _underlines(lines):
            lines[-1] = Line(lines[-1].text, lines[-1].number, marked=True)
            lines.append(Line("", number))
        else:
            lines.append(_line(text, number))
    return lines


def _front_matter_end(raw: list[str]) -> int:
    """How many lines a YAML front matter block takes at the start ("---" ... "---"), or 0.

    Static site generators and law repositories put the file's metadata there (``Title:``,
    ``slug:``); no Markdown viewer shows it, and it is no text of the draft."""
    if not raw or raw[0].strip() != "---":
        return 0
    for index in range(1, min(len(raw), 200)):
        if raw[index].strip() in ("---", "..."):
            return index + 1 if index > 1 else 0
        if raw[index].strip() and not _YAML_LINE_RE.match(raw[index]):
            return 0
    return 0


def _underlines(lines: list[Line]) -> bool:
    """Whether a "===" or "---" line underlines the line before it (a setext heading)."""
    return bool(lines) and not lines[-1].blank and not lines[-1].marked and not lines[-1].literal


def _line(text: str, number: int) -> Line:
    atx = _ATX_RE.match(text)
    if atx:
        return Line(_without_closing_hashes(atx["text"]), number, marked=True)
    if is_separator(text) or _COMMENT_RE.match(text) or _INVISIBLE_HTML_RE.match(text):
        return Line("", number)
    bold = _BOLD_LINE_RE.match(text)
    if bold:
        return Line(bold["text"], number, marked=True)
    labelled = _BOLD_LABEL_RE.match(text)
    if labelled:
        inside, after = labelled["label"].strip(), labelled["rest"].strip()
        label = match_label(inside, marked=True)
        if label:
            return Line(_bold_labelled(label, inside, after), number, marked=True)
    return Line(text, number)


def _bold_labelled(label: Label, inside: str, after: str) -> str:
    """A line starting with a bold label, as the markers read it.

    "**Section 1.1 Services.** "Services" means ..." runs a bold heading into the text: it
    becomes "Section 1.1 **Services.** ...", so that the bold words are the heading and the
    rest the text (:func:`~.headings.bold_run_in`). "**Section 1.1** Services. The ..." runs
    a plain heading into the text the same way; "**Article 5** Scope" has the heading after.
    """
    if not after:
        return inside
    after = after if after[0] in ".:" else f" {after}"
    if label.rest and not label.strong_rest:
        return f"{label.label} **{label.rest}**{after}"
    run_in = None if label.rest else run_in_heading(after.strip())
    if run_in:
        return f"{label.label} **{run_in[0]}** {run_in[1]}"
    return f"{inside}{after}"


def _without_closing_hashes(text: str) -> str:
    """An ATX heading's text without its optional closing hashes ("# Scope #" -> "Scope").

    Done with string methods: a regular expression for it backtracks quadratically over a
    long run of spaces inside the heading.
    """
    text = text.rstrip()
    bare = text.rstrip("#")
    return bare.rstrip() if bare != text and bare[-1:].isspace() else text
