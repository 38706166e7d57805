"""A round on Teams against the local stand-ins for Microsoft (tests/teams/fakes.py): no network, no tenant.

Run from the repository root:  python examples/teams_demo.py
It imports the 2006 plan into a fresh SQLite database in a temporary folder, gives Sue Fiennes a Teams
account, installs the app for her (a signed installationUpdate to /api/messages), runs `chaser cycle`
with the three Teams variables and the test overrides, prints the card the Bot Connector received,
then has her reply in words and prints Chaser's confirmation.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from starlette.applications import Starlette  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from tests.teams.fakes import APP_ID, APP_PASSWORD, TENANT, FakeMicrosoft, TeamsUser, token  # noqa: E402

SUE_AAD = "0b6e1c4a-aaaa-4bbb-8ccc-000000000001"


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="chaser-teams-"))
    people = (ROOT / "examples" / "people.csv").read_text(encoding="utf-8").replace(
        "sue.fiennes@herefordshire.example,,,,email,", f"sue.fiennes@herefordshire.example,,{SUE_AAD},,teams,")
    (folder / "people.csv").write_text(people, encoding="utf-8")
    microsoft = FakeMicrosoft().start()
    os.environ.update(
        CHASER_DATABASE_URL=f"sqlite:///{folder / 'chaser.db'}", CHASER_OUTBOX_DIR=str(folder / "outbox"),
        CHASER_EMAIL_FROM="chaser@herefordshire.example", CHASER_TEAMS_APP_ID=APP_ID,
        CHASER_TEAMS_APP_PASSWORD=APP_PASSWORD, CHASER_TEAMS_TENANT_ID=TENANT,
        CHASER_TEAMS_OPENID_URL=microsoft.openid_url, CHASER_TEAMS_TOKEN_URL=microsoft.token_url,
        CHASER_TEAMS_SERVICE_URLS=microsoft.service_url)

    def run(*args: str) -> None:
        print("$ " + " ".join(args))
        print(subprocess.run(args, capture_output=True, text=True, cwd=folder, check=True).stdout.rstrip())

    run("chaser", "init")
    run("chaser", "people", "import", "people.csv")
    run("chaser", "import", str(ROOT / "tests/data/seeds/000_1d9b646d0b83632c.txt"), "--plan", "overall-2006")

    from adapters.teams import routes
    from bot.bootstrap import build

    client = TestClient(Starlette(routes=routes(build())))
    sue = TeamsUser(aad=SUE_AAD, name="Sue Fiennes", service_url=microsoft.service_url)

    def post(activity: dict) -> None:
        signed = token(key=microsoft.key, kid=microsoft.kid, service_url=activity["serviceUrl"])
        answer = client.post("/api/messages", content=json.dumps(activity),
                             headers={"Authorization": f"Bearer {signed}"})
        print(f"POST /api/messages ({activity['type']}) -> {answer.status_code}")

    post(sue.install())
    run("chaser", "cycle", "--plan", "overall-2006", "--today", "2006-06-12")
    card = microsoft.activities()[-1]
    print(f"Bot Connector received: {card.method} /v3/conversations/<Sue's chat>/activities, an Adaptive Card:")
    for block in card.body["attachments"][0]["content"]["body"]:
        if block["type"] == "TextBlock":
            print("  " + block["text"])
        else:
            title, facts, buttons = block["items"]
            print("  " + title["text"][:70] + "  |  " + "; ".join(f"{f['title']}: {f['value'][:40]}"
                                                               for f in facts["facts"]))
            print("    [" + "] [".join(b["title"] for b in buttons["actions"]) + "]")
    post(sue.message("7.4 first draft done, now expected 30 June", timestamp="2006-06-14T09:30:00Z"))
    print("Chaser answered in the chat: " + str(microsoft.activities()[-1].body.get("text")))
    microsoft.stop()


if __name__ == "__main__":
    main()
