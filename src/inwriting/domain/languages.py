"""Language texts: one language's full text of a version, aligned provision by provision.

A treaty "done in English and Russian, both texts being equally authentic" is one version
with two *language texts*. The version's own provisions are the text in the language it was
drafted in (``Version.language``); every other language text carries one
:class:`LanguageProvision` per provision of the version, under the version's key, so the
alignment is explicit and never recomputed.

The words of two translations differ, so a translation is aligned to the version by its
*structure*: each provision's kind and normalised number (``Article V`` and ``Artikel 5``
both have number ``5``), in document order (:func:`align`). Whatever does not line up — an
article the translation lacks, a paragraph-level provision it adds — is reported by label,
and the text is refused unless the drafter confirms a mapping (translation provision →
version key) for the provisions structure could not place.

Pure: values in, values out; the divergence checks between aligned texts are in
:mod:`inwriting.domain.divergences`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from inwriting.domain.documents import Provision, ProvisionKind, References
from inwriting.errors import Problem, ValidationError

DEFAULT_LANGUAGE = "en"
MAX_MAPPING = 20_000  # pairs in one mapping: as many as a version has provisions

# BCP 47 as people write it for texts: a primary language subtag, then optional script,
# region and variant subtags ("en", "nl", "zh-Hans", "pt-BR", "sr-Latn-RS", "de-CH-1996").
_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


def language_tag(value: str) -> str:
    """``value`` as a BCP 47 language tag in its conventional case (``zh-Hans``,
    ``pt-BR``), or :class:`ValidationError` naming what is wrong."""
    tag = value.strip()
    if not _TAG.match(tag) or len(tag) > 35:
        raise ValidationError(
            f"{value[:40]!r} is not a language tag: give a BCP 47 tag such as en, nl, ru, zh-Hans"
        )
    first, *rest = tag.split("-")
    parts = [first.lower()]
    for sub in rest:
        if len(sub) == 4 and sub.isalpha():
            parts.append(sub.title())  # a script: Latn, Cyrl, Hans
        elif len(sub) == 2 and sub.isalpha():
            parts.append(sub.upper())  # a region: BE, RU
        else:
            parts.append(sub.lower())
    return "-".join(parts)


@dataclass(frozen=True)
class LanguageProvision:
    """One provision of a language text, under the version's key; ``label`` and ``heading``
    as the language text writes them ("Artikel 5")."""

    key: str
    label: str
    heading: str
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"key": self.key, "label": self.label, "heading": self.heading, "text": self.text}


@dataclass(frozen=True)
class Alignment:
    """A translation against a version: its provisions under the version's keys, and what
    did not line up (``missing``: the version's provisions the translation lacks; ``extra``:
    the translation's provisions that match none of the version's)."""

    provisions: tuple[LanguageProvision, ...]
    missing: tuple[Provision, ...]
    extra: tuple[Provision, ...]

    @property
    def complete(self) -> bool:
        return not self.missing and not self.extra

    def problems(self, language: str) -> list[Problem]:
        """What does not line up, one problem each, by label (and key)."""
        found = [
            Problem(
                f"missing: {_named(p)} of the version has no counterpart in the {language} text",
                code="missing_provision",
            )
            for p in self.missing
        ]
        found += [
            Problem(
                f"extra: {_named(p)} in the {language} text matches no provision of the version",
                code="extra_provision",
            )
            for p in self.extra
        ]
        return found


def align(
    version: Sequence[Provision],
    translation: Sequence[Provision],
    mapping: Mapping[str, str] | None = None,
) -> Alignment:
    """Align ``translation`` to ``version`` by structure, after the confirmed ``mapping``
    (a translation provision's key or label → a version provision's key or label).

    Several translation provisions mapped to one version provision are joined in order (a
    translation that splits an article in two). A reference in ``mapping`` that names no
    provision is a :class:`ValidationError`: a confirmed mapping must say what it means.
    """
    mapped = _resolve(version, translation, mapping or {})
    free_translation = [p for p in translation if p.key not in mapped]
    pairs: dict[str, list[Provision]] = {}
    for source_key, target in mapped.items():
        pairs.setdefault(target, []).append(_by_key(translation)[source_key])
    missing, extra = _structural(list(version), free_translation, pairs)
    missing = [p for p in missing if p.key not in pairs]  # given its text by the mapping
    ordinals = {p.key: i for i, p in enumerate(translation)}
    provisions = tuple(
        _joined(p.key, sorted(pairs[p.key], key=lambda t: ordinals[t.key]))
        for p in version
        if p.key in pairs
    )
    return Alignment(provisions, tuple(missing), tuple(extra))


def _structural(
    version: list[Provision], translation: list[Provision], pairs: dict[str, list[Provision]]
) -> tuple[list[Provision], list[Provision]]:
    """Pair provisions of the same kind and number in document order (a longest common
    subsequence of their signatures); what is left is missing or extra."""
    old = [_signature(p) for p in version]
    new = [_signature(p) for p in translation]
    matcher = SequenceMatcher(a=old, b=new, autojunk=False)
    missing: list[Provision] = []
    extra: list[Provision] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            for original, translated in zip(version[a1:a2], translation[b1:b2], strict=True):
                pairs.setdefault(original.key, []).append(translated)
        else:
            missing.extend(version[a1:a2])
            extra.extend(translation[b1:b2])
    return missing, extra


def _signature(p: Provision) -> tuple[str, str]:
    # Preamble, recitals, articles and annexes are kinds of their own; a heading with no
    # number (a sub-heading "Voting") matches the next unnumbered heading.
    kind = ProvisionKind.ARTICLE if p.kind is ProvisionKind.CLOSING else p.kind
    return kind.value, p.number.casefold()


def _resolve(
    version: Sequence[Provision], translation: Sequence[Provision], mapping: Mapping[str, str]
) -> dict[str, str]:
    if len(mapping) > MAX_MAPPING:
        raise ValidationError(f"a mapping of more than {MAX_MAPPING} pairs")
    ours, theirs = References(version), References(translation)
    resolved: dict[str, str] = {}
    unknown: list[str] = []
    for source, target in mapping.items():
        translated, original = theirs.find(source), ours.find(target)
        if translated is None:
            unknown.append(f"{source!r} names no provision of the translation")
        if original is None:
            unknown.append(f"{target!r} names no provision of the version")
        if translated is not None and original is not None:
            resolved[translated.key] = original.key
    if unknown:
        problems = [Problem(u, field="map", code="unknown_reference") for u in unknown]
        raise ValidationError("the mapping does not line up: " + "; ".join(unknown), problems)
    return resolved


def _by_key(provisions: Sequence[Provision]) -> dict[str, Provision]:
    return {p.key: p for p in provisions}


def _joined(key: str, parts: list[Provision]) -> LanguageProvision:
    first = parts[0]
    text = "\n\n".join(p.text for p in parts if p.text)
    return LanguageProvision(key, first.label, first.heading, text)


def _named(p: Provision) -> str:
    label = p.label or p.kind.value
    return f"{label} ({p.key})" if p.key != label else label


def original_text(provisions: Sequence[Provision]) -> tuple[LanguageProvision, ...]:
    """The version's own provisions as a language text (its original language)."""
    return tuple(LanguageProvision(p.key, p.label, p.heading, p.text) for p in provisions)


def language_document(
    version: Sequence[Provision], text: Sequence[LanguageProvision]
) -> tuple[Provision, ...]:
    """A language text as provisions: the version's kinds, numbers, keys and structure with
    the language text's labels, headings and words (what an export in that language writes)."""
    by_key = {p.key: p for p in text}
    found = []
    for p in version:
        translated = by_key.get(p.key)
        if translated is None:
            found.append(p)
            continue
        found.append(
            Provision(
                p.key, p.kind, translated.label, p.number, translated.heading, translated.text,
                p.parent,
            )
        )  # fmt: skip
    return tuple(found)
