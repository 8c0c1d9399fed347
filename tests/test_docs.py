"""The README documents every command and setting."""

from __future__ import annotations

from cli import cli
from graph.settings import SETTINGS

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme():
    for name in cli.commands:
        assert f"newsgraph {name}" in README, name


def test_every_setting_is_in_the_readme():
    for setting in SETTINGS:
        assert setting.env in README, setting.env


def test_readme_shows_the_two_commands():
    assert "make test" in README and "pip install -e ." in README and "newsgraph build seeds/" in README
