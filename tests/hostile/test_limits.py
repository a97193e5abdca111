"""Template resource limits for every operation, not only ``*`` and ``range``: padding and
format widths, ``~`` and ``+``, loops over any iterable, big-integer arithmetic, nesting
depth. Each is stopped before it takes the memory or the time, as one
`Error: template:line: …` line; never a RecursionError, SyntaxError or IndentationError."""

from __future__ import annotations

import os
import resource
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from letters.render.env import MAX_EXPRESSION_DEPTH, MAX_NESTING, text_env
from tests.builders import case_dict, docx_bytes, write_case
from tests.hostile.support import ON, Row, one_error, run

pytestmark = pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="memory is bounded through /proc/self/statm and RLIMIT_AS")

WIDTH = "is too large a width or count (the limit is 100,000); stopped"
DEEP = "a template is nested too deeply to be a letter"

CASES = [
    ("pad-center", "{{ 'x'|center(10**9) }}", f"runs away: 1,000,000,000 {WIDTH}"),
    ("pad-ljust", "{{ 'x'.ljust(10**9) }}", f"runs away: 1,000,000,000 {WIDTH}"),
    ("pad-zfill", "{{ '1'.zfill(10**8) }}", f"runs away: 100,000,000 {WIDTH}"),
    ("pad-indent", "{{ 'a\\nb'|indent(10**9, true) }}", f"runs away: 1,000,000,000 {WIDTH}"),
    ("pad-truncate", "{{ 'x'|truncate(10**12) }}", f"runs away: 1,000,000,000,000 {WIDTH}"),
    ("format-filter-width", "{{ '%2000000000d'|format(1) }}", f"runs away: 2,000,000,000 {WIDTH}"),
    ("percent-star-width", "{{ '%*d' % (10**9, 1) }}", f"runs away: 1,000,000,000 {WIDTH}"),
    ("percent-precision", "{{ '%.900000000f' % 1.5 }}", f"runs away: 900,000,000 {WIDTH}"),
    ("str-format-width", "{{ '{:>1000000000}'.format(1) }}", f"runs away: 1,000,000,000 {WIDTH}"),
    ("str-format-nested-width", "{{ '{0:{1}}'.format('x', 10**9) }}", f"runs away: 1,000,000,000 {WIDTH}"),
    ("format-map-width", "{{ '{a:^999999999}'.format_map({'a': 1}) }}", f"runs away: 999,999,999 {WIDTH}"),
    (
        "tilde-doubling",
        "{% set ns = namespace(s='x'*1000) %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
        "runs away: a text of more than 50,000,000 characters; stopped",
    ),
    (
        "plus-doubling",
        "{% set ns = namespace(s='x'*1000) %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
        "runs away: a text of more than 50,000,000 items; stopped",
    ),
    ("list-repeat", "{{ ([1] * 10000) * 10000 }}", "runs away: a repetition of more than 1,000,000 items; stopped"),
    (
        "replace-growth",
        "{% set ns = namespace(s='xx') %}{% for i in range(30) %}{% set ns.s = ns.s|replace('x', 'xx') %}{% endfor %}",
        "runs away: replace would make a text of more than 50,000,000 characters; stopped",
    ),
    ("loop-over-string", "{% for c in 'x' * 40000000 %}{% endfor %}", "runs away: more than 1,000,000 loop steps and calls; stopped"),
    (
        "loop-over-list",
        "{% for c in [0] * 900000 %}{% for d in [0, 1] %}{% endfor %}{% endfor %}",
        "runs away: more than 1,000,000 loop steps and calls; stopped",
    ),
    ("filter-over-string", "{{ ('x' * 40000000)|list|length }}", "runs away: more than 1,000,000 loop steps and calls; stopped"),
    ("join-generator", "{{ ('x' * 40000000)|map('upper')|join }}", "runs away: more than 1,000,000 loop steps and calls; stopped"),
    (
        "recursive-loop",
        "{% for x in range(3000) recursive %}{{ loop(range(400)) if loop.depth < 3 else '' }}{% endfor %}",
        "runs away: more than 1,000,000 loop steps and calls; stopped",
    ),
    (
        "deep-recursion-macro",
        "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
        "runs away: macros call each other more than 100 deep; stopped",
    ),
    ("pow-big-base", "{{ (10**4096)**4096 }}", "is too large a number; stopped"),
    ("pow-tower", "{{ 9 ** (9 ** 9) }}", "runs away: 9 ** 387,420,489 is too large a number; stopped"),
    (
        "product-growth",
        "{% set ns = namespace(n=3) %}{% for i in range(40) %}{% set ns.n = ns.n * ns.n %}{% endfor %}",
        "runs away: a product of more than 4,300 digits; stopped",
    ),
    (
        "nested-parens",
        "{{ " + "(" * 2000 + "1" + ")" * 2000 + " }}",
        f"syntax error: brackets nested more than {MAX_EXPRESSION_DEPTH} deep; {DEEP}",
    ),
    ("nested-lists", "{{ " + "[" * 500 + "]" * 500 + " }}", f"syntax error: brackets nested more than {MAX_EXPRESSION_DEPTH} deep; {DEEP}"),
    ("nested-ifs", "{% if 1 %}" * 200 + "x" + "{% endif %}" * 200, f"syntax error: blocks nested more than {MAX_NESTING} deep; {DEEP}"),
    (
        "nested-fors",
        "{% for a in [1] %}" * 25 + "x" + "{% endfor %}" * 25,
        f"syntax error: blocks nested more than {MAX_NESTING} deep; {DEEP}",
    ),
    ("filter-chain", "{{ 1" + "|abs" * 3000 + " }}", f"syntax error: an expression nested more than {MAX_EXPRESSION_DEPTH} deep; {DEEP}"),
    ("not-chain", "{{ " + "not " * 3000 + "1 }}", f"syntax error: operators nested too deeply; {DEEP}"),
    (
        "operator-chain",
        "{{ " + " + ".join(["1"] * 3000) + " }}",
        f"syntax error: an expression nested more than {MAX_EXPRESSION_DEPTH} deep; {DEEP}",
    ),
    (
        "attribute-chain",
        "{{ complainant" + ".name" * 500 + " }}",
        f"syntax error: an expression nested more than {MAX_EXPRESSION_DEPTH} deep; {DEEP}",
    ),
    ("set-block-nesting", "{% set a %}" * 30 + "{% endset %}" * 30, f"syntax error: blocks nested more than {MAX_NESTING} deep; {DEEP}"),
    (
        "indent-long-text",
        "{{ ('a\\n' * 1000000)|indent(100000) }}",
        "runs away: indent would make a text of more than 50,000,000 characters; stopped",
    ),
    (
        "live-strings",
        "{% set ns = namespace(l=[]) %}{% for i in range(60) %}{% set ns.l = ns.l + ['x' * 40000000] %}{% endfor %}{{ ns.l|length }}",
        "runs away: it builds more than 100,000,000 characters of text in all; stopped",
    ),
    (
        "tojson-indent",
        "{% set ns = namespace(v=[1]) %}{% for i in range(40) %}{% set ns.v = [ns.v] %}{% endfor %}{{ ns.v|tojson(indent=100000) }}",
        "runs away: tojson would make a text of more than 50,000,000 characters; stopped",
    ),
    (
        "replace-empty",
        "{{ ('x' * 1000000)|replace('', 'y' * 1000) }}",
        "runs away: replace would make a text of more than 50,000,000 characters; stopped",
    ),
    (
        "join-separator",
        "{{ (['a'] * 100000)|join('b' * 1000) }}",
        "runs away: join would make a text of more than 50,000,000 characters; stopped",
    ),
]

ROWS = [Row(row_id, f"`{source[:70]}{'…' if len(source) > 70 else ''}`", f"`{expected}`") for row_id, source, expected in CASES] + [
    Row("limits-docx", "the padding, loop, power and nesting templates above in a .docx body", "the same lines, from the .docx"),
    Row(
        "limits-address-space",
        "a render that asks Python for more memory than the limits foresee (3 GiB in one value)",
        "`runs away: it needs more memory than a letter may take; stopped`: the render's address space is capped (RLIMIT_AS)",
    ),
    Row(
        "limits-memory",
        "every template above, in a process allowed 1 GiB of address space",
        "stopped the same way; none comes near the limit",
    ),
]


def _render(tmp_path: Path, source: str, fmt: str = "txt"):
    folder = tmp_path / "tpl"
    folder.mkdir(exist_ok=True)
    target = folder / f"mine.en.{fmt}"
    target.write_bytes(source.encode("utf-8") if fmt == "txt" else docx_bytes([source]))
    case = write_case(tmp_path, case_dict("en"))
    result = run("generate", case, "--template", "mine", "--format", fmt, "--templates", folder, "--out", tmp_path / "out", "--on", ON)
    return result, target


@pytest.fixture
def bounded_memory():
    """The test process may not take more than 1 GiB more address space than it has now."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/statm") as fh:
        used = int(fh.read().split()[0]) * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (used + (1 << 30), hard))
    yield
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@pytest.mark.parametrize(("row_id", "source", "expected"), CASES, ids=[c[0] for c in CASES])
def test_every_operation_is_bounded(tmp_path: Path, bounded_memory: None, row_id: str, source: str, expected: str) -> None:
    result, target = _render(tmp_path, source)
    line = one_error(result)
    assert line.startswith(f"Error: {target}:1: ") and expected in line, line
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("row_id", ["pad-center", "percent-star-width", "loop-over-string", "pow-big-base", "nested-ifs", "tilde-doubling"])
def test_the_same_limits_in_a_docx(tmp_path: Path, row_id: str) -> None:
    _, source, expected = next(c for c in CASES if c[0] == row_id)
    result, target = _render(tmp_path, source, "docx")
    line = one_error(result)
    assert line.startswith(f"Error: {target}") and expected.removeprefix("syntax error: ") in line, line


def test_what_letters_need_still_works(tmp_path: Path) -> None:
    source = (
        "{{ '%-12s|%8.2f' % ('Fee', 10.5) }} {{ '{:>10}'.format(case_id) }} {{ 'x'|center(20) }} {{ 2 ** 64 }} "
        "{% for c in complainant.name %}{{ c }}{% endfor %} {{ incidents|map(attribute='date')|join(', ') }}"
        + "{% if 1 %}" * MAX_NESTING
        + "deep"
        + "{% endif %}" * MAX_NESTING
    )
    result, _ = _render(tmp_path, source)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out" / "T-EN-1" / "mine.txt").read_text(encoding="utf-8")
    assert (
        "Fee         |   10.50" in text
        and "    T-EN-1" in text
        and "18446744073709551616" in text
        and "Tom Reader" in text
        and "deep" in text
    )


PIECE = st.sampled_from(
    [
        "{{ 'x'|center(N) }}",
        "{{ 'ab' * N }}",
        "{{ '%*d' % (N, 1) }}",
        "{{ '{:>N}'.format(1) }}",
        "{% for i in range(N) %}.{% endfor %}",
        "{{ 7 ** N }}",
        "{{ 'x' ~ ('y' * N) }}",
        "{% for c in 'z' * N %}{% endfor %}",
        "{{ ['q'] * N }}",
        "{{ ('a\\n' * 100000)|indent(N) }}",
        "{{ ('xy' * 1000)|replace('', 'z' * N) }}",
        "{{ [[[[1]]]]|tojson(indent=N) }}",
        "{{ (['a'] * 1000)|join('-' * N) }}",
    ]
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(st.tuples(PIECE, st.integers(0, 10**12)), min_size=1, max_size=4), depth=st.integers(0, 60))
def test_fuzz_any_sizes_render_or_stop_cleanly(pieces: list[tuple[str, int]], depth: int) -> None:
    """Any mix of size-driven operations at any size and nesting: a letter or one clean
    refusal (RunawayTemplate or a syntax error), never another exception, within bounded memory."""
    from jinja2 import TemplateSyntaxError

    from letters.render.env import RunawayTemplate

    body = "".join(piece.replace("N", str(n)) for piece, n in pieces)
    source = "{% if 1 %}" * depth + body + "{% endif %}" * depth
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/statm") as fh:
        used = int(fh.read().split()[0]) * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (used + (1 << 30), hard))
    try:
        template = text_env().from_string(source)
        text = template.render({})
        assert len(text) <= 50_000_000
    except (RunawayTemplate, TemplateSyntaxError):
        pass
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


#: A value of the context that allocates 768 MiB, and a render of it that prints how it ended.
_BIG = """
import resource
import letters.render.env as env
env.MAX_RENDER_BYTES = 256 << 20
class Big:
    def make(self):
        return "x" * (768 << 20)
def render_big():
    try:
        env.text_env().from_string("{{ big.make()|length }}").render({"big": Big()})
        print("rendered")
    except env.RunawayTemplate as exc:
        print(exc)
before = resource.getrlimit(resource.RLIMIT_AS)
"""
_CAPPED = (
    _BIG
    + """
render_big()
print(resource.getrlimit(resource.RLIMIT_AS) == before)
"""
)


def test_a_render_is_capped_in_address_space_as_the_last_line_of_defence() -> None:
    """A cost no limit foresees (here a value of the context that allocates 768 MiB) is a
    MemoryError under the render's address-space cap, reported as a runaway template; the
    process's own limit is restored after the render."""
    import subprocess
    import sys

    from tests.builders import ROOT

    done = subprocess.run([sys.executable, "-c", _CAPPED], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.stdout.splitlines() == ["runs away: it needs more memory than a letter may take; stopped", "True"], done.stderr


_HELD = (
    _BIG
    + """
caps = []
real = env._cap_address_space
env._cap_address_space = lambda: caps.append(1) or real()
with env.render_cap_held():
    for n in range(3):
        env.text_env().from_string("{{ n }}").render({"n": n})
    render_big()
    held = resource.getrlimit(resource.RLIMIT_AS)
print(len(caps), held != before, resource.getrlimit(resource.RLIMIT_AS) == before)
"""
)


def test_a_batch_holds_one_cap_for_all_its_renders_and_it_still_stops_a_runaway() -> None:
    """A batch sets the address-space cap once for all its letters (not once a render): the
    same runaway is still stopped inside the block, and the process's own limit is back after it."""
    import subprocess
    import sys

    from tests.builders import ROOT

    done = subprocess.run([sys.executable, "-c", _HELD], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.stdout.splitlines() == ["runs away: it needs more memory than a letter may take; stopped", "1 True True"], done.stderr
