"""`python -m assessment consultant add USERNAME | list`: the built-in consultant accounts."""

from __future__ import annotations

import argparse
import getpass
import sys

from assessment.records import printable


def cmd_consultant(args: argparse.Namespace) -> int:
    # Imported here: the four contract commands never need a database.
    from assessment.storage import StorageUnavailable, Store
    from assessment.storage.accounts import AccountError, Accounts

    store = Store()
    try:
        store.migrate()
        accounts = Accounts(store)
        if args.action == "list":
            for c in accounts.list():
                how = "+".join(k for k, on in (("password", c.has_password), ("oidc", c.oidc)) if on)
                locked = f"  locked until {c.locked_until:%Y-%m-%d %H:%M} UTC" if c.locked_until else ""
                # Names may come from an identity provider's claims: never a raw escape to the terminal.
                print(f"{printable(c.username)}\t{printable(c.display_name)}\t{how}{locked}")
            return 0
        password = _read_password(args.password_stdin)
        if password is None:
            return 1
        consultant_id = accounts.create(args.username, password, args.name)
    except AccountError as exc:
        print(f"consultant {printable(args.username)}: {printable(str(exc))}", file=sys.stderr)
        return 1
    except StorageUnavailable as exc:
        print(f"Cannot reach the database: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()
    print(f"Created consultant {printable(args.username.strip())} (id {consultant_id}).")
    return 0


def _read_password(from_stdin: bool) -> str | None:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password (12 characters or more): ")
    if getpass.getpass("Repeat it: ") != first:
        print("The two passwords differ; nothing was created.", file=sys.stderr)
        return None
    return first


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    c = sub.add_parser("consultant", help="manage consultant accounts ($DATABASE_URL, default data/foco.db)")
    actions = c.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="create an account; the password is asked for, never an argument")
    add.add_argument("username")
    add.add_argument("--name", help="the name shown in the workspace (default: the username)")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    actions.add_parser("list", help="list the accounts")
    c.set_defaults(func=cmd_consultant)
