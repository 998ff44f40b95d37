"""bot/logs.py: redacted, bounded lines in rotating files that survive restarts; the pipe pump."""

from __future__ import annotations

import io
import logging
import os
import stat
import subprocess
import sys
import threading
import tracemalloc
from pathlib import Path

import pytest

from bot.logs import (
    LogSink,
    LogSinks,
    RedactingFilter,
    RedactingFormatter,
    bound,
    install_redaction,
    log_directory,
    log_settings,
    pump,
    start_pump,
)


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_a_line_is_redacted_and_bounded_with_the_count_of_what_was_cut() -> None:
    assert bound("my name is Sam, 07700 900417") == "my name is [name], [phone]"
    text = "x " * 5000  # 10,000 characters
    cut = bound(text, 2000)
    assert cut.startswith("x x x")
    head, _, tail = cut.partition("… [")
    assert len(head) == 2000
    assert tail.endswith(" characters cut]")
    assert int(tail.split()[0]) == 8000


def test_a_number_across_the_cut_is_not_written_half(tmp_path: Path) -> None:
    # The phone number straddles character 2,000: neither half may appear.
    text = "a" * 1994 + " 07700 900417 " + "b " * 500
    cut = bound(text, 2000)
    assert "0770" not in cut and "900417" not in cut


def test_sink_writes_redacted_bounded_lines_and_appends_across_a_restart(tmp_path: Path) -> None:
    with LogSink(tmp_path, "rasa", line_chars=100) as sink:
        sink.write("started\n")
        sink.write("user said: my email is jo@oak.sch.uk")
        sink.write("y" * 500)
    # A restart: a new sink on the same file appends, never truncates.
    with LogSink(tmp_path, "rasa", line_chars=100) as sink:
        sink.write("started again\nsecond line")
    assert lines(tmp_path / "rasa.log") == [
        "started",
        "user said: my email is [email]",
        "y" * 100 + "… [400 characters cut]",
        "started again",
        "second line",
    ]
    mode = stat.S_IMODE(os.stat(tmp_path / "rasa.log").st_mode)
    assert mode & 0o077 == 0  # readable by its owner only


def test_rotation_keeps_n_files_of_bounded_size_and_survives_a_restart(tmp_path: Path) -> None:
    def fill(sink: LogSink, start: int, count: int) -> None:
        for number in range(start, start + count):
            sink.write(f"line {number:05d} " + "z" * 90)  # about 101 bytes

    with LogSink(tmp_path, "actions", max_bytes=2048, files=3) as sink:
        fill(sink, 0, 50)
    with LogSink(tmp_path, "actions", max_bytes=2048, files=3) as sink:  # restarted
        fill(sink, 50, 50)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["actions.log", "actions.log.1", "actions.log.2"]
    for path in tmp_path.iterdir():
        assert path.stat().st_size <= 2048
    # The newest lines are in actions.log, the ones before in .1, then .2; nothing repeated.
    kept = lines(tmp_path / "actions.log.2") + lines(tmp_path / "actions.log.1") + lines(tmp_path / "actions.log")
    numbers = [int(line.split()[1]) for line in kept]
    assert numbers == list(range(numbers[0], 100))
    assert len(numbers) >= 40


def test_one_file_means_the_log_starts_over_when_full(tmp_path: Path) -> None:
    with LogSink(tmp_path, "one", max_bytes=1024, files=1) as sink:
        for number in range(30):
            sink.write(f"{number} " + "q" * 100)
    assert [p.name for p in tmp_path.iterdir()] == ["one.log"]
    assert (tmp_path / "one.log").stat().st_size <= 1024


def test_pump_bounds_a_5_mb_line_without_holding_it(tmp_path: Path) -> None:
    """A subprocess prints 5 MB without a newline, then a short line; memory stays bounded."""
    program = (
        "import sys\n"
        "out = sys.stdout.buffer\n"
        "for _ in range(80): out.write(b'my name is Sam ' + b'x' * 65521)\n"  # 5.2 MB, no newline
        "out.write(b'\\nafter\\n')\n"
    )
    process = subprocess.Popen([sys.executable, "-c", program], stdout=subprocess.PIPE)
    sink = LogSink(tmp_path, "big", line_chars=2000)
    tracemalloc.start()
    try:
        pump(process.stdout, sink)  # type: ignore[arg-type]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        process.wait()
        sink.close()
    assert peak < 1_000_000, f"peak {peak} bytes for a 5 MB line"
    first, second = lines(tmp_path / "big.log")
    assert first.startswith("my name is [name] xxx")
    assert len(first) < 2100 and first.endswith(" characters cut]")
    assert int(first.split("… [")[1].split()[0]) > 5_000_000
    assert second == "after"


def test_pump_survives_invalid_utf8_and_characters_split_between_reads(tmp_path: Path) -> None:
    data = b"bad \xff\xfe bytes\n" + "caf\u00e9 \u0645\u0631\u062d\u0628\u0627\n".encode() + b"no newline at the end \xe2\x82"
    sink = LogSink(tmp_path, "odd")
    pump(io.BufferedReader(io.BytesIO(data)), sink, chunk_bytes=3)  # 3 bytes: every character is split
    sink.close()
    assert lines(tmp_path / "odd.log") == ["bad \ufffd\ufffd bytes", "caf\u00e9 \u0645\u0631\u062d\u0628\u0627",
                                          "no newline at the end \ufffd"]


def test_pump_keeps_draining_when_the_log_cannot_be_written(tmp_path: Path) -> None:
    """A full disk must not block the process: the pipe is still read to the end."""
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    sink = LogSink(blocker, "x")  # its directory is a file: every write fails
    data = b"".join(b"line %d\n" % n for n in range(10_000))
    pump(io.BufferedReader(io.BytesIO(data)), sink)
    assert sink.lines_lost == 10_000


def test_start_pump_runs_in_a_daemon_thread_and_sinks_are_shared_per_name(tmp_path: Path) -> None:
    sinks = LogSinks(tmp_path)
    assert sinks.get("console") is sinks.get("console")
    for attempt in range(2):  # the same process started twice: one file, appended
        process = subprocess.Popen(
            [sys.executable, "-c", f"print('start {attempt}'); print('jo@oak.sch.uk')"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )
        thread = start_pump(process.stdout, sinks.get("console"))  # type: ignore[arg-type]
        assert isinstance(thread, threading.Thread) and thread.daemon
        process.wait()
        thread.join(timeout=10)
    sinks.close()
    assert lines(tmp_path / "console.log") == ["start 0", "[email]", "start 1", "[email]"]


def test_echo_shows_the_same_redacted_lines(tmp_path: Path) -> None:
    echo = io.StringIO()
    with LogSink(tmp_path, "web", echo=echo) as sink:
        sink.write("call 07700 900417")
    assert echo.getvalue() == "call [phone]\n"


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert log_settings({}) == (10 * 1024 * 1024, 5, 2000)
    assert log_settings({"HELPLINE_LOG_MAX_BYTES": "2048", "HELPLINE_LOG_FILES": "2", "HELPLINE_LOG_LINE_CHARS": "500"}) == (2048, 2, 500)
    with pytest.raises(ValueError, match="HELPLINE_LOG_FILES"):
        log_settings({"HELPLINE_LOG_FILES": "0"})
    with pytest.raises(ValueError, match="HELPLINE_LOG_MAX_BYTES"):
        log_settings({"HELPLINE_LOG_MAX_BYTES": "ten"})
    assert log_directory({"HELPLINE_LOG_DIR": str(tmp_path)}) == tmp_path
    assert log_directory({}).parts[-2:] == ("var", "log")
    monkeypatch.setenv("HELPLINE_LOG_LINE_CHARS", "100")
    assert LogSink(tmp_path, "env").line_chars == 100


def test_in_process_logging_is_redacted_and_bounded_with_its_traceback() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("tests.logs.redaction")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        install_redaction(logger, line_chars=200)
        install_redaction(logger, line_chars=200)  # twice: one filter
        assert sum(isinstance(f, RedactingFilter) for f in handler.filters) == 1
        logger.warning("summary for %s: %s", "jo@oak.sch.uk", "w" * 1000)
        try:
            raise ValueError("contact 07700 900417")
        except ValueError:
            logger.exception("could not store the handoff of Sam (my name is Sam)")
    finally:
        logger.removeHandler(handler)
    output = stream.getvalue()
    assert "jo@oak.sch.uk" not in output and "[email]" in output
    assert "w" * 201 not in output and "characters cut]" in output
    assert "07700" not in output and "ValueError: contact [phone]" in output
    assert "my name is [name])" in output


def test_the_formatter_redacts_every_line() -> None:
    formatter = RedactingFormatter("%(levelname)s %(message)s", line_chars=80)
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "line one jo@x.org\nline two %s", ("SW1A 1AA",), None)
    assert formatter.format(record) == "INFO line one [email]\nline two [postcode]"
