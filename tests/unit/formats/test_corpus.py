"""The parser on real documents: the copies in ``tests/data/corpus``.

Counts are the official ones from each file's ``.source.txt`` sidecar (see the README there).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

import pytest

from inwriting.domain.documents import ParsedDocument, ProvisionKind
from inwriting.formats import read_document
from tests.conftest import CORPUS

GDPR = ["gdpr-2016-679.en.txt", "gdpr-2016-679.en.oj-pdf-text.txt"]
UN = [
    "un-charter.en.md",
    "un-charter.nl.md",
    "versions/un-charter.en.dutch-db-1973-09-24.md",
    "versions/un-charter.en.dutch-db-2013-11-19.md",
]
ECHR = ["versions/echr.en.dutch-db-2010-06-01.md", "versions/echr.en.dutch-db-2014-05-01.md"]
PAGE_FURNITURE = re.compile(
    r"L 119/\d+|4\.5\.2016|\bEN\s+Official|Official Journal of the European Union\s+L"
)


@cache
def parsed(name: str) -> ParsedDocument:
    return read_document(CORPUS / name)


def count(doc: ParsedDocument, kind: ProvisionKind, prefix: str = "") -> int:
    return sum(
        1 for p in doc.provisions if p.kind is kind and p.key.split(".")[-1].startswith(prefix)
    )


def numbers(doc: ParsedDocument, kind: ProvisionKind) -> list[str]:
    return [p.number for p in doc.provisions if p.kind is kind]


@pytest.mark.parametrize("name", UN)
def test_un_charter(name: str) -> None:
    doc = parsed(name)
    assert count(doc, ProvisionKind.ARTICLE) == 111
    assert [p.key for p in doc.provisions if p.kind is ProvisionKind.ARTICLE] == [
        f"art-{n}" for n in range(1, 112)
    ]
    assert count(doc, ProvisionKind.GROUP, "ch-") == 19
    articles = doc.by_key()
    assert articles["art-1"].parent == "ch-1"
    assert articles["ch-1"].label in ("CHAPTER I", "Hoofdstuk I")
    assert articles["art-111"].parent == "ch-19"
    assert doc.provisions[0].key == "preamble"
    assert doc.provisions[-1].key == "closing"


def test_un_charter_text_and_structure() -> None:
    doc = parsed("un-charter.en.md")
    articles = doc.by_key()
    assert doc.title == "Charter of the United Nations"
    assert articles["ch-1"].heading == "Purposes and principles"
    assert articles["art-1"].label == "Article 1"
    assert articles["art-1"].text.startswith("The Purposes of the United Nations are:\n\n1. To")
    assert articles["art-1"].text.count("\n\n") == 4  # intro and four numbered paragraphs
    # Unnumbered sub-headings inside chapter IV group its articles.
    assert articles["ch-4.composition"].parent == "ch-4"
    assert articles["art-9"].parent == "ch-4.composition"
    assert articles["closing"].text.startswith("IN FAITH WHEREOF")
    assert "IN FAITH WHEREOF" not in articles["art-111"].text


def test_un_charter_dutch_labels() -> None:
    articles = parsed("un-charter.nl.md").by_key()
    assert articles["art-5"].label == "Artikel 5"
    assert articles["ch-2"].heading == "LIDMAATSCHAP"
    assert articles["closing"].text.startswith("TEN BLIJKE WAARVAN")


@pytest.mark.parametrize("name", GDPR)
def test_gdpr_counts(name: str) -> None:
    doc = parsed(name)
    assert numbers(doc, ProvisionKind.RECITAL) == [str(n) for n in range(1, 174)]
    assert numbers(doc, ProvisionKind.ARTICLE) == [str(n) for n in range(1, 100)]
    assert count(doc, ProvisionKind.GROUP, "ch-") == 11
    assert count(doc, ProvisionKind.GROUP, "sec-") == 15
    assert [p.kind for p in doc.provisions[:2]] == [ProvisionKind.PREAMBLE, ProvisionKind.RECITAL]
    assert doc.provisions[-1].kind is ProvisionKind.CLOSING


@pytest.mark.parametrize("name", GDPR)
def test_gdpr_labels_headings_parents(name: str) -> None:
    doc = parsed(name)
    articles = doc.by_key()
    art5 = articles["art-5"]
    assert (art5.label, art5.heading) == (
        "Article 5",
        "Principles relating to processing of personal data",
    )
    assert art5.parent == "ch-2"
    assert articles["ch-2"].label == "CHAPTER II"
    assert articles["art-12"].parent == "ch-3.sec-1"
    assert articles["ch-3.sec-1"].heading == "Transparency and modalities"
    assert articles["ch-3.sec-1"].parent == "ch-3"
    assert articles["art-12"].heading == (
        "Transparent information, communication and modalities for the exercise of the rights "
        "of the data subject"
    )
    assert articles["rec-1"].label == "(1)"
    assert articles["rec-1"].text.startswith("The protection of natural persons")
    assert "HAVE ADOPTED THIS REGULATION:" in articles["preamble"].text
    assert articles["art-99"].text.endswith("It shall apply from 25 May 2018.")
    assert articles["closing"].text.startswith("This Regulation shall be binding in its entirety")


@pytest.mark.parametrize("name", GDPR)
def test_gdpr_paragraphs_are_kept(name: str) -> None:
    art5 = parsed(name).by_key()["art-5"]
    paragraphs = art5.text.split("\n\n")
    assert paragraphs[0] == "1. Personal data shall be:"
    assert paragraphs[1].startswith("(a) processed lawfully, fairly and in a transparent manner")
    assert paragraphs[-1].startswith("2. The controller shall be responsible for")


def test_gdpr_clean_text_keeps_its_footnotes_in_the_closing() -> None:
    closing = parsed("gdpr-2016-679.en.txt").by_key()["closing"].text
    assert "Done at Brussels, 27 April 2016." in closing
    assert "(1) OJ C 229, 31.7.2012, p. 90." in closing


def test_gdpr_pdf_text_has_no_page_furniture_in_any_provision() -> None:
    clean, noisy = parsed(GDPR[0]).by_key(), parsed(GDPR[1])
    for provision in noisy.provisions:
        for field in (provision.text, provision.heading, provision.label):
            assert not PAGE_FURNITURE.search(field), (provision.key, PAGE_FURNITURE.search(field))
        assert "OJ C 229" not in provision.text  # a page-foot note
        # The Official Journal is named in the text itself as often as in the clean text.
        journal = "Official Journal of the European Union"
        if provision.key != "closing":  # the clean closing holds the footnotes
            expected = clean[provision.key].text.count(journal)
            assert provision.text.count(journal) == expected, provision.key
    recital3 = noisy.by_key()["rec-3"]
    # its note call "(4)" is a note call of the document's fourth note, the note its own
    assert "of the Council[^4] seeks to harmonise" in recital3.text
    assert recital3.notes == (
        "Directive 95/46/EC of the European Parliament and of the Council of 24 October 1995 "
        "on the protection of individuals with regard to the processing of personal data and "
        "on the free movement of such data (OJ L 281, 23.11.1995, p. 31).",
    )
    assert sum(len(p.notes) for p in noisy.provisions) == 21  # every page-foot note, once


def test_gdpr_pdf_text_matches_the_clean_text() -> None:
    clean, noisy = parsed(GDPR[0]), parsed(GDPR[1])
    assert [p.key for p in clean.provisions] == [p.key for p in noisy.provisions]
    for a, b in zip(clean.provisions, noisy.provisions, strict=True):
        assert (a.label, a.number, a.heading, a.parent) == (b.label, b.number, b.heading, b.parent)
    # Words split across lines come back whole.
    assert "should be technologically neutral" in noisy.by_key()["rec-15"].text


@pytest.mark.parametrize("name", ECHR)
def test_echr(name: str) -> None:
    doc = parsed(name)
    assert numbers(doc, ProvisionKind.ARTICLE) == [str(n) for n in range(1, 60)]
    assert [p.key for p in doc.provisions if p.kind is ProvisionKind.GROUP] == [
        "sec-1",
        "sec-2",
        "sec-3",
    ]
    articles = doc.by_key()
    assert articles["art-1"].parent is None
    assert articles["art-2"].parent == "sec-1"
    assert articles["art-2"].heading == "Right to life"
    assert articles["sec-2"].heading == "European Court of Human Rights"
    assert articles["art-59"].parent == "sec-3"


@pytest.mark.parametrize("name", ["versions/eupl-1.1.txt", "versions/eupl-1.2.txt"])
def test_eupl(name: str) -> None:
    doc = parsed(name)
    assert numbers(doc, ProvisionKind.ARTICLE) == [str(n) for n in range(1, 16)]
    articles = doc.by_key()
    assert articles["art-1"].heading == "Definitions"
    assert articles["art-15"].heading == "Applicable Law"
    appendix = articles["appendix"]
    assert appendix.kind is ProvisionKind.ANNEX
    assert "Compatible Licences" in appendix.text


@pytest.mark.parametrize(
    ("name", "sections"), [("versions/gpl-2.0.txt", 13), ("versions/gpl-3.0.txt", 18)]
)
def test_gpl(name: str, sections: int) -> None:
    doc = parsed(name)
    assert numbers(doc, ProvisionKind.ARTICLE) == [str(n) for n in range(sections)]
    articles = doc.by_key()
    assert articles["preamble"].text.startswith("GNU GENERAL PUBLIC LICENSE")
    assert articles["closing"].text == "END OF TERMS AND CONDITIONS"
    annex = articles["annex"]
    assert annex.label == "How to Apply These Terms to Your New Programs"
    assert annex.text.startswith("If you develop a new program")


def test_gpl_v2_sections_start_with_their_text() -> None:
    art0 = parsed("versions/gpl-2.0.txt").by_key()["art-0"]
    assert (art0.label, art0.heading) == ("0.", "")
    assert art0.text.startswith("This License applies to any program or other work which contains")


def test_gpl_v3_sections_have_headings() -> None:
    articles = parsed("versions/gpl-3.0.txt").by_key()
    assert articles["art-0"].heading == "Definitions"
    assert articles["art-3"].heading == "Protecting Users' Legal Rights From Anti-Circumvention Law"


@pytest.mark.parametrize(
    ("name", "sections", "annexes"),
    [
        ("versions/mpl-1.1.txt", 13, ["exhibit-a"]),
        ("versions/mpl-2.0.txt", 10, ["exhibit-a", "exhibit-b"]),
        ("versions/epl-1.0.txt", 7, []),
        ("versions/epl-2.0.txt", 7, ["exhibit-a"]),
    ],
)
def test_other_licences(name: str, sections: int, annexes: list[str]) -> None:
    doc = parsed(name)
    assert numbers(doc, ProvisionKind.ARTICLE) == [str(n) for n in range(1, sections + 1)]
    assert [p.key for p in doc.provisions if p.kind is ProvisionKind.ANNEX] == annexes


@pytest.mark.parametrize("name", [*UN, *GDPR, *ECHR])
def test_keys_unique_and_parents_exist(name: str) -> None:
    doc = parsed(name)
    keys = Counter(p.key for p in doc.provisions)
    assert max(keys.values()) == 1
    groups = {p.key for p in doc.provisions if p.kind is ProvisionKind.GROUP}
    assert all(p.parent is None or p.parent in groups for p in doc.provisions)
    assert all(p.text == p.text.strip() and "\n\n\n" not in p.text for p in doc.provisions)
