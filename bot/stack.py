"""Start the bot's processes together, keep them serving, and stop them together.

Used by `make run` (through `helpline run`) and by the end-to-end tests, so the tests
exercise exactly the processes a newcomer starts. Everything listens on loopback only; Rasa's
HTTP API needs RASA_TOKEN and the action server ACTION_SERVER_TOKEN (one of each is generated
per run unless set), so nothing is open that need not be. When one process dies it is
restarted with backoff while the others keep serving. Each process's output goes through
bot/logs.py: redacted, bounded, appended across restarts and rotated (HELPLINE_LOG_DIR, default
var/log/, or the stack's own log_dir).
"""

from __future__ import annotations

import logging
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from bot import project
from bot.logs import LogSinks, log_directory, start_pump

logger = logging.getLogger(__name__)
LOOPBACK = "127.0.0.1"
FIRST_RESTART_DELAY = 1.0  # seconds; doubles after each quick death
MAX_RESTART_DELAY = 60.0
STABLE_AFTER = 60.0  # a process that served this long has its backoff forgotten


def free_port() -> int:
    """A port on loopback nobody listens on now (for throwaway stacks and the tests' own servers)."""
    import socket

    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def _secret(variable: str) -> str:
    return os.environ.get(variable) or secrets.token_urlsafe(32)


@dataclass
class Service:
    """One process of the bot and what it takes to start it again."""

    name: str
    module: str
    args: list[str]
    process: Optional[subprocess.Popen] = None
    started_at: float = 0.0
    quick_deaths: int = 0  # in a row; sets the backoff
    restart_at: Optional[float] = None  # when a dead process is due to be started again
    pump: Optional[threading.Thread] = None  # copies its output into its log

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None


@dataclass
class Stack:
    """The real processes behind the bot: Rasa, the action server, the console, the website demo page."""

    model: Path
    rasa_port: int = 5005
    action_port: int = 5055
    endpoints: Path = project.ENDPOINTS
    log_dir: Path | None = None  # default HELPLINE_LOG_DIR or var/log, and the terminal shows the lines too
    console_port: int = 8080
    website_port: int = 8000
    database_url: str | None = None  # handoffs; default DATABASE_URL or var/helpline.db
    spool_dir: Path | None = None  # concerns the database could not take; default var/handoff-spool
    quick_exit_url: str | None = None  # where the widget's quick exit goes; default HELPLINE_QUICK_EXIT_URL or BBC Weather
    # lets the console push counsellor messages into the website channel; one per run unless set
    relay_secret: str = field(default_factory=lambda: _secret("RELAY_SECRET"))
    # signs website session ids; shared across Rasa restarts within a run so chats can resume
    session_secret: str = field(default_factory=lambda: _secret("WEBSITE_SESSION_SECRET"))
    # Rasa's --auth-token: its HTTP API (trackers, model, parse) refuses calls without it
    rasa_token: str = field(default_factory=lambda: _secret("RASA_TOKEN"))
    # sent by Rasa to the action server (endpoints.yml), which refuses calls without it
    action_token: str = field(default_factory=lambda: _secret("ACTION_SERVER_TOKEN"))
    extra_environment: dict[str, str] = field(default_factory=dict)
    services: dict[str, Service] = field(default_factory=dict)
    _sinks: Optional[LogSinks] = None
    _stopping: threading.Event = field(default_factory=threading.Event)
    _supervisor: Optional[threading.Thread] = None

    @classmethod
    def throwaway(cls, model: Path, workdir: Path) -> Stack:
        """The whole bot on free ports with its own conversation and handoff databases under `workdir`
        (for the end-to-end tests and the evaluations, which must not touch var/)."""
        import yaml

        ports = [free_port() for _ in range(4)]
        endpoints = workdir / "endpoints.yml"
        action_endpoint = yaml.safe_load(project.ENDPOINTS.read_text())["action_endpoint"]
        endpoints.write_text(
            yaml.safe_dump(
                {
                    "action_endpoint": {**action_endpoint, "url": f"http://{LOOPBACK}:{ports[1]}/webhook"},
                    "tracker_store": {"type": "SQL", "dialect": "sqlite", "db": str(workdir / "tracker.db")},
                }
            )
        )
        return cls(
            model=model, rasa_port=ports[0], action_port=ports[1], console_port=ports[2], website_port=ports[3],
            endpoints=endpoints, log_dir=workdir / "logs", database_url=f"sqlite:///{workdir / 'handoffs.db'}",
            spool_dir=workdir / "spool", quick_exit_url="/neutral.html",  # no internet in tests
            # one address (loopback) opens every test's conversations: the per-address limits are
            # for production traffic (tests/connectors test them); per-conversation limits stay on
            extra_environment={"HELPLINE_LIMIT_NEW_CONVERSATIONS_PER_10_MINUTES": "0", "HELPLINE_LIMIT_ADDRESS_PER_MINUTE": "0"},
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

    def api(self, path: str) -> str:
        """The URL of one of Rasa's HTTP API endpoints, with the token it needs."""
        separator = "&" if "?" in path else "?"
        return f"{self.url}{path}{separator}token={urllib.parse.quote(self.rasa_token)}"

    @property
    def processes(self) -> list[subprocess.Popen]:
        return [s.process for s in self.services.values() if s.process is not None]

    def environment(self) -> dict[str, str]:
        """What every process of this run shares: the secrets and where the handoffs are."""
        return {
            **project.rasa_environment(),
            "PYTHONUNBUFFERED": "1",  # every line reaches the log at once, even from a process that is killed
            "RELAY_SECRET": self.relay_secret,
            "WEBSITE_SESSION_SECRET": self.session_secret,
            "RASA_TOKEN": self.rasa_token,
            "ACTION_SERVER_TOKEN": self.action_token,
            **({"DATABASE_URL": self.database_url} if self.database_url else {}),
            **({"HELPLINE_SPOOL_DIR": str(self.spool_dir)} if self.spool_dir else {}),
            **({"HELPLINE_QUICK_EXIT_URL": self.quick_exit_url} if self.quick_exit_url else {}),
            **self.extra_environment,
        }

    def _launch(self, service: Service) -> None:
        if self._sinks is None:
            self._sinks = LogSinks(self.log_dir or log_directory(), echo=None if self.log_dir else sys.stdout)
        service.process = subprocess.Popen(
            [sys.executable, "-m", service.module, *service.args],
            cwd=project.ROOT,
            env=self.environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        assert service.process.stdout is not None  # stdout=PIPE
        service.pump = start_pump(service.process.stdout, self._sinks.get(service.name))
        service.started_at = time.monotonic()
        service.restart_at = None

    def _spawn(self, name: str, args: list[str], module: str = "rasa") -> None:
        service = self.services.setdefault(name, Service(name, module, args))
        service.module, service.args = module, args
        if not service.alive():
            self._launch(service)

    def start(self) -> None:
        from bot.storage.migrate import upgrade

        (project.ROOT / "var").mkdir(exist_ok=True)
        self._stopping.clear()
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
                "run", "--enable-api", "--interface", LOOPBACK, "--auth-token", self.rasa_token,
                "--model", str(self.model),
                "--port", str(self.rasa_port),
                "--endpoints", str(self.endpoints),
                "--credentials", str(project.CREDENTIALS),
            ],
        )

    def start_action_server(self) -> None:
        self._spawn("actions", ["--port", str(self.action_port), "--host", LOOPBACK], module="bot.action_server")

    def _kill(self, name: str) -> None:
        service = self.services.get(name)
        if service is not None and service.process is not None:
            service.process.kill()
            service.process.wait()

    def kill_action_server(self) -> None:
        """For fault tests: the action server dies as if the machine lost it."""
        self._kill("actions")

    def kill_rasa_server(self) -> None:
        """For fault tests: the Rasa server (and the website channel in it) dies."""
        self._kill("rasa")

    def wait_until_ready(self, timeout: float = 180.0) -> None:
        """Block until every process answers, or raise if one died or time ran out."""
        checks = {
            "Rasa server": self.api("/status"),
            "action server": f"http://{LOOPBACK}:{self.action_port}/health",
            "counsellor console": f"{self.console_url}/login",
            "website demo page": f"http://localhost:{self.website_port}/",
        }
        deadline = time.monotonic() + timeout
        for name, url in checks.items():
            while True:
                dead = [s for s in self.services.values() if not s.alive() and s.restart_at is None]
                if dead and self._supervisor is None:
                    code = dead[0].process.returncode if dead[0].process else None
                    raise RuntimeError(f"{name} did not start: {dead[0].name} exited with {code}")
                try:
                    with urllib.request.urlopen(url, timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{name} not ready at {url.split('?')[0]} after {timeout:.0f} s")
                time.sleep(0.5)

    def supervise_once(self, now: Optional[float] = None) -> list[str]:
        """Restart what has died, each after its backoff; the names restarted now."""
        now = time.monotonic() if now is None else now
        restarted = []
        for service in self.services.values():
            if service.alive() or self._stopping.is_set():
                continue
            if service.restart_at is None:  # just found dead: decide when to try again
                lived = now - service.started_at
                service.quick_deaths = 0 if lived >= STABLE_AFTER else service.quick_deaths + 1
                delay = min(MAX_RESTART_DELAY, FIRST_RESTART_DELAY * 2 ** max(0, service.quick_deaths - 1))
                service.restart_at = now + delay
                code = service.process.returncode if service.process else None
                message = f"{service.name} stopped (exit code {code}) after {lived:.0f} s; restarting in {delay:.0f} s"
                logger.warning(message)
                print(message, flush=True)
            elif now >= service.restart_at:
                self._launch(service)
                restarted.append(service.name)
                print(f"{service.name} restarted", flush=True)
        return restarted

    def supervise_in_background(self, every: float = 0.5) -> None:
        """Keep restarting dead processes from a thread until stop() (for tests that kill processes)."""

        def loop() -> None:
            while not self._stopping.wait(every):
                self.supervise_once()

        self._supervisor = threading.Thread(target=loop, name="stack-supervisor", daemon=True)
        self._supervisor.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._supervisor is not None:
            self._supervisor.join(timeout=5)
            self._supervisor = None
        processes = self.processes
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for service in self.services.values():
            if service.pump is not None:
                service.pump.join(timeout=5)  # the last lines reach the log
        if self._sinks is not None:
            self._sinks.close()
            self._sinks = None
        self.services.clear()

    def run_until_interrupted(self) -> int:
        """Serve until Ctrl-C (or SIGTERM), restarting any process that dies; then stop them all."""
        stop_requested = False

        def request_stop(signum: int, frame: object) -> None:
            nonlocal stop_requested
            stop_requested = True

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        try:
            while not stop_requested:
                self.supervise_once()
                time.sleep(0.5)
            print("\nStopping ...")
            return 0
        finally:
            self.stop()
