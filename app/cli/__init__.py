"""Command line: the same operations as the GUI, headless.

Errors print one clear line and exit non-zero; set ANCHA_DEBUG=1 for a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
from collections.abc import Sequence

from app import __version__
from app.core.errors import AnchaError
from app.logs import log, report, setup_logging

# Modules that add commands; each has register(subparsers).
COMMAND_MODULES = [
    "app.cli.db_cmds",
    "app.cli.checklist_cmds",
    "app.cli.maintenance_cmds",
    "app.cli.selftest_cmds",
    "app.cli.report_cmds",
    "app.cli.settings_cmds",
    "app.cli.notice_cmds",
    "app.cli.package_cmds",
    "app.cli.unit_cmds",
    "app.cli.inspection_cmds",
    "app.cli.finding_cmds",
    "app.cli.office_cmds",
]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"参数错误：{message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="python -m app",
        description="安查 AnCha：安全生产检查清单、隐患台账与双报告。不带参数时打开图形界面。",
    )
    p.add_argument("--version", action="version", version=f"安查 {__version__}")
    p.add_argument(
        "--db",
        metavar="URL",
        default=None,
        help="数据库地址（SQLAlchemy URL），默认用户数据文件夹中的 SQLite；也可用环境变量 ANCHA_DB",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    gui = sub.add_parser("gui", help="打开图形界面（默认）")
    gui.set_defaults(func=_run_gui)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    _db_everywhere(p)
    return p


def _db_everywhere(parser: argparse.ArgumentParser) -> None:
    """Accept `--db URL` after the command too (`demo --db sqlite:///demo.db`).

    Each command parser gets its own --db whose default is SUPPRESS, so it only sets the
    value when given and never hides one given before the command.
    """
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in set(action.choices.values()):
                if not any("--db" in a.option_strings for a in child._actions):
                    child.add_argument("--db", metavar="URL", default=argparse.SUPPRESS, help="数据库地址")
                _db_everywhere(child)


def _run_gui(args: argparse.Namespace) -> int:
    from app.ui.main import run

    return run(db_url=args.db)


def _password_in_argv(argv: list[str]) -> bool:
    """A --db address with a password in it (checked without importing the database layer)."""
    for i, arg in enumerate(argv):
        value = arg.split("=", 1)[1] if arg.startswith("--db=") else None
        if arg == "--db" and i + 1 < len(argv):
            value = argv[i + 1]
        if value and re.search(r"^[\w+]+://[^/@:]*:[^@/]*@", value):
            return True
    return False


def _utf8_output() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(encoding="utf-8", errors="replace")
            except (ValueError, OSError):
                pass


def _gui_db(argv: list[str]) -> tuple[bool, str | None]:
    """(True, --db value) when the command line only asks for the GUI.

    The GUI then starts without building the full command parser, whose command
    modules would import the database and report libraries before the window shows.
    """
    rest, db = [], None
    it = iter(argv)
    for arg in it:
        if arg == "--db":
            db = next(it, None)
            if db is None:
                return False, None
        elif arg.startswith("--db="):
            db = arg.split("=", 1)[1]
        else:
            rest.append(arg)
    return rest in ([], ["gui"]), db


def _startup_messages() -> None:
    """Things the storage layer wants the user told (e.g. an interrupted restore finished)."""
    from app.storage.db import STARTUP_MESSAGES

    while STARTUP_MESSAGES:
        print(f"注意：{STARTUP_MESSAGES.pop(0)}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_output()
    argv = list(sys.argv[1:] if argv is None else argv)
    if _password_in_argv(argv):
        from app.storage.db import PASSWORD_ON_COMMAND_LINE

        print(f"参数错误：{PASSWORD_ON_COMMAND_LINE}", file=sys.stderr)
        return 2
    gui, db = _gui_db(argv)
    if gui:
        return _run_gui(argparse.Namespace(db=db))
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args.func = _run_gui
    setup_logging()
    log.info("command: %s", " ".join(argv))
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        return 0
    except Exception as exc:
        if os.environ.get("ANCHA_DEBUG"):
            raise
        message = report(exc, f"command {args.command}")
        ours = isinstance(exc, AnchaError | OSError)
        print(message if message.startswith("内部错误") else f"错误：{message}", file=sys.stderr)
        return 1 if ours else 3
    finally:
        _startup_messages()
