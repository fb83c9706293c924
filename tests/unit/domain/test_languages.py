"""Language texts: aligning a translation to a version by structure, and the divergence
checks between aligned texts, on the UN Charter in English and Dutch and on texts written
for the purpose in other scripts."""

from __future__ import annotations

from pathlib import Path

import pytest

from inwriting.domain.divergences import Check, divergences, features, numbers, references
from inwriting.domain.languages import align, language_tag, original_text
from inwriting.errors import ValidationError
from inwriting.formats import parse_document, read_document

CORPUS = Path(__file__).parents[2] / "data" / "corpus"
EN = read_document(CORPUS / "un-charter.en.md")
NL = read_document(CORPUS / "un-charter.nl.md")

# What the real English and Dutch texts of the Charter differ in, read one by one: the Dutch
# text quotes "enemy state" where the English does not, numbers the only paragraph of
# Article 104, and writes the date of the closing formula in digits ("26ste juni 1945"),
# where the English writes it in words.
REAL = {
    ("art-53", Check.TERMS),
    ("art-104", Check.NUMBERS),
    ("closing", Check.NUMBERS),
}


def _check(dutch: str) -> set[tuple[str, Check]]:
    translation = parse_document(dutch, format="markdown").provisions
    alignment = align(EN.provisions, translation)
    assert alignment.complete, alignment.problems("nl")
    found = divergences("en", {"en": original_text(EN.provisions), "nl": alignment.provisions})
    return {(d.key, d.check) for d in found}


def test_the_charter_in_english_and_dutch_aligns_article_by_article() -> None:
    alignment = align(EN.provisions, NL.provisions)
    assert alignment.complete
    articles = [p for p in EN.provisions if p.kind.value == "article"]
    assert len(articles) == 111
    by_key = {p.key: p for p in alignment.provisions}
    assert [p.key for p in alignment.provisions] == [p.key for p in EN.provisions]
    assert by_key["art-51"].label == "Artikel 51"
    assert by_key["art-51"].text.startswith("Geen enkele bepaling van dit Handvest")
    # Sub-headings are keyed by their words ("Voting", "Stemmen"): aligned by position.
    assert by_key["ch-4.voting"].label.casefold().startswith("stemmen")


def test_the_real_differences_of_the_charter_are_the_only_ones_flagged() -> None:
    assert _check(_dutch()) == REAL


def _dutch() -> str:
    return (CORPUS / "un-charter.nl.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "flagged"),
    [
        # a changed number: nine members become ten in Article 27(2)
        ("indien negen leden vóór", "indien 10 leden vóór", ("art-27", {Check.NUMBERS})),
        # a changed cross-reference: the General Assembly's limit of Article 12 becomes 13
        (
            "behoudens het in artikel 12 bepaalde, met betrekking tot die vraagstukken",
            "behoudens het in artikel 13 bepaalde, met betrekking tot die vraagstukken",
            ("art-10", {Check.REFERENCES}),
        ),
        # a dropped paragraph: Article 2(7) is left out (its number with it)
        (
            "7. Geen enkele bepaling van dit Handvest geeft de Verenigde Naties de bevoegdheid",
            "",
            ("art-2", {Check.PARAGRAPHS, Check.NUMBERS}),
        ),
        # a changed date: 1 January 1942 becomes 1 February 1942 in Article 3
        ("van 1 januari 1942", "van 1 februari 1942", ("art-3", {Check.DATES})),
        # a term quoted in one text only
        (
            "die de naam zal dragen van de Verenigde Naties.",
            "die de naam „Verenigde Naties” zal dragen.",
            ("preamble", {Check.TERMS}),
        ),
    ],
)
def test_planted_divergences_are_found(old: str, new: str, flagged: tuple[str, set[Check]]) -> None:
    dutch = _dutch()
    assert dutch.count(old) == 1
    key, checks = flagged
    if not new:  # drop the whole paragraph
        start = dutch.index(old)
        dutch, old = dutch[:start] + dutch[dutch.index("\n\n", start) :], ""
    found = _check(dutch.replace(old, new) if old else dutch)
    assert found - REAL == {(key, check) for check in checks}


def test_a_dropped_article_is_refused_by_label() -> None:
    dutch = _dutch()
    start = dutch.index("### Artikel  5  \n")
    end = dutch.index("### Artikel  6  \n")
    alignment = align(EN.provisions, parse_document(dutch[:start] + dutch[end:]).provisions)
    assert not alignment.complete
    assert [p.key for p in alignment.missing] == ["art-5"]
    assert [str(p) for p in alignment.problems("nl")] == [
        "missing: Article 5 (art-5) of the version has no counterpart in the nl text"
    ]


def test_an_extra_provision_is_reported_and_a_confirmed_mapping_places_it() -> None:
    draft = parse_document("# Treaty\n\n## Article 1\n\nOne.\n\n## Article 2\n\nTwo.\n")
    split = parse_document(
        "# Договор\n\n## Статья 1\n\nОдин.\n\n## Статья 1a\n\nИ ещё.\n\n## Статья 2\n\nДва.\n"
    )
    alignment = align(draft.provisions, split.provisions)
    assert [p.label for p in alignment.extra] == ["Статья 1a"]
    assert "extra: Статья 1a" in str(alignment.problems("ru")[0])
    mapped = align(draft.provisions, split.provisions, {"Статья 1a": "art-1"})
    assert mapped.complete
    assert mapped.provisions[0].text == "Один.\n\nИ ещё."
    with pytest.raises(ValidationError, match="'Статья 9' names no provision"):
        align(draft.provisions, split.provisions, {"Статья 9": "art-1"})


def test_roman_and_arabic_numbers_and_other_scripts_align() -> None:
    draft = parse_document(
        "Treaty\n\nARTICLE I\n\nThe Parties agree.\n\nARTICLE II\n\nThey apply Art. I."
    )
    chinese = parse_document("条约\n\n第一条\n\n双方同意。\n\n第二条\n\n他们适用第1条。")
    alignment = align(draft.provisions, chinese.provisions)
    assert alignment.complete
    assert [p.label for p in alignment.provisions] == ["第一条", "第二条"]
    found = divergences("en", {"en": original_text(draft.provisions), "zh": alignment.provisions})
    assert found == []  # "Article I" and "第1条" refer to the same article


def test_numbers_are_read_in_either_convention_and_any_script() -> None:
    assert numbers("EUR 1,000.50 and 2 500") == ["1000.5", "2", "500"]
    assert numbers("EUR 1.000,50 en 2\u00a0500") == ["1000.5", "2500"]
    assert numbers("المادة ١٢ و पृष्ठ १२") == ["12", "12"]
    assert numbers("１２３") == ["123"]
    assert numbers("section 1.2.3") == ["1.2.3"]
    assert references("Articles 77, 79, and 81") == ["77", "79", "81"]
    assert references("de artikelen 33 tot en met 37") == ["33", "37"]
    assert references("статьи 5 и 6; Article V") == ["5", "6", "5"]
    assert features("The “Party” and «Partie» and 「締約国」").terms == 3


def test_language_tags_are_checked_and_put_in_their_usual_case() -> None:
    assert language_tag("NL") == "nl"
    assert language_tag("zh-hans") == "zh-Hans"
    assert language_tag("pt-br") == "pt-BR"
    with pytest.raises(ValidationError, match="not a language tag"):
        language_tag("Dutch language")
