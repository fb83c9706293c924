"""Continental codes and CJK numbering as drafters write them (issue 12, intake point 1).

Each rule is tried on small texts in the conventions of at least two traditions, in plain
text, Markdown and DOCX (the DOCX reader shares the structure rules), and keys must come back
the same from a re-parse and from a copy wrapped differently.
"""

from __future__ import annotations

import io

import docx
import pytest

from inwriting.domain.documents import ParsedDocument, ProvisionKind
from inwriting.formats import parse_bytes, parse_document
from inwriting.formats.akn.writer import write_akn
from inwriting.formats.docx.writer import write_docx
from inwriting.formats.drafts.headings import (
    caption_line,
    german_ordinal,
    match_label,
    spanish_ordinal,
)
from inwriting.formats.drafts.markdown_writer import write_markdown
from inwriting.formats.levels import answer_by
from tests.unit.formats.test_akoma_ntoso import assert_valid

Row = tuple[str, str, str | None, str, str]


def rows(doc: ParsedDocument) -> list[Row]:
    """(key, kind, parent, heading, text) of every provision but the preamble."""
    return [
        (p.key, p.kind.value, p.parent, p.heading, p.text)
        for p in doc.provisions
        if p.kind is not ProvisionKind.PREAMBLE
    ]


def as_markdown(text: str) -> str:
    """The plain text as a Markdown file: a blank line after every line, the title a heading."""
    lines = text.strip("\n").split("\n")
    return "\n\n".join([f"# {lines[0]}", *(line for line in lines[1:] if line.strip())]) + "\n"


def as_docx(text: str) -> bytes:
    """The plain text as a Word file: one paragraph a line, no heading styles."""
    document = docx.Document()
    for line in text.strip("\n").split("\n"):
        if line.strip():
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def every_format(text: str) -> list[ParsedDocument]:
    return [
        parse_document(text, format="text"),
        parse_document(as_markdown(text), format="markdown"),
        parse_bytes(as_docx(text), source="draft.docx"),
    ]


def keys(doc: ParsedDocument) -> list[str]:
    return [p.key for p in doc.provisions]


# -- CJK captions and full-width paragraph numbers ----------------------------------------

JAPANESE = """民法

第一編　総則

第一章　通則

（基本原則）
第一条　私権は、公共の福祉に適合しなければならない。
２　権利の行使及び義務の履行は、信義に従い誠実に行わなければならない。
３　権利の濫用は、これを許さない。

（解釈の基準）
第二条　この法律は、個人の尊厳と両性の本質的平等を旨として、解釈しなければならない。

第二章　人

第三条　私権の享有は、出生に始まる。

（成年）
第四条の二　年齢十八歳をもって、成年とする。
"""

JAPANESE_ROWS: list[Row] = [
    ("part-1", "group", None, "総則", ""),
    ("ch-1", "group", "part-1", "通則", ""),
    (
        "art-1",
        "article",
        "ch-1",
        "基本原則",
        "私権は、公共の福祉に適合しなければならない。\n\n"
        "２ 権利の行使及び義務の履行は、信義に従い誠実に行わなければならない。\n\n"
        "３ 権利の濫用は、これを許さない。",
    ),
    (
        "art-2",
        "article",
        "ch-1",
        "解釈の基準",
        "この法律は、個人の尊厳と両性の本質的平等を旨として、解釈しなければならない。",
    ),
    ("ch-2", "group", "part-1", "人", ""),
    ("art-3", "article", "ch-2", "", "私権の享有は、出生に始まる。"),
    ("art-4-2", "article", "ch-2", "成年", "年齢十八歳をもって、成年とする。"),
]

# Korea runs the caption into the label; Taiwan spaces its Arabic numbers.
KOREAN = """민법

제1장 통칙

제1조(법원) 민사에 관하여 법률에 규정이 없으면 관습법에 의한다.

제2조(신의성실) 권리의 행사와 의무의 이행은 신의에 좇아 성실히 하여야 한다.
"""

TAIWANESE = """民法

第 1 章 法例

第 1 條 民事，法律所未規定者，依習慣。

第 2 條 民事所適用之習慣，以不背於公共秩序或善良風俗者為限。
"""


def test_a_japanese_caption_above_an_article_is_its_heading() -> None:
    for doc in every_format(JAPANESE):
        assert rows(doc) == JAPANESE_ROWS


def test_a_korean_caption_run_into_the_label_is_its_heading() -> None:
    for doc in every_format(KOREAN):
        assert rows(doc) == [
            ("ch-1", "group", None, "통칙", ""),
            (
                "art-1",
                "article",
                "ch-1",
                "법원",
                "민사에 관하여 법률에 규정이 없으면 관습법에 의한다.",
            ),
            (
                "art-2",
                "article",
                "ch-1",
                "신의성실",
                "권리의 행사와 의무의 이행은 신의에 좇아 성실히 하여야 한다.",
            ),
        ]


def test_taiwanese_spaced_numbers() -> None:
    doc = parse_document(TAIWANESE, format="text")
    assert [(p.key, p.parent, p.heading) for p in doc.provisions] == [
        ("ch-1", None, "法例"),
        ("art-1", "ch-1", ""),
        ("art-2", "ch-1", ""),
    ]
    assert doc.provisions[1].text == "民事，法律所未規定者，依習慣。"


def test_a_caption_in_latin_script_above_an_article() -> None:
    text = "Act\n\n(Scope)\nArticle 1\nThis Act applies.\n\n(Definitions)\nArticle 2\nTerms.\n"
    for doc in every_format(text):
        assert [(p.key, p.heading, p.text) for p in doc.provisions] == [
            ("art-1", "Scope", "This Act applies."),
            ("art-2", "Definitions", "Terms."),
        ]


def test_what_is_no_caption() -> None:
    assert caption_line("（基本原則）") == "基本原則"
    assert caption_line("(Scope of application)") == "Scope of application"
    for line in ("(a)", "(iv)", "(12)", "(weggefallen)", "[Repealed]", "(See Article 7.)", "()"):
        assert caption_line(line) == "", line
    # a bracketed line glued to the text before it stays text
    text = "Act\n\nArticle 1\nThe rules.\n(as amended)\n\nArticle 2\nMore rules.\n"
    doc = parse_document(text, format="text")
    assert [(p.key, p.heading, p.text) for p in doc.provisions] == [
        ("art-1", "", "The rules. (as amended)"),
        ("art-2", "", "More rules."),
    ]
    # an article with its own heading keeps it
    text = "Act\n\n(Old caption)\nArticle 1 – Scope\nThe rules.\n"
    doc = parse_document(text, format="text")
    assert [(p.key, p.heading) for p in doc.provisions if p.key != "preamble"] == [
        ("art-1", "Scope")
    ]


def test_full_width_paragraph_numbers_are_paragraphs_of_the_article() -> None:
    doc = answer_by(parse_document(JAPANESE, format="text"), "paragraph")
    article = [
        (p.key, p.kind.value, p.label, p.text) for p in doc.provisions if p.key.startswith("art-1")
    ]
    assert article == [
        ("art-1", "group", "第一条", ""),
        ("art-1.p-1", "paragraph", "第一条(1)", "私権は、公共の福祉に適合しなければならない。"),
        (
            "art-1.p-2",
            "paragraph",
            "第一条(2)",
            "２ 権利の行使及び義務の履行は、信義に従い誠実に行わなければならない。",
        ),
        ("art-1.p-3", "paragraph", "第一条(3)", "３ 権利の濫用は、これを許さない。"),
    ]
    # an article with one paragraph stays whole
    assert next(p for p in doc.provisions if p.key == "art-2").kind is ProvisionKind.ARTICLE


def test_cjk_captions_round_trip_through_the_writers() -> None:
    doc = parse_document(JAPANESE, format="text")
    again = parse_document(write_markdown(doc), format="markdown")
    assert rows(again) == JAPANESE_ROWS
    assert rows(parse_bytes(write_docx(doc), source="civil.docx")) == JAPANESE_ROWS
    assert match_label("第一条 – 基本原則") is not None


def test_cjk_keys_are_stable_on_a_rewrapped_copy() -> None:
    wrapped = JAPANESE.replace("ならない。\n２", "ならない。\n\n２").replace("\n（", "\n\n（")
    assert keys(parse_document(wrapped, format="text")) == keys(
        parse_document(JAPANESE, format="text")
    )
    assert rows(parse_document(JAPANESE, format="text")) == rows(
        parse_document(JAPANESE, format="text")
    )


# -- group words of each tradition, with numbered keys --------------------------------------

SPANISH_CODE = """Ley de Enjuiciamiento Civil

TÍTULO PRELIMINAR. De las normas procesales

Artículo 1. Legalidad.
Los tribunales actúan con arreglo a esta Ley.

LIBRO I. De las disposiciones generales

TÍTULO I. De la comparecencia

CAPÍTULO PRIMERO. De la capacidad

Artículo 2. Capacidad.
Pueden ser parte las personas físicas.

CAPÍTULO SEGUNDO. De la representación

Artículo 3. Representación.
Comparecen por medio de procurador.
"""

GERMAN_CODE = """Bürgerliches Gesetzbuch

Buch 1
Allgemeiner Teil

Abschnitt 1
Personen

§ 1 Beginn der Rechtsfähigkeit

Die Rechtsfähigkeit des Menschen beginnt mit der Vollendung der Geburt.

Buch 2
Recht der Schuldverhältnisse

§ 241 Pflichten aus dem Schuldverhältnis

Kraft des Schuldverhältnisses ist der Gläubiger berechtigt, eine Leistung zu fordern.
"""

FRENCH_CODE = """Code civil

Titre préliminaire : De la publication des lois

Article 1
Les lois sont exécutoires.

Livre Ier : Des personnes

Titre Ier : Des droits civils

Article 7
L'exercice des droits civils est indépendant.
"""

ITALIAN_CODE = """Codice civile

Libro primo. Delle persone e della famiglia

Titolo I. Delle persone fisiche

Art. 1. Capacità giuridica.
La capacità giuridica si acquista dal momento della nascita.

Capo secondo. Della sede

Art. 43. Domicilio e residenza.
Il domicilio di una persona è nel luogo in cui essa ha stabilito la sede principale.
"""

RUSSIAN_CODE = """Гражданский кодекс

Раздел I. Общие положения

Подраздел 1. Основные положения

Глава 1. Гражданское законодательство

Статья 1. Основные начала гражданского законодательства
Гражданское законодательство основывается на признании равенства участников.
"""


def group_keys(doc: ParsedDocument) -> list[tuple[str, str]]:
    return [(p.key, p.heading) for p in doc.provisions if p.kind is ProvisionKind.GROUP]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            SPANISH_CODE,
            [
                ("title-preliminary", "De las normas procesales"),
                ("book-1", "De las disposiciones generales"),
                ("title-1", "De la comparecencia"),
                ("ch-1", "De la capacidad"),
                ("ch-2", "De la representación"),
            ],
        ),
        (
            GERMAN_CODE,
            [
                ("book-1", "Allgemeiner Teil"),
                ("sec-1", "Personen"),
                ("book-2", "Recht der Schuldverhältnisse"),
            ],
        ),
        (
            FRENCH_CODE,
            [
                ("title-preliminary", "De la publication des lois"),
                ("book-1", "Des personnes"),
                ("title-1", "Des droits civils"),
            ],
        ),
        (
            ITALIAN_CODE,
            [
                ("book-1", "Delle persone e della famiglia"),
                ("title-1", "Delle persone fisiche"),
                ("ch-2", "Della sede"),
            ],
        ),
        (
            RUSSIAN_CODE,
            [
                ("part-1", "Общие положения"),
                ("subtitle-1", "Основные положения"),
                ("ch-1", "Гражданское законодательство"),
            ],
        ),
    ],
)
def test_group_words_of_each_tradition_get_numbered_keys(
    text: str, expected: list[tuple[str, str]]
) -> None:
    for doc in every_format(text):
        assert group_keys(doc) == expected
        assert not any(p.kind is ProvisionKind.PREAMBLE for p in doc.provisions)


def test_a_book_holds_its_titles_and_a_new_book_closes_the_last() -> None:
    doc = parse_document(SPANISH_CODE, format="text")
    parents = {p.key: p.parent for p in doc.provisions}
    assert parents["title-preliminary"] is None
    assert parents["art-1"] == "title-preliminary"
    assert parents["book-1"] is None
    assert parents["title-1"] == "book-1"
    doc = parse_document(GERMAN_CODE, format="text")
    assert [(p.key, p.parent) for p in doc.provisions] == [
        ("book-1", None),
        ("sec-1", "book-1"),
        ("art-1", "sec-1"),
        ("book-2", None),
        ("art-241", "book-2"),
    ]


def test_romance_ordinals_number_labels() -> None:
    found = [match_label(t) for t in ("Artículo primero", "CAPÍTULO ÚNICO", "Capo secondo")]
    assert [(f.prefix, f.number) for f in found if f] == [("art", "1"), ("ch", "1"), ("ch", "2")]
    assert match_label("Artículo segundo de la Ley 5/2000 dispone") is None


# -- Spanish "disposiciones": provisions in series of their own -----------------------------

SPANISH_ACT = """Ley 3/2020, de tasas

TÍTULO I
Disposiciones generales

Artículo 1. Objeto.
Esta ley regula las tasas.

Artículo 2. Ámbito.
Se aplica en todo el territorio.

DISPOSICIONES ADICIONALES

Disposición adicional primera. Tasas.
Las tasas se rigen por su ley.

Disposición adicional segunda. Plazos.
Los plazos se computan por días hábiles.

Disposición transitoria única. Procedimientos en curso.
Los procedimientos iniciados se rigen por la normativa anterior.

Disposición derogatoria única. Derogación normativa.
Quedan derogadas cuantas normas se opongan a lo dispuesto en esta ley.

Disposición final primera. Entrada en vigor.
La presente ley entrará en vigor el día siguiente al de su publicación.

Madrid, 7 de enero de 2020.
"""

SPANISH_ACT_ROWS = [
    ("title-1", "group", None, "Disposiciones generales"),
    ("art-1", "article", "title-1", "Objeto"),
    ("art-2", "article", "title-1", "Ámbito"),
    ("disposiciones-adicionales", "group", None, ""),
    ("disp-adicional-1", "article", "disposiciones-adicionales", "Tasas"),
    ("disp-adicional-2", "article", "disposiciones-adicionales", "Plazos"),
    ("disp-transitoria-1", "article", None, "Procedimientos en curso"),
    ("disp-derogatoria-1", "article", None, "Derogación normativa"),
    ("disp-final-1", "article", None, "Entrada en vigor"),
    ("closing", "closing", None, ""),
]


def test_spanish_dispositions_are_answerable_in_their_own_series() -> None:
    for doc in every_format(SPANISH_ACT):
        assert [r[:4] for r in rows(doc)] == SPANISH_ACT_ROWS
        by_key = {p.key: p for p in doc.provisions}
        assert by_key["disp-adicional-2"].text == "Los plazos se computan por días hábiles."
        assert by_key["disp-adicional-2"].label == "Disposición adicional segunda"
        assert by_key["disp-final-1"].number == "1"
        assert by_key["disp-final-1"].answerable
        assert by_key["closing"].text == "Madrid, 7 de enero de 2020."


def test_spanish_dispositions_glued_to_the_text_and_in_markdown_headings() -> None:
    glued = SPANISH_ACT.replace(".\n\nDisposición", ".\nDisposición")
    assert [r[:4] for r in rows(parse_document(glued, format="text"))] == SPANISH_ACT_ROWS
    markdown = (
        "# Ley\n\n## Artículo 1. Objeto.\n\nEsta ley regula.\n\n"
        "## Disposición final única. Entrada en vigor.\n\nEntra en vigor mañana.\n"
    )
    doc = parse_document(markdown, format="markdown")
    assert [(p.key, p.heading, p.text) for p in doc.provisions] == [
        ("art-1", "Objeto", "Esta ley regula."),
        ("disp-final-1", "Entrada en vigor", "Entra en vigor mañana."),
    ]


def test_spanish_ordinals() -> None:
    assert spanish_ordinal("primera. Tasas.") == ("1", 7)
    assert spanish_ordinal("vigésima primera. Plazos.") == ("21", 16)
    assert spanish_ordinal("DECIMOTERCERA") == ("13", 13)
    assert spanish_ordinal("décima") == ("10", 6)
    assert spanish_ordinal("única.") == ("1", 5)
    assert spanish_ordinal("de la Ley") is None
    found = match_label("DISPOSICIÓN TRANSITORIA VIGÉSIMA SEGUNDA")
    assert found is not None and (found.prefix, found.number) == ("disp-transitoria", "22")


def test_a_disposition_mentioned_in_a_sentence_is_no_label() -> None:
    text = (
        "Ley\n\nArtículo 1. Objeto.\nEsta ley regula las tasas, y la\n"
        "Disposición final primera de la Ley 5/2000 queda derogada.\n"
    )
    doc = parse_document(text, format="text")
    assert [p.key for p in doc.provisions] == ["art-1"]


def test_dispositions_round_trip_through_the_writers() -> None:
    doc = parse_document(SPANISH_ACT, format="text")
    expected = [(p.key, p.kind, p.label, p.heading, p.text, p.parent) for p in doc.provisions]
    for again in (
        parse_document(write_markdown(doc), format="markdown"),
        parse_bytes(write_docx(doc), source="ley.docx"),
    ):
        got = [(p.key, p.kind, p.label, p.heading, p.text, p.parent) for p in again.provisions]
        assert got == expected


def test_final_provisions_headings_are_groups_in_any_case() -> None:
    french = (
        "Loi\n\nArticle 1\nLa loi s'applique.\n\nDispositions finales\n\n"
        "Article 2\nElle entre en vigueur.\n"
    )
    german = (
        "Gesetz\n\n§ 1 Zweck\n\nDas Gesetz gilt.\n\nSchlussbestimmungen\n\n"
        "§ 2 Inkrafttreten\n\nEs tritt in Kraft.\n"
    )
    for text, key in ((french, "dispositions-finales"), (german, "schlussbestimmungen")):
        for doc in every_format(text):
            assert [(p.key, p.parent) for p in doc.provisions] == [
                ("art-1", None),
                (key, None),
                ("art-2", key),
            ]
    # a sentence in lower case that happens to stand alone is no heading
    text = "Loi\n\nArticle 1\nLa loi s'applique\n\nArticle 2\nElle entre en vigueur.\n"
    assert [p.key for p in parse_document(text, format="text").provisions] == ["art-1", "art-2"]


# -- repealed provisions keep their place ---------------------------------------------------


@pytest.mark.parametrize(
    ("label", "status"),
    [
        ("§ 3", "(weggefallen)"),
        ("§ 3", "(aufgehoben)"),
        ("Artículo 3.", "(Derogado)"),
        ("Article 3", "(abrogé)"),
        ("Section 3", "[Omitted]"),
        ("Статья 3.", "Утратила силу."),
        ("Art. 3", "(abrogato)"),
        ("第三条", "削除"),
    ],
)
def test_repealed_articles_keep_their_place(label: str, status: str) -> None:
    first = "第一条" if label.startswith("第") else label.replace("3", "1")
    fourth = "第四条" if label.startswith("第") else label.replace("3", "4")
    for same_line in (True, False):
        middle = f"{label} {status}" if same_line else f"{label}\n{status}"
        text = f"Act\n\n{first}\nText one.\n\n{middle}\n\n{fourth}\nText four.\n"
        for doc in every_format(text):
            assert [(p.key, p.heading, p.text) for p in doc.provisions] == [
                ("art-1", "", "Text one."),
                ("art-3", "", status),
                ("art-4", "", "Text four."),
            ], (label, status, same_line)
            assert all(p.answerable for p in doc.provisions)


def test_keys_are_stable_on_reparse_and_on_a_rewrapped_copy() -> None:
    for text in (SPANISH_CODE, GERMAN_CODE, SPANISH_ACT, JAPANESE):
        first = keys(parse_document(text, format="text"))
        assert keys(parse_document(text, format="text")) == first
        # every paragraph line broken in two: the same provisions
        wrapped = "\n".join(_broken(line) for line in text.split("\n"))
        assert keys(parse_document(wrapped, format="text")) == first, text[:20]
        assert keys(parse_document(as_markdown(text), format="markdown")) == first


def _broken(line: str) -> str:
    """A line of text (not a label or heading) broken before its last word."""
    if len(line.split()) < 8 or not line.endswith("."):
        return line
    head, _, last = line.rpartition(" ")
    return f"{head}\n{last}"


# -- a heading ending in a full stop on the label's line (Spanish acts) ----------------------

BOE = """Ley 1/2000, de Enjuiciamiento Civil

Artículo 1. Principio de legalidad procesal.

En los procesos civiles, los tribunales deberán actuar con arreglo a lo dispuesto en esta Ley.

Artículo 2. Aplicación en el tiempo de las normas procesales civiles.

Los asuntos se tramitarán siempre por las normas procesales vigentes.

Artículo 3. Ámbito.

Esta ley se aplica.

Disposición final única. Entrada en vigor de la ley de enjuiciamiento.

La presente Ley entrará en vigor al año de su publicación.
"""

MEXICAN = """Ley Federal

Artículo 1o.- Esta Ley es de orden público.

Sus disposiciones son de observancia general en toda la República.

Artículo 2o.- Las autoridades aplicarán esta Ley en el ámbito de su competencia y
conforme a los tratados.

Artículo 3º.- Para los efectos de esta Ley se entenderá por autoridad la que dicte
el acto.
"""


def test_a_heading_ending_in_a_full_stop_on_the_label_line() -> None:
    for doc in every_format(BOE):
        assert [(p.key, p.heading, p.text[:20]) for p in doc.provisions] == [
            ("art-1", "Principio de legalidad procesal", "En los procesos civi"),
            (
                "art-2",
                "Aplicación en el tiempo de las normas procesales civiles",
                "Los asuntos se trami",
            ),
            ("art-3", "Ámbito", "Esta ley se aplica."),
            (
                "disp-final-1",
                "Entrada en vigor de la ley de enjuiciamiento",
                "La presente Ley entr",
            ),
        ]


def test_text_running_on_from_the_label_stays_text() -> None:
    """Mexican codes number "Artículo 1o.-" or "1º.-" (first) and run the text on."""
    doc = parse_document(MEXICAN, format="text")
    assert [(p.key, p.heading, p.text[:20]) for p in doc.provisions] == [
        ("art-1", "", "Esta Ley es de orden"),
        ("art-2", "", "Las autoridades apli"),
        ("art-3", "", "Para los efectos de "),
    ]


# -- final provisions numbered "I.", "II." under their heading (the Italian Constitution) ----

ITALIAN_CONSTITUTION = """Costituzione della Repubblica Italiana

Art. 1.
L'Italia è una Repubblica democratica, fondata sul lavoro.

Art. 2.
La Repubblica riconosce i diritti inviolabili dell'uomo.

DISPOSIZIONI TRANSITORIE E FINALI

I.
Con l'entrata in vigore della Costituzione il Capo provvisorio dello Stato esercita le
attribuzioni di Presidente della Repubblica.

II.
Se alla data della elezione del Presidente non sono costituiti tutti i Consigli regionali,
partecipano alla elezione soltanto i componenti delle due Camere.

III.
La presente Costituzione è promulgata dal Capo provvisorio dello Stato.
"""


def test_final_provisions_numbered_in_roman_under_their_heading() -> None:
    for doc in every_format(ITALIAN_CONSTITUTION):
        assert [(p.key, p.kind.value, p.parent, p.label) for p in doc.provisions] == [
            ("art-1", "article", None, "Art. 1"),
            ("art-2", "article", None, "Art. 2"),
            (
                "disposizioni-transitorie-e-finali",
                "group",
                None,
                "DISPOSIZIONI TRANSITORIE E FINALI",
            ),
            ("disp-1", "article", "disposizioni-transitorie-e-finali", "I."),
            ("disp-2", "article", "disposizioni-transitorie-e-finali", "II."),
            ("disp-3", "article", "disposizioni-transitorie-e-finali", "III."),
        ]
        assert doc.provisions[-1].text.startswith("La presente Costituzione")
    doc = parse_document(ITALIAN_CONSTITUTION, format="text")
    expected = [(p.key, p.kind, p.label, p.heading, p.text, p.parent) for p in doc.provisions]
    for again in (
        parse_document(write_markdown(doc), format="markdown"),
        parse_bytes(write_docx(doc), source="costituzione.docx"),
    ):
        got = [(p.key, p.kind, p.label, p.heading, p.text, p.parent) for p in again.provisions]
        assert got == expected


def test_roman_numbers_out_of_sequence_or_without_the_heading_stay_text() -> None:
    without = ITALIAN_CONSTITUTION.replace("DISPOSIZIONI TRANSITORIE E FINALI\n\n", "")
    assert [p.key for p in parse_document(without, format="text").provisions] == [
        "art-1",
        "art-2",
    ]
    skipping = ITALIAN_CONSTITUTION.replace("\nI.\n", "\nIV.\n")
    doc = parse_document(skipping, format="text")
    assert not any(p.key.startswith("disp-") for p in doc.provisions)


# -- Akoma Ntoso: the same provisions, books and subtitles as their own elements ------------


@pytest.mark.parametrize(
    "text", [SPANISH_ACT, SPANISH_CODE, GERMAN_CODE, JAPANESE, RUSSIAN_CODE, ITALIAN_CONSTITUTION]
)
def test_continental_codes_round_trip_through_akoma_ntoso(text: str) -> None:
    doc = parse_document(text, format="text")
    data = write_akn(doc)
    assert_valid(data)
    again = parse_bytes(data, source="code.xml")
    fields = [(p.key, p.kind, p.label, p.heading, p.text, p.parent) for p in again.provisions]
    assert fields == [(p.key, p.kind, p.label, p.heading, p.text, p.parent) for p in doc.provisions]
    if "book-1" in keys(doc):
        assert b'<book eId="book-1">' in data


def test_german_ordinals_before_the_group_word() -> None:
    text = """Strafgesetzbuch

Erster Abschnitt
Das Strafgesetz

Erster Titel
Geltungsbereich

§ 1 Keine Strafe ohne Gesetz

Eine Tat kann nur bestraft werden, wenn die Strafbarkeit gesetzlich bestimmt war.

Zweiter Titel
Sprachgebrauch

§ 11 Personen- und Sachbegriffe

Im Sinne dieses Gesetzes ist Angehöriger, wer zu den Verwandten gehört.

Dreißigster Abschnitt
Straftaten im Amt

§ 331 Vorteilsannahme

Ein Amtsträger wird bestraft.
"""
    for doc in every_format(text):
        assert group_keys(doc) == [
            ("sec-1", "Das Strafgesetz"),
            ("title-1", "Geltungsbereich"),
            ("title-2", "Sprachgebrauch"),
            ("sec-30", "Straftaten im Amt"),
        ]
    assert german_ordinal("Einundzwanzigster") == "21"
    assert german_ordinal("Siebentes") == "7"
    for word in ("Allgemeiner", "Besonderer", "Letzter", "Ersatz"):
        assert german_ordinal(word) is None
    assert match_label("Erster Teil des Gesetzes gilt") is None


def test_spanish_ordinal_marks_after_the_number() -> None:
    found = [match_label(t) for t in ("Sección 1.ª Disposiciones generales", "Artículo 2.º Objeto")]
    assert [(f.prefix, f.number, f.rest) for f in found if f] == [
        ("sec", "1", "Disposiciones generales"),
        ("art", "2", "Objeto"),
    ]


# -- supplementary provisions (附則, 부칙): a group whose articles count from 1 again --------

JAPANESE_SUPPLEMENTARY = """民法

第一章　通則

（基本原則）
第一条　私権は、公共の福祉に適合しなければならない。

（解釈の基準）
第二条　この法律は、個人の尊厳を旨として、解釈しなければならない。

附　則

（施行期日）
第一条　この法律は、公布の日から施行する。

（経過措置）
第二条　この法律の施行前に生じた事項にも適用する。

附　則　（平成一一年一二月八日法律第一五一号）

この法律は、平成十二年四月一日から施行する。
"""

KOREAN_SUPPLEMENTARY = """민법

제1조(법원) 민사에 관하여 법률에 규정이 없으면 관습법에 의한다.

부칙 <제12345호, 2014. 1. 1.>

제1조(시행일) 이 법은 공포한 날부터 시행한다.
"""


def test_supplementary_provisions_group_their_own_articles() -> None:
    for doc in every_format(JAPANESE_SUPPLEMENTARY):
        assert [(p.key, p.kind.value, p.parent, p.heading) for p in doc.provisions] == [
            ("ch-1", "group", None, "通則"),
            ("ch-1.art-1", "article", "ch-1", "基本原則"),
            ("ch-1.art-2", "article", "ch-1", "解釈の基準"),
            ("suppl", "group", None, ""),
            ("suppl.art-1", "article", "suppl", "施行期日"),
            ("suppl.art-2", "article", "suppl", "経過措置"),
            ("suppl-2", "group", None, "平成一一年一二月八日法律第一五一号"),
        ]
    for doc in every_format(KOREAN_SUPPLEMENTARY):
        assert [(p.key, p.parent, p.heading) for p in doc.provisions] == [
            ("art-1", None, "법원"),
            ("suppl", None, "제12345호, 2014. 1. 1"),
            ("suppl.art-1", "suppl", "시행일"),
        ]


@pytest.mark.parametrize("text", [JAPANESE_SUPPLEMENTARY, KOREAN_SUPPLEMENTARY])
def test_supplementary_provisions_round_trip(text: str) -> None:
    doc = parse_document(text, format="text")
    expected = [(p.key, p.kind, p.label, p.heading, p.text, p.parent) for p in doc.provisions]
    for again in (
        parse_document(write_markdown(doc), format="markdown"),
        parse_bytes(write_docx(doc), source="law.docx"),
        parse_bytes(write_akn(doc), source="law.xml"),
    ):
        got = [(p.key, p.kind, p.label, p.heading, p.text, p.parent) for p in again.provisions]
        assert got == expected


def test_cjk_items_are_points_of_their_paragraph() -> None:
    japanese = """会社法

（定義）
第二条　この法律において、次の各号に掲げる用語の意義は、当該各号に定めるところによる。
一　会社　株式会社又は合同会社をいう。
二　外国会社　外国の法令に準拠して設立された法人をいう。
２　前項の規定は、この法律の施行前に生じた事項にも適用する。

第三条　削除
"""
    chinese = """民法典

第二条　民法调整平等主体之间的下列关系：
（一）人身关系；
（二）财产关系。

第三条　民事主体的合法权益受法律保护。
"""
    doc = answer_by(parse_document(japanese, format="text"), "paragraph")
    assert [(p.key, p.text.split("\n\n")[-1][:6]) for p in doc.provisions] == [
        ("art-2", ""),
        ("art-2.p-1", "二 外国会社"),
        ("art-2.p-2", "２ 前項の規"),
        ("art-3", "削除"),
    ]
    assert doc.provisions[1].text.count("\n\n") == 2  # the chapeau and its two items
    doc = parse_document(chinese, format="text")
    assert (
        doc.provisions[0].text
        == "民法调整平等主体之间的下列关系：\n\n（一）人身关系；\n\n（二）财产关系。"
    )
    assert [p.key for p in doc.provisions] == ["art-2", "art-3"]


@pytest.mark.parametrize(
    ("before", "line", "after", "keys_", "status"),
    [
        (
            "§ 20",
            "§§ 21 bis 79 (weggefallen)",
            "§ 80",
            ["art-20", "art-21-79", "art-80"],
            "(weggefallen)",
        ),
        (
            "Artículo 17.",
            "Artículos 18 a 20. (Derogados)",
            "Artículo 21.",
            ["art-17", "art-18-20", "art-21"],
            "(Derogados)",
        ),
        (
            "Article 4",
            "Articles 5 to 7 [Repealed]",
            "Article 8",
            ["art-4", "art-5-7", "art-8"],
            "[Repealed]",
        ),
        (
            "Статья 4.",
            "Статьи 5 - 7. Утратили силу.",
            "Статья 8.",
            ["art-4", "art-5-7", "art-8"],
            "Утратили силу.",
        ),
    ],
)
def test_a_range_of_repealed_articles_keeps_its_place(
    before: str, line: str, after: str, keys_: list[str], status: str
) -> None:
    """One provision for the range, in its place; the article after it continues the count
    from the end of the range even glued to the text before it."""
    text = f"Act\n\n{before}\nText before.\n{line}\n{after}\nText after.\n"
    for doc in every_format(text):
        assert [p.key for p in doc.provisions] == keys_
        assert doc.provisions[1].text == status
        assert doc.provisions[1].answerable
    doc = parse_document(text, format="text")
    for again in (
        parse_document(write_markdown(doc), format="markdown"),
        parse_bytes(write_docx(doc), source="act.docx"),
    ):
        assert [(p.key, p.label, p.text) for p in again.provisions] == [
            (p.key, p.label, p.text) for p in doc.provisions
        ]
    assert match_label("Articles 5 to 7 apply.") is None
    assert match_label("§§ 21 bis 79 gelten entsprechend.") is None


def test_a_table_of_contents_under_its_heading_opens_nothing() -> None:
    text = """民法

目次
　第一編　総則
　　第一章　通則（第一条・第二条）
　　第二章　人（第三条―第三十二条の二）
　第二編　物権

第一編　総則

第一章　通則

（基本原則）
第一条　私権は、公共の福祉に適合しなければならない。

第二章　人

第三条　私権の享有は、出生に始まる。

第二編　物権

第百七十五条　物権は、この法律に定めるもののほか、創設することができない。
"""
    for doc in every_format(text):
        assert [(p.key, p.parent) for p in doc.provisions] == [
            ("preamble", None),
            ("part-1", None),
            ("ch-1", "part-1"),
            ("art-1", "ch-1"),
            ("ch-2", "part-1"),
            ("art-3", "ch-2"),
            ("part-2", None),
            ("art-175", "part-2"),
        ]
        assert doc.provisions[0].text.startswith("目次")
    # a heading "Contents" over text is no table of contents
    text = "Act\n\nArticle 1\nContents\nThe notice states its contents.\n\nArticle 2\nText.\n"
    doc = parse_document(text, format="text")
    assert [(p.key, p.heading) for p in doc.provisions] == [("art-1", "Contents"), ("art-2", "")]
