"""The consolidated text: a version with every party's answer written into it, in brackets.

For each provision of a version and the responses submitted to it, :func:`consolidate`
says where the provision stands —

==========================  ==================================================================
``agreed``                  every party asked accepted it as it stands
``agreed_with_exceptions``  every party asked accepted it, some with an exception
``open``                    a party (asked or not) proposes other wording, rejects or deletes
``unanswered``              no party disagrees, but some party asked has not answered it
==========================  ==================================================================

— and writes it the way negotiators write a text under negotiation. Wording in dispute is in
square brackets, followed by each alternative in brackets attributed to its parties:
``elected for [nine] [Party B: six] years``. An alternative several parties propose in the
same words is one *joint* option (``[Party B, Party C: six]``). Only the words an amendment
changes are bracketed: the amendment is word-diffed against the tabled text, and where the
changes of several parties touch or overlap they make one disputed place with one option per
distinct wording. A proposal to delete or reject the whole provision brackets the whole text
and follows it (``[Party C: delete]``); a proposed new provision stands in brackets after the
provision it follows. Exceptions taken by accepting parties are notes, not brackets.

Counts, per provision and in total: *brackets* are the bracketed stretches as printed (the
tabled wording at each disputed place, each option, the whole text when its deletion is
proposed, each proposed provision); *options* are the alternatives proposed (joint ones once).
With no party asked, nothing can be agreed: provisions nobody disputes are ``unanswered``.

Pure: provisions and responses (positions already resolved to keys) in, frozen values out.
Renderers to plain text, Markdown and HTML are in :mod:`~inwriting.redline.bracket_render`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from inwriting.domain.documents import Provision
from inwriting.domain.responses import Position, PositionKind, ProvisionState, ResponseContent
from inwriting.redline.diff import Region, changed_regions
from inwriting.redline.tokens import pieces

__all__ = [
    "BracketedProvision",
    "ConsolidatedText",
    "ExceptionNote",
    "Option",
    "ProposedProvision",
    "ProvisionState",
    "Segment",
    "consolidate",
]


@dataclass(frozen=True)
class Option:
    """An alternative and the parties proposing it: wording (``amend``; also a reject that
    proposes wording), or the whole provision's ``delete`` or ``reject``, or a new
    provision (``add``)."""

    parties: tuple[str, ...]
    kind: PositionKind
    text: str = ""
    # In a consolidated text in another language than the version's own: the language the
    # parties' proposed wording is not given in (``text`` then says so, in parentheses).
    lacking: str = ""

    @property
    def joint(self) -> bool:
        return len(self.parties) > 1


@dataclass(frozen=True)
class Segment:
    """A stretch of the tabled text; disputed when it has options. A disputed segment with
    empty ``text`` is a place where parties propose to insert words."""

    text: str
    options: tuple[Option, ...] = ()

    @property
    def disputed(self) -> bool:
        return bool(self.options)


@dataclass(frozen=True)
class ExceptionNote:
    """An exception taken by parties who accept a provision (joint when the words match)."""

    parties: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class BracketedProvision:
    """One provision of the version with the answers to it. ``state`` is ``None`` for a
    heading (a ``group``), which is never answered."""

    provision: Provision
    state: ProvisionState | None
    segments: tuple[Segment, ...]
    whole: tuple[Option, ...] = ()
    exceptions: tuple[ExceptionNote, ...] = ()
    accepted_by: tuple[str, ...] = ()
    unanswered_by: tuple[str, ...] = ()

    @property
    def brackets(self) -> int:
        places = sum(bool(s.text.strip()) + len(s.options) for s in self.segments if s.disputed)
        return places + (1 + len(self.whole) if self.whole else 0)

    @property
    def options(self) -> int:
        return sum(len(s.options) for s in self.segments) + len(self.whole)


@dataclass(frozen=True)
class ProposedProvision:
    """A new provision proposed after the provision keyed ``after`` (labelled
    ``after_label``, or the key again when this version has no such provision)."""

    after: str
    option: Option
    after_label: str = ""

    brackets = 1
    options = 1


Item = BracketedProvision | ProposedProvision


@dataclass(frozen=True)
class ConsolidatedText:
    """The version's provisions in order, each proposed provision after the one it follows."""

    parties: tuple[str, ...]
    items: tuple[Item, ...]

    @property
    def brackets(self) -> int:
        return sum(item.brackets for item in self.items)

    @property
    def options(self) -> int:
        return sum(item.options for item in self.items)

    def provisions(self) -> tuple[BracketedProvision, ...]:
        return tuple(item for item in self.items if isinstance(item, BracketedProvision))

    def counts(self) -> dict[ProvisionState, int]:
        """Answerable provisions in each state, every state listed."""
        found = Counter(p.state for p in self.provisions() if p.state is not None)
        return {state: found[state] for state in ProvisionState}


def consolidate(
    provisions: Sequence[Provision],
    responses: Mapping[str, ResponseContent],
    parties: Sequence[str],
    *,
    language: str = "",
) -> ConsolidatedText:
    """The consolidated text of a version (``provisions``, in order) given the responses
    submitted to it (party name → response, positions resolved to keys) and the parties
    asked to answer. Parties are listed in the order asked, then any other respondents.

    With ``language`` (one of the version's *other* languages), ``provisions`` are its text
    in that language and each proposal is bracketed in its wording in that language; a
    proposal not given in it is an option of its own over the whole provision (or a
    proposed provision) that says so (:attr:`Option.lacking`), never the other language's
    words diffed against this one's."""
    order = [*parties, *(p for p in responses if p not in parties)]
    answers = _answers(responses, order)
    labels = {p.key: p.label or p.key for p in provisions}
    additions = _additions(responses, order, labels, language)
    items: list[Item] = []
    for provision in provisions:
        found = answers.get(provision.key, {})
        items.append(_bracketed(provision, found, parties, order, language))
        items.extend(additions.pop(provision.key, []))
    for rest in additions.values():  # after a key this version does not have: at the end
        items.extend(rest)
    return ConsolidatedText(tuple(parties), tuple(items))


def _answers(
    responses: Mapping[str, ResponseContent], order: Sequence[str]
) -> dict[str, dict[str, Position]]:
    """Provision key → party → position (a party's first answer to a key counts)."""
    found: dict[str, dict[str, Position]] = {}
    for party in order:
        for position in responses[party].positions if party in responses else ():
            if position.kind is not PositionKind.ADD:
                found.setdefault(position.provision, {}).setdefault(party, position)
    return found


def _said(position: Position, language: str) -> str | None:
    """The text ``position`` proposes in ``language`` ("": the version's own), "" when it
    proposes none, None when it proposes text but not in that language."""
    if not language or not position.text.strip():
        return position.text
    wording = position.wording(language)
    return wording if wording.strip() else None


def _lacking_words(kind: PositionKind, language: str) -> str:
    what = "provision" if kind is PositionKind.ADD else "wording"
    return f"(proposed {what} not given in {language})"


def _additions(
    responses: Mapping[str, ResponseContent],
    order: Sequence[str],
    labels: Mapping[str, str],
    language: str,
) -> dict[str, list[ProposedProvision]]:
    """Proposed provisions by the key they follow; the same words from several parties are
    one joint proposal (as are those not given in ``language``)."""
    grouped: dict[tuple[str, str | None], list[str]] = {}
    texts: dict[tuple[str, str | None], str] = {}
    for party in order:
        for position in responses[party].positions if party in responses else ():
            if position.kind is PositionKind.ADD:
                said = _said(position, language)
                where = (position.after, None if said is None else _normal(said))
                grouped.setdefault(where, []).append(party)
                texts.setdefault(where, (said or "").strip())
    found: dict[str, list[ProposedProvision]] = {}
    for (after, normal), who in grouped.items():
        if normal is None:
            words = _lacking_words(PositionKind.ADD, language)
            option = Option(_unique(who), PositionKind.ADD, words, lacking=language)
        else:
            option = Option(_unique(who), PositionKind.ADD, texts[after, normal])
        proposal = ProposedProvision(after, option, labels.get(after, after))
        found.setdefault(after, []).append(proposal)
    return found


def _bracketed(
    provision: Provision,
    answers: Mapping[str, Position],
    parties: Sequence[str],
    order: Sequence[str],
    language: str = "",
) -> BracketedProvision:
    if not provision.answerable:
        return BracketedProvision(provision, None, (Segment(provision.text),))
    ranked = [(party, answers[party]) for party in order if party in answers]
    disputing = [(p, pos, _said(pos, language)) for p, pos in ranked if pos.kind.disagrees]
    wordings = [(p, said) for p, _, said in disputing if said and said.strip()]
    whole = _grouped_options(
        [(p, pos.kind) for p, pos, said in disputing if said is not None and not said.strip()]
    ) + _lacking_options([(p, pos.kind) for p, pos, said in disputing if said is None], language)
    exceptions = _notes(
        [(p, pos.exception) for p, pos in ranked if pos.kind is PositionKind.ACCEPT_WITH_EXCEPTION]
    )
    accepted = tuple(p for p, pos in ranked if not pos.kind.disagrees)
    unanswered = tuple(p for p in parties if p not in answers)
    return BracketedProvision(
        provision,
        _state(ranked, unanswered, bool(parties)),
        _segments(provision.text, wordings),
        whole,
        exceptions,
        accepted,
        unanswered,
    )


def _state(
    ranked: Sequence[tuple[str, Position]], unanswered: Sequence[str], asked: bool
) -> ProvisionState:
    if any(pos.kind.disagrees for _, pos in ranked):
        return ProvisionState.OPEN
    if unanswered or not asked:
        return ProvisionState.UNANSWERED
    if any(pos.kind is PositionKind.ACCEPT_WITH_EXCEPTION for _, pos in ranked):
        return ProvisionState.AGREED_WITH_EXCEPTIONS
    return ProvisionState.AGREED


def _grouped_options(proposals: Sequence[tuple[str, PositionKind]]) -> tuple[Option, ...]:
    grouped: dict[PositionKind, list[str]] = {}
    for party, kind in proposals:
        grouped.setdefault(kind, []).append(party)
    return tuple(Option(_unique(who), kind) for kind, who in grouped.items())


def _lacking_options(
    proposals: Sequence[tuple[str, PositionKind]], language: str
) -> tuple[Option, ...]:
    """Proposals of wording not given in ``language``: one option per kind, saying so."""
    grouped: dict[PositionKind, list[str]] = {}
    for party, kind in proposals:
        grouped.setdefault(kind, []).append(party)
    return tuple(
        Option(_unique(who), kind, _lacking_words(kind, language), lacking=language)
        for kind, who in grouped.items()
    )


def _notes(exceptions: Sequence[tuple[str, str]]) -> tuple[ExceptionNote, ...]:
    grouped: dict[str, list[str]] = {}
    texts: dict[str, str] = {}
    for party, text in exceptions:
        grouped.setdefault(_normal(text), []).append(party)
        texts.setdefault(_normal(text), text.strip())
    return tuple(ExceptionNote(_unique(who), texts[normal]) for normal, who in grouped.items())


def _segments(text: str, wordings: Sequence[tuple[str, str]]) -> tuple[Segment, ...]:
    """The tabled text cut at each disputed place, with the options proposed there."""
    base = pieces(text)
    alternatives: list[tuple[list[str], list[str], list[Region]]] = []
    grouped: dict[str, list[str]] = {}
    for party, wording in wordings:
        grouped.setdefault(_normal(wording), []).append(party)
    for normal, who in grouped.items():
        cut = pieces(next(w for p, w in wordings if _normal(w) == normal and p == who[0]))
        alternatives.append((who, cut, changed_regions(base, cut)))
    segments: list[Segment] = []
    done = 0
    for start, end in _places([r for _, _, regions in alternatives for r in regions]):
        if start > done:
            segments.append(Segment("".join(base[done:start])))
        options = _place_options(start, end, alternatives)
        segments.append(Segment("".join(base[start:end]), options))
        done = end
    if done < len(base) or not segments:
        segments.append(Segment("".join(base[done:])))
    return tuple(segments)


def _places(regions: Sequence[Region]) -> list[tuple[int, int]]:
    """Token ranges of the tabled text in dispute: the changed regions of all amendments,
    merged where they overlap or touch."""
    places: list[tuple[int, int]] = []
    for start, end in sorted((r.old_start, r.old_end) for r in regions):
        if places and start <= places[-1][1]:
            places[-1] = (places[-1][0], max(places[-1][1], end))
        else:
            places.append((start, end))
    return places


def _place_options(
    start: int, end: int, alternatives: Sequence[tuple[list[str], list[str], list[Region]]]
) -> tuple[Option, ...]:
    """What each amendment puts at ``[start, end)``; the same words are one joint option."""
    grouped: dict[str, list[str]] = {}
    texts: dict[str, str] = {}
    for who, cut, regions in alternatives:
        inside = [r for r in regions if start <= r.old_start and r.old_end <= end]
        if not inside:
            continue  # this party keeps the tabled words here
        first, last = inside[0], inside[-1]
        new_start = first.new_start - (first.old_start - start)
        new_end = last.new_end + (end - last.old_end)
        wording = "".join(cut[new_start:new_end]).strip()
        grouped.setdefault(_normal(wording), []).extend(who)
        texts.setdefault(_normal(wording), wording)
    return tuple(
        Option(_unique(who), PositionKind.AMEND, texts[normal]) for normal, who in grouped.items()
    )


def _normal(text: str) -> str:
    return " ".join(text.split())


def _unique(names: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))
