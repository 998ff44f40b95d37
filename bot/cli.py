"""The `helpline` command. Each sub-command is a thin wrapper around a module in `bot`."""

from __future__ import annotations

import argparse
import sys

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
        f"  NLU parse:    POST {stack.url}/model/parse  {{\"text\": \"what is the nrm\"}}\n"
        f"  Actions:      http://localhost:{stack.action_port}/health\n"
        f"Press Ctrl-C to stop both servers.\n",
        flush=True,
    )
    return stack.run_until_interrupted()


def _eval(args: argparse.Namespace) -> int:
    from bot.evaluation.holdout import run_holdout_evaluation

    model = model_cache.ensure_model()
    run_holdout_evaluation(model, holdout=project.HOLDOUT, name="nlu_holdout")
    return run_holdout_evaluation(model, holdout=project.BLIND, name="nlu_blind")


def _eval_language(args: argparse.Namespace) -> int:
    from bot.evaluation.language import run_language_evaluation

    run_language_evaluation(project.LANGUAGE_EVAL, name="language")
    run_language_evaluation(project.LANGUAGE_BLIND, name="language_blind")
    return 0


def _check_content(args: argparse.Namespace) -> int:
    from bot.content import content_problems

    problems = content_problems()
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s) in the FAQ content." if problems else "FAQ content OK.")
    return 1 if problems else 0


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

    check = commands.add_parser("check-content", help="check FAQ answers, sources and contacts (for editors)")
    check.set_defaults(handler=_check_content)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
