"""Recognising the lines that open a provision, and normalising what they number.

A draft says where a provision starts in words: "Article 5", "ARTICLE V", "Art. 3",
"Article premier", "Статья 1", "Artikel 1", "§ 3", "Clause 2", "CHAPTER II", "Annex I",
"Exhibit A". This module knows those words (in the languages listed in
``docs/provision-keys.md``) and turns the number that follows into a normalised form: "V",
"Five", "5" and "5." all become ``"5"``; "premier" and "1er" become ``"1"``; suffixes such as
"5a", "5 bis" or "1.2" are kept ("5a", "5bis", "1.2").

It also knows the fixed formulas that mark the edges of the operative part: the enacting
formula ("HAVE ADOPTED THIS REGULATION:"), numbered recitals ("(12)") and the closing
formulas ("Done at", "IN WITNESS WHEREOF", "END OF TERMS AND CONDITIONS").

Everything here looks at one line at a time; deciding whether a match really opens a
provision (and not, say, a wrapped line that happens to read "Article 5.") is the job of
:mod:`inwriting.formats.drafts.markers`, which sees the whole document.
"""

from __future__ import annotations

import re
from dataclasses import KW_ONLY, dataclass
from enum import StrEnum


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


class LabelRole(StrEnum):
    """What a label opens: an answerable article, a structural group, an annex."""

    ARTICLE = "article"
    GROUP = "group"
    ANNEX = "annex"


# Key prefix of each group type, and its rank: a group closes every open group of the same
# or a lower rank (a new chapter closes the open chapter and its sections, not the part).
# "article" is an Article grouping Sections in a US-style contract: a chapter's rank; a US
# statute's "Subtitle A" sits between its titles and any chapter.
GROUP_RANK = {"part": 0, "title": 1, "subtitle": 2, "ch": 3, "article": 3, "sec": 4, "sub": 5}
# A civil code's "Book" (Libro, Livre, Buch, Boek, Книга) ranks with a part, and so do a
# Japanese statute's supplementary provisions (附則); a section's subdivision (款) ranks below
# the section.
GROUP_RANK.update({"book": 0, "suppl": 0, "subsec": 5})

_ARTICLE_WORDS = _words(
    "article art. art artikel artículo articulo articolo artigo artykuł artykul статья "
    "стаття ст. článek clanek clause §§ §"
)
# "Section" numbers the articles of a licence or a contract, but groups the articles of a
# regulation or a convention: which one depends on the rest of the document.
_SECTION_WORDS = ("section", "sec.")  # "SEC. 101." in a US statute
_GROUP_WORDS = {
    "part": "part partie teil deel parte часть część czesc раздел",
    "book": "book livre libro livro buch boek книга",
    "title": "title titre titel título titulo titolo",
    "subtitle": "subtitle untertitel подраздел",
    "ch": "chapter chapitre kapitel hoofdstuk capítulo capitulo capitolo capo глава rozdział",
    "sec": "section sec. sección seccion sezione abschnitt afdeling",
}
_ANNEX_WORDS = {
    "annex": "annex annexe anhang anlage bijlage anexo allegato приложение",
    "appendix": "appendix",
    "exhibit": "exhibit",
    "schedule": "schedule",
    "attachment": "attachment",
}


def _word_table() -> dict[str, tuple[LabelRole, str]]:
    """Each label word (lower case) with what it opens and its key prefix."""
    table = dict.fromkeys(_ARTICLE_WORDS, (LabelRole.ARTICLE, "art"))
    for role, groups in ((LabelRole.GROUP, _GROUP_WORDS), (LabelRole.ANNEX, _ANNEX_WORDS)):
        for prefix, words in groups.items():
            table.update(dict.fromkeys(words.split(), (role, prefix)))
    return table


_WORD_PREFIX = _word_table()

LABEL_WORDS = frozenset(w for w in _WORD_PREFIX if w.isalpha())
_ALL_WORDS = sorted(_WORD_PREFIX, key=lambda w: (-len(w), w))
_WORDS_RE = "|".join(re.escape(w) for w in _ALL_WORDS)

_SUFFIX_WORDS = "bis|ter|quater|quinquies|sexies|septies|octies|novies|decies"
_SUFFIX = rf"(?:\s?(?:{_SUFFIX_WORDS})\b)"
# French codes number their articles by book, title and chapter, with a letter for the kind of
# text: "Article L111-1" (a law), "R*111-2", "D. 121-3"; inserted articles are "16-1".
_CODE_NUMBER = r"(?:LO|[LRDA])\*?\.?\s?\d{1,5}(?:-\d{1,4}){1,3}"
# An ordinal's ending: French "1er", "1re"; Portuguese and Spanish "1.º", "1º", "1.ª" (also
# typed with a degree sign); a letter of an inserted article, Latin or Cyrillic: "5a", "1а".
_ORDINAL = r"(?:er|re|\.?[º°ª]|[a-zа-яё])"
_NUMBER = (
    rf"(?:{_CODE_NUMBER}|\d{{1,6}}(?:\.\d{{1,4}}){{0,3}}(?:-\d{{1,4}}){{0,3}}{_ORDINAL}?"
    rf"|[^\W\d_]{{1,12}}){_SUFFIX}?"
)
# A Cyrillic letter after an article's number ("Статья 1а", "Чл. 12а") written with the
# Latin letter it looks like is the same number: both give "1a", and the same key.
_LOOKALIKES = str.maketrans("аеосрху", "aeocpxy")
# The word, the number (not glued to a parenthesis: "Article 16(2) TFEU" is a reference),
# then whatever follows on the line.
_LABEL_RE = re.compile(
    rf"^(?P<word>{_WORDS_RE})(?![^\W\d_])\s*(?P<num>{_NUMBER})(?![^\W_])(?!\()(?P<rest>.*)$",
    re.IGNORECASE,
)
_ANNEX_PATTERN = "|".join(re.escape(w) for w in _ALL_WORDS if _WORD_PREFIX[w][0] is LabelRole.ANNEX)
_BARE_ANNEX_RE = re.compile(
    rf"^(?P<word>{_ANNEX_PATTERN})"
    r"(?P<rest>\s*(?:[.:\-–—].*)?)$",
    re.IGNORECASE,
)
_NUMBERED_RE = re.compile(r"^(?P<num>\d{1,3})\.\s+(?P<rest>\S.*)$")
_MARKED_NUMBER_RE = re.compile(r"^(?P<num>\d{1,3})\.?\s+(?P<rest>\S.*)$")
# A UK Act numbers its sections with no stop: "1 Overview", "12 Interpretation" (the heading
# must read as one, so that "2 A widget must ..." in a schedule stays a paragraph).
_BARE_NUMBER_RE = re.compile(r"^(?P<num>[1-9]\d{0,2})[ \t]+(?P<rest>[^\W\d_].*)$")
_ROMAN_RE = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}

_CARDINALS = _words(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
)
_ORDINALS = _words(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth "
    "twentieth"
)
_NUMBER_WORDS = {w: str(i) for i, w in enumerate(_CARDINALS, 1)}
_NUMBER_WORDS.update({w: str(i) for i, w in enumerate(_ORDINALS, 1)})
_NUMBER_WORDS.update({"premier": "1", "première": "1", "premiere": "1", "unique": "1"})
# Russian ordinals, as a constitution numbers its divisions ("РАЗДЕЛ ПЕРВЫЙ", "РАЗДЕЛ
# ВТОРОЙ"), in the masculine and feminine forms ("ЧАСТЬ ПЕРВАЯ").
_RUSSIAN_ORDINALS = (
    ("первый", "первая"),
    ("второй", "вторая"),
    ("третий", "третья"),
    ("четвертый", "четвертая", "четвёртый", "четвёртая"),
    ("пятый", "пятая"),
    ("шестой", "шестая"),
    ("седьмой", "седьмая"),
    ("восьмой", "восьмая"),
    ("девятый", "девятая"),
    ("десятый", "десятая"),
)
_NUMBER_WORDS.update({w: str(i) for i, ws in enumerate(_RUSSIAN_ORDINALS, 1) for w in ws})
# Spanish, Portuguese and Italian ordinals, masculine and feminine ("Artículo primero",
# "CAPÍTULO ÚNICO", "Capo secondo", "Disposición adicional tercera"), with and without accents.
_ROMANCE_ORDINALS = (
    "primero primera primeiro primeira primo prima",
    "segundo segunda secondo seconda",
    "tercero tercera terceiro terceira terzo terza",
    "cuarto cuarta quarto quarta",
    "quinto quinta",
    "sexto sexta sesto sesta",
    "séptimo séptima septimo septima sétimo sétima settimo settima",
    "octavo octava oitavo oitava ottavo ottava",
    "noveno novena nono nona",
    "décimo décima decimo decima",
    "undécimo undécima undecimo undecima",
    "duodécimo duodécima duodecimo duodecima",
)
for _value, _forms in enumerate(_ROMANCE_ORDINALS, 1):
    _NUMBER_WORDS.update(dict.fromkeys(_forms.split(), str(_value)))
_NUMBER_WORDS.update(dict.fromkeys(["único", "única", "unico", "unica"], "1"))
# A preliminary title or article, before the first numbered one ("TÍTULO PRELIMINAR",
# "Titre préliminaire", "Article préliminaire"): one number in every language,
# ``title-preliminary``.
_NUMBER_WORDS.update(
    dict.fromkeys(
        ["preliminary", "preliminar", "préliminaire", "preliminaire", "preliminare"], "preliminary"
    )
)

# Chinese and Japanese number their provisions "第一条" (article 1), "第二十三条", "第一章"
# (chapter 1), "第一节"/"第一節" (section 1), "第一编"/"第一編" (part 1); Korean "제1조",
# "제1장". The label runs into the text after a space: "第一条 中华人民共和国是 ...".
_CJK_WORDS = {
    "条": (LabelRole.ARTICLE, "art"),
    "條": (LabelRole.ARTICLE, "art"),
    "조": (LabelRole.ARTICLE, "art"),
    "章": (LabelRole.GROUP, "ch"),
    "장": (LabelRole.GROUP, "ch"),
    "节": (LabelRole.GROUP, "sec"),
    "節": (LabelRole.GROUP, "sec"),
    "절": (LabelRole.GROUP, "sec"),
    "编": (LabelRole.GROUP, "part"),
    "編": (LabelRole.GROUP, "part"),
    "편": (LabelRole.GROUP, "part"),
    # a Japanese section's subdivisions (第一款), a Korean section's (제1관)
    "款": (LabelRole.GROUP, "subsec"),
    "관": (LabelRole.GROUP, "subsec"),
}
_CJK_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}
_CJK_UNITS = {"十": 10, "百": 100, "千": 1000}
# Taiwan writes Arabic numbers between spaces ("第 1 條"); Japan numbers an article inserted
# after article 1 "第一条の二" (article 1-2, key ``art-1-2``); Korea runs the caption into the
# label ("제1조(목적) 이 법은 ..."), as Japan sets it on the line above (see structure.py).
_CJK_LABEL_RE = re.compile(
    r"^(?:第[ \t]?(?P<num>[〇零一二三四五六七八九十百千两]{1,8}|\d{1,4})[ \t]?"
    r"|제\s?(?P<knum>\d{1,4}))"
    r"(?P<word>[条條章节節编編款조장절편관])"
    r"(?:の(?P<branch>[一二三四五六七八九十]{1,4}|\d{1,3}))?"
    r"(?:[(（](?P<caption>[^()（）]{1,40})[)）])?"
    r"(?:\s+(?P<rest>.*))?$"
)
# A dash after a CJK article label separates its heading from it, as the Markdown and DOCX
# writers set a caption ("第一条 – 基本原則"); Chinese text never opens with one.
_CJK_DASH_RE = re.compile(r"^[-–—]\s+(?P<heading>\S.*)$")

# A Spanish or Latin-American act ends with its "Disposición adicional primera. Tasas.",
# "Disposición transitoria segunda", "Disposición derogatoria única", "Disposición final
# tercera": provisions numbered in a series of their own, answered like articles and keyed
# by their series (``disp-adicional-1``, ``disp-final-3``). The ordinal may be two words
# ("vigésima primera") or one ("decimotercera").
_DISPOSITION_RE = re.compile(
    r"^(?P<word>disposici[oó]n)\s+(?P<series>adicional|transitoria|derogatoria|final)"
    r"\s+(?P<after>\S.*)$",
    re.IGNORECASE,
)
_ORDINAL_WORD_RE = re.compile(r"[^\W\d_]+")
_SPANISH_TENS = {"decimo": 10, "vigesimo": 20, "trigesimo": 30, "cuadragesimo": 40}
_SPANISH_TENS.update({"decima": 10, "vigesima": 20, "trigesima": 30, "cuadragesima": 40})
_ACCENTS = str.maketrans("áéíóú", "aeiou")

# Words that do not count when judging whether a heading is in Title Case.
_SMALL_WORDS = frozenset(
    _words("a an and as at by for from in into of on or the this to with under its their")
)

# Words that leave a sentence hanging: a label on the next line continues the sentence.
DANGLING_WORDS = frozenset(
    _words("with to in of and or under by see per from on the a an pursuant accordance")
)

# A point or paragraph number at the start of a line: "1.", "(a)", "(iv)", "- ", the
# full-width paragraph numbers of Japanese statutes ("２　権利の行使…": paragraph 2, the first
# paragraph going unnumbered) and their items ("一　…", before a full-width space), Chinese
# items ("（一）…").
ENUMERATOR_RE = re.compile(
    r"^(?:\(?\d{1,3}[a-z]?[.)](?:\s|$)|\([a-z]{1,2}\)|\([A-Z]\)|[a-z]{1,2}\)\s"
    r"|\([ivxlcdm]{1,6}\)|[-*•–—]\s|[①-⑳]|[０-９]{1,3}[\u3000 ]|[一二三四五六七八九十]{1,3}\u3000"
    r"|（[一二三四五六七八九十]{1,3}）)",  # circled, full-width and CJK numbers: paragraphs
)
# The supplementary provisions closing a Japanese or Korean statute ("附　則", "附　則　（平成
# 一一年法律第八七号）", "부칙 <제12345호, 2014. 1. 1.>"): a group of articles numbered from 1
# again, keyed ``suppl`` (``suppl-2`` ... for those of each later amendment).
_SUPPLEMENTARY_RE = re.compile(
    r"^(?:附[ \t\u3000]?[則则]|부[ \t]?칙)(?:[ \t\u3000]*(?P<rest>[(（<].*|[-–—]\s.*))?$"
)
# Articles taken out together, one line for the range: "§§ 21 bis 79 (weggefallen)",
# "Artículos 18 a 20. (Derogados)", "Articles 5 to 7 [Repealed]", "Art. 5-7 (abrogati)".
_RANGE_RE = re.compile(
    r"^(?P<word>§§|art(?:ículos|iculos|icles|ikel|icoli|igos|s?\.)|статьи)\s*"
    r"(?P<first>\d{1,6}[a-z]?)\s*(?:bis|to|through|a|al|à|-|–|—|до)\s*"
    r"(?P<last>\d{1,6}[a-z]?)(?:\.?\s+(?P<status>\S.*)|\.?)$",
    re.IGNORECASE,
)
# A caption in brackets on a line of its own, set above its article as Japanese statutes do
# ("（基本原則）" over "第一条　私権は…"): see :func:`caption_line`.
_CAPTION_RE = re.compile(r"^[(（](?P<caption>[^()（）]{1,40})[)）]$")
RECITAL_RE = re.compile(r"^\((?P<num>\d{1,4})\)(?:\s+(?P<rest>\S.*))?$")
# An English contract's recitals: "BACKGROUND" or "RECITALS" over "(A) ...", "(B) ...".
RECITALS_HEADING_RE = re.compile(
    r"^(?:background|recitals|preliminary\s+statements?|whereas)\s*:?$", re.IGNORECASE
)
LETTERED_RECITAL_RE = re.compile(r"^\((?P<letter>[A-Z])\)\s+(?P<rest>\S.*)$")
ENACTING_RE = re.compile(
    r"^(?:\w+\s+){0,6}(?:have|has)\s+(?:adopted|agreed|decided|concluded|resolved)\b",
    re.IGNORECASE,
)
# The unnumbered headings over a law's last provisions: a group heading even when not in
# capitals ("Dispositions finales", "Disposiciones adicionales", "Disposizioni transitorie e
# finali", "Schlussbestimmungen", "Final provisions").
PROVISIONS_HEADING_RE = re.compile(
    r"^(?:(?:dispositions?|disposici[oó]n(?:es)?|disposizion[ei]|disposi[cç][aãõ](?:o|es))"
    r"\s+\w+|(?:slot|overgangs)bepalingen|"
    r"(?:final|transitional|transitory|miscellaneous|general|supplementary)\s+provisions?|"
    r"(?:schluss|übergangs|schluß)(?:bestimmungen|vorschriften)|"
    r"(?:заключительные|переходные)\s+положения)",
    re.IGNORECASE,
)
WHEREAS_RE = re.compile(r"^(?:whereas|considérant|considerando|overwegende)\b", re.IGNORECASE)
CLOSING_RE = re.compile(
    r"^(?:done\s+(?:at|in)\b|in\s+(?:witness|faith)\s+whereof|"
    r"this\s+(?:regulation|directive|decision)\s+shall\s+be\s+binding\s+in\s+its\s+entirety|"
    r"(?:ainsi\s+)?fait\s+à|en\s+foi\s+de\s+quoi|gedaan\s+te|ten\s+blijke\s+waarvan|"
    r"geschehen\s+zu|zu\s+urkund\s+dessen|совершено\s+в|в\s+удостоверение\s+чего|"
    r"hecho\s+en|en\s+fe\s+de\s+lo\s+cual|end\s+of\s+(?:the\s+)?terms\s+and\s+conditions|"
    # a UK contract's attestation: "This Agreement has been entered into on the date ..."
    r"this\s+(?:agreement|deed|contract)\s+has\s+been\s+(?:entered\s+into|executed\s+as\s+a\s+deed))",
    re.IGNORECASE,
)
_STATUS_WORDS = (
    r"(?:repealed|deleted|omitted|revoked|reserved|spent|abrogée?|supprimée?|weggefallen|"
    r"aufgehoben|entfallen|vervallen|derogad[oa]s?|suprimid[oa]s?|sin\s+contenido|"
    r"abrogat[oaie]|soppress[oaie]|revogad[oa]s?|утратил[аои]?\s+силу|исключен[аоы]?|"
    r"削除|删除|삭제)"
)
# The text left in place of a provision taken out: "[Repealed]", "(Deleted)", "[Repealed by
# Act 12 of 2001.]", "(weggefallen)", "Repealed.". It is the provision's text, not its
# heading: the provision keeps its place and its number, and a party can still answer it.
STATUS_RE = re.compile(
    rf"^(?:[\[(]\s*{_STATUS_WORDS}\b[^\[\]()]*[\])]|{_STATUS_WORDS})\.?$", re.IGNORECASE
)
_MONTHS = (
    "january february march april may june july august september october november december "
    "janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre "
    "décembre decembre januar februar märz juni juli oktober dezember enero febrero marzo abril "
    "mayo junio julio agosto septiembre setiembre octubre noviembre diciembre gennaio febbraio "
    "aprile maggio giugno luglio settembre ottobre dicembre januari februari maart mei augustus "
    "janeiro fevereiro março marco maio junho julho setembro outubro novembro dezembro"
)
_MONTH = "(?:" + "|".join(sorted(set(_MONTHS.split()), key=len, reverse=True)) + ")"
_DATE = (
    rf"(?:(?:le|the|den|el|il|de)\s+)?(?:\d{{1,2}}(?:st|nd|rd|th|er|\.)?\s+(?:(?:of|de)\s+)?"
    rf"{_MONTH},?\s+(?:(?:of|de)\s+)?\d{{4}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}})"
)
# A line giving only the place and the date of signature: "Vienna, 28 January 2022",
# "Washington, April 4, 1949", "Paris, le 29 mai 1933", "Brasília, 10 de janeiro de 2002;
# 181º da Independência ..."; or the date of a US President's
# approval: "Approved July 15, 2016."
PLACE_DATE_RE = re.compile(
    rf"^(?:[^\W\d_][\w.'’ -]{{0,40}},|approved|signed|dated)\s+{_DATE}"
    # Brazil adds the years of the republic: "Brasília, 10 de janeiro de 2002; 181º da ..."
    r"(?:;\s[^.;]{1,80})?\.?$",
    re.IGNORECASE,
)
# What a law database writes about a provision's force, above or under its heading: "Wordt
# voorlopig toegepast per 01-01-1948", "In force from 1 January 2020", "Geldend van 01-01-2002
# t/m heden", "In Kraft seit 01.01.2009", "Version en vigueur au 1er janvier 2020", "Вступила в
# силу с 01.01.2021". The wording opens the line and a date (or a range of dates) ends it.
_FORCE_WORDS = (
    r"(?:(?:entry\s+)?in(?:to)?\s+force|entered\s+into\s+force|not\s+yet\s+in\s+force|"
    r"no\s+longer\s+in\s+force|(?:applied\s+)?provisionally(?:\s+applied)?|"
    r"(?:consolidated\s+)?(?:version|text)\s+(?:in\s+force\s+)?(?:as\s+(?:of|at)|of)|"
    r"status\s+(?:as\s+(?:of|at)|on)|"
    r"(?:wordt\s+)?voorlopig\s+toegepast|geldend|(?:is\s+)?in\s+werking(?:\s+getreden)?|"
    r"inwerkingtreding|treedt\s+in\s+werking|niet\s+meer\s+geldend|"
    r"(?:au(?:ß|ss)er\s+)?in\s+kraft(?:\s+getreten)?|au(?:ß|ss)er\s+kraft|stand|g(?:ü|ue)ltig\s+ab|"
    r"(?:version\s+)?en\s+vigueur|entr[ée]e\s+en\s+vigueur|appliqu[ée]e?\s+(?:à\s+titre\s+)?"
    r"provisoire(?:ment)?|en\s+vigor|vigente|in\s+vigore|aplicaci[óo]n\s+provisional|"
    r"вступ\w{0,6}\s+в\s+силу|действу\w{0,4}|в\s+редакции)\b"
)
_FORCE_RE = re.compile(rf"^[\[(]?\s*{_FORCE_WORDS}", re.IGNORECASE)
_NUMERIC_DATE = r"(?:\d{1,2}[-./]\d{1,2}[-./]\d{4}|\d{4}-\d{2}-\d{2})"
_ANY_DATE_RE = re.compile(rf"(?:{_NUMERIC_DATE}|{_DATE})", re.IGNORECASE)
# After the last date: nothing, or the open end of a range ("t/m heden", "to date", "- present").
_RANGE_END_RE = re.compile(
    r"^\s*(?:(?:t/m|tot(?:\s+en\s+met)?|to|until|till|bis|au|jusqu'au|hasta|al|до|по|[-–—])\s*"
    r"(?:heden|present|date|today|heute|now|aujourd'hui|hoy|oggi|настоящее\s+время)?)?\s*[.\])]?$",
    re.IGNORECASE,
)


def status_note(text: str) -> bool:
    """Whether a line only says since when a provision is in force or applied (see above).

    Short, opening with the wording and ending with a date: "In force from 1 January 2020,
    the Parties shall ..." is a sentence of the text. The caller checks that the line stands
    alone, under a heading or at the top of the document.
    """
    text = text.strip()
    if len(text) > 120 or len(text.split()) > 16 or not _FORCE_RE.match(text):
        return False
    ends = [found.end() for found in _ANY_DATE_RE.finditer(text)]
    return bool(ends) and bool(_RANGE_END_RE.match(text[ends[-1] :]))


# A closing formula run onto the end of the last paragraph, after its final full stop
# ("... jusqu'au premier janvier 1934.EN FOI DE QUOI, les Plénipotentiaires ...").
GLUED_CLOSING_RE = re.compile(r"(?<=[.;:])\s*(?=" + CLOSING_RE.pattern[1:] + ")", re.IGNORECASE)
END_OF_TERMS_RE = re.compile(r"^end\s+of\s+(?:the\s+)?terms\s+and\s+conditions\.?$", re.IGNORECASE)


@dataclass(frozen=True)
class Label:
    """A line that reads like the start of a provision, before the document has a say."""

    role: LabelRole
    prefix: str  # key prefix: "art", "ch", "sec", "part", "title", "annex", "appendix", ...
    label: str  # as written, runs of white space collapsed: "Article 5", "§ 3", "CHAPTER II"
    number: str  # normalised: "5", "1", "5a", "1.2", "A"; "" for an unnumbered annex
    rest: str  # what follows on the line, separator removed
    strong_rest: bool  # the rest follows a dash, colon or parentheses: surely a heading
    section_word: bool  # the word is "Section": article or group, as the document decides
    run_in: bool = False  # the rest is a heading, a full stop, then the text (see run_in_heading)
    _: KW_ONLY
    caption: str = ""  # a heading in brackets after the label, the rest being text ("제1조(목적)")
    word: str = ""  # the label word, lower case: "artikel", "§", "section"


def normalise_number(token: str, *, letters: bool) -> str | None:
    """``"V"`` -> ``"5"``, ``"Five"`` -> ``"5"``, ``"05"`` -> ``"5"``, ``"5 bis"`` -> ``"5bis"``,
    ``"XXVIII bis"`` -> ``"28bis"``.

    ``letters`` allows a single capital letter ("Annex A", "Part B"), which is kept as
    written. Returns ``None`` when the token is not a number at all ("Article of ...").
    """
    spaced = re.fullmatch(rf"(\S+)\s+({_SUFFIX_WORDS})", token, re.IGNORECASE)
    if spaced and not spaced[1].isdigit():  # "XXVIII bis": a Roman number and its suffix
        head = normalise_number(spaced[1], letters=letters)
        return head + spaced[2].lower() if head else None
    token = re.sub(r"\s+", "", token)
    code = re.fullmatch(r"(LO|[LRDA])(\*?)\.?(\d+(?:-\d+)+)", token)
    if code:  # "L. 111-1" -> "L111-1": the same article however the code is typeset
        return code[1] + code[2] + code[3]
    match = re.fullmatch(
        r"(\d+)((?:\.\d+)*)((?:-\d+)*)(er|re|o|\.?[º°ª])?([a-zа-яё]*)", token, re.IGNORECASE
    )
    if match:
        head, dotted, hyphened, _ordinal, suffix = match.groups()
        return str(int(head)) + dotted + hyphened + suffix.lower().translate(_LOOKALIKES)
    lowered = token.casefold()
    if lowered in _NUMBER_WORDS:
        return _NUMBER_WORDS[lowered]
    if letters and len(token) == 1 and token.isupper() and token not in ("I", "V", "X"):
        return token
    if (token.isupper() or token.islower()) and _ROMAN_RE.fullmatch(token.upper()):
        return str(roman_value(token.upper()))
    if lowered in ("ier", "ire"):  # "Chapitre Ier": the first, as "1er" is
        return "1"
    return None


def roman_value(numeral: str) -> int:
    """The value of a valid Roman numeral in capitals."""
    total = 0
    for char, following in zip(numeral, [*numeral[1:], ""], strict=True):
        value = _ROMAN_VALUES[char]
        total += -value if following and _ROMAN_VALUES[following] > value else value
    return total


def match_label(text: str, *, marked: bool = False) -> Label | None:
    """Read ``text`` (one stripped line) as a provision label, or return ``None``.

    ``marked`` says the source marks the line as a heading (Markdown ``#``, a bold line): then
    any text after the number is the heading. On an unmarked line the heading must follow a
    separator ("Article 5 – Scope", "Article 5. Scope", "Article 5 (Scope)") or be in
    capitals ("ARTICLE 5 SCOPE"), so that a sentence starting "Article 5 of the Treaty" is
    not taken for a heading.
    """
    repealed = _RANGE_RE.match(text)
    if repealed and (not repealed["status"] or STATUS_RE.match(repealed["status"])):
        return _range_label(repealed)
    found = _LABEL_RE.match(text)
    if found:
        return _numbered_label(found, marked)
    cjk = _CJK_LABEL_RE.match(text)
    if cjk:
        return _cjk_label(cjk)
    disposition = _DISPOSITION_RE.match(text)
    if disposition:
        return _disposition_label(disposition, marked)
    ordinal_first = _ordinal_group_label(text, marked)
    if ordinal_first:
        return ordinal_first
    supplementary = _SUPPLEMENTARY_RE.match(text)
    if supplementary:
        return _supplementary_label(supplementary)
    bare = _BARE_ANNEX_RE.match(text)
    if bare:
        word = bare["word"]
        rest, strong = _split_rest(bare["rest"])
        return Label(
            LabelRole.ANNEX, _WORD_PREFIX[word.casefold()][1], word, "", rest, strong, False
        )
    return None


# After a label's number, what makes it a reference, not a heading: a comma ("Article 54,
# paragraph 2 ...", "Artikel 54, tweede lid") or a closing quotation mark (the end of a
# quoted "“Article 5”"). A heading starts its line, unquoted, and goes on with a separator.
_CITING = frozenset(",;”’»“\"'")


def _numbered_label(found: re.Match[str], marked: bool) -> Label | None:
    word = found["word"]
    role, prefix = _WORD_PREFIX[word.casefold()]
    number = normalise_number(found["num"], letters=role is not LabelRole.ARTICLE)
    if number is None:
        return None
    raw = found["rest"].strip()
    rest, strong = (raw, True) if STATUS_RE.match(raw) else _split_rest(raw)
    if raw.startswith("(") and not strong:
        return None  # "Article 5 (2) ..." refers to a paragraph; it is not a heading
    if raw[:1] in _CITING:
        return None  # "Artikel 54, tweede lid", "Article 5” shall read": a reference
    spaced = bool(raw) and raw[0] not in ".:-–—("
    run_in = spaced and not marked and run_in_heading(rest) is not None
    ordinal = found["num"][-1:] in "º°ª"  # "Art. 1º Toda pessoa ...": Brazil runs the text in
    if spaced and not marked and not run_in and not ordinal and not _short_title(rest):
        return None  # "Article 5 of the Treaty ...": a sentence, not a label
    label = " ".join(found.string[: found.end("num")].split())
    section = word.casefold() in _SECTION_WORDS
    return Label(role, prefix, label, number, rest, strong, section, run_in, word=word.casefold())


def _cjk_label(found: re.Match[str]) -> Label:
    """ "第二十三条 ..." -> article "23", the rest of the line its text; "第一章 总纲" -> chapter
    "1", the rest its heading."""
    role, prefix = _CJK_WORDS[found["word"]]
    number = cjk_number(found["num"]) if found["num"] else str(int(found["knum"]))
    if found["branch"]:
        number += "-" + cjk_number(found["branch"])
    label = found.string[: found.end("branch") if found["branch"] else found.end("word")]
    rest = (found["rest"] or "").strip()
    caption = (found["caption"] or "").strip()
    dashed = _CJK_DASH_RE.match(rest)
    if role is LabelRole.ARTICLE and not caption and dashed:
        return Label(role, prefix, label, number, dashed["heading"], True, False)
    if caption and role is LabelRole.ARTICLE:
        return Label(role, prefix, label, number, rest, False, False, caption=caption)
    return Label(role, prefix, label, number, caption or rest, role is LabelRole.GROUP, False)


def _range_label(found: re.Match[str]) -> Label:
    """ "§§ 21 bis 79 (weggefallen)" -> article "21–79" (key ``art-21-79``), the status its
    text: one provision for the range, in its place. Alone on its line ("§§ 21 bis 79", the
    status below it, as the writers set it) the range is a label too."""
    first, last = found["first"].lower(), found["last"].lower()
    label = " ".join(found.string[: found.end("last")].split())
    status = found["status"] or ""
    return Label(LabelRole.ARTICLE, "art", label, f"{first}–{last}", status, True, False)


def _supplementary_label(found: re.Match[str]) -> Label:
    """ "附　則　（平成一一年法律第八七号）" -> group ``suppl`` labelled "附則", the amending act
    its heading."""
    rest = (found["rest"] or "").strip()
    label = "".join(found.string[: found.start("rest") if found["rest"] else None].split())
    if rest[:1] + rest[-1:] in ("()", "（）", "<>"):
        rest = rest[1:-1].strip()  # the amending act, its brackets taken off
    rest = rest.lstrip("-–— ")  # "附則 – ...", as the writers set the heading
    return Label(LabelRole.GROUP, "suppl", label, "", rest, True, False)


def _disposition_label(found: re.Match[str], marked: bool) -> Label | None:
    """ "Disposición adicional primera. Tasas." -> ``disp-adicional`` "1", heading "Tasas"."""
    after = found["after"]
    parsed = spanish_ordinal(after)
    if parsed is None:
        return None
    number, length = parsed
    raw = after[length:].strip()
    rest, strong = (raw, True) if STATUS_RE.match(raw) else _split_rest(raw)
    if raw and raw[0] not in ".:-–—(" and not marked and not _short_title(rest):
        return None  # "Disposición final primera de la Ley 5/2000": a reference
    label = " ".join(found.string[: found.end("after") - len(after) + length].split())
    prefix = f"disp-{found['series'].casefold()}"
    return Label(LabelRole.ARTICLE, prefix, label, number, rest, strong, False)


def _ordinal_group_label(text: str, marked: bool) -> Label | None:
    """ "Erster Abschnitt", "Zweites Buch. Recht der Schuldverhältnisse": a German group
    numbered by an ordinal before its word, as older codes (the StGB) write them."""
    parts = text.split(maxsplit=2)
    if len(parts) < 2:
        return None
    word = parts[1].rstrip(".:").casefold()
    if word not in _GERMAN_GROUP_WORDS:
        return None
    number = german_ordinal(parts[0])
    if number is None:
        return None
    raw = text[text.index(parts[1], len(parts[0])) + len(parts[1].rstrip(".:")) :].strip()
    rest, strong = _split_rest(raw)
    if raw and raw[0] not in ".:-–—(" and not marked and not _short_title(rest):
        return None  # "Erster Teil des Gesetzes ...": a sentence
    prefix = _WORD_PREFIX[word][1]
    label = f"{parts[0]} {parts[1].rstrip('.:')}"
    return Label(LabelRole.GROUP, prefix, label, number, rest, strong, False)


_GERMAN_GROUP_WORDS = frozenset(("buch", "teil", "abschnitt", "titel", "untertitel", "kapitel"))
_GERMAN_UNITS = {
    "ein": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8,
    "neun": 9,
}  # fmt: skip
_GERMAN_CARDINALS = _GERMAN_UNITS | {
    "zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14, "fünfzehn": 15,
    "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19, "zwanzig": 20,
    "dreißig": 30, "vierzig": 40, "fünfzig": 50,
}  # fmt: skip
_GERMAN_ORDINAL_RE = re.compile(r"^(?P<stem>[a-zäöüß]{3,30}?)(?:ste|te)(?:r|s|n|m)?$")


def german_ordinal(word: str) -> str | None:
    """ "Erster" -> "1", "Drittes" -> "3", "Siebter" -> "7", "Zweiundzwanzigster" -> "22";
    ``None`` for any other word."""
    found = _GERMAN_ORDINAL_RE.match(word.lower())
    if found is None:
        return None
    stem = {"ers": "ein", "erst": "ein", "drit": "drei", "sieb": "sieben", "ach": "acht"}.get(
        found["stem"], found["stem"]
    )
    if stem in _GERMAN_CARDINALS:
        return str(_GERMAN_CARDINALS[stem])
    unit, _, tens = stem.partition("und")
    if unit in _GERMAN_UNITS and tens in _GERMAN_CARDINALS and _GERMAN_CARDINALS[tens] >= 20:
        return str(_GERMAN_UNITS[unit] + _GERMAN_CARDINALS[tens])
    return None


def spanish_ordinal(text: str) -> tuple[str, int] | None:
    """The Spanish ordinal opening ``text`` and how many characters it takes:
    ``"primera. Tasas."`` -> ``("1", 7)``, ``"vigésima primera"`` -> ``("21", 16)``,
    ``"decimotercera"`` -> ``("13", 13)``, ``"única"`` -> ``("1", 5)``; ``None`` if there
    is none."""
    first = _ORDINAL_WORD_RE.match(text)
    if first is None:
        return None
    tens = _SPANISH_TENS.get(_unaccented(first[0]))
    if tens is not None:
        second = _ORDINAL_WORD_RE.match(text, first.end() + 1)
        unit = (
            _NUMBER_WORDS.get(second[0].casefold()) if second and text[first.end()] == " " else None
        )
        if second and unit and int(unit) < 10:
            return str(tens + int(unit)), second.end()
        return str(tens), first.end()
    word = _unaccented(first[0])
    for stem, value in _SPANISH_TENS.items():  # "decimotercera", "vigesimoprimera"
        if stem.endswith("o") and word.startswith(stem) and len(word) > len(stem):
            unit = _NUMBER_WORDS.get(word[len(stem) :])
            if unit and int(unit) < 10:
                return str(value + int(unit)), first.end()
    number = _NUMBER_WORDS.get(first[0].casefold())
    return (number, first.end()) if number and number.isdigit() else None


def _unaccented(word: str) -> str:
    return word.casefold().translate(_ACCENTS)


def cjk_number(numeral: str) -> str:
    """A Chinese numeral as digits: "二十三" -> "23", "一百四十三" -> "143", "十" -> "10"."""
    if numeral.isdigit():
        return str(int(numeral))
    total = current = 0
    for char in numeral:
        if char in _CJK_UNITS:
            total += (current or 1) * _CJK_UNITS[char]
            current = 0
        else:
            current = _CJK_DIGITS[char]
    return str(total + current)


def run_in_heading(rest: str) -> tuple[str, str] | None:
    """``"Defined Terms. Capitalised terms ..."`` -> ``("Defined Terms", "Capitalised ...")``.

    US and UK contracts run a section's heading into its first sentence ("Section 1.1
    Defined Terms. Capitalised terms have ..."). The words before the first full stop are a
    heading only when they read like one: at most eight words, in Title Case, and a sentence
    starting with a capital follows; "Article 5 of the Treaty applies. It ..." is no heading.
    """
    head, stop, body = rest.partition(". ")
    body = body.strip()
    if not stop or not _opens_sentence(body) or len(head.split()) > 8:
        return None
    return (head, body) if _short_title(head) and title_case(head) else None


def _opens_sentence(text: str) -> bool:
    """Text starting as a sentence does: with a capital, or with an opening quote or bracket
    and then a capital (a definition: '"Services" means ...')."""
    return text.lstrip("\"'“‘«„(")[:1].isupper()


_BOLD_RUN_IN_RE = re.compile(r"^(\*\*|__)(?P<head>[^*_]{1,100}?)\1[.:]?\s+(?P<text>\S.*)$")


def bold_run_in(rest: str) -> tuple[str, str] | None:
    """``"**Introduction**. This Agreement ..."`` -> ``("Introduction", "This Agreement ...")``.

    Markdown contracts set a section's heading in bold and run it into the first sentence
    ("1. **Introduction**. This Mutual Non-Disclosure Agreement ..."): the bold words are the
    heading, whatever their case, and the text starts after them.
    """
    found = _BOLD_RUN_IN_RE.match(rest)
    return (clean_heading(found["head"]), found["text"]) if found else None


def _short_title(text: str) -> bool:
    """ "Definitions", "Geltungsbereich", "SCOPE AND DEFINITIONS": a heading, not a sentence."""
    first = next((c for c in text if c.isalpha()), "")
    if text.isupper():
        return True
    return first.isupper() and len(text.split()) <= 8 and text[-1] not in ".;:,"


def _split_rest(rest: str) -> tuple[str, bool]:
    """Remove the separator between a label and its heading; say whether it was a strong one."""
    rest = rest.strip()
    paren = re.fullmatch(r"\(([^()]{2,})\)", rest)
    if paren:
        return paren[1].strip(), True
    if rest[:1] in ("-", "–", "—", ":"):
        return rest[1:].strip(" -–—").strip(), True
    if rest[:1] == ".":
        return rest[1:].strip(" -–—").strip(), False
    return rest, False


def match_numbered(text: str, *, marked: bool = False) -> tuple[str, str] | None:
    """Read a licence-style section start ("1. Definitions", "0. This License applies ..."),
    or a UK Act's section number and heading with no stop between them ("1 Overview").

    Returns the normalised number and the rest of the line. Whether such a line opens a
    section is decided by :mod:`~inwriting.formats.drafts.markers` from the whole sequence.
    """
    found = (_MARKED_NUMBER_RE if marked else _NUMBERED_RE).match(text)
    if not found:
        found = _BARE_NUMBER_RE.match(text)
        if not found or not _bare_heading(found["rest"]):
            return None
    return str(int(found["num"])), found["rest"].strip()


def _bare_heading(rest: str) -> bool:
    """After a number with no stop, only a short heading: "Overview", "Duty of suppliers"."""
    rest = rest.strip()
    return len(rest.split()) <= 10 and heading_like(rest, limit=80) and "  " not in rest


def title_case(text: str) -> bool:
    """Most significant words capitalised, as headings are ("Protecting Users' Legal Rights")."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text) if w.casefold() not in _SMALL_WORDS]
    if not words:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised / len(words) >= 0.75


# Footnote calls at the end of a line: Markdown "[^1]", HTML "<sup>1</sup>".
NOTE_CALLS_RE = re.compile(r"(?:\[\^[^\]\s]{1,20}\]|<sup>[^<]{0,20}</sup>)+$")


def heading_like(text: str, *, limit: int = 160) -> bool:
    """A line that may be the heading below a label: short, capitalised, no final stop.

    A sentence ending in a footnote call ("... the Convention.[^1]") still ends with its
    stop, and a table row ("| Party | Authority |") is a table, not a heading.
    """
    text = NOTE_CALLS_RE.sub("", text.strip()).rstrip()
    if not text or len(text) > limit or text[-1] in ".;:,!?" or ENUMERATOR_RE.match(text):
        return False
    if text.startswith("|"):
        return False
    first = next((c for c in text if c.isalpha()), "")
    return first.isupper()


def rest_is_heading(rest: str, *, continues: bool) -> bool:
    """Whether the text after "5." on a line is a heading, or the first words of the text.

    "5. Definitions" and "0. Definitions." are headings; "0. This License applies to any
    program or other work which contains" (a paragraph going on on the next line) is text.
    """
    words = rest.split()
    if not words or len(words) > 12 or len(rest) > 100:
        return False
    first = next((c for c in rest if c.isalpha()), "")
    if not first.isupper():
        return False
    if len(words) <= 3 or title_case(rest):
        return True
    return not continues and rest[-1] not in ".;:,!?"


def clean_heading(text: str) -> str:
    """A heading without decoration: "- Right to life" -> "Right to life", "Scope." -> "Scope"."""
    text = " ".join(text.split()).strip(" -–—*_")
    return text[:-1].rstrip() if text.endswith(".") and not text.endswith("..") else text


def caption_line(text: str) -> str:
    """``"（基本原則）"`` -> ``"基本原則"``: the caption a line in brackets gives the article
    below it, or ``""``. Not a point ("(a)", "(iv)"), a number ("(12)"), a provision's status
    ("(weggefallen)"), nor a sentence in brackets ("(See Article 7.)")."""
    found = _CAPTION_RE.match(text)
    if not found or ENUMERATOR_RE.match(text) or STATUS_RE.match(text):
        return ""
    caption = found["caption"].strip()
    if not any(c.isalpha() for c in caption) or caption[-1] in ".;:,!?。":
        return ""
    return caption
