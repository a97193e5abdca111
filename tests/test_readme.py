"""The README's promises: CI runs its test command; its quickstart names real things."""

from __future__ import annotations

import re

from tests.builders import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def quickstart_commands() -> list[str]:
    section = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, re.S)]


def readme_test_command() -> str:
    """The quickstart's test command: install with the test extras and run the quick lane."""
    return quickstart_commands()[2]


def test_quickstart_is_install_and_run_install_and_serve_then_install_and_test() -> None:
    commands = quickstart_commands()
    assert len(commands) == 4
    venv = "python3 -m venv .venv && . .venv/bin/activate && "  # works where PEP 668 refuses a bare pip install
    assert commands[0].startswith(venv + "pip install . && letters generate examples/")
    assert commands[1] == venv + "pip install . && letters serve examples/"  # the browser, for people who avoid terminals
    assert commands[2].startswith(venv + "pip install '.[test]' && ")
    assert commands[2].endswith(' -m "not slow"')
    assert commands[3] == "pip install '.[slow]' && pytest -q -n auto --dist loadfile -m slow"  # in the same venv


def test_ci_runs_exactly_the_readme_test_commands_the_quick_lane_then_the_slow_lane() -> None:
    """Between them the two lanes run every test: CI lands a change only when both pass."""
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    quick, slow = quickstart_commands()[2:]
    assert ci_lines.index(quick) + 1 == ci_lines.index(slow)
    assert ci_lines[-1] == slow


def test_the_quick_lane_installs_nothing_only_the_slow_lane_needs() -> None:
    """`[test]` (the quick lane) leaves out mypy and Playwright, a quarter of a gigabyte that only
    slow tests use; `[slow]` adds them to it. CI installs `[test]` alone before the quick lane, so
    a quick test that needs them fails there."""
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    extras = {
        name: re.findall(r'^    "([A-Za-z0-9_.\[\]-]+)', body, re.M)
        for name, body in re.findall(r"\n(\w+) = \[\n(.*?)\n\]", pyproject, re.S)
    }
    heavy = {"mypy", "playwright", "axe-playwright-python"}
    assert not heavy & {re.split(r"[<>=;\[ ]", req)[0] for req in extras["test"]}
    assert extras["slow"][0] == "letters[test]" and heavy <= {re.split(r"[<>=;\[ ]", req)[0] for req in extras["slow"]}


def test_ci_lints_and_type_checks_before_the_tests() -> None:
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    steps = ["ruff check letters tests tools benchmarks examples", "ruff format --check letters tests tools benchmarks examples", "mypy"]
    positions = [ci_lines.index(step) for step in steps]
    assert positions == sorted(positions) and positions[-1] < ci_lines.index(readme_test_command())


def test_quickstart_example_exists_and_readme_picture_is_committed() -> None:
    example = next(word for word in quickstart_commands()[0].split() if word.startswith("examples/"))
    assert (ROOT / example).is_file()
    for picture in re.findall(r"\]\((docs/[^)]+\.png)\)", README):
        assert (ROOT / picture).is_file(), picture


def test_every_command_is_documented_and_has_an_example_in_its_help() -> None:
    from click.testing import CliRunner

    from letters.cli import cli

    names = cli.list_commands(None)  # type: ignore[arg-type]
    assert {"init", "validate", "generate", "schema"} <= set(names)
    for name in names:
        assert f"letters {name}" in README, f"README does not document `letters {name}`"
        result = CliRunner().invoke(cli, [name, "--help"])
        assert result.exit_code == 0
        assert "Example" in result.output, f"`letters {name} --help` has no example"


def test_ci_runs_the_property_tests_derandomized_with_a_fixed_budget_and_no_database() -> None:
    from hypothesis import settings

    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert ci_lines.index("export HYPOTHESIS_PROFILE=ci") < ci_lines.index(readme_test_command())
    ci = settings.get_profile("ci")
    assert ci.derandomize and ci.database is None and ci.max_examples == 30 and ci.deadline is None
    assert settings.get_profile("fuzz").max_examples > settings.get_profile("dev").max_examples > ci.max_examples
    assert not settings.get_profile("dev").derandomize


def test_no_property_test_sets_its_own_example_budget() -> None:
    """The profile decides how many examples; a test that hard-codes it escapes ci and fuzz alike."""
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "tests").rglob("*.py")
        if re.search(r"max_examples\s*=\s*\d", p.read_text(encoding="utf-8"))
    ]
    assert offenders == ["tests/conftest.py"]


def test_ci_lints_with_the_tools_pinned_in_the_dev_group() -> None:
    """An unpinned ruff or mypy changes what passes on the day it is released, not in a commit."""
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    group = re.search(r"\[dependency-groups\].*?\ndev = \[(.*?)\n\]", pyproject, re.S).group(1)  # type: ignore[union-attr]
    pins = dict(re.findall(r'"([A-Za-z0-9_.-]+)==([^"]+)"', group))
    assert {"ruff", "mypy", "types-PyYAML"} <= set(pins)
    assert len(pins) == group.count('"') // 2  # every entry pinned exactly
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert "pip install --quiet --group dev" in ci_lines
    assert not [line for line in ci_lines if line.startswith("pip install") and ("ruff" in line or "mypy" in line)]
