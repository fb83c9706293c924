"""The consolidated text: states, brackets where parties disagree, joint options, counts."""

from __future__ import annotations

from inwriting.domain.documents import Provision, ProvisionKind
from inwriting.domain.responses import Position, PositionKind, ResponseContent
from inwriting.redline.bracket_render import (
    consolidated_html,
    consolidated_markdown,
    consolidated_text,
)
from inwriting.redline.brackets import (
    ConsolidatedText,
    Option,
    ProposedProvision,
    ProvisionState,
    consolidate,
)

K = PositionKind


def article(number: int, text: str, heading: str = "") -> Provision:
    return Provision(
        f"art-{number}", ProvisionKind.ARTICLE, f"Article {number}", str(number), heading, text
    )


VERSION = (
    Provision("ch-1", ProvisionKind.GROUP, "CHAPTER I", "1", "General", ""),
    article(1, "This Agreement applies to the Lysra river basin.", "Scope"),
    article(2, "The judges shall be elected for nine years. They may be re-elected."),
    article(3, "Each Party shall report annually."),
    article(4, "The Commission shall meet twice a year."),
)


def response(party: str, *positions: Position) -> ResponseContent:
    return ResponseContent(party, positions=positions)


def accept(key: str) -> Position:
    return Position(K.ACCEPT, key)


def amend(key: str, text: str) -> Position:
    return Position(K.AMEND, key, text=text, reason="because")


B = response(
    "Party B",
    accept("art-1"),
    amend("art-2", "The judges shall be elected for six years. They may not be re-elected."),
    Position(K.ACCEPT_WITH_EXCEPTION, "art-3", exception="Not before 2027."),
    accept("art-4"),
    Position(K.ADD, after="art-3", text="Each Party shall publish its report.", reason="r"),
)
C = response(
    "Party C",
    accept("art-1"),
    amend("art-2", "The judges shall be elected for six years. They may be re-elected once."),
    accept("art-3"),
    Position(K.DELETE, "art-4", reason="not needed"),
    Position(K.ADD, after="art-3", text="Each Party shall  publish its report.", reason="r"),
)


def consolidated() -> ConsolidatedText:
    return consolidate(VERSION, {"Party B": B, "Party C": C}, ["Party B", "Party C"])


def test_states() -> None:
    text = consolidated()
    states = {p.provision.key: p.state for p in text.provisions()}
    assert states == {
        "ch-1": None,
        "art-1": ProvisionState.AGREED,
        "art-2": ProvisionState.OPEN,
        "art-3": ProvisionState.AGREED_WITH_EXCEPTIONS,
        "art-4": ProvisionState.OPEN,
    }
    assert text.counts() == {
        ProvisionState.AGREED: 1,
        ProvisionState.AGREED_WITH_EXCEPTIONS: 1,
        ProvisionState.OPEN: 2,
        ProvisionState.UNANSWERED: 0,
    }


def test_a_party_asked_who_has_not_answered_leaves_it_unanswered() -> None:
    text = consolidate(VERSION, {"Party B": B}, ["Party B", "Party D"])
    by_key = {p.provision.key: p for p in text.provisions()}
    assert by_key["art-1"].state is ProvisionState.UNANSWERED
    assert by_key["art-1"].unanswered_by == ("Party D",)
    assert by_key["art-2"].state is ProvisionState.OPEN  # a disagreement is open regardless
    assert all(
        p.state is ProvisionState.UNANSWERED
        for p in consolidate(VERSION, {}, []).provisions()
        if p.state is not None
    )


def test_only_the_disputed_words_are_bracketed_and_identical_wording_is_joint() -> None:
    art2 = consolidated().provisions()[2]
    disputed = [s for s in art2.segments if s.disputed]
    assert [(s.text.strip(), s.options) for s in disputed] == [
        ("nine", (Option(("Party B", "Party C"), K.AMEND, "six"),)),
        ("", (Option(("Party B",), K.AMEND, "not"),)),
        ("", (Option(("Party C",), K.AMEND, "once"),)),
    ]
    assert "".join(s.text for s in art2.segments) == VERSION[2].text
    assert (art2.brackets, art2.options) == (4, 3)


def test_whole_provision_proposals_and_new_provisions() -> None:
    text = consolidated()
    art4 = text.provisions()[4]
    assert art4.whole == (Option(("Party C",), K.DELETE),)
    assert (art4.brackets, art4.options) == (2, 1)
    proposals = [item for item in text.items if isinstance(item, ProposedProvision)]
    assert proposals == [
        ProposedProvision(
            "art-3",
            Option(("Party B", "Party C"), K.ADD, "Each Party shall publish its report."),
            "Article 3",
        )
    ]
    keys = [getattr(item, "provision", None) for item in text.items]
    assert keys.index(None) == 4  # right after Article 3
    assert (text.brackets, text.options) == (4 + 2 + 1, 3 + 1 + 1)


def test_exceptions_are_notes_not_brackets() -> None:
    art3 = consolidated().provisions()[3]
    assert [(n.parties, n.text) for n in art3.exceptions] == [(("Party B",), "Not before 2027.")]
    assert art3.brackets == 0


def test_plain_text() -> None:
    out = consolidated_text(consolidated())
    assert "4 provisions: 1 agreed, 1 agreed with exceptions, 2 open, 0 unanswered" in out
    assert "7 brackets, 5 options" in out
    assert (
        "The judges shall be elected for [nine] [Party B, Party C: six] years. "
        "They may [Party B: not] be re-elected [Party C: once]." in out
    )
    assert "[The Commission shall meet twice a year.]\n[Party C: delete]" in out
    assert "[Party B, Party C: new provision after Article 3:" in out
    assert "Exception (Party B): Not before 2027." in out


def test_markdown_and_html_escape_what_they_show() -> None:
    version = (article(1, "Use <b>bold</b> & *stars*."),)
    hostile = response("Party <X>", amend("art-1", "Use <i>italics</i> & *stars*."))
    text = consolidate(version, {"Party <X>": hostile}, ["Party <X>"])
    html = consolidated_html(text)
    assert "<i>" not in html and "</i>" not in html and "&lt;/" in html
    assert "Party &lt;X&gt;" in html and "<X>" not in html
    assert 'data-parties="Party &lt;X&gt;"' in html
    markdown = consolidated_markdown(text)
    assert "\\[**Party \\<X\\>:**" in markdown
