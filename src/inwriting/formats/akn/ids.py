"""Akoma Ntoso ``eId`` attributes and provision keys, each the image of the other.

Akoma Ntoso names an element by an ``eId`` built from abbreviations and numbers joined by
``__`` (``chp_2__art_1``, ``recs_1__rec_3``); InWriting names a provision by a key built the
same way from its own prefixes, joined by ``.`` (``ch-2.art-1``, ``rec-3``). The mapping works
one component at a time:

======================  =====================  ========================================
eId component           key component          note
======================  =====================  ========================================
``art_5``               ``art-5``              also ``sec``, ``part``, ``title``, ``rec``
``chp_2``, ``chp_II``   ``ch-2``               upper-case Roman numerals become numbers
``att_1``               ``annex-1``
``recs_1``, ``cmp_2``   (dropped)              containers, not provisions
``foo_bar``             ``foo-bar``            unknown abbreviations keep their letters
``composition``         ``composition``        no abbreviation: kept as written
======================  =====================  ========================================

Keys never contain ``_`` and exports write ``_`` only after a known abbreviation, so a key
written as an eId by :func:`key_to_eid` reads back as the same key through
:func:`eid_to_key`: an exported version re-imports with its keys unchanged.
"""

from __future__ import annotations

import re

from inwriting.formats.drafts.headings import normalise_number
from inwriting.formats.drafts.keys import slug

AKN_NAMESPACE = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
AKN_DRAFT_NAMESPACE = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0/WD17"
NAMESPACES = (AKN_NAMESPACE, AKN_DRAFT_NAMESPACE)

# eId abbreviation -> key prefix, and back; only these two differ in spelling.
_FROM_AKN = {"art": "art", "chp": "ch", "part": "part", "title": "title", "sec": "sec"}
_FROM_AKN |= {"rec": "rec", "att": "annex"}
_TO_AKN = {prefix: abbreviation for abbreviation, prefix in _FROM_AKN.items()}
# Components naming containers, not provisions: the recitals block, collection components.
_CONTAINERS = re.compile(r"^(?:recs|cits|cmpnts|cmp|body|mainbody|preamble|preface)(?:_.*)?$")


def key_to_eid(key: str) -> str:
    """``ch-2.art-1`` -> ``chp_2__art_1``; ``composition`` -> ``composition``."""
    return "__".join(_component_to_eid(part) for part in key.split("."))


def _component_to_eid(component: str) -> str:
    prefix, dash, rest = component.partition("-")
    if dash and prefix in _TO_AKN and rest:
        return f"{_TO_AKN[prefix]}_{rest}"
    return component


def eid_to_key(eid: str, *, article: bool = False) -> str:
    """The key an ``eId`` stands for (see the module docstring), or ``""`` if none is left.

    ``article`` says the element is an answerable unit that is not an ``<article>`` (a UK or
    US ``<section>``): its last component takes the ``art`` prefix, as every answerable
    numbered unit does in InWriting (``sec_1`` -> ``art-1``).
    """
    parts = [p for p in eid.strip().split("__") if p and not _CONTAINERS.match(p.casefold())]
    components = [_component_to_key(part) for part in parts]
    components = [c for c in components if c]
    if article and components:
        _prefix, dash, rest = components[-1].partition("-")
        components[-1] = f"art-{rest}" if dash and rest else components[-1]
    return ".".join(components)


def _component_to_key(component: str) -> str:
    abbreviation, underscore, rest = component.partition("_")
    if not underscore:
        return slug(component)
    prefix = _FROM_AKN.get(abbreviation.casefold(), slug(abbreviation))
    if rest.isupper():  # "chp_IV" is chapter 4; our own keys are lower case, never touched
        rest = normalise_number(rest, letters=True) or rest
    rest = slug(rest)
    return f"{prefix}-{rest}" if rest else prefix
