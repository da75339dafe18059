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


def _leaves() -> dict[str, Any]:
    """Every runnable command, sub-commands of groups included ("db upgrade")."""
    found: dict[str, Any] = {}
    for name, command in COMMANDS.items():
        subs = getattr(command, "commands", None)
        if subs:
            found.update({f"{name} {sub}": c for sub, c in subs.items()})
        else:
            found[name] = command
    return found


LEAVES = _leaves()


def _section(group: str) -> str:
    start = CLI_DOC.index(f"## `theodoi {group}`")
    end = CLI_DOC.find("\n## ", start + 1)
    return CLI_DOC[start:end if end > 0 else None]


@pytest.mark.parametrize("name", sorted(n for n in LEAVES if " " in n))
def test_sub_command_is_documented_with_its_options(name: str) -> None:
    group, sub = name.split(" ", 1)
    section = _section(group)
    assert f"theodoi {group} {sub}" in section, f"{name} is not shown in its section of docs/cli.md"
    command = LEAVES[name]
    assert (command.help or "").strip(), f"{name} has no help text"
    for param in command.params:
        if param.param_type_name == "option" and not getattr(param, "hidden", False) and param.name != "help":
            assert getattr(param, "help", None), f"{name} {param.opts} has no help"
            assert f"`{param.opts[0]}`" in section, f"{name} {param.opts[0]} is not in its section of docs/cli.md"


def test_every_setting_is_documented() -> None:
    from theodoi.config import Settings

    page = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    for name, field in Settings.model_fields.items():
        assert field.description, f"setting {name} has no description"
        assert f"`THEODOI_{name.upper()}`" in page, f"THEODOI_{name.upper()} is not in docs/configuration.md"
