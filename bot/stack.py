"""Start the Rasa server and the action server together, and stop them together.

Used by `make run` (through `helpline run`) and by the end-to-end tests, so the
tests exercise exactly the processes a newcomer starts.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from bot import project


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Stack:
    """The two real processes behind the bot."""

    model: Path
    rasa_port: int = 5005
    action_port: int = 5055
    endpoints: Path = project.ENDPOINTS
    log_dir: Path | None = None
    console_port: int = 8080
    website_port: int = 8000
    database_url: str | None = None  # handoffs; default DATABASE_URL or var/helpline.db
    # lets the console push counsellor messages into the website channel; one per run unless set
    relay_secret: str = field(default_factory=lambda: os.environ.get("RELAY_SECRET") or secrets.token_urlsafe(32))
    # signs website session ids; shared across Rasa restarts within a run so chats can resume
    session_secret: str = field(default_factory=lambda: os.environ.get("WEBSITE_SESSION_SECRET") or secrets.token_urlsafe(32))
    processes: list[subprocess.Popen] = field(default_factory=list)

    @classmethod
    def throwaway(cls, model: Path, workdir: Path) -> "Stack":
        """The whole bot on free ports with its own conversation and handoff databases under `workdir`
        (for the end-to-end tests and the evaluations, which must not touch var/)."""
        import yaml

        ports = [_free_port() for _ in range(4)]
        endpoints = workdir / "endpoints.yml"
        endpoints.write_text(
            yaml.safe_dump(
                {
                    "action_endpoint": {"url": f"http://localhost:{ports[1]}/webhook"},
                    "tracker_store": {"type": "SQL", "dialect": "sqlite", "db": str(workdir / "tracker.db")},
                }
            )
        )
        return cls(
            model=model, rasa_port=ports[0], action_port=ports[1], console_port=ports[2], website_port=ports[3],
            endpoints=endpoints, log_dir=workdir / "logs", database_url=f"sqlite:///{workdir / 'handoffs.db'}",
        )

    def start_and_wait(self) -> None:
        """Start everything and wait until it answers; on failure stop it and print the logs' ends."""
        self.start()
        try:
            self.wait_until_ready()
        except Exception:
            self.stop()
            for log in sorted((self.log_dir or Path()).glob("*.log")):
                print(f"--- {log.name}\n{log.read_text(errors='replace')[-4000:]}")
            raise

    @property
    def url(self) -> str:
        return f"http://localhost:{self.rasa_port}"

    @property
    def console_url(self) -> str:
        return f"http://localhost:{self.console_port}"

    def _spawn(self, name: str, args: list[str], module: str = "rasa") -> subprocess.Popen:
        output = None
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            output = open(self.log_dir / f"{name}.log", "wb")  # closed with the process
        process = subprocess.Popen(
            [sys.executable, "-m", module, *args],
            cwd=project.ROOT,
            env={
                **project.rasa_environment(),
                "RELAY_SECRET": self.relay_secret,
                "WEBSITE_SESSION_SECRET": self.session_secret,
                **({"DATABASE_URL": self.database_url} if self.database_url else {}),
            },
            stdout=output,
            stderr=subprocess.STDOUT if output else None,
        )
        self.processes.append(process)
        return process

    def start(self) -> None:
        from bot.storage.migrate import upgrade

        (project.ROOT / "var").mkdir(exist_ok=True)
        upgrade(self.database_url)  # the handoff tables exist before the first concern arrives
        self.start_action_server()
        if os.environ.get("HANDOFF_WEBHOOK_URL"):  # a case system to tell about new handoffs
            self._spawn("delivery", ["deliver"], module="bot.cli")
        self._spawn("console", ["console", "--port", str(self.console_port), "--rasa-url", self.url], module="bot.cli")
        self._spawn("website", ["website", "--port", str(self.website_port), "--rasa-url", self.url], module="bot.cli")
        self.start_rasa_server()

    def start_rasa_server(self) -> None:
        self._spawn(
            "rasa",
            [
                "run", "--enable-api",
                "--model", str(self.model),
                "--port", str(self.rasa_port),
                "--endpoints", str(self.endpoints),
                "--credentials", str(project.CREDENTIALS),
            ],
        )

    def start_action_server(self) -> None:
        self._spawn("actions", ["run", "actions", "--actions", "actions", "--port", str(self.action_port)])

    def _kill(self, is_it: Callable[[list[str]], bool]) -> None:
        for process in [p for p in self.processes if is_it(list(p.args))]:
            process.kill()
            process.wait()
            self.processes.remove(process)

    def kill_action_server(self) -> None:
        """For fault tests: the action server dies as if the machine lost it."""
        self._kill(lambda args: args[3:5] == ["run", "actions"])

    def kill_rasa_server(self) -> None:
        """For fault tests: the Rasa server (and the website channel in it) dies."""
        self._kill(lambda args: args[3:5] == ["run", "--enable-api"])

    def wait_until_ready(self, timeout: float = 180.0) -> None:
        """Block until both servers answer, or raise if one died or time ran out."""
        checks = {
            "Rasa server": f"{self.url}/status",
            "action server": f"http://localhost:{self.action_port}/health",
            "counsellor console": f"{self.console_url}/login",
            "website demo page": f"http://localhost:{self.website_port}/",
        }
        deadline = time.monotonic() + timeout
        for name, url in checks.items():
            while True:
                dead = [p for p in self.processes if p.poll() is not None]
                if dead:
                    raise RuntimeError(f"{name} did not start: a process exited with {dead[0].returncode}")
                try:
                    with urllib.request.urlopen(url, timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{name} not ready at {url} after {timeout:.0f} s")
                time.sleep(0.5)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes.clear()

    def run_until_interrupted(self) -> int:
        """Serve until Ctrl-C (or SIGTERM), or until one process dies; then stop both."""
        stop_requested = False

        def request_stop(signum: int, frame: object) -> None:
            nonlocal stop_requested
            stop_requested = True

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        try:
            while not stop_requested:
                exited = [p for p in self.processes if p.poll() is not None]
                if exited:
                    print(f"A server stopped unexpectedly (exit code {exited[0].returncode}); stopping the rest.")
                    return 1
                time.sleep(0.5)
            print("\nStopping ...")
            return 0
        finally:
            self.stop()
