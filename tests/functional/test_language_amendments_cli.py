"""An amendment to the UN Charter in English and Dutch, through the command line: a response
file gives both wordings, ``responses show`` prints them, ``consolidate --language nl``
brackets the Dutch wording in the Dutch text, and a choices file gives the Dutch of a
compromise when deriving the next version."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import DATA
from tests.functional.test_languages_cli import _setup, run  # noqa: F401 (the fixture)

EN = (DATA / "corpus" / "un-charter.en.md").read_text(encoding="utf-8")
NL = DATA / "corpus" / "un-charter.nl.md"
ARTICLE_51 = next(p for p in EN.split("\n\n") if p.startswith("Nothing in the present Charter"))
ARTIKEL_51 = next(
    p
    for p in NL.read_text(encoding="utf-8").split("\n\n")
    if p.startswith("Geen enkele bepaling van dit Handvest doet afbreuk")
)
ANSWER = f"""party: Party B
kind: interim
positions:
  - provision: art-51
    position: amend
    text: {json.dumps(ARTICLE_51.strip().replace("immediately", "within 24 hours"))}
    reason: A time limit that can be checked.
    wordings:
      nl: {json.dumps(ARTIKEL_51.strip().replace("onverwijld", "binnen 24 uur"))}
  - provision: art-52
    position: amend
    text: Regional arrangements are encouraged.
    reason: Shorter.
"""


def test_an_amendment_in_english_and_dutch_from_the_command_line(run, tmp_path: Path) -> None:  # noqa: F811
    version = _setup(run)
    run(
        "documents", "import", str(NL), "-n", "un", "--party", "Party A",
        "--language", "nl", "--version", version, user="aron",
    )  # fmt: skip
    run("parties", "add", "Party B", "-n", "un")
    run("parties", "add-member", "Party B", "bo", "--role", "principal", "-n", "un")
    (tmp_path / "answer.yaml").write_text(ANSWER, encoding="utf-8")
    saved = run("responses", "import", "answer.yaml", "--version", version, user="bo")
    assert "art-52 lacks: nl" in saved.stdout and "art-51 lacks" not in saved.stdout
    response = json.loads(
        run("responses", "list", "--version", version, "--json", user="bo").stdout
    )[0]["id"]
    run("responses", "submit", str(response), user="bo")
    shown = run("responses", "show", str(response), user="aron").stdout
    assert "text (nl): Geen enkele bepaling van dit Handvest" in shown
    assert "lacks: nl" in shown  # art-52

    dutch = run("consolidate", version, "--language", "nl", user="aron").stdout
    assert "Artikel 51  (open: 2 brackets, 1 option)" in dutch
    assert "dienen [onverwijld] [Party B: binnen 24 uur] ter kennis" in dutch
    assert "[Party B: (proposed wording not given in nl)]" in dutch  # art-52
    assert "within 24 hours" not in dutch
    english = run("consolidate", version, user="aron").stdout
    assert "shall be [immediately] [Party B: within 24 hours] reported" in english
    missing = run("consolidate", version, "--language", "fr", user="aron", ok=False)
    assert missing.exit_code != 0 and "has no fr text" in missing.stderr

    (tmp_path / "next.yaml").write_text(
        "choices:\n  - provision: art-52\n    action: compromise\n"
        "    text: Regional arrangements may be made.\n",
        encoding="utf-8",
    )
    refused = run("versions", "derive", version, "--choices", "next.yaml", user="aron", ok=False)
    assert refused.exit_code != 0 and "the compromise has no nl wording" in refused.output
    (tmp_path / "next.yaml").write_text(
        "choices:\n  - provision: art-52\n    action: compromise\n"
        "    text: Regional arrangements may be made.\n"
        "    wordings:\n      nl: Regionale akkoorden kunnen worden gesloten.\n",
        encoding="utf-8",
    )
    derived = run("versions", "derive", version, "--choices", "next.yaml", "--json", user="aron")
    new = str(json.loads(derived.stdout)["id"])
    shown = json.loads(run("documents", "show", new, "--language", "nl", "--json").stdout)
    article = next(p for p in shown["provisions"] if p["key"] == "art-52")
    assert article["text"] == "Regionale akkoorden kunnen worden gesloten."
