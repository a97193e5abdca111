"""``letters templates list | export | check | context``: working with your own templates."""

from __future__ import annotations

import datetime as dt

import click

from letters.cli import messages
from letters.cli.options import complete_case_files, on_option, stage_option, templates_option
from letters.locale import N_, _


@click.group(
    "templates",
    help=N_("""See, copy, check and feed templates: your letterhead, your wording, new kinds of letter.

    Templates are <name>.<lang>.<docx|txt> files. Folders are searched in order:
    --templates DIR (repeatable), $LETTERS_TEMPLATES, your config folder, then the
    built-ins; the first folder that has a file wins. Guide: docs/templates.md.

    \b
    Example:
        letters templates export my-templates first-complaint
        letters templates check my-templates
        letters generate case.yaml --stage first-complaint --templates my-templates
    """),
)
def templates_group() -> None:
    """The templates command group; its help is the text above."""


@templates_group.command(
    "list",
    help=N_("""Every template on the search path, where it comes from and what it overrides.

    Only reads the template folders; changes no file.

    \b
    Example:
        letters templates list --templates my-templates
    """),
)
@templates_option
def list_cmd(template_dirs: tuple[str, ...]) -> None:
    from letters.templating.search import TemplateSearchPath

    search = TemplateSearchPath.build(template_dirs)
    entries = search.entries()
    width = max((len(e.filename) for e in entries), default=0)
    for entry in entries:
        messages.say(f"{entry.filename:<{width}}  {entry.origin}" + (f"  ({entry.note()})" if entry.note() else ""))
    messages.say(_("Searched: {folders}").format(folders=", ".join(search.origin(f) for f in search.folders)))


@templates_group.command(
    "export",
    help=N_("""Copy built-in templates into DEST to edit (all of them, or the NAMEs given).

    A NAME is a template (first-complaint: every language and format) or one file
    (first-complaint.en.docx). Writes only into DEST; existing files there are never
    replaced without --force.

    \b
    Example:
        letters templates export my-templates first-complaint.en.docx follow-up
    """),
)
@click.argument("dest", type=click.Path(file_okay=False))
@click.argument("names", nargs=-1)
@click.option("--force", is_flag=True, help=N_("Replace template files that already exist in DEST."))
def export_cmd(dest: str, names: tuple[str, ...], force: bool) -> None:
    from letters.templating.search import export_builtins

    for path in export_builtins(dest, names, force=force):
        messages.say(_("Wrote {path}").format(path=path))


@templates_group.command(
    "check",
    help=N_("""Check templates: syntax, safety, and every name against the view model.

    Reports `file:line: name: message` for each problem (for a .docx, the line of the
    part's Jinja source, where each paragraph starts a line, and the paragraph's text).
    Exit status 1 when anything is wrong. Only reads the templates; changes no file.

    \b
    Example:
        letters templates check my-templates
    """),
)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
def check_cmd(paths: tuple[str, ...]) -> None:
    from letters.errors import TemplateCheckError
    from letters.templating.gate import check_paths

    results = check_paths(paths)
    for result in results:
        if not result.problems:
            messages.say(_("ok {path}").format(path=result.path))
    problems = [p for r in results for p in r.problems]
    if problems:
        raise TemplateCheckError(problems)
    if not results:
        messages.say(_("No templates found (files are named <name>.<lang>.<docx|txt>)."))


@templates_group.command(
    "context",
    help=N_("""Print the exact view model a template receives for CASE: what you can use.

    Only reads CASE (and its evidence files); changes no file.

    \b
    Example:
        letters templates context case.yaml --stage follow-up
        letters templates context case.yaml --template refund-demand --json
    """),
)
@click.argument("case", type=click.Path(dir_okay=False), shell_complete=complete_case_files)
@stage_option
@click.option("--template", "template", default=None, help=N_("Your own template's name, e.g. refund-demand."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print the whole view model as JSON."))
@on_option
def context_cmd(case: str, stage: str | None, template: str | None, as_json: bool, on: dt.date | None) -> None:
    from letters.viewmodel.doc import as_json as to_json
    from letters.viewmodel.doc import case_view_model, flat_lines

    if (stage is None) == (template is None):
        raise click.UsageError(_("give exactly one of --stage or --template"))
    context = case_view_model(case, stage or template, on)  # type: ignore[arg-type]
    messages.say(to_json(context) if as_json else "\n".join(flat_lines(context)))
