"""The Teams app package: the manifest kept in this folder, filled in with the app id, zipped with its icons.

Run ``python -m adapters.teams.package --out chaser-teams.zip`` (CHASER_TEAMS_APP_ID must be set) and
upload the zip in the Teams admin centre (Manage apps > Upload new app).
"""

from __future__ import annotations

import argparse
import json
import sys
import uuid
import zipfile
from pathlib import Path

from store.settings import load_settings

MANIFEST_DIR = Path(__file__).parent / "manifest"


class PackageError(ValueError):
    """A value the manifest needs is missing or malformed (the message names the variable or option)."""


def manifest(*, app_id: str, website: str, organisation: str) -> dict[str, object]:
    """The manifest with the app id, the organisation and its https web address filled in."""
    try:
        uuid.UUID(app_id)
    except ValueError as exc:
        raise PackageError(f"CHASER_TEAMS_APP_ID {app_id!r} is not an app id (a GUID from the app registration)") \
            from exc
    if not website.startswith("https://"):
        raise PackageError(f"--website {website!r}: Teams needs an https:// address for the publisher's pages")
    text = (MANIFEST_DIR / "manifest.json").read_text(encoding="utf-8")
    for name, value in (("APP_ID", app_id), ("WEBSITE", website), ("ORGANISATION", organisation)):
        text = text.replace("{{" + name + "}}", json.dumps(value)[1:-1])
    data: dict[str, object] = json.loads(text)
    return data


def build_package(*, out: Path, app_id: str, website: str, organisation: str) -> Path:
    """Write the app package zip (manifest.json, color.png, outline.png) to ``out``."""
    data = manifest(app_id=app_id, website=website, organisation=organisation)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", json.dumps(data, indent=2, ensure_ascii=False))
        for icon in ("color.png", "outline.png"):
            package.write(MANIFEST_DIR / icon, icon)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the Chaser app package for Microsoft Teams.")
    parser.add_argument("--out", type=Path, default=Path("chaser-teams.zip"))
    parser.add_argument("--website", help="the council's https address shown as publisher (default CHASER_WEB_URL)")
    parser.add_argument("--organisation", default="Chaser", help="publisher name shown in Teams")
    args = parser.parse_args(argv)
    settings = load_settings()
    if not settings.teams_app_id:
        print("error: CHASER_TEAMS_APP_ID is not set (the Application (client) ID of the app registration)",
              file=sys.stderr)
        return 2
    try:
        path = build_package(out=args.out, app_id=settings.teams_app_id.strip(),
                             website=args.website or settings.web_url or "", organisation=args.organisation)
    except PackageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {path}: upload it in the Teams admin centre (Teams apps > Manage apps > Upload new app)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
