"""The rules that make a response an answer (inwriting.domain.responses)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inwriting.domain.documents import Provision, ProvisionKind
from inwriting.domain.responses import (
    REQUIRED_FIELDS,
    Lacking,
    Position,
    PositionKind,
    ResponseContent,
    ResponseKind,
    coverage,
    is_blank,
    lacking,
    locate_problems,
    resolve_positions,
    validate_response,
    wording_problems,
    wordings_from,
)
from inwriting.errors import Problem, ValidationError

A = PositionKind

# The rule table, written out independently of REQUIRED_FIELDS so that weakening either
# the table or the check that reads it fails a test.
EXPECTED_REQUIRED = {
    A.ACCEPT: (),
    A.ACCEPT_WITH_EXCEPTION: ("exception",),
    A.AMEND: ("text", "reason"),
    A.REJECT: ("reason",),
    A.DELETE: ("reason",),
    A.ADD: ("text", "reason"),
}
KIND_FIELD_PAIRS = [(kind, name) for kind, names in EXPECTED_REQUIRED.items() for name in names]
BLANKS = ["", " ", "   ", "\n", "\t\n  ", "\u00a0", "\u3000", "\r\n"]


def article(n: int, text: str | None = None, parent: str | None = None) -> Provision:
    return Provision(
        key=f"art-{n}",
        kind=ProvisionKind.ARTICLE,
        label=f"Article {n}",
        number=str(n),
        heading="",
        text=text if text is not None else f"The text of article {n}.",
        parent=parent,
    )


def chapter(n: int) -> Provision:
    return Provision(f"ch-{n}", ProvisionKind.GROUP, f"Chapter {n}", str(n), "", "")


PREAMBLE = Provision("preamble", ProvisionKind.PREAMBLE, "Preamble", "", "", "The Parties,")
DOC = (
    PREAMBLE,
    chapter(1),
    article(1, parent="ch-1"),
    article(2, "Each Party shall  report\n\nevery year.", parent="ch-1"),
    chapter(2),
    article(3, parent="ch-2"),
)
ANSWERABLE = ("preamble", "art-1", "art-2", "art-3")


def complete(kind: PositionKind, target: str = "art-3") -> Position:
    """A position of ``kind`` with every field it requires filled in."""
    fields = {
        "text": "A new wording entirely.",
        "reason": "Because it matters.",
        "exception": "Except in wartime.",
    }
    given_fields = {name: fields[name] for name in EXPECTED_REQUIRED[kind]}
    if kind is A.ADD:
        return Position(kind, after=target, **given_fields)
    return Position(kind, provision=target, **given_fields)


def accept_all(*, skip: str = "") -> list[Position]:
    return [Position(A.ACCEPT, provision=key) for key in ANSWERABLE if key != skip]


def problems_for(*positions: Position, kind: ResponseKind = ResponseKind.INTERIM) -> list[Problem]:
    return validate_response(ResponseContent("Party B", kind, positions=positions), DOC)


def codes(problems: list[Problem]) -> list[str]:
    return [p.code for p in problems]


# --- what each position requires -------------------------------------------------------------


def test_the_rule_table_is_as_documented() -> None:
    assert REQUIRED_FIELDS == EXPECTED_REQUIRED


@pytest.mark.parametrize("kind", list(PositionKind))
def test_a_complete_position_of_each_kind_is_valid(kind: PositionKind) -> None:
    assert problems_for(complete(kind)) == []


@pytest.mark.parametrize(("kind", "name"), KIND_FIELD_PAIRS)
def test_each_required_field_missing_is_one_problem_naming_it(
    kind: PositionKind, name: str
) -> None:
    position = replace(complete(kind), **{name: ""})
    problems = problems_for(position)
    assert len(problems) == 1
    (problem,) = problems
    assert problem.field == name
    assert problem.code == f"missing_{name}"
    assert problem.where == position.where()
    assert kind.value in problem.message


@pytest.mark.parametrize(("kind", "name"), KIND_FIELD_PAIRS)
@pytest.mark.parametrize("blank", BLANKS)
def test_whitespace_only_counts_as_missing(kind: PositionKind, name: str, blank: str) -> None:
    problems = problems_for(replace(complete(kind), **{name: blank}))
    assert codes(problems) == [f"missing_{name}"]


@pytest.mark.parametrize("kind", [A.AMEND, A.ADD])
def test_a_position_missing_everything_reports_every_field(kind: PositionKind) -> None:
    target = {"after": "art-3"} if kind is A.ADD else {"provision": "art-3"}
    problems = problems_for(Position(kind, **target))
    assert sorted(p.field for p in problems) == ["reason", "text"]


def test_is_blank() -> None:
    assert is_blank(None)
    for blank in BLANKS:
        assert is_blank(blank)
    assert not is_blank(" x ")


@pytest.mark.parametrize("kind", list(PositionKind))
def test_a_reason_may_explain_any_position(kind: PositionKind) -> None:
    assert problems_for(replace(complete(kind), reason="We say why.")) == []


# --- amendments must change something ------------------------------------------------------


@pytest.mark.parametrize(
    "same",
    [
        "Each Party shall  report\n\nevery year.",
        "Each Party shall report every year.",
        "  Each Party\tshall report\n every year.  ",
    ],
)
def test_an_amendment_identical_to_the_text_is_refused(same: str) -> None:
    problems = problems_for(Position(A.AMEND, provision="Article 2", text=same, reason="R."))
    assert codes(problems) == ["no_change"]
    assert problems[0].field == "text"
    assert problems[0].where == "Article 2"


@pytest.mark.parametrize(
    "changed",
    ["Each Party shall report every second year.", "each party shall report every year."],
)
def test_an_amendment_that_changes_words_or_case_is_a_change(changed: str) -> None:
    assert problems_for(Position(A.AMEND, provision="art-2", text=changed, reason="R.")) == []


# --- fields a position has no place for -------------------------------------------------------


@pytest.mark.parametrize("kind", [k for k in PositionKind if k is not A.ACCEPT_WITH_EXCEPTION])
def test_an_exception_is_refused_except_on_accept_with_exception(kind: PositionKind) -> None:
    problems = problems_for(replace(complete(kind), exception="Except on Sundays."))
    assert [(p.code, p.field) for p in problems] == [("unexpected_field", "exception")]
    assert "accept_with_exception" in problems[0].message


@pytest.mark.parametrize("kind", [A.ACCEPT, A.ACCEPT_WITH_EXCEPTION, A.DELETE])
def test_a_text_is_refused_where_it_would_be_lost(kind: PositionKind) -> None:
    problems = problems_for(replace(complete(kind), text="Some wording."))
    assert [(p.code, p.field) for p in problems] == [("unexpected_field", "text")]
    assert "use amend" in problems[0].message


def test_a_reject_may_carry_a_counter_text() -> None:
    # Current rule: reject is in the set of positions that take a text (see _TAKES_TEXT).
    assert problems_for(replace(complete(A.REJECT), text="Our counter-proposal.")) == []


@pytest.mark.parametrize("kind", [k for k in PositionKind if k is not A.ADD])
def test_after_is_refused_on_anything_but_add(kind: PositionKind) -> None:
    problems = problems_for(replace(complete(kind), after="art-1"))
    assert [(p.code, p.field) for p in problems] == [("unexpected_field", "after")]


def test_provision_is_refused_on_add() -> None:
    problems = problems_for(replace(complete(A.ADD), provision="art-1"))
    assert [(p.code, p.field) for p in problems] == [("unexpected_field", "provision")]


# --- references: keys and labels -------------------------------------------------------------


@pytest.mark.parametrize(
    "ref", ["art-3", " art-3 ", "Article 3", "article 3", "ARTICLE   3", "  Article\t3\n"]
)
def test_a_reference_is_a_key_or_a_label_ignoring_case_and_spacing(ref: str) -> None:
    resolved, problems = resolve_positions([Position(A.ACCEPT, provision=ref)], DOC)
    assert problems == []
    assert resolved[0].provision == "art-3"
    assert resolved[0].ref == ref  # what the author wrote, to quote back


def test_an_add_resolves_its_after_reference() -> None:
    resolved, problems = resolve_positions([complete(A.ADD, target="article 2")], DOC)
    assert problems == []
    assert resolved[0].after == "art-2"
    assert resolved[0].provision == ""
    assert resolved[0].ref == "article 2"


def test_a_key_wins_over_a_label() -> None:
    odd = Provision("x-1", ProvisionKind.ANNEX, "art-2", "1", "", "An annex labelled like a key.")
    resolved, problems = resolve_positions([Position(A.ACCEPT, provision="art-2")], (odd, *DOC))
    assert problems == []
    assert resolved[0].provision == "art-2"


def test_a_label_shared_by_several_provisions_must_be_given_as_a_key() -> None:
    twice = (
        chapter(1),
        replace(article(1, parent="ch-1"), key="ch-1.art-1"),
        chapter(2),
        replace(article(1, parent="ch-2"), key="ch-2.art-1"),
    )
    draft = ResponseContent("Party B", positions=(Position(A.ACCEPT, provision="Article 1"),))
    problems = validate_response(draft, twice)
    ambiguous = [p for p in problems if p.code == "ambiguous_provision"]
    assert len(ambiguous) == 1
    assert ambiguous[0].where == "Article 1"
    assert "ch-1.art-1, ch-2.art-1" in ambiguous[0].message
    by_key = ResponseContent(
        "Party B",
        positions=(
            Position(A.ACCEPT, provision="ch-1.art-1"),
            Position(A.ACCEPT, provision="ch-2.art-1"),
        ),
    )
    assert validate_response(by_key, twice) == []


@pytest.mark.parametrize("ref", ["Article 9", "art-9", "Annex 1", "preamble-2"])
def test_an_unknown_provision_is_reported_never_guessed(ref: str) -> None:
    problems = problems_for(Position(A.ACCEPT, provision=ref))
    assert [(p.code, p.field, p.where) for p in problems] == [
        ("unknown_provision", "provision", ref)
    ]
    assert "no such provision" in problems[0].message


@pytest.mark.parametrize("ref", ["ch-1", "Chapter 2", "chapter  1"])
def test_a_heading_only_provision_cannot_be_answered(ref: str) -> None:
    problems = problems_for(Position(A.ACCEPT, provision=ref))
    assert [(p.code, p.where) for p in problems] == [("unknown_provision", ref)]
    assert "heading only" in problems[0].message


@pytest.mark.parametrize("kind", [k for k in PositionKind if k is not A.ADD])
@pytest.mark.parametrize("blank", ["", "  "])
def test_a_position_naming_no_provision_is_reported(kind: PositionKind, blank: str) -> None:
    problems = problems_for(Position(A.ACCEPT), replace(complete(kind), provision=blank))
    no_provision = [p for p in problems if p.code == "no_provision"]
    assert [(p.field, p.where) for p in no_provision] == [
        ("provision", "position 1"),
        ("provision", blank or "position 2"),
    ]


# --- additions ------------------------------------------------------------------------------


@pytest.mark.parametrize("after", ["art-1", "Article 2", "preamble"])
def test_an_addition_after_an_existing_provision_is_accepted(after: str) -> None:
    assert problems_for(complete(A.ADD, target=after)) == []


def test_an_addition_may_open_a_chapter() -> None:
    assert problems_for(complete(A.ADD, target="ch-2")) == []


def test_an_addition_after_an_unknown_provision_is_refused() -> None:
    problems = problems_for(complete(A.ADD, target="Article 12"))
    assert [(p.code, p.field, p.where) for p in problems] == [
        ("unknown_provision", "after", "Article 12")
    ]


def test_an_addition_after_nothing_is_refused() -> None:
    problems = problems_for(complete(A.ADD, target=""))
    assert [(p.code, p.field, p.where) for p in problems] == [
        ("no_provision", "after", "position 1")
    ]


def test_additions_are_not_answers_and_are_never_duplicates() -> None:
    draft = ResponseContent(
        "Party B",
        positions=(*accept_all(), complete(A.ADD, "art-1"), complete(A.ADD, "art-1")),
    )
    assert validate_response(draft, DOC) == []
    assert coverage(draft, DOC) == (4, 4)


# --- completeness: formal and interim ------------------------------------------------------


def test_a_formal_response_answering_everything_is_valid() -> None:
    draft = ResponseContent("Party B", ResponseKind.FORMAL, positions=tuple(accept_all()))
    assert validate_response(draft, DOC) == []


@pytest.mark.parametrize("missing", ANSWERABLE)
def test_a_formal_response_must_answer_every_answerable_provision(missing: str) -> None:
    draft = ResponseContent("Party B", positions=tuple(accept_all(skip=missing)))
    problems = validate_response(draft, DOC)
    assert [(p.code, p.where, p.field) for p in problems] == [("unanswered", missing, "position")]


def test_unanswered_provisions_are_named_by_label() -> None:
    draft = ResponseContent("Party B", positions=tuple(accept_all(skip="art-2")))
    assert validate_response(draft, DOC)[0].message == "Article 2 is not answered"


def test_headings_need_no_answer() -> None:
    draft = ResponseContent("Party B", positions=tuple(accept_all()))
    assert validate_response(draft, DOC) == []
    assert coverage(draft, DOC) == (4, 4)


def test_an_interim_response_may_leave_provisions_unanswered() -> None:
    draft = ResponseContent(
        "Party B", ResponseKind.INTERIM, positions=(Position(A.ACCEPT, provision="art-1"),)
    )
    assert validate_response(draft, DOC) == []
    assert validate_response(ResponseContent("Party B", ResponseKind.INTERIM), DOC) == []


def test_an_interim_response_is_still_held_to_every_other_rule() -> None:
    draft = ResponseContent(
        "Party B", ResponseKind.INTERIM, positions=(Position(A.REJECT, provision="art-1"),)
    )
    assert codes(validate_response(draft, DOC)) == ["missing_reason"]


def test_the_default_kind_is_formal() -> None:
    assert ResponseContent("Party B").kind is ResponseKind.FORMAL
    assert codes(validate_response(ResponseContent("Party B"), DOC)) == ["unanswered"] * 4


# --- duplicates ------------------------------------------------------------------------------


def test_answering_a_provision_twice_is_one_problem() -> None:
    draft = ResponseContent(
        "Party B", positions=(*accept_all(), complete(A.REJECT, target="Article 3"))
    )
    problems = validate_response(draft, DOC)
    assert [(p.code, p.where, p.field) for p in problems] == [("duplicate", "art-3", "provision")]
    assert problems[0].message == "answered 2 times; answer once"


def test_three_answers_are_counted() -> None:
    extra = [Position(A.ACCEPT, provision=ref) for ref in ("art-1", "ARTICLE 1")]
    draft = ResponseContent("Party B", positions=(*accept_all(), *extra))
    problems = validate_response(draft, DOC)
    assert [p.message for p in problems] == ["answered 3 times; answer once"]


def test_an_unknown_reference_written_twice_is_not_also_a_duplicate() -> None:
    twice = [Position(A.ACCEPT, provision="Article 9")] * 2
    assert codes(problems_for(*twice)) == ["unknown_provision", "unknown_provision"]


# --- every problem at once, and where each is --------------------------------------------------


def test_every_problem_is_reported_at_once() -> None:
    draft = ResponseContent(
        "Party B",
        positions=(
            Position(A.AMEND, provision="art-1", text="The text of article 1."),
            Position(A.DELETE, provision="Article 7", reason="R."),
            Position(A.ACCEPT, provision="art-1"),
        ),
    )
    assert sorted(codes(validate_response(draft, DOC))) == sorted(
        [
            "unknown_provision",
            "missing_reason",
            "no_change",
            "duplicate",
            "unanswered",  # preamble
            "unanswered",  # art-2
            "unanswered",  # art-3
        ]
    )


def test_locate_problems_pairs_each_problem_with_its_position() -> None:
    draft = ResponseContent(
        "Party B",
        positions=(
            Position(A.ACCEPT, provision="preamble"),
            Position(A.REJECT, provision="art-1"),
            Position(A.ACCEPT, provision="Article 8"),
            Position(A.ACCEPT, provision="art-1"),
            Position(A.ACCEPT, provision="art-1"),
        ),
    )
    located = locate_problems(draft, DOC)
    assert [(index, p.code) for index, p in located] == [
        (2, "unknown_provision"),
        (1, "missing_reason"),
        (3, "duplicate"),  # the first repeat
        (None, "unanswered"),
        (None, "unanswered"),
    ]
    assert [p for _, p in located] == validate_response(draft, DOC)


def test_resolved_positions_are_not_resolved_again() -> None:
    positions, problems = resolve_positions(accept_all(), DOC)
    assert problems == []
    draft = ResponseContent("Party B", positions=positions)
    assert validate_response(draft, DOC, resolved=True) == []
    # resolved=True trusts the caller: no reference is looked up (or reported) again.
    by_label = ResponseContent(
        "Party B", ResponseKind.INTERIM, positions=(Position(A.ACCEPT, provision="Article 9"),)
    )
    assert validate_response(by_label, DOC, resolved=True) == []
    assert codes(validate_response(by_label, DOC)) == ["unknown_provision"]


def test_where_names_the_target_as_written() -> None:
    assert Position(A.ACCEPT, provision="art-1", ref="Article 1").where() == "Article 1"
    assert Position(A.ACCEPT, provision="art-1").where() == "art-1"
    assert Position(A.ADD, after="art-1").where() == "after art-1"
    assert Position(A.ADD).where() == ""
    assert Position(A.ADD).target == ""


def test_coverage_counts_distinct_answerable_provisions() -> None:
    draft = ResponseContent(
        "Party B",
        positions=(
            Position(A.ACCEPT, provision="art-1"),
            Position(A.ACCEPT, provision="art-1"),
            Position(A.ACCEPT, provision="ch-1"),
        ),
    )
    assert coverage(draft, DOC) == (1, 4)


def test_disagreeing_positions() -> None:
    assert {k for k in PositionKind if k.disagrees} == {A.AMEND, A.REJECT, A.DELETE}


# --- properties -------------------------------------------------------------------------------


@st.composite
def documents(draw: st.DrawFn) -> tuple[Provision, ...]:
    """Articles with distinct numbers (so labels are unique), some under chapters, maybe a
    preamble."""
    numbers = draw(st.lists(st.integers(1, 500), min_size=1, max_size=25, unique=True))
    texts = st.text(min_size=1, max_size=40).filter(lambda t: t.strip())
    provisions: list[Provision] = []
    if draw(st.booleans()):
        provisions.append(PREAMBLE)
    chapters = 0
    parent: str | None = None
    for n in numbers:
        if draw(st.integers(0, 4)) == 0:
            chapters += 1
            provisions.append(chapter(chapters))
            parent = f"ch-{chapters}"
        provisions.append(article(n, draw(texts), parent))
    return tuple(provisions)


def written_reference(draw: st.DrawFn, provision: Provision) -> str:
    """A key or a label, the way people type them."""
    return draw(
        st.sampled_from(
            [
                provision.key,
                f" {provision.key} ",
                provision.label,
                provision.label.upper(),
                provision.label.lower(),
                provision.label.replace(" ", "   "),
                f"\t{provision.label}\n",
            ]
        )
    )


@st.composite
def full_answers(draw: st.DrawFn) -> tuple[tuple[Provision, ...], ResponseContent]:
    """A document and a formal response answering each answerable provision once, with
    every field each position requires, plus some additions."""
    provisions = draw(documents())
    reasons = st.text(min_size=1, max_size=30).filter(lambda t: t.strip())
    positions: list[Position] = []
    for provision in provisions:
        if not provision.answerable:
            continue
        kind = draw(st.sampled_from([k for k in PositionKind if k is not A.ADD]))
        fields: dict[str, str] = {}
        if "text" in EXPECTED_REQUIRED[kind]:
            fields["text"] = f"Instead: {provision.text} and more."
        if "reason" in EXPECTED_REQUIRED[kind] or draw(st.booleans()):
            fields["reason"] = draw(reasons)
        if "exception" in EXPECTED_REQUIRED[kind]:
            fields["exception"] = draw(reasons)
        positions.append(Position(kind, provision=written_reference(draw, provision), **fields))
    for _ in range(draw(st.integers(0, 3))):
        after = draw(st.sampled_from(provisions))
        positions.append(
            Position(
                A.ADD,
                after=written_reference(draw, after),
                text=draw(reasons),
                reason=draw(reasons),
            )
        )
    positions = draw(st.permutations(positions))
    return provisions, ResponseContent("Party B", ResponseKind.FORMAL, positions=tuple(positions))


@given(full_answers())
def test_a_response_answering_every_provision_always_validates(
    case: tuple[tuple[Provision, ...], ResponseContent],
) -> None:
    provisions, draft = case
    assert validate_response(draft, provisions) == []
    answerable = sum(p.answerable for p in provisions)
    resolved, _ = resolve_positions(draft.positions, provisions)
    assert coverage(replace(draft, positions=resolved), provisions) == (answerable, answerable)


@given(full_answers(), st.data())
def test_removing_any_answer_leaves_exactly_that_provision_unanswered(
    case: tuple[tuple[Provision, ...], ResponseContent], data: st.DataObject
) -> None:
    provisions, draft = case
    answers = [i for i, p in enumerate(draft.positions) if p.kind is not A.ADD]
    dropped = data.draw(st.sampled_from(answers))
    resolved, _ = resolve_positions([draft.positions[dropped]], provisions)
    rest = draft.positions[:dropped] + draft.positions[dropped + 1 :]
    problems = validate_response(replace(draft, positions=rest), provisions)
    assert [(p.code, p.where) for p in problems] == [("unanswered", resolved[0].provision)]


@given(full_answers(), st.data())
def test_blanking_a_required_field_is_one_problem_naming_it(
    case: tuple[tuple[Provision, ...], ResponseContent], data: st.DataObject
) -> None:
    provisions, draft = case
    candidates = [
        (i, name) for i, p in enumerate(draft.positions) for name in EXPECTED_REQUIRED[p.kind]
    ]
    if not candidates:  # every answer an accept, no additions
        return
    index, name = data.draw(st.sampled_from(candidates))
    blank = data.draw(st.sampled_from(BLANKS))
    positions = list(draft.positions)
    positions[index] = replace(positions[index], **{name: blank})
    located = locate_problems(replace(draft, positions=tuple(positions)), provisions)
    assert [(i, p.code, p.field) for i, p in located] == [(index, f"missing_{name}", name)]


# --- wordings: a proposed text in the version's other languages ------------------------------


def test_wordings_are_tagged_as_people_write_tags_and_each_language_once() -> None:
    assert wordings_from({"NL": "a", "zh-hans": "b"}) == {"nl": "a", "zh-Hans": "b"}
    with pytest.raises(ValidationError, match="the nl wording is given twice"):
        wordings_from({"nl": "a", "NL": "b"})
    with pytest.raises(ValidationError, match="is not a language tag"):
        wordings_from({"dutch!": "a"})


def test_a_wording_has_a_place_only_in_another_language_of_the_version() -> None:
    amend = Position(PositionKind.AMEND, "art-1", text="T", reason="R")
    good = replace(amend, wordings={"nl": "Tekst"})
    assert wording_problems([good], "en", ("nl", "fr")) == []
    cases = [
        (replace(amend, wordings={"de": "Text"}), "unknown_language"),
        (replace(amend, wordings={"nl": " \n"}), "empty_wording"),
        (replace(amend, wordings={"en": "T2"}), "original_language"),
        (
            Position(PositionKind.DELETE, "art-1", reason="R", wordings={"nl": "x"}),
            "unexpected_field",
        ),
        (
            Position(PositionKind.AMEND, "art-1", reason="R", wordings={"nl": "x"}),
            "unexpected_field",
        ),
    ]
    for position, code in cases:
        assert [p.code for p in wording_problems([position], "en", ("nl", "fr"))] == [code]


def test_what_a_proposal_lacks_is_said_not_refused() -> None:
    amend = Position(PositionKind.AMEND, "art-1", text="T", reason="R", wordings={"nl": "Tekst"})
    reject = Position(PositionKind.REJECT, "art-2", text="Other words.", reason="R")
    bare_reject = Position(PositionKind.REJECT, "art-3", reason="R")
    add = Position(PositionKind.ADD, after="art-3", text="New.", reason="R")
    found = lacking([amend, reject, bare_reject, add], ("fr", "nl"))
    assert found == (
        Lacking("art-1", ("fr",)),
        Lacking("art-2", ("fr", "nl")),
        Lacking("after art-3", ("fr", "nl")),
    )
    assert lacking([amend], ()) == ()
    assert hash(amend) == hash(replace(amend, wordings={}))  # still a value: hashable
    assert amend != replace(amend, wordings={})
