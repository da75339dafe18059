"""The documentation keeps up with the code: every CLI command and option is documented and has help."""

from __future__ import annotations

from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from tests.conftest import REPO
from theodoi.cli import app

CLI_DOC = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
README = (REPO / "README.md").read_text(encoding="utf-8")
COMMANDS: dict[str, Any] = typer.main.get_command(app).commands  # type: ignore[attr-defined]


def test_there_are_commands() -> None:
    assert {"extract", "lint", "version"} <= set(COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_is_documented(name: str) -> None:
    assert f"## `theodoi {name}`" in CLI_DOC


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_has_help(name: str) -> None:
    command = COMMANDS[name]
    assert (command.help or "").strip(), f"{name} has no help text"
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0
    assert command.help.split("(")[0].strip()[:30] in " ".join(result.stdout.split())


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_option_is_documented_and_explained(name: str) -> None:
    for param in COMMANDS[name].params:
        if getattr(param, "hidden", False) or param.name == "help":
            continue
        if param.param_type_name == "option":
            assert getattr(param, "help", None), f"{name} {param.opts} has no help"
            assert f"`{param.opts[0]}`" in CLI_DOC, f"{name} {param.opts[0]} is not in docs/cli.md"


def test_readme_links_the_docs() -> None:
    for link in ("docs/plan-format.md", "docs/cli.md"):
        assert link in README
