"""``letters batch``: every due letter for a folder of cases, with a manifest; ``letters manifest merge``."""

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


class ShardType(click.ParamType):  # type: ignore[type-arg]  # generic only in newer click than 8.1
    """``I/N`` → ``(I, N)``; anything else is a usage error (exit 2) saying what to write."""

    name = "I/N"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> tuple[int, int]:
        from letters.errors import UsageError
        from letters.manifest import parse_shard

        if isinstance(value, tuple):
            return value
        try:
            return parse_shard(str(value))
        except UsageError as exc:
            self.fail(str(exc), param, ctx)


@click.command(
    "batch",
    help=N_("""Write the letters of many cases (files or folders searched for *.yaml/*.yml).

    A broken case is reported and the others are still produced (exit 1 at the end);
    letters that already exist are kept, so rerunning an interrupted batch completes it.
    Writes OUT/<case_id>/<stage>.<format> and, with --manifest, that file (replaced on
    each run; never a file that is not a manifest); case files are only read. With
    --shard I/N only the cases whose case_id hashes to shard I of N (counted from 0) are
    made, so N machines can split one folder; join their manifests with
    `letters manifest merge`.

    \b
    Example:
        letters batch cases/ --due --out letters-out --manifest manifest.csv
        letters batch cases/a.yaml cases/b.yaml --stage follow-up --jobs 2
        letters batch cases/ --due --out letters-out --shard 0/4 --manifest - > shard-0.jsonl
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
    "--manifest",
    type=click.Path(dir_okay=False, allow_dash=True),
    default=None,
    help=N_("Write one row per case: CSV, JSON for *.json, JSON lines for *.jsonl, JSON lines on standard output for -."),
)
@click.option(
    "--shard",
    type=ShardType(),
    default=None,
    metavar="I/N",
    help=N_("Only the cases whose case_id falls in shard I of N (I counts from 0: 0/4 … 3/4)."),
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
    shard: tuple[int, int] | None,
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
        shard=shard,
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

    to_stdout = manifest == "-"  # JSON lines on standard output: everything else goes to standard error
    try:
        summary = run_batch(paths, options, jobs=jobs, manifest=sys.stdout if to_stdout else manifest, on_start=start, on_result=done)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    click.echo(summary.line(), err=to_stdout)
    if summary.failed:
        raise SystemExit(1)


@click.group(
    "manifest",
    help=N_("""Work with batch manifests.

    \b
    Example:
        letters manifest merge shard-0.jsonl shard-1.jsonl -o manifest.csv
    """),
)
def manifest_group() -> None:
    """The manifest command group; its help is the text above."""


@manifest_group.command(
    "merge",
    help=N_("""Join the manifests of the shards of one batch (--shard I/N) into one.

    The rows come in the order one batch over the same folder lists them, so the merged
    manifest equals a single run's. Each MANIFEST may be CSV, JSON or JSON lines (- reads
    standard input); -o FILE is CSV, JSON for *.json, JSON lines for *.jsonl, or JSON lines
    on standard output for -. A case file listed by two manifests is an error, and -o never
    replaces a file that is not a manifest.

    \b
    Example:
        letters manifest merge shard-0.jsonl shard-1.jsonl shard-2.jsonl -o manifest.csv
    """),
)
@click.argument("manifests", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, allow_dash=True), help=N_("Where the merged manifest goes."))
def merge_cmd(manifests: tuple[str, ...], output: str) -> None:
    from letters.manifest import merge_into

    merge_into(manifests, output, stdin=sys.stdin, stdout=sys.stdout)
