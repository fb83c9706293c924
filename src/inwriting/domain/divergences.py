"""Divergence checks between the language texts of a version, provision by provision.

Disputes over "equally authentic" texts start where two language texts say different things
that do not depend on the words: a number, a date, an amount, the article a provision refers
to, a defined term, a paragraph one text has and the other lacks. Each check extracts those
from a provision's text in each language and compares them as *multisets* (the order of words
differs between languages; their count must not):

* **numbers** — digits in any script (``unicodedata.decimal``: ``١٢``, ``１２``, ``१२``) with
  the grouping and decimal marks of either convention (``1,000.50`` = ``1.000,50`` =
  ``1 000,50`` with a no-break space);
* **dates** — month names in the languages below (the day and year are numbers above);
* **references** — article cross-references: ``Article 51``, ``artikel 51``, ``Articles 23
  and 27``, ``статья 51``, ``第51条``, roman numerals included (``Article V`` = 5);
* **terms** — how many terms are quoted (``"…"``, ``“…”``, ``„…“``, ``«…»``, ``「…」``);
* **paragraphs** — how many paragraphs the provision has.

Each language text is compared with the version's original text. A difference is a flag for
a person to read, not a verdict: a number written in words in one language ("fifteen")
and in digits in the other is flagged, and rightly so — it is worth a second look.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from inwriting.domain.languages import LanguageProvision


class Check(StrEnum):
    NUMBERS = "numbers"
    DATES = "dates"
    REFERENCES = "references"
    TERMS = "terms"
    PARAGRAPHS = "paragraphs"


@dataclass(frozen=True)
class Features:
    """What the checks compare, extracted from one provision's text in one language."""

    numbers: Counter[str]
    months: Counter[str]  # "1" .. "12"
    references: Counter[str]  # article numbers: "51", "5a"
    terms: int
    paragraphs: int

    def of(self, check: Check) -> Counter[str]:
        if check is Check.NUMBERS:
            return self.numbers
        if check is Check.DATES:
            return self.months
        if check is Check.REFERENCES:
            return self.references
        return Counter({"": self.terms if check is Check.TERMS else self.paragraphs})


@dataclass(frozen=True)
class Divergence:
    """Provision ``key`` differs between the ``original`` language and ``language`` in
    ``check``: ``in_original`` is what only the original has (for a count, the count), and
    ``in_language`` what only the other has."""

    key: str
    label: str
    check: Check
    original: str
    language: str
    in_original: tuple[str, ...]
    in_language: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.label or self.key}: {self.check.value} differ — {self.detail}"

    @property
    def detail(self) -> str:
        if self.check in (Check.TERMS, Check.PARAGRAPHS):
            noun = "quoted terms" if self.check is Check.TERMS else "paragraphs"
            return (
                f"{self.original} has {self.in_original[0]} {noun}, "
                f"{self.language} has {self.in_language[0]}"
            )
        shown = {Check.DATES: _month_names}.get(self.check, _plain)
        return (
            f"only in {self.original}: {shown(self.in_original) or 'nothing'}; "
            f"only in {self.language}: {shown(self.in_language) or 'nothing'}"
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "label": self.label,
            "check": self.check.value,
            "original": self.original,
            "language": self.language,
            "in_original": list(self.in_original),
            "in_language": list(self.in_language),
            "detail": self.detail,
        }


def divergences(
    original: str,
    texts: Mapping[str, Sequence[LanguageProvision]],
) -> list[Divergence]:
    """Every divergence between the ``original`` language's text and each other language
    text in ``texts`` (language → provisions under the version's keys), in the original's
    provision order, language by language."""
    base = texts[original]
    found: list[Divergence] = []
    for language, provisions in texts.items():
        if language == original:
            continue
        theirs = {p.key: p for p in provisions}
        for ours in base:
            other = theirs.get(ours.key)
            if other is not None:
                found.extend(compare(ours, other, original, language))
    return found


def compare(
    ours: LanguageProvision, theirs: LanguageProvision, original: str, language: str
) -> list[Divergence]:
    """The divergences between one provision in two languages."""
    a, b = features(ours.text), features(theirs.text)
    found = []
    for check in Check:
        left, right = a.of(check), b.of(check)
        if left == right:
            continue
        only_left, only_right = _elements(left - right), _elements(right - left)
        if check in (Check.TERMS, Check.PARAGRAPHS):
            only_left, only_right = (str(left[""]),), (str(right[""]),)
        found.append(
            Divergence(ours.key, ours.label, check, original, language, only_left, only_right)
        )
    return found


def features(text: str) -> Features:
    """The numbers (those of article references left to the references check, where
    "Article V" and "статья 5" agree), months, references, quoted terms and paragraphs."""
    plain = ascii_digits(text)
    unreferenced = _CJK_REFERENCE.sub(" ", _REFERENCE.sub(" ", plain))
    return Features(
        numbers=Counter(numbers(unreferenced)),
        months=Counter(months(plain)),
        references=Counter(references(plain)),
        terms=len(_QUOTED.findall(text)),
        paragraphs=sum(1 for part in text.split("\n\n") if part.strip()),
    )


_OTHER_DIGIT = re.compile(r"(?![0-9])\d")  # a decimal digit of any script but ASCII


def ascii_digits(text: str) -> str:
    """``text`` with every decimal digit of any script as its ASCII digit."""
    if text.isascii():
        return text
    return _OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), text)


# Digits with grouping or decimal marks between them; a no-break or thin space groups
# thousands ("1 000"), an ordinary space never does (it separates two numbers).
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:(?:[.,'’]|[\u00a0\u202f\u2009])\d+)*")
_SEPARATORS = re.compile(r"[.,'’\u00a0\u202f\u2009]")


def numbers(text: str) -> list[str]:
    """The numbers in ``text`` (ASCII digits), each in one canonical form whatever the
    convention it was written in: ``1,000.50`` and ``1.000,50`` are both ``1000.5``; and
    the paragraphs cited by ordinal word (``paragraph 2`` is ``het tweede lid``)."""
    found = [_canonical(m.group()) for m in _NUMBER.finditer(text)]
    return found + _ordinal_paragraphs(text)


def _canonical(token: str) -> str:
    marks = _SEPARATORS.findall(token)
    if not marks:
        return str(int(token))
    groups = _SEPARATORS.split(token)
    kinds = set(marks)
    if len(kinds) > 1:  # the last mark is the decimal one: "1,000.50", "1.000,50", "1 000,5"
        decimal = marks[-1]
        whole = "".join(groups[:-1]) if decimal in ".," else "".join(groups)
        fraction = groups[-1] if decimal in ".," else ""
        return _number(whole, fraction)
    mark = marks[0]
    thousands = all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3
    if thousands and (mark not in ".," or len(marks) > 1 or groups[0] != "0"):
        return _number("".join(groups), "")
    if len(marks) == 1 and mark in ".,":  # "1.5", "2,75"
        return _number(groups[0], groups[1])
    return ".".join(str(int(g)) for g in groups)  # "1.2.3": a section number, kept as such


# Treaties cite paragraphs by ordinal in some languages and by digit in others ("paragraph 2
# of Article 35" and "artikel 35, tweede lid"), so an ordinal word before the word for
# paragraph counts as its number. Elsewhere ordinals are adverbs as often as numbers ("first
# of all", "in de eerste plaats"), and cardinal words ("one", "een") are articles as often.
_ORDINALS: dict[str, tuple[str, ...]] = {
    "en": ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
           "ninth", "tenth", "eleventh", "twelfth"),
    "nl": ("eerste", "tweede", "derde", "vierde", "vijfde", "zesde", "zevende", "achtste",
           "negende", "tiende", "elfde", "twaalfde"),
    "fr": ("premier", "deuxième", "troisième", "quatrième", "cinquième", "sixième",
           "septième", "huitième", "neuvième", "dixième", "onzième", "douzième"),
    "de": ("erste", "zweite", "dritte", "vierte", "fünfte", "sechste", "siebte", "achte",
           "neunte", "zehnte", "elfte", "zwölfte"),
}  # fmt: skip
_ORDINAL_VALUES = {word: i for words in _ORDINALS.values() for i, word in enumerate(words, start=1)}
_ORDINAL_WORD = "|".join(sorted(_ORDINAL_VALUES, key=len, reverse=True))
_PARAGRAPH_WORD = r"(?:lid|leden|paragraphs?|alinea|alinéas?|absatz|absätze|unterabsatz)"
_ORDINAL = re.compile(rf"(?<![\w-])(?:{_ORDINAL_WORD})(?!\w)", re.IGNORECASE)
_ORDINAL_PARAGRAPHS = re.compile(
    rf"(?<![\w-])(?:{_ORDINAL_WORD})(?:\s*(?:,|en|and|et|und|of|or)\s*(?:{_ORDINAL_WORD}))*"
    rf"\s+{_PARAGRAPH_WORD}(?!\w)",
    re.IGNORECASE,
)


def _ordinal_paragraphs(text: str) -> list[str]:
    return [
        str(_ORDINAL_VALUES[word.group().casefold()])
        for m in _ORDINAL_PARAGRAPHS.finditer(text)
        for word in _ORDINAL.finditer(m.group())
    ]


def _number(whole: str, fraction: str) -> str:
    try:
        value = Decimal(f"{int(whole or '0')}.{fraction or '0'}")
    except InvalidOperation:  # pragma: no cover - digits only reach here
        return whole + "." + fraction
    text = format(value.normalize(), "f")
    return text


# Month names (and common abbreviations) in the languages the parser reads headings in.
_MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"),
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
    "de": ("januar", "februar", "märz", "april", "mai", "juni", "juli", "august",
           "september", "oktober", "november", "dezember"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"),
    "it": ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
           "settembre", "ottobre", "novembre", "dicembre"),
    "pt": ("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto",
           "setembro", "outubro", "novembro", "dezembro"),
    "ru": ("январ[ьяе]", "феврал[ьяе]", "март[ае]?", "апрел[ьяе]", "ма[йяе]", "июн[ьяе]",
           "июл[ьяе]", "август[ае]?", "сентябр[ьяе]", "октябр[ьяе]", "ноябр[ьяе]",
           "декабр[ьяе]"),
}  # fmt: skip
# "May"/"mei"/"mai" are also words ("may", "Mai"): an English "may" is a month only before
# or after a day number, as in "8 May 1945" or "May 8".
_AMBIGUOUS = {"may", "mai", "mei", "march", "maart", "mars"}
# Each word is looked up once: exact names in a table, Russian inflected forms by pattern.
_MONTH_WORDS: dict[str, int] = {}
_RUSSIAN: list[tuple[re.Pattern[str], int]] = []
for _names in _MONTHS.values():
    for _i, _name in enumerate(_names, start=1):
        if "[" in _name or _name.endswith("?"):
            _RUSSIAN.append((re.compile(_name, re.IGNORECASE), _i))
        else:
            _MONTH_WORDS[_name] = _i
_WORD = re.compile(r"\w+")
_CJK_DATE = re.compile(r"(\d{1,2})\s*月\s*\d{1,2}\s*日")
_DAY_BEFORE = re.compile(r"(?<!\d)\d{1,2}(?:st|nd|rd|th|er|e|ste|de|\.)?\s+$")
_DAY_AFTER = re.compile(r"^\s+\d{1,4}(?!\d)")


def months(text: str) -> list[str]:
    """The months named in ``text``, as numbers ("1" for January, "janvier", "января")."""
    found: list[str] = []
    for m in _WORD.finditer(text):
        word = m.group().casefold()
        month = _month_of(word)
        if month is None:
            continue
        if word in _AMBIGUOUS and not (
            _DAY_BEFORE.search(text[max(0, m.start() - 6) : m.start()])
            or _DAY_AFTER.search(text[m.end() : m.end() + 6])
        ):
            continue
        found.append(str(month))
    found.extend(str(int(m.group(1))) for m in _CJK_DATE.finditer(text))
    return sorted(found, key=int)


def _month_of(word: str) -> int | None:
    month = _MONTH_WORDS.get(word)
    if month is not None or not ("а" <= word[:1] <= "я"):
        return month
    return next((i for pattern, i in _RUSSIAN if pattern.fullmatch(word)), None)


# The word for "article" in the languages of the parser's headings, singular and plural,
# and the abbreviation; then a list of numbers ("Articles 23, 24 and 27").
_ARTICLE_WORDS = (
    r"articles?|arts?\.|artikel(?:en|s|n)?|art[íi]culos?|articol[oi]|artigos?|"
    r"стат(?:ья|ьи|ье|ью|ьей|ей|ьям|ьями|ьях)|ст\."
)
_REF_NUMBER = r"(\d+[a-z]?(?!\w)|(?-i:[IVXLC]+)(?!\w))"
_JOINERS = r"(?:,|and|en|et|und|y|e|и|or|ou|oder|to|tot|met|through|à|bis|до)"
_REFERENCE = re.compile(
    rf"(?<!\w)(?:{_ARTICLE_WORDS})\s*{_REF_NUMBER}((?:(?:\s*{_JOINERS})+\s*{_REF_NUMBER})*)",
    re.IGNORECASE,
)
_MORE = re.compile(rf"(?:\s*{_JOINERS})+\s*{_REF_NUMBER}", re.IGNORECASE)
_CJK_REFERENCE = re.compile(r"第\s*(\d+)\s*条")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def references(text: str) -> list[str]:
    """The article numbers ``text`` refers to ("Article 51" and "artikel 51": ``51``)."""
    found: list[str] = []
    for m in _REFERENCE.finditer(text):
        found.append(_article_number(m.group(1)))
        found.extend(_article_number(more.group(1)) for more in _MORE.finditer(m.group(2)))
    found.extend(str(int(m.group(1))) for m in _CJK_REFERENCE.finditer(text))
    return found


def _article_number(token: str) -> str:
    if token.isdigit() or token[:-1].isdigit():
        digits = token if token.isdigit() else token[:-1]
        return str(int(digits)) + token[len(digits) :].lower()
    return str(_roman(token.upper()))


def _roman(numeral: str) -> int:
    total = 0
    for ch, following in zip(numeral, [*numeral[1:], ""], strict=True):
        value = _ROMAN[ch]
        total += -value if following and _ROMAN[following] > value else value
    return total


_QUOTED = re.compile(
    r"„[^“”„\n]{1,300}[“”]|“[^”“\n]{1,300}”|«[^»\n]{1,300}»|\"[^\"\n]{1,300}\""
    r"|「[^」\n]{1,300}」|『[^』\n]{1,300}』"
)


def _elements(counter: Counter[str]) -> tuple[str, ...]:
    return tuple(sorted(counter.elements(), key=_sort_key))


def _sort_key(value: str) -> tuple[float, str]:
    try:
        return float(value), value
    except ValueError:
        return float("inf"), value


def _plain(values: tuple[str, ...]) -> str:
    return ", ".join(values)


_NAMES = _MONTHS["en"]


def _month_names(values: tuple[str, ...]) -> str:
    return ", ".join(_NAMES[int(v) - 1].title() for v in values)
