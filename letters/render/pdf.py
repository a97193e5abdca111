"""PDF letters: each rendered .docx converted by LibreOffice, several converters at once.

A run (one ``generate``, one ``batch``) opens a :class:`ConverterPool` of N converters
(``--jobs N``). A converter is a thread that drives one ``soffice --convert-to pdf``
process at a time over a chunk of letters taken from the pool's one queue; letters are
queued as their .docx is written, so PDFs start while a batch is still making letters.
Each soffice process converts a chunk of at most :data:`CHUNK` letters and exits, so its
memory (it grows by about half a megabyte per letter) stays bounded however long the run.

Profiles. LibreOffice allows one process per profile (``-env:UserInstallation``), so
every converter has its own, in the run's temporary folder (never the user's own
LibreOffice profile or any folder of theirs), all removed when the run ends. The first
is made once per run, alone (a lock keeps other ``letters`` processes from making one at
the same moment), and the converters copy it. It is made with the LibreOffice version
already recorded as the last one to use it, so LibreOffice skips the graphics self-tests
it otherwise runs at every headless start of a profile it has not recorded a version in
(about 0.8 s, more than converting a letter), and with the installation's build id, so
a new profile does not make LibreOffice restart itself once.

Failures. A converter that writes nothing for :data:`DEFAULT_TIMEOUT` seconds (or
``$LETTERS_PDF_TIMEOUT``) is killed with everything it started. Soffice reports each
letter as it takes it, so the letter it was on is known: that one is retried once, alone,
in a fresh converter (a new copy of the profile); the letters after it go back to the
queue untouched. A letter that fails twice (hangs, no file written, a file that is not a
PDF) fails alone, with its reason; the others finish. LibreOffice writes into the run's
temporary folder, and the caller writes each PDF into place with
:func:`letters.fsio.write_atomic`, so a killed run never leaves a half-written PDF
among the user's letters.
"""

from __future__ import annotations

import contextlib
import math
import os
import queue
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from letters import cache
from letters.errors import LibreOfficeMissingError, PdfError
from letters.fsio import locked, pid_alive
from letters.locale import _
from letters.output import content_problem

__all__ = [
    "SOFFICE_ENV",
    "TIMEOUT_ENV",
    "ConverterPool",
    "LibreOfficeMissingError",
    "PdfError",
    "PdfJob",
    "docx_to_pdf",
    "find_soffice",
    "require_soffice",
]

#: Set to the soffice program when it is not on PATH (a portable install, a custom prefix).
SOFFICE_ENV = "LETTERS_SOFFICE"
#: Seconds a converter may go without finishing a letter (its start-up included) before it is stopped.
TIMEOUT_ENV = "LETTERS_PDF_TIMEOUT"
DEFAULT_TIMEOUT = 120.0
#: Most letters per soffice process. A start costs about 0.3 s (with the prepared profile),
#: a letter about 0.15 s and half a megabyte that is only given back when the process ends.
CHUNK = 40
#: Seconds a converter waits for more letters to fill its chunk before starting with fewer.
LINGER = 0.2
#: Tries per letter: the first, and one more in a fresh converter.
ATTEMPTS = 2


def install_hint() -> str:
    """How to get LibreOffice, in the user's language."""
    return _(
        "install LibreOffice Writer and a CJK font (Debian/Ubuntu: sudo apt-get install libreoffice-writer fonts-noto-cjk; "
        "macOS: brew install --cask libreoffice; others: https://www.libreoffice.org/download/), or set {env} to the soffice program"
    ).format(env=SOFFICE_ENV)


#: Where the official installers put soffice when it is not on PATH.
_WELL_KNOWN = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)
_ROOT_PREFIX = "letters-pdf-"
_CONVERT_LINE = re.compile(r"^convert (.+?) -> (.+?) using filter")


def find_soffice() -> str | None:
    """``$LETTERS_SOFFICE``, then ``soffice``/``libreoffice`` on PATH, then the installers' default places."""
    override = os.environ.get(SOFFICE_ENV, "").strip()
    if override:
        return override if os.access(override, os.X_OK) else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((p for p in _WELL_KNOWN if os.access(p, os.X_OK)), None)


def require_soffice() -> str:
    soffice = find_soffice()
    if soffice is None:
        where = (
            _("{env}={value!r} is not an executable program").format(env=SOFFICE_ENV, value=os.environ[SOFFICE_ENV])
            if os.environ.get(SOFFICE_ENV, "").strip()
            else _("LibreOffice (soffice) was not found on PATH")
        )
        raise LibreOfficeMissingError(_("{reason}; {hint}").format(reason=where, hint=install_hint()))
    return soffice


def _temp_problem(exc: OSError) -> str:
    """Why nothing could be written for LibreOffice in the temporary folder, and what to do."""
    return _(
        "cannot write the letter for LibreOffice in the temporary folder {folder} ({reason}); "
        "free some space there or set TMPDIR to another folder"
    ).format(folder=tempfile.gettempdir(), reason=exc.strerror or exc)


def docx_to_pdf(documents: Sequence[bytes], *, jobs: int = 1, timeout: float | None = None) -> list[bytes]:
    """Each .docx (as bytes) as PDF bytes, in the same order; the first letter that fails raises."""
    if not documents:
        return []
    with ConverterPool(jobs, expected=len(documents), timeout=timeout) as pool:
        tickets = [pool.submit(document) for document in documents]
        pool.close()
        return [ticket.result() for ticket in tickets]


def configured_timeout() -> float:
    """``$LETTERS_PDF_TIMEOUT`` when it is a positive number of seconds, else :data:`DEFAULT_TIMEOUT`."""
    raw = os.environ.get(TIMEOUT_ENV, "").strip()
    try:
        value = float(raw) if raw else DEFAULT_TIMEOUT
    except ValueError:
        return DEFAULT_TIMEOUT
    return value if value > 0 and math.isfinite(value) else DEFAULT_TIMEOUT


class PdfJob:
    """One letter to convert; :meth:`result` waits for its PDF."""

    def __init__(self, number: int, source: Path):
        self.number = number
        self.source = source
        self.attempts = 0
        self._done = threading.Event()
        self._pdf: bytes | None = None
        self._error: PdfError | None = None

    def done(self) -> bool:
        return self._done.is_set()

    def result(self) -> bytes:
        """The PDF; raises :class:`PdfError` when this letter could not be converted."""
        self._done.wait()
        if self._error is not None:
            raise self._error
        assert self._pdf is not None
        return self._pdf

    def _finish(self, pdf: bytes | None = None, error: PdfError | None = None) -> None:
        self._pdf, self._error = pdf, error
        try:
            os.unlink(self.source)
        except OSError:
            pass
        self._done.set()


class ConverterPool:
    """``size`` LibreOffice converters fed from one queue; a context manager that cleans up everything.

    :meth:`submit` queues a .docx and returns its :class:`PdfJob`; :meth:`close` says no
    more will come. ``expected`` (how many letters the run will probably queue) lets the
    converters share the work evenly instead of the first one taking a whole chunk.
    """

    def __init__(self, size: int, *, expected: int = 0, timeout: float | None = None, chunk: int = CHUNK):
        self.soffice = require_soffice()
        self.size = max(1, size)
        self.timeout = timeout if timeout is not None else configured_timeout()
        self.chunk = max(1, chunk)
        _sweep_abandoned_roots()
        try:
            self.root = Path(tempfile.mkdtemp(prefix=f"{_ROOT_PREFIX}{os.getpid()}-"))
            self.inbox = self.root / "in"
            self.inbox.mkdir()
        except OSError as exc:  # a full or read-only temporary folder
            raise PdfError(_temp_problem(exc)) from None
        self._env = _environment(self.root)
        self._cond = threading.Condition()
        self._queue: deque[PdfJob] = deque()
        self._numbers = 0
        self._expected = expected
        self._taken = 0
        self._last_submit = time.monotonic()
        self._closed = False
        self._aborted = False
        self._left: dict[int, int] = {}  # converter → letters of its chunk not settled yet
        self._idle_runs = 0  # runs in a row, across converters, that converted nothing
        self._broken: str | None = None
        self._processes: set[subprocess.Popen[bytes]] = set()
        self._template_lock = threading.Lock()
        self._template: Path | None = None
        self._runs = 0
        self._threads: list[threading.Thread] = []
        self._old_sigterm: object = None

    # --- the caller's side ------------------------------------------------------------------

    def submit(self, docx: bytes) -> PdfJob:
        """Queue one .docx; it is written to the run's folder now, its bytes are not kept."""
        with self._cond:
            self._numbers += 1
            number = self._numbers
        source = self.inbox / f"letter-{number:06d}.docx"
        job = PdfJob(number, source)
        try:
            source.write_bytes(docx)
        except OSError as exc:  # the temporary folder filled up: this letter fails, one line
            with contextlib.suppress(OSError):
                source.unlink()
            job._finish(error=PdfError(_temp_problem(exc)))
            return job
        with self._cond:
            if not self._threads:  # started with the first letter: a batch forks its workers before that
                self._threads = [
                    threading.Thread(target=self._converter, args=(n,), name=f"letters-pdf-{n}", daemon=True) for n in range(self.size)
                ]
                for thread in self._threads:
                    thread.start()
            if self._broken:
                job._finish(error=PdfError(self._broken))
                return job
            self._queue.append(job)
            self._last_submit = time.monotonic()
            self._cond.notify_all()
        return job

    def close(self) -> None:
        """No more letters: the converters finish the queue and stop."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def __enter__(self) -> ConverterPool:
        # A plain SIGTERM would end the run at once, leaving the converters and the run's
        # folder behind; as an exception it unwinds through __exit__ like Ctrl-C does.
        if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
            self._old_sigterm = signal.signal(signal.SIGTERM, _terminate)
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        try:
            if exc_type is None:
                self.close()
            else:
                self.abort()
            for thread in self._threads:
                thread.join()
            shutil.rmtree(self.root, ignore_errors=True)
        finally:
            if self._old_sigterm is not None:
                signal.signal(signal.SIGTERM, self._old_sigterm)  # type: ignore[arg-type]
                self._old_sigterm = None

    def abort(self) -> None:
        """Stop now: kill every converter; unfinished letters fail."""
        with self._cond:
            self._aborted = self._closed = True
            running = list(self._processes)
            while self._queue:
                self._queue.popleft()._finish(error=PdfError(_("the run was stopped before this letter was converted")))
            self._cond.notify_all()
        for process in running:
            _kill(process)

    # --- the converters' side ---------------------------------------------------------------

    def _converter(self, index: int) -> None:
        profile: Path | None = None
        chunk: list[PdfJob] = []
        try:
            while True:
                chunk = self._take(index)
                if not chunk:
                    return
                if profile is None or chunk[0].attempts:  # a retry runs in a fresh converter
                    if profile is not None:
                        shutil.rmtree(profile, ignore_errors=True)
                    profile = self._fresh_profile(index)
                if not self._run(index, profile, chunk):  # killed or crashed: its profile may be damaged
                    shutil.rmtree(profile, ignore_errors=True)
                    profile = None
                chunk = []
        except BaseException as exc:
            reason = _("the converter stopped unexpectedly ({kind}: {error})").format(kind=type(exc).__name__, error=exc)
            self._break(reason)
            for job in chunk:
                if not job.done():
                    job._finish(error=PdfError(reason))
        finally:
            if profile is not None:
                shutil.rmtree(profile, ignore_errors=True)

    def _want(self) -> int:
        """Letters for the next chunk: an even share of all the work left (counting what the other
        converters are still on), so that the converters finish together; at most a chunk."""
        remaining = max(self._expected - self._taken, len(self._queue)) + sum(self._left.values())
        return max(1, min(self.chunk, math.ceil(remaining / self.size)))

    def _take(self, index: int) -> list[PdfJob]:
        """The next chunk (a retried letter always alone), waiting for letters; ``[]`` when done."""
        with self._cond:
            while True:
                if self._aborted:
                    return []
                if self._broken and self._queue:
                    while self._queue:
                        self._queue.popleft()._finish(error=PdfError(self._broken))
                self._left[index] = 0
                if self._queue:
                    if self._queue[0].attempts:
                        self._left[index] = 1
                        return [self._queue.popleft()]
                    want = self._want()
                    waited = time.monotonic() - self._last_submit
                    if len(self._queue) >= want or self._closed or waited >= LINGER:
                        chunk: list[PdfJob] = []
                        while self._queue and len(chunk) < want and not self._queue[0].attempts:
                            chunk.append(self._queue.popleft())
                        self._taken += len(chunk)
                        self._left[index] = len(chunk)
                        return chunk
                    self._cond.wait(LINGER - waited)
                elif self._closed:
                    return []
                else:
                    self._cond.wait()

    def _requeue(self, jobs: Sequence[PdfJob]) -> None:
        if not jobs:
            return
        with self._cond:
            self._queue.extendleft(reversed(jobs))
            self._cond.notify_all()

    def _failed(self, job: PdfJob, reason: str, retry: list[PdfJob]) -> None:
        """One try of ``job`` failed: it goes on ``retry`` (for a fresh converter), or fails for good."""
        job.attempts += 1
        if job.attempts >= ATTEMPTS or self._broken:
            if job.attempts > 1:
                reason = _("{reason} (tried {n} times)").format(reason=reason, n=job.attempts)
            job._finish(error=PdfError(reason))
        else:
            retry.append(job)

    def _break(self, reason: str) -> None:
        """The pool cannot go on (a converter thread failed): every letter still queued fails now."""
        with self._cond:
            self._broken = self._broken or reason
            while self._queue:
                self._queue.popleft()._finish(error=PdfError(self._broken))
            self._cond.notify_all()

    def _ran(self, converted: int, reason: str) -> None:
        """Count runs in a row that converted nothing: that many means LibreOffice itself is failing."""
        with self._cond:
            self._idle_runs = 0 if converted else self._idle_runs + 1
            if self._idle_runs >= self.size + 2 and not self._broken:
                self._broken = _(
                    "LibreOffice converted nothing in its last {n} runs ({reason}), so the letters left were not tried again"
                ).format(n=self._idle_runs, reason=reason)
                self._cond.notify_all()

    def _fresh_profile(self, index: int) -> Path:
        with self._cond:
            self._runs += 1
            number = self._runs
        profile = self.root / f"profile-{index}-{number}"
        shutil.copytree(self._profile_template(), profile)
        return profile

    def _profile_template(self) -> Path:
        """The run's first profile, made once; converters start from copies of it."""
        with self._template_lock:
            if self._template is None:
                template = self.root / "profile"
                (template / "user" / "extensions").mkdir(parents=True)
                (template / "user" / "registrymodifications.xcu").write_text(_settings(self.soffice), encoding="utf-8")
                build = _build_id(self.soffice)
                if build:
                    (template / "user" / "extensions" / "buildid").write_text(build, encoding="latin-1")
                if self.size > 1:  # several converters would otherwise all create their profiles at once
                    self._initialise(template)
                self._template = template
            return self._template

    def _initialise(self, profile: Path) -> None:
        """Let LibreOffice fill in a profile, one process at a time on this machine; best effort."""
        with contextlib.ExitStack() as stack:
            try:
                stack.enter_context(locked(Path(tempfile.gettempdir()) / f"{_ROOT_PREFIX}profile.lock", timeout=min(self.timeout, 60)))
            except OSError:  # a timeout too
                return  # the converters will fill in their own copies
            command = [self.soffice, *_FLAGS, f"-env:UserInstallation={profile.as_uri()}", "--terminate_after_init"]
            try:
                process = _start(command, self.root, self._env)
            except PdfError:
                return
            with self._cond:
                self._processes.add(process)
            try:
                process.communicate(timeout=min(self.timeout, 60))
            except subprocess.TimeoutExpired:
                _kill(process)
            finally:
                with self._cond:
                    self._processes.discard(process)

    def _run(self, index: int, profile: Path, chunk: list[PdfJob]) -> bool:
        """Convert ``chunk`` in one soffice process; ``False`` when it had to be killed or crashed."""
        outbox = Path(tempfile.mkdtemp(prefix="out-", dir=self.root))
        try:
            process = self._launch(profile, outbox, chunk)
            if process is None:
                return True
            run = self._follow(index, process, outbox, chunk)
            returncode = process.wait()
            with self._cond:
                self._processes.discard(process)
            return self._wind_up(run, returncode, outbox, chunk)
        finally:
            shutil.rmtree(outbox, ignore_errors=True)

    def _launch(self, profile: Path, outbox: Path, chunk: list[PdfJob]) -> subprocess.Popen[bytes] | None:
        """The soffice process for ``chunk``; ``None`` when none could start (each letter then settled)."""
        command = [
            self.soffice,
            *_FLAGS,
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outbox),
            *(str(job.source) for job in chunk),
        ]
        try:
            with self._cond:
                if self._aborted:
                    raise _Aborted
                process = _start(command, self.root, self._env)
                self._processes.add(process)
        except _Aborted:
            for job in chunk:
                job._finish(error=PdfError(_("the run was stopped before this letter was converted")))
            return None
        except PdfError as exc:
            retry: list[PdfJob] = []
            for job in chunk:
                self._failed(job, exc.reason, retry)
            self._requeue(retry)
            self._ran(0, exc.reason)
            return None
        return process

    def _follow(self, index: int, process: subprocess.Popen[bytes], outbox: Path, chunk: list[PdfJob]) -> _ChunkRun:
        """Read soffice's lines as it goes: each letter before the one it has just taken is
        settled; a converter silent for the timeout is killed (``hung``)."""
        position = {job.source.name: n for n, job in enumerate(chunk)}
        lines = _lines(process.stdout)
        run = _ChunkRun()
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                run.hung = True
                _kill(process)
                return run
            if line is None:
                return run
            deadline = time.monotonic() + self.timeout
            match = _CONVERT_LINE.match(line)
            reached = position.get(Path(match.group(1)).name, -1) if match else -1
            if reached < run.finished:  # a message, or a line about a letter settled already
                if line.lower().startswith("error"):
                    run.note = line.strip()
                continue
            for job in chunk[run.finished : reached]:  # done before soffice took the next letter
                run.converted += self._settle(job, outbox, run.note, run.again)
            run.finished, run.note = reached, ""
            with self._cond:
                self._left[index] = len(chunk) - run.finished

    def _wind_up(self, run: _ChunkRun, returncode: int, outbox: Path, chunk: list[PdfJob]) -> bool:
        """Settle the letters soffice had not finished when it ended; ``False`` when it failed."""
        if self._aborted:
            for job in chunk[run.finished :]:
                job._finish(error=PdfError(_("the run was stopped before this letter was converted")))
            return False
        if run.hung or returncode != 0:
            if run.hung:
                why = _("LibreOffice stopped responding (nothing for {seconds:g} s) and was stopped").format(seconds=self.timeout)
            elif run.note:
                why = _("LibreOffice ended with exit status {status} ({note})").format(status=returncode, note=run.note)
            else:
                why = _("LibreOffice ended with exit status {status}").format(status=returncode)
            rest = chunk[run.finished :]
            for n, job in enumerate(rest):
                pdf = _read_pdf(outbox, job)
                if isinstance(pdf, bytes):
                    job._finish(pdf)
                    run.converted += 1
                    continue
                self._failed(job, why, run.again)  # the letter it was on
                run.again += rest[n + 1 :]  # never reached: not a try
                break
            self._requeue(run.again)
            self._ran(run.converted, why)
            return False
        for job in chunk[run.finished :]:
            run.converted += self._settle(job, outbox, run.note, run.again)
        self._requeue(run.again)
        self._ran(run.converted, run.note or _("no PDF written"))
        return True

    def _settle(self, job: PdfJob, outbox: Path, note: str, retry: list[PdfJob]) -> int:
        """Soffice is done with ``job``: its PDF, or a failed try. Returns 1 when converted."""
        pdf = _read_pdf(outbox, job)
        if isinstance(pdf, bytes):
            job._finish(pdf)
            return 1
        self._failed(job, _("{reason} ({note})").format(reason=pdf, note=note) if note else pdf, retry)
        return 0


@dataclass
class _ChunkRun:
    """How far one soffice process got through its chunk."""

    finished: int = 0  # chunk[:finished] are settled
    converted: int = 0
    note: str = ""  # the last line soffice printed that was not a "convert" line
    hung: bool = False
    again: list[PdfJob] = field(default_factory=list)  # back to the queue, in order, when the run is over


class _Aborted(Exception):
    pass


def _terminate(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


_FLAGS = ("--headless", "--norestore", "--nolockcheck", "--nodefault")


def _read_pdf(outbox: Path, job: PdfJob) -> bytes | str:
    """The PDF soffice wrote for ``job`` (removed from the run's folder), or why there is none."""
    path = outbox / (job.source.stem + ".pdf")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return _("LibreOffice did not write the PDF")
    except OSError as exc:
        return _("LibreOffice's PDF cannot be read ({reason})").format(reason=exc.strerror or exc)
    try:
        os.unlink(path)
    except OSError:
        pass
    problem = content_problem("pdf", data)
    return _("LibreOffice's output {problem}").format(problem=problem) if problem else data


def _lines(stream: IO[bytes] | None) -> queue.Queue[str | None]:
    """Soffice's output, line by line, read by a thread of its own (``None`` at the end)."""
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        try:
            if stream is not None:
                for raw in stream:
                    lines.put(raw.decode("utf-8", "replace"))
        finally:
            lines.put(None)

    threading.Thread(target=read, name="letters-pdf-output", daemon=True).start()
    return lines


def _start(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """Start soffice in its own process group, so that killing it stops every process it started."""
    try:
        return subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=os.name == "posix",
        )
    except OSError as exc:
        raise LibreOfficeMissingError(
            _("cannot start {program} ({reason}); {hint}").format(program=command[0], reason=exc.strerror or exc, hint=install_hint())
        ) from None


def _kill(process: subprocess.Popen[bytes]) -> None:
    try:
        if os.name == "posix":
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except OSError:
        pass


def _environment(root: Path) -> dict[str, str]:
    """Soffice's environment: HOME in the run's folder (nothing lands in the user's), no display."""
    (root / "tmp").mkdir(exist_ok=True)
    env = dict(os.environ, HOME=str(root), TMPDIR=str(root / "tmp"), SAL_USE_VCLPLUGIN="svp")
    if os.name == "posix" and os.path.exists("/etc/fonts/fonts.conf"):
        env["FONTCONFIG_FILE"] = str(_fontconfig(root))
    return env


def _settings(soffice: str) -> str:
    """The profile's first settings: the version that last used it, when known.

    LibreOffice runs its graphics self-tests whenever a profile records an older version
    than its own (``isProductVersionUpgraded`` in LibreOffice's
    include/unotools/VersionConfig.hxx, called by ``runGraphicsRenderTests`` in
    desktop/source/app/app.cxx); a headless run never records it, so without this every
    conversion would pay for the tests again.
    """
    version = _version(soffice)
    item = ""
    if version:
        item = (
            '<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" oor:op="fuse">'
            f"<value>{version}</value></prop></item>\n"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n' + item + "</oor:items>\n"
    )


def _build_id(soffice: str) -> str:
    """The installation's build id (``buildid=`` in ``program/versionrc``), ``""`` when not found.

    A profile whose ``user/extensions/buildid`` differs is taken for one from another
    installation: LibreOffice empties its extension cache and restarts itself once
    (exit status 81) before doing anything (``cleanExtensionCache`` in LibreOffice's
    desktop/source/app/app.cxx), which costs a new profile about 0.2 s.
    """
    program = Path(os.path.realpath(soffice)).parent
    for candidate in (program / "versionrc", program / "version.ini", program.parent / "Resources" / "versionrc"):
        try:
            text = candidate.read_text(encoding="latin-1")
        except OSError:
            continue
        found = re.search(r"(?m)^buildid=(.+?)\s*$", text)
        if found:
            return found.group(1)
    return ""


def _version(soffice: str) -> str:
    """``"7.4"`` for LibreOffice 7.4.x (``""`` when it cannot tell), remembered per installed program."""
    try:
        return _installed_version(os.path.realpath(soffice))
    except OSError:
        return ""


@cache.per_file_version(maxsize=4)
def _installed_version(real: str) -> str:
    """The version of the program at ``real``, asked once per version of the file (and kept on disk)."""
    info = os.stat(real)
    where = cache.entry("soffice-version", repr((real, info.st_mtime_ns, info.st_size)).encode("utf-8", "surrogatepass"))
    stored = cache.load(where)
    if isinstance(stored, str):
        return stored
    try:
        out = subprocess.run([real, "--version"], capture_output=True, timeout=30, stdin=subprocess.DEVNULL).stdout
    except (OSError, subprocess.SubprocessError):
        return ""
    found = re.search(rb"LibreOffice\S* (\d+)\.(\d+)", out)
    version = f"{int(found.group(1))}.{int(found.group(2))}" if found else ""
    if version:
        cache.save(where, version)
    return version


def _sweep_abandoned_roots() -> None:
    """Remove the temporary folders of earlier runs that were killed outright (their process is gone)."""
    if os.name != "posix":  # os.kill would end the process there, not test it
        return
    folder = tempfile.gettempdir()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    uid = os.getuid() if hasattr(os, "getuid") else None
    for entry in entries:
        match = re.fullmatch(rf"{_ROOT_PREFIX}(\d+)-\w+", entry.name)
        if not match or not entry.is_dir(follow_symlinks=False):
            continue
        try:
            if uid is not None and entry.stat(follow_symlinks=False).st_uid != uid:
                continue
        except OSError:
            continue
        if not pid_alive(int(match.group(1))):
            shutil.rmtree(entry.path, ignore_errors=True)


#: Fontconfig (Linux) otherwise replaces the Windows Chinese fonts a letter names (SimSun,
#: Microsoft YaHei, PMingLiU…) with the first CJK font it finds, often the *Japanese* Noto
#: variant, whose glyphs differ from Chinese ones for many shared characters. Simplified
#: names go to Simplified Chinese fonts, Traditional names (Hong Kong, Taiwan) to Traditional.
_CJK_ALIASES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (
        ("SimSun", "NSimSun", "宋体", "新宋体", "FangSong", "仿宋", "KaiTi", "楷体", "STSong", "STFangsong", "STKaiti"),
        ("Noto Serif CJK SC", "Source Han Serif SC", "Source Han Serif CN", "AR PL UMing CN"),
    ),
    (
        ("SimHei", "黑体", "Microsoft YaHei", "微软雅黑", "DengXian", "等线", "STHeiti", "PingFang SC"),
        ("Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei"),
    ),
    (
        ("PMingLiU", "MingLiU", "新細明體", "細明體", "PMingLiU-ExtB", "MingLiU_HKSCS", "細明體_HKSCS", "DFKai-SB", "標楷體"),
        ("Noto Serif CJK HK", "Noto Serif CJK TC", "Source Han Serif HC", "Source Han Serif TC", "AR PL UMing HK", "AR PL UMing TW"),
    ),
    (
        ("Microsoft JhengHei", "微軟正黑體", "PingFang HK", "PingFang TC"),
        ("Noto Sans CJK HK", "Noto Sans CJK TC", "Source Han Sans HC", "Source Han Sans TC"),
    ),
)


def _fontconfig(folder: Path) -> Path:
    """The system's fontconfig plus aliases mapping Chinese font names to fonts of the same script."""
    from xml.sax.saxutils import escape

    rules = []
    for names, fonts in _CJK_ALIASES:
        prefer = "".join(f"<family>{escape(f)}</family>" for f in fonts)
        rules += [f'<alias binding="same"><family>{escape(n)}</family><prefer>{prefer}</prefer></alias>' for n in names]
    system = os.environ.get("FONTCONFIG_FILE") or "/etc/fonts/fonts.conf"
    path = folder / "fonts.conf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
        f'<include ignore_missing="yes">{escape(system)}</include>\n' + "\n".join(rules) + "\n</fontconfig>\n",
        encoding="utf-8",
    )
    return path
