"""Every main page passes axe-core without a serious or critical violation.

axe-core (Deque, MPL-2.0) is vendored in ``vendor/`` with its version in the file name, so the
check runs offline and does not change under us; it is injected as an init script, before the
page's own, which a Content-Security-Policy cannot block. Minor and moderate findings (mostly
best practices) are not failures, but they are printed when the test fails.

The pages are those a participant goes through: signing in, the list, a negotiation's overview,
a version read as a document, the agreement matrix, the response editor, a submitted response,
the record and the commitments ledger.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1.min.js"
PASSWORD = "lysra-demo"
BLOCKING = {"serious", "critical"}
NEGOTIATION = "/negotiations/lysra-basin"
PAGES = (
    "/",
    NEGOTIATION,
    f"{NEGOTIATION}/versions/1",
    f"{NEGOTIATION}/versions/1/matrix",
    f"{NEGOTIATION}/versions/1/provisions/art-5",
    f"{NEGOTIATION}/versions/1/respond",
    f"{NEGOTIATION}/responses/1",  # Brenmark's submitted response
    "/record",
    f"{NEGOTIATION}/commitments",
    "/notifications",
    "/account/notifications",
)
# Every finding, with what it takes to find the element again.
AUDIT = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(" ")),
  }));
}"""


def new_page(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(path=str(AXE))
    return context.new_page()


def sign_in(page: Any, server: str, username: str) -> None:
    page.goto(f"{server}/login")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{server}/")


def audit(page: Any, url: str) -> list[dict[str, Any]]:
    response = page.goto(url)
    assert response is not None and response.ok, f"{url}: {response and response.status}"
    found: list[dict[str, Any]] = page.evaluate(AUDIT)
    return found


def describe(path: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{path}:"]
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']}")
        lines += [f"      {target}" for target in v["targets"][:10]]
    return "\n".join(lines)


def test_main_pages_have_no_serious_accessibility_violation(browser: Any, server: str) -> None:
    page = new_page(browser)
    found = {"/login": audit(page, f"{server}/login")}
    sign_in(page, server, "cleo")
    for path in PAGES:
        found[path] = audit(page, f"{server}{path}")
    blocking = {
        path: [v for v in violations if v["impact"] in BLOCKING]
        for path, violations in found.items()
    }
    report = "\n".join(describe(p, v) for p, v in found.items() if v)
    assert not any(blocking.values()), f"serious or critical violations:\n{report}"


def test_a_large_matrix_heat_map_and_table_page_have_no_serious_violation(
    browser: Any, server: str, tmp_path: Path
) -> None:
    """A matrix larger than a page opens on a heat map whose counts are text and whose
    shades must keep their contrast; its full table comes a page at a time."""
    from inwriting.storage.engine import Database
    from tests.functional.test_large_matrix import build_big

    db = Database(f"sqlite:///{tmp_path / 'web.db'}")  # the server's database, as a 2nd process
    try:
        version = build_big(db)
    finally:
        db.dispose()
    page = new_page(browser)
    matrix = f"/negotiations/big/versions/{version}/matrix"
    found = {path: audit(page, f"{server}{path}") for path in (matrix, f"{matrix}?parties=2")}
    blocking = {
        path: [v for v in violations if v["impact"] in BLOCKING]
        for path, violations in found.items()
    }
    assert not any(blocking.values()), "\n".join(
        describe(path, violations) for path, violations in found.items() if violations
    )
