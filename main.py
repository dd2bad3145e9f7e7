"""Clientbook: `python main.py` serves the app; sub-commands maintain its data."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import os
import sys

from services.core.settings import AppSettings


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog='clientbook', description='Customer registration for small businesses.')
    commands = parser.add_subparsers(dest='command')
    commands.add_parser('serve', help='run the web app (the default)')
    seed = commands.add_parser('seed-demo', help='fill the database with realistic demo customers')
    seed.add_argument('--customers', type=int, default=200, help='how many customers to create (default 200)')
    seed.add_argument('--seed', type=int, default=None, help='random seed, for repeatable data')
    seed.add_argument('--categories', type=int, default=None, help='how many categories (default 12)')
    user = commands.add_parser('create-user', help='add a team account (password prompted, or read from stdin)')
    user.add_argument('--email', required=True)
    user.add_argument('--name', default=None, help='display name (default: the part of the email before @)')
    user.add_argument('--role', choices=['admin', 'member'], default='member')
    user.add_argument('--notes-access', action='store_true', help='may read and write private notes')
    return parser.parse_args(argv)


def main(argv: list[str]) -> None:
    logging.basicConfig(level=logging.INFO, format='%(asctime)s %(levelname)s %(name)s: %(message)s')
    arguments = parse_arguments(argv)
    settings = AppSettings()
    if arguments.command == 'seed-demo':
        from services.demo.seed import seed_demo_command

        asyncio.run(
            seed_demo_command(
                settings, customers=arguments.customers, seed=arguments.seed, categories=arguments.categories
            )
        )
        return
    if arguments.command == 'create-user':
        sys.exit(create_user_command(settings, arguments))
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
