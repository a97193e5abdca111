"""``letters batch``: every due letter for a folder of cases, with a manifest."""

from __future__ import annotations

import datetime as dt
import sys
from typing import TYPE_CHECKING, Any

import click

from letters.cli import messages
from letters.cli.options import (
    complete_case_files,
    engine_option,
    force_option,
    format_option,
    on_option,
    out_option,
    stage_option,
    strict_option,
    templates_option,
)
from letters.locale import N_, _

if TYPE_CHECKING:
    from letters.batch import CaseResult


@click.command(
    "batch",
    help=N_("""Write the letters of many cases (files or folders searched for *.yaml/*.yml).

    A broken case is reported and the others are still produced (exit 1 at the end);
    letters that already exist are kept, so rerunning an interrupted batch completes it.
    Writes OUT/<case_id>/<stage>.<format> and, with --manifest, that file (replaced on
    each run); case files are only read.

    \b
    Example:
        letters batch cases/ --due --out letters-out --manifest manifest.csv
        letters batch cases/a.yaml cases/b.yaml --stage follow-up --jobs 2
    """),
)
@click.argument("paths", nargs=-1, required=True, type=click.Path(), shell_complete=complete_case_files)
@stage_option
@click.option("--due", is_flag=True, help=N_("For each case, the letter that is due on --on (cases with nothing due are skipped)."))
@on_option
@out_option
@format_option
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help=N_("Worker processes. Default: the number of cores."))
@click.option(
    "--manifest", type=click.Path(dir_okay=False), default=None, help=N_("Write one row per case: CSV, or JSON when FILE ends in .json.")
)
@force_option
@templates_option
@engine_option
@strict_option
def batch_cmd(
    paths: tuple[str, ...],
    stage: str | None,
    due: bool,
    on: dt.date | None,
    out: str,
    formats: str,
    jobs: int | None,
    manifest: str | None,
    force: bool,
    template_dirs: tuple[str, ...],
    engine: str,
    strict: bool,
) -> None:
    from letters.batch import BatchOptions, run_batch
    from letters.pipeline import parse_formats, today

    if (stage is None) == (not due):
        raise click.UsageError(_("give exactly one of --stage S or --due"))
    options = BatchOptions(
        stage=stage,
        due=due,
        on=on or today(),
        out=out,
        formats=parse_formats(formats),
        force=force,
        template_dirs=tuple(template_dirs),
        engine=engine,
        strict=strict,
    )

    def report(result: CaseResult) -> None:
        messages.warning(result.warnings)
        if result.status == "failed":  # one line a problem, each naming the file
            messages.error(
                [line if line.startswith(result.file) else f"{result.file}: {line}" for line in result.problems or [result.error]]
            )

    bar: Any = None

    def start(total: int) -> None:
        nonlocal bar
        if sys.stderr.isatty():
            bar = click.progressbar(length=total, label=_("Letters"), file=sys.stderr)
            bar.__enter__()

    def done(result: CaseResult) -> None:
        if bar is not None and (result.warnings or result.status == "failed"):
            click.echo("\r\033[K", nl=False, err=True)  # the bar's line is cleared; it is drawn again below
        report(result)
        if bar is not None:
            bar.update(1)

    try:
        summary = run_batch(paths, options, jobs=jobs, manifest=manifest, on_start=start, on_result=done)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    click.echo(summary.line())
    if summary.failed:
        raise SystemExit(1)
