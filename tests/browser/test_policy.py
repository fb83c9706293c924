"""The Content-Security-Policy holds in a real browser, and the watch on it works."""

from __future__ import annotations

from typing import Any


def test_pages_send_the_policy_and_an_inline_script_is_refused_and_caught(
    browser: Any, server: str
) -> None:
    page = browser.new_page()
    answer = page.goto(f"{server}/record")
    policy = answer.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.ran = true'; document.body.append(s); }"
    )
    page.wait_for_timeout(200)  # let the console message arrive; no timing is asserted
    assert page.evaluate("() => window.ran === undefined")  # the inline script did not run
    caught = list(browser.violations)
    browser.violations.clear()  # expected here: the fixture fails any other test on one
    assert caught and "Content Security Policy" in caught[0]
