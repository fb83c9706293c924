"""Public consultations through the service: who may comment, grouping of campaigns,
moderation, and the published comments' batches on the record."""

from __future__ import annotations

from datetime import timedelta

import pytest

from inwriting.domain.consultations import CommentStatus, CommentText, Stance
from inwriting.domain.negotiations import Visibility
from inwriting.errors import Conflict, PermissionDenied, RateLimited, ValidationError
from inwriting.services import consultations as c
from inwriting.services import users
from inwriting.services.actors import OPERATOR, Actor
from inwriting.services.ledger import check_database
from inwriting.storage.engine import Database
from tests.integration.builders import ALICE, AMOS, BEN, T0, ZED, build

LETTER = (
    "Article 2 would let upstream states divert water in a drought without telling anyone "
    "downstream. Farmers in the delta depend on the spring flood. Require notice and "
    "consultation before any diversion, and publish the flow data every week."
)
OTHER = "The definitions in Article 2 are too vague to enforce; name the gauging stations."


def _public(db: Database, n: int = 0) -> int:
    setup = build(db, visibility=Visibility.PUBLIC)
    c.open_consultation(db, AMOS, setup.version_id, now=T0)
    for i in range(n):
        users.create_user(db, OPERATOR, f"citizen{i}", f"Citizen {i}", now=T0)
    return setup.version_id


def test_only_the_tabling_party_opens_a_public_negotiation(db: Database) -> None:
    setup = build(db)
    with pytest.raises(ValidationError, match="only a public negotiation"):
        c.open_consultation(db, AMOS, setup.version_id, now=T0)
    assert c.get_consultation(db, AMOS, setup.version_id) is None


def test_parties_and_strangers_are_told_what_they_may_not_do(db: Database) -> None:
    version = _public(db)
    with pytest.raises(PermissionDenied, match="run its public consultation"):
        c.open_consultation(db, BEN, version, now=T0)  # not the tabling party
    with pytest.raises(Conflict, match="already out for comment"):
        c.open_consultation(db, ALICE, version, now=T0)
    text = CommentText(Stance.SUPPORT, "Good.")
    with pytest.raises(PermissionDenied, match="members of a party answer in writing"):
        c.add_comment(db, BEN, version, "art-2", text, now=T0)
    with pytest.raises(PermissionDenied, match="sign in"):
        c.add_comment(db, Actor(None), version, "art-2", text, now=T0)
    with pytest.raises(ValidationError, match="heading"):
        c.add_comment(db, ZED, version, "part-1", text, now=T0)
    with pytest.raises(ValidationError, match="cannot be accepted") as refused:
        c.add_comment(db, ZED, version, "art-2", CommentText(Stance.AMEND, " "), now=T0)
    assert {p.field for p in refused.value.problems} == {"reason", "wording"}
    c.add_comment(db, ZED, version, "art-2", text, now=T0)
    with pytest.raises(Conflict, match="already commented on art-2"):
        c.add_comment(db, ZED, version, "art-2", text, now=T0)
    c.close_consultation(db, AMOS, version, now=T0 + timedelta(days=1))
    with pytest.raises(ValidationError, match="not open for public comment"):
        c.add_comment(db, ZED, version, "art-1", text, now=T0 + timedelta(days=2))


def test_a_campaign_reads_as_one_argument_with_its_count(db: Database) -> None:
    version = _public(db, 12)
    variants = [
        LETTER,
        LETTER.upper(),
        LETTER.replace(";", ",") + "  ",
        "Dear negotiators, " + LETTER + " Sincerely.",  # lightly edited copy
        LETTER.replace("every week", "every day"),
    ]
    made = []
    for i in range(10):
        text = CommentText(Stance.OPPOSE, variants[i % len(variants)])
        made.append(c.add_comment(db, Actor(f"citizen{i}"), version, "art-2", text, now=T0))
    made.append(
        c.add_comment(
            db, Actor("citizen10"), version, "art-2", CommentText(Stance.OPPOSE, OTHER), now=T0
        )
    )
    made.append(
        c.add_comment(
            db, Actor("citizen11"), version, "art-2", CommentText(Stance.SUPPORT, LETTER), now=T0
        )
    )
    groups = {m.group_id for m in made[:10]}
    assert len(groups) == 1  # every copy of the letter, edited or not
    assert made[10].group_id not in groups and made[11].group_id not in groups  # another stance

    before = c.summary(db, ZED, version, "art-2")
    assert before.counts == dict.fromkeys(Stance, 0) and before.pending is None  # none published
    assert c.summary(db, AMOS, version, "art-2").pending == 12

    queue = c.moderation_queue(db, AMOS, version)
    assert (queue[0].count, queue[0].stance) == (10, Stance.OPPOSE)
    published = c.moderate(db, AMOS, version, publish=True, groups=(queue[0].group_id,), now=T0)
    assert published == 10
    assert c.moderate(db, AMOS, version, publish=False, comments=(made[10].id,), now=T0) == 1
    assert c.moderate(db, AMOS, version, publish=True, comments=(made[11].id,), now=T0) == 1

    seen = c.summary(db, ZED, version, "art-2")
    assert seen.counts[Stance.OPPOSE] == 10 and seen.counts[Stance.SUPPORT] == 1
    assert seen.arguments == 2
    assert [(a.count, a.stance) for a in seen.largest] == [(10, Stance.OPPOSE), (1, Stance.SUPPORT)]
    shown = list(c.comments_of(db, ZED, version, "art-2"))
    assert len(shown) == 11 and all(s.status is CommentStatus.PUBLISHED for s in shown)
    assert len(list(c.comments_of(db, AMOS, version, "art-2"))) == 12  # the rejected one too
    assert check_database(db).ok  # two batches on the record, each matching its comments


def test_one_person_may_send_only_so_many_comments_an_hour(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    version = _public(db)
    monkeypatch.setattr(c, "PER_HOUR", 2)
    for key in ("art-1", "art-2"):
        c.add_comment(db, ZED, version, key, CommentText(Stance.SUPPORT, "Yes."), now=T0)
    with pytest.raises(RateLimited, match="try again in") as refused:
        c.add_comment(db, ZED, version, "art-3", CommentText(Stance.SUPPORT, "Yes."), now=T0)
    assert refused.value.retry_after == 3601
    later = T0 + timedelta(hours=1, seconds=1)
    c.add_comment(db, ZED, version, "art-3", CommentText(Stance.SUPPORT, "Yes."), now=later)


def test_a_comment_changed_behind_the_services_back_is_found(db: Database) -> None:
    from sqlalchemy import update

    from inwriting.storage.models import PublicCommentRow

    version = _public(db)
    made = c.add_comment(db, ZED, version, "art-1", CommentText(Stance.OPPOSE, "No."), now=T0)
    c.moderate(db, AMOS, version, publish=True, comments=(made.id,), now=T0)
    with db.engine.begin() as conn:
        conn.execute(update(PublicCommentRow).values(reason="Yes, wholeheartedly."))
    report = check_database(db)
    assert not report.ok
    assert any("comment_batch" in str(d) for d in report.discrepancies)


ZH_LETTER = (
    "第二条允许上游国家在干旱时改变水流方向而不通知下游国家。三角洲的农民依赖春季洪水。"
    "任何改道之前都应通知并协商，并每周公布流量数据。"
)


def test_a_campaign_in_a_script_without_spaces_is_grouped_too(db: Database) -> None:
    """Chinese is written without spaces: its copies are compared by runs of characters,
    so a greeting added and a word changed still make the same argument."""
    version = _public(db, 3)
    texts = [ZH_LETTER, "尊敬的谈判代表：" + ZH_LETTER.replace("每周", "每天")]
    texts.append("第二条的定义过于模糊，无法执行；请列出水文测量站的名称。")
    made = [
        c.add_comment(db, Actor(f"citizen{i}"), version, "art-2", CommentText(Stance.OPPOSE, t))
        for i, t in enumerate(texts)
    ]
    assert made[0].group_id == made[1].group_id != made[2].group_id
