"""What does reading a PDF draft cost per page, and does it grow linearly with the pages?

Run ``.venv/bin/python bench/pdf_intake.py [--copies N]``. The Vienna Convention of the
intake corpus (``tests/data/intake``) is typeset by the product's own PDF export ``--copies``
times over (default 1, 27 pages) and four times that; in one run, best of three taken in
turns, each is read (:func:`inwriting.formats.pdf_text.parse_pdf`: pdfminer.six's text layer,
then the plain-text parser), next to the baseline of parsing the same Markdown.

Reported: milliseconds per page, the ratio to the Markdown parse, and the ratio of the large
PDF's time to the small one's: linear work gives about 4x, quadratic 16x. Target: at most 5x
(a failure exits 1). The per-page cost backs docs/decisions/0007 (about 30 ms a page on an
idle machine, so a few hundred pages read within the 30-second parse budget); it is noisy on
a loaded one, the ratio much less so.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from inwriting.formats import parse_document
from inwriting.formats.pdf import version_pdf
from inwriting.formats.pdf_text import parse_pdf, pdf_text

SOURCE = Path(__file__).parent.parent / "tests" / "data" / "intake"
SOURCE /= "vienna-convention-law-of-treaties.md"
TARGET = 5.0


def _best(runs: list[Callable[[], object]], rounds: int = 3) -> list[float]:
    best = [float("inf")] * len(runs)
    for _ in range(rounds):
        for index, run in enumerate(runs):
            start = time.perf_counter()
            run()
            best[index] = min(best[index], time.perf_counter() - start)
    return best


def _pdf(text: str, copies: int) -> tuple[str, bytes, int]:
    """The Markdown of ``copies`` copies (one title), its PDF, and the PDF's page count."""
    markdown = "\n\n".join([text] + [text.partition("\n")[2]] * (copies - 1))
    doc = parse_document(markdown, source="x.md")
    pdf = version_pdf(doc, title="Vienna Convention", version_label="Draft 1")
    return markdown, pdf, pdf_text(pdf).count("\f") + 1


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--copies", type=int, default=1)
    copies = parser.parse_args().copies
    text = SOURCE.read_text(encoding="utf-8")
    small_md, small_pdf, small_pages = _pdf(text, copies)
    large_md, large_pdf, large_pages = _pdf(text, 4 * copies)
    base_small, small, base_large, large = _best(
        [
            lambda: parse_document(small_md, source="x.md"),
            lambda: parse_pdf(small_pdf, source="x.pdf"),
            lambda: parse_document(large_md, source="x.md"),
            lambda: parse_pdf(large_pdf, source="x.pdf"),
        ]
    )
    for pages, base, read in ((small_pages, base_small, small), (large_pages, base_large, large)):
        print(
            f"{pages:4d} pages: PDF intake {read * 1000 / pages:6.1f} ms/page, "
            f"Markdown parse {base * 1000 / pages:5.2f} ms/page ({read / base:.0f}x)"
        )
    ratio = large / small
    growth = large_pages / small_pages
    print(f"{growth:.1f}x the pages took {ratio:.1f}x the time (target <= {TARGET})")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
