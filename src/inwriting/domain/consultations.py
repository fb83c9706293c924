"""Public comment on a tabled version: what a comment is, and when two say the same.

A negotiation that is public can put a version out for comment. Any registered person who
is not a member of one of its parties may then comment on each provision once: support it,
oppose it, or propose other wording, always with a reason. Campaigns send the same letter
thousands of times, lightly edited; the tabling party must read each *argument* once, with
the number of people who made it. Two comments make the same argument when their words
largely coincide: their word 3-shingles overlap (Jaccard similarity) by at least
:data:`SAME_ARGUMENT`. :mod:`inwriting.services.consultations` estimates that with MinHash
and finds candidates with locality-sensitive hashing (LSH) banding; this module holds the
pure parts: the comment's shape and rules, its normal form, and its shingles.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from inwriting.errors import Problem, ValidationError

MAX_REASON = 5_000  # characters: a letter, not a treatise
MAX_WORDING = 20_000  # an article's proposed text
# Two comments whose shingle sets are at least this similar read as one argument.
SAME_ARGUMENT = 0.7


class Stance(StrEnum):
    SUPPORT = "support"
    OPPOSE = "oppose"
    AMEND = "amend"  # propose other wording


class CommentStatus(StrEnum):
    PENDING = "pending"  # waiting for the tabling party's moderators
    PUBLISHED = "published"  # counted, shown, and put on the record in a batch
    REJECTED = "rejected"  # off-topic or abusive: kept, never counted or shown


@dataclass(frozen=True)
class CommentText:
    stance: Stance
    reason: str
    wording: str = ""  # the proposed text, for AMEND only

    def checked(self) -> CommentText:
        """The comment, trimmed, or ValidationError naming every problem."""
        reason, wording = self.reason.strip(), self.wording.strip()
        problems = []
        if not reason:
            problems.append(
                Problem("give the reason for your comment", field="reason", code="comment")
            )
        elif len(reason) > MAX_REASON:
            problems.append(
                Problem(
                    f"keep the reason under {MAX_REASON} characters", field="reason", code="comment"
                )
            )
        if self.stance is Stance.AMEND and not wording:
            problems.append(
                Problem("propose the wording you want instead", field="wording", code="comment")
            )
        elif self.stance is not Stance.AMEND and wording:
            problems.append(
                Problem(
                    "wording is proposed with an amendment only", field="wording", code="comment"
                )
            )
        elif len(wording) > MAX_WORDING:
            problems.append(
                Problem(
                    f"keep the wording under {MAX_WORDING} characters",
                    field="wording",
                    code="comment",
                )
            )
        if problems:
            raise ValidationError("the comment cannot be accepted", problems)
        return CommentText(self.stance, reason, wording)

    def argument(self) -> str:
        """The words that make the argument, in normal form (see :func:`normal_form`)."""
        return normal_form(f"{self.stance.value} {self.wording} {self.reason}")


_NOT_WORD = re.compile(r"[\W_]+")


def normal_form(text: str) -> str:
    """Compatibility-normalised, case-folded words separated by single spaces: what is left
    when a campaign's copies differ only in spacing, punctuation or capitals."""
    return " ".join(_NOT_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).split())


# Words longer than this on average: a script written without spaces between words
# (Chinese, Japanese, Thai), whose "words" are whole clauses; such text is compared by runs
# of CHARACTERS characters instead.
LONG_WORDS = 12
CHARACTERS = 4


def shingles(argument: str, size: int = 3) -> set[str]:
    """The runs of ``size`` consecutive words of an argument in normal form (the whole
    argument if it is shorter); for a script without spaces between words, the runs of
    :data:`CHARACTERS` characters."""
    words = argument.split()
    if words and len(argument) / len(words) > LONG_WORDS:
        text = "".join(words)
        found = {text[i : i + CHARACTERS] for i in range(len(text) - CHARACTERS + 1)}
        return found or {text}
    if len(words) <= size:
        return {argument}
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}
