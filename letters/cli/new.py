"""``new``: the guided interview that writes a case file."""

from __future__ import annotations

import click

from letters.cli.options import lang_option
from letters.locale import N_, language


@click.command(
    "new",
    help=N_("""Answer questions about your complaint; get a case file that validates.

    Walks through who you are, the company, the staff member, what happened, your
    evidence, losses, what you want, the reply deadline and contacts so far. Each answer
    is checked as you give it; long answers may run over several lines (end with an empty
    line), < goes back a question, and a review lets you change any answer by number.
    Writes only the case file, once the whole case validates: PATH, or a file named after
    the case ID in the current folder (never over an existing one without --force).
    Answers may come from standard input (one per line) for scripts; a required question
    that gets no usable answer in a few tries stops it. Ctrl-C or the end of input saves
    nothing half-done.

    \b
    Example:
        letters new my-case.yaml --lang en
        letters generate my-case.yaml --stage first-complaint --out letters-out
    """),
)
@click.argument("path", type=click.Path(dir_okay=False), required=False)
@lang_option(
    N_(
        "Language of the questions (zh-Hant: Traditional Chinese); the letters default to it. "
        "Default: the locale's (zh-Hant under a Hong Kong, Taiwan or Macao locale, zh under another Chinese one), en otherwise."
    )
)
@click.option("--force", is_flag=True, help=N_("Replace the case file at PATH if it already exists."))
def new_cmd(path: str | None, lang: str | None, force: bool) -> None:
    from letters.interview.ask import InterviewStopped, run_interview

    try:
        run_interview(path, lang or language(), force=force)
    except InterviewStopped as exc:
        if not exc.interrupted:
            raise
        click.echo(str(exc), err=True)
        raise SystemExit(130) from None
