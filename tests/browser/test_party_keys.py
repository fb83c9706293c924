"""Signing in the browser: Debian's Chromium has WebCrypto Ed25519, so a principal signs a
submission with their own key file, read by the page and never uploaded."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Any

from inwriting.tlog import generate_signer
from tests.browser.test_journey import sign_in

CORVINIA = "Federal Republic of Corvinia"


def test_a_principal_registers_a_key_requires_signatures_and_signs_in_the_browser(
    browser: Any, server: str, shoot: Any, tmp_path: Path
) -> None:
    # a seed whose base64 holds "+", the separator of the key file's other fields
    skey, vkey = generate_signer("cato@corvinia", bytes([0xFB]) * 32)
    key_file = tmp_path / "cato.key"
    key_file.write_text(skey + "\n")
    answer = resources.files("inwriting.demo").joinpath("response-brenmark.yaml")
    answer_file = tmp_path / "answer.yaml"
    answer_file.write_text(
        answer.read_text("utf-8").replace("party: Kingdom of Brenmark", f"party: {CORVINIA}")
    )

    principal = sign_in(browser, server, "cato")
    principal.goto(f"{server}/negotiations/lysra-basin")
    principal.locator("li", has_text=CORVINIA).get_by_role("link", name="keys").click()
    principal.get_by_label("Verifier key").fill(vkey)
    principal.get_by_role("button", name="Register").click()
    assert "cato@corvinia" in principal.get_by_role("table").inner_text()
    principal.get_by_role("button", name=f"Require signatures for {CORVINIA}").click()
    assert f"{CORVINIA} requires signatures" in principal.content()
    shoot(principal, "party-keys")

    drafter = sign_in(browser, server, "cleo")
    drafter.goto(f"{server}/negotiations/lysra-basin/versions/1/respond")
    drafter.get_by_text("Answer with a file instead").click()
    drafter.get_by_label(re.compile("Response file")).set_input_files(str(answer_file))
    drafter.get_by_role("button", name="Load it as our draft").click()
    assert "Complete" in drafter.locator("#status").inner_text()

    editor = f"{server}/negotiations/lysra-basin/versions/1/respond"
    principal.goto(editor)
    principal.get_by_role("button", name=re.compile("Submit on behalf")).click()
    assert "requires its members to sign" in principal.locator("#refusal").inner_text()

    principal.goto(editor)
    form = principal.locator(
        "form", has=principal.get_by_role("button", name=re.compile("Submit on"))
    )
    form.get_by_label(re.compile("Your key file")).set_input_files(str(key_file))
    form.get_by_text("Signed with the key cato@corvinia").wait_for()
    shoot(principal, "signed-in-the-browser")
    form.get_by_role("button", name=re.compile("Submit on behalf")).click()
    principal.wait_for_url(re.compile(r"/responses/\d+$"))
    shown = principal.content()
    assert "submitted" in shown and "with the key <strong>cato@corvinia</strong>" in shown
