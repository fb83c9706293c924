"""Akoma Ntoso 3.0: the OASIS examples imported, exports valid against the 2018 schema and
read back unchanged, eIds as keys, and hostile XML refused.

The schema is copied to ``tests/data/akn/schema-os-2018`` (see the README there), so the
validation tests run everywhere; the nine official examples live in the shared corpus and
their tests are skipped where it is absent.
"""

from __future__ import annotations

import time
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from inwriting.domain.documents import ParsedDocument, Provision, ProvisionKind
from inwriting.errors import FormatError
from inwriting.formats import parse_bytes, parse_document, read_document
from inwriting.formats.akn.ids import (
    AKN_DRAFT_NAMESPACE,
    AKN_NAMESPACE,
    eid_to_key,
    key_to_eid,
)
from inwriting.formats.akn.reader import import_akn, read_akn
from inwriting.formats.akn.writer import AknMetadata, write_akn
from tests.conftest import CORPUS, DATA

SCHEMA = DATA / "akn" / "schema-os-2018" / "akomantoso30.xsd"
EXAMPLES = CORPUS / "akn" / "examples-csprd02"


@cache
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def assert_valid(data: bytes) -> None:
    validator = schema()
    ok = validator.validate(etree.fromstring(data))
    assert ok, [f"line {e.line}: {e.message}" for e in validator.error_log][:5]


@cache
def example(name: str) -> ParsedDocument:
    return read_akn((EXAMPLES / name).read_bytes(), source=name)


def kinds(doc: ParsedDocument, kind: ProvisionKind) -> list[Provision]:
    return [p for p in doc.provisions if p.kind is kind]


def small(namespace: str = AKN_NAMESPACE) -> bytes:
    """``tests/data/akn/rivers.xml``: a little of everything, in either namespace."""
    data = (DATA / "akn" / "rivers.xml").read_bytes()
    return data.replace(AKN_NAMESPACE.encode(), namespace.encode())


# --- import ----------------------------------------------------------------------------------


def test_small_document_maps_element_by_element() -> None:
    imported = import_akn(small(), source="small.xml")
    doc = imported.document
    assert doc.title == "Agreement on Rivers"
    assert [
        (p.key, p.kind.value, p.label, p.number, p.heading, p.parent) for p in doc.provisions
    ] == [
        ("preamble", "preamble", "Preamble", "", "", None),
        ("ch-1", "group", "CHAPTER I", "1", "General", None),
        ("ch-1.art-1", "article", "Article 1", "1", "Scope", "ch-1"),
        ("ch-2", "group", "CHAPTER II", "2", "", None),
        ("ch-2.art-1", "article", "Art. 1.", "1", "", "ch-2"),
        ("art-2", "article", "Article 2", "2", "", "ch-2"),
        ("closing", "closing", "Closing", "", "", None),
        ("annex-1", "annex", "Annex I", "1", "", None),
    ]
    provisions = doc.by_key()
    assert provisions["ch-1.art-1"].text == (
        "1. This Agreement applies to rivers[^1].\n\n2. It covers:\n\n(a) water;\n\n(b) fish."
    )
    assert provisions["art-2"].text == "| Party | Quota |\n| --- | --- |\n| A | 10 |"
    assert provisions["annex-1"].text == "Projects."
    assert provisions["ch-1.art-1"].notes == ("A note.",)  # the <authorialNote>, called "[^1]"
    assert imported.notes == ()


def test_the_draft_namespace_reads_the_same() -> None:
    assert read_akn(small(AKN_DRAFT_NAMESPACE)) == read_akn(small())


def test_akn_is_detected_by_content_and_by_name() -> None:
    assert parse_bytes(small(), source="upload") == read_akn(small())
    assert parse_document(small().decode(), source="draft.akn") == read_akn(small())


def test_an_encoding_declaration_is_honoured() -> None:
    latin = small().replace(b'encoding="UTF-8"', b'encoding="ISO-8859-1"')
    latin = latin.replace(b"Rivers", "Rivières".encode("latin-1"))
    assert parse_bytes(latin, source="latin.xml").title == "Agreement on Rivières"
    as_text = latin.decode("latin-1")  # decoded by someone else: the declaration is rewritten
    assert parse_document(as_text, format="akn").title == "Agreement on Rivières"


@pytest.mark.parametrize(
    ("eid", "key"),
    [
        ("art_5", "art-5"),
        ("chp_2__art_1", "ch-2.art-1"),
        ("chp_IV", "ch-4"),
        ("recs_1__rec_12", "rec-12"),
        ("cmpnts__cmp_1__art_3", "art-3"),
        ("att_1", "annex-1"),
        ("part_A__title_2", "part-a.title-2"),
        ("sec_3", "sec-3"),
        ("crossheading-final-provisions", "crossheading-final-provisions"),
        ("hcontainer_1", "hcontainer-1"),
        ("preamble", ""),
    ],
)
def test_eids_become_keys(eid: str, key: str) -> None:
    assert eid_to_key(eid) == key


def test_an_answerable_section_takes_the_article_prefix() -> None:
    assert eid_to_key("sec_1", article=True) == "art-1"


KEY_PART = st.one_of(
    st.from_regex(
        r"(art|ch|rec|part|title|sec|annex|sub|chp|att|no)-[a-z0-9]{1,4}", fullmatch=True
    ),
    st.from_regex(r"[a-z]{1,8}(-[a-z0-9]{1,6}){0,3}", fullmatch=True),
)


@given(st.lists(KEY_PART, min_size=1, max_size=3).map(".".join))
def test_every_key_written_as_an_eid_reads_back(key: str) -> None:
    if any(part in ("recs", "cits", "cmpnts", "cmp", "body", "preface") for part in key.split(".")):
        return  # container names: never a key component our parsers produce
    assert eid_to_key(key_to_eid(key)) == key


# --- the official examples -------------------------------------------------------------------


def test_eu_proposal_36_recitals_24_articles() -> None:
    doc = example("eu_COM(2013)0619_EN-8.xml")
    assert doc.title.startswith("Proposal for a REGULATION OF THE EUROPEAN PARLIAMENT")
    assert [p.key for p in kinds(doc, ProvisionKind.RECITAL)] == [f"rec-{n}" for n in range(1, 37)]
    assert [p.key for p in kinds(doc, ProvisionKind.ARTICLE)] == [f"art-{n}" for n in range(1, 25)]
    assert [p.key for p in kinds(doc, ProvisionKind.GROUP)] == [f"ch-{n}" for n in range(1, 10)]
    provisions = doc.by_key()
    assert provisions["art-1"].parent == "ch-1" and provisions["art-24"].parent == "ch-9"
    assert provisions["art-1"].text.startswith("1. This Regulation establishes rules")
    assert provisions["rec-1"].label == "(1)"
    assert provisions["closing"].text.startswith("Done at Brussels,")
    assert [p.label for p in kinds(doc, ProvisionKind.ANNEX)] == [
        "Explanatory memorandum",
        "Financial statement",
    ]


def test_italian_bill_quoted_articles_stay_in_the_text() -> None:
    """The file has 8 <article> elements; 2 are the text article 1 inserts into another law
    (inside <quotedStructure>), so the bill has 6 articles of its own."""
    name = "it_senato_ddl_2013.xml"
    root = etree.parse(str(EXAMPLES / name)).getroot()
    assert len(root.findall(".//{*}article")) == 8
    doc = example(name)
    assert [(p.key, p.label) for p in kinds(doc, ProvisionKind.ARTICLE)] == [
        (f"art-{n}", f"Art. {n}.") for n in range(1, 7)
    ]
    assert "«Art. 1. -- 1. La Camera dei deputati" in doc.by_key()["art-1"].text
    assert doc.by_key()["art-6"].heading == "(Entrata in vigore)"
    assert len(kinds(doc, ProvisionKind.ANNEX)) == 1


def test_uk_act_8_sections_are_the_articles() -> None:
    doc = example("uk_pga-2014-27-enacted-data.xml")
    articles = kinds(doc, ProvisionKind.ARTICLE)
    assert [(p.key, p.label) for p in articles] == [
        (f"art-{n}", f"Section {n}") for n in range(1, 9)
    ]
    assert [p.label for p in kinds(doc, ProvisionKind.GROUP)] == [
        "Retention of relevant communications data",
        "Investigatory powers",
        "Final provisions",
    ]
    assert articles[0].text.startswith("(1) The Secretary of State may by notice")
    assert doc.provisions[0].text.startswith("Be it enacted by the Queen’s most Excellent Majesty")


def test_us_documents_numbered_in_sections() -> None:
    imported = import_akn((EXAMPLES / "us_Act_2011-11-29.xml").read_bytes())
    act = imported.document
    assert [p.number for p in kinds(act, ProvisionKind.ARTICLE)] == [str(n) for n in range(1, 7)]
    assert "Page 125 STAT. 754" in act.by_key()["art-2"].text  # a page marker, folded in
    assert any("page markers" in note for note in imported.notes)
    title9 = example("us_Title9-Chap3-eng.xml")
    assert [p.key for p in title9.provisions] == ["ch-3"] + [f"art-{n}" for n in range(301, 308)]


def test_uruguay_collection_bill_and_its_motives() -> None:
    doc = example("uy_bill_2010-09-27.xml")
    assert [(p.key, p.label) for p in kinds(doc, ProvisionKind.ARTICLE)] == [
        ("art-1", "Artículo 1º"),
        ("art-2", "Artículo 2º."),
        ("art-3", "Artículo 3º."),
    ]
    assert [p.label for p in kinds(doc, ProvisionKind.ANNEX)] == ["Motivos"]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("cl_Sesion56_2.xml", "debate"),
        ("ke_Debate_Bungeni_2011-06-10.xml", "debate"),
        ("za_Judgement_2008-11-26.xml", "judgment"),
    ],
)
def test_documents_without_articles_are_refused(name: str, kind: str) -> None:
    with pytest.raises(FormatError, match=rf"^{name}, line \d+: no provisions found: .* {kind} "):
        read_akn((EXAMPLES / name).read_bytes(), source=name)


DRAFTS = [
    "eu_COM(2013)0619_EN-8.xml",
    "it_senato_ddl_2013.xml",
    "uk_pga-2014-27-enacted-data.xml",
    "us_Act_2011-11-29.xml",
    "us_Title9-Chap3-eng.xml",
    "uy_bill_2010-09-27.xml",
]


@pytest.mark.parametrize("name", DRAFTS)
def test_examples_export_valid_and_read_back_unchanged(name: str) -> None:
    doc = example(name)
    data = write_akn(doc)
    assert_valid(data)
    assert read_akn(data) == doc


# --- export ----------------------------------------------------------------------------------


def test_export_is_valid_against_the_2018_schema_and_reads_back() -> None:
    doc = read_akn(small())
    data = write_akn(doc)
    assert_valid(data)
    assert read_akn(data) == doc


def test_export_of_a_parsed_text_with_recitals_preamble_heading_and_empty_parts() -> None:
    text = (
        "# Regulation on Rivers\n\n## Preamble of the Parties\n\nTHE PARTIES,\n\nWhereas:\n\n"
        "(1) Rivers flow.\n\n(2) Fish swim.\n\nHAVE ADOPTED THIS REGULATION:\n\n"
        "## CHAPTER I\n\n## Composition\n\n### Article 1\n\n### Article 2 – Empty\n\n"
        "Done at Geneva.\n\n## Annex A\n"
    )
    doc = parse_document(text, format="markdown")
    assert [p.kind.value for p in doc.provisions].count("recital") == 2
    data = write_akn(doc)
    assert_valid(data)
    assert read_akn(data) == doc


def test_export_of_a_text_without_articles_or_groups() -> None:
    doc = ParsedDocument(
        "Recitals only",
        (Provision("rec-1", ProvisionKind.RECITAL, "(1)", "1", "", "Rivers flow.", None),),
    )
    data = write_akn(doc)
    assert_valid(data)
    assert read_akn(data) == doc


def test_export_carries_frbr_metadata_from_its_arguments() -> None:
    meta = AknMetadata(
        work_date=date(2024, 5, 1),
        expression_date=date(2024, 6, 2),
        author="Party A",
        country="fr",
        language="fra",
    )
    root = etree.fromstring(write_akn(read_akn(small()), meta))
    ns = {"a": AKN_NAMESPACE}
    work = root.find(".//a:FRBRWork", ns)
    expression = root.find(".//a:FRBRExpression", ns)
    assert work is not None and expression is not None
    assert work.find("a:FRBRuri", ns).get("value") == "/akn/fr/bill/2024-05-01/agreement-on-rivers"
    assert work.find("a:FRBRdate", ns).get("date") == "2024-05-01"
    assert work.find("a:FRBRcountry", ns).get("value") == "fr"
    assert expression.find("a:FRBRdate", ns).get("date") == "2024-06-02"
    assert expression.find("a:FRBRlanguage", ns).get("language") == "fra"
    assert root.find(".//a:TLCOrganization[@eId='author']", ns).get("showAs") == "Party A"
    assert root.find(".//a:article", ns).get("eId") == "chp_1__art_1"


def test_export_without_a_date_is_deterministic_and_says_undated() -> None:
    doc = read_akn(small())
    assert write_akn(doc) == write_akn(doc)
    assert b'name="undated"' in write_akn(doc)


def test_export_drops_characters_xml_cannot_carry() -> None:
    doc = ParsedDocument(
        "T", (Provision("art-1", ProvisionKind.ARTICLE, "Article 1", "1", "", "a\x0bb", None),)
    )
    assert read_akn(write_akn(doc)).provisions[0].text == "ab"


# --- hostile XML -----------------------------------------------------------------------------

NS = AKN_NAMESPACE.encode()
HOSTILE = {
    "xxe": b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<akomaNtoso xmlns="' + NS + b'"><act><body><article><num>Article 1</num>'
    b"<content><p>&x;</p></content></article></body></act></akomaNtoso>",
    "billion laughs": b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "lol">'
    + b"".join(
        b'<!ENTITY %s "%s">' % (bytes([98 + i]), (b"&" + bytes([97 + i]) + b";") * 10)
        for i in range(9)
    )
    + b']><akomaNtoso xmlns="'
    + NS
    + b'">&j;</akomaNtoso>',
    "external dtd": b'<!DOCTYPE akomaNtoso SYSTEM "http://example.invalid/akn.dtd">'
    b'<akomaNtoso xmlns="' + NS + b'"/>',
    "utf-16 doctype": (
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE a [<!ENTITY x SYSTEM "/etc/passwd">]>'
        f'<akomaNtoso xmlns="{AKN_NAMESPACE}"/>'
    ).encode("utf-16"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_document_type_declarations_are_refused(name: str) -> None:
    started = time.perf_counter()
    with pytest.raises(FormatError, match="document type declaration") as caught:
        read_akn(HOSTILE[name], source="evil.xml")
    assert time.perf_counter() - started < 2
    assert "root:" not in str(caught.value)  # nothing of /etc/passwd ever gets in


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (b"", "empty document"),
        (b"Article 1 is not XML", "not well-formed XML"),
        (b"<akomaNtoso><act>", "not well-formed XML"),
        (b'<html xmlns="http://www.w3.org/1999/xhtml"/>', "not an Akoma Ntoso 3.0 document"),
        (b"<akomaNtoso/>", r"root element is <akomaNtoso>, expected"),
        (b'<akomaNtoso xmlns="' + NS + b'">' + b"<a>" * 5000 + b"</a>" * 5000 + b"</akomaNtoso>",
         "Excessive depth"),
        (b'<akomaNtoso xmlns="' + NS + b'"><act><meta/><body/></act></akomaNtoso>',
         "no provisions found"),
    ],
)  # fmt: skip
def test_what_is_not_akoma_ntoso_is_refused(data: bytes, match: str) -> None:
    with pytest.raises(FormatError, match=match):
        read_akn(data, source="bad.xml")


def test_oversized_xml_is_refused_before_parsing() -> None:
    started = time.perf_counter()
    with pytest.raises(FormatError, match="file too large"):
        read_akn(b"<a>" + bytes(21 << 20) + b"</a>", source="big.xml")
    assert time.perf_counter() - started < 1


def test_xinclude_is_not_followed() -> None:
    data = small().replace(
        b"<p>Again one.</p>",
        b'<p xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="/etc/passwd" '
        b'parse="text"/>Again one.</p>',
    )
    assert read_akn(data).by_key()["ch-2.art-1"].text == "Again one."


def test_read_document_reads_akn_files_as_bytes(tmp_path: Path) -> None:
    path = tmp_path / "rivers.xml"
    path.write_bytes(small())
    assert read_document(path) == read_akn(small())


# --- fuzzing ---------------------------------------------------------------------------------

VOCABULARY = (
    "act", "bill", "doc", "documentCollection", "component", "components", "collectionBody",
    "documentRef", "body", "mainBody", "preamble", "recitals", "recital", "article", "section",
    "chapter", "part", "hcontainer", "num", "heading", "p", "content", "intro", "wrapUp",
    "conclusions", "attachments", "attachment", "quotedStructure", "mod", "table", "tr", "td",
    "authorialNote", "paragraph", "point", "list", "preface", "docTitle", "meta", "container",
)  # fmt: skip
ATTRIBUTES = st.dictionaries(
    st.sampled_from(["eId", "name", "href", "showAs"]),
    st.sampled_from(["art_1", "chp_I", "recs_1__rec_2", "x", "placeholder", "inwriting-label",
                     "cmp_1", "#cmp_1", "", "__", "_", "sec_1__art_2"]),
    max_size=2,
)  # fmt: skip
WORDS = st.sampled_from(["", "Article 1", "1.", "(a)", "CHAPTER II", "Annex I", "Done at X.", " "])


def _element(name: str, attributes: dict[str, str], text: str, content: str) -> str:
    pairs = "".join(f' {key}="{value}"' for key, value in attributes.items())
    return f"<{name}{pairs}>{text}{content}</{name}>"


def elements(depth: int) -> st.SearchStrategy[str]:
    inner = st.just("") if depth == 0 else st.lists(elements(depth - 1), max_size=3).map("".join)
    return st.builds(_element, st.sampled_from(VOCABULARY), ATTRIBUTES, WORDS, inner)


@settings(max_examples=150, deadline=None)
@given(inner=st.lists(elements(3), max_size=3).map("".join))
def test_any_akoma_ntoso_tree_reads_or_is_refused_and_reads_back(inner: str) -> None:
    """Wherever odd elements stand, the reader raises FormatError or gives a document that
    the writer and reader then keep unchanged."""
    xml = (
        f'<akomaNtoso xmlns="{AKN_NAMESPACE}"><act><meta/><preamble>{inner}</preamble><body>'
        f'<article eId="art_1"><num>Article 1</num></article>{inner}</body>'
        f"<conclusions>{inner}</conclusions><attachments><attachment>{inner}</attachment>"
        f"</attachments></act>{inner}</akomaNtoso>"
    )
    try:
        doc = read_akn(xml.encode(), source="fuzz.xml")
    except FormatError as error:
        message = str(error)
    else:
        assert read_akn(write_akn(doc)) == doc
        return
    assert message.startswith("fuzz.xml")


def test_a_note_called_in_an_annex_heading_stays_in_the_heading() -> None:
    """Found by the fuzzer: the writer put an annex heading's note call in the heading as
    text and the note in the annex's body, so reading it back gave the annex a text."""
    annex = Provision(
        key="annex-1",
        kind=ProvisionKind.ANNEX,
        label="Annex 1",
        number="1",
        heading="Rivers[^1]",
        text="",
        notes=("As listed in 1990.",),
    )
    article = Provision(key="art-1", kind=ProvisionKind.ARTICLE, label="Article 1", number="1",
                        heading="", text="One.")  # fmt: skip
    doc = ParsedDocument(title="Rivers", provisions=(article, annex))
    assert read_akn(write_akn(doc)) == doc
