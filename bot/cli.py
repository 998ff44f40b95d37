"""The `helpline` command. Each sub-command is a thin wrapper around a module in `bot`."""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from bot import model_cache, project


def _train(args: argparse.Namespace) -> int:
    path = model_cache.ensure_model(force=args.force)
    print(path)
    return 0


def _run(args: argparse.Namespace) -> int:
    from bot.stack import Stack

    stack = Stack(model=model_cache.ensure_model(), rasa_port=args.port)
    stack.start()
    try:
        stack.wait_until_ready()
    except (RuntimeError, TimeoutError) as error:
        print(f"Could not start the bot: {error}", file=sys.stderr)
        stack.stop()
        return 1
    print(
        f"\nThe helpline assistant is ready.\n"
        f"  Chat (REST):  POST {stack.url}/webhooks/rest/webhook  {{\"sender\": \"me\", \"message\": \"hi\"}}\n"
        f"  NLU parse:    POST {stack.url}/model/parse?token=$RASA_TOKEN  {{\"text\": \"what is the nrm\"}}\n"
        f"                (RASA_TOKEN for this run: {stack.rasa_token})\n"
        f"  Actions:      http://localhost:{stack.action_port}/health\n"
        f"  Website demo: http://localhost:{stack.website_port}/  (the chat widget professionals use)\n"
        f"  Counsellors:  {stack.console_url}  (add an account: helpline users add NAME --role counsellor)\n"
        f"Press Ctrl-C to stop everything.\n",
        flush=True,
    )
    return stack.run_until_interrupted()


def _eval(args: argparse.Namespace) -> int:
    """`helpline eval`: the NLU splits offline, then the dev follow-up conversations through a throwaway bot."""
    from bot.evaluation.crossval import run_cross_validation
    from bot.evaluation.followups import run_followup_evaluation
    from bot.evaluation.holdout import run_holdout_evaluation

    model = model_cache.ensure_model()
    run_cross_validation()
    run_holdout_evaluation(model, holdout=project.HOLDOUT, name="nlu_holdout")
    run_holdout_evaluation(model, holdout=project.BLIND, name="nlu_blind")
    run_holdout_evaluation(model, holdout=project.STRANGERS, name="nlu_strangers")
    with throwaway_stack(model) as stack:
        run_followup_evaluation(stack.url, stack.rasa_token)
    return 0


@contextlib.contextmanager
def throwaway_stack(model: Path) -> Iterator[Stack]:
    """The whole bot on free ports with its own database, for an evaluation; stopped afterwards."""
    import tempfile

    from bot.stack import Stack

    with tempfile.TemporaryDirectory(prefix="helpline-eval-") as workdir:
        stack = Stack.throwaway(model, Path(workdir))
        stack.start_and_wait()
        try:
            yield stack
        finally:
            stack.stop()


def _eval_language(args: argparse.Namespace) -> int:
    from bot.evaluation.language import run_language_evaluation

    run_language_evaluation(project.LANGUAGE_EVAL, name="language")
    run_language_evaluation(project.LANGUAGE_BLIND, name="language_blind")
    return 0


def _eval_frozen(args: argparse.Namespace) -> int:
    """`helpline eval-frozen`: strangers' messages and follow-ups (never tuned on) through a throwaway bot."""
    from bot.evaluation.frozen import run_frozen_evaluation

    with throwaway_stack(model_cache.ensure_model()) as stack:
        run_frozen_evaluation(stack.url, stack.rasa_token)
    return 0


def _eval_concerns(args: argparse.Namespace) -> int:
    """`helpline eval-concerns`: the concern scenarios through a throwaway copy of the whole bot."""
    from bot.evaluation.concerns import run_concern_evaluation
    from bot.storage.database import make_engine, session_factory
    from bot.storage.handoffs import list_handoffs

    with throwaway_stack(model_cache.ensure_model()) as stack:
        sessions = session_factory(make_engine(stack.database_url))

        def handoffs_for(conversation_id: str) -> list:
            return [h for h in list_handoffs(sessions) if h["conversation_id"] == conversation_id]

        names = ["dev", "frozen"] if args.set == "all" else [args.set]
        run_concern_evaluation(names, stack.url, handoffs_for, token=stack.rasa_token)
    return 0


def _check_content(args: argparse.Namespace) -> int:
    from bot.content import content_problems
    from bot.localized import unreviewed

    problems = content_problems()
    for problem in problems:
        print(problem)
    # Machine-drafted translations are allowed live but need a person: listed, not failed.
    waiting = unreviewed()
    if waiting:
        print(f"{len(waiting)} translation(s) not yet reviewed by a qualified translator "
              "(domain/localized/, review: machine draft; not an error):")
        for line in waiting:
            print(f"  {line}")
    print(f"{len(problems)} problem(s) in the FAQ content." if problems else "FAQ content OK.")
    return 1 if problems else 0


if TYPE_CHECKING:  # the database libraries load only for the commands that use them
    from sqlalchemy.orm import sessionmaker

    from bot.stack import Stack


def _handoff_store() -> sessionmaker:
    """Migrate the database at DATABASE_URL (cheap when current) and return a session factory."""
    from bot.storage.database import database_url
    from bot.storage.migrate import migrated_sessions

    return migrated_sessions(database_url())


def _database_error(error: Exception) -> int:
    """One line on stderr naming the database (password masked), instead of a traceback."""
    from bot.storage.database import database_url, safe_url

    print(f"Cannot use the database at {safe_url(database_url())}: {error}", file=sys.stderr)
    return 1


def _handoffs_list(args: argparse.Namespace) -> int:
    """`helpline handoffs list`: the queue as a table, or the contract JSON with --json."""
    import json

    from sqlalchemy.exc import SQLAlchemyError

    from bot.storage.handoffs import list_handoffs

    try:
        handoffs = list_handoffs(_handoff_store(), status=args.status)
    except SQLAlchemyError as error:
        return _database_error(error)
    if args.json:
        print(json.dumps(handoffs, ensure_ascii=False, indent=2))
        return 0
    if not handoffs:
        print(f"No {args.status + ' ' if args.status else ''}handoffs.")
        return 0
    rows = [
        (
            h["reference"], h["urgency"], h["status"], h["created_at"], h["language"]["code"],
            h["reason"], h["handling"]["claimed_by"] or "-", _child_line(h["child"]),
        )
        for h in handoffs
    ]
    header = ("REFERENCE", "URGENCY", "STATUS", "CREATED (UTC)", "LANG", "REASON", "CLAIMED BY", "CHILD")
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    print(f"{len(rows)} handoff(s), most urgent first.")
    return 0


def _child_line(child: dict) -> str:
    """Age, gender, nationality and place, the known ones only, e.g. "15, male, Romanian, Croydon"."""
    age = child.get("age")
    parts = [str(age) if age is not None else child.get("age_text")]
    parts += [child.get(key) for key in ("gender", "nationality", "location")]
    return ", ".join(str(part) for part in parts if part) or "-"


def _handoffs_show(args: argparse.Namespace) -> int:
    """`helpline handoffs show REF`: one handoff for a person to read, or its contract JSON."""
    import json

    from sqlalchemy.exc import SQLAlchemyError

    from bot.storage.handoffs import get_handoff

    try:
        handoff = get_handoff(_handoff_store(), args.reference.strip().upper())
    except SQLAlchemyError as error:
        return _database_error(error)
    if handoff is None:
        print(f"No handoff with reference {args.reference}. `helpline handoffs list` shows them all.", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(handoff, ensure_ascii=False, indent=2))
        return 0
    print("\n".join(_handoff_lines(handoff)))
    return 0


def _handoff_lines(h: dict) -> list[str]:
    """A handoff for a person to read, in the contract's order of importance."""

    def unknown(value: object) -> str:
        return "unknown" if value is None else ("yes" if value is True else "no" if value is False else str(value))

    language, child, reporter, handling = h["language"], h["child"], h["reporter"], h["handling"]
    lines = [
        f"{h['reference']}  {h['urgency'].upper()}  {h['status']}"
        + (f" by {handling['claimed_by']}" if handling.get("claimed_by") else ""),
        f"Created:            {h['created_at']}   conversation {h['conversation_id']}",
        f"Immediate risk:     {unknown(h['immediate_risk'])}   999 advised: {unknown(h['emergency_services_advised'])}",
        f"Reason:             {h['reason']}",
        f"Language:           {language['name']} ({language['code']})"
        + (", interpreter needed" if language["interpreter_needed"] else ""),
        "Child:              " + ", ".join(f"{key.replace('_', ' ')} {unknown(value)}" for key, value in child.items()),
        "Indicators:",
        *([f"  - [{i['category']}] {i['text']}" for i in h["indicators"]] or ["  (none recorded)"]),
        f"Exploitation types: {', '.join(h['exploitation_types']) or 'none recorded'}",
        f"Actions taken:      {'; '.join(h['actions_taken']) or 'none recorded'}",
        "Reporter:           " + ", ".join(f"{key} {unknown(value)}" for key, value in reporter.items()),
        f"Reporter asks:      {'; '.join(h['reporter_questions']) or '-'}",
        "",
        h["narrative"],
        "",
        f"Transcript ({len(h['transcript'])} messages):",
        *[f"  {m['timestamp']}  {m['sender']:<10} {m['text']}" for m in h["transcript"]],
    ]
    if h["status"] == "closed":
        lines.append(f"Closed {handling['closed_at']}: {handling['outcome'] or 'no outcome recorded'}")
    return lines


def _deliver(args: argparse.Namespace) -> int:
    """`helpline deliver`: the outbox worker in the foreground until Ctrl-C."""
    import asyncio
    import logging
    import signal

    from bot.delivery.worker import URL_ENV, DeliveryConfig, run_forever

    try:
        config = DeliveryConfig.from_env()
    except ValueError as error:
        print(f"Cannot deliver: {error}", file=sys.stderr)
        return 2
    if not config.enabled:
        print(f"{URL_ENV} is not set, so handoff delivery is off; handoffs wait in the outbox. Nothing to do.")
        return 0
    store = _handoff_store()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")

    async def until_signalled() -> None:
        # Ctrl-C and a service manager's SIGTERM both finish the current round, then stop.
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await run_forever(store, config, stop=stop)

    print(f"Delivering handoffs to {config.url}. Press Ctrl-C to stop.", flush=True)
    try:
        asyncio.run(until_signalled())
    except KeyboardInterrupt:
        pass
    print("Stopped delivering.")
    return 0


def _read_password() -> str | None:
    """The new password: asked twice without echo on a terminal, else the first line of stdin (never argv)."""
    import getpass

    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Password again: ") != first:
            print("The two passwords differ; nothing was changed.", file=sys.stderr)
            return None
        return first
    return sys.stdin.readline().rstrip("\r\n")


def _users_add(args: argparse.Namespace) -> int:
    """`helpline users add NAME --role counsellor|admin`: a console account."""
    from sqlalchemy.exc import SQLAlchemyError

    from bot.storage import console

    password = _read_password()
    if password is None:
        return 2
    try:
        console.create_user(_handoff_store(), args.name, args.role, password)
    except (ValueError, console.UserExists) as error:
        print(f"Cannot add {args.name}: {error}", file=sys.stderr)
        return 2
    except SQLAlchemyError as error:
        return _database_error(error)
    print(f"Added {args.role} {args.name}.")
    return 0


def _users_logout(args: argparse.Namespace) -> int:
    """`helpline users logout NAME`: end every console login of NAME (a lost laptop, a leaver)."""
    from sqlalchemy.exc import SQLAlchemyError

    from bot.storage import console

    try:
        ended = console.end_user_sessions(_handoff_store(), args.name)
    except console.UserNotFound as error:
        print(str(error), file=sys.stderr)
        return 2
    except SQLAlchemyError as error:
        return _database_error(error)
    print(f"Ended {ended} console login(s) of {args.name}. Their API tokens are unchanged (helpline tokens revoke).")
    return 0


def _tokens_create(args: argparse.Namespace) -> int:
    """`helpline tokens create NAME [--days N] [--label TEXT]`: an API token acting as user NAME,
    printed once on stdout (its id and expiry on stderr, so `$(...)` captures only the token)."""
    from sqlalchemy.exc import SQLAlchemyError

    from bot.storage import console

    try:
        store = _handoff_store()
        token = console.create_api_token(store, args.name, days=args.days or console.DEFAULT_TOKEN_DAYS, label=args.label)
        info = console.api_token_info(store, token)
        assert info is not None  # the token was just created
    except (console.UserNotFound, ValueError) as error:
        print(f"Cannot create a token: {error}", file=sys.stderr)
        return 2
    except SQLAlchemyError as error:
        return _database_error(error)
    print(token)
    print(f"Token {info['id']} for {info['user']}, expires {info['expires_at']}. Keep it safe: it is shown only "
          "this once (send it as 'Authorization: Bearer <token>'; revoke it with `helpline tokens revoke "
          f"{info['id']}`).", file=sys.stderr)
    return 0


TOKEN_COLUMNS = (("id", "ID"), ("user", "USER"), ("label", "LABEL"), ("created_at", "CREATED (UTC)"),
                 ("expires_at", "EXPIRES (UTC)"), ("last_used_at", "LAST USED (UTC)"), ("revoked_at", "REVOKED (UTC)"))


def _tokens_list(args: argparse.Namespace) -> int:
    """`helpline tokens list [--json]`: every token's id, user, label and dates; never the token."""
    import json

    from sqlalchemy.exc import SQLAlchemyError

    from bot.storage import console

    try:
        tokens = console.list_api_tokens(_handoff_store())
    except SQLAlchemyError as error:
        return _database_error(error)
    if args.json:
        print(json.dumps(tokens, ensure_ascii=False, indent=2))
        return 0
    if not tokens:
        print("No API tokens. `helpline tokens create NAME` makes one.")
        return 0
    header = [title for _, title in TOKEN_COLUMNS]
    rows = [[str(t[key]) if t[key] is not None else "-" for key, _ in TOKEN_COLUMNS] for t in tokens]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    return 0


def _tokens_revoke(args: argparse.Namespace) -> int:
    """`helpline tokens revoke ID`: the token gets 401 from now on."""
    from sqlalchemy.exc import SQLAlchemyError

    from bot.storage import console

    try:
        info = console.revoke_api_token(_handoff_store(), args.id)
    except console.TokenNotFound as error:
        print(str(error), file=sys.stderr)
        return 2
    except SQLAlchemyError as error:
        return _database_error(error)
    print(f"Token {info['id']} of {info['user']} ({info['label'] or 'no label'}) revoked at {info['revoked_at']}.")
    return 0


def _positive_days(text: str) -> int:
    from bot.storage.console import MAX_TOKEN_DAYS

    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days") from None
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise argparse.ArgumentTypeError(f"days must be between 1 and {MAX_TOKEN_DAYS}")
    return days


def _console(args: argparse.Namespace) -> int:
    """`helpline console`: the counsellor web app until Ctrl-C."""
    import os

    from aiohttp import web

    from bot.console.app import create_app

    rasa_url = args.rasa_url or os.environ.get("RASA_URL", "http://localhost:5005")
    app = create_app(_handoff_store(), rasa_url=rasa_url)
    print(f"Counsellor console on http://{args.host}:{args.port} (relaying to {rasa_url}). Press Ctrl-C to stop.", flush=True)
    web.run_app(app, host=args.host, port=args.port, print=None, shutdown_timeout=5)
    return 0


def _website(args: argparse.Namespace) -> int:
    import os

    from bot.website import serve

    serve(port=args.port, host=args.host, rasa_url=args.rasa_url or os.environ.get("RASA_URL", "http://localhost:5005"))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="helpline", description="The helpline assistant's tools.")
    commands = parser.add_subparsers(dest="command", required=True)

    train = commands.add_parser("train", help="train the model if config, domain or data changed")
    train.add_argument("--force", action="store_true", help="retrain even if an up-to-date model exists")
    train.set_defaults(handler=_train)

    run = commands.add_parser("run", help="train if stale, then serve the bot and the action server")
    run.add_argument("--port", type=int, default=5005)
    run.set_defaults(handler=_run)

    evaluate = commands.add_parser("eval", help="evaluate NLU on the held-out and blind splits; writes reports/")
    evaluate.set_defaults(handler=_eval)

    language = commands.add_parser("eval-language", help="evaluate language detection; writes reports/language.md")
    language.set_defaults(handler=_eval_language)

    concerns = commands.add_parser("eval-concerns", help="concern conversations through the real bot; writes reports/concerns_*.md")
    concerns.add_argument("--set", choices=("dev", "frozen", "all"), default="all")
    concerns.set_defaults(handler=_eval_concerns)

    frozen = commands.add_parser("eval-frozen", help="strangers' messages and follow-ups, never tuned on; writes reports/frozen_eval.md")
    frozen.set_defaults(handler=_eval_frozen)

    check = commands.add_parser("check-content", help="check FAQ answers, sources and contacts (for editors)")
    check.set_defaults(handler=_check_content)

    handoffs = commands.add_parser("handoffs", help="list or show handoffs to counsellors (database at DATABASE_URL)")
    handoff_commands = handoffs.add_subparsers(dest="handoffs_command", required=True)
    listing = handoff_commands.add_parser("list", help="handoffs, most urgent first, then oldest first")
    listing.add_argument("--status", choices=("waiting", "claimed", "closed"), help="only handoffs with this status")
    listing.add_argument("--json", action="store_true", help="the contract JSON (../shared/handoff_summary.md)")
    listing.set_defaults(handler=_handoffs_list)
    show = handoff_commands.add_parser("show", help="one handoff with its transcript")
    show.add_argument("reference", metavar="REF", help="e.g. HO-7K2M9Q")
    show.add_argument("--json", action="store_true", help="the contract JSON (../shared/handoff_summary.md)")
    show.set_defaults(handler=_handoffs_show)

    deliver = commands.add_parser("deliver", help="send handoffs to HANDOFF_WEBHOOK_URL until Ctrl-C")
    deliver.set_defaults(handler=_deliver)

    users = commands.add_parser("users", help="counsellor console accounts")
    user_commands = users.add_subparsers(dest="users_command", required=True)
    add_user = user_commands.add_parser("add", help="add an account (password from a prompt, or stdin when piped)")
    add_user.add_argument("name")
    add_user.add_argument("--role", choices=("counsellor", "admin"), default="counsellor")
    add_user.set_defaults(handler=_users_add)
    logout_user = user_commands.add_parser("logout", help="end every console login of user NAME")
    logout_user.add_argument("name", metavar="NAME")
    logout_user.set_defaults(handler=_users_logout)

    tokens = commands.add_parser("tokens", help="API tokens for the console's JSON API")
    token_commands = tokens.add_subparsers(dest="tokens_command", required=True)
    create_token = token_commands.add_parser("create", help="a new token acting as user NAME, printed once")
    create_token.add_argument("name", metavar="NAME")
    create_token.add_argument("--days", type=_positive_days, default=None, help="days until it expires (default 90)")
    create_token.add_argument("--label", default=None, help="what it is for, shown by `tokens list` (64 characters)")
    create_token.set_defaults(handler=_tokens_create)
    list_tokens = token_commands.add_parser("list", help="every token's id, user, label, dates (never the token)")
    list_tokens.add_argument("--json", action="store_true", help="as JSON")
    list_tokens.set_defaults(handler=_tokens_list)
    revoke_token = token_commands.add_parser("revoke", help="revoke token ID (from `tokens list`): 401 from now on")
    revoke_token.add_argument("id", metavar="ID", type=int)
    revoke_token.set_defaults(handler=_tokens_revoke)

    console = commands.add_parser("console", help="serve the counsellor console (database at DATABASE_URL)")
    console.add_argument("--port", type=int, default=8080)
    console.add_argument("--host", default="127.0.0.1")
    console.add_argument("--rasa-url", default=None, help="default: RASA_URL or http://localhost:5005")
    console.set_defaults(handler=_console)

    website = commands.add_parser("website", help="serve the chat widget's demo page (connectors/static/)")
    website.add_argument("--port", type=int, default=8000)
    website.add_argument("--host", default="127.0.0.1")
    website.add_argument("--rasa-url", default=None, help="default: RASA_URL or http://localhost:5005")
    website.set_defaults(handler=_website)

    from bot.privacy import purge_cli

    purge_cli.add_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
