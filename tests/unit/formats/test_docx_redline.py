"""DOCX redline: real tracked changes whose "accept all" is the new text and "reject all"
the old one — on generated texts, on the corpus, and as LibreOffice reads the file."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from inwriting.domain.documents import Provision, ProvisionKind
from inwriting.errors import FormatError
from inwriting.formats import read_document
from inwriting.formats.docx.redline import heading_line, write_redline_docx
from inwriting.redline.compare import Redline, compare
from inwriting.redline.render import summary
from tests.conftest import CORPUS

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DATE = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
VERSIONS = CORPUS / "versions"
CORPUS_PAIRS = [
    ("mpl-1.1.txt", "mpl-2.0.txt"),
    ("gpl-2.0.txt", "gpl-3.0.txt"),
    ("eupl-1.1.txt", "eupl-1.2.txt"),
    ("epl-1.0.txt", "epl-2.0.txt"),
    ("echr.en.dutch-db-2010-06-01.md", "echr.en.dutch-db-2014-05-01.md"),
    ("un-charter.en.dutch-db-1973-09-24.md", "un-charter.en.dutch-db-2013-11-19.md"),
]


# Reading the file back as Word would after "Accept all" / "Reject all".


def document_xml(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read("word/document.xml"))


def accept_all(data: bytes, *, padded: bool = False) -> str:
    """The text with every change accepted: ``w:del`` dropped, ``w:ins`` unwrapped, a
    paragraph whose mark is deleted joined to the next. Paragraphs joined by a blank line.
    ``padded``: the file ends with the empty paragraph that follows a tracked last mark."""
    return _resolve(data, drop="del", padded=padded)


def reject_all(data: bytes, *, padded: bool = False) -> str:
    """The text with every change rejected: ``w:ins`` dropped, ``w:del`` unwrapped (its
    ``w:delText`` read), a paragraph whose mark was inserted joined to the next."""
    return _resolve(data, drop="ins", padded=padded)


def _resolve(data: bytes, *, drop: str, padded: bool) -> str:
    paragraphs = list(document_xml(data).find(f"{W}body").iterfind(f"{W}p"))
    if padded:
        assert not paragraphs[-1].findall(f"{W}r") and not _mark(paragraphs[-1])
        paragraphs.pop()
    result: list[str] = []
    carried = ""
    for paragraph in paragraphs:
        text = carried + "".join(_text(paragraph, drop))
        if _mark(paragraph) == drop:
            carried = text  # this paragraph's mark goes away: it runs on into the next
            continue
        carried = ""
        result.append(text)
    if carried:
        result.append(carried)
    return "\n\n".join(result)


def _mark(paragraph: etree._Element) -> str:
    for kind in ("ins", "del"):
        if paragraph.find(f"{W}pPr/{W}rPr/{W}{kind}") is not None:
            return kind
    return ""


def _text(element: etree._Element, drop: str) -> list[str]:
    parts: list[str] = []
    for child in element:
        tag = child.tag
        if tag in (f"{W}{drop}", f"{W}pPr", f"{W}rPr"):
            continue
        if tag in (f"{W}t", f"{W}delText"):
            parts.append(child.text or "")
        elif tag == f"{W}tab":
            parts.append("\t")
        elif tag == f"{W}br":
            parts.append("\n")
        else:
            parts.extend(_text(child, drop))
    return parts


def expected(redline: Redline, side: str, title: str = "T") -> str:
    """Title, summary line, then each pair's ``side`` ("old"/"new") provision."""
    lines = [title, f"{summary(redline)}. {LEGEND}"]
    for pair in redline.pairs:
        provision = pair.new if side == "new" else pair.old
        if provision is not None:
            lines.append(heading_line(provision))
            if provision.text:
                lines.append(provision.text)
    return "\n\n".join(lines)


LEGEND = (
    "Changes are tracked: accept all of them to read the new version, reject all of them "
    "to read the old one."
)


def check_round_trip(redline: Redline) -> bytes:
    data = write_redline_docx(redline, title="T", author="Party B", date=DATE)
    last = redline.pairs[-1] if redline.pairs else None
    padded = last is not None and (
        last.old is None or last.new is None or bool(last.old.text) != bool(last.new.text)
    )
    assert accept_all(data, padded=padded) == expected(redline, "new")
    assert reject_all(data, padded=padded) == expected(redline, "old")
    return data


def article(number: int, text: str, heading: str = "", label: str = "") -> Provision:
    return Provision(
        f"art-{number}",
        ProvisionKind.ARTICLE,
        label or f"Article {number}",
        str(number),
        heading,
        text,
    )


# Generated texts

WORDS = st.sampled_from(
    ["the", "Party", "shall", "not", "be", "re-elected", "Статья", "条約", "(a)", "1.", ",",
     "<b>", "&amp;", '"q"', "’s", "\u0301", "x"]
)  # fmt: skip
SPACES = st.sampled_from([" ", "  ", "\n", "\n\n", "\t", "", " \n\n ", "\n\n\n"])
TEXTS = st.lists(st.tuples(WORDS, SPACES), max_size=30).map(
    lambda parts: "".join(w + s for w, s in parts)
)
HEADINGS = st.sampled_from(["", "Scope", "Judges", "Scope and aims"])
LABELS = st.sampled_from(["", "Article 1", "Article 2", "ARTICLE II"])


@st.composite
def versions(draw: st.DrawFn) -> tuple[list[Provision], list[Provision]]:
    """Two versions of up to four articles, sharing keys, so pairs of every state occur."""
    old = [
        article(n, draw(TEXTS), draw(HEADINGS), draw(LABELS))
        for n in range(1, 5)
        if draw(st.booleans())
    ]
    new = [
        article(n, draw(TEXTS), draw(HEADINGS), draw(LABELS))
        for n in range(1, 5)
        if draw(st.booleans())
    ]
    return old, new


@settings(max_examples=300, deadline=None)
@given(pair=versions())
def test_accepting_gives_the_new_text_and_rejecting_the_old(
    pair: tuple[list[Provision], list[Provision]],
) -> None:
    old, new = pair
    check_round_trip(compare(old, new))


@settings(max_examples=200, deadline=None)
@given(old=TEXTS, new=TEXTS)
def test_any_two_texts_of_one_article(old: str, new: str) -> None:
    check_round_trip(compare([article(1, old)], [article(1, new)]))


# The shape of the file


def changes(data: bytes) -> list[etree._Element]:
    return list(document_xml(data).iter(f"{W}ins", f"{W}del"))


def test_a_word_change_is_a_deletion_and_an_insertion_by_the_author() -> None:
    old = [article(2, "The judges shall be elected for nine years.", "Judges")]
    new = [article(2, "The judges shall be elected for six years.", "Judges")]
    data = check_round_trip(compare(old, new))
    marks = changes(data)
    # the space before the change is in both, so the two words never touch ("ninesix")
    assert [(m.tag.removeprefix(W), "".join(m.itertext())) for m in marks] == [
        ("del", " nine"),
        ("ins", " six"),
    ]
    assert marks[0].find(f"{W}r/{W}delText") is not None
    assert marks[1].find(f"{W}r/{W}t") is not None
    for mark in marks:
        assert mark.get(f"{W}author") == "Party B"
        assert mark.get(f"{W}date") == "2024-05-01T09:30:00Z"


def test_a_whitespace_only_change_marks_the_whitespace_not_the_words() -> None:
    old = [article(1, "We the peoples determined to save succeeding generations.")]
    new = [article(1, "We the peoples determinedto save succeeding generations.")]
    marks = changes(check_round_trip(compare(old, new)))
    assert [(m.tag.removeprefix(W), "".join(m.itertext())) for m in marks] == [("del", " ")]


def test_every_change_has_its_own_id() -> None:
    old = [article(1, "One two three.\n\nFour."), article(2, "Gone.")]
    new = [article(1, "One three four.\n\nFive.\n\nSix."), article(3, "New.")]
    ids = [m.get(f"{W}id") for m in changes(check_round_trip(compare(old, new)))]
    assert len(ids) > 5 and len(set(ids)) == len(ids)


def test_removed_and_added_provisions_are_tracked_whole() -> None:
    old = [article(1, "Kept."), article(2, "Removed entirely.\n\nTwo paragraphs.", "Gone")]
    new = [article(1, "Kept."), article(3, "Added entirely.", "New", label="Article 9")]
    data = check_round_trip(compare(old, new))
    body = document_xml(data).find(f"{W}body")
    texts = {
        "".join(p.itertext()): _mark(p) for p in body.iterfind(f"{W}p") if "".join(p.itertext())
    }
    assert texts["Article 2 — Gone"] == "del"
    assert texts["Removed entirely."] == "del"
    assert texts["Two paragraphs."] == "del"
    assert texts["Article 9 — New"] == "ins"
    assert texts["Added entirely."] == "ins"
    assert texts["Kept."] == ""
    # the last provision comes or goes, so an untracked empty paragraph ends the file
    assert _mark(body.findall(f"{W}p")[-1]) == ""


def test_a_paragraph_break_inside_a_change_is_a_tracked_paragraph_mark() -> None:
    old = [article(1, "First paragraph. Second paragraph.")]
    new = [article(1, "First paragraph.\n\nSecond paragraph.")]
    data = check_round_trip(compare(old, new))
    paragraphs = document_xml(data).find(f"{W}body").findall(f"{W}p")
    first = next(p for p in paragraphs if "".join(p.itertext()).startswith("First"))
    assert _mark(first) == "ins"


def test_a_renumbered_article_shows_the_number_changed_and_headings_are_headings() -> None:
    old = [article(1, "A."), article(2, "The judges shall be elected.", "Judges")]
    new = [article(1, "A."), article(3, "The judges shall be elected.", "The judges")]
    data = check_round_trip(compare(old, new))
    heading = next(
        p for p in document_xml(data).iter(f"{W}p") if "judges" in "".join(p.itertext()).lower()
    )
    assert heading.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Heading2"
    shown = [(m.tag.removeprefix(W), "".join(m.itertext())) for m in heading]
    assert shown == [
        ("pPr", ""),
        ("r", "Article "),
        ("del", "2"),
        ("ins", "3"),
        ("r", " — "),
        ("del", "Judges"),
        ("ins", "The judges"),
    ]


def test_groups_are_heading_1_and_the_file_tracks_further_changes() -> None:
    group = Provision("ch-1", ProvisionKind.GROUP, "CHAPTER I", "1", "General", "")
    old = [group, article(1, "Each Party shall report every year.")]
    new = [group, article(1, "Each Party shall report every two years.")]
    data = check_round_trip(compare(old, new))
    styles = [
        p.find(f"{W}pPr/{W}pStyle").get(f"{W}val")
        for p in document_xml(data).iter(f"{W}p")
        if p.find(f"{W}pPr/{W}pStyle") is not None
    ]
    assert styles == ["Title", "Heading1", "Heading2"]
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert b"<w:trackRevisions/>" in package.read("word/settings.xml")


def test_dates_are_written_in_utc_and_a_naive_date_is_taken_as_utc() -> None:
    redline = compare([article(1, "a")], [article(1, "b")])
    plus_two = timezone(timedelta(hours=2))
    for when in (datetime(2024, 5, 1, 11, 30, tzinfo=plus_two), datetime(2024, 5, 1, 9, 30)):
        data = write_redline_docx(redline, title="T", date=when)
        assert {m.get(f"{W}date") for m in changes(data)} == {"2024-05-01T09:30:00Z"}
        assert {m.get(f"{W}author") for m in changes(data)} == {"InWriting"}


def test_text_a_word_file_cannot_hold_is_refused_naming_the_provision() -> None:
    redline = compare([article(1, "a")], [article(1, "b\x07c")])
    with pytest.raises(FormatError, match=r"Article 1: the character U\+0007"):
        write_redline_docx(redline, title="T", date=DATE)


def test_nothing_changed_gives_no_revision() -> None:
    old = [article(1, "Same.", "Scope")]
    data = check_round_trip(compare(old, old))
    assert changes(data) == []


# The corpus


@cache
def corpus_redline(old: str, new: str) -> Redline:
    return compare(
        read_document(VERSIONS / old).provisions, read_document(VERSIONS / new).provisions
    )


@pytest.mark.parametrize(("old", "new"), CORPUS_PAIRS)
def test_corpus_versions_accept_to_the_new_and_reject_to_the_old(old: str, new: str) -> None:
    redline = corpus_redline(old, new)
    data = check_round_trip(redline)
    assert len(changes(data)) > 0


# LibreOffice


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if os.environ.get("INWRITING_REQUIRE_OFFICE"):
        pytest.fail("INWRITING_REQUIRE_OFFICE is set but soffice (LibreOffice) is not installed")
    pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")


def convert(office: str, source: Path, target: str, profile: Path) -> Path:
    """``soffice --headless --convert-to TARGET``, with a profile of its own (so it neither
    needs a home folder nor clashes with a running LibreOffice)."""
    done = subprocess.run(
        [office, f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", target, "--outdir", str(source.parent), str(source)],
        capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    result = source.with_suffix("." + target.split(":")[0])
    assert done.returncode == 0, done.stderr
    assert result.is_file(), f"soffice wrote nothing: {done.stdout} {done.stderr}"
    return result


def test_libreoffice_converts_the_redline_to_pdf_and_sees_tracked_changes(
    tmp_path: Path,
) -> None:
    office = soffice()
    old = [article(1, "The judges shall be elected for nine years."), article(2, "Gone.")]
    new = [article(1, "The judges shall be elected for six years.\n\nAgain."), article(3, "New.")]
    source = tmp_path / "redline.docx"
    source.write_bytes(check_round_trip(compare(old, new)))
    pdf = convert(office, source, "pdf", tmp_path / "profile")
    assert pdf.stat().st_size > 1000 and pdf.read_bytes().startswith(b"%PDF")
    odt = convert(office, source, "odt", tmp_path / "profile")
    with zipfile.ZipFile(odt) as package:
        content = package.read("content.xml").decode("utf-8")
    assert "<text:tracked-changes" in content
    assert content.count("<text:insertion>") >= 3 and content.count("<text:deletion>") >= 2
    assert "Party B" in content


GLUE_CASES = [
    ("The judges shall be elected for nine years.", "The judges shall be elected for six years."),
    ("within the framework of cooperation.", "within the framework discuss."),
    ("Nine judges sit.", "Six judges sit."),
    ("They may meet (annually) in Brussels.", "They may meet (monthly) in Brussels."),
]


def test_adjacent_deleted_and_inserted_words_read_back_a_space_apart() -> None:
    """The file's text read in order (deleted and inserted runs alike) has each old word and
    its replacement as two words, never glued into one."""
    old = [article(n, a) for n, (a, _) in enumerate(GLUE_CASES, 1)]
    new = [article(n, b) for n, (_, b) in enumerate(GLUE_CASES, 1)]
    data = check_round_trip(compare(old, new))
    body = document_xml(data)
    words = " ".join(
        "".join(t.text or "" for t in p.iter(f"{W}t", f"{W}delText")) for p in body.iter(f"{W}p")
    ).split()
    for glued in ("ninesix", "cooperationdiscuss", "NineSix", "annuallymonthly"):
        assert glued not in " ".join(words)
    assert {"nine", "six", "cooperation", "discuss.", "Nine", "Six", "(annually"} <= set(words)
