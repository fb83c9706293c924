"""The consolidated text (:mod:`~inwriting.redline.brackets`) as plain text, Markdown or HTML.

Each provision is shown under its label and heading with its state and its counts, then its
text with the disputed wording bracketed and the options after it (``[nine] [Party B:
six]``); an option that removes words reads ``[Party B: delete]``. Proposals to delete or
reject the whole provision follow the text, which is then bracketed as a whole; exceptions
follow as notes; proposed provisions stand in brackets where they would go. The HTML is a
fragment (wrap it with :func:`~inwriting.redline.render.html_page` for a file); all text in
it is escaped.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from inwriting.domain.responses import PositionKind
from inwriting.redline.brackets import (
    BracketedProvision,
    ConsolidatedText,
    Item,
    Option,
    ProposedProvision,
    ProvisionState,
    Segment,
)

__all__ = [
    "consolidated_html",
    "consolidated_markdown",
    "consolidated_text",
    "state_line",
    "summary_line",
]

_WORDS = {PositionKind.DELETE: "delete", PositionKind.REJECT: "reject"}


def summary_line(text: ConsolidatedText) -> str:
    """``12 provisions: 5 agreed, 2 agreed with exceptions, 3 open, 2 unanswered; 7 brackets,
    4 options``."""
    counts = text.counts()
    states = ", ".join(f"{n} {state.value.replace('_', ' ')}" for state, n in counts.items())
    total = sum(counts.values())
    noun = "provision" if total == 1 else "provisions"
    return f"{total} {noun}: {states}; {_counted(text.brackets, text.options)}"


def _counted(brackets: int, options: int) -> str:
    return f"{_plural(brackets, 'bracket')}, {_plural(options, 'option')}"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def state_line(item: BracketedProvision) -> str:
    """``open: 3 brackets, 2 options`` · ``unanswered by Party C`` · ``agreed``."""
    if item.state is None:
        return "heading"
    words = item.state.value.replace("_", " ")
    if item.state is ProvisionState.OPEN:
        words += f": {_counted(item.brackets, item.options)}"
    if item.unanswered_by:
        words += f"; not answered by {', '.join(item.unanswered_by)}"
    return words


def _title(item: BracketedProvision) -> str:
    p = item.provision
    label = p.label or p.key
    return f"{label} — {p.heading}" if p.heading else label


def _option_words(option: Option) -> str:
    if option.lacking:
        return option.text  # "(proposed wording not given in nl)"
    if option.kind in _WORDS:
        return _WORDS[option.kind]
    return option.text or "delete"


def _text_of(
    segments: tuple[Segment, ...],
    bracket: Callable[[Segment], str],
    plain: Callable[[str], str] = str,
) -> str:
    """The segments joined (undisputed text through ``plain``, disputed through
    ``bracket``), with a space around a bracket wherever words would otherwise touch it."""
    out: list[str] = []
    last = ""  # the last character of the text as read, "]" after a bracket
    for segment in segments:
        if not segment.disputed:
            if last == "]" and segment.text[:1].isalnum():
                out.append(" ")
            out.append(plain(segment.text))
            last = segment.text[-1:] or last
            continue
        core = segment.text.rstrip()
        trailing = segment.text[len(core) :]
        if last.isalnum():
            out.append(" ")
        out.append(bracket(segment) + plain(trailing))
        last = trailing[-1:] or "]"
    return "".join(out)


# Plain text


def consolidated_text(text: ConsolidatedText, *, title: str = "Consolidated text") -> str:
    lines = [title, summary_line(text)]
    if text.parties:
        lines.append(f"Parties asked: {', '.join(text.parties)}")
    for item in text.items:
        lines += ["", *_plain_item(item)]
    return "\n".join(lines) + "\n"


def _plain_item(item: Item) -> list[str]:
    if isinstance(item, ProposedProvision):
        return [
            f"[{_parties(item.option)}: new provision after {item.after_label or item.after}:",
            f"{item.option.text}]",
        ]
    lines = [f"{_title(item)}  ({state_line(item)})"]
    body = _text_of(item.segments, _plain_bracket)
    if item.whole:
        body = f"[{body}]"
    if body.strip():
        lines.append(body)
    lines += [f"[{_parties(o)}: {_option_words(o)}]" for o in item.whole]
    lines += [f"Exception ({', '.join(n.parties)}): {n.text}" for n in item.exceptions]
    return lines


def _plain_bracket(segment: Segment) -> str:
    core = segment.text.rstrip()
    tabled = f"[{core}] " if core else ""
    return tabled + " ".join(f"[{_parties(o)}: {_option_words(o)}]" for o in segment.options)


def _parties(option: Option) -> str:
    return ", ".join(option.parties)


# Markdown


def consolidated_markdown(text: ConsolidatedText, *, title: str = "Consolidated text") -> str:
    lines = [f"# {_md(title)}", "", summary_line(text) + "."]
    if text.parties:
        lines += ["", f"Parties asked: {', '.join(_md(p) for p in text.parties)}."]
    for item in text.items:
        lines += ["", *_markdown_item(item)]
    return "\n".join(lines) + "\n"


def _markdown_item(item: Item) -> list[str]:
    if isinstance(item, ProposedProvision):
        who = _md(_parties(item.option))
        return [
            f"> \\[**{who}:** new provision after {_md(item.after_label or item.after)}:",
            ">",
            f"> {item.option.text}\\]",
        ]
    lines = [f"### {_md(_title(item))}", "", f"*{state_line(item)}*"]
    body = _text_of(item.segments, _markdown_bracket)
    if item.whole:
        body = f"\\[{body}\\]"
    if body.strip():
        lines += ["", body]
    for option in item.whole:
        lines += ["", f"\\[**{_md(_parties(option))}:** {_option_words(option)}\\]"]
    for note in item.exceptions:
        lines += ["", f"> Exception ({_md(', '.join(note.parties))}): {note.text}"]
    return lines


def _markdown_bracket(segment: Segment) -> str:
    core = segment.text.rstrip()
    tabled = f"\\[{core}\\] " if core else ""
    options = [f"\\[**{_md(_parties(o))}:** {_option_words(o)}\\]" for o in segment.options]
    return tabled + " ".join(options)


def _md(text: str) -> str:
    """Party names and titles as literal text in Markdown."""
    for char in "\\`*_[]#<>":
        text = text.replace(char, "\\" + char)
    return text


# HTML


def consolidated_html(text: ConsolidatedText) -> str:
    """An HTML fragment: a summary, then one section per provision or proposal."""
    parts = [f'<p class="summary">{escape(summary_line(text))}.</p>\n']
    if text.parties:
        parts.append(f"<p>Parties asked: {escape(', '.join(text.parties))}.</p>\n")
    for number, item in enumerate(text.items, 1):
        parts.append(_html_item(item, number))
    return "".join(parts)


def _html_item(item: Item, number: int) -> str:
    if isinstance(item, ProposedProvision):
        return (
            f'<section class="proposed" aria-label="{escape(_proposal_label(item))}">\n'
            f'<p class="option">[{_html_parties(item.option)} new provision after '
            f"{escape(item.after_label or item.after)}:</p>\n"
            f'<div class="text">{escape(item.option.text)}]</div>\n</section>\n'
        )
    state = item.state.value if item.state else "heading"
    body = _text_of(item.segments, _html_bracket, escape)
    if item.whole:
        body = f'<span class="disputed">[{body}]</span>'
    parts = [
        f'<section class="provision {state}" aria-labelledby="c-{number}">\n'
        f'<h2 id="c-{number}">{escape(_title(item))}</h2>\n'
        f'<p class="state">{escape(state_line(item))}</p>\n',
    ]
    if body.strip():
        parts.append(f'<div class="text">{body}</div>\n')
    for option in item.whole:
        words = escape(_option_words(option))
        parts.append(f'<p class="option">[{_html_parties(option)} {words}]</p>\n')
    for note in item.exceptions:
        who = escape(", ".join(note.parties))
        parts.append(f'<p class="exception">Exception ({who}): {escape(note.text)}</p>\n')
    return "".join(parts) + "</section>\n"


def _proposal_label(item: ProposedProvision) -> str:
    return f"Proposed by {_parties(item.option)} after {item.after_label or item.after}"


def _html_parties(option: Option) -> str:
    return f"<b>{escape(_parties(option))}:</b>"


def _html_bracket(segment: Segment) -> str:
    core = segment.text.rstrip()
    tabled = f'<span class="tabled">[{escape(core)}]</span> ' if core else ""
    options = " ".join(
        f'<span class="option" data-parties="{escape(_parties(o))}">'
        f"[{_html_parties(o)} {escape(_option_words(o))}]</span>"
        for o in segment.options
    )
    return f'<span class="disputed">{tabled}{options}</span>'
