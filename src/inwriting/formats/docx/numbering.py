"""Word's automatic numbering: the labels Word shows but the text does not contain.

A paragraph numbered by Word ("Article 5", "1.", "(a)") holds only its text; the number is
drawn from ``numbering.xml``. To read a DOCX as its reader sees it, the label is computed:

* the paragraph's ``w:numPr`` (``w:numId`` and ``w:ilvl``), or its style's, names a numbering
  instance (``w:num``) and a level; ``w:numId`` 0 switches numbering off;
* the instance points to an abstract definition (``w:abstractNum``, possibly through a
  ``w:numStyleLink``) whose ``w:lvl`` gives ``w:start``, ``w:numFmt`` (decimal, upperRoman,
  lowerRoman, upperLetter, lowerLetter, decimalZero, ordinal, cardinalText, ordinalText,
  bullet, none), ``w:lvlText`` ("Article %1", "%1.%2."), ``w:lvlRestart``, ``w:isLgl`` and
  ``w:suff``; the instance's ``w:lvlOverride`` may replace a level or restart it
  (``w:startOverride``);
* counters are kept per abstract definition and level, as Word does, so two instances of one
  definition continue each other unless one of them restarts; numbering a level restarts the
  levels below it (unless their ``w:lvlRestart`` says otherwise).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_LEVELS = 9
_PLACEHOLDER = re.compile(r"%([1-9])")
_BULLETS = "-–—*•"
_CARDINALS = (
    "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven",
    "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen",
    "Nineteen", "Twenty",
)  # fmt: skip
_ORDINALS = (
    "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth",
    "Tenth", "Eleventh", "Twelfth", "Thirteenth", "Fourteenth", "Fifteenth", "Sixteenth",
    "Seventeenth", "Eighteenth", "Nineteenth", "Twentieth",
)  # fmt: skip
_ROMAN: tuple[tuple[int, str], ...] = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
    (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


@dataclass(frozen=True)
class Level:
    """One level of a numbering definition (``w:lvl``)."""

    start: int = 1
    format: str = "decimal"
    text: str = ""  # lvlText; "" shows nothing
    restart: int | None = None  # lvlRestart: restart after this (1-based) level; 0 never
    legal: bool = False  # isLgl: show every level in Arabic numerals
    suffix: str = " "  # what follows the label: a tab (shown as a space), a space or nothing
    style: str = ""  # the paragraph style this level is linked to


@dataclass
class _Instance:
    abstract: str
    levels: dict[int, Level]
    start_overrides: dict[int, int] = field(default_factory=dict)


def _val(element: etree._Element | None, default: str = "") -> str:
    if element is None:
        return default
    return element.get(f"{W}val", default)


def _int(text: str, default: int) -> int:
    try:
        return int(text)
    except ValueError:
        return default


def parse_level(lvl: etree._Element, base: Level | None = None) -> Level:
    """A ``w:lvl`` element, over ``base`` for what it does not say."""
    level = base or Level()
    restart = lvl.find(f"{W}lvlRestart")
    legal = lvl.find(f"{W}isLgl")
    suffix = _val(lvl.find(f"{W}suff"), "tab")
    return replace(
        level,
        start=_int(_val(lvl.find(f"{W}start"), str(level.start)), level.start),
        format=_val(lvl.find(f"{W}numFmt"), level.format),
        text=_val(lvl.find(f"{W}lvlText"), level.text),
        restart=_int(_val(restart), 0) if restart is not None else level.restart,
        legal=legal is not None and _val(legal, "1") not in ("0", "false", "off"),
        suffix={"nothing": "", "space": " "}.get(suffix, " "),
        style=_val(lvl.find(f"{W}pStyle"), level.style),
    )


class Numbering:
    """The numbering definitions of one document, and the counters as it is read."""

    def __init__(
        self, numbering: etree._Element | None, style_numbers: dict[str, tuple[str, int | None]]
    ) -> None:
        """``style_numbers`` maps a style id to the ``(numId, ilvl)`` its definition names."""
        self.abstracts: dict[str, etree._Element] = {}
        self.nums: dict[str, etree._Element] = {}
        if numbering is not None:
            for element in numbering.iterfind(f"{W}abstractNum"):
                self.abstracts[element.get(f"{W}abstractNumId", "")] = element
            for element in numbering.iterfind(f"{W}num"):
                self.nums[element.get(f"{W}numId", "")] = element
        self.style_numbers = style_numbers
        self.instances: dict[str, _Instance | None] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.started: set[tuple[str, int]] = set()

    def level_for_style(self, num_id: str, style: str) -> int:
        """The level linked to ``style`` (``w:pStyle`` in a ``w:lvl``), or 0."""
        instance = self._instance(num_id)
        if instance is None:
            return 0
        return next((i for i, lvl in instance.levels.items() if lvl.style == style), 0)

    def label(self, num_id: str, ilvl: int) -> str:
        """The label shown before the next paragraph numbered ``(num_id, ilvl)``, with its
        suffix ("Article 5 ", "1.", "(a) "); "" when the number shows nothing."""
        instance = self._instance(num_id)
        if instance is None or not 0 <= ilvl < _LEVELS:
            return ""
        level = instance.levels.get(ilvl, Level())
        counts = self.counters.setdefault(instance.abstract, [None] * _LEVELS)
        self._advance(counts, instance, num_id, ilvl)
        if level.format == "bullet":
            text = level.text if level.text and level.text in _BULLETS else "•"
        else:
            text = _PLACEHOLDER.sub(lambda m: self._shown(instance, counts, m, level), level.text)
        return f"{text}{level.suffix}" if text.strip() else ""

    def _advance(
        self, counts: list[int | None], instance: _Instance, num_id: str, ilvl: int
    ) -> None:
        level = instance.levels.get(ilvl, Level())
        current = counts[ilvl]
        if ilvl in instance.start_overrides and (num_id, ilvl) not in self.started:
            counts[ilvl] = instance.start_overrides[ilvl]
        else:
            counts[ilvl] = level.start if current is None else current + 1
        self.started.add((num_id, ilvl))
        for deeper in range(ilvl + 1, _LEVELS):
            restart = instance.levels.get(deeper, Level()).restart
            if restart is None or (restart and ilvl <= restart - 1):
                counts[deeper] = None

    def _shown(
        self, instance: _Instance, counts: list[int | None], found: re.Match[str], current: Level
    ) -> str:
        index = int(found[1]) - 1
        level = instance.levels.get(index, Level())
        value = counts[index]
        number = level.start if value is None else value
        return format_number(number, "decimal" if current.legal else level.format)

    def _instance(self, num_id: str) -> _Instance | None:
        if num_id not in self.instances:
            self.instances[num_id] = self._build(num_id, depth=0)
        return self.instances[num_id]

    def _build(self, num_id: str, depth: int) -> _Instance | None:
        num = self.nums.get(num_id)
        if num is None or depth > 2:
            return None
        abstract_id = _val(num.find(f"{W}abstractNumId"))
        abstract = self.abstracts.get(abstract_id)
        if abstract is None:
            return None
        link = _val(abstract.find(f"{W}numStyleLink"))
        if link and link in self.style_numbers:  # the definition lives with a numbering style
            linked = self._build(self.style_numbers[link][0], depth + 1)
            if linked is not None:
                abstract_id, levels = linked.abstract, dict(linked.levels)
            else:
                levels = {}
        else:
            levels = {
                _int(lvl.get(f"{W}ilvl", "0"), 0): parse_level(lvl)
                for lvl in abstract.iterfind(f"{W}lvl")
            }
        instance = _Instance(abstract_id, levels)
        for override in num.iterfind(f"{W}lvlOverride"):
            index = _int(override.get(f"{W}ilvl", "0"), 0)
            lvl = override.find(f"{W}lvl")
            if lvl is not None:
                instance.levels[index] = parse_level(lvl, instance.levels.get(index))
            start = override.find(f"{W}startOverride")
            if start is not None:
                instance.start_overrides[index] = _int(_val(start), 1)
        return instance


def format_number(number: int, fmt: str) -> str:
    """``number`` as Word writes it in the format ``fmt`` (unknown formats as decimals)."""
    if fmt in ("upperRoman", "lowerRoman") and number > 0:
        roman = _roman(number)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("upperLetter", "lowerLetter") and number > 0:
        letters = chr(ord("A") + (number - 1) % 26) * ((number - 1) // 26 + 1)
        return letters if fmt == "upperLetter" else letters.lower()
    if fmt == "decimalZero":
        return f"{number:02d}"
    if fmt == "ordinal":
        return f"{number}{_ordinal_suffix(number)}"
    if fmt == "cardinalText" and 0 < number <= len(_CARDINALS):
        return _CARDINALS[number - 1]
    if fmt == "ordinalText" and 0 < number <= len(_ORDINALS):
        return _ORDINALS[number - 1]
    if fmt == "none":
        return ""
    return str(number)


def _roman(number: int) -> str:
    result = ""
    for value, numeral in _ROMAN:
        while number >= value:
            result += numeral
            number -= value
    return result


def _ordinal_suffix(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
