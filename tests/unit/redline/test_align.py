"""Alignment: a document pairs with itself; shuffled, renumbered and edited copies pair back
with their originals; splits, mergers, insertions and removals are named as such."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from inwriting.domain.documents import Provision, ProvisionKind
from inwriting.redline.align import Pair, PairState, align
from inwriting.redline.matching import differ_in_letters

ARTICLE = ProvisionKind.ARTICLE


def article(number: int | str, text: str, heading: str = "", label: str = "") -> Provision:
    return Provision(
        f"art-{number}", ARTICLE, label or f"Article {number}", str(number), heading, text
    )


def states(pairs: tuple[Pair, ...]) -> list[tuple[str | None, str | None, str]]:
    return [
        (p.old.key if p.old else None, p.new.key if p.new else None, p.state.value) for p in pairs
    ]


COMMON = ["the", "Party", "shall", "of", "and", "to", "this", "Agreement", ",", "."]


@st.composite
def documents(draw: st.DrawFn) -> tuple[Provision, ...]:
    """Up to 15 articles; each has words of its own (and common ones), so which original an
    edited copy comes from is never in doubt."""
    count = draw(st.integers(1, 15))
    provisions = []
    for i in range(count):
        own = [f"topic{i}word{k}" for k in range(10)]
        words = draw(st.lists(st.sampled_from(own + COMMON), min_size=6, max_size=40))
        words += own[:4]
        provisions.append(article(i + 1, " ".join(words), heading=f"Heading {i}"))
    return tuple(provisions)


@given(documents())
def test_a_document_aligned_with_itself_is_all_same(doc: tuple[Provision, ...]) -> None:
    pairs = align(doc, doc)
    assert [p.state for p in pairs] == [PairState.SAME] * len(doc)
    assert [(p.old, p.new) for p in pairs] == [(p, p) for p in doc]


@given(st.data())
def test_a_shuffled_renumbered_edited_copy_aligns_back(data: st.DataObject) -> None:
    doc = data.draw(documents())
    order = data.draw(st.permutations(range(len(doc))))
    edited = data.draw(st.lists(st.booleans(), min_size=len(doc), max_size=len(doc)))
    new = []
    for position, original in enumerate(order):
        text = doc[original].text
        if edited[position]:
            text = text.replace("topic", "subject", 1)
        new.append(article(position + 1, text, heading=doc[original].heading))
    origin = {f"art-{position + 1}": doc[o].key for position, o in enumerate(order)}
    pairs = align(doc, tuple(new))
    assert len(pairs) == len(doc)
    for pair in pairs:
        assert pair.old is not None and pair.new is not None
        assert pair.old.key == origin[pair.new.key]
        assert pair.state in {PairState.SAME, PairState.CHANGED, PairState.RENUMBERED,
                              PairState.MOVED}  # fmt: skip
        assert pair.text_changed == (pair.old.text != pair.new.text)
    assert [p.new.key for p in pairs if p.new] == [p.key for p in new]


A = "The Parties shall cooperate in the management of the river basin and its tributaries."
B = "Each Party shall report annually to the Commission on the quality of the water."
C = "The Commission shall meet at least twice a year and adopt its rules of procedure."
D = "Disputes shall be settled by negotiation or, failing that, by arbitration."
X = "Fishing quotas shall be set each season by the Commission after hearing the Parties."


def test_an_inserted_article_renumbers_the_rest() -> None:
    old = (article(1, A), article(2, B), article(3, C))
    new = (article(1, A), article(2, X), article(3, B), article(4, C))
    assert states(align(old, new)) == [
        ("art-1", "art-1", "same"),
        (None, "art-2", "added"),
        ("art-2", "art-3", "renumbered"),
        ("art-3", "art-4", "renumbered"),
    ]


def test_two_swapped_articles_are_one_moved_and_one_renumbered() -> None:
    old = (article(1, A), article(2, B), article(3, C))
    new = (article(1, A), article(2, C), article(3, B))
    found = states(align(old, new))
    assert found[0] == ("art-1", "art-1", "same")
    assert {(o, n) for o, n, _ in found[1:]} == {("art-3", "art-2"), ("art-2", "art-3")}
    assert sorted(s for _, _, s in found[1:]) == ["moved", "renumbered"]


def test_a_removed_article_is_listed_where_it_was() -> None:
    old = (article(1, A), article(2, B), article(3, C), article(4, D))
    new = (article(1, A), article(2, C), article(3, D))
    assert states(align(old, new)) == [
        ("art-1", "art-1", "same"),
        ("art-2", None, "removed"),
        ("art-3", "art-2", "renumbered"),
        ("art-4", "art-3", "renumbered"),
    ]


def test_a_split_article() -> None:
    old = (article(1, A), article(2, f"{B} {C}"), article(3, D))
    new = (article(1, A), article(2, B), article("2a", C), article(3, D))
    assert states(align(old, new)) == [
        ("art-1", "art-1", "same"),
        ("art-2", "art-2", "split"),
        ("art-2", "art-2a", "split"),
        ("art-3", "art-3", "same"),
    ]


def test_merged_articles() -> None:
    old = (article(1, A), article(2, B), article(3, C), article(4, D))
    new = (article(1, A), article(2, f"{B}\n\n{C}"), article(3, D))
    assert states(align(old, new)) == [
        ("art-1", "art-1", "same"),
        ("art-2", "art-2", "merged"),
        ("art-3", "art-2", "merged"),
        ("art-4", "art-3", "renumbered"),
    ]


def test_a_rewritten_article_keeps_its_number() -> None:
    old = (article(1, A), article(2, B))
    new = (article(1, A), article(2, "Each Party shall publish, every year, a water report."))
    assert states(align(old, new))[1] == ("art-2", "art-2", "changed")


def test_whitespace_alone_is_no_change() -> None:
    old = (article(1, "The Parties  shall\ncooperate."),)
    new = (article(1, "The Parties shall cooperate."),)
    (pair,) = align(old, new)
    assert (pair.state, pair.text_changed) == (PairState.SAME, False)


def test_a_changed_heading_is_a_change() -> None:
    (pair,) = align((article(1, A, "Scope"),), (article(1, A, "Purpose"),))
    assert (pair.state, pair.text_changed) == (PairState.CHANGED, True)


def test_labels_compare_across_origins() -> None:
    """A Markdown "ARTICLE V" and a DOCX "Art. 5" are one label: kind and number."""
    old = (article(5, A, label="ARTICLE V"), article(6, B, label="ARTICLE VI"))
    new = (article(5, A + " Amended.", label="Art. 5"), article(6, B, label="Art. 6"))
    assert [p.state for p in align(old, new)] == [PairState.CHANGED, PairState.SAME]


def test_by_key_pairs_what_the_product_derived() -> None:
    """Keys survive renumbering in derived versions: the same key is the same provision,
    however much its text changed."""
    old = (article(1, A), Provision("k-7", ARTICLE, "Article 2", "2", "", B))
    new = (article(1, A), Provision("k-7", ARTICLE, "Article 3", "3", "", X))
    assert states(align(old, new, by_key=True))[1] == ("k-7", "k-7", "renumbered")
    assert {s for _, _, s in states(align(old, new))[1:]} == {"added", "removed"}


def test_headings_pair_with_headings() -> None:
    group = ProvisionKind.GROUP
    old = (Provision("ch-1", group, "CHAPTER I", "1", "General", ""), article(1, A))
    new = (
        Provision("part-1", group, "PART I", "1", "General provisions", ""),
        article(1, A),
    )
    assert states(align(old, new)) == [
        ("ch-1", "part-1", "renumbered"),
        ("art-1", "art-1", "same"),
    ]
    bare = (Provision("ch-1", group, "CHAPTER I", "1", "", ""), article(1, A))
    other = (Provision("x", group, "TERMS", "", "", ""), article(1, A))
    assert states(align(bare, other))[0][2] in ("removed", "added")


@given(st.text(alphabet="ab \n"), st.text(alphabet="ab \n"))
def test_differ_in_letters_only_when_they_do(a: str, b: str) -> None:
    if differ_in_letters(a, b):
        assert "".join(a.split()) != "".join(b.split())
