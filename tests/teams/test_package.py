"""The Teams app package built from the manifest kept in the repo."""

from __future__ import annotations

import json
import zipfile

import pytest

from adapters.teams.package import PackageError, build_package, main
from tests.teams.fakes import APP_ID


def test_the_package_holds_the_manifest_with_the_app_id_and_both_icons(tmp_path):
    out = build_package(out=tmp_path / "app.zip", app_id=APP_ID, website="https://chaser.herefordshire.example",
                        organisation='Herefordshire "Council"')
    with zipfile.ZipFile(out) as package:
        assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
        data = json.loads(package.read("manifest.json"))
        assert package.read("color.png").startswith(b"\x89PNG")
    assert data["id"] == APP_ID and data["bots"][0]["botId"] == APP_ID
    assert data["bots"][0]["scopes"] == ["personal"] and data["developer"]["name"] == 'Herefordshire "Council"'
    assert data["developer"]["privacyUrl"] == "https://chaser.herefordshire.example"
    assert "{{" not in json.dumps(data)


def test_a_bad_app_id_or_plain_http_address_is_named(tmp_path):
    with pytest.raises(PackageError, match="CHASER_TEAMS_APP_ID"):
        build_package(out=tmp_path / "a.zip", app_id="my-bot", website="https://x.example", organisation="X")
    with pytest.raises(PackageError, match="--website"):
        build_package(out=tmp_path / "a.zip", app_id=APP_ID, website="http://x.example", organisation="X")


def test_the_command_says_what_is_missing(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("CHASER_TEAMS_APP_ID", raising=False)
    monkeypatch.chdir(tmp_path)
    assert main(["--out", str(tmp_path / "a.zip")]) == 2
    assert "CHASER_TEAMS_APP_ID is not set" in capsys.readouterr().err
    monkeypatch.setenv("CHASER_TEAMS_APP_ID", APP_ID)
    assert main(["--out", str(tmp_path / "a.zip"), "--website", "https://x.example"]) == 0
    assert "wrote" in capsys.readouterr().out and (tmp_path / "a.zip").is_file()
