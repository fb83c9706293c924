"""A party's written answer to a version, and the rules that make it an answer.

A response holds a cover note, at most one position per answerable provision, and proposed
additions (``add`` positions, placed *after* an existing key). What each position requires:

=========================  ==========================================
``accept``                 nothing
``accept_with_exception``  ``exception``
``amend``                  ``text`` (differing from the current text) and ``reason``
``reject``                 ``reason``
``delete``                 ``reason``
``add``                    ``after`` (an existing key), ``text`` and ``reason``
=========================  ==========================================

Blank or whitespace-only text counts as missing: an empty reason is no reason. A field the
position has no place for (an ``exception`` on an ``amend``, a ``text`` on an ``accept``, an
``after`` on anything but ``add``, a ``provision`` on an ``add``) is refused rather than lost.
A reference is a key or a label; a label shared by several provisions must be given as a key.
A *formal* response answers every answerable provision exactly once; an *interim* one may
leave provisions unanswered and is labelled interim wherever it is shown.

:func:`validate_response` returns *every* problem at once, each naming the provision and the
field, so a drafter can fix a whole response in one pass.

A party answers a provision once for all the languages of a version (equally authentic
texts); what it *proposes* it may give in each: ``text`` in the version's own language (the
required one), ``wordings`` in its other languages. A wording with no place (a language the
version lacks, its own language, an empty one, a position proposing no text) is refused
(:func:`wording_problems`); a language not given is only said (:func:`lacking`), never a
problem that blocks submission.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from inwriting.domain.documents import Provision, References
from inwriting.domain.languages import language_tag
from inwriting.errors import Problem, ValidationError


class PositionKind(StrEnum):
    ACCEPT = "accept"
    ACCEPT_WITH_EXCEPTION = "accept_with_exception"
    AMEND = "amend"
    REJECT = "reject"
    DELETE = "delete"
    ADD = "add"

    @property
    def disagrees(self) -> bool:
        return self in (PositionKind.AMEND, PositionKind.REJECT, PositionKind.DELETE)


class ResponseKind(StrEnum):
    FORMAL = "formal"
    INTERIM = "interim"


class ResponseStatus(StrEnum):
    """A response's life: a private draft, perhaps approved, then submitted (put in writing),
    and at most once superseded by a newer one that names it. Never back."""

    DRAFT = "draft"
    APPROVED = "approved"
    SUBMITTED = "submitted"
    SUPERSEDED = "superseded"

    @property
    def sent(self) -> bool:
        """Put in writing: never edited or deleted afterwards (DESIGN.md rule 5)."""
        return self in (ResponseStatus.SUBMITTED, ResponseStatus.SUPERSEDED)


SENT = frozenset(s for s in ResponseStatus if s.sent)
UNSENT = frozenset(s for s in ResponseStatus if not s.sent)


class ProvisionState(StrEnum):
    """Where the parties stand on one provision, from their submitted positions."""

    AGREED = "agreed"  # every party asked accepted it
    AGREED_WITH_EXCEPTIONS = "agreed_with_exceptions"  # all accepted, some with an exception
    OPEN = "open"  # some party would amend, reject or delete it
    UNANSWERED = "unanswered"  # otherwise


# Which fields each position must fill in (beyond naming its provision).
REQUIRED_FIELDS: dict[PositionKind, tuple[str, ...]] = {
    PositionKind.ACCEPT: (),
    PositionKind.ACCEPT_WITH_EXCEPTION: ("exception",),
    PositionKind.AMEND: ("text", "reason"),
    PositionKind.REJECT: ("reason",),
    PositionKind.DELETE: ("reason",),
    PositionKind.ADD: ("text", "reason"),
}


@dataclass(frozen=True)
class Position:
    """One answer. ``provision`` is the key answered; for ``add`` it is empty and ``after``
    names the key the new provision follows. ``ref`` keeps what the author wrote (a label or
    key) so problems can quote it back."""

    kind: PositionKind
    provision: str = ""
    after: str = ""
    text: str = ""
    reason: str = ""
    exception: str = ""
    ref: str = ""
    # The proposed text in the version's other languages (language tag -> wording): ``text``
    # is the wording in the version's own language, always the required one. Left out of
    # the hash (a dict is not hashable); equality still compares it.
    wordings: dict[str, str] = field(default_factory=dict, hash=False)

    @property
    def target(self) -> str:
        return self.after if self.kind is PositionKind.ADD else self.provision

    def where(self) -> str:
        shown = self.ref or self.target
        return f"after {shown}" if self.kind is PositionKind.ADD and shown else shown

    @property
    def proposes_text(self) -> bool:
        """It proposes wording (an amendment, an addition, a reject with a text)."""
        return self.kind in _TAKES_TEXT and not is_blank(self.text)

    def wording(self, language: str) -> str:
        """The proposed text in ``language`` (one of the version's other languages), or ""."""
        return self.wordings.get(language, "")

    def lacks(self, languages: Sequence[str]) -> tuple[str, ...]:
        """Of the version's other ``languages``, those its proposed text is not given in."""
        if not self.proposes_text:
            return ()
        return tuple(lang for lang in languages if is_blank(self.wordings.get(lang)))


@dataclass(frozen=True)
class Lacking:
    """A position proposing text that is not given in every language of the version."""

    where: str  # as Position.where() names it
    languages: tuple[str, ...]


@dataclass(frozen=True)
class ResponseContent:
    """What a response says: its party, kind, cover note and positions in the author's order.
    The same value while the response is a draft and once it is submitted: "draft" names a
    status of the response (``ResponseStatus``), never this."""

    party: str
    kind: ResponseKind = ResponseKind.FORMAL
    cover_note: str = ""
    positions: tuple[Position, ...] = field(default_factory=tuple)


_TAKES_TEXT = (PositionKind.AMEND, PositionKind.ADD, PositionKind.REJECT)


def is_blank(value: str | None) -> bool:
    return value is None or not value.strip()


def wordings_from(given: Mapping[str, str]) -> dict[str, str]:
    """Wordings as a front door received them (tag -> text), tags in their conventional
    case; a malformed tag or a tag given twice is refused (:class:`ValidationError`)."""
    found: dict[str, str] = {}
    for tag, text in given.items():
        language = language_tag(tag)
        if language in found:
            raise ValidationError(f"the {language} wording is given twice")
        found[language] = text
    return dict(sorted(found.items()))


def wording_problems(
    positions: Sequence[Position], original: str, languages: Sequence[str]
) -> list[Problem]:
    """What is wrong with the positions' wordings, for a version written in ``original``
    with language texts in ``languages``: a wording in a language the version lacks (or in
    its own language, which is the position's ``text``), an empty one, or one on a position
    proposing no text. Never a missing language: that is :func:`lacking`, reported only."""
    problems = []
    for index, pos in enumerate(positions):
        where = pos.where() or f"position {index + 1}"
        for language, text in pos.wordings.items():
            if language == original:
                message = f"the {original} wording is the text itself; give other languages only"
                problems.append(Problem(message, where, "wordings", "original_language"))
            elif language not in languages:
                has = ", ".join([original, *languages])
                message = f"the version has no {language} text (it is in {has})"
                problems.append(Problem(message, where, "wordings", "unknown_language"))
            elif is_blank(text):
                message = f"the {language} wording is empty: give it, or leave it out"
                problems.append(Problem(message, where, "wordings", "empty_wording"))
        if pos.wordings and not pos.proposes_text:
            message = (
                f"{pos.kind.value} proposes no text, so no wording in another language"
                if pos.kind not in _TAKES_TEXT
                else f"give the {original} text first; the other languages translate it"
            )
            problems.append(Problem(message, where, "wordings", "unexpected_field"))
    return problems


def lacking(positions: Sequence[Position], languages: Sequence[str]) -> tuple[Lacking, ...]:
    """The positions proposing text not given in each of ``languages`` (the version's other
    languages): allowed, and said, so the party can complete them before it submits."""
    return tuple(
        Lacking(pos.where() or f"position {index + 1}", missing)
        for index, pos in enumerate(positions)
        if (missing := pos.lacks(languages))
    )


def resolve_positions(
    positions: Sequence[Position], provisions: Sequence[Provision]
) -> tuple[tuple[Position, ...], list[Problem]]:
    """Turn the references an author wrote (keys or labels) into keys.

    Unknown references are reported, never guessed; so is a label that several provisions
    share (``Article 1`` in two chapters): the author must use the key. Returns positions
    whose ``provision`` / ``after`` hold canonical keys; unresolved ones keep what was written.
    """
    resolved, located = _resolve(positions, provisions)
    return resolved, [problem for _, problem in located]


def validate_response(
    draft: ResponseContent, provisions: Sequence[Provision], *, resolved: bool = False
) -> list[Problem]:
    """Every problem with ``draft`` as an answer to a version made of ``provisions``."""
    return [problem for _, problem in locate_problems(draft, provisions, resolved=resolved)]


def locate_problems(
    draft: ResponseContent, provisions: Sequence[Provision], *, resolved: bool = False
) -> list[tuple[int | None, Problem]]:
    """:func:`validate_response`, each problem paired with the index (in ``draft.positions``)
    of the position at fault, or ``None`` when no position is (an unanswered provision).

    A duplicate answer is pinned to the first repeat. Lets a file reader name the line.
    """
    located: list[tuple[int | None, Problem]] = []
    positions = draft.positions
    if not resolved:
        positions, resolve_problems = _resolve(positions, provisions)
        located.extend(resolve_problems)
    by_key = {p.key: p for p in provisions}
    for index, pos in enumerate(positions):
        where = pos.where() or f"position {index + 1}"
        located.extend((index, problem) for problem in _field_problems(pos, by_key, where))
    answered: Counter[str] = Counter()
    first_repeat: dict[str, int] = {}
    for index, pos in enumerate(positions):
        if pos.kind is not PositionKind.ADD:
            answered[pos.provision] += 1
            if answered[pos.provision] == 2:
                first_repeat[pos.provision] = index
    for key, count in answered.items():
        if key in by_key and count > 1:
            located.append(
                (
                    first_repeat[key],
                    Problem(f"answered {count} times; answer once", key, "provision", "duplicate"),
                )
            )
    if draft.kind is ResponseKind.FORMAL:
        for p in provisions:
            if p.answerable and p.key not in answered:
                located.append(
                    (
                        None,
                        Problem(
                            f"{p.label or p.key} is not answered", p.key, "position", "unanswered"
                        ),
                    )
                )
    return located


def _resolve(
    positions: Sequence[Position], provisions: Sequence[Provision]
) -> tuple[tuple[Position, ...], list[tuple[int | None, Problem]]]:
    problems: list[tuple[int | None, Problem]] = []
    resolved: list[Position] = []
    references = References(provisions)
    for index, pos in enumerate(positions):
        ref = pos.target
        ref_field = "after" if pos.kind is PositionKind.ADD else "provision"
        if is_blank(ref):
            where = pos.where() or f"position {index + 1}"
            problems.append(
                (index, Problem("names no provision", where, ref_field, "no_provision"))
            )
            resolved.append(pos)
            continue
        same_label = references.labelled(ref)
        if len(same_label) > 1:
            keys = ", ".join(p.key for p in same_label)
            message = f"{len(same_label)} provisions are labelled so ({keys}); use the key"
            problems.append((index, Problem(message, ref, ref_field, "ambiguous_provision")))
            resolved.append(pos)
            continue
        found = references.find(ref)
        if found is None or (not found.answerable and pos.kind is not PositionKind.ADD):
            what = "no such provision in this version" if found is None else "is a heading only"
            problems.append((index, Problem(what, ref, ref_field, "unknown_provision")))
            resolved.append(pos)
            continue
        key = found.key
        ref_text = pos.ref or ref
        if pos.kind is PositionKind.ADD:
            resolved.append(replace(pos, after=key, ref=ref_text))
        else:
            resolved.append(replace(pos, provision=key, ref=ref_text))
    return tuple(resolved), problems


def coverage(draft: ResponseContent, provisions: Sequence[Provision]) -> tuple[int, int]:
    """(answered, answerable): how far a draft has got, for a completeness meter."""
    keys = {p.key for p in provisions if p.answerable}
    answered = {p.provision for p in draft.positions if p.kind is not PositionKind.ADD}
    return len(keys & answered), len(keys)


def _field_problems(pos: Position, by_key: dict[str, Provision], where: str) -> list[Problem]:
    problems = []
    for name in REQUIRED_FIELDS[pos.kind]:
        if is_blank(getattr(pos, name)):
            problems.append(
                Problem(f"{pos.kind.value} needs a {name}", where, name, f"missing_{name}")
            )
    if pos.kind is PositionKind.AMEND and not is_blank(pos.text):
        current = by_key.get(pos.provision)
        if current is not None and _normalise(current.text) == _normalise(pos.text):
            problems.append(
                Problem(
                    "the amendment is identical to the current text", where, "text", "no_change"
                )
            )
    # A reason may explain any position; an exception or a text on a position that has no
    # place for it would be silently lost, so it is refused and the right position named.
    if not is_blank(pos.exception) and pos.kind is not PositionKind.ACCEPT_WITH_EXCEPTION:
        problems.append(
            Problem(
                f"{pos.kind.value} takes no exception; use accept_with_exception",
                where,
                "exception",
                "unexpected_field",
            )
        )
    # Likewise the reference a position does not use: ``add`` places its new provision
    # ``after`` a key; every other position answers the ``provision`` it names.
    if pos.kind is PositionKind.ADD and not is_blank(pos.provision):
        problems.append(
            Problem(
                "add takes no provision; name the provision it follows in after",
                where,
                "provision",
                "unexpected_field",
            )
        )
    if pos.kind is not PositionKind.ADD and not is_blank(pos.after):
        problems.append(
            Problem(
                f"{pos.kind.value} takes no after; after places a new provision (add)",
                where,
                "after",
                "unexpected_field",
            )
        )
    if not is_blank(pos.text) and pos.kind not in _TAKES_TEXT:
        problems.append(
            Problem(
                f"{pos.kind.value} takes no text; use amend to propose wording",
                where,
                "text",
                "unexpected_field",
            )
        )
    return problems


def _normalise(text: str) -> str:
    return " ".join(text.split())
