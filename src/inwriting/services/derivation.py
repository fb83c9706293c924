"""Deriving the next version from the answers to the current one.

The drafting party (a drafter or principal of the party that tabled the version) or an
administrator (acting as chair) decides, provision by provision: keep it, adopt a party's
amendment, write a compromise, delete it, or insert a party's proposed addition. Keys carry
over, so the redline against the parent aligns by key; the new version records which
response positions it adopted (``AdoptionRow``), and is tabled, immutable, on the record.

**Every language.** A version with language texts (equally authentic) gives its derived
version each of them: a kept provision keeps its words in each language; an adopted
amendment or inserted addition takes its party's wording in each language; a compromise
takes the drafters' wording in each (``Choice.wordings``). Where a wording is missing — a
party's amendment lacking a language, a compromise written in one language only — the
derivation is refused with every (provision, language) missing, and the drafters supply the
text in ``Choice.wordings``: a derived text is never the other language's words under a
translation's label, and never silently loses a language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from inwriting.domain.derivation import Action, Choice
from inwriting.domain.documents import ParsedDocument, Provision, ProvisionKind
from inwriting.domain.languages import LanguageProvision
from inwriting.domain.notes import with_text
from inwriting.domain.responses import Position, PositionKind, ResponseContent, is_blank
from inwriting.domain.statements import Statement
from inwriting.errors import PermissionDenied, Problem, ValidationError
from inwriting.services import clearance, documents, languages
from inwriting.services.actors import Actor, acting_user, now_or, require_read
from inwriting.services.consolidation import current_responses
from inwriting.storage import queries
from inwriting.storage.conversions import language_provision_from_row, provision_from_row
from inwriting.storage.engine import Database
from inwriting.storage.models import AdoptionRow, UserRow, VersionRow


@dataclass(frozen=True)
class _Adopted:
    key: str
    action: Action
    response_id: int | None = None
    ordinal: int | None = None
    choice: Choice | None = None  # what the drafters chose (COMPROMISE, ADOPT, INSERT)
    position: Position | None = None  # the position adopted or inserted
    after: str = ""  # INSERT: the key it follows


def derive_version(
    db: Database,
    actor: Actor,
    version_id: int,
    choices: Sequence[Choice],
    *,
    label: str = "",
    signature: str | bytes | None = None,
    origin: str = "",
    now: datetime | None = None,
) -> documents.Version | clearance.PendingVersion:
    """Build and table the next version of ``version_id``'s document from ``choices``;
    provisions without a choice are kept. Signed by the member's key over the derived text
    (:func:`statement_for_derivation`) where given or where the party requires it. For a
    party with a clearance chain, the derived version is pending until the chain is cleared.
    Refused, with every problem, if a choice names a provision, party or position that does
    not exist."""
    when = now_or(now)
    with db.transaction() as session:
        parent = queries.get_version(session, version_id)
        require_read(session, parent.document.negotiation, actor, "version")
        user = _require_drafting_party(session, actor, parent)
        provisions, adopted = _apply(session, parent, choices)
        _translations(session, parent, adopted)  # refused here, before anything is written
        derived = ParsedDocument(parent.title, tuple(provisions))
        neg = parent.document.negotiation
        signing = documents.accept_tabling_signature(
            session, user, neg, parent.tabled_by, derived, origin, signature, when
        )
        if clearance.steps_of(session, parent.tabled_by):
            pending = clearance.save_version_draft(
                session,
                parent.tabled_by,
                user,
                derived,
                document=parent.document.slug,
                label=label or f"Version {parent.number + 1}",
                baseline_id=parent.id,
                source_name=f"derived from version {parent.id}",
                when=when,
                language=parent.language,
                derived=True,
                adoptions=[
                    {
                        "key": a.key,
                        "action": a.action.value,
                        "response_id": a.response_id,
                        "ordinal": a.ordinal,
                    }
                    for a in adopted
                ],
            )
            return clearance.pending_version(pending)
        row = documents.tabled_version(
            session,
            parent.tabled_by,
            user,
            derived,
            document=parent.document.slug,
            label=label or f"Version {parent.number + 1}",
            baseline_id=parent.id,
            source_name=f"derived from version {parent.id}",
            when=when,
            language=parent.language,
            answer_level=parent.answer_level,  # keys carry over, and so does the level
            signing=signing,
        )
        session.add_all(
            AdoptionRow(
                version_id=row.id,
                provision_key=a.key,
                action=a.action,
                response_id=a.response_id,
                position_ordinal=a.ordinal,
            )
            for a in adopted
        )
        for language, title, translated in _translations(session, parent, adopted):
            source = f"derived from version {parent.id}"
            languages.added_language_text(
                session, row, user, language, title, translated, source, when
            )
        return documents.version_value(row, derived.provisions)


def statement_for_derivation(
    db: Database,
    actor: Actor,
    version_id: int,
    choices: Sequence[Choice],
    origin: str,
    *,
    now: datetime | None = None,
) -> Statement:
    """What a member signs to table the version ``choices`` derive from ``version_id``: the
    statement of tabling its text (the same as :func:`documents.statement_for_tabling`)."""
    with db.reading() as session:
        parent = queries.get_version(session, version_id)
        require_read(session, parent.document.negotiation, actor, "version")
        _require_drafting_party(session, actor, parent)
        provisions, adopted = _apply(session, parent, choices)
        _translations(session, parent, adopted)
        derived = ParsedDocument(parent.title, tuple(provisions))
        return documents.tabling_statement(
            parent.document.negotiation, parent.tabled_by, derived, origin, now_or(now)
        )


def check_may_derive(db: Database, actor: Actor, version_id: int) -> None:
    """Refuse (as :func:`derive_version` would) anyone who may not derive from the version:
    for a form to say so before it is filled in."""
    with db.reading() as session:
        parent = queries.get_version(session, version_id)
        require_read(session, parent.document.negotiation, actor, "version")
        _require_drafting_party(session, actor, parent)


def _require_drafting_party(session: Session, actor: Actor, parent: VersionRow) -> UserRow:
    user = acting_user(session, actor)
    if user is not None and user.is_admin:
        return user
    member = queries.find_member(session, parent.tabled_by, user) if user else None
    if user is None or member is None or not member.role.may_draft:
        raise PermissionDenied(
            f"only {parent.tabled_by.name} (which tabled this version) or the chair derives "
            "the next version"
        )
    return user


def _apply(
    session: Session, parent: VersionRow, choices: Sequence[Choice]
) -> tuple[list[Provision], list[_Adopted]]:
    current = current_responses(session, parent)
    by_key = {c.key: c for c in choices if c.action is not Action.INSERT}
    inserts = [c for c in choices if c.action is Action.INSERT]
    old = [provision_from_row(p) for p in parent.provisions]
    known = {p.key for p in old}
    problems = [
        Problem("no such provision in this version", c.key, "key", "unknown_provision")
        for c in choices
        if c.key not in known
    ]
    problems += [
        Problem(
            f"{c.action.value} takes no wording; the provision's words in each language "
            "are kept or deleted with it",
            c.key,
            "wordings",
            "unexpected_field",
        )
        for c in choices
        if c.wordings and c.action in (Action.KEEP, Action.DELETE)
    ]
    result: list[Provision] = []
    adopted: list[_Adopted] = []
    taken = set(known)
    for provision in old:
        choice = by_key.get(provision.key, Choice(provision.key, Action.KEEP))
        kept = _decide(provision, choice, current, problems, adopted)
        if kept is not None:
            result.append(kept)
        for insert in (c for c in inserts if c.key == provision.key):
            new = _insert(provision, insert, current, taken, problems, adopted)
            if new is not None:
                result.append(new)
    if problems:
        raise ValidationError("the next version cannot be built", problems)
    return result, adopted


def _decide(
    provision: Provision,
    choice: Choice,
    current: dict[str, tuple[int, ResponseContent]],
    problems: list[Problem],
    adopted: list[_Adopted],
) -> Provision | None:
    if choice.action is Action.KEEP or not provision.answerable:
        adopted.append(_Adopted(provision.key, Action.KEEP))
        return provision
    if choice.action is Action.DELETE:
        adopted.append(_Adopted(provision.key, Action.DELETE))
        return None
    if choice.action is Action.COMPROMISE:
        if is_blank(choice.text):
            problems.append(
                Problem("write the compromise wording", provision.key, "text", "missing_text")
            )
            return provision
        adopted.append(_Adopted(provision.key, Action.COMPROMISE, choice=choice))
        return with_text(provision, choice.text.strip())
    found = _position(current, choice.party, provision.key, PositionKind.AMEND)
    if found is None:
        problems.append(
            Problem(
                f"{choice.party or 'no party'} proposed no amendment to it",
                provision.key,
                "party",
                "no_amendment",
            )
        )
        return provision
    response_id, ordinal, position = found
    adopted.append(_Adopted(provision.key, Action.ADOPT, response_id, ordinal, choice, position))
    return with_text(provision, position.text.strip())


def _insert(
    after: Provision,
    choice: Choice,
    current: dict[str, tuple[int, ResponseContent]],
    taken: set[str],
    problems: list[Problem],
    adopted: list[_Adopted],
) -> Provision | None:
    found = _position(current, choice.party, after.key, PositionKind.ADD)
    if found is None:
        problems.append(
            Problem(
                f"{choice.party or 'no party'} proposed no provision after it",
                after.key,
                "party",
                "no_addition",
            )
        )
        return None
    response_id, ordinal, position = found
    key = _new_key(after.key, taken)
    adopted.append(_Adopted(key, Action.INSERT, response_id, ordinal, choice, position, after.key))
    label = f"{after.label} bis" if after.label else "New provision"
    # A paragraph added after a paragraph is a paragraph of the same article.
    kind = (
        ProvisionKind.PARAGRAPH if after.kind is ProvisionKind.PARAGRAPH else ProvisionKind.ARTICLE
    )
    return Provision(key, kind, label, "", "", position.text.strip(), after.parent)


def _translations(
    session: Session, parent: VersionRow, adopted: Sequence[_Adopted]
) -> list[tuple[str, str, tuple[LanguageProvision, ...]]]:
    """(language, title, provisions) of each of the parent's language texts as the derived
    version has them (``adopted`` in the derived order, deletions included); refused with
    every (provision, language) whose wording nobody gave."""
    texts = [
        (t.language, t.title, {p.key: language_provision_from_row(p) for p in t.provisions})
        for t in parent.language_texts
    ]
    known = {language for language, _, _ in texts}
    problems = [
        Problem(
            f"the {language} wording is the choice's text itself"
            if language == parent.language
            else f"version {parent.id} has no {language} text (it is in "
            f"{', '.join([parent.language, *sorted(known)])})",
            a.choice.key,
            "wordings",
            "unknown_language",
        )
        for a in adopted
        if a.choice is not None
        for language in a.choice.wordings
        if language not in known
    ]
    found = []
    for language, title, by_key in texts:
        translated = []
        for a in adopted:
            if a.action is not Action.DELETE:
                made = _translated(a, language, by_key, problems)
                if made is not None:
                    translated.append(made)
        found.append((language, title, tuple(translated)))
    if problems:
        raise ValidationError(
            f"the next version cannot be built in every language: {len(problems)} "
            "wording(s) missing or misplaced; give them (as the choice's wordings)",
            problems,
        )
    return found


def _translated(
    a: _Adopted, language: str, by_key: dict[str, LanguageProvision], problems: list[Problem]
) -> LanguageProvision | None:
    """The provision ``a`` made, in ``language``: kept words, or the wording the party or the
    drafters gave in it (the party's first; the drafters' only where the party gave none)."""
    if a.action is Action.KEEP:
        return by_key[a.key]
    assert a.choice is not None  # COMPROMISE, ADOPT and INSERT record their choice
    given = a.choice.wordings.get(language, "")
    party = a.position.wording(language) if a.position is not None else ""
    where = a.after if a.action is Action.INSERT else a.key
    if not is_blank(party) and not is_blank(given):
        problems.append(
            Problem(
                f"{a.choice.party}'s proposal gives its {language} wording; "
                "write a compromise to change it",
                where,
                f"wordings.{language}",
                "unexpected_field",
            )
        )
    wording = party if not is_blank(party) else given
    if is_blank(wording):
        whose = "the compromise" if a.position is None else f"{a.choice.party}'s proposal"
        problems.append(
            Problem(
                f"{whose} has no {language} wording: give it",
                where,
                f"wordings.{language}",
                "missing_wording",
            )
        )
        return None
    if a.action is Action.INSERT:
        before = by_key.get(a.after)
        label = f"{before.label} bis" if before and before.label else ""
        return LanguageProvision(a.key, label, "", wording.strip())
    old = by_key[a.key]
    return LanguageProvision(a.key, old.label, old.heading, wording.strip())


def _position(
    current: dict[str, tuple[int, ResponseContent]], party: str, key: str, kind: PositionKind
) -> tuple[int, int, Position] | None:
    found = current.get(party)
    if found is None:
        return None
    response_id, draft = found
    for ordinal, position in enumerate(draft.positions):
        if position.kind is kind and position.target == key:
            return response_id, ordinal, position
    return None


def _new_key(after: str, taken: set[str]) -> str:
    """``art-7-bis``, ``art-7-ter``..., then numbered: stable and readable."""
    for suffix in ("bis", "ter", "quater", "quinquies", *(f"add-{n}" for n in range(5, 100))):
        key = f"{after}-{suffix}"
        if key not in taken:
            taken.add(key)
            return key
    raise ValidationError(f"too many provisions inserted after {after}")
