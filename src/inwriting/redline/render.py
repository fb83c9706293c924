"""Redline renderers: JSON, plain text, CriticMarkup and a standalone HTML page.

All of them read the same :class:`~inwriting.redline.compare.Redline` and show every pair in
new-document order, unchanged ones too: a redline is the whole text with its changes marked.
Layout operations (whitespace-only differences) are shown as the new text and never as a
change. A pair's heading line names it (``Article 21 — Right to object``) and says what
happened to it (``moved from Article 20``).

HTML is written here rather than in a template because this package is pure and imports no
template engine; every piece of text goes through :func:`html.escape`. Insertions and
deletions are ``<ins>`` / ``<del>`` with the author in ``data-author`` and ``title``, drawn
underlined and struck through (not told apart by colour alone), and announced to screen
readers by visually hidden "inserted:" / "deleted:" text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape

from inwriting.redline.align import PairState
from inwriting.redline.compare import Redline, RedlinePair
from inwriting.redline.diff import Op, Operation

__all__ = [
    "FORMAT_VERSION",
    "describe",
    "html_page",
    "redline_json",
    "render_criticmarkup",
    "render_html",
    "render_html_body",
    "render_html_operations",
    "render_json",
    "render_text",
    "summary",
]

FORMAT_VERSION = 1
_PARAGRAPHS = re.compile(r"(\n[^\S\n]*\n\s*)")

# JSON


def redline_json(redline: Redline) -> dict[str, object]:
    """``{"format_version": 1, "pairs": [{"state", "old_key", "new_key", "old_label",
    "new_label", "old_heading", "new_heading", "operations": [{"op", "text"}, ...]}]}``;
    a whitespace-only operation also has ``"layout": true``."""
    return {"format_version": FORMAT_VERSION, "pairs": [_pair_json(p) for p in redline.pairs]}


def render_json(redline: Redline) -> str:
    """:func:`redline_json` as text, one pair per line (readable in a diff or a pager).
    It is written from escaped strings, joined once, rather than through dictionaries and
    :func:`json.dumps`: the same JSON (a test checks), in half the time on a long text."""
    out = [f'{{"format_version": {FORMAT_VERSION}, "pairs": [\n']
    for number, pair in enumerate(redline.pairs):
        if number:
            out.append(",\n")
        _write_pair(pair, out)
    out.append("\n]}\n")
    return "".join(out)


def _write_pair(pair: RedlinePair, out: list[str]) -> None:
    head = ", ".join([f'"{name}": {_value(value)}' for name, value in _pair_head(pair).items()])
    out.append(f'{{{head}, "operations": [')
    separator = ""
    for o in pair.operations:
        out += (separator, _OPENINGS[o.op], _string(o.text), _CLOSINGS[o.layout])
        separator = ", "
    out.append("]}")


def _value(value: str | None) -> str:
    return "null" if value is None else _string(value)


_string: Callable[[str], str] = json.encoder.encode_basestring
_OPENINGS = {op: f'{{"op": "{op.value}", "text": ' for op in Op}
_CLOSINGS = {False: "}", True: ', "layout": true}'}


def _pair_json(pair: RedlinePair) -> dict[str, object]:
    return {**_pair_head(pair), "operations": [_op_json(o) for o in pair.operations]}


def _pair_head(pair: RedlinePair) -> dict[str, str | None]:
    return {
        "state": pair.state.value,
        "old_key": pair.old_key,
        "new_key": pair.new_key,
        "old_label": pair.old_label,
        "new_label": pair.new_label,
        "old_heading": pair.old.heading if pair.old else None,
        "new_heading": pair.new.heading if pair.new else None,
    }


def _op_json(operation: Operation) -> dict[str, object]:
    shown: dict[str, object] = {"op": operation.op.value, "text": operation.text}
    if operation.layout:
        shown["layout"] = True
    return shown


# Words shared by the human-readable renderers.


def describe(pair: RedlinePair) -> str:
    """What happened to a pair, in words: ``renumbered from Article 20, text changed``."""
    was = pair.old_label or pair.old_key or ""
    now = pair.new_label or pair.new_key or ""
    moved_from = f" from {was}" if was != now else ""
    changed = ", text changed" if pair.text_changed else ""
    words = {
        PairState.SAME: "unchanged",
        PairState.CHANGED: "changed",
        PairState.RENUMBERED: f"renumbered from {was}{changed}",
        PairState.MOVED: f"moved{moved_from}{changed}",
        PairState.ADDED: "added",
        PairState.REMOVED: "removed",
        PairState.SPLIT: f"split from {was}",
        PairState.MERGED: f"{was} merged into {now}",
    }
    return words[pair.state]


def summary(redline: Redline) -> str:
    """``17 pairs: 3 same, 14 changed; 514 words and marks changed``."""
    counts = ", ".join(f"{n} {state.value}" for state, n in redline.counts().items())
    total = len(redline.pairs)
    changed = redline.changed_tokens()
    noun = "pair" if total == 1 else "pairs"
    tokens = "1 word or mark" if changed == 1 else f"{changed} words and marks"
    return f"{total} {noun}: {counts or 'none'}; {tokens} changed"


@dataclass(frozen=True, slots=True)
class _Shown:
    """What a reader sees of one operation: plain text, or a mark around ``text`` followed
    by the plain whitespace ``after``."""

    op: Op
    text: str
    after: str = ""


def _shown(operations: Iterable[Operation], *, spaced: bool = False) -> list[_Shown]:
    """Operations as a reader sees them, in the new text's layout: layout inserts as plain
    text and layout deletes not at all; a deletion keeps one space after it only where the
    text would otherwise run into the next word, since its own whitespace is gone, and a
    deletion and an insertion side by side are a space apart if ``spaced`` (where only
    formatting tells them apart, as in HTML and PDF; text marks ``[-a-]{+b+}`` need none)."""
    visible = [
        Operation(Op.EQUAL, o.text) if o.layout else o
        for o in operations
        if not (o.layout and o.op is Op.DELETE)
    ]
    shown: list[_Shown] = []
    for index, operation in enumerate(visible):
        core = operation.text.rstrip()
        if operation.op is Op.EQUAL or not core:
            if operation.op is not Op.DELETE:
                shown.append(_Shown(Op.EQUAL, operation.text))
            continue
        after = operation.text[len(core) :]
        following = visible[index + 1] if index + 1 < len(visible) else None
        if operation.op is Op.DELETE:
            runs_on = following is not None and following.op is Op.EQUAL
            spaced_next = following is not None and following.text[:1].isspace()
            after = " " if after and runs_on and not spaced_next else ""
        if spaced and not after and _abuts(operation, following):
            after = " "  # "nine six", never "ninesix"
        shown.append(_Shown(operation.op, core, after))
    return shown


def _abuts(operation: Operation, following: Operation | None) -> bool:
    """Whether a deletion and an insertion (either first) would touch with nothing between:
    shown so, a reader (and any program reading the text back) sees one glued word."""
    return (
        following is not None
        and {operation.op, following.op} == {Op.DELETE, Op.INSERT}
        and not following.text[:1].isspace()
    )


def _label_line(pair: RedlinePair, mark: Callable[[Iterable[Operation]], str]) -> str:
    heading = mark(pair.heading_operations)
    return f"{pair.label} — {heading}" if heading else pair.label


# Plain text (wdiff's convention: [-deleted-] {+inserted+})


def render_text(redline: Redline, *, title: str = "Redline") -> str:
    lines = [title, summary(redline), "Deleted text is [-like this-], inserted text {+like this+}."]
    for pair in redline.pairs:
        lines += ["", f"=== {_label_line(pair, _text_marks)} ({describe(pair)})"]
        body = _text_marks(pair.operations)
        if body:
            lines.append(body)
    return "\n".join(lines) + "\n"


def _text_marks(operations: Iterable[Operation]) -> str:
    return "".join(_wrapped(o, ("[-", "-]"), ("{+", "+}")) for o in _shown(operations))


def _wrapped(shown: _Shown, deleted: tuple[str, str], inserted: tuple[str, str]) -> str:
    """A change in its marks, one pair of marks per paragraph (the breaks stay outside)."""
    if shown.op is Op.EQUAL:
        return shown.text
    start, end = deleted if shown.op is Op.DELETE else inserted
    parts = _PARAGRAPHS.split(shown.text)
    out = [part if index % 2 else f"{start}{part}{end}" for index, part in enumerate(parts)]
    return "".join(out) + shown.after


# CriticMarkup


def render_criticmarkup(redline: Redline, *, title: str = "Redline") -> str:
    """Markdown with CriticMarkup: ``{++inserted++}``, ``{--deleted--}``, ``{~~old~>new~~}``.
    Marks never span a paragraph break (CriticMarkup processors do not allow it)."""
    lines = [f"# {title}", "", summary(redline) + "."]
    for pair in redline.pairs:
        lines += ["", f"## {_label_line(pair, _critic)}", "", f"*{describe(pair)}*"]
        body = _critic(pair.operations)
        if body:
            lines += ["", body]
    return "\n".join(lines) + "\n"


def _critic(operations: Iterable[Operation]) -> str:
    shown = _shown(operations)
    out: list[str] = []
    index = 0
    while index < len(shown):
        item = shown[index]
        following = shown[index + 1] if index + 1 < len(shown) else None
        if following is not None and _substitution(item, following):
            out.append(f"{{~~{item.text}~>{following.text}~~}}{following.after}")
            index += 2
            continue
        out.append(_wrapped(item, ("{--", "--}"), ("{++", "++}")))
        index += 1
    return "".join(out)


def _substitution(item: _Shown, following: _Shown) -> bool:
    """A deletion right before an insertion, neither spanning a paragraph break."""
    return (
        item.op is Op.DELETE
        and following.op is Op.INSERT
        and not (_PARAGRAPHS.search(item.text) or _PARAGRAPHS.search(following.text))
    )


# HTML

_CSS = """
body { font: 1rem/1.5 Georgia, "Times New Roman", serif; margin: 0; color: #1a1a1a; }
main { max-width: 48rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.1rem; margin: 2rem 0 .25rem; }
.state { font: .85rem system-ui, sans-serif; color: #444; margin: 0 0 .5rem; }
.text { white-space: pre-wrap; }
ins { text-decoration: underline; text-decoration-thickness: 2px; background: #e3f6e8;
      color: #0b4a1d; }
del { text-decoration: line-through; text-decoration-thickness: 2px; background: #fde7ea;
      color: #7a1020; }
.pair.same .state { color: #666; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0;
      overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
@media print { ins, del { background: none; } }
.disputed .tabled { background: #fff4d6; }
.option { font-style: italic; }
.option b { font-style: normal; }
.proposed { border-left: 3px solid #b58900; padding-left: .75rem; }
""".strip()


def render_html(
    redline: Redline, *, title: str = "Redline", intro: str = "", author: str = ""
) -> str:
    """A complete page: inline CSS, no scripts, no external assets; opens anywhere."""
    intro_html = f"<p>{escape(intro)}</p>\n" if intro else ""
    return html_page(title, intro_html + render_html_body(redline, author=author))


def html_page(title: str, body: str, *, css: str = "") -> str:
    """``body`` (HTML, already escaped) in a standalone page under an escaped ``title``."""
    style = f"{_CSS}\n{css}" if css else _CSS
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>\n{style}\n</style>\n</head>\n<body>\n"
        f"<main>\n<h1>{escape(title)}</h1>\n{body}</main>\n</body>\n</html>\n"
    )


def render_html_body(redline: Redline, *, author: str = "") -> str:
    """The redline as an HTML fragment (a summary, a legend, one section per pair)."""
    parts = [
        f'<p class="summary">{escape(summary(redline))}.</p>\n',
        '<p class="legend">Inserted text is <ins>underlined</ins>; deleted text is '
        "<del>struck through</del>.</p>\n",
    ]
    for number, pair in enumerate(redline.pairs, 1):
        parts.append(_html_pair(pair, number, author))
    return "".join(parts)


def _html_pair(pair: RedlinePair, number: int, author: str) -> str:
    def marks(operations: Iterable[Operation]) -> str:
        return _html_marks(operations, author)

    body = marks(pair.operations)
    return (
        f'<section class="pair {pair.state.value}" aria-labelledby="pair-{number}">\n'
        f'<h2 id="pair-{number}">{_label_line_html(pair, marks)}</h2>\n'
        f'<p class="state">{escape(describe(pair))}</p>\n'
        + (f'<div class="text">{body}</div>\n' if body else "")
        + "</section>\n"
    )


def _label_line_html(pair: RedlinePair, marks: Callable[[Iterable[Operation]], str]) -> str:
    heading = marks(pair.heading_operations)
    label = escape(pair.label)
    return f"{label} — {heading}" if heading else label


def _html_marks(operations: Iterable[Operation], author: str) -> str:
    out = []
    for item in _shown(operations, spaced=True):
        if item.op is Op.EQUAL:
            out.append(escape(item.text))
            continue
        tag, word = ("ins", "inserted") if item.op is Op.INSERT else ("del", "deleted")
        attributes = f' title="{escape(word.capitalize() + (f" by {author}" if author else ""))}"'
        if author:
            attributes += f' data-author="{escape(author)}"'
        out.append(
            f'<{tag}{attributes}><span class="visually-hidden">{word}: </span>'
            f'{escape(item.text)}<span class="visually-hidden"> (end {word})</span></{tag}>'
            f"{escape(item.after)}"
        )
    return "".join(out)


def render_html_operations(operations: Iterable[Operation], *, author: str = "") -> str:
    """Operations alone as marked-up text (``<ins>``/``<del>``), for a page of its own."""
    return _html_marks(operations, author)
