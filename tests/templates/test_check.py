"""`templates check`: every name a template uses is checked against the real view model."""

from __future__ import annotations

from pathlib import Path

import pytest

from letters.templating.gate import check_template
from letters.templating.search import builtin_dir, template_files
from tests.builders import make_docx


def problems(path: Path) -> list[str]:
    return [str(p) for p in check_template(path)]


def write(tmp_path: Path, text: str, name: str = "mine.en.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_typo_inside_a_loop_is_reported_at_its_line_with_the_list_path(tmp_path: Path) -> None:
    path = write(tmp_path, "Evidence:\n{% for e in evidence %}\n{{ e.id }} {{ e.descripton }}\n{% endfor %}\n")
    assert problems(path) == [f"{path}:3: evidence[].descripton: not in the view model; did you mean evidence[].description?"]


def test_typo_in_a_nested_object_gives_the_full_dotted_path(tmp_path: Path) -> None:
    path = write(tmp_path, "Dear {{ company.recipient }},\nfrom {{ complainant.nmae }}\n")
    assert problems(path) == [f"{path}:2: complainant.nmae: not in the view model; did you mean complainant.name?"]


def test_unknown_top_level_name_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "{{ complainantt.name }}\n")
    assert problems(path) == [f"{path}:1: complainantt: not in the view model; did you mean complainant?"]


def test_names_bound_by_set_with_and_sorted_loops_are_followed(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "{% set c = complainant %}{{ c.emial }}\n"
        "{% for x in contacts|sort(attribute='date_iso') %}{{ x.kindtext }}{% endfor %}\n"
        "{% with f = first_complaint %}{{ f.dat }}{% endwith %}\n"
        "{{ loss_totals|map(attribute='amount_txt')|join(', ') }}\n",
    )
    assert [p.split(": ")[1] for p in problems(path)] == [
        "complainant.emial",
        "contacts[].kindtext",
        "first_complaint.dat",
        "loss_totals[].amount_txt",
    ]


def test_a_list_used_as_an_object_says_to_loop(tmp_path: Path) -> None:
    path = write(tmp_path, "{{ evidence.description }}\n")
    assert problems(path) == [
        f"{path}:1: evidence.description: evidence is a list; loop over it: "
        "{% for item in evidence %}{{ item.description }}{% endfor %}"
    ]


def test_valid_template_using_loops_filters_macros_and_optional_objects_passes(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "{% macro line(x) %}- {{ x }}{% endmacro %}\n"
        "{% for d in demands %}{{ loop.index }}. {{ line(d.text) }}{{ d.detail|upper }}{% endfor %}\n"
        "{% if first_complaint %}{{ first_complaint.date }} ({{ first_complaint.days_since }}){% endif %}\n"
        "{% for i in incidents %}{% for p in i.problems %}{{ p }}{% endfor %}{% endfor %}\n"
        "{{ complainant.name.upper() }} {{ evidence|length }} {{ (evidence|first).id }} {{ contacts[0].kind_text }}\n"
        "{% if nothing is defined %}{{ nothing }}{% endif %}{{ range(3)|list }}\n",
    )
    assert problems(path) == []


def test_syntax_error_is_reported_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "fine\n{% for x in %}\n")
    assert problems(path) == [f"{path}:2: syntax error: Expected an expression, got 'end of statement block'"]


def test_unknown_filter_is_a_syntax_error(tmp_path: Path) -> None:
    path = write(tmp_path, "{{ complainant.name|shout }}\n")
    assert problems(path) == [f"{path}:1: syntax error: No filter named 'shout'."]


def test_include_is_refused_because_a_template_is_one_file(tmp_path: Path) -> None:
    path = write(tmp_path, "{% include '../../etc/passwd' %}\n")
    assert problems(path) == [f"{path}:1: {{% include %}} is not supported: each template is one self-contained file"]


def test_docx_typo_in_a_loop_names_the_part_and_quotes_the_paragraph(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "mine.en.docx",
        ["Dear {{ company.recipient }},", "{%p for e in evidence %}", "{{ e.id }}: {{ e.descripton }}", "{%p endfor %}"],
    )
    [problem] = problems(path)
    assert problem.startswith(f"{path}:")
    assert problem.split(": ", 1)[1] == (
        "evidence[].descripton: not in the view model; did you mean evidence[].description? "
        '(body, paragraph "{{ e.id }}: {{ e.descripton }}{% endfor %}")'
    )


def test_docx_headers_and_properties_are_checked(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "mine.en.docx", ["{{ case_id }}"], header="Advice centre for {{ complainant.nmae }}", title="{{ stage_titel }}"
    )
    assert [p.split(": ", 1)[1] for p in problems(path)] == [
        'complainant.nmae: not in the view model; did you mean complainant.name? (header1, paragraph "Advice centre for {{ complainant.nmae }}")',
        "stage_titel: not in the view model; did you mean stage_title? (document property 'title')",
    ]


def test_check_is_cached_until_the_file_changes(tmp_path: Path) -> None:
    path = write(tmp_path, "{{ complainant.name }}\n")
    assert problems(path) == []
    path.write_text("{{ complainant.nmae }}\n", encoding="utf-8")
    assert len(problems(path)) == 1


@pytest.mark.skipif(not template_files(builtin_dir()), reason="built-in templates not present")
def test_every_built_in_template_passes_the_check() -> None:
    assert [str(p) for f in template_files(builtin_dir()) for p in check_template(f)] == []
