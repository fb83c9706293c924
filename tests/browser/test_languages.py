"""Languages in a real browser: the tabling party adds a translation from the version page,
then reads the two texts side by side — columns next to each other, the positions once
beside them — and the provision page lists the divergence planted in the translation; both
pages pass axe-core without a serious or critical violation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import inwriting.demo
from tests.browser.test_accessibility import BLOCKING, audit, describe, new_page, sign_in

V1 = "/negotiations/lysra-basin/versions/1"
DRAFT = (Path(inwriting.demo.__file__).parent / "draft.md").read_text(encoding="utf-8")


def test_add_a_translation_and_read_it_side_by_side(
    browser: Any, server: str, tmp_path: Path
) -> None:
    dutch = tmp_path / "lysra.nl.md"
    planted = DRAFT.replace("Article", "Artikel").replace("17 March 1992", "17 March 1993")
    dutch.write_text(planted, encoding="utf-8")
    page = new_page(browser)
    sign_in(page, server, "aron")
    page.goto(f"{server}{V1}")
    page.get_by_text("Add a language text").click()
    page.get_by_label("File").set_input_files(str(dutch))
    page.get_by_label("Language (BCP 47").fill("nl")
    page.get_by_role("button", name="Add this language text").click()
    page.wait_for_url(f"{server}{V1}?language=en&language=nl")
    english = page.locator('#art-1 div[lang="en"]')
    translated = page.locator('#art-1 div[lang="nl"]')
    assert "Artikel 1" in translated.inner_text()
    left, right = english.bounding_box(), translated.bounding_box()
    assert left is not None and right is not None
    assert right["x"] > left["x"] + left["width"] - 1  # side by side, not one under the other
    assert abs(right["y"] - left["y"]) < 2
    assert page.locator('aside[aria-label="Positions on Article 1"]').count() == 1
    assert page.get_by_text("The language texts diverge here").count() == 1
    violations = {V1: audit(page, f"{server}{V1}?language=en&language=nl")}
    page.goto(f"{server}{V1}/provisions/preamble")
    assert "only in en: 1992; only in nl: 1993" in page.locator("ul.divergences").inner_text()
    violations["preamble"] = audit(page, f"{server}{V1}/provisions/preamble")
    # the chooser: one language alone is shown alone
    page.goto(f"{server}{V1}?language=en&language=nl")
    page.get_by_label("en (original)").uncheck()
    page.get_by_role("button", name="Show side by side").click()
    page.wait_for_url(f"{server}{V1}?language=nl")
    assert page.locator('#art-1 div[lang="nl"]').count() == 1
    assert page.locator('#art-1 div[lang="en"]').count() == 0
    blocking = {p: [v for v in found if v["impact"] in BLOCKING] for p, found in violations.items()}
    report = "\n".join(describe(p, v) for p, v in violations.items() if v)
    assert not any(blocking.values()), f"serious or critical violations:\n{report}"
