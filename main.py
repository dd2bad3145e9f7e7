"""Clientbook: `python main.py` serves the app; sub-commands maintain its data."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from services.core.settings import AppSettings


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog='clientbook', description='Customer registration for small businesses.')
    commands = parser.add_subparsers(dest='command')
    commands.add_parser('serve', help='run the web app (the default)')
    seed = commands.add_parser(
        'seed-demo', help='fill the database with realistic demo customers, invoices and payments'
    )
    seed.add_argument('--customers', type=int, default=200, help='how many customers to create (default 200)')
    seed.add_argument('--seed', type=int, default=None, help='random seed, for repeatable data')
    seed.add_argument('--categories', type=int, default=None, help='how many categories (default 12)')
    seed.add_argument('--no-invoices', action='store_true', help='customers only, no invoices or payments')
    user = commands.add_parser('create-user', help='add a team account (password prompted, or read from stdin)')
    user.add_argument('--email', required=True)
    user.add_argument('--name', default=None, help='display name (default: the part of the email before @)')
    user.add_argument('--role', choices=['admin', 'member'], default='member')
    user.add_argument('--notes-access', action='store_true', help='may read and write private notes')
    backup = commands.add_parser('backup', help='write one backup archive (database, attachments, manifest)')
    backup.add_argument('--to', type=Path, default=None, help='folder for the archive (default: data/backups)')
    restore = commands.add_parser('restore', help='restore a backup archive into an empty data folder or database')
    restore.add_argument('archive', type=Path)
    restore.add_argument('--force', action='store_true', help='replace existing data (SQLite: kept in replaced-*/)')
    return parser.parse_args(argv)


def main(argv: list[str]) -> None:
    from services.ops.logs import configure_logging
    from services.ops.preflight import EXIT_CODE, StartupRefused, check_start, load_settings

    arguments = parse_arguments(argv)
    try:
        settings = load_settings()
        if arguments.command in (None, 'serve'):
            check_start(settings)
    except StartupRefused as refused:
        print(f'Clientbook did not start: {refused}', file=sys.stderr, flush=True)
        sys.exit(EXIT_CODE)
    configure_logging(settings.log_format)
    if arguments.command in ('backup', 'restore'):
        from services.ops.commands import backup_command, restore_command

        if arguments.command == 'backup':
            sys.exit(asyncio.run(backup_command(settings, to=arguments.to)))
        sys.exit(asyncio.run(restore_command(settings, arguments.archive, force=arguments.force)))
    if arguments.command == 'seed-demo':
        from services.demo.seed import seed_demo_command

        asyncio.run(
            seed_demo_command(
                settings,
                customers=arguments.customers,
                seed=arguments.seed,
                categories=arguments.categories,
                invoices=not arguments.no_invoices,
            )
        )
        return
    if arguments.command == 'create-user':
        sys.exit(create_user_command(settings, arguments))
    if settings.workers > 1:
        from services.ops.workers import WorkersRefused, run_workers

        try:
            sys.exit(run_workers(settings, [sys.executable, str(Path(__file__).resolve()), 'serve']))
        except WorkersRefused as error:
            sys.exit(f'Not started: {error}')
    from ui.app import run

    run(settings)


def create_user_command(settings: AppSettings, arguments: argparse.Namespace) -> int:
    from services.access.team import create_user_command as create

    if sys.stdin.isatty():
        password = getpass.getpass('Password (at least 10 characters): ')
        if password != getpass.getpass('Repeat the password: '):
            print('The passwords differ.', file=sys.stderr)
            return 1
    else:
        password = sys.stdin.readline().rstrip('\n')
    name = arguments.name or arguments.email.split('@')[0]
    try:
        asyncio.run(
            create(
                settings,
                email=arguments.email,
                display_name=name,
                role=arguments.role,
                can_view_notes=arguments.notes_access or arguments.role == 'admin',
                password=password,
            )
        )
    except Exception as error:
        print(f'Not created: {error}', file=sys.stderr)
        return 1
    print(f'Created {arguments.role} {arguments.email}')
    return 0


if __name__ == '__main__':
    # NiceGUI's User test fixture runs this file with pytest's arguments on the command line: serve then.
    main([] if os.environ.get('NICEGUI_USER_SIMULATION') else sys.argv[1:])
