"""Keeping the processes' logs: one rotating file per process, every line redacted and bounded.

Why: the logs held whole conversations and summaries about children at risk (lines of up to
821 kB), and were truncated at every restart, so they were both too revealing and useless after
an incident. Now:

- every line goes through bot/privacy/redact.py (emails, phone numbers, names, postcodes, dates
  of birth, NHS and NI numbers become [email], [phone], ...);
- every line is at most HELPLINE_LOG_LINE_CHARS characters (2,000), then
  "… [N characters cut]": a log says what happened, the database holds what was said;
- `<directory>/<name>.log` is appended to across restarts and rotated by size:
  HELPLINE_LOG_MAX_BYTES (10 MiB) per file, HELPLINE_LOG_FILES (5) files in all
  (`rasa.log`, `rasa.log.1` ... `rasa.log.4`, the oldest dropped), so at most 50 MiB per process;
- new log files are created readable by their owner only (0600).

How the runner uses it (bot/stack.py owns the processes; this module owns the files):

    sinks = LogSinks(log_directory())                  # HELPLINE_LOG_DIR or var/log
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    thread = start_pump(process.stdout, sinks.get("rasa"))   # daemon thread, ends at EOF
    ...
    process.wait(); thread.join(timeout=5); sinks.close()    # at stop: drain, then close

`sinks.get(name)` returns the same sink for the same name, so a restarted process (the outage
tests kill and restart Rasa) keeps appending to one file with one size count. Pass
`echo=sys.stdout` to LogSinks to also show the (redacted) lines in the terminal.

In-process logging (the console, the CLI): `install_redaction()` after `logging.basicConfig()`
adds `RedactingFilter` to the root logger's handlers; `RedactingFormatter` does the same job as
a formatter for handlers configured elsewhere.
"""

from __future__ import annotations

import codecs
import logging
import os
import sys
import threading
from pathlib import Path
from typing import IO, BinaryIO, Mapping, Optional, TextIO

from bot import project
from bot.privacy.redact import redact
from bot.settings import whole_number

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_FILES = 5
DEFAULT_LINE_CHARS = 2_000
DEFAULT_DIRECTORY = project.ROOT / "var" / "log"
# How much is read from a pipe at once: the most of one line ever held as bytes.
CHUNK_BYTES = 64 * 1024
# Text kept past the limit before redacting, so a phone number or email across the cut is
# still seen whole (and so replaced) rather than written half.
_CONTEXT_CHARS = 256
_FILE_MODE = 0o600


def log_directory(environ: Optional[Mapping[str, str]] = None) -> Path:
    """HELPLINE_LOG_DIR, or var/log in the project (relative paths are relative to the project)."""
    value = (os.environ if environ is None else environ).get("HELPLINE_LOG_DIR", "").strip()
    if not value:
        return DEFAULT_DIRECTORY
    path = Path(value).expanduser()
    return path if path.is_absolute() else project.ROOT / path


def log_settings(environ: Optional[Mapping[str, str]] = None) -> tuple[int, int, int]:
    """(max_bytes, files, line_chars) from HELPLINE_LOG_MAX_BYTES, HELPLINE_LOG_FILES, HELPLINE_LOG_LINE_CHARS.

    Invalid values raise ValueError at start-up rather than quietly logging more than intended.
    """
    environ = os.environ if environ is None else environ
    return (
        whole_number(environ, "HELPLINE_LOG_MAX_BYTES", DEFAULT_MAX_BYTES, 1024),
        whole_number(environ, "HELPLINE_LOG_FILES", DEFAULT_FILES, 1),
        whole_number(environ, "HELPLINE_LOG_LINE_CHARS", DEFAULT_LINE_CHARS, 80),
    )


def _bounded(head: str, total_chars: int, limit: int) -> str:
    """The line whose first characters are `head` (of `total_chars` in all), redacted and cut to `limit`.

    When the line went on past `head`, `head` is first cut back to its last space, so a number
    or an email split at the end of what was kept is never written half-unredacted.
    """
    unseen = total_chars - len(head)
    if unseen > 0:
        space = head.rfind(" ", max(0, len(head) - _CONTEXT_CHARS))
        if space > 0:
            unseen += len(head) - space
            head = head[:space]
    cleaned = redact(head)
    if len(cleaned) <= limit and unseen <= 0:
        return cleaned
    cut = max(0, len(cleaned) - limit) + max(0, unseen)
    return f"{cleaned[:limit]}… [{cut} characters cut]"


def bound(text: str, limit: int = DEFAULT_LINE_CHARS) -> str:
    """One line for a log: `text` redacted, then cut to `limit` characters with "… [N characters cut]"."""
    try:
        text = text if isinstance(text, str) else str(text)
        return _bounded(text[: limit + _CONTEXT_CHARS], len(text), limit)
    except Exception:  # noqa: BLE001 - logging must never take its process down
        return "[log line withheld]"


def _opener(path: str, flags: int) -> int:
    return os.open(path, flags, _FILE_MODE)


class LogSink:
    """`<directory>/<name>.log`: lines appended (never truncated at open), redacted, bounded, rotated by size.

    Thread-safe. Writing never raises: if the disk is full or the file vanished, the line is
    lost, one warning goes to stderr, and the next line tries again; the process whose output
    this is must never block or die because its log could not be written.
    """

    def __init__(
        self,
        directory: Path,
        name: str,
        *,
        max_bytes: Optional[int] = None,
        files: Optional[int] = None,
        line_chars: Optional[int] = None,
        echo: Optional[TextIO] = None,
    ) -> None:
        env_max_bytes, env_files, env_line_chars = log_settings()
        self.directory = Path(directory)
        self.name = name
        self.max_bytes = max_bytes or env_max_bytes
        self.files = max(1, files or env_files)
        self.line_chars = line_chars or env_line_chars
        self.echo = echo
        self.path = self.directory / f"{name}.log"
        self.lines_lost = 0
        self._lock = threading.Lock()
        self._file: Optional[BinaryIO] = None
        self._size = 0
        self._warned = False
        self._closed = False

    def __enter__(self) -> LogSink:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def write(self, line: str) -> None:
        """Write one line (a trailing newline is dropped; inner newlines become separate lines)."""
        for part in (line if isinstance(line, str) else str(line)).rstrip("\r\n").split("\n"):
            self._write_clean(bound(part.rstrip("\r"), self.line_chars))

    def write_partial(self, head: str, total_chars: int) -> None:
        """Write a line of which only the first characters (`head`) were kept; for `pump`."""
        try:
            clean = _bounded(head, total_chars, self.line_chars)
        except Exception:  # noqa: BLE001
            clean = "[log line withheld]"
        self._write_clean(clean)

    def _write_clean(self, clean: str) -> None:
        data = (clean + "\n").encode("utf-8", "replace")
        with self._lock:
            if self._closed:
                return
            try:
                if self._file is None:
                    self._open()
                if self._size > 0 and self._size + len(data) > self.max_bytes:
                    self._rotate()
                assert self._file is not None
                self._file.write(data)
                self._file.flush()
                self._size += len(data)
            except OSError as error:
                self.lines_lost += 1
                self._drop_file()
                if not self._warned:
                    self._warned = True
                    print(f"log {self.path}: cannot write ({error}); lines are being lost", file=sys.__stderr__)
        if self.echo is not None:
            try:
                self.echo.write(clean + "\n")
                self.echo.flush()
            except (OSError, ValueError):
                pass

    def _open(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self._file = open(self.path, "ab", opener=_opener)  # noqa: SIM115  (held open; closed in _drop_file)
        self._size = os.fstat(self._file.fileno()).st_size

    def _drop_file(self) -> None:
        if self._file is not None:
            try:
                self._file.close()
            except OSError:
                pass
        self._file = None

    def backup_path(self, number: int) -> Path:
        """`<name>.log.<number>`: 1 is the newest rotated file."""
        return self.directory / f"{self.name}.log.{number}"

    def _rotate(self) -> None:
        self._drop_file()
        if self.files == 1:
            self.path.unlink(missing_ok=True)
        else:
            self.backup_path(self.files - 1).unlink(missing_ok=True)
            for number in range(self.files - 2, 0, -1):
                if self.backup_path(number).exists():
                    os.replace(self.backup_path(number), self.backup_path(number + 1))
            if self.path.exists():
                os.replace(self.path, self.backup_path(1))
        self._open()

    def close(self) -> None:
        """Flush and close; later writes are ignored."""
        with self._lock:
            self._closed = True
            self._drop_file()


class LogSinks:
    """One LogSink per process name in one directory, shared by every start of that process."""

    def __init__(self, directory: Optional[Path] = None, echo: Optional[TextIO] = None) -> None:
        self.directory = Path(directory) if directory is not None else log_directory()
        self.echo = echo
        self._sinks: dict[str, LogSink] = {}
        self._lock = threading.Lock()

    def get(self, name: str) -> LogSink:
        """The sink for `<directory>/<name>.log`, created on first use."""
        with self._lock:
            if name not in self._sinks:
                self._sinks[name] = LogSink(self.directory, name, echo=self.echo)
            return self._sinks[name]

    def close(self) -> None:
        with self._lock:
            for sink in self._sinks.values():
                sink.close()
            self._sinks.clear()


def pump(stream: IO[bytes], sink: LogSink, chunk_bytes: int = CHUNK_BYTES) -> None:
    """Copy a subprocess's output (bytes) into `sink` line by line until end of file.

    Reads at most `chunk_bytes` at a time and keeps only the first part of a long line (enough
    for the sink's limit), so a 5 MB line without a newline never sits in memory whole. Invalid
    UTF-8 becomes U+FFFD; a character split between two reads is decoded whole. Never raises:
    it is meant to run in a daemon thread, and a pipe nobody reads blocks the process writing it.
    """
    keep = sink.line_chars + _CONTEXT_CHARS
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    head: list[str] = []
    head_chars = 0
    total_chars = 0

    def add(text: str) -> None:
        nonlocal head_chars, total_chars
        total_chars += len(text)
        room = keep - head_chars
        if room > 0:
            piece = text[:room]
            head.append(piece)
            head_chars += len(piece)

    def finish() -> None:
        nonlocal head_chars, total_chars
        text = "".join(head)
        if text.endswith("\r"):
            text, total_chars = text[:-1], total_chars - 1
        sink.write_partial(text, total_chars)
        head.clear()
        head_chars = total_chars = 0

    try:
        while True:
            try:
                chunk = stream.readline(chunk_bytes)
            except (OSError, ValueError):  # closed under us
                break
            if not chunk:
                break
            if chunk.endswith(b"\n"):
                add(decoder.decode(chunk[:-1], final=True))
                finish()
            else:
                add(decoder.decode(chunk))
        add(decoder.decode(b"", final=True))
        if total_chars:
            finish()
    except Exception as error:  # noqa: BLE001 - keep draining is impossible now; say so once
        print(f"log {sink.path}: output pump stopped ({error!r})", file=sys.__stderr__)
        _drain(stream, chunk_bytes)


def _drain(stream: IO[bytes], chunk_bytes: int) -> None:
    """Read and discard the rest, so the subprocess is never blocked on a full pipe."""
    try:
        while stream.read(chunk_bytes):
            pass
    except (OSError, ValueError):
        pass


def start_pump(stream: IO[bytes], sink: LogSink, name: Optional[str] = None) -> threading.Thread:
    """`pump(stream, sink)` in a started daemon thread (join it after the process exits to get the last lines)."""
    thread = threading.Thread(target=pump, args=(stream, sink), name=name or f"log-{sink.name}", daemon=True)
    thread.start()
    return thread


class RedactingFilter(logging.Filter):
    """A handler filter: the record's message, exception and stack text redacted and each line bounded.

    The message is formatted once here (`getMessage`) and the arguments dropped, so no handler
    or formatter after it can put the raw values back.
    """

    def __init__(self, line_chars: int = DEFAULT_LINE_CHARS) -> None:
        super().__init__()
        self.line_chars = line_chars
        self._formatter = logging.Formatter()

    def _lines(self, text: str) -> str:
        return "\n".join(bound(line, self.line_chars) for line in text.split("\n"))

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            try:
                message = record.getMessage()
            except Exception:  # noqa: BLE001 - a bad format string still gets logged, redacted
                message = f"{record.msg!r} {record.args!r}"
            record.msg = self._lines(message)
            record.args = None
            if record.exc_info and not record.exc_text:
                record.exc_text = self._formatter.formatException(record.exc_info)
            if record.exc_text:
                record.exc_text = self._lines(record.exc_text)
            if record.stack_info:
                record.stack_info = self._lines(record.stack_info)
        except Exception:  # noqa: BLE001
            record.msg, record.args, record.exc_info, record.exc_text = "[log record withheld]", None, None, None
        return True


class RedactingFormatter(logging.Formatter):
    """A formatter whose every output line is redacted and bounded (for handlers configured elsewhere)."""

    def __init__(self, fmt: Optional[str] = None, datefmt: Optional[str] = None, line_chars: int = DEFAULT_LINE_CHARS) -> None:
        super().__init__(fmt, datefmt)
        self.line_chars = line_chars

    def format(self, record: logging.LogRecord) -> str:
        try:
            text = super().format(record)
        except Exception:  # noqa: BLE001
            text = f"{record.levelname} {record.name}: {record.msg!r}"
        return "\n".join(bound(line, self.line_chars) for line in text.split("\n"))


def install_redaction(logger: Optional[logging.Logger] = None, line_chars: Optional[int] = None) -> None:
    """Add a RedactingFilter to every handler of `logger` (default: the root logger); call after basicConfig.

    Handler filters see records from every child logger (logger filters would not), which is why
    the filter goes on the handlers. Calling it twice adds nothing.
    """
    target = logger or logging.getLogger()
    limit = line_chars or log_settings()[2]
    for handler in target.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter(limit))
