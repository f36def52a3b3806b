"""The project keeps its promises about itself: packaging, Quick start, CI."""

from __future__ import annotations

import importlib.metadata
import re

from conftest import ROOT


def quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1]
    block = re.search(r"```(?:bash|sh)?\n(.*?)```", section, re.S)
    assert block, "the Quick start has a fenced code block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_quick_start_has_exactly_two_commands():
    setup, tests = quick_start_commands()
    assert ".venv" in setup and "ansvarsgraf demo" in setup
    assert "pytest" in tests


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert quick_start_commands()[1] in ci.splitlines()


def test_the_distribution_claims_only_the_ansvarsgraf_import_name():
    dist = importlib.metadata.distribution("ansvarsgraf")
    tops = {str(f).split("/")[0] for f in dist.files or [] if str(f).endswith(".py")}
    assert tops == {"ansvarsgraf"}, tops


def test_the_readme_names_only_tests_and_scripts_that_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path, name in re.findall(r"`((?:tests|bench)/[\w/.-]+\.(?:py|sh))(?:::(\w+))?", readme):
        source = ROOT / path
        assert source.is_file(), path
        if name:
            assert f"def {name}(" in source.read_text(encoding="utf-8"), f"{path}::{name}"
